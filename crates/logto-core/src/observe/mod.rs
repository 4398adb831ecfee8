//! The observer the client reports to: [`Trace`] records one flow (a sign-in, a refresh, an API
//! token, a sign-out) as steps between the browser, the app and Logto, each with what was sent,
//! what came back (secrets masked: [`mask`]), how long Logto took, and every check with its
//! outcome. Off, it records nothing. A flow inspector shows the records; this crate only makes
//! them.
//!
//! - `record.rs`: what is kept (plain data, small, bounded); `names.rs`: what its parts are called.
//! - `trace.rs`, `step.rs`: [`Trace`] and the [`StepRecorder`] each step is added to through.
//! - `mask.rs`: how secrets become a prefix and a length, and free text is scrubbed.
//! - `jwt.rs`: what is shown of an ID token.

pub mod jwt;
pub mod mask;
mod names;
pub mod record;
mod step;
mod trace;

pub use record::{CheckId, Fact, Flow, FlowKind, Flows, Outcome, Step, StepKind, Val, Why};
pub use step::{StepRecorder, fact};
pub use trace::Trace;
