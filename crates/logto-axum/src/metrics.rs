//! What the SDK counts, through the [`metrics`](https://docs.rs/metrics) facade: nothing is
//! recorded unless the application installs a recorder. Labels never name a user, a session or
//! a token: causes are [`crate::Error::kind`]s, a small fixed set.
//!
//! - `logto_sign_ins_started_total`, `logto_sign_ins_completed_total`,
//!   `logto_sign_ins_failed_total{cause}`;
//! - `logto_refreshes_total{outcome}` (`done`, `failed`, `ended`, `lock_lost`) and
//!   `logto_refresh_failures_total{cause}`;
//! - `logto_session_lock_wait_seconds`: how long a change waited for the session's lock;
//! - `logto_backchannel_logouts_total{outcome}` (`accepted`, or why it was refused);
//! - `logto_session_store_errors_total`: requests failed by the session store.
//!
//! `logto-core` adds `logto_requests_total{endpoint, outcome}` and
//! `logto_request_duration_seconds{endpoint}`, the calls to Logto.

use std::time::Duration;

/// Gives every metric the SDK and `logto-core` record its help text and unit. Call it once, after
/// installing the recorder (a Prometheus exporter shows the help as `# HELP`).
pub fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "logto_sign_ins_started_total",
        "Sign-ins started (browsers sent to Logto)."
    );
    describe_counter!(
        "logto_sign_ins_completed_total",
        "Sign-ins completed at the callback."
    );
    describe_counter!(
        "logto_sign_ins_failed_total",
        "Sign-ins that failed at the callback, by cause."
    );
    describe_counter!(
        "logto_refreshes_total",
        "Refresh-token grants, by outcome: done, failed, ended (Logto no longer honours the grant), lock_lost."
    );
    describe_counter!(
        "logto_refresh_failures_total",
        "Refresh-token grants that failed, by cause."
    );
    describe_histogram!(
        "logto_session_lock_wait_seconds",
        Unit::Seconds,
        "How long a change of a session waited for its lock."
    );
    describe_counter!(
        "logto_backchannel_logouts_total",
        "Back-channel logouts, accepted or refused by cause."
    );
    describe_counter!(
        "logto_session_store_errors_total",
        "Requests that failed because the session store did."
    );
    describe_gauge!(
        "logto_sessions_cached",
        "Parsed sessions in this process's cache."
    );
    describe_gauge!(
        "logto_sessions_cached_bytes",
        Unit::Bytes,
        "What the cached sessions are charged against the cache's memory budget."
    );
    describe_counter!(
        "logto_requests_total",
        "Calls to Logto, by endpoint and outcome."
    );
    describe_histogram!(
        "logto_request_duration_seconds",
        Unit::Seconds,
        "How long calls to Logto took, by endpoint."
    );
}

pub(crate) fn sign_in_started() {
    metrics::counter!("logto_sign_ins_started_total").increment(1);
}

pub(crate) fn sign_in_completed() {
    metrics::counter!("logto_sign_ins_completed_total").increment(1);
}

pub(crate) fn sign_in_failed(cause: &'static str) {
    metrics::counter!("logto_sign_ins_failed_total", "cause" => cause).increment(1);
}

pub(crate) fn refresh(outcome: &'static str) {
    metrics::counter!("logto_refreshes_total", "outcome" => outcome).increment(1);
}

pub(crate) fn refresh_failed(cause: &'static str) {
    metrics::counter!("logto_refresh_failures_total", "cause" => cause).increment(1);
}

pub(crate) fn lock_waited(waited: Duration) {
    metrics::histogram!("logto_session_lock_wait_seconds").record(waited.as_secs_f64());
}

pub(crate) fn backchannel_logout(outcome: &'static str) {
    metrics::counter!("logto_backchannel_logouts_total", "outcome" => outcome).increment(1);
}

/// A request failed because the session store did (not a lost lock: that is a refresh's).
pub fn session_store_error() {
    metrics::counter!("logto_session_store_errors_total").increment(1);
}
