//! What every account page does: get the access token the Account API takes, send a signed-out
//! user to sign in and back, and answer a refused change.

use std::sync::Arc;

use axum::{
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::AuthSession;
use logto_core::LogtoClient;

use crate::{error::AppError, i18n::Tr, pages::AccountRefusedPage};

/// The sign-in's access token for Logto, refreshed first when it is about to expire: what the
/// Account API takes. `None` when nobody is signed in.
pub async fn access_token(
    session: &mut AuthSession,
    logto: &Arc<LogtoClient>,
) -> Result<Option<String>, AppError> {
    session.refresh_if_needed(logto).await?;
    Ok(session.user().map(|user| user.access_token.clone()))
}

/// Signed out (or signed out by the refresh just now): sign in, and come back to `path`.
pub fn sign_in_first(path: &str) -> Response {
    let back: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    Redirect::to(&format!("/sign-in?return_to={back}")).into_response()
}

/// A change refused, by Logto (its words, as it words them) or by this app (`title` says which).
pub fn refused(t: Tr, title: &'static str, message: String) -> Response {
    let page = AccountRefusedPage { t, title, message };
    (StatusCode::BAD_REQUEST, page).into_response()
}
