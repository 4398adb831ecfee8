//! How recorded values and checks read on the page: facts with what each parameter is for,
//! checks with their words, specification and source file, masked values, times, and the
//! discovery and keys in use.

use time::OffsetDateTime;

use super::{
    explain::{self, EXPLAINED_PARAMETERS, TRANSLATED_NAMES},
    record::{Check, CheckId, Fact, Outcome, Val},
};
use logto_core::KeysInUse;

use crate::i18n::Tr;

pub struct FactView {
    pub name: String,
    /// A protocol name (shown as code), not a translated label.
    pub protocol: bool,
    pub value: String,
    pub masked: bool,
    pub purpose: Option<String>,
}

pub struct CheckView {
    /// The check's key (`nonce`, `callback-iss`…): a data attribute for tests and styles.
    pub key: &'static str,
    pub name: String,
    pub outcome: &'static str,
    pub outcome_text: String,
    pub why: String,
    pub args: Vec<FactView>,
    pub error: Option<String>,
    pub spec_label: &'static str,
    pub spec_url: &'static str,
    pub code: &'static str,
}

/// The received values a check is about, shown with it.
fn compared(id: CheckId) -> &'static [&'static str] {
    match id {
        CheckId::CallbackIss | CheckId::Issuer => &["iss"],
        CheckId::Header => &["typ"],
        CheckId::Audience => &["aud"],
        CheckId::Signature => &["alg", "kid"],
        CheckId::Expiry => &["exp"],
        CheckId::IssuedAt => &["iat"],
        _ => &[],
    }
}

pub(super) fn check_view(t: Tr, check: &Check, received: &[Fact]) -> CheckView {
    let info = explain::check(check.id);
    let about = compared(check.id)
        .iter()
        .filter_map(|name| received.iter().find(|fact| fact.0 == *name));
    let outcome = match check.outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::NotReached => "not-reached",
        Outcome::NotApplicable => "not-applicable",
    };
    CheckView {
        key: info.key,
        name: t
            .t(&format!("inspect-check-{}-name", info.key))
            .into_owned(),
        outcome,
        outcome_text: t.t(&format!("inspect-outcome-{outcome}")).into_owned(),
        why: t.t(&format!("inspect-check-{}-why", info.key)).into_owned(),
        args: about
            .chain(&check.args)
            .map(|fact| fact_view(t, fact, false))
            .collect(),
        error: check.error.clone(),
        spec_label: info.spec.label,
        spec_url: info.spec.url,
        code: info.code,
    }
}

pub(super) fn fact_view(t: Tr, Fact(name, value): &Fact, purposes: bool) -> FactView {
    let dashed = name.replace('_', "-");
    let translated = TRANSLATED_NAMES.contains(&name.as_str());
    let label = if name == "…" {
        t.t("inspect-other-claims").into_owned()
    } else if translated {
        t.t(&format!("inspect-arg-{dashed}")).into_owned()
    } else {
        name.clone()
    };
    let purpose = (purposes && EXPLAINED_PARAMETERS.contains(&name.as_str()))
        .then(|| t.t(&format!("inspect-param-{dashed}")).into_owned());
    FactView {
        protocol: name != "…" && !translated,
        name: label,
        value: value_text(t, value),
        masked: matches!(value, Val::Masked(..)),
        purpose,
    }
}

fn value_text(t: Tr, value: &Val) -> String {
    match value {
        Val::Text(text) => text.clone(),
        Val::Number(n) => n.to_string(),
        Val::Flag(true) => t.t("inspect-yes").into_owned(),
        Val::Flag(false) => t.t("inspect-no").into_owned(),
        Val::Masked(prefix, length) => t.t_args(
            "inspect-masked",
            &[("prefix", prefix), ("length", &length.to_string())],
        ),
        Val::Time { t: at } => time(*at),
    }
}

/// `url?name=value&…` with each secret shown as its prefix and an ellipsis.
pub(super) fn masked_url(url: &str, params: &[Fact]) -> String {
    let query: Vec<String> = params
        .iter()
        .map(|Fact(name, value)| {
            let value = match value {
                Val::Masked(prefix, _) => format!("{prefix}…"),
                Val::Text(text) => url::form_urlencoded::byte_serialize(text.as_bytes()).collect(),
                other => format!("{other:?}"),
            };
            format!("{name}={value}")
        })
        .collect();
    format!("{url}?{}", query.join("&"))
}

/// `2026-11-22 07:58:03 UTC`.
pub fn time(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_default()
}

/// The discovery and keys section.
pub struct KeysView {
    pub issuer: String,
    pub fetched: String,
    pub algorithms: String,
    pub keys: Vec<(String, String)>,
    pub endpoints: Vec<(&'static str, String)>,
}

pub fn keys(t: Tr, keys: KeysInUse) -> KeysView {
    KeysView {
        issuer: keys.issuer,
        fetched: t.t_args(
            "inspect-keys-fetched",
            &[
                ("at", &time(keys.fetched_at)),
                ("ms", &keys.fetch_ms.to_string()),
            ],
        ),
        algorithms: keys.algorithms.join(" "),
        keys: keys.keys,
        endpoints: keys.endpoints,
    }
}
