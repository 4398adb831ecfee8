//! `GET|POST /account/verify`: the user proves who they are, as Logto asks before it shows or
//! ends sessions (a verification record), then goes back to the account page that sent them
//! here. The page offers the ways this user has: their password (only when Logto's
//! `GET /api/my-account` says they have one: users who sign in by email or SMS code, or with a
//! social account, often have none), and a one-time code to their primary email or phone
//! (`verify_code.rs` sends and checks it).
//!
//! The password goes to Logto once, in this request, and nowhere else: the form type has no
//! `Debug`, nothing logs it, and the page never writes it back. Only the record Logto answers
//! is kept (`verification.rs`).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::{AuthSession, CsrfProtected};
use logto_core::{
    LogtoClient,
    account::AccountError,
    verification_code::{CodeIdentifier, PendingCode},
};
use serde::Deserialize;

use super::{
    mask, pending_code,
    steps::{access_token, refused, sign_in_first},
    verification,
};
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    query::parse_query,
    state::AppState,
};

/// The verify page.
#[derive(Template, WebTemplate)]
#[template(path = "account_verify.html")]
pub struct AccountVerifyPage {
    t: Tr,
    csrf: String,
    /// Where the forms send the user back to (a path of this site's account pages).
    return_to: String,
    /// Logto's refusal of the last password or code, as it words it.
    logto_message: Option<String>,
    /// Offer the password form.
    has_password: bool,
    /// The primary email, masked, when a code can be sent there.
    email: Option<String>,
    /// The primary phone, masked, likewise.
    phone: Option<String>,
    /// Where the code being waited for went, masked: the code form is shown.
    code_sent_to: Option<String>,
}

/// How this user can prove who they are.
pub struct Ways {
    /// Logto says they have a password, or could not say (then the form is offered: Logto
    /// answers a user without one in its own words).
    pub has_password: bool,
    /// The primary email, where Logto can send a code.
    pub email: Option<String>,
    /// The primary phone, where Logto can send an SMS code.
    pub phone: Option<String>,
}

/// Where the user goes when no (or no acceptable) `return_to` came.
const DEFAULT_RETURN: &str = "/account/devices";

#[derive(Deserialize, Default)]
struct VerifyQuery {
    return_to: Option<String>,
}

/// An account page of this app, or the devices page: a `return_to` that names anything else
/// (another site, another part of this one) is ignored.
pub fn return_path(raw: Option<&str>) -> String {
    raw.and_then(logto_axum::return_to::same_origin_path)
        .filter(|path| path.starts_with("/account/"))
        .unwrap_or_else(|| DEFAULT_RETURN.to_owned())
}

/// Sends the browser to the verify page, to come back to `path` (Logto wants a fresh check).
pub fn ask_for_password(path: &str) -> Response {
    Redirect::to(&verify_url(path)).into_response()
}

/// The verify page's address, to come back to `path`.
pub fn verify_url(path: &str) -> String {
    let back: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    format!("/account/verify?return_to={back}")
}

/// The user's ways to verify: Logto's account answer first (`hasPassword`, the primary email
/// and phone), the sign-in's claims for the email and phone when the Account Center hides them
/// (those fields `Off`) or does not answer.
pub async fn ways(logto: &LogtoClient, token: &str, session: &AuthSession) -> Ways {
    let account = match logto.my_account(token).await {
        Ok(account) => Some(account),
        Err(err) => {
            tracing::info!(cause = %err, "Logto did not say how the user can verify");
            None
        }
    };
    let profile = session.user().map(|user| &user.profile);
    let has_password = account
        .as_ref()
        .and_then(|a| a.has_password)
        .unwrap_or(true);
    let email = account
        .as_ref()
        .and_then(|a| a.primary_email.clone())
        .or_else(|| profile.and_then(|p| p.email.clone()))
        .filter(|e| !e.is_empty());
    let phone = account
        .as_ref()
        .and_then(|a| a.primary_phone.clone())
        .or_else(|| profile.and_then(|p| p.phone_number.clone()))
        .filter(|p| !p.is_empty());
    Ways {
        has_password,
        email,
        phone,
    }
}

/// Where a code went, as the page shows it.
pub fn masked(identifier: &CodeIdentifier) -> String {
    match identifier {
        CodeIdentifier::Email(address) => mask::email(address),
        CodeIdentifier::Phone(number) => mask::phone(number),
    }
}

/// The verify page for this user, with `message` (Logto's words) and the code form when a code
/// is awaited.
pub fn render(
    t: Tr,
    session: &AuthSession,
    ways: &Ways,
    return_to: String,
    pending: Option<&PendingCode>,
    logto_message: Option<String>,
) -> AccountVerifyPage {
    AccountVerifyPage {
        t,
        csrf: session
            .user()
            .map(|u| u.csrf_token.clone())
            .unwrap_or_default(),
        return_to,
        logto_message,
        has_password: ways.has_password,
        email: ways.email.as_deref().map(mask::email),
        phone: ways.phone.as_deref().map(mask::phone),
        code_sent_to: pending.map(|p| masked(&p.identifier)),
    }
}

pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    mut session: AuthSession,
) -> Result<Response, AppError> {
    let query: VerifyQuery = parse_query(query.as_deref()).unwrap_or_default();
    let return_to = return_path(query.return_to.as_deref());
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let Some(token) = access_token(&mut session, logto).await? else {
        return Ok(sign_in_first(&verify_url(&return_to)));
    };
    let ways = ways(logto, &token, &session).await;
    let pending = session
        .user()
        .and_then(|user| pending_code::read(&state.sessions, &headers, user));
    Ok(render(
        Tr::new(lang),
        &session,
        &ways,
        return_to,
        pending.as_ref(),
        None,
    )
    .into_response())
}

/// The password form. No `Debug`: it holds the password.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    return_to: String,
    #[serde(default)]
    password: String,
}

impl CsrfProtected for PasswordForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn check(
    State(state): State<AppState>,
    lang: Lang,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(form) = session.checked_form::<PasswordForm>(&body)? else {
        return Ok(Redirect::to("/").into_response());
    };
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let return_to = return_path(Some(&form.return_to));
    let Some(token) = access_token(&mut session, logto).await? else {
        return Ok(sign_in_first(&return_to));
    };
    let t = Tr::new(lang);
    match logto.verify_password(&token, &form.password).await {
        Ok(record) => {
            let Some(user) = session.user() else {
                return Ok(sign_in_first(&return_to));
            };
            let mut response = Redirect::to(&return_to).into_response();
            if let Some(cookie) = verification::keep(&state.sessions, user, &record) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AccountError::Logto(err)) => Err(err.into()),
        // Wrong password (or none typed): the page again, with Logto's words.
        Err(AccountError::WrongPassword { message })
        | Err(AccountError::Refused { message, .. }) => {
            tracing::info!("Logto did not accept the password given to verify the user");
            let ways = ways(logto, &token, &session).await;
            let page = render(t, &session, &ways, return_to, None, Some(message));
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => {
            tracing::warn!(cause = %other, "Logto refused to verify the user");
            let message = other.logto_message().unwrap_or_default().to_owned();
            Ok(refused(t, "account-refused-title", message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::return_path;

    #[test]
    fn only_account_pages_of_this_site_are_gone_back_to() {
        assert_eq!(return_path(Some("/account/profile")), "/account/profile");
        assert_eq!(
            return_path(Some("https://evil.example/account/")),
            "/account/devices"
        );
        assert_eq!(
            return_path(Some("//evil.example/account/")),
            "/account/devices"
        );
        assert_eq!(return_path(Some("/inspect")), "/account/devices");
        assert_eq!(return_path(None), "/account/devices");
    }
}
