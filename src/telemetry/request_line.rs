//! The one line each request leaves in the log: id, method, matched route, status and latency.
//!
//! An ordinary `tracing` event, so every layer of the subscriber sees it (an OpenTelemetry
//! exporter an operator adds, say) and `RUST_LOG` decides as for any other line: its target is
//! `logto_app::telemetry`, so `RUST_LOG=info,logto_app::telemetry=warn` leaves request lines
//! out. Earlier versions wrote this line by hand, beside `tracing`, to save about 3 µs of a page
//! view (docs/BENCHMARKS.md has the figures before and after).

use std::{fmt, time::Duration};

use axum::http::Method;

/// The target of request lines.
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
    }
}

/// A latency in milliseconds with two decimals (`2.13`), rounded to the nearest 10 µs.
struct Millis(Duration);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hundredths = (self.0.as_micros() + 5) / 10;
        write!(f, "{}.{:02}", hundredths / 100, hundredths % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::captured::Captured;

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
            assert_eq!(Millis(Duration::from_micros(micros)).to_string(), text);
        }
    }

    #[test]
    fn the_line_carries_the_request_id_method_route_status_and_latency_in_both_formats() {
        let line = RequestLine {
            id: "4f1c0a9e",
            method: &Method::POST,
            route: "/sign-out",
            status: 303,
            latency: Duration::from_micros(2_134),
        };
        let pretty = Captured::default();
        let sink = pretty.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || line.log());
        let text = pretty.text();
        assert!(
            text.contains(
                "INFO logto_app::telemetry: handled id=4f1c0a9e method=POST route=/sign-out status=303 latency_ms=2.13"
            ),
            "{text}"
        );

        let json = Captured::default();
        let sink = json.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || line.log());
        let value: serde_json::Value =
            serde_json::from_str(json.text().trim()).expect("one JSON line");
        assert_eq!(value["message"], "handled");
        assert_eq!(value["id"], "4f1c0a9e");
        assert_eq!(value["method"], "POST");
        assert_eq!(value["route"], "/sign-out");
        assert_eq!(value["status"], 303);
        assert_eq!(value["latency_ms"], "2.13");
        assert_eq!(value["target"], TARGET);
    }
}
