//! Logto or the session store failing: clear pages, no panics, nobody loses their session, and
//! recovery without a restart.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use reqwest::StatusCode;
use sqlx::SqlitePool;

use crate::helpers::{Endpoint, FakeLogto, Misbehaviour, TestApp, assert_error_page, csrf_field};

#[tokio::test]
async fn logto_down_at_start_gives_clear_pages_and_the_app_recovers_by_itself() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::DiscoveryStatus(503));
    assert_error_page(
        app.get("/sign-in").await,
        StatusCode::BAD_GATEWAY,
        "Logto is unreachable",
    )
    .await;
    assert_eq!(
        app.get("/readyz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        app.get("/").await.status(),
        StatusCode::OK,
        "the home page does not need Logto"
    );

    app.logto.clear_misbehaviour();
    // A guard against a hang, not a timing assertion: on a busy machine recovery may be slow.
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.get("/readyz").await.status() != StatusCode::OK {
        assert!(Instant::now() < deadline, "ready again without a restart");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(app.signed_in_home().await.contains("Test User"));
}

#[tokio::test]
async fn a_token_call_that_hangs_ends_in_a_clear_page_within_the_configured_timeout() {
    let logto = Arc::new(FakeLogto::start().await);
    let app = TestApp::spawn_with(logto, &[("LOGTO_HTTP_TIMEOUT_SECS", "1")]).await;
    // Logto would answer, successfully, after 30 s: a 504 can only be the app giving up first.
    // (No bound on wall time: on a busy machine the app's own 1 s may take longer.)
    app.logto
        .misbehave(Misbehaviour::TokenDelay(Duration::from_secs(30)));
    let response = app.sign_in().await;
    assert_error_page(response, StatusCode::GATEWAY_TIMEOUT, "taking too long").await;
    assert_eq!(
        app.logto.calls(Endpoint::Token),
        1,
        "the code was sent to Logto"
    );
    assert!(
        app.logto.issued_tokens().is_empty(),
        "no answer came back in time"
    );
    assert!(!app.is_signed_in().await);
}

#[tokio::test]
async fn a_failing_session_store_gives_a_503_page_where_a_session_is_written_and_page_views_go_on()
{
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sessions.db");
    let store = format!("sqlite://{}", path.display());
    let app = TestApp::spawn_with(
        Arc::new(FakeLogto::start().await),
        &[("SESSION_STORE", &store)],
    )
    .await;
    app.signed_in_home().await;
    let signed_in = app.session_cookie();

    // Another connection takes the sessions table away, as a broken disk or a bad migration would.
    let pool = SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open the store");
    sqlx::query("alter table sessions rename to away")
        .execute(&pool)
        .await
        .expect("break");
    assert!(
        app.home().await.contains("Test User"),
        "a page view is served from this process's cache, without the store"
    );
    assert_eq!(
        app.get("/readyz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    // A new browser can start a sign-in (nothing is stored for it) but not finish one.
    app.clear_cookies();
    let response = app.sign_in().await;
    assert_error_page(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "Sessions are unavailable",
    )
    .await;

    sqlx::query("alter table away rename to sessions")
        .execute(&pool)
        .await
        .expect("repair");
    assert!(
        app.signed_in_home().await.contains("Test User"),
        "sign-in works again"
    );
    app.set_session_cookie(signed_in);
    assert!(
        app.home().await.contains("Test User"),
        "the first session survived the outage"
    );
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_refresh_button_refreshes_once_and_needs_the_csrf_token() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    let csrf = csrf_field(&home);

    assert_eq!(
        app.post_form("/refresh", &[("csrf", "forged")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let response = app.post_form("/refresh", &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let refreshes = app.logto.refresh_grants();
    assert_eq!(refreshes, 1);
    assert!(app.is_signed_in().await);
}

/// Waits (at most 60 s: a guard against a hang, not a timing assertion) until Logto has been
/// asked for discovery `calls` times.
async fn wait_for_discovery_calls(logto: &FakeLogto, calls: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while logto.calls(Endpoint::Discovery) < calls {
        assert!(
            Instant::now() < deadline,
            "{calls} discovery calls, saw {}",
            logto.calls(Endpoint::Discovery)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn logto_down_at_start_is_retried_in_the_background_with_growing_waits_and_nobody_waits_for_it()
 {
    let logto = Arc::new(FakeLogto::start().await);
    logto.misbehave(Misbehaviour::DiscoveryStatus(503));
    let app = TestApp::spawn_as_main(logto, &[]).await;
    // No visitor yet: the app tries at start, then again 2 s later, then waits 4 s. (A wait
    // that shrank instead would try again within 2 s: no sooner, as requests fail fast for 2 s
    // after a failure.)
    wait_for_discovery_calls(&app.logto, 2).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        app.logto.calls(Endpoint::Discovery),
        2,
        "the wait grows after each failure; it never shrinks into a loop against Logto"
    );

    app.logto.clear_misbehaviour();
    wait_for_discovery_calls(&app.logto, 3).await;
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    // Loaded: the next re-read is 15 minutes away, and /readyz used what was loaded.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.logto.calls(Endpoint::Discovery), 3);
}

#[tokio::test]
async fn after_discovery_fails_requests_answer_at_once_for_two_seconds_then_logto_is_asked_again() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::DiscoveryStatus(503));
    for _ in 0..2 {
        assert_error_page(
            app.get("/sign-in").await,
            StatusCode::BAD_GATEWAY,
            "Logto is unreachable",
        )
        .await;
    }
    assert_eq!(
        app.logto.calls(Endpoint::Discovery),
        1,
        "the second visitor is not made to wait for a Logto that just failed"
    );

    app.logto.clear_misbehaviour();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(app.get("/sign-in").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.logto.calls(Endpoint::Discovery), 2);
}
