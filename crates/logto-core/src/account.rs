//! Logto's Account API (`{endpoint}/api/my-account`) and Verification API
//! (`{endpoint}/api/verifications`): the signed-in user reads and edits their own account, proves
//! who they are with their password (or a one-time code: [`crate::verification_code`]), and
//! lists or ends their sessions.
//!
//! Every call but [`LogtoClient::account_center`] takes the user's own access token for Logto
//! itself: the opaque token of the sign-in (no `resource`), the one userinfo takes. Logto answers
//! only what the Account Center settings (Console → Sign-in & account → Account center) allow.
//!
//! Shapes, status codes and error codes read from Logto's source (logto-io/logto):
//! - routes: `packages/core/src/routes/account/index.ts` (profile, `PATCH`es),
//!   `packages/core/src/routes/account/sessions.ts` (sessions),
//!   `packages/core/src/routes/account/middlewares/koa-account-center.ts` (the `enabled` check),
//!   `packages/core/src/routes/account/constants.ts` (the `/my-account` prefix),
//!   `packages/core/src/routes/verification/index.ts` (`POST /verifications/password`; the
//!   one-time code routes are in [`crate::verification_code`]);
//! - the token check: `packages/core/src/middleware/koa-auth/koa-oidc-auth.ts`;
//! - the settings: `packages/schemas/src/foundations/jsonb-types/account-centers.ts`;
//! - sessions: `getUserSessionsResponseGuard` in `packages/schemas/src/types/` (user sessions);
//! - messages: `packages/phrases/src/locales/en/errors/` (`account-center.ts`,
//!   `verification-record.ts`, `auth.ts`, `session.ts`).
//!
//! Tokens, passwords and verification record ids are never logged, and none of these values
//! shows a secret in its `Debug`.

use std::{fmt, time::Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{LogtoClient, LogtoError};

/// The scope an access token needs for the session calls ([`LogtoClient::my_sessions`],
/// [`LogtoClient::end_my_session`]); ask for it at sign-in (`UserScope.Sessions` in Logto).
pub const SESSIONS_SCOPE: &str = "urn:logto:scope:sessions";

/// The header that carries a verification record id on calls that need a verified identity.
pub const VERIFICATION_HEADER: &str = "logto-verification-id";

/// What the Account Center lets the user do with one field (`AccountCenterControlValue` in
/// `account-centers.ts`). A field the settings leave out is `Off`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldControl {
    /// Not shown, not editable.
    #[default]
    Off,
    /// Shown (and, for sessions, listed) but not editable.
    ReadOnly,
    /// Editable through the Account API.
    Edit,
}

/// The per-field controls (`accountCenterFieldControlGuard` in `account-centers.ts`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccountCenterFields {
    /// `name`.
    pub name: FieldControl,
    /// `avatar`.
    pub avatar: FieldControl,
    /// `profile` (given name, family name… through `PATCH /api/my-account/profile`).
    pub profile: FieldControl,
    /// Primary email.
    pub email: FieldControl,
    /// Primary phone.
    pub phone: FieldControl,
    /// Password.
    pub password: FieldControl,
    /// Username.
    pub username: FieldControl,
    /// Social identities.
    pub social: FieldControl,
    /// `customData`.
    pub custom_data: FieldControl,
    /// MFA factors.
    pub mfa: FieldControl,
    /// Sessions (`ReadOnly` to list them, `Edit` to end one).
    pub session: FieldControl,
}

/// Logto's Account Center settings, as `GET {endpoint}/api/.well-known/account-center` answers
/// them (no authentication). Fields Logto adds later are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountCenter {
    /// Whether the Account API answers at all (`koa-account-center.ts` refuses every call
    /// otherwise).
    #[serde(default)]
    pub enabled: bool,
    /// What each field allows.
    #[serde(default)]
    pub fields: AccountCenterFields,
}

/// The user's account as `GET /api/my-account` answers it (`userProfileResponseGuard`, partial:
/// Logto leaves out the fields the Account Center has `Off`, so every field may be missing).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The user id (the ID token's `sub`).
    #[serde(default)]
    pub id: Option<String>,
    /// Username.
    #[serde(default)]
    pub username: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Avatar URL.
    #[serde(default)]
    pub avatar: Option<String>,
    /// Primary email.
    #[serde(default)]
    pub primary_email: Option<String>,
    /// Primary phone.
    #[serde(default)]
    pub primary_phone: Option<String>,
    /// The OIDC profile fields (`givenName`, `familyName`, `locale`…), as Logto sends them.
    #[serde(default)]
    pub profile: Option<Map<String, Value>>,
    /// `customData`.
    #[serde(default)]
    pub custom_data: Option<Value>,
    /// Whether the user has a password.
    #[serde(default)]
    pub has_password: Option<bool>,
}

/// What [`LogtoClient::update_my_account`] changes: only the fields set are sent; each needs
/// its Account Center field set to `Edit` (and a username also a verified identity, which this
/// call does not send: Logto then refuses it with [`AccountError::VerificationRequired`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountUpdate {
    /// A new display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new avatar URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// A new username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// Proof that the user just gave their password (`POST /api/verifications/password` answers it:
/// 201, `{verificationRecordId, expiresAt}`) or typed back a one-time code
/// ([`LogtoClient::verify_code`]), valid 10 minutes. Its id is sent as the
/// [`VERIFICATION_HEADER`] and is as good as the password for that time, so `Debug` hides it.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationRecord {
    #[serde(rename = "verificationRecordId")]
    id: String,
    /// When Logto stops accepting it, as Logto wrote it (ISO 8601, e.g.
    /// `2025-01-01T10:10:00.000Z`).
    pub expires_at: String,
}

impl VerificationRecord {
    /// The record id, for the [`VERIFICATION_HEADER`]: a secret for ten minutes.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A record known by its id (kept by the caller between requests) and its expiry.
    pub fn from_parts(id: impl Into<String>, expires_at: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            expires_at: expires_at.into(),
        }
    }
}

impl fmt::Debug for VerificationRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerificationRecord")
            .field("id", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// One of the user's sign-in sessions at Logto, from `GET /api/my-account/sessions`
/// (`userExtendedSessionGuard`: oidc-provider's session `payload` plus `clientId`,
/// `accountId`, `expiresAt`).
#[derive(Clone, Debug, PartialEq)]
pub struct AccountSession {
    /// The session's `uid` (`payload.uid`): what [`LogtoClient::end_my_session`] takes.
    pub id: String,
    /// The application that started it, when Logto knows.
    pub client_id: Option<String>,
    /// When the user signed in (unix seconds, `payload.loginTs`).
    pub login_ts: Option<i64>,
    /// When it expires: `expiresAt` (unix milliseconds) when Logto sends it.
    pub expires_at: Option<i64>,
    /// Whether it is the session behind this access token (`isCurrent`, newer Logto only).
    pub is_current: Option<bool>,
    /// The entry as Logto sent it (`payload`, `lastSubmission` with the sign-in context…).
    pub raw: Value,
}

impl AccountSession {
    /// The `sid` this session gave application `client_id` (`payload.authorizations`): the
    /// ID tokens of a sign-in through it carry the same `sid` (when the application requires
    /// it for back-channel logout), which is how an app finds the session of this browser and
    /// its own sessions that ended with it.
    pub fn sid_for(&self, client_id: &str) -> Option<&str> {
        self.raw
            .pointer("/payload/authorizations")?
            .get(client_id)?
            .get("sid")?
            .as_str()
    }

    /// What Logto recorded of the browser at sign-in (`lastSubmission.signInContext`, Logto
    /// 1.3x and later): its user agent, IP address and, where Logto's host adds them, country
    /// and city. Every part may be missing; the values are the browser's and Logto's words, to
    /// be shown as text, never as markup.
    pub fn sign_in_context(&self) -> SignInContext {
        let context = self.raw.pointer("/lastSubmission/signInContext");
        let text = |name: &str| {
            context
                .and_then(|c| c.get(name))
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        SignInContext {
            user_agent: text("userAgent"),
            ip: text("ip"),
            country: text("country"),
            city: text("city"),
        }
    }

    fn from_value(raw: Value) -> Option<Self> {
        let payload = raw.get("payload")?;
        let id = payload.get("uid")?.as_str()?.to_owned();
        Some(Self {
            id,
            client_id: raw
                .get("clientId")
                .and_then(Value::as_str)
                .map(str::to_owned),
            login_ts: payload.get("loginTs").and_then(Value::as_i64),
            expires_at: raw.get("expiresAt").and_then(Value::as_i64),
            is_current: raw.get("isCurrent").and_then(Value::as_bool),
            raw,
        })
    }
}

/// Where a session signed in from, as Logto recorded it (`userSessionSignInContextGuard` in
/// `packages/schemas/src/types/user-sessions.ts`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInContext {
    /// The browser's `User-Agent`.
    pub user_agent: Option<String>,
    /// The IP address Logto saw.
    pub ip: Option<String>,
    /// The country, when Logto's host (e.g. a CDN) tells it.
    pub country: Option<String>,
    /// The city, likewise.
    pub city: Option<String>,
}

/// Why an Account or Verification API call failed. Logto's codes (from its routes, see the
/// module's sources) are sorted into the cases a caller acts on; the rest stay
/// [`Refused`](Self::Refused) with Logto's own words.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The Account Center is off (`account_center.not_enabled`): nothing in the Account API
    /// answers.
    #[error("Logto's Account Center is not enabled: {message}")]
    NotEnabled {
        /// Logto's message.
        message: String,
    },
    /// The field is not `Edit` in the Account Center (`account_center.field_not_editable`).
    #[error("Logto refused to edit the field: {message}")]
    FieldNotEditable {
        /// Logto's message.
        message: String,
    },
    /// The field is `Off` in the Account Center (`account_center.field_not_enabled`), e.g.
    /// listing sessions when sessions are off.
    #[error("the field is not enabled in Logto's Account Center: {message}")]
    FieldNotEnabled {
        /// Logto's message.
        message: String,
    },
    /// The call needs a verified identity and the verification record is missing, expired,
    /// unknown or someone else's (401 `verification_record.permission_denied`, or
    /// `verification_record.not_found`): verify again ([`LogtoClient::verify_password`] or
    /// [`LogtoClient::verify_code`]).
    #[error("Logto wants the user to verify their identity again: {message}")]
    VerificationRequired {
        /// Logto's message.
        message: String,
    },
    /// A session call was refused with 401 `auth.unauthorized`: the access token lacks
    /// [`SESSIONS_SCOPE`] (Logto answers an expired or unknown token the same way).
    #[error("the access token lacks the scope `{scope}`: {message}")]
    MissingScope {
        /// The scope the call needs.
        scope: &'static str,
        /// Logto's message.
        message: String,
    },
    /// The access token was refused (`auth.unauthorized`, `auth.forbidden`,
    /// `auth.authorization_header_missing`…): expired, revoked, not for Logto itself, or
    /// without a scope the call needs (`profile` for `PATCH`es).
    #[error("Logto refused the access token ({code}): {message}")]
    Unauthorized {
        /// Logto's code.
        code: String,
        /// Logto's message.
        message: String,
    },
    /// The password is wrong (422 `session.invalid_credentials`).
    #[error("the password is wrong: {message}")]
    WrongPassword {
        /// Logto's message.
        message: String,
    },
    /// The one-time code is wrong (400 `verification_code.code_mismatch`): the same code can be
    /// typed again, until Logto's limit of tries ([`TooManyTries`](Self::TooManyTries)).
    #[error("the verification code is wrong: {message}")]
    WrongCode {
        /// Logto's message.
        message: String,
    },
    /// The one-time code can no longer be used (400 `verification_code.expired`, ten minutes
    /// after it was sent, or `verification_code.not_found`, already used or never sent): ask
    /// for a new one.
    #[error("the verification code has expired: {message}")]
    CodeExpired {
        /// Logto's message.
        message: String,
    },
    /// Too many wrong codes for this one (400 `verification_code.exceed_max_try`, after ten):
    /// ask for a new one.
    #[error("too many wrong verification codes: {message}")]
    TooManyTries {
        /// Logto's message.
        message: String,
    },
    /// Anything else Logto refused, with its status, code and message as it worded them.
    #[error("Logto refused the call (HTTP {status}, {code}): {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// Logto's code, e.g. `user.username_already_in_use`.
        code: String,
        /// Logto's message.
        message: String,
    },
    /// No answer from Logto, or one that is not Logto's JSON.
    #[error(transparent)]
    Logto(#[from] LogtoError),
}

impl AccountError {
    /// Logto's own message for a refusal, as it words it (to show the user); `None` when the
    /// call failed before Logto could answer.
    pub fn logto_message(&self) -> Option<&str> {
        match self {
            Self::NotEnabled { message }
            | Self::FieldNotEditable { message }
            | Self::FieldNotEnabled { message }
            | Self::VerificationRequired { message }
            | Self::MissingScope { message, .. }
            | Self::Unauthorized { message, .. }
            | Self::WrongPassword { message }
            | Self::WrongCode { message }
            | Self::CodeExpired { message }
            | Self::TooManyTries { message }
            | Self::Refused { message, .. } => Some(message),
            Self::Logto(_) => None,
        }
    }
}

/// Logto's error body (`RequestError` in `packages/core/src/errors`).
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

/// Which call failed, for the error mapping and the metrics label.
#[derive(Clone, Copy)]
pub(crate) enum Call {
    AccountCenter,
    MyAccount,
    Verification,
    Sessions,
}

impl Call {
    fn label(self) -> &'static str {
        match self {
            Call::AccountCenter => "account_center",
            Call::MyAccount => "my_account",
            Call::Verification => "verification",
            Call::Sessions => "my_account_sessions",
        }
    }
}

fn refusal(call: Call, status: u16, body: &[u8]) -> AccountError {
    let Ok(ErrorBody { code, message }) = serde_json::from_slice::<ErrorBody>(body) else {
        return LogtoError::BadResponse(format!("{}: HTTP {status}", call.label())).into();
    };
    match code.as_str() {
        "account_center.not_enabled" => AccountError::NotEnabled { message },
        "account_center.field_not_editable" => AccountError::FieldNotEditable { message },
        "account_center.field_not_enabled" => AccountError::FieldNotEnabled { message },
        "verification_record.permission_denied" | "verification_record.not_found" => {
            AccountError::VerificationRequired { message }
        }
        "session.invalid_credentials" => AccountError::WrongPassword { message },
        "verification_code.code_mismatch" => AccountError::WrongCode { message },
        "verification_code.expired" | "verification_code.not_found" => {
            AccountError::CodeExpired { message }
        }
        "verification_code.exceed_max_try" => AccountError::TooManyTries { message },
        "auth.unauthorized" if matches!(call, Call::Sessions) => AccountError::MissingScope {
            scope: SESSIONS_SCOPE,
            message,
        },
        c if c.starts_with("auth.") => AccountError::Unauthorized { code, message },
        _ => AccountError::Refused {
            status,
            code,
            message,
        },
    }
}

impl LogtoClient {
    fn api_url(&self, path: &str) -> String {
        format!(
            "{}/api/{path}",
            self.settings.endpoint.as_str().trim_end_matches('/')
        )
    }

    /// Sends `request` and returns the body of a 2xx answer; a 4xx/5xx becomes an
    /// [`AccountError`].
    pub(crate) async fn account_call(
        &self,
        call: Call,
        request: reqwest::RequestBuilder,
    ) -> Result<Vec<u8>, AccountError> {
        let started = Instant::now();
        let sent = request.send().await.map_err(LogtoError::from_reqwest);
        let response = match sent {
            Ok(response) => response,
            Err(err) => {
                crate::metrics::logto_call(call.label(), started, false);
                return Err(err.into());
            }
        };
        let status = response.status();
        let body = response.bytes().await.map_err(LogtoError::from_reqwest);
        crate::metrics::logto_call(call.label(), started, status.is_success() && body.is_ok());
        let body = body?;
        if status.is_success() {
            Ok(body.to_vec())
        } else {
            let err = refusal(call, status.as_u16(), &body);
            tracing::debug!(endpoint = call.label(), status = status.as_u16(), error = %err, "Logto refused an Account API call");
            Err(err)
        }
    }

    pub(crate) fn parse<T: for<'de> Deserialize<'de>>(
        call: Call,
        body: &[u8],
    ) -> Result<T, AccountError> {
        serde_json::from_slice(body).map_err(|e| {
            LogtoError::BadResponse(format!("{}: unreadable answer: {e}", call.label())).into()
        })
    }

    pub(crate) fn authorized(
        &self,
        method: reqwest::Method,
        path: &str,
        access_token: &str,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.api_url(path))
            .bearer_auth(access_token)
            .header(reqwest::header::ACCEPT, "application/json")
    }

    pub(crate) fn with_json(
        request: reqwest::RequestBuilder,
        body: &impl Serialize,
    ) -> reqwest::RequestBuilder {
        let body = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
        request
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
    }

    /// Logto's Account Center settings: whether the Account API is on and what each field
    /// allows. Needs no token.
    pub async fn account_center(&self) -> Result<AccountCenter, AccountError> {
        let request = self
            .http
            .get(self.api_url(".well-known/account-center"))
            .header(reqwest::header::ACCEPT, "application/json");
        let body = self.account_call(Call::AccountCenter, request).await?;
        Self::parse(Call::AccountCenter, &body)
    }

    /// The signed-in user's account (`GET /api/my-account`), with the fields the Account Center
    /// does not have `Off`.
    pub async fn my_account(&self, access_token: &str) -> Result<Account, AccountError> {
        let request = self.authorized(reqwest::Method::GET, "my-account", access_token);
        let body = self.account_call(Call::MyAccount, request).await?;
        Self::parse(Call::MyAccount, &body)
    }

    /// Changes the name, avatar and/or username (`PATCH /api/my-account`); only the fields set
    /// in `update` are sent. Answers the account as it is now.
    pub async fn update_my_account(
        &self,
        access_token: &str,
        update: &AccountUpdate,
    ) -> Result<Account, AccountError> {
        let request = self.authorized(reqwest::Method::PATCH, "my-account", access_token);
        let request = Self::with_json(request, update);
        let body = self.account_call(Call::MyAccount, request).await?;
        Self::parse(Call::MyAccount, &body)
    }

    /// Changes OIDC profile fields (`PATCH /api/my-account/profile`: `givenName`,
    /// `familyName`, `locale`…, camelCase as Logto names them). Needs the `profile` field set to
    /// `Edit`. Answers the whole profile as it is now.
    pub async fn update_my_profile(
        &self,
        access_token: &str,
        profile: &Map<String, Value>,
    ) -> Result<Map<String, Value>, AccountError> {
        let request = self.authorized(reqwest::Method::PATCH, "my-account/profile", access_token);
        let request = Self::with_json(request, profile);
        let body = self.account_call(Call::MyAccount, request).await?;
        Self::parse(Call::MyAccount, &body)
    }

    /// Proves the user's identity with their password (`POST /api/verifications/password`):
    /// the record answered is good for 10 minutes on calls that need a verified identity. The
    /// password is sent once and neither logged nor kept.
    pub async fn verify_password(
        &self,
        access_token: &str,
        password: &str,
    ) -> Result<VerificationRecord, AccountError> {
        let request = self.authorized(
            reqwest::Method::POST,
            "verifications/password",
            access_token,
        );
        let request = Self::with_json(request, &serde_json::json!({ "password": password }));
        let body = self.account_call(Call::Verification, request).await?;
        Self::parse(Call::Verification, &body)
    }

    /// The user's active sessions at Logto (`GET /api/my-account/sessions`). Needs
    /// [`SESSIONS_SCOPE`] in the token, sessions at least `ReadOnly` in the Account Center, and
    /// a verified identity (`verification`).
    pub async fn my_sessions(
        &self,
        access_token: &str,
        verification: &VerificationRecord,
    ) -> Result<Vec<AccountSession>, AccountError> {
        let request = self
            .authorized(reqwest::Method::GET, "my-account/sessions", access_token)
            .header(VERIFICATION_HEADER, verification.id());
        let body = self.account_call(Call::Sessions, request).await?;
        #[derive(Deserialize)]
        struct Sessions {
            sessions: Vec<Value>,
        }
        let Sessions { sessions } = Self::parse(Call::Sessions, &body)?;
        sessions
            .into_iter()
            .map(|raw| {
                AccountSession::from_value(raw).ok_or_else(|| {
                    LogtoError::BadResponse("my_account_sessions: a session has no uid".into())
                        .into()
                })
            })
            .collect()
    }

    /// Ends one of the user's sessions (`DELETE /api/my-account/sessions/:id`), signing that
    /// browser out of Logto; with `revoke_grants`, also revokes the grants (and so the refresh
    /// and access tokens) of the apps signed in through it. Needs [`SESSIONS_SCOPE`], sessions
    /// set to `Edit`, and a verified identity.
    ///
    /// Logto 1.37 reads `revokeGrants=true`; later versions read `revokeGrantsTarget=all`
    /// instead (`sessions.ts`): both are sent, each version ignores the other's.
    pub async fn end_my_session(
        &self,
        access_token: &str,
        verification: &VerificationRecord,
        session_id: &str,
        revoke_grants: bool,
    ) -> Result<(), AccountError> {
        let mut url = url::Url::parse(&self.api_url("my-account/sessions/"))
            .map_err(|e| LogtoError::BadResponse(e.to_string()))?;
        url.path_segments_mut()
            .map_err(|()| LogtoError::BadResponse("the endpoint cannot have a path".into()))?
            .pop_if_empty()
            .push(session_id);
        if revoke_grants {
            url.query_pairs_mut()
                .append_pair("revokeGrants", "true")
                .append_pair("revokeGrantsTarget", "all");
        }
        let request = self
            .http
            .delete(url)
            .bearer_auth(access_token)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(VERIFICATION_HEADER, verification.id());
        self.account_call(Call::Sessions, request).await?;
        Ok(())
    }
}
