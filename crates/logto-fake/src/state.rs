//! Everything the fake remembers, and the endpoints that are not the token endpoint.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde_json::{Value, json};

use super::account_state::AccountState;
use super::clock::now;
use super::keys::Keyring;
use super::recorded::{Endpoint, RecordedRequest};
use super::reply::Reply;
use super::{Misbehaviour, TestUser};

pub const DISCOVERY_FIXTURE: &str = include_str!("../fixtures/openid-configuration.json");
/// The host the discovery fixture was captured from; replaced by the fake's endpoint.
const FIXTURE_ENDPOINT: &str = "http://127.0.0.1:3001";

/// How long an authorization code can be redeemed: oidc-provider's default (`AuthorizationCodeTTL`
/// in its `lib/helpers/defaults.js`, 9.x, the version e2e/op runs), which Logto does not change
/// (check against a live server). Tests age codes with
/// [`FakeLogto::age_codes`](super::FakeLogto::age_codes) rather than wait.
pub const CODE_TTL_SECS: i64 = 60;

/// The redirect URI of the application in the captures (`fixtures/logto/README.md`).
pub const FIXTURE_REDIRECT_URI: &str = "http://127.0.0.1:3000/callback";
/// The post sign-out redirect URI of the application in the captures.
pub const FIXTURE_POST_LOGOUT_REDIRECT_URI: &str = "http://127.0.0.1:3000/";
/// The API resources the fake tenant has (Logto's console, "API resources").
pub const DEFAULT_API_RESOURCES: &[&str] =
    &["https://api.example.com", "https://billing.example.com"];

/// A one-time authorization code and what it is bound to.
pub struct Code {
    /// Unix seconds; the code is refused [`CODE_TTL_SECS`] later.
    pub issued_at: i64,
    /// The `resource` indicators of the authorization request (all known to the tenant).
    pub resources: Vec<String>,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub nonce: Option<String>,
    pub scope: String,
    pub prompt: String,
    pub user: TestUser,
    /// The grant made when the code was redeemed (a second redemption ends it).
    pub grant: Option<usize>,
}

/// What a user consented to: the tokens from one sign-in and its refreshes.
pub struct Grant {
    pub user: TestUser,
    pub nonce: Option<String>,
    pub scope: String,
    /// The resources granted at authorization: the only ones a refresh may ask a token for.
    pub resources: Vec<String>,
    pub revoked: bool,
}

pub struct RefreshRecord {
    pub grant: usize,
    pub used: bool,
}

pub struct AccessRecord {
    pub grant: usize,
    pub expires_at: i64,
}

/// An end-session request waiting for its confirm step (Logto's page auto-submits the form).
pub struct PendingLogout {
    /// The registered `post_logout_redirect_uri`, if one was sent with a client.
    pub redirect: Option<String>,
    pub state: Option<String>,
}

pub struct State {
    pub endpoint: String,
    /// The application's registered redirect URIs (exact match, like Logto).
    pub redirect_uris: Vec<String>,
    /// Its registered post sign-out redirect URIs.
    pub post_logout_redirect_uris: Vec<String>,
    /// The API resource indicators the tenant knows.
    pub api_resources: Vec<String>,
    /// Logto's own authorization parameters as the last authorization applied them: all of
    /// them, or none when one was invalid.
    pub applied_logto_params: Option<Vec<(String, String)>>,
    /// End-session requests waiting for the confirm step, by their xsrf value.
    pub pending_logouts: std::collections::HashMap<String, PendingLogout>,
    pub keys: Keyring,
    pub user: TestUser,
    pub misbehaviours: Vec<Misbehaviour>,
    pub calls: HashMap<Endpoint, usize>,
    pub last_authorization: Option<Vec<(String, String)>>,
    pub token_requests: Vec<RecordedRequest>,
    pub revocations: Vec<RecordedRequest>,
    pub end_sessions: Vec<Vec<(String, String)>>,
    pub access_token_ttl: i64,
    pub codes: HashMap<String, Code>,
    pub grants: Vec<Grant>,
    pub refresh_tokens: HashMap<String, RefreshRecord>,
    pub access_tokens: HashMap<String, AccessRecord>,
    /// Every token string the token endpoint handed out (access, ID, refresh), in order.
    pub issued: Vec<String>,
    /// Back-channel logout with "session required": ID tokens carry a `sid` per sign-in.
    pub backchannel_sid: bool,
    /// The Account Center, passwords, verification records and sessions (`account.rs`).
    pub account: AccountState,
}

pub use super::recorded::value;

/// The state as the server's handlers share it.
pub type SharedState = Arc<Mutex<State>>;

/// The state, locked (a test that panicked while holding it does not poison the others).
pub fn lock(state: &SharedState) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The app id ("Traditional web" application) the fake knows: [`CLIENT_ID`].
///
/// [`CLIENT_ID`]: crate::CLIENT_ID
pub const CLIENT_ID: &str = "s4a35o7pz75pp69c51jou";
/// Its secret: [`FakeLogto::CLIENT_SECRET`](crate::FakeLogto::CLIENT_SECRET).
pub const CLIENT_SECRET: &str = "test-secret-do-not-use";

impl State {
    pub fn new(endpoint: String) -> State {
        State {
            endpoint,
            redirect_uris: vec![FIXTURE_REDIRECT_URI.to_owned()],
            post_logout_redirect_uris: vec![FIXTURE_POST_LOGOUT_REDIRECT_URI.to_owned()],
            api_resources: DEFAULT_API_RESOURCES
                .iter()
                .map(|r| (*r).to_owned())
                .collect(),
            applied_logto_params: None,
            pending_logouts: HashMap::new(),
            keys: Keyring::new(),
            user: TestUser::email_user(),
            misbehaviours: Vec::new(),
            calls: HashMap::new(),
            last_authorization: None,
            token_requests: Vec::new(),
            revocations: Vec::new(),
            end_sessions: Vec::new(),
            access_token_ttl: 3600,
            codes: HashMap::new(),
            grants: Vec::new(),
            refresh_tokens: HashMap::new(),
            access_tokens: HashMap::new(),
            issued: Vec::new(),
            backchannel_sid: false,
            account: AccountState::default(),
        }
    }

    pub fn issuer(&self) -> String {
        format!("{}/oidc", self.endpoint)
    }

    /// The issuer the `…WrongIssuer`/`…WrongIss` misbehaviours use: same host, another tenant.
    pub fn wrong_issuer(&self) -> String {
        format!("{}/wrong-tenant/oidc", self.endpoint)
    }

    pub fn has(&self, m: &Misbehaviour) -> bool {
        self.misbehaviours.contains(m)
    }

    /// The first parameter of a misbehaviour that carries one.
    pub fn find<T>(&self, pick: impl Fn(&Misbehaviour) -> Option<T>) -> Option<T> {
        self.misbehaviours.iter().find_map(pick)
    }

    pub fn count(&mut self, endpoint: Endpoint) {
        *self.calls.entry(endpoint).or_default() += 1;
    }

    /// The user behind a grant, with live profile data: if the current test user has the same
    /// `sub`, its (possibly updated) claims are used, like Logto reading the user row again.
    pub fn live_user(&self, grant: usize) -> TestUser {
        let signed_in = &self.grants[grant].user;
        if self.user.sub == signed_in.sub {
            self.user.clone()
        } else {
            signed_in.clone()
        }
    }

    pub fn revoke_grant(&mut self, grant: usize) {
        self.grants[grant].revoked = true;
    }

    /// `GET /.well-known/openid-configuration`.
    pub fn discovery(&self) -> Reply {
        if let Some(status) = self.find(|m| match m {
            Misbehaviour::DiscoveryStatus(s) => Some(*s),
            _ => None,
        }) {
            return Reply::forced_status(status, &self.issuer(), Endpoint::Discovery);
        }
        let text = DISCOVERY_FIXTURE.replace(FIXTURE_ENDPOINT, &self.endpoint);
        let mut doc: Value = serde_json::from_str(&text).expect("the discovery fixture is JSON");
        doc["id_token_signing_alg_values_supported"] = json!([self.keys.current.alg()]);
        if self.has(&Misbehaviour::DiscoveryIssuerMismatch) {
            doc["issuer"] = json!(self.wrong_issuer());
        }
        if self.has(&Misbehaviour::DiscoveryWithoutIssParameter) {
            doc["authorization_response_iss_parameter_supported"] = json!(false);
        }
        Reply::json(200, &doc)
    }

    /// `GET /oidc/jwks`.
    pub fn jwks(&self) -> Reply {
        if let Some(status) = self.find(|m| match m {
            Misbehaviour::JwksStatus(s) => Some(*s),
            _ => None,
        }) {
            return Reply::forced_status(status, &self.issuer(), Endpoint::Jwks);
        }
        let jwks = self.keys.jwks(self.has(&Misbehaviour::IdTokenSignedEs256));
        Reply::typed(
            200,
            "application/jwk-set+json; charset=utf-8",
            jwks.to_string(),
        )
    }

    /// `GET /oidc/me`.
    pub fn userinfo(&self, authorization: Option<&str>) -> Reply {
        let issuer = self.issuer();
        if let Some(status) = self.find(|m| match m {
            Misbehaviour::UserinfoStatus(s) => Some(*s),
            _ => None,
        }) {
            return Reply::forced_status(status, &issuer, Endpoint::Userinfo);
        }
        let token = authorization.and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        });
        let Some(record) = token.and_then(|t| self.access_tokens.get(t.trim())) else {
            return Reply::invalid_token(&issuer);
        };
        if record.expires_at <= now() || self.grants[record.grant].revoked {
            return Reply::invalid_token(&issuer);
        }
        let user = self.live_user(record.grant);
        let mut body = user.userinfo(&self.grants[record.grant].scope);
        if self.has(&Misbehaviour::UserinfoSubMismatch) {
            body.insert("sub".into(), json!("someone-else"));
        }
        Reply::json(200, &Value::Object(body))
    }

    /// `POST /oidc/token/revocation` (already recorded): client auth, then end what the token
    /// belongs to (a refresh token ends its whole grant).
    pub fn revoke(&mut self, authorization: Option<&str>, form: &[(String, String)]) -> Reply {
        if let Some(status) = self.find(|m| match m {
            Misbehaviour::RevocationStatus(s) => Some(*s),
            _ => None,
        }) {
            return Reply::forced_status(status, &self.issuer(), Endpoint::Revocation);
        }
        if let Err(reply) = self.client_auth(authorization, form) {
            return reply;
        }
        let Some(token) = value(form, "token") else {
            let description = "missing required parameter 'token'";
            return Reply::oidc_error(400, "invalid_request", description);
        };
        if let Some(grant) = self.refresh_tokens.get(token).map(|r| r.grant) {
            self.revoke_grant(grant);
        } else {
            self.access_tokens.remove(token);
        }
        Reply::empty_ok()
    }

    /// `GET /oidc/session/end` (already recorded), as Logto checks it: a `client_id` must be the
    /// app's, an `id_token_hint` one Logto issued to it (an expired one is fine), and a
    /// `post_logout_redirect_uri` sent with either must be registered (400 `invalid_request`, the
    /// capture's body); without either it is silently dropped (LOGTO.md). Then the page that
    /// auto-submits to `/oidc/session/end/confirm`, which does the redirect.
    pub fn end_session(&mut self, query: &[(String, String)]) -> Reply {
        let xsrf = match self.begin_logout(query) {
            Ok(xsrf) => xsrf,
            Err(refused) => return refused,
        };
        let action = format!("{}/session/end/confirm", self.issuer());
        let body = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign Out</title></head>\
             <body><form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"xsrf\" value=\"{xsrf}\">\
             <button autofocus type=\"submit\" name=\"logout\" value=\"yes\">Sign out</button></form>\
             <script>document.forms[0].requestSubmit()</script></body></html>\n"
        );
        Reply::typed(200, "text/html; charset=utf-8", body)
    }

    /// The checks of `GET /oidc/session/end`; the logout they allow, waiting for its
    /// confirmation under the returned xsrf value, or Logto's refusal.
    pub fn begin_logout(&mut self, query: &[(String, String)]) -> Result<String, Reply> {
        let client_id = value(query, "client_id");
        if client_id.is_some_and(|id| id != CLIENT_ID) {
            return Err(Reply::oidc_error(
                400,
                "invalid_client",
                "client is invalid",
            ));
        }
        if let Some(hint) = value(query, "id_token_hint")
            && !self.is_own_id_token(hint)
        {
            let description = "could not validate id_token_hint";
            return Err(Reply::oidc_error(400, "invalid_request", description));
        }
        let has_client = client_id.is_some() || value(query, "id_token_hint").is_some();
        let redirect = match value(query, "post_logout_redirect_uri") {
            Some(uri) if has_client => {
                if !self.post_logout_redirect_uris.iter().any(|r| r == uri) {
                    let description = "post_logout_redirect_uri not registered";
                    return Err(Reply::oidc_error(400, "invalid_request", description));
                }
                Some(uri.to_owned())
            }
            _ => None,
        };
        let xsrf = super::random::opaque();
        let pending = PendingLogout {
            redirect,
            state: value(query, "state").map(str::to_owned),
        };
        self.pending_logouts.insert(xsrf.clone(), pending);
        Ok(xsrf)
    }

    /// `POST /oidc/session/end/confirm` (already counted): 303 to the registered
    /// `post_logout_redirect_uri` with `?state=` when one was sent, else to Logto's own
    /// "signed out" page. Each xsrf value works once.
    pub fn end_session_confirm(&mut self, form: &[(String, String)]) -> Reply {
        let pending = value(form, "xsrf").and_then(|x| self.pending_logouts.remove(x));
        let Some(pending) = pending else {
            return Reply::oidc_error(400, "invalid_request", "xsrf token invalid");
        };
        let location = match pending.redirect {
            Some(uri) => {
                let mut url = url::Url::parse(&uri).expect("registered URIs are URLs");
                if let Some(state) = &pending.state {
                    url.query_pairs_mut().append_pair("state", state);
                }
                url.into()
            }
            None => format!("{}/session/end/success", self.issuer()),
        };
        Reply::see_other(location)
    }

    /// `GET /oidc/session/end/success`: Logto's own "signed out" page.
    pub fn end_session_success(&self) -> Reply {
        let body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Sign Out</title></head>\
                    <body><div class=\"viewBox\">You have signed out.</div></body></html>\n";
        Reply::typed(200, "text/html; charset=utf-8", body.to_owned())
    }

    /// Whether `token` is an ID token this fake issued to the app (expired or not).
    fn is_own_id_token(&self, token: &str) -> bool {
        self.issued.iter().any(|t| t == token)
            && super::jwt::claims_of(token).is_some_and(|claims| {
                claims["aud"] == CLIENT_ID && claims["iss"] == self.issuer().as_str()
            })
    }
}
