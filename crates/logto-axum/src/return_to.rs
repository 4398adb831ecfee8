//! Where to send the user after sign-in: only a path on this site, never another origin.

use url::Url;

/// A same-origin path (with its query) for `raw`, or `None` when `raw` could lead anywhere else.
///
/// Browsers treat `//host`, `/\host`, and paths with tabs or newlines (which they strip) as
/// other origins, so those are refused outright; the rest is resolved against a placeholder
/// origin and must stay on it.
pub fn same_origin_path(raw: &str) -> Option<String> {
    if !is_plain_path(raw) {
        return None;
    }
    let base = Url::parse("http://return-to.invalid/").ok()?;
    let resolved = base.join(raw).ok()?;
    if resolved.origin() != base.origin() {
        return None;
    }
    let mut path = resolved.path().to_string();
    // Sending the user back into the sign-in machinery would loop. These are the SDK's default
    // routes; `LogtoClient::sign_in` also refuses the ones an app mounted elsewhere.
    if crate::Paths::default().is_sdk_route(&path) {
        return None;
    }
    if let Some(query) = resolved.query() {
        path.push('?');
        path.push_str(query);
    }
    // Normalizing can itself produce a dangerous path (`/.//evil.example` resolves to
    // `//evil.example`, `/../%2fevil` to `/%2fevil`): the result must pass the same checks.
    is_plain_path(&path).then_some(path)
}

/// A path that no browser, proxy or later decoding step can read as another origin: one leading
/// `/`, no backslash, no control character, and the same after percent-decoding.
fn is_plain_path(value: &str) -> bool {
    let plain = |s: &str| {
        s.starts_with('/')
            && !s.starts_with("//")
            && !s.contains('\\')
            && !s.chars().any(char::is_control)
    };
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
    !value.is_empty() && value.len() <= 2048 && plain(value) && plain(&decoded)
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
            "/.//evil.example",
            "/a/..//evil.example",
            "/%2e//evil.example",
            "/../%2fevil.example",
            "/%2E/%2fa?b=c",
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
