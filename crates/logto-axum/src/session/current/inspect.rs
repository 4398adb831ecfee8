//! What a session keeps for a flow inspector: the flows of a signed-in session, sealed with it
//! and gone with it, and the flow of a browser that has no session (a failed sign-in, a sign-out,
//! a refresh that ended the session) in the inspector's own cookie (`flow_cookie.rs` says why a
//! cookie).

use logto_core::observe::{CheckId, Flow, Outcome, StepKind, Trace};

use super::AuthSession;
use crate::session::{attempt, cookies::request_cookie, flow_cookie as cookie};

impl AuthSession {
    /// Every flow recorded for this browser, newest first: its session's, the one in the
    /// inspector's cookie, and a sign-out still waiting for Logto to send the browser back.
    pub fn recorded_flows(&self) -> Vec<Flow> {
        let keys = self.sessions.keys();
        let policy = self.sessions.policy();
        let name = attempt::sign_out_cookie_name(policy);
        let signing_out = request_cookie(&self.headers, &name)
            .and_then(|value| attempt::open_sign_out(keys, &name, value))
            .and_then(|in_flight| in_flight.flow);
        let mut flows: Vec<Flow> = self.data.flows.iter().cloned().collect();
        if let Some(browser) = self.browser_binding() {
            flows.extend(cookie::read(keys, policy, &browser, &self.headers));
        }
        flows.extend(signing_out);
        flows.sort_by_key(|flow| std::cmp::Reverse(flow.started_at));
        flows
    }

    /// Keeps the flow of a browser that has no session in the inspector's cookie.
    pub(crate) fn record_without_session(&self, trace: Trace) {
        if let Some(flow) = trace.into_flow() {
            self.keep_in_cookie(&flow);
        }
    }

    /// Back from Logto's end-session endpoint: the state check ends the sign-out's record.
    pub(super) fn record_sign_out_return(&self, flow: Option<Flow>, matched: bool) {
        let Some(flow) = flow else {
            return;
        };
        let mut trace = Trace::from(flow);
        let mut step = trace.step(StepKind::SignOutReturn);
        if matched {
            step.check(CheckId::SignOutState, Outcome::Passed, vec![]);
        } else {
            step.check_failed(CheckId::SignOutState, "another state came back", vec![]);
        }
        self.record_without_session(trace);
    }

    /// The record is bound to this browser, like a sign-in attempt: a record planted from
    /// another browser (say a sign-in failed on purpose) is not shown here.
    fn keep_in_cookie(&self, flow: &Flow) {
        let policy = self.sessions.policy();
        let browser = match self.bind_browser() {
            Ok(browser) => browser,
            Err(err) => {
                tracing::warn!(error = %err, "the inspector's record was dropped");
                return;
            }
        };
        match cookie::keep(self.sessions.keys(), policy, &browser, flow) {
            Some(cookie) => self.cookies_out.push(cookie),
            None => tracing::debug!("the inspector's record does not fit its cookie; dropped"),
        }
    }
}
