//! `GET /account/devices`: the user's active Logto sessions (Logto's Account API,
//! `GET /api/my-account/sessions`), this browser's marked, each with where and when it signed
//! in; `POST /account/devices/end` ends one with its grants, which signs that device out.
//!
//! Logto lists sessions only with the scope `urn:logto:scope:sessions` in the access token
//! (`LOGTO_SCOPES`), the Account Center's sessions field at least ReadOnly (Edit to end one),
//! and a fresh identity check (`verify.rs`). When Logto says the check is missing or expired,
//! the user is sent to the verify page (password or one-time code) and back here.
//!
//! Ending a session: Logto destroys it and, with `revokeGrants`, revokes the grants signed in
//! through it, so the other browser's refresh tokens stop working and its next refresh signs
//! it out of this app. Logto sends back-channel logouts only from its end-session step
//! (LOGTO.md), not for a session ended this way, so when the ended
//! session signed in to this app with a `sid` (back-channel "session required" on), this app
//! ends its own session for that `sid` at once, on every replica. The `sid` comes from Logto's
//! list, never from the form: a form could name anyone's.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::{AuthSession, CsrfProtected, Lookup};
use logto_core::account::{
    AccountError, AccountSession, FieldControl, SESSIONS_SCOPE, VerificationRecord,
};
use serde::Deserialize;

use super::{
    steps::{access_token, refused, sign_in_first},
    verification,
    verify::ask_for_password,
};
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    pages::format_seconds,
    query::parse_query,
    state::AppState,
};

const PATH: &str = "/account/devices";

/// One of the user's sessions, as the page shows it: only what the user needs to know it. Logto's
/// answer also carries the session's `jti`, the id in that browser's Logto session cookie: it is
/// never shown (ending a session takes the `uid`).
pub struct DeviceView {
    /// Logto's session uid, what the end button sends.
    pub id: String,
    /// This browser's session.
    pub current: bool,
    /// The browser's user agent as Logto recorded it (shown as text).
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// City and country, when Logto's host knows them.
    pub place: Option<String>,
    /// When it signed in, in UTC.
    pub signed_in_at: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "account_devices.html")]
pub struct AccountDevicesPage {
    t: Tr,
    csrf: String,
    devices: Vec<DeviceView>,
    /// The tenant lets users end sessions (sessions set to Edit).
    can_end: bool,
    /// Back from ending one.
    ended: bool,
}

/// Logto will not list sessions for this sign-in: the scope is missing.
#[derive(Template, WebTemplate)]
#[template(path = "account_devices_scope.html")]
pub struct DevicesScopePage {
    t: Tr,
    scope: &'static str,
}

#[derive(Deserialize, Default)]
struct DevicesQuery {
    ended: Option<String>,
}

/// Whether `session` is this browser's: Logto's `sid` for this app equals the ID token's (when
/// the app requires one), else Logto's own `isCurrent` (newer Logto), else unknown.
fn is_this_browser(session: &AccountSession, client_id: &str, own_sid: Option<&str>) -> bool {
    match (own_sid, session.sid_for(client_id)) {
        (Some(own), Some(theirs)) => logto_core::secrets_match(own, theirs),
        _ => session.is_current == Some(true),
    }
}

fn view(session: &AccountSession, current: bool) -> DeviceView {
    let context = session.sign_in_context();
    let place = match (context.city, context.country) {
        (Some(city), Some(country)) => Some(format!("{city}, {country}")),
        (city, country) => city.or(country),
    };
    DeviceView {
        id: session.id.clone(),
        current,
        user_agent: context.user_agent,
        ip: context.ip,
        place,
        signed_in_at: session.login_ts.and_then(format_seconds),
    }
}

/// What a refusal of the session calls means for the user.
fn on_refusal(err: AccountError, t: Tr) -> Result<Response, AppError> {
    match err {
        AccountError::Logto(err) => Err(err.into()),
        AccountError::MissingScope { scope, .. } => {
            Ok((StatusCode::FORBIDDEN, DevicesScopePage { t, scope }).into_response())
        }
        other => {
            tracing::warn!(cause = %other, "Logto refused a session call");
            let message = other.logto_message().unwrap_or_default().to_owned();
            Ok(refused(t, "account-refused-title", message))
        }
    }
}

/// The verify page, forgetting the record Logto no longer takes.
fn verify_again(state: &AppState) -> Response {
    let mut response = ask_for_password(PATH);
    if let Some(cookie) = verification::forget(state.sessions.policy()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The access token and the kept identity check, or where to send the user instead.
async fn ready(
    state: &AppState,
    session: &mut AuthSession,
    headers: &HeaderMap,
    t: Tr,
) -> Result<Result<(String, VerificationRecord), Response>, AppError> {
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let Some(token) = access_token(session, logto).await? else {
        return Ok(Err(sign_in_first(PATH)));
    };
    let Some(user) = session.user() else {
        return Ok(Err(sign_in_first(PATH)));
    };
    // Without the scope Logto refuses every session call: say how to get it, without asking
    // for a password first.
    if !user.scopes.iter().any(|s| s == SESSIONS_SCOPE) {
        let page = DevicesScopePage {
            t,
            scope: SESSIONS_SCOPE,
        };
        return Ok(Err((StatusCode::FORBIDDEN, page).into_response()));
    }
    match verification::read(&state.sessions, headers, user) {
        Some(record) => Ok(Ok((token, record))),
        None => Ok(Err(ask_for_password(PATH))),
    }
}

pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    mut session: AuthSession,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let (token, record) = match ready(&state, &mut session, &headers, t).await? {
        Ok(ready) => ready,
        Err(elsewhere) => return Ok(elsewhere),
    };
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let sessions = match logto.my_sessions(&token, &record).await {
        Ok(sessions) => sessions,
        Err(AccountError::VerificationRequired { .. }) => return Ok(verify_again(&state)),
        Err(err) => return on_refusal(err, t),
    };
    let Some(user) = session.user() else {
        return Ok(sign_in_first(PATH));
    };
    let client_id = logto.settings().app_id.as_str();
    let own_sid = user.profile.sid.as_deref();
    let mut devices: Vec<DeviceView> = sessions
        .iter()
        .map(|s| view(s, is_this_browser(s, client_id, own_sid)))
        .collect();
    // This browser first, then the others in Logto's order (a stable sort keeps it).
    devices.sort_by_key(|device| !device.current);
    let settings = state.account_center.current(logto).await;
    let query: DevicesQuery = parse_query(query.as_deref()).unwrap_or_default();
    Ok(AccountDevicesPage {
        t,
        csrf: user.csrf_token.clone(),
        devices,
        can_end: settings.fields.session == FieldControl::Edit,
        ended: query.ended.is_some(),
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct EndForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    session: String,
}

impl CsrfProtected for EndForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn end(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(form) = session.checked_form::<EndForm>(&body)? else {
        return Ok(Redirect::to("/").into_response());
    };
    let t = Tr::new(lang);
    let (token, record) = match ready(&state, &mut session, &headers, t).await? {
        Ok(ready) => ready,
        Err(elsewhere) => return Ok(elsewhere),
    };
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    // The ended session's `sid` for this app, from Logto's list of this user's sessions.
    let sid = match logto.my_sessions(&token, &record).await {
        Ok(sessions) => sessions
            .iter()
            .find(|s| s.id == form.session)
            .and_then(|s| s.sid_for(&logto.settings().app_id))
            .map(str::to_owned),
        Err(AccountError::VerificationRequired { .. }) => return Ok(verify_again(&state)),
        Err(err) => return on_refusal(err, t),
    };
    match logto
        .end_my_session(&token, &record, &form.session, true)
        .await
    {
        Ok(()) => {}
        Err(AccountError::VerificationRequired { .. }) => return Ok(verify_again(&state)),
        Err(err) => return on_refusal(err, t),
    }
    if let Some(sid) = sid {
        // That browser's session in this app, on every replica: its grant is revoked already,
        // so nothing is left to revoke at Logto.
        for found in state.sessions.find(Lookup::Sid, &sid).await? {
            state.sessions.end(&found).await?;
        }
    }
    Ok(Redirect::to(&format!("{PATH}?ended=1")).into_response())
}
