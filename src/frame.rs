//! What every request goes through, in one middleware: the frame around its handler.
//!
//! In order: the request gets its id (the proxy's `x-request-id` when it is a plain token, a new
//! UUID otherwise) and a queue for the cookies the session sets; the handler runs, bounded in
//! time, with the id on every line it logs; its response gets the queued `Set-Cookie`s, the
//! error page if it is an error without one, the security headers and the id; and the request's
//! one log line is written. A request cut off before its answer (the client closed the
//! connection, and hyper dropped the handler) still gets its line, with nginx's status 499
//! ("client closed request").
//!
//! One middleware rather than a layer for each step: each layer costs a page view a boxed future
//! and a clone of the service below it, and these steps share what they read of the request.

use std::{sync::Arc, time::Duration, time::Instant};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    pages::error_page::{self, LanguageHints},
    security::SecurityHeaders,
    telemetry::{self, RequestLine},
};
use logto_axum::session::cookies::ResponseCookies;
use logto_core::params;

/// A request still running after this gets a 504 with the timeout page, so graceful shutdown
/// always finishes draining. (Logto calls have their own, shorter timeout.)
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Request ids taken from the proxy are at most this long.
const MAX_REQUEST_ID_LEN: usize = 128;

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What the frame needs, computed once at start-up.
pub struct Frame {
    pub security: SecurityHeaders,
}

pub async fn frame(State(frame): State<Arc<Frame>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(request.headers());
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let hints = LanguageHints::of(request.headers());
    let cookies = ResponseCookies::default();
    request.extensions_mut().insert(cookies.clone());
    let mut line = LineOnDrop {
        id: id.clone(),
        method: method.clone(),
        route: route.clone(),
        started,
        status: None,
    };

    let handled = telemetry::with_request_id(
        id.clone(),
        tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)),
    )
    .await;
    let mut response = match handled {
        Ok(mut response) => {
            cookies.append_to(response.headers_mut());
            response
        }
        // The handler was stopped midway: the cookies it queued may stand for state it never
        // stored, so none are set.
        Err(_) => StatusCode::GATEWAY_TIMEOUT.into_response(),
    };
    response = error_page::render(response, &hints);
    frame.security.apply(response.headers_mut());
    response
        .headers_mut()
        .insert(X_REQUEST_ID.clone(), id.clone());

    line.status = Some(response.status().as_u16());
    drop(line);
    response
}

/// Writes the request's line when dropped: after the answer, or when the request is cut off.
struct LineOnDrop {
    id: HeaderValue,
    method: axum::http::Method,
    route: Option<MatchedPath>,
    started: Instant,
    /// The answer's status; `None` while there is none.
    status: Option<u16>,
}

/// nginx's status for a request whose client closed the connection before the answer.
const CLIENT_CLOSED_REQUEST: u16 = 499;

impl Drop for LineOnDrop {
    fn drop(&mut self) {
        let route = self.route.as_ref().map_or("unmatched", MatchedPath::as_str);
        let status = self.status.unwrap_or(CLIENT_CLOSED_REQUEST);
        let latency = self.started.elapsed();
        RequestLine {
            id: self.id.to_str().unwrap_or("-"),
            method: &self.method,
            route,
            status,
            latency,
        }
        .log();
        if !crate::telemetry::metrics::on() {
            return;
        }
        // The matched route pattern and the method, never the path as sent: a bounded set.
        let method = metric_method(&self.method);
        metrics::counter!(
            "http_requests_total",
            "method" => method,
            "route" => route.to_string(),
            "status" => status.to_string()
        )
        .increment(1);
        metrics::histogram!(
            "http_request_duration_seconds",
            "method" => method,
            "route" => route.to_string()
        )
        .record(latency.as_secs_f64());
    }
}

/// Methods as metric labels: the usual ones by name, anything else as `other` (a client can send
/// any token as a method, and each would be a new series).
fn metric_method(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// The proxy's request id when it is one (so the app's lines match the proxy's), else a new one.
/// Only letters, digits and `-_.:` are taken: an id is written into log lines as it is, and one
/// with spaces, quotes or `=` could forge fields in them.
fn request_id(headers: &HeaderMap) -> HeaderValue {
    match headers.get(&X_REQUEST_ID) {
        Some(id) if is_plain_id(id.as_bytes()) => id.clone(),
        _ => {
            let mut text = uuid::Uuid::encode_buffer();
            let text = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text);
            HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("-"))
        }
    }
}

fn is_plain_id(id: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID_LEN).contains(&id.len()) && id.iter().all(|b| params::is_plain(*b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxys_plain_request_id_is_kept_and_anything_else_replaced() {
        for kept in ["4f1c0a9e2b7d4c55a1e3f0b6c8d9e2a1", "req-1.2:3_x"] {
            let mut headers = HeaderMap::new();
            headers.insert(&X_REQUEST_ID, HeaderValue::from_static(kept));
            assert_eq!(request_id(&headers), kept);
        }
        let long = "a".repeat(MAX_REQUEST_ID_LEN + 1);
        for replaced in [
            "",
            "a b",
            "a\"b",
            "id=forged",
            "x\tstatus=200",
            long.as_str(),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(
                &X_REQUEST_ID,
                HeaderValue::from_str(replaced).expect("a header value"),
            );
            let id = request_id(&headers);
            assert_ne!(id, replaced);
            assert!(
                uuid::Uuid::parse_str(id.to_str().expect("text")).is_ok(),
                "{id:?}"
            );
        }
        assert!(
            uuid::Uuid::parse_str(request_id(&HeaderMap::new()).to_str().expect("text")).is_ok()
        );
    }
}
