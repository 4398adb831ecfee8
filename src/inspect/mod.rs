//! The flow inspector records the visitor's own most recent sign-in, refresh, API-token request
//! and sign-out: every parameter, every check and its outcome. A teaching aid, on by default only
//! for local development (`APP_INSPECTOR`).
//!
//! - `record.rs`: what is kept (plain data, small, bounded); `names.rs`: what its parts are called.
//! - `trace.rs`, `step.rs`: [`Trace`], the recorder the Logto client and the session report to.
//! - `mask.rs`: how secrets become a prefix and a length, and free text is scrubbed.
//! - `jwt.rs`: what is shown of an ID token.
//! - `cookie.rs`: the sealed cookie for a flow without a session (a failed sign-in, a sign-out).
//!
//! Where records live: with the session (`SessionData::flows`, sealed like the rest, gone with
//! it); for a sign-in in flight, in its attempt cookie; otherwise in the inspector's cookie. So a
//! stranger still costs no store write, and nothing is recorded at all when the inspector is off.

pub mod cookie;
pub mod jwt;
pub mod mask;
mod names;
pub mod record;
mod step;
mod trace;

use axum::response::Response;

pub use record::{CheckId, Fact, Flow, FlowKind, Flows, Outcome, Step, StepKind, Val, Why};
pub use step::{StepRecorder, fact};
pub use trace::Trace;

/// Marks an error response whose failure the inspector recorded: the error page links to it.
#[derive(Clone, Copy, Debug)]
pub struct InspectorLink;

pub fn link_from_error_page(mut response: Response, recorded: bool) -> Response {
    if recorded {
        response.extensions_mut().insert(InspectorLink);
    }
    response
}
