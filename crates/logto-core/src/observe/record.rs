//! What the inspector keeps: flows (a sign-in, a refresh, an API-token request, a sign-out), each a
//! list of protocol steps with what was sent and received, how long the call to Logto took, and
//! the checks made with their outcomes. Plain data: words come only when it is shown (`view.rs`),
//! in the reader's language.
//!
//! Records ride in cookies (a sign-in in flight, a failed sign-in, a sign-out) and in sealed
//! session records, so they are small by construction: one-letter field names, enums as
//! one-or-two-letter tags, secrets reduced to a prefix and a length (`mask.rs`), and every list
//! bounded.

use serde::{Deserialize, Serialize};

pub use super::names::{CheckId, FlowKind, Outcome, StepKind, Why};

/// How many flows a session keeps: the latest of each kind, and never more than this.
pub const MAX_FLOWS: usize = 4;
pub(super) const MAX_STEPS: usize = 12;
pub(super) const MAX_FACTS: usize = 24;
pub(super) const MAX_CHECKS: usize = 12;

/// One protocol exchange the visitor went through.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Flow {
    /// What kind of exchange this was.
    #[serde(rename = "k")]
    pub kind: FlowKind,
    /// When it started (unix seconds).
    #[serde(rename = "t")]
    pub started_at: i64,
    /// Why a refresh happened.
    #[serde(rename = "w", default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
    /// The steps, in the order they happened; a flow keeps a bounded number of them.
    #[serde(rename = "s", default)]
    pub steps: Vec<Step>,
}

impl Flow {
    /// The first step that went wrong: a failed check or a failed call.
    pub fn failure(&self) -> Option<(&Step, Option<&Check>)> {
        self.steps.iter().find_map(|step| {
            let check = step.checks.iter().find(|c| c.outcome == Outcome::Failed);
            (check.is_some() || step.error.is_some()).then_some((step, check))
        })
    }
}

/// One protocol step: a request and its answer, or a check the app made on its own.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Step {
    /// What this step was.
    #[serde(rename = "k")]
    pub kind: StepKind,
    /// The endpoint called, without its query (the query is in `sent`).
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How long the call to Logto took, in milliseconds.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub took_ms: Option<u32>,
    /// The parameters sent, secrets masked.
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<Fact>,
    /// What came back (fields of Logto's answer, the callback's parameters), secrets masked.
    #[serde(rename = "g", default, skip_serializing_if = "Vec::is_empty")]
    pub received: Vec<Fact>,
    /// The checks made on what came back, in the order they were made.
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Why the call failed (Logto's answer, a timeout…), scrubbed of anything token-like.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Step {
    /// A step of `kind` with nothing sent, received or checked yet.
    pub fn new(kind: StepKind) -> Self {
        Self {
            kind,
            url: None,
            took_ms: None,
            sent: Vec::new(),
            received: Vec::new(),
            checks: Vec::new(),
            error: None,
        }
    }

    /// True when the call failed or any of its checks failed.
    pub fn failed(&self) -> bool {
        self.error.is_some() || self.checks.iter().any(|c| c.outcome == Outcome::Failed)
    }
}

/// A named value that was sent or received, e.g. `("scope", "openid profile")`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Fact(pub String, pub Val);

/// A recorded value. Secrets are only ever [`Val::Masked`].
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Val {
    /// Text, such as a parameter's value or a claim.
    Text(String),
    /// A whole number, such as `expires_in` or an HTTP status.
    Number(i64),
    /// Yes or no, such as whether a refresh token came back.
    Flag(bool),
    /// A secret: its first few characters and its length (`mask.rs`).
    Masked(String, usize),
    /// A time (unix seconds).
    Time {
        /// Unix seconds.
        t: i64,
    },
}

/// One check the app made, and how it went.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Check {
    /// Which check this was.
    #[serde(rename = "c")]
    pub id: CheckId,
    /// Whether it passed, failed, or was not made.
    #[serde(rename = "o")]
    pub outcome: Outcome,
    /// The values the check compared (expected issuer, key id, leeway…).
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Fact>,
    /// Why it failed, in the words of the code that refused (scrubbed).
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The flows a session keeps: the latest of each kind, newest first, at most [`MAX_FLOWS`].
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Flows(Vec<Flow>);

impl Flows {
    /// Keeps `flow`, replacing the previous flow of its kind.
    pub fn keep(&mut self, flow: Flow) {
        self.0.retain(|kept| kept.kind != flow.kind);
        self.0.insert(0, flow);
        self.0.truncate(MAX_FLOWS);
    }

    /// True when no flow is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The flows kept, newest first.
    pub fn iter(&self) -> impl Iterator<Item = &Flow> {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(kind: FlowKind, started_at: i64) -> Flow {
        Flow {
            kind,
            started_at,
            why: None,
            steps: vec![],
        }
    }

    #[test]
    fn a_session_keeps_the_latest_flow_of_each_kind_newest_first() {
        let mut flows = Flows::default();
        flows.keep(flow(FlowKind::SignIn, 1));
        for at in 2..10 {
            flows.keep(flow(FlowKind::Refresh, at));
        }
        flows.keep(flow(FlowKind::ApiToken, 10));
        let kept: Vec<(FlowKind, i64)> = flows.iter().map(|f| (f.kind, f.started_at)).collect();
        assert_eq!(
            kept,
            [
                (FlowKind::ApiToken, 10),
                (FlowKind::Refresh, 9),
                (FlowKind::SignIn, 1)
            ]
        );
    }

    #[test]
    fn values_round_trip_through_their_compact_form() {
        let facts = vec![
            Fact("scope".into(), Val::Text("openid".into())),
            Fact("expires_in".into(), Val::Number(3600)),
            Fact("refresh_token".into(), Val::Flag(true)),
            Fact("state".into(), Val::Masked("abcd".into(), 43)),
            Fact("exp".into(), Val::Time { t: 1_800_000_000 }),
        ];
        let json = serde_json::to_string(&facts).expect("serializes");
        assert_eq!(
            json,
            r#"[["scope","openid"],["expires_in",3600],["refresh_token",true],["state",["abcd",43]],["exp",{"t":1800000000}]]"#
        );
        let back: Vec<Fact> = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, facts);
    }
}
