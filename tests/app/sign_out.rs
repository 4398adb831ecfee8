use base64::Engine;
use reqwest::StatusCode;

use crate::helpers::{
    Endpoint, FakeLogto, Misbehaviour, TestApp, assert_error_page, capture_logs, csrf_field,
    location, param, query_pairs,
};

/// The CSRF token from the sign-out confirmation page.
async fn csrf_from_confirmation(app: &TestApp) -> String {
    let page = app.get("/sign-out").await;
    assert_eq!(page.status(), StatusCode::OK);
    let body = page.text().await.expect("confirmation page");
    assert!(body.contains("id=\"sign-out-confirm\""));
    csrf_field(&body)
}

#[tokio::test]
async fn sign_out_without_the_csrf_token_is_refused_and_the_user_stays_signed_in() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    for form in [vec![], vec![("csrf", "guessed")]] {
        let response = app.post_form("/sign-out", &form).await;
        assert_error_page(response, StatusCode::FORBIDDEN, "not confirmed").await;
    }
    assert!(app.is_signed_in().await);
    assert!(app.logto.revocations().is_empty());
}

#[tokio::test]
async fn sign_out_revokes_the_refresh_token_and_ends_logtos_session_too() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let csrf = csrf_from_confirmation(&app).await;
    let response = app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // The refresh token was revoked with client_secret_basic.
    let revocations = app.logto.revocations();
    assert_eq!(revocations.len(), 1);
    let expected = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        FakeLogto::CLIENT_ID,
        FakeLogto::CLIENT_SECRET
    ));
    assert_eq!(
        revocations[0].authorization.as_deref(),
        Some(format!("Basic {expected}").as_str())
    );
    assert_eq!(
        revocations[0].form_value("token_type_hint"),
        Some("refresh_token")
    );
    assert!(
        revocations[0]
            .form_value("token")
            .is_some_and(|t| !t.is_empty())
    );
    assert!(
        revocations[0].form_value("client_secret").is_none(),
        "the secret is sent one way only"
    );

    // The browser goes to Logto's end-session endpoint with all four parameters.
    let end_session = location(&response);
    assert!(end_session.starts_with(&format!("{}/session/end?", app.logto.issuer())));
    let pairs = query_pairs(&end_session);
    assert!(param(&pairs, "id_token_hint").is_some_and(|t| t.starts_with("eyJ")));
    assert_eq!(
        param(&pairs, "client_id").as_deref(),
        Some(FakeLogto::CLIENT_ID)
    );
    assert_eq!(
        param(&pairs, "post_logout_redirect_uri"),
        Some(app.url("/"))
    );
    let state = param(&pairs, "state").expect("a state");

    // Locally signed out already. Logto's page confirms and sends the browser back with our
    // state, and the notice shows.
    let back = app.through_logto_end_session(&end_session).await;
    assert_eq!(back, format!("{}/?state={state}", app.base));
    assert_eq!(app.logto.calls(Endpoint::EndSessionConfirm), 1);
    let home = app.follow(&back).await.text().await.expect("home");
    assert!(home.contains("id=\"signed-out-notice\""));
    assert!(home.contains("id=\"sign-in-email\""));
    // The notice is shown once.
    assert!(!app.home().await.contains("id=\"signed-out-notice\""));
}

#[tokio::test]
async fn a_sign_out_return_with_a_forged_state_shows_no_notice() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let csrf = csrf_from_confirmation(&app).await;
    app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    let home = app.get("/?state=forged").await.text().await.expect("home");
    assert!(!home.contains("id=\"signed-out-notice\""));
}

#[tokio::test]
async fn the_old_session_cookie_is_worthless_after_sign_out() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let old_cookie = app.session_cookie();
    let csrf = csrf_from_confirmation(&app).await;
    app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    assert_ne!(
        app.session_cookie(),
        old_cookie,
        "the cookie's value changes at sign-out"
    );
    app.set_session_cookie(old_cookie);
    assert!(
        !app.is_signed_in().await,
        "a copied cookie does not bring the session back"
    );
}

#[tokio::test]
async fn sign_out_still_happens_locally_when_revocation_fails() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    app.logto.misbehave(Misbehaviour::RevocationStatus(503));
    let csrf = csrf_from_confirmation(&app).await;
    let response = app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(!app.is_signed_in().await);
}

#[tokio::test]
async fn a_revocation_logto_refuses_is_logged_as_failed_and_never_as_done() {
    // The refresh token is still alive at Logto: the operator must not read that it was revoked.
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    app.logto.misbehave(Misbehaviour::RevocationStatus(503));
    let csrf = csrf_from_confirmation(&app).await;
    app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(app.logto.revocations().len(), 1, "the revocation was asked");
    let log = logs.text();
    assert!(
        log.contains("could not revoke the refresh token") && log.contains("HTTP 503"),
        "{log}"
    );
    assert!(!log.contains("refresh token revoked"), "{log}");
}
