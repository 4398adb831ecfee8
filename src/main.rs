use std::process::ExitCode;

use logto_app::{AppState, Config, app, healthcheck, server, telemetry};
use tokio::net::TcpListener;

// glibc's allocator was 18% of a page view's CPU in a profile (sessions are parsed and dropped
// on every request); mimalloc handles that churn better.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // A `.env` file is a convenience for development, never a requirement.
    let _ = dotenvy::dotenv();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("configuration error: {err}");
            return ExitCode::FAILURE;
        }
    };
    if std::env::args().nth(1).as_deref() == Some("healthcheck") {
        return if healthcheck::probe(config.bind_addr).await {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    // Held until `main` returns, so the last lines are written out.
    let _log_writer = telemetry::init(&config.log);
    if config.logto.is_none() {
        tracing::warn!(
            "LOGTO_ENDPOINT, LOGTO_APP_ID and LOGTO_APP_SECRET are not set: serving the setup page"
        );
    }

    let bind_addr = config.bind_addr;
    let public_url = config.base_url.to_string();
    let state = match AppState::build(config).await {
        Ok(state) => state,
        Err(err) => {
            tracing::error!(error = %err, "cannot start");
            return ExitCode::FAILURE;
        }
    };
    state.spawn_background_tasks();
    if let Some(metrics_addr) = state.config.metrics_addr {
        match telemetry::metrics::install() {
            Ok(handle) => {
                tokio::spawn(telemetry::metrics::serve(
                    metrics_addr,
                    handle,
                    state.sessions.clone(),
                ));
            }
            Err(err) => tracing::error!(error = %err, "cannot record metrics"),
        }
    }

    let listener = match TcpListener::bind(bind_addr).await {
        Ok(listener) => listener,
        Err(err) => {
            tracing::error!(error = %err, %bind_addr, "APP_BIND_ADDR: cannot listen");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(%bind_addr, %public_url, "listening");
    if let Err(err) = server::serve(listener, app(state), shutdown_signal()).await {
        tracing::error!(error = %err, "server stopped with an error");
        return ExitCode::FAILURE;
    }
    tracing::info!("shut down cleanly");
    ExitCode::SUCCESS
}

/// Resolves on Ctrl-C or SIGTERM (what `docker stop` sends).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; draining requests");
}
