//! The one line each request leaves in the log: id, method, matched route, status and latency.
//!
//! It is the only line written on every request, so it is written directly into the batched
//! writer ([`super::lines`]), byte for byte as `tracing`'s formatter writes an event with these
//! fields (the test below holds the two together), instead of through `tracing`'s event
//! machinery: dispatching the event, visiting its fields one by one and formatting the timestamp
//! was about a fifth of a signed-in page view's CPU (with the line, 18.5 µs per page view;
//! `RUST_LOG=warn`, 15.2 µs). `RUST_LOG` still decides: the line is written when `info` is on for
//! the target `logto_app::telemetry`. Without the batched writer (tests, a terminal with colour)
//! the line goes through `tracing` as any other event. A layer added to the subscriber later (an
//! exporter, say) would not see the direct lines: such a deployment should leave [`super::DIRECT`]
//! unset, so request lines go through `tracing` again.

use std::{
    cell::{Cell, RefCell},
    fmt,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::http::Method;
use tracing::Level;

use crate::{
    config::LogFormat,
    dates::{Utc, push_decimal, push_digits},
};

/// The target of request lines: `RUST_LOG=info,logto_app::telemetry=warn` leaves them out.
const TARGET: &str = "logto_app::telemetry";

pub struct RequestLine<'a> {
    pub id: &'a str,
    pub method: &'a Method,
    pub route: &'a str,
    pub status: u16,
    pub latency: Duration,
}

impl RequestLine<'_> {
    pub fn log(&self) {
        if !tracing::enabled!(target: TARGET, Level::INFO) {
            return;
        }
        let Some((lines, format)) = super::DIRECT.get() else {
            // `%`: written as is (`method=GET`), where a plain `&str` field would be quoted.
            tracing::info!(
                target: TARGET,
                id = %self.id,
                method = %self.method,
                route = %self.route,
                status = self.status,
                latency_ms = %Millis(self.latency),
                "handled"
            );
            return;
        };
        thread_local! {
            static LINE: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(256));
        }
        LINE.with_borrow_mut(|line| {
            line.clear();
            self.write(line, *format, SystemTime::now());
            lines.append(line);
        });
    }

    /// The line as `tracing_subscriber`'s `fmt` layer writes it: its `Full` format without
    /// colour, or its JSON format with `flatten_event(true)`.
    fn write(&self, out: &mut Vec<u8>, format: LogFormat, now: SystemTime) {
        match format {
            LogFormat::Pretty => {
                push_timestamp(out, now);
                out.extend_from_slice(b"  INFO ");
                out.extend_from_slice(TARGET.as_bytes());
                out.extend_from_slice(b": handled id=");
                out.extend_from_slice(self.id.as_bytes());
                out.extend_from_slice(b" method=");
                out.extend_from_slice(self.method.as_str().as_bytes());
                out.extend_from_slice(b" route=");
                out.extend_from_slice(self.route.as_bytes());
                out.extend_from_slice(b" status=");
                push_decimal(out, u64::from(self.status));
                out.extend_from_slice(b" latency_ms=");
                Millis(self.latency).push(out);
            }
            LogFormat::Json => {
                out.extend_from_slice(b"{\"timestamp\":\"");
                push_timestamp(out, now);
                out.extend_from_slice(b"\",\"level\":\"INFO\",\"message\":\"handled\",\"id\":");
                push_json_string(out, self.id);
                out.extend_from_slice(b",\"method\":");
                push_json_string(out, self.method.as_str());
                out.extend_from_slice(b",\"route\":");
                push_json_string(out, self.route);
                out.extend_from_slice(b",\"status\":");
                push_decimal(out, u64::from(self.status));
                out.extend_from_slice(b",\"latency_ms\":\"");
                Millis(self.latency).push(out);
                out.extend_from_slice(b"\",\"target\":\"");
                out.extend_from_slice(TARGET.as_bytes());
                out.extend_from_slice(b"\"}");
            }
        }
        out.push(b'\n');
    }
}

/// A latency in milliseconds with two decimals (`2.13`), rounded to the nearest 10 µs: written
/// with integers, on both paths, so the direct line and `tracing`'s agree to the digit.
struct Millis(Duration);

impl Millis {
    /// Hundredths of a millisecond.
    fn hundredths(&self) -> u128 {
        (self.0.as_micros() + 5) / 10
    }

    fn push(&self, out: &mut Vec<u8>) {
        let hundredths = self.hundredths();
        push_decimal(out, u64::try_from(hundredths / 100).unwrap_or(u64::MAX));
        out.push(b'.');
        // Below 100: the cast cannot truncate.
        push_digits(out, (hundredths % 100) as u32, 2);
    }
}

/// For the `tracing` path: the same digits as [`Millis::push`] writes.
impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digits = Vec::with_capacity(12);
        self.push(&mut digits);
        f.write_str(std::str::from_utf8(&digits).map_err(|_| fmt::Error)?)
    }
}

/// `2026-11-30T12:47:33.225901Z`: RFC 3339 in UTC with microseconds, as `tracing_subscriber`'s
/// default timer writes it (truncated, not rounded). The date and time of day are worked out
/// once per second per thread.
fn push_timestamp(out: &mut Vec<u8>, now: SystemTime) {
    thread_local! {
        static SECOND: Cell<Option<(u64, [u8; 19])>> = const { Cell::new(None) };
    }
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since_epoch.as_secs();
    let prefix = match SECOND.get() {
        Some((cached, prefix)) if cached == seconds => prefix,
        _ => {
            let Some(t) = i64::try_from(seconds).ok().and_then(Utc::from_unix) else {
                out.extend_from_slice(b"<unknown time>");
                return;
            };
            let mut text = Vec::with_capacity(19);
            for (value, width, after) in [
                (t.year, 4, Some(b'-')),
                (t.month, 2, Some(b'-')),
                (t.day, 2, Some(b'T')),
                (t.hour, 2, Some(b':')),
                (t.minute, 2, Some(b':')),
                (t.second, 2, None),
            ] {
                push_digits(&mut text, value, width);
                text.extend(after);
            }
            let mut prefix = [0u8; 19];
            prefix.copy_from_slice(&text);
            SECOND.set(Some((seconds, prefix)));
            prefix
        }
    };
    out.extend_from_slice(&prefix);
    out.push(b'.');
    push_digits(out, since_epoch.subsec_micros(), 6);
    out.push(b'Z');
}

/// A JSON string, escaped as `serde_json` escapes it.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    for &byte in text.as_bytes() {
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            0..=0x1f => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
            _ => out.push(byte),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::captured::Captured;

    /// What `tracing_subscriber`, set up as [`super::super::init`] sets it up, writes for `line`.
    fn through_tracing(line: &RequestLine<'_>, format: LogFormat) -> String {
        let buffer = Captured::default();
        let sink = buffer.clone();
        let builder = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || sink.clone());
        match format {
            LogFormat::Pretty => {
                tracing::subscriber::with_default(builder.finish(), || line.log());
            }
            LogFormat::Json => {
                let json = builder.json().flatten_event(true).finish();
                tracing::subscriber::with_default(json, || line.log());
            }
        }
        buffer.text()
    }

    fn direct(line: &RequestLine<'_>, format: LogFormat) -> String {
        let mut out = Vec::new();
        line.write(&mut out, format, SystemTime::now());
        String::from_utf8(out).expect("UTF-8")
    }

    /// The timestamp ends at the first space (pretty) or is the `timestamp` field (JSON).
    fn without_timestamp(text: &str, format: LogFormat) -> String {
        match format {
            LogFormat::Pretty => text.split_once(' ').map(|(_, rest)| rest.to_string()),
            LogFormat::Json => {
                let start = text.find("\"timestamp\":\"").expect("a timestamp") + 13;
                let end = start + text[start..].find('"').expect("its end");
                Some(format!("{}{}", &text[..start], &text[end..]))
            }
        }
        .expect("a timestamp")
    }

    #[test]
    fn the_direct_line_reads_exactly_as_tracing_would_write_it() {
        let method = Method::from_bytes(b"PROPFIND").expect("a method");
        let lines = [
            RequestLine {
                id: "7898638d-b7ce-406f-9650-a03981050f7f",
                method: &Method::GET,
                route: "/",
                status: 200,
                latency: Duration::from_micros(2_134),
            },
            RequestLine {
                id: "a\"b\\c\n\t\u{1}",
                method: &method,
                route: "/static/{file}",
                status: 5,
                latency: Duration::from_nanos(1_005_000_123),
            },
            RequestLine {
                id: "-",
                method: &Method::POST,
                route: "unmatched",
                status: 65_535,
                latency: Duration::ZERO,
            },
        ];
        for line in &lines {
            for format in [LogFormat::Pretty, LogFormat::Json] {
                let ours = direct(line, format);
                let theirs = through_tracing(line, format);
                assert_eq!(
                    without_timestamp(&ours, format),
                    without_timestamp(&theirs, format),
                    "{format:?}"
                );
            }
        }
    }

    #[test]
    fn latencies_are_milliseconds_with_two_decimals_rounded_to_ten_microseconds() {
        for (micros, text) in [
            (0, "0.00"),
            (4, "0.00"),
            (5, "0.01"),
            (2_134, "2.13"),
            (2_135, "2.14"),
            (999_995, "1000.00"),
            (61_000_000, "61000.00"),
        ] {
            let latency = Millis(Duration::from_micros(micros));
            let mut out = Vec::new();
            latency.push(&mut out);
            assert_eq!(String::from_utf8(out).expect("UTF-8"), text);
            assert_eq!(latency.to_string(), text);
        }
    }

    #[test]
    fn the_timestamp_is_rfc_3339_utc_with_microseconds_as_tracing_writes_it() {
        let at = UNIX_EPOCH + Duration::new(1_795_334_305, 146_999_999);
        let mut out = Vec::new();
        push_timestamp(&mut out, at);
        assert_eq!(out, b"2026-11-22T07:58:25.146999Z");
        // The same second again (the date is reused), then the next second and the next day.
        for (at, text) in [
            (
                Duration::new(1_795_334_305, 7_000),
                "2026-11-22T07:58:25.000007Z",
            ),
            (
                Duration::new(1_795_334_306, 0),
                "2026-11-22T07:58:26.000000Z",
            ),
            (
                Duration::new(1_795_334_305 + 86_400, 999_999_999),
                "2026-11-23T07:58:25.999999Z",
            ),
        ] {
            let mut out = Vec::new();
            push_timestamp(&mut out, UNIX_EPOCH + at);
            assert_eq!(String::from_utf8(out).expect("UTF-8"), text);
        }
        // And the same shape as tracing's own, read off a line it writes now.
        let theirs = through_tracing(
            &RequestLine {
                id: "x",
                method: &Method::GET,
                route: "/",
                status: 200,
                latency: Duration::ZERO,
            },
            LogFormat::Pretty,
        );
        let stamp = theirs.split_once(' ').expect("a timestamp").0;
        assert_eq!(stamp.len(), out.len(), "{stamp}");
        assert_eq!(&stamp[10..11], "T");
        assert!(stamp.ends_with('Z'));
    }
}
