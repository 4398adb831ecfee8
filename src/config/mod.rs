//! The app's settings: read once from the environment at start-up, typed, and checked.
//!
//! A missing Logto trio is not an error (the app starts and shows a setup page); a value that is
//! present but wrong stops start-up with one message that names the variable and the fix.

use std::net::SocketAddr;

mod error;
mod parts;
mod values;

pub use error::ConfigError;
use error::invalid;
pub use logto_axum::session::{RedisUrl, SessionStoreConfig};
pub use logto_core::{BASE_SCOPES, BaseUrl, LogtoSettings};
pub use values::{CookieSecret, LogFormat, LogSettings};

/// Everything the app needs to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// `None` until `LOGTO_ENDPOINT`, `LOGTO_APP_ID` and `LOGTO_APP_SECRET` are all set.
    pub logto: Option<LogtoSettings>,
    /// The public origin of this app, e.g. `http://localhost:3000` (no trailing slash).
    pub base_url: BaseUrl,
    pub bind_addr: SocketAddr,
    pub session_store: SessionStoreConfig,
    /// `SESSION_CACHE_MB`: the memory this process may spend on parsed sessions (128 MiB
    /// unless set), in bytes.
    pub session_cache_bytes: u64,
    /// `APP_COOKIE_SECRET`: the key material for attempt cookies and the store's keyed hashes.
    /// `None`: derived from `LOGTO_APP_SECRET`.
    pub cookie_secret: Option<CookieSecret>,
    /// `APP_INSPECTOR`: the flow inspector at `/inspect` records each browser's sign-ins,
    /// refreshes and sign-outs. On by default only for local development (`http://localhost`).
    pub inspector: bool,
    /// `APP_HSTS_MAX_AGE`: `Strict-Transport-Security: max-age=<seconds>` on every answer, over
    /// https only (a year unless set; `0` sends none). `None` over http.
    pub hsts_max_age: Option<u64>,
    /// `APP_METRICS_ADDR`: where Prometheus metrics are served (`GET /metrics`), on a listener
    /// of their own; `None` (unset): no metrics.
    pub metrics_addr: Option<SocketAddr>,
    pub log: LogSettings,
}

impl Config {
    /// The secret the session layer derives its keys from: `APP_COOKIE_SECRET`, else
    /// `LOGTO_APP_SECRET` (so replicas with the same settings agree without a new setting).
    pub fn session_secret(&self) -> Option<&[u8]> {
        match (&self.cookie_secret, &self.logto) {
            (Some(secret), _) => Some(secret.0.as_bytes()),
            (None, Some(logto)) => Some(logto.app_secret.secret().as_bytes()),
            (None, None) => None,
        }
    }
}

impl Config {
    /// Reads the process environment (after `.env`, which `main` loads).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map instead of touching the
    /// process environment. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };

        let base_url = parts::base_url(&get)?;
        let bind_addr = parts::bind_addr(&get)?;
        let session_store = parts::session_store(&get)?;
        let session_cache_bytes = parts::session_cache_bytes(&get)?;
        let cookie_secret = parts::cookie_secret(&get)?;
        let inspector = parts::inspector(&get, &base_url)?;
        let hsts_max_age = parts::hsts_max_age(&get, &base_url)?;
        let metrics_addr = parts::metrics_addr(&get)?;
        let log = parts::log(&get)?;
        let logto = LogtoSettings::from_lookup(get)
            .map_err(|err| invalid(err.variable(), err.problem()))?;
        Ok(Self {
            logto,
            base_url,
            bind_addr,
            session_store,
            session_cache_bytes,
            cookie_secret,
            inspector,
            hsts_max_age,
            metrics_addr,
            log,
        })
    }
}

#[cfg(test)]
mod tests;
