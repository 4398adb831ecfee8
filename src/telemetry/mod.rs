//! Logs: one line per request with its id, method, matched route, status and latency. The URI's
//! query is never logged (the callback's carries an authorization code), nor are headers.

use std::{ffi::OsString, fmt, io::IsTerminal, time::Instant};

use axum::{
    extract::{MatchedPath, Request},
    http::HeaderValue,
    middleware::Next,
    response::Response,
};
use tracing_subscriber::{EnvFilter, fmt::writer::BoxMakeWriter};

use crate::config::{LogFormat, LogSettings};

mod lines;

/// Installs the global subscriber. Called once, by `main`, which keeps the returned guard until
/// it exits: dropping it writes out the lines still buffered.
///
/// Lines go to stdout through a background thread that writes them in batches ([`lines`]), so a
/// request never takes stdout's lock or makes a `write` of its own.
pub fn init(settings: &LogSettings) -> Option<lines::Guard> {
    let filter = EnvFilter::try_new(&settings.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let colour = use_colour(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    let (writer, guard) = match lines::start(std::io::stdout()) {
        Ok((lines, guard)) => (BoxMakeWriter::new(lines), Some(guard)),
        // No thread for the writer (the system is out of them): write directly, slower but whole.
        Err(_) => (BoxMakeWriter::new(std::io::stdout), None),
    };
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

tokio::task_local! {
    /// The `x-request-id` of the request this task is handling.
    static REQUEST_ID: HeaderValue;
}

/// The id of the request being handled, for a log line written while handling it
/// (`request_id = %telemetry::request_id()`); `-` outside a request.
pub fn request_id() -> CurrentRequestId {
    CurrentRequestId
}

pub struct CurrentRequestId;

impl fmt::Display for CurrentRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        REQUEST_ID
            .try_with(|id| f.write_str(id.to_str().unwrap_or("-")))
            .unwrap_or_else(|_| f.write_str("-"))
    }
}

/// The request's one log line, written when the response is ready: id, method, matched route,
/// status and latency. Runs inside `SetRequestIdLayer`, so the id is the one the response carries.
///
/// One event and no span: a span per request (created, entered on every poll, printed before
/// every line inside it, closed) cost a page view 2.6% of its CPU for its creation alone, where
/// the line costs about 7% (perf). Lines written while the request is handled carry its id through
/// [`request_id`] instead (the error line with the cause does).
pub async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let id = request
        .headers()
        .get("x-request-id")
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("-"));
    let response = REQUEST_ID.scope(id.clone(), next.run(request)).await;
    // `%`: written as is (`method=GET`), where a plain `&str` field would be quoted.
    tracing::info!(
        id = %id.to_str().unwrap_or("-"),
        method = %method,
        route = %route.as_ref().map_or("unmatched", MatchedPath::as_str),
        status = response.status().as_u16(),
        latency_ms = format_args!("{:.2}", started.elapsed().as_secs_f64() * 1000.0),
        "handled"
    );
    response
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
