//! `POST /account/verify/code/send` and `POST /account/verify/code`: the identity check by a
//! one-time code, for users without a password. "Send" asks Logto to send a code to the user's
//! primary email or phone (`POST /api/verifications/verification-code`) and keeps the pending
//! record (`pending_code.rs`); "check" gives Logto the code the user typed
//! (`.../verification-code/verify`) and, once Logto accepts it, keeps the verified record like
//! the password's (`verification.rs`) and goes back to the page that asked.
//!
//! Where the code goes comes from the user's account (`verify::ways`), never from the form: a
//! form naming another address would get a record that verifies nobody, and a code sent to
//! anyone the attacker chooses. The code is sent to Logto once and neither logged, kept nor
//! written back.

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::{AuthSession, CsrfProtected};
use logto_core::{account::AccountError, verification_code::CodeIdentifier};
use serde::Deserialize;

use super::{
    pending_code,
    steps::{access_token, refused, sign_in_first},
    verification,
    verify::{render, return_path, verify_url, ways},
};
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    state::AppState,
};

/// "Send a code to …": which of the user's own addresses.
#[derive(Deserialize)]
pub struct SendForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    return_to: String,
    /// `email` or `phone`.
    #[serde(default)]
    via: String,
}

impl CsrfProtected for SendForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The code form. No `Debug`: it holds the code.
#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    return_to: String,
    #[serde(default)]
    code: String,
}

impl CsrfProtected for CodeForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn send(
    State(state): State<AppState>,
    lang: Lang,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(form) = session.checked_form::<SendForm>(&body)? else {
        return Ok(Redirect::to("/").into_response());
    };
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let return_to = return_path(Some(&form.return_to));
    let Some(token) = access_token(&mut session, logto).await? else {
        return Ok(sign_in_first(&verify_url(&return_to)));
    };
    let ways = ways(logto, &token, &session).await;
    let identifier = match form.via.as_str() {
        "email" => ways.email.clone().map(CodeIdentifier::Email),
        "phone" => ways.phone.clone().map(CodeIdentifier::Phone),
        _ => None,
    };
    // No such address on the account (any more): the page again, with the ways there are.
    let Some(identifier) = identifier else {
        return Ok(Redirect::to(&verify_url(&return_to)).into_response());
    };
    let t = Tr::new(lang);
    match logto.send_verification_code(&token, &identifier).await {
        Ok(pending) => {
            let Some(user) = session.user() else {
                return Ok(sign_in_first(&verify_url(&return_to)));
            };
            let mut response = Redirect::to(&verify_url(&return_to)).into_response();
            if let Some(cookie) = pending_code::keep(&state.sessions, user, &pending) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AccountError::Logto(err)) => Err(err.into()),
        // No email or SMS connector (501), a guard refusal…: the page again, in Logto's words.
        Err(AccountError::Refused { message, .. }) => {
            tracing::warn!("Logto did not send a verification code");
            let page = render(t, &session, &ways, return_to, None, Some(message));
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => {
            tracing::warn!(cause = %other, "Logto refused to send a verification code");
            let message = other.logto_message().unwrap_or_default().to_owned();
            Ok(refused(t, "account-refused-title", message))
        }
    }
}

pub async fn check(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(form) = session.checked_form::<CodeForm>(&body)? else {
        return Ok(Redirect::to("/").into_response());
    };
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let return_to = return_path(Some(&form.return_to));
    let Some(token) = access_token(&mut session, logto).await? else {
        return Ok(sign_in_first(&verify_url(&return_to)));
    };
    let policy = state.sessions.policy();
    let pending = session
        .user()
        .and_then(|user| pending_code::read(&state.sessions, &headers, user));
    // No code awaited (never sent, or kept past its ten minutes): the page, to send one.
    let Some(pending) = pending else {
        return Ok(Redirect::to(&verify_url(&return_to)).into_response());
    };
    let t = Tr::new(lang);
    let code = form.code.trim();
    match logto.verify_code(&token, &pending, code).await {
        Ok(record) => {
            let Some(user) = session.user() else {
                return Ok(sign_in_first(&return_to));
            };
            let mut response = Redirect::to(&return_to).into_response();
            let headers = response.headers_mut();
            if let Some(cookie) = verification::keep(&state.sessions, user, &record) {
                headers.append(header::SET_COOKIE, cookie);
            }
            if let Some(cookie) = pending_code::forget(policy) {
                headers.append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AccountError::Logto(err)) => Err(err.into()),
        // A typo: the code form again, in Logto's words; the same code can be typed again.
        Err(AccountError::WrongCode { message }) => {
            tracing::info!("Logto did not accept the code given to verify the user");
            let ways = ways(logto, &token, &session).await;
            let page = render(t, &session, &ways, return_to, Some(&pending), Some(message));
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        // Expired, used, too many tries, another address: this code is done; the page with
        // Logto's words and the ways to start again.
        Err(
            AccountError::CodeExpired { message }
            | AccountError::TooManyTries { message }
            | AccountError::Refused { message, .. },
        ) => {
            tracing::info!("Logto refused the code given to verify the user for good");
            let ways = ways(logto, &token, &session).await;
            let page = render(t, &session, &ways, return_to, None, Some(message));
            let mut response = (StatusCode::BAD_REQUEST, page).into_response();
            if let Some(cookie) = pending_code::forget(policy) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(other) => {
            tracing::warn!(cause = %other, "Logto refused to verify the user");
            let message = other.logto_message().unwrap_or_default().to_owned();
            Ok(refused(t, "account-refused-title", message))
        }
    }
}
