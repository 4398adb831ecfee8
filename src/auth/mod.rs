//! The routes that sign users in and out, each a few lines over the SDK's operations
//! (`logto_axum`): what this app adds is its setup page, its language choice, its buttons and
//! the inspector's link from the error page.

mod account;
mod api_tokens;
mod callback;
mod profile;
mod refresh;
mod sign_in;
mod sign_out;

use axum::{
    Router,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
};

pub use logto_axum::session::{ApiToken, AuthSession, PendingSignIn, SignedInUser};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in::sign_in))
        .route("/callback", get(callback::callback))
        .route("/sign-out", get(sign_out::confirm).post(sign_out::sign_out))
        .route("/backchannel-logout", post(backchannel_logout))
        .route("/refresh", post(refresh::refresh))
        .route("/api-token", post(api_tokens::api_token))
        .route("/profile/refresh", post(profile::refresh_profile))
        .route("/account/name", post(account::rename))
}

/// `POST /backchannel-logout`: the SDK's, once Logto is configured; 400 until then (Logto reads
/// only the status).
async fn backchannel_logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match state.logto {
        Some(client) => {
            let logto = logto_axum::Logto::from_parts(client, state.sessions.clone());
            logto_axum::routes::backchannel_logout(State(logto), headers, body).await
        }
        None => {
            tracing::warn!(
                cause = "Logto is not configured",
                "back-channel logout refused"
            );
            (
                StatusCode::BAD_REQUEST,
                [(
                    axum::http::header::CONTENT_TYPE,
                    "text/plain; charset=utf-8",
                )],
                "",
            )
                .into_response()
        }
    }
}
