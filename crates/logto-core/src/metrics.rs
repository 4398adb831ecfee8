//! What the client counts, through the [`metrics`](https://docs.rs/metrics) facade: nothing is
//! recorded unless the application installs a recorder (a Prometheus exporter, say).
//!
//! - `logto_requests_total{endpoint, outcome}`: calls to Logto by endpoint (`discovery_and_keys`,
//!   `token`, `userinfo`, `revocation`), `ok` or `error`;
//! - `logto_request_duration_seconds{endpoint}`: how long they took.

use std::time::Instant;

/// Counts one call to Logto's `endpoint` that started at `started`.
pub(crate) fn logto_call(endpoint: &'static str, started: Instant, ok: bool) {
    let outcome = if ok { "ok" } else { "error" };
    metrics::counter!("logto_requests_total", "endpoint" => endpoint, "outcome" => outcome)
        .increment(1);
    metrics::histogram!("logto_request_duration_seconds", "endpoint" => endpoint)
        .record(started.elapsed().as_secs_f64());
}
