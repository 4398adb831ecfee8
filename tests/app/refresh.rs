use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{Misbehaviour, TestApp, assert_error_page, capture_logs, csrf_field};

fn refresh_grants(app: &TestApp) -> usize {
    app.logto.refresh_grants()
}

/// Signs in with a 2-second access token and waits until the app must refresh it. Only the
/// callback runs before the wait: a page load in between could already refresh (the app counts
/// whole seconds, so a second boundary can fall between the callback and that load). After the
/// wait the first page load refreshes, exactly once; new tokens live an hour.
async fn signed_in_with_an_expiring_token() -> TestApp {
    let app = TestApp::spawn().await;
    app.logto.set_access_token_ttl(2);
    assert_eq!(app.sign_in().await.status(), StatusCode::SEE_OTHER);
    app.logto.set_access_token_ttl(3600);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(refresh_grants(&app), 0, "nothing refreshed before the wait");
    app
}

#[tokio::test]
async fn fifty_concurrent_requests_with_an_expired_access_token_make_one_refresh_call() {
    let app = signed_in_with_an_expiring_token().await;
    let pages = futures::future::join_all((0..50).map(|_| app.get("/"))).await;
    for page in pages {
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.text().await.expect("body").contains("Test User"));
    }
    assert_eq!(refresh_grants(&app), 1, "one refresh for the whole burst");
}

#[tokio::test]
async fn the_rotated_refresh_token_is_kept_so_the_next_refresh_works_too() {
    let app = TestApp::spawn().await;
    app.logto.set_access_token_ttl(2);
    // The callback only, then one page load per round, each after the token has expired: each
    // load refreshes exactly once (the refreshed token lives 2 s too).
    assert_eq!(app.sign_in().await.status(), StatusCode::SEE_OTHER);
    for round in 1..=2 {
        tokio::time::sleep(Duration::from_millis(2100)).await;
        assert!(app.is_signed_in().await, "round {round}");
        assert_eq!(refresh_grants(&app), round);
    }
    // The fake refuses a reused refresh token and revokes the grant: both refreshes used fresh ones.
    let tokens: Vec<String> = app
        .logto
        .token_requests()
        .iter()
        .filter_map(|r| r.form_value("refresh_token").map(str::to_string))
        .collect();
    assert_eq!(tokens.len(), 2);
    assert_ne!(tokens[0], tokens[1]);
}

#[tokio::test]
async fn a_refused_refresh_ends_the_session_with_a_sign_in_again_page() {
    let app = signed_in_with_an_expiring_token().await;
    app.logto.misbehave(Misbehaviour::RefreshInvalidGrant);
    let response = app.get("/").await;
    assert_error_page(response, StatusCode::UNAUTHORIZED, "Please sign in again").await;
    app.logto.clear_misbehaviour();
    assert!(!app.is_signed_in().await);
}

#[tokio::test]
async fn a_refreshed_id_token_for_someone_else_or_from_another_issuer_ends_the_session() {
    for misbehaviour in [
        Misbehaviour::RefreshWrongSub,
        Misbehaviour::RefreshWrongIssuer,
    ] {
        let app = signed_in_with_an_expiring_token().await;
        app.logto.misbehave(misbehaviour.clone());
        let response = app.get("/").await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{misbehaviour:?}"
        );
        app.logto.clear_misbehaviour();
        assert!(!app.is_signed_in().await, "{misbehaviour:?}");
    }
}

#[tokio::test]
async fn logto_failing_during_a_refresh_keeps_the_user_signed_in() {
    let app = signed_in_with_an_expiring_token().await;
    app.logto.misbehave(Misbehaviour::TokenStatus(503));
    assert!(app.home().await.contains("Test User"));
    assert_eq!(refresh_grants(&app), 1, "a refresh was tried and failed");
    assert!(app.is_signed_in().await);
    assert_eq!(refresh_grants(&app), 2, "the next page view tries again");
    app.logto.clear_misbehaviour();
    assert!(app.is_signed_in().await);
    assert_eq!(refresh_grants(&app), 3, "and, once Logto answers, succeeds");
    assert!(app.is_signed_in().await);
    assert_eq!(refresh_grants(&app), 3, "the new token lives an hour");
}

#[tokio::test]
async fn a_refreshed_id_token_with_another_nonce_ends_the_session() {
    // Logto repeats the sign-in's nonce in every refreshed ID token; another one means the token
    // was not issued for this sign-in.
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    app.logto.misbehave(Misbehaviour::IdTokenWrongNonce);
    let response = app
        .post_form("/refresh", &[("csrf", &csrf_field(&home))])
        .await;
    assert_error_page(response, StatusCode::UNAUTHORIZED, "Please sign in again").await;
    assert_eq!(refresh_grants(&app), 1);
    app.logto.clear_misbehaviour();
    assert!(!app.is_signed_in().await);
    assert!(logs.text().contains("nonce mismatch"), "{}", logs.text());
}

#[tokio::test]
async fn a_refreshed_id_token_without_a_nonce_is_accepted() {
    // Logto repeats the nonce, but a refreshed token without one came straight from Logto over
    // the back channel with our refresh token: accepted (a missing nonce is refused at sign-in).
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    app.logto.misbehave(Misbehaviour::IdTokenMissingNonce);
    let response = app
        .post_form("/refresh", &[("csrf", &csrf_field(&home))])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(refresh_grants(&app), 1);
    assert!(app.is_signed_in().await);
}
