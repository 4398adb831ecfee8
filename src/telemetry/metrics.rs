//! Prometheus metrics, served on a listener of their own (`APP_METRICS_ADDR`, off unless set),
//! never on the public router. The app and the SDK count through the `metrics` facade; the
//! exporter installed here renders what they counted.
//!
//! Requests: `http_requests_total{method, route, status}` and
//! `http_request_duration_seconds{method, route}` (the route is the matched pattern, never the
//! path as sent). The SDK's and the core's: see `logto_axum::metrics`. `logto_sessions_cached`
//! and `logto_sessions_cached_bytes`: parsed sessions in this process's cache and what they are
//! charged against its budget, read at each scrape. No label ever holds a user, a
//! session or a token.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use axum::{Router, extract::State, http::header, response::IntoResponse, routing::get};
use logto_axum::session::Sessions;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;

/// Histogram buckets, in seconds: from a cached page view (about 100 µs) to Logto's timeout.
const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 2.5, 10.0,
];

/// Whether a recorder is installed: without one, the request metrics are not even labelled (their
/// labels cost two allocations a request, for a no-op).
static ON: AtomicBool = AtomicBool::new(false);

/// True once [`install`] has run.
pub fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Installs the process's recorder; its handle renders what was counted since.
pub fn install() -> Result<PrometheusHandle, String> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)
        .map_err(|e| e.to_string())?
        .install_recorder()
        .map_err(|e| e.to_string())?;
    logto_axum::metrics::describe();
    metrics::describe_counter!(
        "http_requests_total",
        "Requests answered (or cut off: 499), by method, matched route and status."
    );
    metrics::describe_histogram!(
        "http_request_duration_seconds",
        metrics::Unit::Seconds,
        "How long requests took, by method and matched route."
    );
    ON.store(true, Ordering::Relaxed);
    Ok(handle)
}

/// The metrics listener's router: `GET /metrics` only.
pub fn router(handle: PrometheusHandle, sessions: Arc<Sessions>) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((handle, sessions))
}

async fn scrape(
    State((handle, sessions)): State<(PrometheusHandle, Arc<Sessions>)>,
) -> impl IntoResponse {
    metrics::gauge!("logto_sessions_cached").set(sessions.cached_sessions() as f64);
    metrics::gauge!("logto_sessions_cached_bytes").set(sessions.cached_bytes() as f64);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
}

/// Serves [`router`] on `addr` until the process ends; upkeep (histogram windows) every 5 s.
pub async fn serve(addr: SocketAddr, handle: PrometheusHandle, sessions: Arc<Sessions>) {
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(err) => {
            tracing::error!(error = %err, %addr, "APP_METRICS_ADDR: cannot listen; no metrics");
            return;
        }
    };
    tracing::info!(%addr, "metrics at /metrics");
    let upkeep = handle.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            upkeep.run_upkeep();
        }
    });
    if let Err(err) = axum::serve(listener, router(handle, sessions)).await {
        tracing::error!(error = %err, "the metrics listener stopped");
    }
}
