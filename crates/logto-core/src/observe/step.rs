//! [`StepRecorder`]: adds what was sent and received, timings, checks and errors to one step of a
//! [`Trace`](super::Trace); every method does nothing when the trace is off.
//!
//! Values are recorded by name: a parameter whose name says it is a secret (`code`, `state`,
//! `nonce`, `code_verifier`, any token…) is only ever recorded masked, whoever reports it, so a
//! caller cannot leak one by accident.

use std::time::Instant;

use url::Url;

use super::{
    mask::{masked, text},
    record::{Check, CheckId, Fact, MAX_CHECKS, MAX_FACTS, Outcome, Step, Val},
};

/// Parameters whose values are secrets, or would let someone replay or link a flow.
const SECRET_NAMES: [&str; 11] = [
    "code",
    "state",
    "nonce",
    "code_challenge",
    "code_verifier",
    "access_token",
    "id_token",
    "refresh_token",
    "id_token_hint",
    "token",
    "client_secret",
];

/// Adds to one step.
pub struct StepRecorder<'a>(pub(super) Option<&'a mut Step>);

impl StepRecorder<'_> {
    /// The endpoint called, without its query.
    pub fn url(&mut self, url: &Url) -> &mut Self {
        if let Some(step) = &mut self.0 {
            let mut bare = url.clone();
            bare.set_query(None);
            bare.set_fragment(None);
            step.url = Some(text(bare.as_str()));
        }
        self
    }

    /// The endpoint and every parameter of its query, as sent.
    pub fn url_with_query(&mut self, url: &Url) -> &mut Self {
        if self.0.is_none() {
            return self;
        }
        self.url(url);
        for (name, value) in url.query_pairs() {
            self.sent(&name, &value);
        }
        self
    }

    /// How long the call to Logto took, measured from `since`.
    pub fn took(&mut self, since: Instant) -> &mut Self {
        if let Some(step) = &mut self.0 {
            step.took_ms = Some(u32::try_from(since.elapsed().as_millis()).unwrap_or(u32::MAX));
        }
        self
    }

    /// A parameter sent, masked when its name says it is a secret.
    pub fn sent(&mut self, name: &str, value: &str) -> &mut Self {
        // Masking costs: not done at all when nothing is recorded (the inspector is off).
        if self.0.is_some() {
            self.sent_val(name, by_name(name, value));
        }
        self
    }

    /// A parameter sent, recorded as `value` is, without masking by name: for values that are
    /// not secrets (a number, a flag) or are already masked.
    pub fn sent_val(&mut self, name: &str, value: Val) -> &mut Self {
        if let Some(step) = &mut self.0 {
            push_fact(&mut step.sent, name, value);
        }
        self
    }

    /// A value received, masked when its name says it is a secret.
    pub fn received(&mut self, name: &str, value: &str) -> &mut Self {
        if self.0.is_some() {
            self.received_val(name, by_name(name, value));
        }
        self
    }

    /// A value received, recorded as `value` is, without masking by name: for values that are
    /// not secrets (a number, a flag) or are already masked.
    pub fn received_val(&mut self, name: &str, value: Val) -> &mut Self {
        if let Some(step) = &mut self.0 {
            push_fact(&mut step.received, name, value);
        }
        self
    }

    /// Values received, each recorded as it is, without masking by name, such as what
    /// [`jwt::describe`](super::jwt::describe) shows of a token.
    pub fn received_facts(&mut self, facts: Vec<Fact>) -> &mut Self {
        for Fact(name, value) in facts {
            self.received_val(&name, value);
        }
        self
    }

    /// A check and its outcome, with the values it compared.
    pub fn check(&mut self, id: CheckId, outcome: Outcome, args: Vec<Fact>) -> &mut Self {
        if let Some(step) = &mut self.0
            && step.checks.len() < MAX_CHECKS
        {
            step.checks.push(Check {
                id,
                outcome,
                args,
                error: None,
            });
        }
        self
    }

    /// A check that failed, and why.
    pub fn check_failed(&mut self, id: CheckId, error: &str, args: Vec<Fact>) -> &mut Self {
        self.check(id, Outcome::Failed, args);
        if let Some(check) = self.0.as_mut().and_then(|s| s.checks.last_mut())
            && check.id == id
        {
            check.error = Some(text(error));
        }
        self
    }

    /// The call failed (Logto refused, timed out, answered nonsense).
    pub fn error(&mut self, error: &dyn std::fmt::Display) -> &mut Self {
        if let Some(step) = &mut self.0 {
            step.error = Some(text(&error.to_string()));
        }
        self
    }
}

/// A fact for a check's arguments, masked when its name says it is a secret.
pub fn fact(name: &str, value: &str) -> Fact {
    Fact(name.to_string(), by_name(name, value))
}

fn by_name(name: &str, value: &str) -> Val {
    if SECRET_NAMES.contains(&name) {
        masked(value)
    } else {
        Val::Text(text(value))
    }
}

fn push_fact(facts: &mut Vec<Fact>, name: &str, value: Val) {
    if facts.len() < MAX_FACTS {
        facts.push(Fact(text(name), value));
    }
}
