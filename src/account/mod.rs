//! The account pages that talk to Logto's Account API from this app: profile edits
//! (`profile.rs`), the user's devices, i.e. their Logto sessions (`devices.rs`), and the identity
//! check Logto asks for before showing or ending those: by password (`verify.rs`) or by a
//! one-time code to the primary email or phone (`verify_code.rs`, the awaited code kept by
//! `pending_code.rs`, shown masked by `mask.rs`), the verified record kept by `verification.rs`.
//! The name form and the Account Center links are older: `auth/account.rs`, `pages/account.rs`.

mod devices;
mod mask;
mod pending_code;
mod profile;
mod sealed_cookie;
mod steps;
mod verification;
mod verify;
mod verify_code;

use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/profile", get(profile::page).post(profile::save))
        .route("/account/devices", get(devices::page))
        .route("/account/devices/end", post(devices::end))
        .route("/account/verify", get(verify::page).post(verify::check))
        .route("/account/verify/code/send", post(verify_code::send))
        .route("/account/verify/code", post(verify_code::check))
}
