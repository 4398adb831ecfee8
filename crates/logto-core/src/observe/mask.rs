//! How values become safe to record: a secret keeps only a short prefix and its length, free text
//! (error messages, claims) is bounded and has anything token-like masked, so no token, code,
//! verifier or secret reaches a record, a cookie or the page.

use super::record::Val;

/// At most this many characters of a secret are kept, and never more than a quarter of it.
const PREFIX: usize = 4;
/// Free text is cut at this many characters.
pub const MAX_TEXT: usize = 200;
/// A run of base64url characters this long is treated as a token (Logto's codes and opaque
/// tokens are 43; app ids are 21, and stay readable).
const TOKEN_RUN: usize = 32;

/// A secret, as recorded: `abcd` and `43`, shown as "abcd… (43 characters)".
pub fn masked(secret: &str) -> Val {
    let len = secret.chars().count();
    let prefix = secret.chars().take(PREFIX.min(len / 4)).collect();
    Val::Masked(prefix, len)
}

/// Free text, bounded, without control characters, and with token-like runs masked.
pub fn text(value: &str) -> String {
    scrub(&public(value))
}

/// A value that is public by definition (a key id from Logto's published key set), bounded and
/// without control characters but not scrubbed.
pub fn public(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT)
        .collect()
}

/// Masks every run of base64url characters (JWT parts, opaque tokens, codes) of [`TOKEN_RUN`]
/// characters or more.
fn scrub(value: &str) -> String {
    let token_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(value.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= TOKEN_RUN {
            if let Val::Masked(prefix, len) = masked(run) {
                out.push_str(&format!("{prefix}…({len})"));
            }
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in value.chars() {
        if token_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_keeps_at_most_four_characters_and_its_length() {
        let code = "Hx3vKq9-2aYpLw0ZtRn8cVbM5sJdFgQe1uIoPlAkWy7";
        assert_eq!(masked(code), Val::Masked("Hx3v".into(), 43));
        assert_eq!(masked("abcdefgh"), Val::Masked("ab".into(), 8));
        assert_eq!(masked("abc"), Val::Masked(String::new(), 3));
        assert_eq!(masked(""), Val::Masked(String::new(), 0));
    }

    #[test]
    fn token_like_runs_in_free_text_are_masked_and_the_rest_is_kept() {
        let jwt = "eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0dXNlcjAwMDEifQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl";
        let shown = text(&format!("invalid type: string \"{jwt}\", expected u64"));
        assert!(
            !shown.contains("eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCJ9"),
            "{shown}"
        );
        assert!(
            shown.starts_with("invalid type: string \"eyJh…(36)."),
            "{shown}"
        );
        let issuer = "expected `http://127.0.0.1:3001/oidc` (found `s4a35o7pz75pp69c51jou`)";
        assert_eq!(text(issuer), issuer);
    }

    #[test]
    fn free_text_is_bounded_and_has_no_control_characters() {
        let shown = text(&format!("a\nb{}", "x ".repeat(500)));
        assert!(shown.starts_with("ab"));
        assert_eq!(shown.chars().count(), MAX_TEXT);
    }
}
