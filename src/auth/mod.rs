//! The routes that sign users in and out. The session they share lives in `crate::session`.

mod api_tokens;
mod backchannel;
mod callback;
mod profile;
mod refresh;
pub mod return_to;
mod sign_in;
mod sign_out;

use axum::{
    Router,
    routing::{get, post},
};

pub use logto_axum::session::{ApiToken, AuthSession, PendingSignIn, SignedInUser};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in::sign_in))
        .route("/callback", get(callback::callback))
        .route("/sign-out", get(sign_out::confirm).post(sign_out::sign_out))
        .route("/backchannel-logout", post(backchannel::backchannel_logout))
        .route("/refresh", post(refresh::refresh))
        .route("/api-token", post(api_tokens::api_token))
        .route("/profile/refresh", post(profile::refresh_profile))
}
