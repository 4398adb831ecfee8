//! The inspector page's view models: recorded flows turned into a sequence diagram and words in
//! the reader's language. Values arrive already masked (`mask.rs`); this only formats them.

use super::{
    explain::{self, Lane},
    record::{Check, Fact, Flow, FlowKind, Outcome, Step, StepKind, Why},
    words::{CheckView, FactView, check_view, fact_view, masked_url, time},
};
use crate::i18n::Tr;

pub use super::words::{KeysView, keys};

pub struct FlowView {
    /// `sign-in`, `refresh`, `api-token` or `sign-out`: the section's id and data attribute.
    pub kind: &'static str,
    pub title: String,
    pub started: String,
    pub why: Option<String>,
    /// `ok`, `failed` or `open`, and its words.
    pub status: &'static str,
    pub status_text: String,
    pub failure: Option<FailureView>,
    pub steps: Vec<StepView>,
}

/// The check (or call) that stopped a flow, explained.
pub struct FailureView {
    pub step: String,
    pub what: String,
    pub why: String,
    pub error: Option<String>,
    pub spec_label: &'static str,
    pub spec_url: &'static str,
    pub code: &'static str,
}

pub struct StepView {
    pub kind: &'static str,
    pub title: String,
    pub about: String,
    pub arrows: Vec<ArrowView>,
    /// The endpoint, or for a browser redirect the whole URL with its secrets masked.
    pub url: Option<String>,
    pub took: Option<String>,
    pub sent: Vec<FactView>,
    pub received: Vec<FactView>,
    pub checks: Vec<CheckView>,
    /// "7 of 8 checks passed", for the collapsed step.
    pub checks_summary: Option<String>,
    pub error: Option<String>,
    pub failed: bool,
    pub spec_label: &'static str,
    pub spec_url: &'static str,
    pub code: &'static str,
}

pub struct ArrowView {
    /// CSS classes: which lanes it spans, which way it points, whether it is an answer.
    pub class: String,
    pub label: &'static str,
}

pub fn flows(t: Tr, flows: &[Flow]) -> Vec<FlowView> {
    flows.iter().map(|flow| flow_view(t, flow)).collect()
}

fn flow_view(t: Tr, flow: &Flow) -> FlowView {
    let kind = match flow.kind {
        FlowKind::SignIn => "sign-in",
        FlowKind::Refresh => "refresh",
        FlowKind::ApiToken => "api-token",
        FlowKind::SignOut => "sign-out",
    };
    let failure = flow
        .failure()
        .map(|(step, check)| failure_view(t, step, check));
    let status = if failure.is_some() {
        "failed"
    } else if finished(flow) {
        "ok"
    } else {
        "open"
    };
    FlowView {
        kind,
        title: t.t(&format!("inspect-flow-{kind}")).into_owned(),
        started: t.t_args("inspect-started", &[("at", &time(flow.started_at))]),
        why: flow.why.map(|why| match why {
            Why::Expiring(left) => {
                t.t_args("inspect-why-expiring", &[("seconds", &left.to_string())])
            }
            Why::Requested => t.t("inspect-why-requested").into_owned(),
            Why::ApiToken => t.t("inspect-why-api-token").into_owned(),
        }),
        status,
        status_text: t.t(&format!("inspect-status-{status}")).into_owned(),
        failure,
        steps: flow.steps.iter().map(|step| step_view(t, step)).collect(),
    }
}

/// Whether the flow reached its last step.
fn finished(flow: &Flow) -> bool {
    let last = match flow.kind {
        FlowKind::SignIn => StepKind::Session,
        FlowKind::Refresh | FlowKind::ApiToken => StepKind::Refresh,
        FlowKind::SignOut => StepKind::SignOutReturn,
    };
    flow.steps.iter().any(|step| step.kind == last)
}

fn failure_view(t: Tr, step: &Step, check: Option<&Check>) -> FailureView {
    let step_info = explain::step(step.kind);
    let step_title = t.t(&format!("inspect-step-{}-title", step_info.key));
    match check {
        Some(check) => {
            let info = explain::check(check.id);
            FailureView {
                step: step_title.into_owned(),
                what: t
                    .t(&format!("inspect-check-{}-name", info.key))
                    .into_owned(),
                why: t.t(&format!("inspect-check-{}-why", info.key)).into_owned(),
                error: check.error.clone(),
                spec_label: info.spec.label,
                spec_url: info.spec.url,
                code: info.code,
            }
        }
        None => FailureView {
            what: step_title.clone().into_owned(),
            step: step_title.into_owned(),
            why: t
                .t(&format!("inspect-step-{}-about", step_info.key))
                .into_owned(),
            error: step.error.clone(),
            spec_label: step_info.spec.label,
            spec_url: step_info.spec.url,
            code: step_info.code,
        },
    }
}

fn step_view(t: Tr, step: &Step) -> StepView {
    let info = explain::step(step.kind);
    let explained = |facts: &[Fact], purposes: bool| -> Vec<FactView> {
        facts
            .iter()
            .map(|fact| fact_view(t, fact, purposes))
            .collect()
    };
    let redirect = matches!(step.kind, StepKind::Authorize | StepKind::EndSession);
    StepView {
        kind: info.key,
        title: t
            .t(&format!("inspect-step-{}-title", info.key))
            .into_owned(),
        about: t
            .t(&format!("inspect-step-{}-about", info.key))
            .into_owned(),
        arrows: info.arrows.iter().map(arrow).collect(),
        url: step.url.as_ref().map(|url| match redirect {
            true => masked_url(url, &step.sent),
            false => url.clone(),
        }),
        took: step
            .took_ms
            .map(|ms| t.t_args("inspect-took", &[("ms", &ms.to_string())])),
        sent: explained(&step.sent, true),
        received: explained(&step.received, step.kind == StepKind::Callback),
        checks: step
            .checks
            .iter()
            .map(|check| check_view(t, check, &step.received))
            .collect(),
        checks_summary: (!step.checks.is_empty()).then(|| {
            let passed = step
                .checks
                .iter()
                .filter(|c| c.outcome == Outcome::Passed)
                .count();
            t.t_args(
                "inspect-checks-passed",
                &[
                    ("passed", &passed.to_string()),
                    ("total", &step.checks.len().to_string()),
                ],
            )
        }),
        error: step.error.clone(),
        failed: step.failed(),
        spec_label: info.spec.label,
        spec_url: info.spec.url,
        code: info.code,
    }
}

fn arrow(&(from, to, label): &explain::Arrow) -> ArrowView {
    let lane = |lane| match lane {
        Lane::Browser => 0,
        Lane::App => 1,
        Lane::Logto => 2,
    };
    let (a, b) = (lane(from), lane(to));
    let span = match (a.min(b), a.max(b)) {
        (0, 1) => "lanes-browser-app",
        (1, 2) => "lanes-app-logto",
        (0, 2) => "lanes-browser-logto",
        _ => "lanes-app",
    };
    let direction = match a.cmp(&b) {
        std::cmp::Ordering::Less => "right",
        std::cmp::Ordering::Greater => "left",
        std::cmp::Ordering::Equal => "self",
    };
    // Answers (and redirects, which answer the browser) point back towards the browser.
    let answer = if a > b { " answer" } else { "" };
    ArrowView {
        class: format!("arrow {span} {direction}{answer}"),
        label,
    }
}
