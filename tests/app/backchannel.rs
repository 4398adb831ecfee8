//! `POST /backchannel-logout`, named after the OpenID Foundation's Back-Channel Logout RP tests
//! (`rp-backchannel-rpinitlogout*`), against logout tokens shaped as Logto sends them: no `exp`,
//! `aud` a string, `typ: logout+jwt`, `sid` only with "session required".

use std::time::{Duration, Instant};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{Endpoint, FakeLogto, TestApp, capture_logs};

/// A signed-in app whose ID tokens carry a `sid` (Logto's "session required" on).
async fn signed_in_with_sid() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    app.logto.require_backchannel_session();
    app.signed_in_home().await;
    let sid = app.logto.latest_sid();
    (app, sid)
}

fn sub() -> String {
    crate::helpers::TestUser::email_user().sub
}

/// A token as Logto sends it for this session, with `change` applied to its claims.
fn token_with(app: &TestApp, sid: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut claims = app.logto.logout_claims(Some(&sub()), Some(sid));
    change(&mut claims);
    app.logto
        .sign_logout_token(json!({"typ": "logout+jwt"}), &claims)
}

/// 400, for the reason `cause` (in the log), and the user is still signed in. Returns the log.
async fn assert_refused(app: &TestApp, token: &str, what: &str, cause: &str) -> String {
    let logs = capture_logs();
    let response = app.post_logout_token(token).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{what}");
    let text = logs.text();
    assert!(
        text.contains(cause),
        "{what}: refused for {cause:?}; the log:\n{text}"
    );
    assert!(
        app.is_signed_in().await,
        "{what}: the user is still signed in"
    );
    text
}

#[tokio::test]
async fn rp_backchannel_rpinitlogout_a_valid_logout_token_gets_exactly_200_and_ends_the_session() {
    let (app, sid) = signed_in_with_sid().await;
    let response = app.post_logout_token(&token_with(&app, &sid, |_| {})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap_or("")),
        Some("no-store")
    );
    assert!(
        !app.is_signed_in().await,
        "signed out with no action in this browser"
    );
    // The refresh token is revoked too (after the answer, so Logto never waits for it).
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.logto.revocations().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the refresh token was never revoked"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn rp_backchannel_rpinitlogout_lt_alg_none_is_refused() {
    let (app, sid) = signed_in_with_sid().await;
    let claims = app.logto.logout_claims(Some(&sub()), Some(&sid));
    let token = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(json!({"alg": "none", "typ": "logout+jwt"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    assert_refused(&app, &token, "alg none", "is not allowed").await;
}

#[tokio::test]
async fn rp_backchannel_rpinitlogout_lt_wrong_alg_is_refused_even_hmac_with_the_client_secret() {
    let (app, sid) = signed_in_with_sid().await;
    let claims = app.logto.logout_claims(Some(&sub()), Some(&sid));
    // The classic confusion: HS256 keyed with a secret the attacker might know.
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "HS256", "typ": "logout+jwt"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(FakeLogto::CLIENT_SECRET.as_bytes())
        .expect("an HMAC key");
    mac.update(input.as_bytes());
    let token = format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    );
    assert_refused(&app, &token, "HS256", "is not allowed").await;
    // And a header naming another algorithm than the key signs with.
    let token = app
        .logto
        .sign_logout_token(json!({"alg": "RS256"}), &claims);
    assert_refused(&app, &token, "RS256 header", "not one discovery lists").await;
}

#[tokio::test]
async fn rp_backchannel_rpinitlogout_lt_wrong_aud_wrong_iss_and_another_clients_token_are_refused()
{
    let (app, sid) = signed_in_with_sid().await;
    type Case = (&'static str, &'static str, Box<dyn FnOnce(&mut Value)>);
    let cases: [Case; 3] = [
        (
            "wrong aud",
            "`aud` is not this application",
            Box::new(|c| c["aud"] = json!("another-app-id")),
        ),
        (
            "wrong iss",
            "`iss` is not Logto's issuer",
            Box::new(|c| c["iss"] = json!("https://evil.example/oidc")),
        ),
        (
            "another client's token",
            "`aud` is not this application",
            Box::new(|c| c["aud"] = json!(["another-app-id"])),
        ),
    ];
    for (what, cause, change) in cases {
        assert_refused(&app, &token_with(&app, &sid, change), what, cause).await;
    }
}

#[tokio::test]
async fn rp_backchannel_rpinitlogout_lt_no_event_wrong_event_and_with_nonce_are_refused() {
    let (app, sid) = signed_in_with_sid().await;
    type Case = (&'static str, &'static str, Box<dyn FnOnce(&mut Value)>);
    let cases: [Case; 3] = [
        (
            "no event",
            "`events` does not hold",
            Box::new(|c| drop(c.as_object_mut().map(|o| o.remove("events")))),
        ),
        (
            "wrong event",
            "`events` does not hold",
            Box::new(|c| c["events"] = json!({"http://schemas.openid.net/event/other": {}})),
        ),
        (
            "with nonce",
            "must not carry a `nonce`",
            Box::new(|c| c["nonce"] = json!("a-nonce")),
        ),
    ];
    for (what, cause, change) in cases {
        assert_refused(&app, &token_with(&app, &sid, change), what, cause).await;
    }
}

#[tokio::test]
async fn a_logout_token_with_neither_sub_nor_sid_or_iat_far_in_the_future_is_refused() {
    let (app, sid) = signed_in_with_sid().await;
    let neither = app
        .logto
        .sign_logout_token(json!({}), &app.logto.logout_claims(None, None));
    assert_refused(
        &app,
        &neither,
        "neither sub nor sid",
        "neither `sub` nor `sid`",
    )
    .await;
    let future = token_with(&app, &sid, |c| {
        c["iat"] = json!(c["iat"].as_i64().unwrap_or_default() + 3600);
    });
    assert_refused(&app, &future, "iat an hour ahead", "`iat` is in the future").await;
}

#[tokio::test]
async fn a_replayed_logout_token_is_refused() {
    let app = TestApp::spawn().await;
    app.logto.require_backchannel_session();
    app.signed_in_home().await;
    let token = token_with(&app, "sid-of-nobody", |_| {});
    assert_eq!(app.post_logout_token(&token).await.status(), StatusCode::OK);
    let logs = capture_logs();
    assert_eq!(
        app.post_logout_token(&token).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert!(logs.text().contains("jti replayed"), "{}", logs.text());
}

#[tokio::test]
async fn a_logout_token_signed_with_a_key_published_since_is_accepted_after_one_key_fetch() {
    let (app, sid) = signed_in_with_sid().await;
    let jwks_before = app.logto.calls(Endpoint::Jwks);
    app.logto.rotate_to_new_ec_key();
    let response = app.post_logout_token(&token_with(&app, &sid, |_| {})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.logto.calls(Endpoint::Jwks), jwks_before + 1);
    assert!(!app.is_signed_in().await);
}

#[tokio::test]
async fn made_up_kids_posted_to_the_endpoint_fetch_keys_at_most_once_in_a_few_seconds() {
    let (app, sid) = signed_in_with_sid().await;
    let jwks_before = app.logto.calls(Endpoint::Jwks);
    for i in 0..10 {
        let claims = app.logto.logout_claims(Some(&sub()), Some(&sid));
        let token = app
            .logto
            .sign_logout_token(json!({"kid": format!("made-up-{i}")}), &claims);
        assert_refused(&app, &token, "a made-up kid", "no matching key").await;
    }
    assert!(
        app.logto.calls(Endpoint::Jwks) <= jwks_before + 1,
        "ten made-up kids made {} key fetches",
        app.logto.calls(Endpoint::Jwks) - jwks_before
    );
}

#[tokio::test]
async fn garbage_an_unsigned_token_a_wrong_content_type_and_a_1_mb_body_get_400() {
    let (app, sid) = signed_in_with_sid().await;
    assert_refused(&app, "", "an empty token", "exactly one logout_token").await;
    for garbage in ["not-a-jwt", "a.b.c", "e30.e30.", "....."] {
        assert_refused(&app, garbage, garbage, "the logout token was refused").await;
    }
    let token = token_with(&app, &sid, |_| {});
    let unsigned = format!(
        "{}.",
        token.rsplit_once('.').map(|(i, _)| i).unwrap_or_default()
    );
    assert_refused(
        &app,
        &unsigned,
        "signature cut off",
        "signature verification failed",
    )
    .await;
    let as_json = app
        .client
        .post(app.url("/backchannel-logout"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(json!({ "logout_token": token }).to_string())
        .send()
        .await
        .expect("the app answers");
    assert_eq!(
        as_json.status(),
        StatusCode::BAD_REQUEST,
        "JSON, not a form"
    );
    let huge = format!("logout_token={}", "a".repeat(1024 * 1024));
    let response = app
        .client
        .post(app.url("/backchannel-logout"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(huge)
        .send()
        .await
        .expect("the app answers");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "1 MB body");
    let twice = app
        .client
        .post(app.url("/backchannel-logout"))
        .form(&[
            ("logout_token", token.as_str()),
            ("logout_token", token.as_str()),
        ])
        .send()
        .await
        .expect("the app answers");
    assert_eq!(
        twice.status(),
        StatusCode::BAD_REQUEST,
        "two tokens in one form"
    );
    assert!(app.is_signed_in().await);
}

#[tokio::test]
async fn with_a_sid_only_that_session_ends_and_the_same_users_other_browser_stays_signed_in() {
    let app = TestApp::spawn().await;
    app.logto.require_backchannel_session();
    app.signed_in_home().await;
    let first_browser = app.session_cookie();
    let first_sid = app.logto.latest_sid();
    app.clear_cookies();
    app.signed_in_home().await;
    let second_browser = app.session_cookie();

    let response = app
        .post_logout_token(&token_with(&app, &first_sid, |_| {}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    app.set_session_cookie(first_browser);
    assert!(!app.is_signed_in().await, "the named session ended");
    app.set_session_cookie(second_browser);
    assert!(
        app.is_signed_in().await,
        "the other session of the same user did not"
    );
}

#[tokio::test]
async fn with_only_a_sub_every_session_of_that_user_ends_and_no_one_elses() {
    let app = TestApp::spawn().await;
    let mut sessions = Vec::new();
    for _ in 0..2 {
        app.clear_cookies();
        app.signed_in_home().await;
        sessions.push(app.session_cookie());
    }
    app.clear_cookies();
    app.logto.set_user(crate::helpers::TestUser::phone_user());
    app.signed_in_home().await;
    let someone_else = app.session_cookie();

    let claims = app.logto.logout_claims(Some(&sub()), None);
    let token = app
        .logto
        .sign_logout_token(json!({"typ": "logout+jwt"}), &claims);
    assert_eq!(app.post_logout_token(&token).await.status(), StatusCode::OK);
    for session in sessions {
        app.set_session_cookie(session);
        assert!(!app.is_signed_in().await, "every session of the user ended");
    }
    app.set_session_cookie(someone_else);
    assert!(app.is_signed_in().await, "another user's session did not");
}

#[tokio::test]
async fn a_logout_for_a_session_already_gone_still_gets_200() {
    let (app, sid) = signed_in_with_sid().await;
    let first = token_with(&app, &sid, |_| {});
    assert_eq!(app.post_logout_token(&first).await.status(), StatusCode::OK);
    let again = token_with(&app, &sid, |_| {});
    assert_eq!(app.post_logout_token(&again).await.status(), StatusCode::OK);
    let stranger = token_with(&app, "sid-nobody-has", |c| c["sub"] = json!("nobody"));
    assert_eq!(
        app.post_logout_token(&stranger).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_refused_logout_never_logs_the_token() {
    let (app, sid) = signed_in_with_sid().await;
    let token = token_with(&app, &sid, |c| c["aud"] = json!("another-app-id"));
    let text = assert_refused(&app, &token, "wrong aud", "`aud` is not this application").await;
    let signature = token.rsplit('.').next().unwrap_or_default();
    assert!(!text.contains(signature), "the token is in the log");
}

#[tokio::test]
async fn a_back_channel_logout_ends_a_session_kept_in_sqlite_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = format!("sqlite://{}", dir.path().join("sessions.db").display());
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    logto.require_backchannel_session();
    let first = TestApp::spawn_with(logto.clone(), &[("SESSION_STORE", &store)]).await;
    first.signed_in_home().await;
    let cookie = first.session_cookie();
    let sid = logto.latest_sid();
    drop(first);

    let app = TestApp::spawn_with(logto, &[("SESSION_STORE", &store)]).await;
    app.set_session_cookie(cookie);
    assert!(app.is_signed_in().await, "the restart kept the session");
    let response = app.post_logout_token(&token_with(&app, &sid, |_| {})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        !app.is_signed_in().await,
        "the index survived the restart too"
    );
}

#[tokio::test]
async fn the_jti_of_a_logout_is_remembered_as_long_as_the_token_could_be_accepted_and_no_longer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sessions.db");
    let store = format!("sqlite://{}", path.display());
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    logto.require_backchannel_session();
    let app = TestApp::spawn_with(logto, &[("SESSION_STORE", &store)]).await;
    app.signed_in_home().await;
    let sid = app.logto.latest_sid();
    let claims = app.logto.logout_claims(Some(&sub()), Some(&sid));
    let iat = claims["iat"].as_i64().expect("the token's iat");
    let token = app
        .logto
        .sign_logout_token(json!({"typ": "logout+jwt"}), &claims);
    let pool = sqlx::SqlitePool::connect(&store).await.expect("the store");
    let seen = || async {
        sqlx::query_scalar::<_, i64>("select expires_at from seen_tokens")
            .fetch_all(&pool)
            .await
            .expect("the seen tokens")
    };
    // The sign-in's attempt is remembered as used; the logout adds its jti.
    let before = seen().await;
    assert_eq!(app.post_logout_token(&token).await.status(), StatusCode::OK);
    let remembered: Vec<i64> = seen()
        .await
        .into_iter()
        .filter(|at| !before.contains(at))
        .collect();
    assert_eq!(remembered.len(), 1, "one jti remembered");
    // The app accepts the token while `iat` is at most ten minutes old, give or take the 60 s
    // leeway: a replay up to the last of those seconds must still find the jti.
    assert!(
        remembered[0] > iat + 10 * 60 + 60,
        "the jti is forgotten at {} while the token is accepted until {}",
        remembered[0],
        iat + 10 * 60 + 60
    );
    // And then forgotten, so the table does not grow for ever.
    assert!(
        remembered[0] < iat + 24 * 3600,
        "the jti is kept until {}, more than a day",
        remembered[0]
    );
}

#[tokio::test]
async fn a_logout_naming_a_session_of_another_user_ends_it_and_logs_the_oddity() {
    let app = TestApp::spawn().await;
    app.logto.require_backchannel_session();
    app.signed_in_home().await;
    let first_sid = app.logto.latest_sid();
    let first_browser = app.session_cookie();
    app.clear_cookies();
    app.signed_in_home().await;
    let second_sid = app.logto.latest_sid();
    let second_browser = app.session_cookie();

    let logs = capture_logs();
    let response = app
        .post_logout_token(&token_with(&app, &first_sid, |_| {}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        !logs.text().contains("a session of another user"),
        "a logout for the session's own user is no oddity:\n{}",
        logs.text()
    );
    app.set_session_cookie(first_browser);
    assert!(!app.is_signed_in().await);

    let logs = capture_logs();
    let someone_else = crate::helpers::TestUser::phone_user().sub;
    let token = token_with(&app, &second_sid, |c| c["sub"] = json!(someone_else));
    assert_eq!(app.post_logout_token(&token).await.status(), StatusCode::OK);
    assert!(
        logs.text()
            .contains("a back-channel logout named a session of another user"),
        "the log:\n{}",
        logs.text()
    );
    app.set_session_cookie(second_browser);
    assert!(
        !app.is_signed_in().await,
        "the named session ended all the same"
    );
}

#[tokio::test]
async fn the_log_says_how_many_sessions_a_logout_ended() {
    let app = TestApp::spawn().await;
    for _ in 0..2 {
        app.clear_cookies();
        app.signed_in_home().await;
    }
    let only_sub = || {
        app.logto
            .sign_logout_token(json!({}), &app.logto.logout_claims(Some(&sub()), None))
    };
    let logs = capture_logs();
    assert_eq!(
        app.post_logout_token(&only_sub()).await.status(),
        StatusCode::OK
    );
    assert!(
        logs.text().contains("back-channel logout ended=2"),
        "two sessions ended; the log:\n{}",
        logs.text()
    );
    let logs = capture_logs();
    assert_eq!(
        app.post_logout_token(&only_sub()).await.status(),
        StatusCode::OK
    );
    assert!(
        logs.text().contains("back-channel logout ended=0"),
        "none left to end; the log:\n{}",
        logs.text()
    );
}

#[tokio::test]
async fn a_logout_token_without_a_kid_is_checked_with_the_one_published_key_of_its_algorithm() {
    // Logto's key set holds an ES256 key beside its ES384 one while the app reads it.
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    logto.require_backchannel_session();
    logto.misbehave(crate::helpers::Misbehaviour::IdTokenSignedEs256);
    let app = TestApp::spawn_with(logto, &[]).await;
    // Starting a sign-in waits for discovery and the key set: both keys are known from here on.
    let authorize = app.begin_sign_in("").await;
    app.logto.clear_misbehaviour();
    let response = app.callback(&app.logto.authorize(&authorize)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "signed in");
    assert!(app.is_signed_in().await);

    // No `kid`: the ES384 token can only be checked with the ES384 key, so there is no doubt
    // which key to use, and the logout goes through.
    let sid = app.logto.latest_sid();
    let claims = app.logto.logout_claims(Some(&sub()), Some(&sid));
    let token = app
        .logto
        .sign_logout_token(json!({"typ": "logout+jwt", "kid": null}), &claims);
    let logs = capture_logs();
    let response = app.post_logout_token(&token).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the log:\n{}",
        logs.text()
    );
    assert!(!app.is_signed_in().await, "the session ended");
}

#[tokio::test]
async fn a_logout_naming_a_session_already_signed_out_here_drops_its_stale_index_entry() {
    // Signing out here deletes the record; the index entry that Logto's `sid` points at stays
    // until a logout follows it, finds nothing, and drops it: the index does not keep dead
    // sessions for two weeks.
    let dir = tempfile::tempdir().expect("temp dir");
    let store = format!("sqlite://{}", dir.path().join("sessions.db").display());
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    logto.require_backchannel_session();
    let app = TestApp::spawn_with(logto, &[("SESSION_STORE", &store)]).await;
    let home = app.signed_in_home().await;
    let sid = app.logto.latest_sid();
    let response = app
        .post_form("/sign-out", &[("csrf", &crate::helpers::csrf_field(&home))])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let pool = sqlx::SqlitePool::connect(&store)
        .await
        .expect("open the store");
    let index = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from session_index")
            .fetch_one(&pool)
            .await
            .expect("count")
    };
    let before = index().await;
    assert!(
        before > 0,
        "the signed-out session's entries are still indexed"
    );

    let response = app.post_logout_token(&token_with(&app, &sid, |_| {})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        index().await,
        before - 1,
        "the entry under its sid is gone, the one under its sub is left to its own logout"
    );
}
