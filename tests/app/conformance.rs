//! The OpenID Foundation's relying-party test plans (Basic RP, Config RP, refresh, RP-initiated
//! logout), one test per module, named after it, against the fake Logto misbehaving on purpose.
//! docs/CONFORMANCE.md lists every case with what the provider does and what the app does.

use base64::Engine;
use reqwest::StatusCode;

use crate::helpers::{
    Endpoint, FakeLogto, LogCapture, Misbehaviour, TestApp, TestUser, capture_logs, csrf_field,
    location, param, query_pairs,
};

/// Signs in against a misbehaving provider and checks the rejection: the status, the error page
/// with a way forward, no session left behind (the cookie is removed), and the cause in the log.
async fn assert_sign_in_rejected(misbehaviours: &[Misbehaviour], status: StatusCode, logged: &str) {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    for m in misbehaviours {
        app.logto.misbehave(m.clone());
    }
    let response = app.sign_in().await;
    assert_rejection(&app, &logs, response, status, logged).await;
}

async fn assert_rejection(
    app: &TestApp,
    logs: &LogCapture,
    response: reqwest::Response,
    status: StatusCode,
    logged: &str,
) {
    assert_error_page_without_session(app, response, status).await;
    let log = logs.text();
    assert!(
        log.contains("request refused") && log.contains(logged),
        "the log says why ({logged:?}):\n{log}"
    );
    assert!(!log.contains("eyJ"), "no token in the log");
}

/// The status, the error page with a way forward, and no session left behind.
async fn assert_error_page_without_session(
    app: &TestApp,
    response: reqwest::Response,
    status: StatusCode,
) {
    assert_eq!(response.status(), status);
    let body = response.text().await.expect("error page");
    assert!(
        body.contains("id=\"sign-in-again\""),
        "the error page offers a way forward:\n{body}"
    );
    assert_eq!(app.session_cookie(), None, "no session is left behind");
    assert!(!app.is_signed_in().await);
}

// --- Basic RP ---------------------------------------------------------------------------------

#[tokio::test]
async fn oidcc_client_test_a_normal_code_flow_signs_the_user_in() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    assert!(home.contains("Test User"));
}

#[tokio::test]
async fn oidcc_client_test_invalid_iss_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenWrongIssuer],
        StatusCode::UNAUTHORIZED,
        "wrong-tenant",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_missing_sub_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenMissingSub],
        StatusCode::UNAUTHORIZED,
        "missing field `sub`",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_invalid_aud_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenWrongAudience],
        StatusCode::UNAUTHORIZED,
        "another-app-id",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_missing_aud_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenMissingAudience],
        StatusCode::UNAUTHORIZED,
        "Invalid audiences: must contain `s4a35o7pz75pp69c51jou` (found audiences: )",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_missing_iat_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenMissingIat],
        StatusCode::UNAUTHORIZED,
        "missing field `iat`",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_iat_in_the_future_beyond_the_leeway_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenIatInFuture(300)],
        StatusCode::UNAUTHORIZED,
        "issued in the future",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_expired_id_token_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenExpired],
        StatusCode::UNAUTHORIZED,
        "ID token expired at",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_kid_absent_single_jwks_is_accepted() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::IdTokenNoKid);
    assert_eq!(
        app.sign_in().await.status(),
        StatusCode::SEE_OTHER,
        "one key: no kid needed"
    );
}

#[tokio::test]
async fn oidcc_client_test_kid_absent_multiple_jwks_is_rejected_as_ambiguous() {
    // After a rotation the key set holds two P-384 keys; a token without `kid` could be either.
    // The plan allows trying every key or rejecting; openidconnect rejects, and so do we.
    let app = TestApp::spawn().await;
    app.logto.rotate_to_new_ec_key();
    app.logto.misbehave(Misbehaviour::IdTokenNoKid);
    let logs = capture_logs();
    let response = app.sign_in().await;
    assert_rejection(
        &app,
        &logs,
        response,
        StatusCode::UNAUTHORIZED,
        "Ambiguous key identification",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_idtoken_sig_rs256_is_accepted_after_logto_switches_to_rsa() {
    let app = TestApp::spawn().await;
    app.logto.rotate_to_rsa();
    assert!(app.signed_in_home().await.contains("Test User"));
}

#[tokio::test]
async fn oidcc_client_test_idtoken_sig_none_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenAlgNone],
        StatusCode::UNAUTHORIZED,
        "No signature found",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_invalid_sig_rs256_is_rejected() {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    app.logto.rotate_to_rsa();
    app.logto.misbehave(Misbehaviour::IdTokenBadSignature);
    let response = app.sign_in().await;
    assert_rejection(
        &app,
        &logs,
        response,
        StatusCode::UNAUTHORIZED,
        "Crypto error: bad signature",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_invalid_sig_es384_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenBadSignature],
        StatusCode::UNAUTHORIZED,
        "Signature was wrong",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_sig_es256_not_listed_in_discovery_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenSignedEs256],
        StatusCode::UNAUTHORIZED,
        "ES256",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_userinfo_invalid_sub_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::UserinfoSubMismatch],
        StatusCode::UNAUTHORIZED,
        "userinfo: Invalid subject: expected `uya6v1344ikr` (found `someone-else`)",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_nonce_invalid_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::IdTokenWrongNonce],
        StatusCode::UNAUTHORIZED,
        "nonce mismatch",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_at_hash_mismatch_is_rejected() {
    assert_sign_in_rejected(
        &[Misbehaviour::AtHashMismatch],
        StatusCode::UNAUTHORIZED,
        "at_hash does not match the access token",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_callback_iss_mismatch_is_rejected_rfc9207() {
    assert_sign_in_rejected(
        &[Misbehaviour::CallbackWrongIss],
        StatusCode::BAD_REQUEST,
        "issuer is wrong",
    )
    .await;
    assert_sign_in_rejected(
        &[Misbehaviour::CallbackMissingIss],
        StatusCode::BAD_REQUEST,
        "no `iss`",
    )
    .await;
}

#[tokio::test]
async fn oidcc_client_test_scope_userinfo_claims_are_requested_and_shown() {
    let app = TestApp::spawn().await;
    app.logto.set_user(
        TestUser::email_user()
            .with_userinfo_claim("custom_data", serde_json::json!({"plan": "pro"})),
    );
    let home = app.signed_in_home().await;
    let pairs = app.logto.last_authorization().expect("an authorization");
    let scope = pairs
        .iter()
        .find(|(k, _)| k == "scope")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    for wanted in [
        "openid",
        "profile",
        "email",
        "phone",
        "identities",
        "custom_data",
    ] {
        assert!(scope.split(' ').any(|s| s == wanted), "requests {wanted}");
    }
    assert_eq!(app.logto.calls(Endpoint::Userinfo), 1);
    assert!(home.contains("test.user@example.com") && home.contains("15555550123"));
}

#[tokio::test]
async fn oidcc_client_test_client_secret_basic_authenticates_the_token_request() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let request = &app.logto.token_requests()[0];
    let expected = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        FakeLogto::CLIENT_ID,
        FakeLogto::CLIENT_SECRET
    ));
    assert_eq!(
        request.authorization.as_deref(),
        Some(format!("Basic {expected}").as_str())
    );
    assert_eq!(
        request.form_value("client_secret"),
        None,
        "never both ways at once"
    );
    assert!(
        request
            .form_value("code_verifier")
            .is_some_and(|v| v.len() >= 43),
        "PKCE verifier sent"
    );
}

// --- Config RP --------------------------------------------------------------------------------

#[tokio::test]
async fn oidcc_client_test_discovery_openid_config_drives_every_endpoint() {
    let app = TestApp::spawn().await;
    let authorize = app.begin_sign_in("").await;
    assert!(authorize.starts_with(&format!("{}/auth?", app.logto.issuer())));
    assert_eq!(app.logto.calls(Endpoint::Discovery), 1);
    app.callback(&app.logto.authorize(&authorize)).await;
    assert_eq!(app.logto.calls(Endpoint::Token), 1);
    assert_eq!(app.logto.calls(Endpoint::Userinfo), 1);
}

#[tokio::test]
async fn oidcc_client_test_discovery_jwks_uri_keys_verify_the_id_token() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    assert_eq!(
        app.logto.calls(Endpoint::Jwks),
        1,
        "keys come from jwks_uri, once"
    );
}

#[tokio::test]
async fn oidcc_client_test_discovery_issuer_mismatch_is_refused() {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::DiscoveryIssuerMismatch);
    let response = app.get("/sign-in").await;
    // A provider that is unusable is a failure (502, logged as one), not a refusal.
    assert_error_page_without_session(&app, response, StatusCode::BAD_GATEWAY).await;
    assert_eq!(
        app.get("/readyz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.logto.calls(Endpoint::Authorize), 0);
    let log = logs.text();
    assert!(
        log.contains("request failed")
            && log.contains("unexpected issuer URI")
            && log.contains("/wrong-tenant/oidc"),
        "{log}"
    );
}

#[tokio::test]
async fn oidcc_client_test_signing_key_rotation_is_followed_without_a_restart() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    app.logto.rotate_to_new_ec_key();
    app.clear_cookies();
    assert!(app.signed_in_home().await.contains("Test User"));
    assert_eq!(app.logto.calls(Endpoint::Jwks), 2);
}

#[tokio::test]
async fn oidcc_client_test_signing_key_rotation_just_before_signing_is_followed() {
    let app = TestApp::spawn().await;
    let authorize = app.begin_sign_in("").await; // keys fetched now
    app.logto.rotate_to_new_ec_key(); // and rotated before the ID token is signed
    let response = app.callback(&app.logto.authorize(&authorize)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.logto.calls(Endpoint::Jwks), 2);
}

// --- Refresh ------------------------------------------------------------------------------------

/// Signed in with a 2-second access token, past its expiry, nothing refreshed yet. Only the
/// callback runs before the wait (a page load could already refresh); the first page load after
/// it refreshes, once, and new tokens live an hour.
async fn signed_in_needing_refresh() -> TestApp {
    let app = TestApp::spawn().await;
    app.logto.set_access_token_ttl(2);
    assert_eq!(app.sign_in().await.status(), StatusCode::SEE_OTHER);
    app.logto.set_access_token_ttl(3600);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    app
}

fn refresh_grants(app: &TestApp) -> usize {
    app.logto.refresh_grants()
}

#[tokio::test]
async fn oidcc_client_test_refresh_token_renews_the_access_token_and_rotates_the_refresh_token() {
    let app = signed_in_needing_refresh().await;
    let home = app.home().await;
    assert!(home.contains("expires in 59 minutes") || home.contains("expires in 60 minutes"));
    assert_eq!(refresh_grants(&app), 1);
    let first = app.logto.token_requests();
    assert!(app.home().await.contains("Test User"));
    assert_eq!(
        refresh_grants(&app),
        1,
        "the new token is used, not refreshed again"
    );
    let refresh = first
        .into_iter()
        .find(|r| r.form_value("grant_type") == Some("refresh_token"))
        .expect("a refresh grant");
    assert!(
        refresh
            .authorization
            .is_some_and(|a| a.starts_with("Basic "))
    );
}

#[tokio::test]
async fn oidcc_client_test_refresh_token_invalid_issuer_ends_the_session() {
    let logs = capture_logs();
    let app = signed_in_needing_refresh().await;
    app.logto.misbehave(Misbehaviour::RefreshWrongIssuer);
    let response = app.get("/").await;
    app.logto.clear_misbehaviour();
    assert_rejection(
        &app,
        &logs,
        response,
        StatusCode::UNAUTHORIZED,
        "Invalid issuer",
    )
    .await;
    assert!(logs.text().contains("/wrong-tenant/oidc"));
    assert_eq!(refresh_grants(&app), 1);
}

#[tokio::test]
async fn oidcc_client_test_refresh_token_invalid_sub_ends_the_session() {
    let logs = capture_logs();
    let app = signed_in_needing_refresh().await;
    app.logto.misbehave(Misbehaviour::RefreshWrongSub);
    let response = app.get("/").await;
    app.logto.clear_misbehaviour();
    assert_rejection(
        &app,
        &logs,
        response,
        StatusCode::UNAUTHORIZED,
        "the refreshed ID token is for another user",
    )
    .await;
    assert_eq!(refresh_grants(&app), 1);
}

// --- RP-initiated logout ------------------------------------------------------------------------

/// Signs in, confirms sign-out, and returns the end-session URL the app redirected to.
async fn signed_out_at_logto(app: &TestApp) -> String {
    app.signed_in_home().await;
    let page = app
        .get("/sign-out")
        .await
        .text()
        .await
        .expect("confirmation");
    let csrf = csrf_field(&page);
    let response = app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    location(&response)
}

#[tokio::test]
async fn oidcc_client_test_rp_init_logout_sends_the_user_to_end_session_and_confirms_on_return() {
    let app = TestApp::spawn().await;
    let end_session = signed_out_at_logto(&app).await;
    let pairs = query_pairs(&end_session);
    for name in [
        "id_token_hint",
        "client_id",
        "post_logout_redirect_uri",
        "state",
    ] {
        assert!(
            param(&pairs, name).is_some(),
            "end-session URL carries {name}"
        );
    }
    let state = param(&pairs, "state").unwrap_or_default();
    // Logto's page auto-submits its confirm form; the confirm step sends the browser back to the
    // registered post_logout_redirect_uri with our state.
    let back = app.through_logto_end_session(&end_session).await;
    assert_eq!(back, format!("{}/?state={state}", app.base));
    let home = app.follow(&back).await.text().await.expect("home");
    assert!(home.contains("id=\"signed-out-notice\""));
    assert!(!app.is_signed_in().await);
    assert!(
        app.logto.revocations().len() == 1,
        "the refresh token was revoked"
    );
}

#[tokio::test]
async fn oidcc_client_test_rp_init_logout_other_state_is_not_taken_as_confirmation() {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    signed_out_at_logto(&app).await;
    let home = app
        .get("/?state=some-other-state")
        .await
        .text()
        .await
        .expect("home");
    assert!(!home.contains("id=\"signed-out-notice\""));
    assert!(
        home.contains("id=\"sign-in-email\""),
        "still signed out locally"
    );
    assert!(logs.text().contains("state we did not send"));
}

#[tokio::test]
async fn oidcc_client_test_rp_init_logout_no_state_leaves_the_user_signed_out_without_a_notice() {
    let app = TestApp::spawn().await;
    signed_out_at_logto(&app).await;
    let home = app.home().await;
    assert!(!home.contains("id=\"signed-out-notice\""));
    assert!(home.contains("id=\"sign-in-email\""));
}
