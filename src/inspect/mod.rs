//! The flow inspector: `GET /inspect` shows the visitor's own most recent sign-in, refresh,
//! API-token request and sign-out as a sequence diagram between the browser, this app and Logto,
//! with every parameter, every check and its outcome, and where each is specified and made.
//! A teaching aid, on by default only for local development (`APP_INSPECTOR`).
//!
//! - The records themselves (what is kept, the recorder the Logto client and the session report
//!   to, how secrets are masked) are `logto_core::observe`'s.
//! - `cookie.rs`: the sealed cookie for a flow without a session (a failed sign-in, a sign-out).
//! - `explain.rs`: the specification sections and source files beside each step and check.
//! - `view.rs`, `words.rs`: records turned into the page, in the reader's language.
//!
//! Where records live: with the session (`SessionData::flows`, sealed like the rest, gone with
//! it); for a sign-in in flight, in its attempt cookie; otherwise in the inspector's cookie. So a
//! stranger still costs no store write, and nothing is recorded at all when the inspector is off.

pub mod explain;
pub mod view;
mod words;

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
};

// The records are made by the Logto client's observer; this module shows them.
pub use logto_core::observe::{
    CheckId, Fact, Flow, FlowKind, Flows, Outcome, Step, StepKind, StepRecorder, Trace, Val, Why,
    fact, jwt, mask, record,
};

use crate::{
    auth::AuthSession,
    error::AppError,
    i18n::{Lang, Tr},
    state::AppState,
};
use view::{FlowView, KeysView};

pub fn router() -> Router<AppState> {
    Router::new().route("/inspect", get(inspect))
}

#[derive(Template, WebTemplate)]
#[template(path = "inspect.html")]
pub struct InspectPage {
    pub t: Tr,
    pub flows: Vec<FlowView>,
    pub keys: Option<KeysView>,
}

/// `GET /inspect`: 404 when the inspector is off.
pub async fn inspect(
    State(state): State<AppState>,
    lang: Lang,
    session: AuthSession,
) -> Result<Response, AppError> {
    if !state.config.inspector {
        return Err(AppError::NotFound);
    }
    let t = Tr::new(lang);
    let keys = state.logto.as_deref().and_then(|logto| logto.keys_in_use());
    Ok(InspectPage {
        t,
        flows: view::flows(t, &session.recorded_flows()),
        keys: keys.map(|keys| view::keys(t, keys)),
    }
    .into_response())
}

/// Marks an error response whose failure the inspector recorded: the error page links to it.
#[derive(Clone, Copy, Debug)]
pub struct InspectorLink;

pub fn link_from_error_page(mut response: Response, recorded: bool) -> Response {
    if recorded {
        response.extensions_mut().insert(InspectorLink);
    }
    response
}
