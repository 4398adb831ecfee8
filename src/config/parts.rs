//! One reader per setting: its default, its checks, and the message that names the variable and
//! the fix. `get` gives a variable's value, trimmed, or `None` when unset or empty.

use std::net::SocketAddr;

use super::{
    error::{ConfigError, invalid},
    values::{CookieSecret, LogFormat, LogSettings},
};
use logto_axum::session::SessionStoreConfig;
use logto_core::BaseUrl;

pub fn base_url(get: &impl Fn(&str) -> Option<String>) -> Result<BaseUrl, ConfigError> {
    match get("APP_BASE_URL") {
        Some(value) => BaseUrl::parse(&value).map_err(|p| invalid("APP_BASE_URL", p.to_string())),
        None => Ok(BaseUrl::default()),
    }
}

pub fn bind_addr(get: &impl Fn(&str) -> Option<String>) -> Result<SocketAddr, ConfigError> {
    get("APP_BIND_ADDR")
        .unwrap_or_else(|| "127.0.0.1:3000".into())
        .parse()
        .map_err(|_| {
            invalid(
                "APP_BIND_ADDR",
                "must be an address and port, like 127.0.0.1:3000 or 0.0.0.0:3000",
            )
        })
}

pub fn session_store(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<SessionStoreConfig, ConfigError> {
    let value = get("SESSION_STORE").unwrap_or_else(|| "sqlite://data/sessions.db".into());
    SessionStoreConfig::parse(&value)
        .map_err(|problem| invalid("SESSION_STORE", problem.to_string()))
}

/// Whole mebibytes: the unit operators size containers in. `0` turns the cache off (every page
/// view reads the store), which is allowed but rarely wise.
pub fn session_cache_bytes(get: &impl Fn(&str) -> Option<String>) -> Result<u64, ConfigError> {
    match get("SESSION_CACHE_MB") {
        None => Ok(logto_axum::session::DEFAULT_CACHE_BUDGET_BYTES),
        Some(value) => value
            .parse::<u64>()
            .ok()
            .and_then(|mib| mib.checked_mul(1024 * 1024))
            .ok_or_else(|| {
                invalid(
                    "SESSION_CACHE_MB",
                    format!("`{value}` is not a whole number of mebibytes, like 128"),
                )
            }),
    }
}

pub fn cookie_secret(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<CookieSecret>, ConfigError> {
    match get("APP_COOKIE_SECRET") {
        Some(secret) if secret.len() < 32 => Err(invalid(
            "APP_COOKIE_SECRET",
            "must be at least 32 characters (e.g. `openssl rand -base64 48`); leave it unset to derive it from LOGTO_APP_SECRET",
        )),
        other => Ok(other.map(CookieSecret)),
    }
}

/// A teaching aid: on while a developer runs the app on their own machine, off wherever else it
/// is deployed unless asked for (it keeps a record of each flow with the session).
pub fn inspector(
    get: &impl Fn(&str) -> Option<String>,
    base_url: &BaseUrl,
) -> Result<bool, ConfigError> {
    match get("APP_INSPECTOR")
        .map(|v| v.to_ascii_lowercase())
        .as_deref()
    {
        None => Ok(base_url.is_local_development()),
        Some("true" | "1") => Ok(true),
        Some("false" | "0") => Ok(false),
        Some(other) => Err(invalid(
            "APP_INSPECTOR",
            format!("`{other}` is not `true` or `false`"),
        )),
    }
}

/// Over https, browsers are told to use nothing else for a year (Mozilla's recommendation); over
/// http the header means nothing and is never sent.
pub fn hsts_max_age(
    get: &impl Fn(&str) -> Option<String>,
    base_url: &BaseUrl,
) -> Result<Option<u64>, ConfigError> {
    match get("APP_HSTS_MAX_AGE") {
        _ if !base_url.is_https() => Ok(None),
        None => Ok(Some(365 * 24 * 60 * 60)),
        Some(value) => match value.parse::<u64>() {
            Ok(0) => Ok(None),
            Ok(seconds) => Ok(Some(seconds)),
            Err(_) => Err(invalid(
                "APP_HSTS_MAX_AGE",
                format!("`{value}` is not a whole number of seconds (0 sends no header)"),
            )),
        },
    }
}

pub fn metrics_addr(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<SocketAddr>, ConfigError> {
    get("APP_METRICS_ADDR")
        .map(|value| {
            value.parse().map_err(|_| {
                invalid(
                    "APP_METRICS_ADDR",
                    format!("`{value}` is not an address and port, like 127.0.0.1:9100"),
                )
            })
        })
        .transpose()
}

pub fn log(get: &impl Fn(&str) -> Option<String>) -> Result<LogSettings, ConfigError> {
    let format = match get("LOG_FORMAT").as_deref() {
        None | Some("pretty") => LogFormat::Pretty,
        Some("json") => LogFormat::Json,
        Some(other) => {
            return Err(invalid(
                "LOG_FORMAT",
                format!("`{other}` is not `pretty` or `json`"),
            ));
        }
    };
    Ok(LogSettings {
        filter: get("RUST_LOG").unwrap_or_else(|| "info".into()),
        format,
    })
}
