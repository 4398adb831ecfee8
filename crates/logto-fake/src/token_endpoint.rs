//! `POST /oidc/token`: client authentication, the code grant (PKCE), and the refresh grant with
//! rotation, reuse detection, `resource=` and `organization_id=`.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD as B64URL};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::Misbehaviour as M;
use super::clock::now;
use super::random::opaque;
use super::recorded::Endpoint;
use super::reply::Reply;
use super::state::{AccessRecord, CODE_TTL_SECS, Grant, RefreshRecord, State, value};
use super::state::{CLIENT_ID, CLIENT_SECRET};
use super::tokens::{AccessTokenInput, IdTokenInput, id_token, resource_access_token};

const ORGANIZATIONS_SCOPE: &str = "urn:logto:scope:organizations";

/// `id:secret` from `Authorization: Basic base64(urlencode(id):urlencode(secret))`.
fn basic_credentials(header: &str) -> Option<(String, String)> {
    let encoded = header
        .strip_prefix("Basic ")
        .or_else(|| header.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

impl State {
    /// How long a token request waits before it is answered (`TokenDelay`, `RefreshDelay`).
    pub fn token_delay(&self, form: &[(String, String)]) -> Duration {
        let refresh = value(form, "grant_type") == Some("refresh_token");
        self.misbehaviours
            .iter()
            .map(|m| match m {
                M::TokenDelay(d) => *d,
                M::RefreshDelay(d) if refresh => *d,
                _ => Duration::ZERO,
            })
            .sum()
    }

    /// How long the answer to a token request, already made, takes to arrive
    /// (`RefreshAnswerDelay`).
    pub fn token_answer_delay(&self, form: &[(String, String)]) -> Duration {
        let refresh = value(form, "grant_type") == Some("refresh_token");
        self.misbehaviours
            .iter()
            .map(|m| match m {
                M::RefreshAnswerDelay(d) if refresh => *d,
                _ => Duration::ZERO,
            })
            .sum()
    }

    /// Client authentication as Logto does it for a "Traditional web" app: `client_secret_basic`
    /// or `client_secret_post`, never both.
    pub fn client_auth(
        &self,
        authorization: Option<&str>,
        form: &[(String, String)],
    ) -> Result<(), Reply> {
        let body_id = value(form, "client_id");
        let body_secret = value(form, "client_secret");
        let ok = |id: &str, secret: &str| {
            if id == CLIENT_ID && secret == CLIENT_SECRET {
                Ok(())
            } else {
                Err(Reply::invalid_client(&self.issuer()))
            }
        };
        let invalid_request = |d: &str| Err(Reply::oidc_error(400, "invalid_request", d));
        match (authorization, body_secret) {
            (Some(_), Some(_)) => {
                invalid_request("client authentication must only be provided using one mechanism")
            }
            (Some(header), None) => {
                let Some((id, secret)) = basic_credentials(header) else {
                    return invalid_request("invalid authorization header value format");
                };
                if body_id.is_some_and(|b| b != id) {
                    return invalid_request("mismatch in body and authorization client ids");
                }
                ok(&id, &secret)
            }
            (None, Some(secret)) => ok(body_id.unwrap_or_default(), secret),
            (None, None) if body_id.is_some() => Err(Reply::invalid_client(&self.issuer())),
            (None, None) => invalid_request("no client authentication mechanism provided"),
        }
    }

    /// The whole token endpoint (the request is already counted and recorded).
    pub fn token_request(
        &mut self,
        authorization: Option<&str>,
        form: &[(String, String)],
    ) -> Reply {
        if let Some(status) = self.find(|m| match m {
            M::TokenStatus(s) => Some(*s),
            _ => None,
        }) {
            return Reply::forced_status(status, &self.issuer(), Endpoint::Token);
        }
        if self.has(&M::TokenMalformedJson) {
            let body = r#"{"access_token":"a4f1","expires_in":3600,"id_token":"eyJ"#;
            return Reply::typed(200, "application/json; charset=utf-8", body.to_owned());
        }
        if let Err(reply) = self.client_auth(authorization, form) {
            return reply;
        }
        match value(form, "grant_type") {
            Some("authorization_code") => self.code_grant(form),
            Some("refresh_token") => self.refresh_grant(form),
            Some(_) => Reply::oidc_error(
                400,
                "unsupported_grant_type",
                "unsupported grant_type requested",
            ),
            None => Reply::oidc_error(
                400,
                "invalid_request",
                "missing required parameter 'grant_type'",
            ),
        }
    }

    /// Why Logto refuses the `resource` / `organization_id` of a token request for `grant`'s
    /// resources and scope: the `ResourceInvalidTarget` / `ResourceForbidden` misbehaviours,
    /// then the real checks. A `resource` must be one the authorization asked for
    /// (`invalid_target`); an `organization_id` needs the organizations scope in the grant
    /// (`insufficient_scope`) and a user who is a member (`access_denied`).
    fn resource_refusal(
        &self,
        form: &[(String, String)],
        resources: &[String],
        scope: &str,
        user: &super::TestUser,
    ) -> Option<Reply> {
        let resource = value(form, "resource");
        let organization = value(form, "organization_id");
        if resource.is_none() && organization.is_none() {
            return None;
        }
        let invalid_target = || {
            Reply::oidc_error(
                400,
                "invalid_target",
                "resource indicator is missing, or unknown",
            )
        };
        if self.has(&M::ResourceInvalidTarget) {
            return Some(invalid_target());
        }
        if self.has(&M::ResourceForbidden) {
            // oidc-provider's `AccessDenied` is a 400, as in the membership check below.
            return Some(Reply::oidc_error(
                400,
                "access_denied",
                "user is not a member of the organization",
            ));
        }
        if let Some(resource) = resource
            && (!self.knows_resource(resource) || !resources.iter().any(|r| r == resource))
        {
            return Some(invalid_target());
        }
        if let Some(organization) = organization {
            if !scope.split_whitespace().any(|s| s == ORGANIZATIONS_SCOPE) {
                return Some(Reply::oidc_error(
                    403,
                    "insufficient_scope",
                    "refresh token missing required scope",
                ));
            }
            let member = user.claims["organizations"]
                .as_array()
                .is_some_and(|orgs| orgs.iter().any(|o| o == organization));
            if !member {
                return Some(Reply::oidc_error(
                    400,
                    "access_denied",
                    "user is not a member of the organization",
                ));
            }
        }
        None
    }

    fn code_grant(&mut self, form: &[(String, String)]) -> Reply {
        let Some(code) = value(form, "code") else {
            return Reply::oidc_error(400, "invalid_request", "missing required parameter 'code'");
        };
        let Some(entry) = self.codes.get(code) else {
            return Reply::invalid_grant();
        };
        if let Some(grant) = entry.grant {
            // A code presented twice: Logto (oidc-provider) refuses and ends what it gave out.
            self.revoke_grant(grant);
            return Reply::invalid_grant();
        }
        if now() - entry.issued_at >= CODE_TTL_SECS {
            return Reply::invalid_grant();
        }
        if value(form, "redirect_uri") != Some(entry.redirect_uri.as_str()) {
            return Reply::invalid_grant();
        }
        let verifier = value(form, "code_verifier").unwrap_or_default();
        if B64URL.encode(Sha256::digest(verifier.as_bytes())) != entry.code_challenge {
            return Reply::invalid_grant();
        }
        if let Some(refusal) =
            self.resource_refusal(form, &entry.resources, &entry.scope, &entry.user)
        {
            return refusal;
        }
        let with_refresh = entry
            .scope
            .split_whitespace()
            .any(|s| s == "offline_access")
            && entry.prompt.split_whitespace().any(|p| p == "consent");
        let grant = Grant {
            user: entry.user.clone(),
            nonce: entry.nonce.clone(),
            scope: entry.scope.clone(),
            resources: entry.resources.clone(),
            revoked: false,
        };
        self.grants.push(grant);
        let grant = self.grants.len() - 1;
        if let Some(entry) = self.codes.get_mut(code) {
            entry.grant = Some(grant);
        }
        self.issue(grant, with_refresh, form, false)
    }

    fn refresh_grant(&mut self, form: &[(String, String)]) -> Reply {
        let Some(token) = value(form, "refresh_token") else {
            let description = "missing required parameter 'refresh_token'";
            return Reply::oidc_error(400, "invalid_request", description);
        };
        let Some(record) = self.refresh_tokens.get(token) else {
            return Reply::invalid_grant();
        };
        let (grant, used) = (record.grant, record.used);
        if self.has(&M::RefreshInvalidGrant) || used {
            // Reuse of a rotated refresh token ends the whole grant, as in Logto.
            self.revoke_grant(grant);
            return Reply::invalid_grant();
        }
        if self.grants[grant].revoked {
            return Reply::invalid_grant();
        }
        let (resources, scope) = (&self.grants[grant].resources, &self.grants[grant].scope);
        let user = self.live_user(grant);
        if let Some(refusal) = self.resource_refusal(form, resources, scope, &user) {
            return refusal;
        }
        if let Some(record) = self.refresh_tokens.get_mut(token) {
            record.used = true;
        }
        self.issue(grant, true, form, true)
    }

    /// The token response: access token (opaque, or a JWT for `resource`/`organization_id`),
    /// ID token, maybe a new refresh token, scope.
    fn issue(
        &mut self,
        grant: usize,
        with_refresh: bool,
        form: &[(String, String)],
        refreshed: bool,
    ) -> Reply {
        let user = self.live_user(grant);
        let scope = self.grants[grant].scope.clone();
        let nonce = self.grants[grant].nonce.clone();
        let ttl = self.access_token_ttl;
        let organization_id = value(form, "organization_id");
        // Logto's organization tokens are for `urn:logto:organization:<id>`.
        let audience = match organization_id {
            Some(id) => Some(format!("urn:logto:organization:{id}")),
            None => value(form, "resource").map(str::to_owned),
        };
        let (access_token, granted_scope) = if let Some(audience) = &audience {
            let requested = value(form, "scope").unwrap_or_default().to_owned();
            let input = AccessTokenInput {
                sub: &user.sub,
                audience,
                scope: &requested,
                organization_id,
                ttl,
            };
            (resource_access_token(self, &input), requested)
        } else {
            let token = opaque();
            let record = AccessRecord {
                grant,
                expires_at: now() + ttl,
            };
            self.access_tokens.insert(token.clone(), record);
            (token, scope.clone())
        };
        let mut body = Map::new();
        body.insert("access_token".into(), json!(access_token));
        body.insert("expires_in".into(), json!(ttl));
        if scope.split_whitespace().any(|s| s == "openid") {
            let input = IdTokenInput {
                user: &user,
                scope: &scope,
                nonce: nonce.as_deref(),
                access_token: &access_token,
                refreshed,
                sid: self
                    .backchannel_sid
                    .then(|| format!("sid-of-grant-{grant}")),
            };
            body.insert("id_token".into(), json!(id_token(self, &input)));
        }
        if with_refresh {
            let refresh_token = opaque();
            let record = RefreshRecord { grant, used: false };
            self.refresh_tokens.insert(refresh_token.clone(), record);
            body.insert("refresh_token".into(), json!(refresh_token));
        }
        if !granted_scope.is_empty() {
            body.insert("scope".into(), json!(granted_scope));
        }
        body.insert("token_type".into(), json!("Bearer"));
        for name in ["access_token", "id_token", "refresh_token"] {
            if let Some(Value::String(token)) = body.get(name) {
                self.issued.push(token.clone());
            }
        }
        Reply::json(200, &Value::Object(body))
    }
}
