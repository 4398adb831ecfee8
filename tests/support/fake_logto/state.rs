//! Everything the fake remembers, and the endpoints that are not the token endpoint.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::keys::Keyring;
use super::reply::Reply;
use super::tokens::now;
use super::{Endpoint, Misbehaviour, RecordedRequest, TestUser};

const DISCOVERY_FIXTURE: &str = include_str!("../fixtures/openid-configuration.json");
/// The host the discovery fixture was captured from; replaced by the fake's endpoint.
const FIXTURE_ENDPOINT: &str = "http://127.0.0.1:3001";

/// A one-time authorization code and what it is bound to.
pub struct Code {
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

pub struct State {
    pub endpoint: String,
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
}

/// The first value of `name` in form or query pairs.
pub fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

impl State {
    pub fn new(endpoint: String) -> State {
        State {
            endpoint,
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

    /// `GET /oidc/session/end` (already recorded): Logto's page that would auto-submit to
    /// `/oidc/session/end/confirm`.
    pub fn end_session(&self) -> Reply {
        let action = format!("{}/session/end/confirm", self.issuer());
        let body = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign Out</title></head>\
             <body><form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"xsrf\" value=\"fake\">\
             <button autofocus type=\"submit\" name=\"logout\" value=\"yes\">Sign out</button></form></body></html>\n"
        );
        Reply::typed(200, "text/html; charset=utf-8", body)
    }
}
