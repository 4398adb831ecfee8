//! `GET /oidc/auth`: validation like Logto's, then an instant sign-in and the 303 to the callback.
//!
//! What Logto refuses without redirecting (400 JSON): an unknown `client_id`, a missing
//! `redirect_uri`, one that is not registered (exactly `auth-error-bad-redirect.txt`). What it
//! refuses by redirecting to the callback with `error=`: `response_type` other than `code`, a
//! `nonce` without the `openid` scope, an unsupported `prompt`, no PKCE or not S256, a `resource` that is not an
//! absolute URI or not an API resource of the tenant. Unknown scopes are dropped from the grant.
//! Logto's own parameters (`first_screen`, `identifier`, `direct_sign_in`, `login_hint`,
//! `organization_id`, `interaction_mode`, `ui_locales`) are validated together: one invalid value
//! silently drops all of them ([`FakeLogto::applied_logto_params`]).

use serde_json::{Value, json};
use url::Url;

use super::Misbehaviour;
use super::clock::now;
use super::random::opaque;
use super::reply::Reply;
use super::state::CLIENT_ID;
use super::state::{Code, State, value};

/// Logto's reserved resource for organization tokens: always known.
pub const ORGANIZATIONS_RESOURCE: &str = "urn:logto:resource:organizations";

/// Logto's own authorization parameters, in the order they are recorded.
const LOGTO_PARAMS: &[&str] = &[
    "first_screen",
    "identifier",
    "direct_sign_in",
    "login_hint",
    "organization_id",
    "interaction_mode",
    "ui_locales",
];

const FIRST_SCREENS: &[&str] = &[
    "sign_in",
    "register",
    "reset_password",
    "identifier:sign_in",
    "identifier:register",
    "single_sign_on",
];

/// The prompts Logto (oidc-provider with its default policy) supports. The messages below are
/// oidc-provider's (`lib/actions/authorization/`, `lib/shared/check_resource.js`).
const PROMPTS: &[&str] = &["none", "login", "consent"];

/// `scopes_supported` of the discovery fixture.
pub fn supported_scopes() -> Vec<String> {
    let doc: Value = serde_json::from_str(super::state::DISCOVERY_FIXTURE).expect("JSON");
    doc["scopes_supported"]
        .as_array()
        .expect("scopes_supported")
        .iter()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

/// Logto's parameters present in `pairs`, and whether Logto would apply them (all valid).
pub fn logto_params(pairs: &[(String, String)]) -> (Vec<(String, String)>, bool) {
    let present: Vec<(String, String)> = LOGTO_PARAMS
        .iter()
        .filter_map(|name| value(pairs, name).map(|v| ((*name).to_owned(), v.to_owned())))
        .collect();
    let get = |name: &str| value(pairs, name);
    let first_screen_ok = get("first_screen").is_none_or(|s| FIRST_SCREENS.contains(&s));
    let identifier_ok = get("identifier").is_none_or(|ids| {
        let kinds_ok = !ids.trim().is_empty()
            && ids
                .split(' ')
                .all(|id| ["email", "phone", "username"].contains(&id));
        let screen_ok = get("first_screen")
            .is_some_and(|s| s.starts_with("identifier:") || s == "reset_password");
        kinds_ok && screen_ok
    });
    let direct_ok = get("direct_sign_in").is_none_or(|d| {
        d.split_once(':').is_some_and(|(method, target)| {
            ["social", "sso"].contains(&method) && !target.is_empty()
        })
    });
    let hint_ok = get("login_hint").is_none_or(|h| !h.is_empty());
    let organization_ok = get("organization_id").is_none_or(|o| !o.is_empty());
    let mode_ok = get("interaction_mode").is_none_or(|m| m == "signIn" || m == "signUp");
    let locales_ok = get("ui_locales").is_none_or(|l| l.split(' ').all(is_language_tag));
    let valid = first_screen_ok
        && identifier_ok
        && direct_ok
        && hint_ok
        && organization_ok
        && mode_ok
        && locales_ok;
    (present, valid)
}

fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    subtags
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()))
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl State {
    /// `GET /oidc/auth`: the user signs in at once; 303 to the callback, or 400 when Logto could
    /// not redirect (unknown client, missing or unregistered `redirect_uri`).
    pub fn authorize(&mut self, pairs: Vec<(String, String)>) -> Reply {
        let reply = self.authorization_reply(&pairs);
        self.last_authorization = Some(pairs);
        reply
    }

    fn authorization_reply(&mut self, pairs: &[(String, String)]) -> Reply {
        let get = |name: &str| value(pairs, name).map(str::to_owned);
        let state = get("state");
        if get("client_id").as_deref() != Some(CLIENT_ID) {
            return Reply::oidc_error(400, "invalid_client", "client is invalid");
        }
        let Some(redirect_uri) = get("redirect_uri") else {
            let description = "missing required parameter 'redirect_uri'";
            return Reply::oidc_error(400, "invalid_request", description);
        };
        let registered = self.redirect_uris.contains(&redirect_uri);
        let Some(mut callback) = Url::parse(&redirect_uri).ok().filter(|_| registered) else {
            return Reply::json(
                400,
                &json!({
                    "code": "oidc.invalid_redirect_uri",
                    "message": "`redirect_uri` did not match any of the client's registered `redirect_uris`.",
                    "error": "invalid_redirect_uri",
                    "error_description": "redirect_uri did not match any of the client's registered redirect_uris",
                    "state": state,
                    "iss": self.issuer(),
                }),
            );
        };
        let scope = get("scope").unwrap_or_default();
        let prompt = get("prompt").unwrap_or_default();
        let prompts: Vec<&str> = prompt.split_whitespace().collect();
        let resources: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| k == "resource")
            .map(|(_, v)| v.clone())
            .collect();
        let challenge = get("code_challenge");
        let refusal = if get("response_type").as_deref() != Some("code") {
            Some((
                "unsupported_response_type",
                "unsupported response_type requested",
            ))
        } else if !scope.split_whitespace().any(|s| s == "openid") && get("nonce").is_some() {
            Some((
                "invalid_request",
                "openid scope must be requested when using the nonce parameter",
            ))
        } else if !prompts.iter().all(|p| PROMPTS.contains(p)) {
            Some(("invalid_request", "unsupported prompt value requested"))
        } else if prompts.contains(&"none") && prompts.len() > 1 {
            Some(("invalid_request", "prompt none must only be used alone"))
        } else if challenge.is_none() {
            Some((
                "invalid_request",
                "Authorization Server policy requires PKCE to be used for this request",
            ))
        } else if get("code_challenge_method").as_deref() != Some("S256") {
            Some((
                "invalid_request",
                "not supported value of code_challenge_method",
            ))
        } else if resources.iter().any(|r| Url::parse(r).is_err()) {
            Some((
                "invalid_target",
                "resource indicator must be an absolute URI",
            ))
        } else if resources.iter().any(|r| r.contains('#')) {
            Some((
                "invalid_target",
                "resource indicator must not contain a fragment component",
            ))
        } else if resources.iter().any(|r| !self.knows_resource(r)) {
            Some((
                "invalid_target",
                "resource indicator is missing, or unknown",
            ))
        } else if self.has(&Misbehaviour::UserCancels) {
            Some(("access_denied", "End-User aborted interaction"))
        } else {
            None
        };
        if refusal.is_none() {
            let (params, valid) = logto_params(pairs);
            self.applied_logto_params = Some(if valid { params } else { Vec::new() });
        }
        let supported = supported_scopes();
        let granted: Vec<&str> = scope
            .split_whitespace()
            .filter(|s| supported.iter().any(|known| known == s))
            .collect();
        let mut query = callback.query_pairs_mut();
        if let Some((error, description)) = refusal {
            query.append_pair("error", error);
            query.append_pair("error_description", description);
        } else {
            let code = opaque();
            self.codes.insert(
                code.clone(),
                Code {
                    issued_at: now(),
                    resources,
                    redirect_uri: redirect_uri.clone(),
                    code_challenge: challenge.unwrap_or_default(),
                    nonce: get("nonce"),
                    scope: granted.join(" "),
                    prompt,
                    user: self.user.clone(),
                    grant: None,
                },
            );
            query.append_pair("code", &code);
        }
        if let Some(state) = &state {
            query.append_pair("state", state);
        }
        if self.has(&Misbehaviour::CallbackWrongIss) {
            query.append_pair("iss", &self.wrong_issuer());
        } else if !self.has(&Misbehaviour::CallbackMissingIss) {
            query.append_pair("iss", &self.issuer());
        }
        drop(query);
        Reply::see_other(callback.into())
    }

    /// Whether `resource` is an API resource of the tenant (or Logto's organizations resource).
    pub fn knows_resource(&self, resource: &str) -> bool {
        resource == ORGANIZATIONS_RESOURCE || self.api_resources.iter().any(|r| r == resource)
    }
}
