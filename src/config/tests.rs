//! The settings as the environment gives them: defaults, each variable's checks, and the
//! messages that name the variable and the fix.

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
fn the_session_cache_gets_128_mib_unless_told_in_whole_mebibytes() {
    assert_eq!(config(&[]).expect("default").session_cache_bytes, 128 << 20);
    assert_eq!(
        config(&[("SESSION_CACHE_MB", "512")])
            .expect("512")
            .session_cache_bytes,
        512 << 20
    );
    for bad in ["1.5", "-1", "lots", "99999999999999999"] {
        let err = config(&[("SESSION_CACHE_MB", bad)]).expect_err(bad);
        assert_eq!(err.variable, "SESSION_CACHE_MB");
    }
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
