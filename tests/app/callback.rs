use reqwest::StatusCode;

use crate::helpers::{
    CODE_TTL_SECS, COOKIE, Endpoint, FakeLogto, Misbehaviour, TestApp, assert_error_page,
    capture_logs, config, location, serve,
};

/// After a refused callback: the page explains, offers a way forward, and nobody is signed in.
async fn assert_refused(
    app: &TestApp,
    response: reqwest::Response,
    status: StatusCode,
    says: &str,
) {
    assert_error_page(response, status, says).await;
    assert!(
        !app.is_signed_in().await,
        "a refused callback signs no one in"
    );
}

#[tokio::test]
async fn a_replayed_callback_url_fails_cleanly() {
    let app = TestApp::spawn().await;
    let callback = app.logto.authorize(&app.begin_sign_in("").await);
    assert_eq!(
        app.callback(&callback).await.status(),
        StatusCode::SEE_OTHER
    );
    let replay = app.callback(&callback).await;
    assert_error_page(
        replay,
        StatusCode::BAD_REQUEST,
        "expired or was already used",
    )
    .await;
    assert_eq!(
        app.logto.calls(Endpoint::Token),
        1,
        "a replay never reaches Logto"
    );
}

#[tokio::test]
async fn an_unknown_state_is_refused_without_calling_logto() {
    let app = TestApp::spawn().await;
    app.begin_sign_in("").await;
    let response = app.get("/callback?code=abc&state=made-up&iss=x").await;
    assert_refused(
        &app,
        response,
        StatusCode::BAD_REQUEST,
        "expired or was already used",
    )
    .await;
    assert_eq!(app.logto.calls(Endpoint::Token), 0);
}

#[tokio::test]
async fn a_callback_started_in_another_browser_is_refused() {
    let app = TestApp::spawn().await;
    // The attacker starts a sign-in in their browser and sends the victim the callback URL.
    let attackers_callback = app.logto.authorize(&app.begin_sign_in("").await);
    app.clear_cookies();
    app.begin_sign_in("").await; // the victim has a sign-in of their own in flight
    let response = app.callback(&attackers_callback).await;
    assert_refused(
        &app,
        response,
        StatusCode::BAD_REQUEST,
        "expired or was already used",
    )
    .await;
    assert_eq!(
        app.logto.calls(Endpoint::Token),
        0,
        "login CSRF: the attacker's code is never exchanged"
    );
}

#[tokio::test]
async fn a_callback_without_state_is_refused() {
    let app = TestApp::spawn().await;
    let response = app.get("/callback?code=abc").await;
    assert_error_page(response, StatusCode::BAD_REQUEST, "incomplete").await;
}

#[tokio::test]
async fn a_user_who_cancels_at_logto_gets_a_friendly_page_and_can_try_again() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::UserCancels);
    let callback = app.logto.authorize(&app.begin_sign_in("").await);
    let response = app.callback(&callback).await;
    assert_refused(
        &app,
        response,
        StatusCode::BAD_REQUEST,
        "Sign-in was cancelled",
    )
    .await;
    app.logto.clear_misbehaviour();
    assert_eq!(app.sign_in().await.status(), StatusCode::SEE_OTHER);
    assert!(app.is_signed_in().await);
}

#[tokio::test]
async fn a_callback_with_another_issuers_iss_or_none_is_refused_as_a_mix_up() {
    for misbehaviour in [
        Misbehaviour::CallbackWrongIss,
        Misbehaviour::CallbackMissingIss,
    ] {
        let app = TestApp::spawn().await;
        app.logto.misbehave(misbehaviour.clone());
        let response = app.sign_in().await;
        assert_refused(&app, response, StatusCode::BAD_REQUEST, "could not verify").await;
        assert_eq!(
            app.logto.calls(Endpoint::Token),
            0,
            "{misbehaviour:?}: the code is not exchanged"
        );
    }
}

#[tokio::test]
async fn a_provider_that_does_not_announce_the_iss_parameter_may_leave_it_out_but_not_send_another()
{
    // RFC 9207 binds only a provider that says it sends `iss`: one that does not (discovery
    // without `authorization_response_iss_parameter_supported`) still signs users in, and an
    // `iss` it does send must still be its own.
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    logto.misbehave(Misbehaviour::DiscoveryWithoutIssParameter);
    let app = TestApp::spawn_with(logto, &[]).await;
    app.logto.misbehave(Misbehaviour::CallbackMissingIss);
    assert_eq!(app.sign_in().await.status(), StatusCode::SEE_OTHER);
    assert!(app.is_signed_in().await);

    app.clear_cookies();
    app.logto.misbehave(Misbehaviour::CallbackWrongIss);
    let response = app.sign_in().await;
    assert_refused(&app, response, StatusCode::BAD_REQUEST, "could not verify").await;
}

#[tokio::test]
async fn a_forged_callback_iss_with_a_newline_is_logged_on_one_line() {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    let callback = app.logto.authorize(&app.begin_sign_in("").await);
    let forged_iss = "https://evil.example/oidc%0A2026-01-01T00:00:00Z%20INFO%20forged-line";
    let mut url = url::Url::parse(&callback).expect("callback URL");
    let query = url
        .query_pairs()
        .filter(|(k, _)| k != "iss")
        .map(|(k, v)| format!("{k}={}", urlencoding(&v)))
        .collect::<Vec<_>>()
        .join("&");
    url.set_query(Some(&format!("{query}&iss={forged_iss}")));
    let response = app.callback(url.as_str()).await;
    assert_refused(&app, response, StatusCode::BAD_REQUEST, "could not verify").await;
    let log = logs.text();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("forged-line")).collect();
    assert_eq!(lines.len(), 1, "{log}");
    assert!(lines[0].contains("issuer is wrong"), "{log}");
}

#[tokio::test]
async fn a_refused_callback_logs_one_request_line_and_its_cause_under_the_same_id_and_never_the_code()
 {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    let callback = app.logto.authorize(&app.begin_sign_in("").await);
    let code = url::Url::parse(&callback)
        .expect("callback URL")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code");
    // The state of another attempt: refused before the code is used.
    let forged = callback.replace("state=", "state=x");
    let response = app.callback(&forged).await;
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("the response's request id")
        .to_string();
    assert_refused(&app, response, StatusCode::BAD_REQUEST, "Sign in again").await;
    let log = logs.text();
    let request_lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("handled") && l.contains(&format!("id={request_id}")))
        .collect();
    assert_eq!(request_lines.len(), 1, "one line for the request: {log}");
    for field in ["method=GET", "route=/callback", "status=400", "latency_ms="] {
        assert!(request_lines[0].contains(field), "{field} in {log}");
    }
    let cause_lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("request refused"))
        .collect();
    assert_eq!(cause_lines.len(), 1, "{log}");
    assert!(
        cause_lines[0].contains(&format!("request_id={request_id}")),
        "the cause carries the request's id: {log}"
    );
    assert!(
        !log.contains(&code),
        "the authorization code was logged: {log}"
    );
}

fn urlencoding(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[tokio::test]
async fn id_tokens_that_fail_verification_are_rejected_and_create_no_session() {
    let cases = [
        Misbehaviour::IdTokenWrongNonce,
        Misbehaviour::IdTokenMissingNonce,
        Misbehaviour::IdTokenWrongIssuer,
        Misbehaviour::IdTokenWrongAudience,
        Misbehaviour::IdTokenMissingAudience,
        Misbehaviour::IdTokenBadSignature,
        Misbehaviour::IdTokenAlgNone,
        Misbehaviour::IdTokenExpired,
        Misbehaviour::IdTokenIatInFuture(600),
        Misbehaviour::IdTokenMissingSub,
        Misbehaviour::IdTokenMissingIat,
        Misbehaviour::AtHashMismatch,
        Misbehaviour::IdTokenSignedEs256,
    ];
    for misbehaviour in cases {
        let app = TestApp::spawn().await;
        app.logto.misbehave(misbehaviour.clone());
        let response = app.sign_in().await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{misbehaviour:?} is rejected"
        );
        let body = response.text().await.expect("body");
        assert!(
            body.contains("could not verify"),
            "{misbehaviour:?}: {body}"
        );
        assert!(
            !app.is_signed_in().await,
            "{misbehaviour:?} created a session"
        );
    }
}

#[tokio::test]
async fn an_id_token_within_the_clock_leeway_is_accepted() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::IdTokenIatInFuture(30));
    assert_eq!(app.sign_in().await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_id_token_that_expired_within_the_clock_leeway_is_accepted_and_beyond_it_refused() {
    // The leeway is 60 s: a clock 30 s ahead of Logto's still signs the user in; 90 s does not.
    for (seconds_ago, accepted) in [(30, true), (90, false)] {
        let app = TestApp::spawn().await;
        app.logto
            .misbehave(Misbehaviour::IdTokenExpiredSecondsAgo(seconds_ago));
        let response = app.sign_in().await;
        if accepted {
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{seconds_ago} s ago"
            );
        } else {
            assert_refused(&app, response, StatusCode::UNAUTHORIZED, "could not verify").await;
        }
        assert_eq!(app.is_signed_in().await, accepted, "{seconds_ago} s ago");
    }
}

#[tokio::test]
async fn logto_failing_at_the_token_endpoint_gives_a_502_page() {
    for misbehaviour in [
        Misbehaviour::TokenStatus(500),
        Misbehaviour::TokenMalformedJson,
        Misbehaviour::TokenStatus(401),
    ] {
        let app = TestApp::spawn().await;
        app.logto.misbehave(misbehaviour.clone());
        let response = app.sign_in().await;
        assert_eq!(
            response.status(),
            StatusCode::BAD_GATEWAY,
            "{misbehaviour:?}"
        );
        let body = response.text().await.expect("body");
        assert!(
            !body.contains("invalid_client") && !body.contains("server_error"),
            "no internals on the page"
        );
    }
}

#[tokio::test]
async fn logto_refusing_the_apps_credentials_says_the_sign_in_is_misconfigured_not_unreachable() {
    // Logto's 401 `invalid_client` (a wrong LOGTO_APP_SECRET, or an app deleted in the console):
    // the visitor cannot fix it and retrying will not help; the site's team must.
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::TokenStatus(401));
    let page = assert_error_page(
        app.sign_in().await,
        StatusCode::BAD_GATEWAY,
        "Sign-in is misconfigured",
    )
    .await;
    assert!(!page.contains("Logto is unreachable"), "{page}");
}

#[tokio::test]
async fn a_used_or_expired_code_gives_a_sign_in_again_page() {
    // Logto's codes expire: a browser that took too long to come back gets invalid_grant.
    let app = TestApp::spawn().await;
    let callback = app.logto.authorize(&app.begin_sign_in("").await);
    app.logto.age_codes(CODE_TTL_SECS);
    let response = app.callback(&callback).await;
    assert_refused(&app, response, StatusCode::BAD_REQUEST, "expired").await;
    assert_eq!(
        app.logto.calls(Endpoint::Token),
        1,
        "Logto was asked and said no"
    );
    // A code Logto refuses for any other reason (used already) is answered the same way.
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::TokenStatus(400));
    let response = app.sign_in().await;
    assert_error_page(response, StatusCode::BAD_REQUEST, "expired").await;
}

#[tokio::test]
async fn logto_unreachable_gives_a_502_page_and_readyz_says_not_ready() {
    // A port nothing listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let endpoint = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = serve(
        listener,
        config(&[
            ("LOGTO_ENDPOINT", &endpoint),
            ("LOGTO_APP_ID", FakeLogto::CLIENT_ID),
            ("LOGTO_APP_SECRET", FakeLogto::CLIENT_SECRET),
            ("APP_BASE_URL", &base),
            ("SESSION_STORE", "memory"),
        ]),
    )
    .await;
    let client = crate::helpers::client();
    let sign_in = client
        .get(format!("{base}/sign-in"))
        .send()
        .await
        .expect("sign-in");
    assert!(
        sign_in
            .headers()
            .get("set-cookie")
            .is_none_or(|c| !c.to_str().unwrap_or("").contains(COOKIE))
    );
    assert_error_page(sign_in, StatusCode::BAD_GATEWAY, "Logto is unreachable").await;
    let ready = client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        ready
            .text()
            .await
            .expect("body")
            .contains("logto: unreachable")
    );
    server.abort();
}

#[tokio::test]
async fn readyz_is_ready_when_logto_and_the_store_answer() {
    let app = TestApp::spawn().await;
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(
        location(&app.get("/sign-out").await),
        "/",
        "signed out: nothing to confirm"
    );
}
