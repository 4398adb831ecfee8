//! What a session's start and end add to the flow inspector's record of the sign-in or sign-out
//! under way.

use logto_core::observe::{CheckId, Fact, Flow, Flows, Outcome, Step, StepKind, Trace, Val};

/// The sign-in's last step: the session id changed. The new session starts with this flow only:
/// records go with the session they describe.
pub(super) fn new_session(mut trace: Trace, had_session: bool) -> Flows {
    trace.step(StepKind::Session).check(
        CheckId::NewSessionId,
        Outcome::Passed,
        vec![Fact("previous_session".into(), Val::Flag(had_session))],
    );
    let mut flows = Flows::default();
    if let Some(flow) = trace.into_flow() {
        flows.keep(flow);
    }
    flows
}

/// The sign-out's local step: the session record is gone and the cookie forgotten, before the
/// browser is sent to Logto's end-session endpoint.
pub(super) fn session_ended(trace: Trace) -> Option<Flow> {
    let mut flow = trace.into_flow()?;
    let before = flow
        .steps
        .iter()
        .position(|step| step.kind == StepKind::EndSession)
        .unwrap_or(flow.steps.len());
    flow.steps.insert(before, Step::new(StepKind::SessionEnded));
    Some(flow)
}
