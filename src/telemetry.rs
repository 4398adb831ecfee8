//! Logs: one line per request with its id, method, matched route, status and latency. The URI's
//! query is never logged (the callback's carries an authorization code), nor are headers.

use std::{ffi::OsString, io::IsTerminal, time::Duration};

use axum::{extract::MatchedPath, http::Request, response::Response};
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::{DefaultOnBodyChunk, DefaultOnEos, TraceLayer},
};
use tracing::Span;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

/// Lines queued for the writer thread at most. The queue is allocated whole at start: the
/// default (128,000) cost 4 MiB of resident memory for nothing.
const LOG_QUEUE_LINES: usize = 8_192;

/// Installs the global subscriber. Called once, by `main`, which keeps the returned guard until
/// it exits: dropping it writes out the lines still queued.
///
/// Lines go to stdout through a background thread: a request formats its line and queues it,
/// instead of taking stdout's lock and making a `write` per line (which, at one line per request,
/// cost page views a measurable share of their throughput). Not lossy: should the writer fall
/// `LOG_QUEUE_LINES` behind, requests wait rather than lines being dropped.
pub fn init(settings: &LogSettings) -> tracing_appender::non_blocking::WorkerGuard {
    let filter = EnvFilter::try_new(&settings.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let colour = use_colour(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .lossy(false)
        .thread_name("log-writer")
        .finish(std::io::stdout());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(writer);
    match settings.format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Pretty => builder.init(),
    }
    guard
}

/// Colour codes only for a person at a terminal: never in a log file, a pipe, `docker logs` or a
/// collector, which would store the escape codes as text. `NO_COLOR` (non-empty) turns colour off
/// on a terminal too (<https://no-color.org>).
fn use_colour(stdout_is_terminal: bool, no_color: Option<OsString>) -> bool {
    stdout_is_terminal && no_color.is_none_or(|v| v.is_empty())
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
    // Borrowed: the span records its fields as it is created.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", id = %id, method = %request.method(), route = %route)
}

fn log_response(response: &Response, latency: Duration, _span: &Span) {
    tracing::info!(
        status = response.status().as_u16(),
        latency_ms = format_args!("{:.2}", latency.as_secs_f64() * 1000.0),
        "handled"
    );
}

#[cfg(test)]
mod tests {
    use std::{
        io::Write,
        sync::{Arc, Mutex},
    };

    use super::*;

    #[test]
    fn no_colour_when_stdout_is_a_file() {
        let file = tempfile::tempfile().expect("a temporary file");
        assert!(!use_colour(file.is_terminal(), None));
    }

    #[test]
    fn colour_on_a_terminal_unless_no_color_is_set() {
        assert!(use_colour(true, None));
        assert!(use_colour(true, Some(OsString::new())));
        assert!(!use_colour(true, Some(OsString::from("1"))));
    }

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("buffer").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_pretty_format_to_a_file_has_no_escape_codes() {
        let file = tempfile::tempfile().expect("a temporary file");
        let buffer = Buffer::default();
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(use_colour(file.is_terminal(), None))
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::warn!(status = 503, "a line with fields");
        });
        let text = String::from_utf8(buffer.0.lock().expect("buffer").clone()).expect("UTF-8");
        assert!(text.contains("a line with fields"), "{text}");
        assert!(!text.contains('\x1b'), "escape codes in {text:?}");
    }
}
