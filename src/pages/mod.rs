//! `/` and the pages around it: the Askama templates and the values they show.

mod home;
mod static_files;
mod view;

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, routing::get};

pub use view::{SessionView, UserView};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/static/{file}", get(static_files::asset))
}

#[derive(Template, WebTemplate)]
#[template(path = "home_signed_out.html")]
pub struct SignedOutPage {
    pub signed_out: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "home_signed_in.html")]
pub struct SignedInPage {
    pub user: UserView,
    pub session: SessionView,
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_out.html")]
pub struct SignOutPage {
    pub display_name: String,
    pub csrf: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: &'static str,
    pub message: &'static str,
}

impl ErrorPage {
    pub fn new(title: &'static str, message: &'static str) -> Self {
        Self { title, message }
    }
}

/// Shown instead of the home page (and, with 503, instead of `/sign-in`) until Logto is set up.
#[derive(Template, WebTemplate)]
#[template(path = "setup.html")]
pub struct SetupPage {
    pub base_url: String,
    pub redirect_uri: String,
    pub post_sign_out_uri: String,
}

impl SetupPage {
    pub fn new(base_url: &crate::config::BaseUrl) -> Self {
        Self {
            base_url: base_url.to_string(),
            redirect_uri: base_url.callback_url(),
            post_sign_out_uri: base_url.post_sign_out_url(),
        }
    }
}
