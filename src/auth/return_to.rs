//! Where to send the user after sign-in: only a path on this site, never another origin.

use url::Url;

/// A same-origin path (with its query) for `raw`, or `None` when `raw` could lead anywhere else.
///
/// Browsers treat `//host`, `/\host`, and paths with tabs or newlines (which they strip) as
/// other origins, so those are refused outright; the rest is resolved against a placeholder
/// origin and must stay on it.
pub fn same_origin_path(raw: &str) -> Option<String> {
    if raw.is_empty() || raw.len() > 2048 || !raw.starts_with('/') {
        return None;
    }
    if raw.starts_with("//") || raw.contains('\\') || raw.chars().any(|c| c.is_control()) {
        return None;
    }
    // Encoded slashes and backslashes can be decoded by a proxy or a later redirect.
    let lowered = raw.to_ascii_lowercase();
    if ["%2f%2f", "%5c", "%09", "%0a", "%0d", "%00"]
        .iter()
        .any(|bad| lowered.contains(bad))
        || lowered.starts_with("/%2f")
    {
        return None;
    }
    let base = Url::parse("http://return-to.invalid/").ok()?;
    let resolved = base.join(raw).ok()?;
    if resolved.origin() != base.origin() {
        return None;
    }
    let mut path = resolved.path().to_string();
    // Sending the user back into the sign-in machinery would loop.
    if ["/callback", "/sign-in", "/sign-out"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
    {
        return None;
    }
    if let Some(query) = resolved.query() {
        path.push('?');
        path.push_str(query);
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::same_origin_path;

    #[test]
    fn plain_paths_and_queries_are_kept() {
        assert_eq!(same_origin_path("/").as_deref(), Some("/"));
        assert_eq!(
            same_origin_path("/account/settings?tab=2").as_deref(),
            Some("/account/settings?tab=2")
        );
        assert_eq!(same_origin_path("/a/../b").as_deref(), Some("/b"));
    }

    #[test]
    fn anything_that_could_leave_the_site_is_refused() {
        for attack in [
            "//evil.example",
            "https://evil.example",
            "http:evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/%5Cevil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "///evil.example",
        ] {
            assert_eq!(same_origin_path(attack), None, "{attack:?} must be refused");
        }
    }

    #[test]
    fn the_sign_in_routes_are_not_destinations() {
        assert_eq!(same_origin_path("/callback?code=x"), None);
        assert_eq!(same_origin_path("/sign-out"), None);
    }
}
