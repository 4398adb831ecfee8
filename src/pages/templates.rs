//! The pages' Askama templates, each with the values it shows.

use askama::Template;
use askama_web::WebTemplate;

use super::{
    account,
    view::{SessionView, UserView},
};
use crate::i18n::Tr;

#[derive(Template, WebTemplate)]
#[template(path = "home_signed_out.html")]
pub struct SignedOutPage {
    pub t: Tr,
    pub signed_out: bool,
    /// When the browser came through another local origin than `APP_BASE_URL`'s: what to say.
    pub host_notice: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "home_signed_in.html")]
pub struct SignedInPage {
    pub t: Tr,
    pub user: UserView,
    pub session: SessionView,
    /// "Manage your account": the Account Center pages the tenant lets users use.
    pub account_links: std::sync::Arc<[account::AccountLink]>,
    /// The tenant lets users rename themselves (the name field set to Edit).
    pub name_editable: bool,
    /// The user's name as Logto has it (the form's value).
    pub current_name: String,
    /// The tenant lets users edit their avatar or profile fields: link to `/account/profile`.
    pub profile_link: bool,
    /// The tenant lets users see their sessions: link to `/account/devices`.
    pub devices_link: bool,
    /// Back from the Account Center: what changed (catalogue keys), `Some(empty)` for nothing.
    pub account_changes: Option<Vec<&'static str>>,
    /// Link to the flow inspector (`/inspect`) when it is on.
    pub inspector: bool,
}

/// Logto refused a change of the account: its words, and the way back.
#[derive(Template, WebTemplate)]
#[template(path = "account_refused.html")]
pub struct AccountRefusedPage {
    pub t: Tr,
    /// The catalogue key of the title: `account-refused-title` when Logto refused.
    pub title: &'static str,
    /// Logto's message, as it words it.
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_out.html")]
pub struct SignOutPage {
    pub t: Tr,
    pub display_name: String,
    pub csrf: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub t: Tr,
    pub title: String,
    pub message: String,
    /// The flow inspector recorded this failure: link to it.
    pub inspect: bool,
}

/// Shown instead of the home page (and, with 503, instead of `/sign-in`) until Logto is set up.
#[derive(Template, WebTemplate)]
#[template(path = "setup.html")]
pub struct SetupPage {
    pub t: Tr,
    pub base_url: String,
    pub redirect_uri: String,
    pub post_sign_out_uri: String,
    pub backchannel_logout_uri: String,
}

impl SetupPage {
    pub fn new(base_url: &crate::config::BaseUrl, t: Tr) -> Self {
        Self {
            t,
            base_url: base_url.to_string(),
            redirect_uri: base_url.callback_url(),
            post_sign_out_uri: base_url.post_sign_out_url(),
            backchannel_logout_uri: base_url.backchannel_logout_url(),
        }
    }
}
