//! `GET|POST /account/verify`: the user proves who they are with their password, as Logto asks
//! before it shows or ends sessions (a verification record, `POST /api/verifications/password`),
//! then goes back to the account page that sent them here.
//!
//! The password goes to Logto once, in this request, and nowhere else: the form type has no
//! `Debug`, nothing logs it, and the page never writes it back. Only the record Logto answers
//! is kept (`verification.rs`).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::{AuthSession, CsrfProtected};
use logto_core::account::AccountError;
use serde::Deserialize;

use super::{
    steps::{access_token, refused, sign_in_first},
    verification,
};
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    query::parse_query,
    state::AppState,
};

/// The password page.
#[derive(Template, WebTemplate)]
#[template(path = "account_verify.html")]
pub struct AccountVerifyPage {
    t: Tr,
    csrf: String,
    /// Where the form sends the user back to (a path of this site's account pages).
    return_to: String,
    /// Logto's refusal of the last password, as it words it.
    logto_message: Option<String>,
}

/// Where the user goes when no (or no acceptable) `return_to` came.
const DEFAULT_RETURN: &str = "/account/devices";

#[derive(Deserialize, Default)]
struct VerifyQuery {
    return_to: Option<String>,
}

/// An account page of this app, or the devices page: a `return_to` that names anything else
/// (another site, another part of this one) is ignored.
fn return_path(raw: Option<&str>) -> String {
    raw.and_then(logto_axum::return_to::same_origin_path)
        .filter(|path| path.starts_with("/account/"))
        .unwrap_or_else(|| DEFAULT_RETURN.to_owned())
}

/// Sends the browser to the password page, to come back to `path` (Logto wants a fresh check).
pub fn ask_for_password(path: &str) -> Response {
    let back: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    Redirect::to(&format!("/account/verify?return_to={back}")).into_response()
}

pub async fn page(
    lang: Lang,
    RawQuery(query): RawQuery,
    session: AuthSession,
) -> Result<Response, AppError> {
    let query: VerifyQuery = parse_query(query.as_deref()).unwrap_or_default();
    let return_to = return_path(query.return_to.as_deref());
    let Some(user) = session.user() else {
        return Ok(sign_in_first(&format!(
            "/account/verify?return_to={}",
            url::form_urlencoded::byte_serialize(return_to.as_bytes()).collect::<String>()
        )));
    };
    Ok(AccountVerifyPage {
        t: Tr::new(lang),
        csrf: user.csrf_token.clone(),
        return_to,
        logto_message: None,
    }
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
            let policy = state.sessions.policy();
            let mut response = Redirect::to(&return_to).into_response();
            if let Some(cookie) = verification::keep(&state.sessions, policy, user, &record) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AccountError::Logto(err)) => Err(err.into()),
        // Wrong password (or none typed): the form again, with Logto's words.
        Err(AccountError::WrongPassword { message })
        | Err(AccountError::Refused { message, .. }) => {
            tracing::info!("Logto did not accept the password given to verify the user");
            let csrf = session
                .user()
                .map(|u| u.csrf_token.clone())
                .unwrap_or_default();
            let page = AccountVerifyPage {
                t,
                csrf,
                return_to,
                logto_message: Some(message),
            };
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
