//! The account pages that talk to Logto's Account API from this app: profile edits
//! (`profile.rs`), the user's devices, i.e. their Logto sessions (`devices.rs`), and the password
//! check Logto asks for before showing or ending those (`verify.rs`, kept by `verification.rs`).
//! The name form and the Account Center links are older: `auth/account.rs`, `pages/account.rs`.

mod devices;
mod profile;
mod steps;
mod verification;
mod verify;

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
}
