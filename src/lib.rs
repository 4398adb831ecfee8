//! The reference web application for signing in with Logto: axum + openidconnect, tokens kept in
//! server-side sessions. [`app`] builds the whole thing; `main` and the tests both use it.

pub mod account;
pub mod auth;
pub mod config;
pub mod dates;
pub mod error;
pub mod frame;
pub mod health;
pub mod healthcheck;
pub mod i18n;
pub mod inspect;
pub mod pages;
pub mod query;
pub mod security;
pub mod server;
pub mod state;
pub mod telemetry;

use std::sync::Arc;

use axum::{Router, extract::DefaultBodyLimit, middleware};

pub use config::Config;
pub use state::AppState;

/// The fully layered router.
pub fn app(state: AppState) -> Router {
    let frame = Arc::new(frame::Frame {
        security: security::SecurityHeaders::new(
            state
                .config
                .logto
                .as_ref()
                .map(|l| l.endpoint.origin().ascii_serialization())
                .as_deref(),
            state.config.hsts_max_age,
        ),
    });

    Router::new()
        .merge(pages::router())
        .merge(auth::router())
        .merge(account::router())
        .merge(inspect::router())
        .merge(health::router())
        .fallback(|| async { error::AppError::NotFound })
        // The only body we read is the sign-out form.
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
        // Request id, session cookies, error pages, security headers, the log line: see `frame`.
        .layer(middleware::from_fn_with_state(frame, frame::frame))
}
