//! The reference web application for signing in with Logto: axum + openidconnect, tokens kept in
//! server-side sessions. [`app`] builds the whole thing; `main` and the tests both use it.

pub mod auth;
pub mod config;
pub mod error;
pub mod health;
pub mod healthcheck;
pub mod i18n;
pub mod logto;
pub mod pages;
pub mod query;
pub mod security;
pub mod server;
pub mod session_store;
pub mod state;
pub mod telemetry;

use std::time::Duration;

use axum::{Router, extract::DefaultBodyLimit, http::StatusCode, middleware};
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
};
use tower_sessions::{SessionManagerLayer, cookie::SameSite};

pub use config::Config;
pub use state::AppState;

/// The session cookie's name. It must not collide with Logto's own cookies (`_session`,
/// `_interaction`, `_logto`): browsers share cookies across the ports of one host, and in local
/// development the app and Logto often share `localhost`.
pub fn session_cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-logto_app_session"
    } else {
        "logto_app_session"
    }
}

/// The fully layered router.
pub fn app(state: AppState) -> Router {
    let https = state.config.base_url.is_https();
    let sessions = SessionManagerLayer::new(state.store.clone())
        .with_name(session_cookie_name(https))
        .with_http_only(true)
        // Lax, so the cookie survives the top-level redirect back from Logto (Strict drops it).
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        .with_path("/");
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
        .merge(health::router())
        .fallback(|| async { error::AppError::NotFound })
        .layer(sessions)
        // The only body we read is the sign-out form.
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(telemetry::trace_layer())
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
