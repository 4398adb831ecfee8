//! Prometheus metrics, scraped as Prometheus would while the app is used: counters move as a
//! sign-in, a refresh, a failed sign-in and a back-channel logout happen, and nothing personal is
//! in a label. Its own test binary: the recorder is global to the process.
//!
//! The last scrape is written to `$CARGO_TARGET_TMPDIR/metrics-sample.prom`, which CI checks with
//! `promtool check metrics` (Debian's `prometheus` package).

#[path = "support/mod.rs"]
mod support;

#[path = "app/helpers.rs"]
#[allow(dead_code, unused_imports)] // the app tests' helpers; this binary uses a few
mod helpers;

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use helpers::{Misbehaviour, TestApp, csrf_field};
use logto_app::telemetry::metrics;
use reqwest::StatusCode;

/// `name{labels} value` lines of a scrape, by the part before the value.
fn samples(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            Some((series.to_string(), value.parse().ok()?))
        })
        .collect()
}

fn value(samples: &HashMap<String, f64>, series: &str) -> f64 {
    samples.get(series).copied().unwrap_or(0.0)
}

#[tokio::test]
async fn counters_move_as_users_sign_in_refresh_fail_and_are_logged_out_and_no_label_is_personal() {
    let handle = metrics::install().expect("the recorder installs");
    let app = TestApp::spawn().await;
    app.logto.require_backchannel_session();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let metrics_url = format!("http://{}/metrics", listener.local_addr().expect("address"));
    let sessions = app.sessions.clone();
    tokio::spawn(async move {
        axum::serve(listener, metrics::router(handle, sessions))
            .await
            .expect("metrics served");
    });
    let scrape = || async {
        let response = reqwest::get(&metrics_url).await.expect("scraped");
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.expect("text")
    };
    let before = samples(&scrape().await);

    // A sign-in, a refresh, a refresh whose session a back-channel logout ends while Logto
    // answers it (its lock is lost: it writes nothing), that logout replayed, a failed sign-in.
    let home = app.signed_in_home().await;
    let csrf = csrf_field(&home);
    let sid = app.logto.latest_sid();
    let refreshed = app.post_form("/refresh", &[("csrf", &csrf)]).await;
    assert_eq!(refreshed.status(), StatusCode::SEE_OTHER);
    app.logto
        .misbehave(Misbehaviour::RefreshDelay(Duration::from_secs(1)));
    let grants = app.logto.refresh_grants();
    let token = app.logto.logout_token_for(None, Some(&sid));
    let logout = async {
        let deadline = Instant::now() + Duration::from_secs(10);
        while app.logto.refresh_grants() == grants {
            assert!(Instant::now() < deadline, "the refresh never reached Logto");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        app.post_logout_token(&token).await
    };
    let form = [("csrf", csrf.as_str())];
    let (lost, logout) = tokio::join!(app.post_form("/refresh", &form), logout);
    assert_eq!(logout.status(), StatusCode::OK);
    assert_eq!(
        lost.status(),
        StatusCode::CONFLICT,
        "the refresh lost its lock"
    );
    // The same logout token again: a replay, refused and counted as one.
    let replay = app.post_logout_token(&token).await;
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    app.logto.clear_misbehaviour();
    app.logto.misbehave(Misbehaviour::IdTokenWrongNonce);
    let failed = app.sign_in().await;
    assert!(failed.status().is_client_error());
    app.logto.clear_misbehaviour();

    let text = scrape().await;
    let after = samples(&text);
    let moved = |series: &str| value(&after, series) - value(&before, series);
    assert_eq!(moved("logto_sign_ins_started_total"), 2.0, "{text}");
    assert_eq!(moved("logto_sign_ins_completed_total"), 1.0, "{text}");
    assert_eq!(
        moved("logto_sign_ins_failed_total{cause=\"token-rejected\"}"),
        1.0,
        "{text}"
    );
    assert_eq!(
        moved("logto_refreshes_total{outcome=\"done\"}"),
        1.0,
        "{text}"
    );
    assert_eq!(
        moved("logto_refreshes_total{outcome=\"lock_lost\"}"),
        1.0,
        "{text}"
    );
    assert_eq!(
        moved("logto_backchannel_logouts_total{outcome=\"accepted\"}"),
        1.0,
        "{text}"
    );
    assert_eq!(
        moved("logto_backchannel_logouts_total{outcome=\"replayed\"}"),
        1.0,
        "{text}"
    );
    assert!(
        moved("logto_requests_total{endpoint=\"token\",outcome=\"ok\"}") >= 3.0,
        "{text}"
    );
    assert!(
        moved("http_requests_total{method=\"GET\",route=\"/callback\",status=\"303\"}") >= 1.0,
        "{text}"
    );
    assert!(
        text.contains("# TYPE http_request_duration_seconds histogram"),
        "{text}"
    );
    assert!(
        text.contains("# TYPE logto_session_lock_wait_seconds histogram"),
        "{text}"
    );
    // The one session was ended by the logout: the cache holds none.
    assert_eq!(value(&after, "logto_sessions_cached"), 0.0, "{text}");

    // Two people signed in: the cache holds their two sessions, each a few hundred bytes.
    for _ in 0..2 {
        app.clear_cookies();
        app.signed_in_home().await;
    }
    let cached = samples(&scrape().await);
    assert_eq!(value(&cached, "logto_sessions_cached"), 2.0);
    let bytes = value(&cached, "logto_sessions_cached_bytes");
    assert!(
        (2.0 * 200.0..2.0 * 64.0 * 1024.0).contains(&bytes),
        "two sessions' bytes: {bytes}"
    );

    // Nothing personal: no user, session or token in any label.
    let user = helpers::TestUser::email_user();
    for personal in [
        user.sub.as_str(),
        user.claims["email"].as_str().expect("an email"),
        sid.as_str(),
        token.as_str(),
        app.session_cookie().unwrap_or_default().as_str(),
    ] {
        if !personal.is_empty() {
            assert!(!text.contains(personal), "{personal} is in the metrics");
        }
    }

    let sample = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("metrics-sample.prom");
    std::fs::write(&sample, &text).expect("the sample written");
}
