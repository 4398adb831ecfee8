//! Logs: one line per request with its id, method, matched route, status and latency
//! ([`RequestLine`]), and the causes of failures. The URI's query is never logged (the callback's
//! carries an authorization code), nor are headers.

use std::{ffi::OsString, fmt, future::Future, io::IsTerminal};

use axum::http::HeaderValue;
use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

pub mod metrics;
mod request_line;

pub use request_line::RequestLine;

/// The most the log writer gathers before it writes to stdout (it also writes whenever it runs
/// out of lines): 64 KiB, about 400 request lines.
const LOG_WRITE_BUFFER_BYTES: usize = 64 * 1024;

/// Installs the global subscriber: `tracing-subscriber`'s formatter (pretty or JSON) writing
/// through `tracing-appender`'s non-blocking writer, so a request never takes stdout's lock or
/// makes a `write` of its own. Called once, by `main`, which keeps the returned guard until it
/// exits: dropping it writes out the lines still buffered.
///
/// The writer is not lossy: should stdout stall (a full pipe), requests wait rather than drop
/// lines, as an audit trail wants.
pub fn init(settings: &LogSettings) -> WorkerGuard {
    let filter = EnvFilter::try_new(&settings.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let colour = use_colour(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    // 16,384 lines of room (the default, 128,000, preallocates about 4 MiB: measured as the
    // difference in resident memory at start) is several seconds of the busiest traffic here.
    //
    // Stdout itself is line-buffered: one `write` system call per line, which cost a signed-in
    // page view more than its template (a profile at 16,000 views/s: the writer thread took 17%
    // of the app's CPU). The writer thread flushes whenever it has written every line it was
    // given, so a buffer in front of stdout turns a busy second's lines into a few large writes
    // while a quiet server's lines still appear at once.
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        .buffered_lines_limit(16_384)
        .thread_name("log-writer")
        .finish(std::io::BufWriter::with_capacity(
            LOG_WRITE_BUFFER_BYTES,
            std::io::stdout(),
        ));
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

/// The id of the request being handled, to hand to a task it spawns; `None` outside a request.
pub fn current_request_id() -> Option<HeaderValue> {
    REQUEST_ID.try_with(HeaderValue::clone).ok()
}

/// Runs `handling` with `id` as the [`request_id`] of the lines it logs.
pub async fn with_request_id<F: Future>(id: HeaderValue, handling: F) -> F::Output {
    REQUEST_ID.scope(id, handling).await
}

/// For unit tests that give `tracing` a subscriber of their own: a writer that keeps what it is
/// given, for the test to read.
#[cfg(test)]
pub(crate) mod captured {
    use std::{
        io::Write,
        sync::{Arc, Mutex},
    };

    #[derive(Clone, Default)]
    pub struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Captured {
        pub fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().expect("captured lines")).into_owned()
        }
    }

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .expect("captured lines")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn the_pretty_format_to_a_file_has_no_escape_codes() {
        let file = tempfile::tempfile().expect("a temporary file");
        let buffer = captured::Captured::default();
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(use_colour(file.is_terminal(), None))
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::warn!(status = 503, "a line with fields");
        });
        let text = buffer.text();
        assert!(text.contains("a line with fields"), "{text}");
        assert!(!text.contains('\x1b'), "escape codes in {text:?}");
    }
}
