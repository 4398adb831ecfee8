//! Where each step and check is specified and where this repository makes it: the links and
//! paths the inspector shows beside the words (the words are in `locales/*/main.ftl`, under
//! `inspect-step-*`, `inspect-check-*` and `inspect-param-*`).

use super::record::{CheckId, StepKind};

/// A section of a specification.
pub struct Spec {
    pub label: &'static str,
    pub url: &'static str,
}

macro_rules! spec {
    ($label:expr, $url:expr) => {
        Spec {
            label: $label,
            url: $url,
        }
    };
}

/// One lane of the sequence diagram.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Browser,
    App,
    Logto,
}

/// An arrow: from, to, and its label (HTTP, the same in every language). The path of a call to
/// Logto is replaced by the endpoint actually called when the step recorded one.
pub type Arrow = (Lane, Lane, &'static str);

pub struct StepInfo {
    /// The catalogue key's middle part: `inspect-step-<key>-title` / `-about`.
    pub key: &'static str,
    pub arrows: &'static [Arrow],
    pub spec: Spec,
    pub code: &'static str,
}

pub fn step(kind: StepKind) -> StepInfo {
    use Lane::{App, Browser, Logto};
    let (key, arrows, spec, code): (_, &'static [Arrow], _, _) = match kind {
        StepKind::Authorize => (
            "authorize",
            &[
                (Browser, App, "GET /sign-in"),
                (App, Browser, "303 → /oidc/auth"),
                (Browser, Logto, "GET /oidc/auth?…"),
            ],
            spec!(
                "OpenID Connect Core §3.1.2.1",
                "https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest"
            ),
            "crates/logto-core/src/sign_in.rs",
        ),
        StepKind::Callback => (
            "callback",
            &[
                (Logto, Browser, "303 → /callback"),
                (Browser, App, "GET /callback?code…"),
            ],
            spec!(
                "OpenID Connect Core §3.1.2.5, RFC 9207",
                "https://openid.net/specs/openid-connect-core-1_0.html#AuthResponse"
            ),
            "crates/logto-axum/src/session/current/flows.rs",
        ),
        StepKind::Token => (
            "token",
            &[
                (App, Logto, "POST /oidc/token"),
                (Logto, App, "200 {tokens}"),
            ],
            spec!(
                "OpenID Connect Core §3.1.3, RFC 7636 §4.5",
                "https://openid.net/specs/openid-connect-core-1_0.html#TokenEndpoint"
            ),
            "crates/logto-core/src/sign_in.rs",
        ),
        StepKind::IdToken => (
            "id-token",
            &[(App, App, "verify the ID token")],
            spec!(
                "OpenID Connect Core §3.1.3.7",
                "https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation"
            ),
            "crates/logto-core/src/verify.rs",
        ),
        StepKind::Userinfo => (
            "userinfo",
            &[(App, Logto, "GET /oidc/me"), (Logto, App, "200 {claims}")],
            spec!(
                "OpenID Connect Core §5.3",
                "https://openid.net/specs/openid-connect-core-1_0.html#UserInfo"
            ),
            "crates/logto-core/src/sign_in.rs",
        ),
        StepKind::Session => (
            "session",
            &[(App, Browser, "303 + session cookie")],
            spec!(
                "OWASP Session Management",
                "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#renew-the-session-id-after-any-privilege-level-change"
            ),
            "crates/logto-axum/src/session/current.rs",
        ),
        StepKind::Refresh => (
            "refresh",
            &[
                (App, Logto, "POST /oidc/token"),
                (Logto, App, "200 {tokens}"),
            ],
            spec!(
                "OpenID Connect Core §12",
                "https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokens"
            ),
            "crates/logto-core/src/grants.rs",
        ),
        StepKind::Revocation => (
            "revocation",
            &[
                (App, Logto, "POST /oidc/token/revocation"),
                (Logto, App, "200"),
            ],
            spec!(
                "RFC 7009 §2",
                "https://www.rfc-editor.org/rfc/rfc7009#section-2"
            ),
            "crates/logto-core/src/grants.rs",
        ),
        StepKind::SessionEnded => (
            "session-ended",
            &[(App, App, "delete the session")],
            spec!(
                "OWASP Session Management",
                "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#manual-session-expiration"
            ),
            "crates/logto-axum/src/session/current.rs",
        ),
        StepKind::EndSession => (
            "end-session",
            &[
                (App, Browser, "303 → /session/end"),
                (Browser, Logto, "GET /oidc/session/end"),
            ],
            spec!(
                "OpenID Connect RP-Initiated Logout §2",
                "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout"
            ),
            "crates/logto-core/src/grants.rs",
        ),
        StepKind::SignOutReturn => (
            "sign-out-return",
            &[
                (Logto, Browser, "303 → /?state"),
                (Browser, App, "GET /?state=…"),
            ],
            spec!(
                "OpenID Connect RP-Initiated Logout §3",
                "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RedirectionAfterLogout"
            ),
            "crates/logto-axum/src/session/current.rs",
        ),
    };
    StepInfo {
        key,
        arrows,
        spec,
        code,
    }
}

pub struct CheckInfo {
    /// The catalogue key's middle part: `inspect-check-<key>-name` / `-why`.
    pub key: &'static str,
    pub spec: Spec,
    /// The file in this repository that makes the check.
    pub code: &'static str,
}

pub fn check(id: CheckId) -> CheckInfo {
    let validation = |label| Spec {
        label,
        url: "https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation",
    };
    let verify = "crates/logto-core/src/verify.rs";
    let (key, spec, code) = match id {
        CheckId::State => (
            "state",
            spec!(
                "RFC 6749 §10.12",
                "https://www.rfc-editor.org/rfc/rfc6749#section-10.12"
            ),
            "crates/logto-axum/src/session/attempt.rs",
        ),
        CheckId::CallbackIss => (
            "callback-iss",
            spec!(
                "RFC 9207 §2.4",
                "https://www.rfc-editor.org/rfc/rfc9207#section-2.4"
            ),
            "crates/logto-core/src/sign_in.rs",
        ),
        CheckId::Header => (
            "header",
            spec!(
                "RFC 7519 §7.2",
                "https://www.rfc-editor.org/rfc/rfc7519#section-7.2"
            ),
            verify,
        ),
        CheckId::Signature => (
            "signature",
            validation("OpenID Connect Core §3.1.3.7 (6–8)"),
            verify,
        ),
        CheckId::Issuer => (
            "issuer",
            validation("OpenID Connect Core §3.1.3.7 (2)"),
            verify,
        ),
        CheckId::Audience => (
            "audience",
            validation("OpenID Connect Core §3.1.3.7 (3)"),
            verify,
        ),
        CheckId::Expiry => (
            "expiry",
            validation("OpenID Connect Core §3.1.3.7 (9)"),
            verify,
        ),
        CheckId::IssuedAt => (
            "issued-at",
            validation("OpenID Connect Core §3.1.3.7 (10)"),
            verify,
        ),
        CheckId::Nonce => (
            "nonce",
            validation("OpenID Connect Core §3.1.3.7 (11)"),
            verify,
        ),
        CheckId::AtHash => (
            "at-hash",
            spec!(
                "OpenID Connect Core §3.1.3.8",
                "https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowTokenValidation"
            ),
            verify,
        ),
        CheckId::Claims => (
            "claims",
            spec!(
                "OpenID Connect Core §2",
                "https://openid.net/specs/openid-connect-core-1_0.html#IDToken"
            ),
            verify,
        ),
        CheckId::UserinfoSub => (
            "userinfo-sub",
            spec!(
                "OpenID Connect Core §5.3.2",
                "https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse"
            ),
            "crates/logto-core/src/sign_in.rs",
        ),
        CheckId::SameSubject => (
            "same-subject",
            spec!(
                "OpenID Connect Core §12.2",
                "https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokenResponse"
            ),
            "crates/logto-core/src/grants.rs",
        ),
        CheckId::NewSessionId => (
            "new-session-id",
            spec!(
                "OWASP Session Management",
                "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#renew-the-session-id-after-any-privilege-level-change"
            ),
            "crates/logto-axum/src/session/current.rs",
        ),
        CheckId::SignOutState => (
            "sign-out-state",
            spec!(
                "OpenID Connect RP-Initiated Logout §3",
                "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RedirectionAfterLogout"
            ),
            "crates/logto-axum/src/session/current.rs",
        ),
    };
    CheckInfo { key, spec, code }
}

/// Parameters whose purpose the page explains: `inspect-param-<name with dashes>`.
pub const EXPLAINED_PARAMETERS: [&str; 27] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "resource",
    "ui_locales",
    "first_screen",
    "identifier",
    "direct_sign_in",
    "login_hint",
    "organization_id",
    "code",
    "iss",
    "error",
    "grant_type",
    "code_verifier",
    "client_authentication",
    "refresh_token",
    "token",
    "token_type_hint",
    "id_token_hint",
    "post_logout_redirect_uri",
];

/// Values that are not protocol names and so are translated: `inspect-arg-<name with dashes>`.
pub const TRANSLATED_NAMES: [&str; 7] = [
    "issuer",
    "keys_fetched_at",
    "refetched",
    "leeway",
    "previous_session",
    "status",
    "rotated",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_and_step_names_a_file_of_this_repository_and_an_https_spec() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let checks = CheckId::ALL.map(|id| {
            let info = check(id);
            (info.code, info.spec)
        });
        let steps = StepKind::ALL.map(|kind| {
            let info = step(kind);
            (info.code, info.spec)
        });
        for (code, spec) in checks.into_iter().chain(steps) {
            assert!(root.join(code).is_file(), "{code}");
            assert!(spec.url.starts_with("https://"), "{}", spec.url);
        }
    }
}
