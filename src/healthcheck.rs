//! `logto-app healthcheck`: asks the running server's `/healthz`, for container health checks
//! in images without a shell or curl.

use std::{net::SocketAddr, time::Duration};

/// True when `GET /healthz` on the listen address answers 200 within two seconds.
pub async fn probe(bind_addr: SocketAddr) -> bool {
    // A wildcard listen address is reached through loopback.
    let host = if bind_addr.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], bind_addr.port()))
    } else {
        bind_addr
    };
    let Ok(client) = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
    else {
        return false;
    };
    match client.get(format!("http://{host}/healthz")).send().await {
        Ok(response) => response.status().is_success(),
        Err(_) => false,
    }
}
