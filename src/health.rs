//! `/healthz` (the process is up) and `/readyz` (Logto's discovery and the session store answer).

use axum::{Router, extract::State, http::StatusCode, routing::get};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    let logto = match &state.logto {
        Some(logto) => logto.is_ready().await,
        None => false,
    };
    let store = state.sessions.ping().await;
    let report = format!(
        "logto: {}\nsession store: {}\n",
        match (&state.logto, logto) {
            (None, _) => "not configured",
            (Some(_), true) => "ok",
            (Some(_), false) => "unreachable",
        },
        if store { "ok" } else { "unreachable" }
    );
    let status = if logto && store {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, report)
}
