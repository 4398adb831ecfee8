//! [`Trace`]: the recorder that the Logto client and the session layer report what they did to.
//! Handlers make one ([`crate::LogtoClient::trace`]), pass it along, and keep the finished flow
//! (with the session, say); off, it records nothing.
//! Each step is added to through a [`StepRecorder`] (`step.rs`).

use super::{
    record::{CheckId, Flow, FlowKind, MAX_STEPS, Outcome, Step, StepKind, Why},
    step::StepRecorder,
};
use crate::unix_now;

/// A flow being recorded, or nothing when the inspector is off.
#[derive(Debug, Default)]
pub struct Trace(Option<Flow>);

impl Trace {
    /// Records nothing.
    pub fn off() -> Self {
        Self(None)
    }

    /// A new flow of `kind`, recorded only when `on`.
    pub fn new(kind: FlowKind, on: bool) -> Self {
        Self(on.then(|| Flow {
            kind,
            started_at: unix_now(),
            why: None,
            steps: Vec::new(),
        }))
    }

    /// True when this trace records (the inspector is on).
    pub fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// The recorded flow; None when the trace is off.
    pub fn into_flow(self) -> Option<Flow> {
        self.0
    }

    /// Records why a refresh-token grant was made; does nothing when the trace is off.
    pub fn why(&mut self, why: Why) {
        if let Some(flow) = &mut self.0 {
            flow.why = Some(why);
        }
    }

    /// Continues a flow begun in an earlier request (the authorization request, carried in the
    /// attempt cookie): its steps come first, and it started when they did.
    pub fn resume(&mut self, earlier: Option<Flow>) {
        if let (Some(flow), Some(mut earlier)) = (&mut self.0, earlier) {
            earlier.steps.append(&mut flow.steps);
            earlier.steps.truncate(MAX_STEPS);
            flow.steps = earlier.steps;
            flow.started_at = earlier.started_at;
        }
    }

    /// The parameters the browser brought back to `/callback`.
    pub fn callback(&mut self, params: &[(&str, Option<&str>)]) {
        let mut step = self.step(StepKind::Callback);
        let got = |name: &str| params.iter().find(|(n, _)| *n == name).and_then(|p| p.1);
        for (name, value) in params {
            if let Some(value) = value {
                step.received(name, value);
            }
        }
        match (got("code"), got("error")) {
            (_, Some(error)) => step.error(&format!("Logto answered `{error}`")),
            (None, None) => step.error(&"the callback carries no code"),
            _ => &mut step,
        };
    }

    /// The callback's `state` against the sign-ins this browser started: `Ok` with the record
    /// of the one found (begun at sign-in), which this flow continues; `Err` with why none was.
    pub fn attempt(&mut self, found: Result<Option<Flow>, String>) {
        match found {
            Ok(earlier) => {
                self.resume(earlier);
                self.last(StepKind::Callback)
                    .check(CheckId::State, Outcome::Passed, vec![]);
            }
            Err(why) => {
                self.last(StepKind::Callback)
                    .check_failed(CheckId::State, &why, vec![]);
            }
        }
    }

    /// Starts recording a new step.
    pub fn step(&mut self, kind: StepKind) -> StepRecorder<'_> {
        match &mut self.0 {
            Some(flow) if flow.steps.len() < MAX_STEPS => {
                flow.steps.push(Step::new(kind));
                StepRecorder(flow.steps.last_mut())
            }
            _ => StepRecorder(None),
        }
    }

    /// The latest step of `kind`, to add to; a new one if there is none.
    pub fn last(&mut self, kind: StepKind) -> StepRecorder<'_> {
        let exists = self
            .0
            .as_ref()
            .is_some_and(|flow| flow.steps.iter().any(|s| s.kind == kind));
        if !exists {
            return self.step(kind);
        }
        StepRecorder(
            self.0
                .as_mut()
                .and_then(|flow| flow.steps.iter_mut().rev().find(|s| s.kind == kind)),
        )
    }
}

impl From<Flow> for Trace {
    /// Goes on recording `flow` (begun in an earlier request).
    fn from(flow: Flow) -> Self {
        Self(Some(flow))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    #[test]
    fn an_authorization_url_is_recorded_with_its_secrets_masked() {
        let url = Url::parse(
            "https://t.logto.app/oidc/auth?client_id=app&state=st4te-value-xyz&nonce=n0nce-value-xyz&scope=openid",
        )
        .expect("url");
        let mut trace = Trace::new(FlowKind::SignIn, true);
        trace.step(StepKind::Authorize).url_with_query(&url);
        let flow = trace.into_flow().expect("on");
        let step = &flow.steps[0];
        assert_eq!(step.url.as_deref(), Some("https://t.logto.app/oidc/auth"));
        let json = serde_json::to_string(step).expect("json");
        assert!(!json.contains("st4te-value-xyz") && !json.contains("n0nce-value-xyz"));
        assert!(json.contains(r#"["client_id","app"]"#), "{json}");
        assert!(json.contains(r#"["state",["st4",15]]"#), "{json}");
    }

    #[test]
    fn an_off_trace_records_nothing() {
        let mut trace = Trace::new(FlowKind::SignIn, false);
        trace.step(StepKind::Token).sent("code", "x").check(
            CheckId::State,
            Outcome::Passed,
            vec![],
        );
        assert!(trace.into_flow().is_none());
    }

    #[test]
    fn a_resumed_flow_keeps_the_earlier_steps_first_and_their_start() {
        let mut earlier = Trace::new(FlowKind::SignIn, true);
        earlier.step(StepKind::Authorize);
        let mut earlier = earlier.into_flow().expect("on");
        earlier.started_at = 5;
        let mut trace = Trace::new(FlowKind::SignIn, true);
        trace.step(StepKind::Callback);
        trace.resume(Some(earlier));
        trace
            .last(StepKind::Callback)
            .check(CheckId::State, Outcome::Passed, vec![]);
        let flow = trace.into_flow().expect("on");
        assert_eq!(flow.started_at, 5);
        let kinds: Vec<StepKind> = flow.steps.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [StepKind::Authorize, StepKind::Callback]);
        assert_eq!(flow.steps[1].checks.len(), 1);
    }
}
