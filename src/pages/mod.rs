//! `/` and the pages around it: the Askama templates and the values they show.

pub mod account;
pub mod error_page;
mod home;
mod language;
pub mod origin;
mod static_files;
mod templates;
mod view;

use axum::{Router, routing::get};

pub use templates::{
    AccountRefusedPage, ErrorPage, SetupPage, SignOutPage, SignedInPage, SignedOutPage,
};
pub use view::{SessionView, UserView, format_seconds};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/static/{file}", get(static_files::asset))
        .route("/language", get(language::switch))
}
