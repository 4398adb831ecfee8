//! The properties the fuzzers (`fuzz/`) and the proptest twins (`tests/bad_input.rs`) both check,
//! in one place so the two never drift apart. Each `check_*` panics (with the input) when a
//! property fails, which is what both libFuzzer and proptest report as a failure.

use axum::http::HeaderValue;
use logto_axum::return_to::same_origin_path;
use logto_core::params::{InvalidSignIn, is_plain, sign_in_options, ui_locales};
use url::Url;

/// The placeholder origin the app's results are resolved against.
const ORIGIN: &str = "http://a.invalid";

/// `same_origin_path` never panics, and whatever it returns is a path on this site.
pub fn check_return_to(raw: &str) {
    let Some(path) = same_origin_path(raw) else {
        return;
    };
    assert_same_origin_path(raw, &path);
}

/// The properties of one result of `same_origin_path`.
pub fn assert_same_origin_path(raw: &str, path: &str) {
    assert!(path.starts_with('/'), "{raw:?} gave {path:?}: not a path");
    assert!(
        !path.starts_with("//") && !path.starts_with("/\\"),
        "{raw:?} gave {path:?}: another host for a browser"
    );
    assert!(!path.contains('\\'), "{raw:?} gave {path:?}: a backslash");
    // The app refuses encoded slashes up front because a proxy or a later redirect may decode
    // them (src/auth/return_to.rs); the result must not turn into another host once decoded.
    let decoded = percent_decode(path.split('?').next().unwrap_or_default());
    assert!(
        !decoded.starts_with("//") && !decoded.starts_with("/\\"),
        "{raw:?} gave {path:?}: another host once percent-decoded ({decoded:?})"
    );
    assert!(
        !path.chars().any(char::is_control),
        "{raw:?} gave {path:?}: a control character"
    );
    // The redirect after the callback puts it in `Location` (axum's `Redirect::to` panics on an
    // invalid header value).
    assert!(
        HeaderValue::from_str(path).is_ok(),
        "{raw:?} gave {path:?}: not a valid header value"
    );
    let base = Url::parse(ORIGIN).expect("the placeholder origin parses");
    let concatenated = Url::parse(&format!("{ORIGIN}{path}"))
        .unwrap_or_else(|e| panic!("{raw:?} gave {path:?}: `{ORIGIN}` + it does not parse: {e}"));
    assert_eq!(
        concatenated.origin(),
        base.origin(),
        "{raw:?} gave {path:?}: `{ORIGIN}` + it leaves the origin"
    );
    let joined = base
        .join(path)
        .unwrap_or_else(|e| panic!("{raw:?} gave {path:?}: it does not resolve: {e}"));
    assert_eq!(
        joined.origin(),
        base.origin(),
        "{raw:?} gave {path:?}: resolving it leaves the origin"
    );
    for route in ["/callback", "/sign-in", "/sign-out"] {
        let route_path = joined.path();
        assert!(
            route_path != route && !route_path.starts_with(&format!("{route}/")),
            "{raw:?} gave {path:?}: back into the sign-in machinery"
        );
    }
}

/// One round of percent-decoding, lossily.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Logto's parameters that `logto_params` may send, and the values each may take.
const FIRST_SCREENS: [&str; 3] = ["identifier:sign_in", "identifier:register", "register"];
const IDENTIFIERS: [&str; 2] = ["email", "phone"];

/// `sign_in_options` never panics; every accepted request yields only values Logto accepts.
pub fn check_sign_in_options(
    method: Option<&str>,
    mode: Option<&str>,
    login_hint: Option<&str>,
    accept_language: Option<&str>,
) {
    let options = match sign_in_options(method, mode, login_hint, accept_language) {
        Ok(options) => options,
        Err(err) => {
            // The message is shown in logs only, and quotes at most 40 characters of the input,
            // every one that could forge a log field percent-encoded.
            if let InvalidSignIn::Method(v) | InvalidSignIn::Mode(v) = &err {
                let decoded = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
                assert!(
                    decoded.chars().count() <= 40,
                    "{err:?} quotes more than 40 characters"
                );
                assert!(
                    v.bytes().all(|b| is_plain(b) || b == b'%'),
                    "{err:?} quotes a character that could forge a log field"
                );
            }
            let _ = err.to_string();
            return;
        }
    };
    let params = options.logto_params();
    let input = (method, mode, login_hint, accept_language);
    let mut names: Vec<&str> = params.iter().map(|(name, _)| *name).collect();
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(
        names.len(),
        count,
        "{input:?}: a parameter twice: {params:?}"
    );
    for (name, value) in &params {
        match *name {
            "first_screen" => assert!(
                FIRST_SCREENS.contains(&value.as_str()),
                "{input:?}: first_screen={value:?}"
            ),
            "identifier" => assert!(
                IDENTIFIERS.contains(&value.as_str()),
                "{input:?}: identifier={value:?}"
            ),
            "direct_sign_in" => assert_eq!(value, "social:huggingface", "{input:?}"),
            "login_hint" => assert_login_hint(value, input),
            "ui_locales" => assert_ui_locales(value, input),
            "organization_id" => assert!(
                (1..=64).contains(&value.len())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "{input:?}: organization_id={value:?}"
            ),
            other => panic!("{input:?}: a parameter Logto does not know: {other}"),
        }
    }
    let identifier = params.iter().find(|(n, _)| *n == "identifier");
    let first_screen = params.iter().find(|(n, _)| *n == "first_screen");
    if identifier.is_some() {
        assert!(
            first_screen.is_some_and(|(_, v)| v.starts_with("identifier:")),
            "{input:?}: identifier without an identifier first screen: {params:?}"
        );
    }
    if let Some(language) = accept_language {
        // ui_locales on its own obeys the same rules.
        let tags = ui_locales(language);
        if !tags.is_empty() {
            assert_ui_locales(&tags.join(" "), input);
        }
    }
}

fn assert_login_hint(value: &str, input: impl std::fmt::Debug) {
    assert!(!value.is_empty(), "{input:?}: an empty login_hint");
    assert!(
        value.len() <= 254,
        "{input:?}: login_hint of {} bytes",
        value.len()
    );
    assert!(
        !value.chars().any(char::is_control),
        "{input:?}: login_hint={value:?} has a control character"
    );
    assert_eq!(value, value.trim(), "{input:?}: login_hint is not trimmed");
}

fn assert_ui_locales(value: &str, input: impl std::fmt::Debug) {
    let tags: Vec<&str> = value.split(' ').collect();
    assert!(
        (1..=3).contains(&tags.len()),
        "{input:?}: ui_locales={value:?}"
    );
    for tag in tags {
        assert!(is_language_tag(tag), "{input:?}: ui_locales has {tag:?}");
    }
}

/// A well-formed BCP 47 tag as far as Logto checks: a 2–8 letter primary language, then
/// subtags of 1–8 letters or digits, separated by `-`.
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}
