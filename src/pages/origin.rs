//! The local-origin trap: `APP_BASE_URL` says `http://localhost:3000`, the developer opened
//! `http://127.0.0.1:3000` (or the other way round). To Logto these are different origins, and
//! cookies set on one are not sent to the other: the sign-in would fail at Logto (a redirect URI
//! it does not know) or at the callback (no attempt cookie). The home page names both, and
//! `/sign-in` starts over on the configured origin.
//!
//! Only for a local `APP_BASE_URL` and a request to a local address: behind a proxy the `Host`
//! header may be anything, and the app never trusts it for anything else.

use axum::http::{HeaderMap, header};

use crate::config::BaseUrl;

/// The origin the browser used (`http://<Host>`), when the app is configured for a local address
/// and the browser came through another local one; `None` otherwise.
pub fn other_local_origin(headers: &HeaderMap, base: &BaseUrl) -> Option<String> {
    if !base.is_local_development() {
        return None;
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let configured = base.as_str().strip_prefix("http://")?;
    if host.eq_ignore_ascii_case(configured) || !is_local_host(host) {
        return None;
    }
    Some(format!("http://{host}"))
}

/// `localhost`, `127.0.0.1` or `[::1]`, with an optional port of digits.
fn is_local_host(host: &str) -> bool {
    let (name, port) = match host.strip_prefix("[::1]") {
        Some(rest) => ("[::1]", rest),
        None => match host.split_once(':') {
            Some((name, port)) => (name, &host[name.len()..][..port.len() + 1]),
            None => (host, ""),
        },
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| {
            !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
        });
    port_ok
        && matches!(
            name.to_ascii_lowercase().as_str(),
            "localhost" | "127.0.0.1" | "[::1]"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, value.parse().expect("a header value"));
        headers
    }

    #[test]
    fn localhost_and_127_0_0_1_are_told_apart_and_nothing_else_is_reported() {
        let base = BaseUrl::parse("http://localhost:3000").expect("an origin");
        assert_eq!(
            other_local_origin(&host("127.0.0.1:3000"), &base).as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(
            other_local_origin(&host("[::1]:3000"), &base).as_deref(),
            Some("http://[::1]:3000")
        );
        assert_eq!(
            other_local_origin(&host("localhost:8080"), &base).as_deref(),
            Some("http://localhost:8080"),
            "another port is another origin too"
        );
        for same_or_foreign in [
            "localhost:3000",
            "LOCALHOST:3000",
            "app.example.com",
            "127.0.0.1:3000<script>",
            "127.0.0.1:",
            "evil.example:3000",
        ] {
            assert_eq!(
                other_local_origin(&host(same_or_foreign), &base),
                None,
                "{same_or_foreign}"
            );
        }
        assert_eq!(other_local_origin(&HeaderMap::new(), &base), None);
        let deployed = BaseUrl::parse("https://app.example.com").expect("an origin");
        assert_eq!(other_local_origin(&host("127.0.0.1:3000"), &deployed), None);
    }
}
