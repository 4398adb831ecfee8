//! The app's settings: read once from the environment at start-up, typed, and checked.
//!
//! A missing Logto trio is not an error (the app starts and shows a setup page); a value that is
//! present but wrong stops start-up with one message that names the variable and the fix.

use std::{fmt, net::SocketAddr};

pub use logto_axum::session::{RedisUrl, SessionStoreConfig};
pub use logto_core::{BASE_SCOPES, BaseUrl, LogtoSettings};

/// Everything the app needs to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// `None` until `LOGTO_ENDPOINT`, `LOGTO_APP_ID` and `LOGTO_APP_SECRET` are all set.
    pub logto: Option<LogtoSettings>,
    /// The public origin of this app, e.g. `http://localhost:3000` (no trailing slash).
    pub base_url: BaseUrl,
    pub bind_addr: SocketAddr,
    pub session_store: SessionStoreConfig,
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

/// A secret that never prints.
#[derive(Clone)]
pub struct CookieSecret(pub String);

impl fmt::Debug for CookieSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CookieSecret([redacted])")
    }
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug)]
pub struct LogSettings {
    pub filter: String,
    pub format: LogFormat,
}

/// A setting that is present but wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.variable, self.problem)
    }
}

impl std::error::Error for ConfigError {}

fn invalid(variable: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        problem: problem.into(),
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

        let base_url = match get("APP_BASE_URL") {
            Some(value) => BaseUrl::parse(&value).map_err(|p| invalid("APP_BASE_URL", p))?,
            None => BaseUrl::default(),
        };
        let bind_addr = get("APP_BIND_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|_| {
                invalid(
                    "APP_BIND_ADDR",
                    "must be an address and port, like 127.0.0.1:3000 or 0.0.0.0:3000",
                )
            })?;
        let session_store = parse_session_store(
            &get("SESSION_STORE").unwrap_or_else(|| "sqlite://data/sessions.db".into()),
        )?;
        let cookie_secret = match get("APP_COOKIE_SECRET") {
            Some(secret) if secret.len() < 32 => {
                return Err(invalid(
                    "APP_COOKIE_SECRET",
                    "must be at least 32 characters (e.g. `openssl rand -base64 48`); leave it unset to derive it from LOGTO_APP_SECRET",
                ));
            }
            other => other.map(CookieSecret),
        };
        // A teaching aid: on while a developer runs the app on their own machine, off wherever
        // else it is deployed unless asked for (it keeps a record of each flow with the session).
        let inspector = match get("APP_INSPECTOR")
            .map(|v| v.to_ascii_lowercase())
            .as_deref()
        {
            None => base_url.is_local_development(),
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => {
                return Err(invalid(
                    "APP_INSPECTOR",
                    format!("`{other}` is not `true` or `false`"),
                ));
            }
        };
        // Over https, browsers are told to use nothing else for a year (Mozilla's recommendation);
        // over http the header means nothing and is never sent.
        let hsts_max_age = match get("APP_HSTS_MAX_AGE") {
            _ if !base_url.is_https() => None,
            None => Some(365 * 24 * 60 * 60),
            Some(value) => match value.parse::<u64>() {
                Ok(0) => None,
                Ok(seconds) => Some(seconds),
                Err(_) => {
                    return Err(invalid(
                        "APP_HSTS_MAX_AGE",
                        format!("`{value}` is not a whole number of seconds (0 sends no header)"),
                    ));
                }
            },
        };
        let metrics_addr = match get("APP_METRICS_ADDR") {
            None => None,
            Some(value) => Some(value.parse().map_err(|_| {
                invalid(
                    "APP_METRICS_ADDR",
                    format!("`{value}` is not an address and port, like 127.0.0.1:9100"),
                )
            })?),
        };
        let log = LogSettings {
            filter: get("RUST_LOG").unwrap_or_else(|| "info".into()),
            format: match get("LOG_FORMAT").as_deref() {
                None | Some("pretty") => LogFormat::Pretty,
                Some("json") => LogFormat::Json,
                Some(other) => {
                    return Err(invalid(
                        "LOG_FORMAT",
                        format!("`{other}` is not `pretty` or `json`"),
                    ));
                }
            },
        };
        let logto = parse_logto(&get)?;
        Ok(Self {
            logto,
            base_url,
            bind_addr,
            session_store,
            cookie_secret,
            inspector,
            hsts_max_age,
            metrics_addr,
            log,
        })
    }
}

fn parse_logto(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<LogtoSettings>, ConfigError> {
    LogtoSettings::from_lookup(get).map_err(|err| invalid(err.variable(), err.problem()))
}

fn parse_session_store(value: &str) -> Result<SessionStoreConfig, ConfigError> {
    SessionStoreConfig::parse(value).map_err(|problem| invalid("SESSION_STORE", problem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::time::Duration;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    const TRIO: [(&str, &str); 3] = [
        ("LOGTO_ENDPOINT", "https://abc123.logto.app/"),
        ("LOGTO_APP_ID", "app"),
        ("LOGTO_APP_SECRET", "secret"),
    ];

    #[test]
    fn hsts_is_sent_for_a_year_over_https_never_over_http_and_can_be_turned_off() {
        let https = [("APP_BASE_URL", "https://app.example.com")];
        assert_eq!(
            config(&https).expect("valid").hsts_max_age,
            Some(31_536_000)
        );
        let day = [
            ("APP_BASE_URL", "https://app.example.com"),
            ("APP_HSTS_MAX_AGE", "86400"),
        ];
        assert_eq!(config(&day).expect("valid").hsts_max_age, Some(86_400));
        let off = [
            ("APP_BASE_URL", "https://app.example.com"),
            ("APP_HSTS_MAX_AGE", "0"),
        ];
        assert_eq!(config(&off).expect("valid").hsts_max_age, None);
        let http = [
            ("APP_BASE_URL", "http://localhost:3000"),
            ("APP_HSTS_MAX_AGE", "86400"),
        ];
        assert_eq!(config(&http).expect("valid").hsts_max_age, None);
        let bad = [
            ("APP_BASE_URL", "https://app.example.com"),
            ("APP_HSTS_MAX_AGE", "a year"),
        ];
        assert_eq!(
            config(&bad).expect_err("refused").variable,
            "APP_HSTS_MAX_AGE"
        );
    }

    #[test]
    fn no_settings_at_all_starts_in_setup_mode_with_defaults() {
        let c = config(&[]).expect("defaults are valid");
        assert!(c.logto.is_none());
        assert_eq!(c.base_url.callback_url(), "http://localhost:3000/callback");
        assert_eq!(c.bind_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(
            c.session_store,
            SessionStoreConfig::Sqlite("data/sessions.db".into())
        );
    }

    #[test]
    fn the_trio_gives_the_issuer_and_default_scopes() {
        let c = config(&TRIO).expect("valid");
        let logto = c.logto.expect("configured");
        assert_eq!(logto.issuer(), "https://abc123.logto.app/oidc");
        assert_eq!(
            logto.scopes(),
            [
                "openid",
                "profile",
                "offline_access",
                "email",
                "phone",
                "identities",
                "custom_data"
            ]
        );
        assert_eq!(logto.clock_leeway, Duration::from_secs(60));
    }

    #[test]
    fn half_a_trio_names_the_missing_variable() {
        let err = config(&TRIO[..2]).expect_err("secret missing");
        assert_eq!(err.variable, "LOGTO_APP_SECRET");
    }

    #[test]
    fn a_base_url_with_a_path_is_refused_by_name() {
        let err = config(&[("APP_BASE_URL", "https://example.com/app")]).expect_err("path");
        assert_eq!(err.variable, "APP_BASE_URL");
        assert!(err.to_string().contains("origin only"));
    }

    #[test]
    fn an_endpoint_that_is_not_a_url_or_ends_in_oidc_is_refused_by_name() {
        for bad in ["not a url", "ftp://x.example", "https://abc.logto.app/oidc"] {
            let mut pairs = TRIO.to_vec();
            pairs[0].1 = bad;
            assert_eq!(config(&pairs).expect_err(bad).variable, "LOGTO_ENDPOINT");
        }
    }

    #[test]
    fn a_redis_store_is_accepted_and_its_password_never_prints() {
        let c = config(&[(
            "SESSION_STORE",
            "rediss://app:hunter2@redis.internal:6380/0",
        )])
        .expect("redis");
        assert!(
            matches!(&c.session_store, SessionStoreConfig::Redis(url) if url.0.contains("hunter2"))
        );
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn a_short_cookie_secret_is_refused_and_an_absent_one_comes_from_the_app_secret() {
        let err = config(&[("APP_COOKIE_SECRET", "short")]).expect_err("short");
        assert_eq!(err.variable, "APP_COOKIE_SECRET");
        let long = "x".repeat(32);
        let c = config(&[("APP_COOKIE_SECRET", long.as_str())]).expect("long");
        assert_eq!(c.session_secret(), Some(long.as_bytes()));
        assert!(!format!("{c:?}").contains(&long));
        assert_eq!(config(&[]).expect("empty").session_secret(), None);
    }

    #[test]
    fn an_unknown_session_store_is_refused_by_name() {
        for bad in ["postgres://x", "sqlite://", "redis://", "rediss:///0"] {
            assert_eq!(
                config(&[("SESSION_STORE", bad)]).expect_err(bad).variable,
                "SESSION_STORE"
            );
        }
        assert_eq!(
            config(&[("SESSION_STORE", "memory")])
                .expect("memory")
                .session_store,
            SessionStoreConfig::Memory
        );
    }

    #[test]
    fn bad_numbers_scopes_and_resources_are_refused_by_name() {
        let cases = [
            ("LOGTO_CLOCK_LEEWAY_SECS", "soon"),
            ("LOGTO_SCOPES", "email \"quoted\""),
            ("LOGTO_RESOURCES", "not-a-uri"),
            ("APP_BIND_ADDR", "localhost"),
            ("LOG_FORMAT", "xml"),
        ];
        for (name, value) in cases {
            let mut pairs = TRIO.to_vec();
            pairs.push((name, value));
            assert_eq!(config(&pairs).expect_err(name).variable, name);
        }
    }

    #[test]
    fn the_inspector_is_on_by_default_only_for_plain_http_on_this_machine() {
        for local in [
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
        ] {
            let c = config(&[("APP_BASE_URL", local)]).expect(local);
            assert!(c.inspector, "{local}");
        }
        for deployed in [
            "https://localhost:3000",
            "http://app.example.com",
            "https://app.example.com",
            "http://192.168.1.20:3000",
        ] {
            let c = config(&[("APP_BASE_URL", deployed)]).expect(deployed);
            assert!(!c.inspector, "{deployed}");
        }
    }

    #[test]
    fn app_inspector_turns_the_inspector_on_or_off_whatever_the_base_url() {
        let on = config(&[
            ("APP_BASE_URL", "https://app.example.com"),
            ("APP_INSPECTOR", "true"),
        ])
        .expect("on");
        assert!(on.inspector);
        let off = config(&[("APP_INSPECTOR", "FALSE")]).expect("off");
        assert!(!off.inspector, "off on localhost too");
        let err = config(&[("APP_INSPECTOR", "maybe")]).expect_err("maybe");
        assert_eq!(err.variable, "APP_INSPECTOR");
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        let c = config(&TRIO).expect("valid");
        assert!(!format!("{c:?}").contains("secret\""));
    }
}
