//! Logs: one line per request with its id, method, matched route, status and latency. The URI's
//! query is never logged (the callback's carries an authorization code), nor are headers.

use std::time::Duration;

use axum::{extract::MatchedPath, http::Request, response::Response};
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::{DefaultOnBodyChunk, DefaultOnEos, TraceLayer},
};
use tracing::Span;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

/// Installs the global subscriber. Called once, by `main`.
pub fn init(settings: &LogSettings) {
    let filter = EnvFilter::try_new(&settings.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match settings.format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Pretty => builder.init(),
    }
}

type MakeSpan = fn(&Request<axum::body::Body>) -> Span;
type OnResponse = fn(&Response, Duration, &Span);

/// The per-request span and its one log line; failures are logged by `AppError` with their cause.
pub type RequestTrace = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    MakeSpan,
    (),
    OnResponse,
    DefaultOnBodyChunk,
    DefaultOnEos,
    (),
>;

pub fn trace_layer() -> RequestTrace {
    TraceLayer::new_for_http()
        .make_span_with(request_span as MakeSpan)
        .on_request(())
        .on_response(log_response as OnResponse)
        // AppError already logs a failure with its cause; the default would log it again.
        .on_failure(())
}

fn request_span(request: &Request<axum::body::Body>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    tracing::info_span!("request", id = %id, method = %request.method(), route = %route)
}

fn log_response(response: &Response, latency: Duration, _span: &Span) {
    tracing::info!(
        status = response.status().as_u16(),
        latency_ms = format_args!("{:.2}", latency.as_secs_f64() * 1000.0),
        "handled"
    );
}
