//! The reference web application for signing in with Logto: axum + openidconnect, tokens kept in
//! server-side sessions. [`app`] builds the whole thing; `main` and the tests both use it.

pub mod auth;
pub mod config;
pub mod error;
pub mod health;
pub mod healthcheck;
pub mod i18n;
pub mod inspect;
pub mod logto;
pub mod pages;
pub mod query;
pub mod security;
pub mod server;
pub mod session;
pub mod state;
pub mod telemetry;

use std::time::Duration;

use axum::{Router, extract::DefaultBodyLimit, http::StatusCode, middleware};
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
};

pub use config::Config;
pub use state::AppState;

/// The fully layered router.
pub fn app(state: AppState) -> Router {
    let security = security::SecurityHeaders::new(
        state
            .config
            .logto
            .as_ref()
            .map(|l| l.endpoint.origin().ascii_serialization())
            .as_deref(),
    );

    Router::new()
        .merge(pages::router())
        .merge(auth::router())
        .merge(inspect::router())
        .merge(health::router())
        .fallback(|| async { error::AppError::NotFound })
        // Sessions set their cookies through this, on every response (error pages included).
        .layer(middleware::from_fn(session::cookies::layer))
        // The only body we read is the sign-out form.
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(middleware::from_fn(telemetry::log_request))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(middleware::from_fn_with_state(
                    security,
                    security::add_security_headers,
                ))
                // Error responses become the error page in the visitor's language.
                .layer(middleware::from_fn(pages::error_page::render))
                // Bounds every request, so graceful shutdown always finishes draining.
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::GATEWAY_TIMEOUT,
                    Duration::from_secs(30),
                )),
        )
}
