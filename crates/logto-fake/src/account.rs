//! Logto's Account API (`/api/my-account`), the password route of its Verification API
//! (`/api/verifications/password`; the code routes are `verification_code.rs`) and the Account Center settings
//! (`/api/.well-known/account-center`), for the user behind an opaque access token.
//!
//! As in Logto's source (logto-io/logto): the token check of
//! `packages/core/src/middleware/koa-auth/koa-oidc-auth.ts` (401 `auth.unauthorized` for an
//! unknown token, 403 `auth.forbidden` without `openid`), the `enabled` check of
//! `routes/account/middlewares/koa-account-center.ts` (400 `account_center.not_enabled`), the
//! field, scope and verification checks of `routes/account/index.ts` and
//! `routes/account/sessions.ts` (in that file's order: verification, field, scope), the record of
//! `routes/verification/index.ts` (201 `{verificationRecordId, expiresAt}`, 10 minutes; 422
//! `session.invalid_credentials` for a wrong password), and the messages of
//! `packages/phrases/src/locales/en/errors/`.

use serde_json::{Map, Value, json};

use super::TestUser;
use super::account_state::Verification;
use super::clock::now;
use super::random::opaque;
use super::reply::Reply;
use super::state::CLIENT_ID;
use super::state::State;

/// How long a verification record lasts (Logto: 10 minutes).
pub const VERIFICATION_TTL_SECS: i64 = 600;
/// `UserScope.Sessions`.
const SESSIONS_SCOPE: &str = "urn:logto:scope:sessions";
/// The header a verification record id comes in.
pub const VERIFICATION_HEADER: &str = "logto-verification-id";

/// A request to the Account API, as the router hands it over.
pub struct AccountRequest<'a> {
    pub authorization: Option<&'a str>,
    pub verification: Option<&'a str>,
    pub body: &'a [u8],
}

pub(crate) fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::json(status, &json!({ "code": code, "message": message }))
}

fn not_editable() -> Reply {
    error(
        400,
        "account_center.field_not_editable",
        "Field is not editable.",
    )
}

fn permission_denied() -> Reply {
    let message = "Permission denied, please re-authenticate.";
    error(401, "verification_record.permission_denied", message)
}

fn unauthorized(status: u16) -> Reply {
    let message = "Unauthorized. Please check credentials and its scope.";
    error(status, "auth.unauthorized", message)
}

/// ISO 8601 in UTC with milliseconds, like `Date.prototype.toISOString`.
pub(crate) fn iso8601(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// The user and scopes behind a valid token.
pub(crate) struct Caller {
    pub(crate) grant: usize,
    pub(crate) user: TestUser,
    pub(crate) scopes: Vec<String>,
}

impl Caller {
    fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

impl State {
    fn field(&self, name: &str) -> &str {
        self.account.center["fields"][name]
            .as_str()
            .unwrap_or("Off")
    }

    fn center_enabled(&self) -> bool {
        self.account.center["enabled"].as_bool().unwrap_or(false)
    }

    /// `koa-oidc-auth.ts`: a Bearer token the fake issued, live, with `openid`.
    pub(crate) fn caller(&self, authorization: Option<&str>) -> Result<Caller, Reply> {
        let Some(header) = authorization else {
            let message = "Authorization header is missing.";
            return Err(error(401, "auth.authorization_header_missing", message));
        };
        let Some(token) = header.strip_prefix("Bearer ") else {
            let message = "Authorization type is not supported.";
            return Err(error(
                401,
                "auth.authorization_token_type_not_supported",
                message,
            ));
        };
        let Some(record) = self.access_tokens.get(token.trim()) else {
            return Err(unauthorized(401));
        };
        if record.expires_at <= now() || self.grants[record.grant].revoked {
            return Err(unauthorized(401));
        }
        let grant = &self.grants[record.grant];
        let scopes: Vec<String> = grant.scope.split_whitespace().map(str::to_owned).collect();
        if !scopes.iter().any(|s| s == "openid") {
            let message = "Forbidden. Please check your user roles and permissions.";
            return Err(error(403, "auth.forbidden", message));
        }
        Ok(Caller {
            grant: record.grant,
            user: self.live_user(record.grant),
            scopes,
        })
    }

    /// The token check, then the Account Center's `enabled` (every `/api/my-account` route).
    fn account_caller(&self, authorization: Option<&str>) -> Result<Caller, Reply> {
        let caller = self.caller(authorization)?;
        if !self.center_enabled() {
            let message = "Account center is not enabled.";
            return Err(error(400, "account_center.not_enabled", message));
        }
        Ok(caller)
    }

    /// Whether `id` names a live, verified record of `sub` (a code record counts only once its
    /// code came back, and only when Logto tied it to the user).
    fn verified(&self, id: Option<&str>, sub: &str) -> bool {
        id.and_then(|id| self.account.verifications.get(id))
            .is_some_and(|v| v.sub.as_deref() == Some(sub) && v.verified && v.expires_at > now())
    }

    /// `GET /api/.well-known/account-center`.
    pub fn account_center(&self) -> Reply {
        if let Some(status) = self.find(|m| match m {
            super::misbehaviour::Misbehaviour::AccountCenterStatus(s) => Some(*s),
            _ => None,
        }) {
            return Reply::forced_status(
                status,
                &self.issuer(),
                super::recorded::Endpoint::AccountCenter,
            );
        }
        let mut body = self.account.center.clone();
        body["tenantId"] = json!("default");
        body["id"] = json!("default");
        body["webauthnRelatedOrigins"] = json!([]);
        Reply::json(200, &body)
    }

    /// The profile as `GET /api/my-account` answers it: the fields the Account Center has
    /// `Off` left out (`getAccountCenterFilteredProfile`).
    fn account_body(&self, user: &TestUser) -> Value {
        let claims = &user.claims;
        let mut body = Map::new();
        body.insert("id".into(), json!(user.sub));
        let fields = [
            ("name", "name", claims["name"].clone()),
            ("avatar", "avatar", claims["picture"].clone()),
            ("username", "username", claims["username"].clone()),
            ("email", "primaryEmail", claims["email"].clone()),
            ("phone", "primaryPhone", claims["phone_number"].clone()),
            (
                "customData",
                "customData",
                user.userinfo_extra
                    .get("custom_data")
                    .cloned()
                    .unwrap_or_else(|| json!({})),
            ),
            (
                "profile",
                "profile",
                Value::Object(
                    self.account
                        .profiles
                        .get(&user.sub)
                        .cloned()
                        .unwrap_or_default(),
                ),
            ),
        ];
        for (field, key, value) in fields {
            if self.field(field) != "Off" {
                body.insert(key.into(), value);
            }
        }
        // `getAccountCenterFilteredProfile`: `hasPassword` only when the password field is
        // readable (ReadOnly or Edit), like the other fields.
        if self.field("password") != "Off" {
            let has_password = self.account.passwords.contains_key(&user.sub);
            body.insert("hasPassword".into(), json!(has_password));
        }
        Value::Object(body)
    }

    /// Applies `change` to the user behind `grant` (and to the current test user, the same
    /// person, so userinfo and refreshes see it).
    fn change_user(&mut self, grant: usize, change: impl Fn(&mut TestUser)) {
        let sub = self.grants[grant].user.sub.clone();
        change(&mut self.grants[grant].user);
        if self.user.sub == sub {
            change(&mut self.user);
        }
    }

    /// `GET /api/my-account`.
    pub fn my_account(&self, request: &AccountRequest<'_>) -> Reply {
        match self.account_caller(request.authorization) {
            Ok(caller) => Reply::json(200, &self.account_body(&caller.user)),
            Err(reply) => reply,
        }
    }

    /// `PATCH /api/my-account`: `name`, `avatar`, `username`, `customData`.
    pub fn update_my_account(&mut self, request: &AccountRequest<'_>) -> Reply {
        let caller = match self.account_caller(request.authorization) {
            Ok(caller) => caller,
            Err(reply) => return reply,
        };
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(request.body) else {
            return error(400, "guard.invalid_input", "The request body is invalid.");
        };
        for field in ["name", "avatar", "username", "customData"] {
            if body.contains_key(field) && self.field(field) != "Edit" {
                return not_editable();
            }
        }
        if !caller.has("profile") {
            return unauthorized(400);
        }
        if body.contains_key("username") && !self.verified(request.verification, &caller.user.sub) {
            return permission_denied();
        }
        for (field, claim) in [
            ("name", "name"),
            ("avatar", "picture"),
            ("username", "username"),
        ] {
            if let Some(value) = body.get(field) {
                self.change_user(caller.grant, |user| user.claims[claim] = value.clone());
            }
        }
        if let Some(value) = body.get("customData") {
            self.change_user(caller.grant, |user| {
                user.userinfo_extra["custom_data"] = value.clone();
            });
        }
        Reply::json(200, &self.account_body(&self.live_user(caller.grant)))
    }

    /// `PATCH /api/my-account/profile`.
    pub fn update_my_profile(&mut self, request: &AccountRequest<'_>) -> Reply {
        let caller = match self.account_caller(request.authorization) {
            Ok(caller) => caller,
            Err(reply) => return reply,
        };
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(request.body) else {
            return error(400, "guard.invalid_input", "The request body is invalid.");
        };
        if self.field("profile") != "Edit" {
            return not_editable();
        }
        if !caller.has("profile") {
            return unauthorized(400);
        }
        let profile = self
            .account
            .profiles
            .entry(caller.user.sub.clone())
            .or_default();
        profile.extend(body);
        Reply::json(200, &Value::Object(profile.clone()))
    }

    /// `POST /api/verifications/password` (no Account Center check: another router).
    pub fn verify_password(&mut self, request: &AccountRequest<'_>) -> Reply {
        let caller = match self.caller(request.authorization) {
            Ok(caller) => caller,
            Err(reply) => return reply,
        };
        let body: Value = serde_json::from_slice(request.body).unwrap_or_default();
        let Some(password) = body["password"].as_str().filter(|p| !p.is_empty()) else {
            return error(400, "guard.invalid_input", "The request body is invalid.");
        };
        if self
            .account
            .passwords
            .get(&caller.user.sub)
            .map(String::as_str)
            != Some(password)
        {
            let message = "Incorrect account or password. Please check your input.";
            return error(422, "session.invalid_credentials", message);
        }
        let id = opaque();
        let expires_at = now() + VERIFICATION_TTL_SECS;
        let record = Verification {
            sub: Some(caller.user.sub.clone()),
            expires_at,
            verified: true,
        };
        self.account.verifications.insert(id.clone(), record);
        let body = json!({ "verificationRecordId": id, "expiresAt": iso8601(expires_at) });
        Reply::json(201, &body)
    }

    /// `GET /api/my-account/sessions`.
    pub fn my_sessions(&self, request: &AccountRequest<'_>) -> Reply {
        let caller = match self.account_caller(request.authorization) {
            Ok(caller) => caller,
            Err(reply) => return reply,
        };
        if !self.verified(request.verification, &caller.user.sub) {
            return permission_denied();
        }
        if !matches!(self.field("session"), "ReadOnly" | "Edit") {
            let message = "Field is not enabled.";
            return error(400, "account_center.field_not_enabled", message);
        }
        if !caller.has(SESSIONS_SCOPE) {
            return unauthorized(401);
        }
        let sessions: Vec<Value> = self
            .account
            .sessions
            .iter()
            .filter(|s| s.sub == caller.user.sub)
            .map(|s| {
                let mut authorization = json!({ "persistsLogout": true });
                if let Some(sid) = &s.sid {
                    authorization["sid"] = json!(sid);
                }
                if let Some(grant) = s.grant {
                    authorization["grantId"] = json!(format!("grant-{grant}"));
                }
                // Logto keeps the interaction's last submission, with the browser it came
                // from (`signInContext`), only for sign-ins it saw; `null` otherwise.
                let last_submission = match (&s.user_agent, &s.ip) {
                    (None, None) => Value::Null,
                    (user_agent, ip) => json!({
                        "interactionEvent": "SignIn",
                        "userId": s.sub,
                        "verificationRecords": [],
                        "signInContext": { "userAgent": user_agent, "ip": ip },
                    }),
                };
                json!({
                    "payload": {
                        "exp": s.expires_at,
                        "iat": s.login_ts,
                        // oidc-provider's `jti` is the id in the browser's session cookie,
                        // `uid` the id the Account API ends a session by: never the same.
                        "jti": format!("cookie-id-of-{}", s.uid),
                        "uid": s.uid,
                        "kind": "Session",
                        "loginTs": s.login_ts,
                        "accountId": s.sub,
                        "authorizations": { CLIENT_ID: authorization },
                    },
                    "lastSubmission": last_submission,
                    "clientId": CLIENT_ID,
                    "accountId": s.sub,
                    "expiresAt": s.expires_at * 1000,
                })
            })
            .collect();
        Reply::json(200, &json!({ "sessions": sessions }))
    }

    /// `DELETE /api/my-account/sessions/:id` (`?revokeGrants=true`, or the later
    /// `?revokeGrantsTarget=all|firstParty`).
    pub fn end_my_session(
        &mut self,
        request: &AccountRequest<'_>,
        uid: &str,
        query: &[(String, String)],
    ) -> Reply {
        let caller = match self.account_caller(request.authorization) {
            Ok(caller) => caller,
            Err(reply) => return reply,
        };
        if !self.verified(request.verification, &caller.user.sub) {
            return permission_denied();
        }
        if self.field("session") != "Edit" {
            return not_editable();
        }
        if !caller.has(SESSIONS_SCOPE) {
            return unauthorized(401);
        }
        let Some(index) = self.account.sessions.iter().position(|s| s.uid == uid) else {
            return error(404, "oidc.session_not_found", "Session not found.");
        };
        if self.account.sessions[index].sub != caller.user.sub {
            let message = "The session's account id does not match the current user.";
            return error(404, "oidc.invalid_session_account_id", message);
        }
        let revoke = super::state::value(query, "revokeGrants")
            .is_some_and(|v| matches!(v, "true" | "1" | "yes" | "y"))
            || super::state::value(query, "revokeGrantsTarget").is_some();
        let session = self.account.sessions.remove(index);
        if revoke && let Some(grant) = session.grant {
            self.revoke_grant(grant);
        }
        self.account.ended_sessions.push((session.uid, revoke));
        Reply::empty_status(204)
    }
}

#[cfg(test)]
mod tests {
    use super::iso8601;

    #[test]
    fn iso8601_writes_dates_like_javascript() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_735_689_600), "2025-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400 + 3661), "2000-02-29T01:01:01.000Z");
    }
}
