//! The account pages that talk to Logto's Account API from this app: profile edits
//! (`profile.rs`), the user's devices, i.e. their Logto sessions (`devices.rs`), and the password
//! check Logto asks for before showing or ending those (`verify.rs`, kept by `verification.rs`).
//! The name form and the Account Center links are older: `auth/account.rs`, `pages/account.rs`.

mod devices;
mod profile;
mod verification;
mod verify;

use std::sync::Arc;

use axum::{
    Router,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use logto_axum::session::AuthSession;
use logto_core::LogtoClient;

use crate::{error::AppError, i18n::Tr, pages::AccountRefusedPage, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/profile", get(profile::page).post(profile::save))
        .route("/account/devices", get(devices::page))
        .route("/account/devices/end", post(devices::end))
        .route("/account/verify", get(verify::page).post(verify::check))
}

/// The sign-in's access token for Logto, refreshed first when it is about to expire: what the
/// Account API takes. `None` when nobody is signed in.
async fn access_token(
    session: &mut AuthSession,
    logto: &Arc<LogtoClient>,
) -> Result<Option<String>, AppError> {
    session.refresh_if_needed(logto).await?;
    Ok(session.user().map(|user| user.access_token.clone()))
}

/// Signed out (or signed out by the refresh just now): sign in, and come back to `path`.
fn sign_in_first(path: &str) -> Response {
    let back: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    Redirect::to(&format!("/sign-in?return_to={back}")).into_response()
}

/// A change refused, by Logto (its words, as it words them) or by this app (`title` says which).
fn refused(t: Tr, title: &'static str, message: String) -> Response {
    let page = AccountRefusedPage { t, title, message };
    (StatusCode::BAD_REQUEST, page).into_response()
}
