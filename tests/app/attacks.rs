//! The attacks an outside review of the session layer reproduced, each as it was done: a sign-in
//! attempt planted from another browser, a copied attempt used twice, requests cut off halfway,
//! a logout while a refresh holds the lock, planted index entries, a forged log field. (A replica
//! paused past its Redis lock is in the replica tests.)

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use reqwest::StatusCode;

use crate::helpers::{
    Endpoint, FakeLogto, Misbehaviour, TestApp, assert_error_page, capture_logs, client,
    csrf_field, param, query_pairs,
};
use crate::support::browser::post_refresh;

const ATTEMPT_REFUSED: &str = "This sign-in has expired or was already used";

/// The path and query of an absolute URL, to follow it on the app whatever origin it names.
fn path_of(url: &str) -> String {
    let url = url::Url::parse(url).expect("an absolute URL");
    format!("{}?{}", url.path(), url.query().unwrap_or_default())
}

#[tokio::test]
async fn an_attempt_cookie_planted_from_the_attackers_browser_over_https_does_not_sign_the_victim_in()
 {
    let logto = Arc::new(FakeLogto::start().await);
    let app = TestApp::spawn_with(logto, &[("APP_BASE_URL", "https://app.example.com")]).await;
    // The attacker starts a sign-in and signs in at Logto as himself, stopping before the
    // callback: he keeps its URL and his attempt cookie, which a sibling subdomain can set in
    // the victim's browser (`Domain=` the parent; `__Secure-` allows it, `__Host-` would not).
    let callback = app.logto.authorize(&app.begin_sign_in("").await);
    let attacker = app.cookies();
    let (name, value, path) = attacker
        .iter()
        .find(|(name, _, _)| name.starts_with("__Secure-logto_app_attempt_"))
        .cloned()
        .expect("the attacker's attempt cookie");

    for victim_was_here_before in [false, true] {
        app.clear_cookies();
        if victim_was_here_before {
            app.begin_sign_in("").await;
        }
        app.set_cookie(&name, Some(value.clone()), &path);
        let response = app.get(&path_of(&callback)).await;
        assert_error_page(response, StatusCode::BAD_REQUEST, ATTEMPT_REFUSED).await;
        assert!(
            app.cookie("__Host-logto_app_session").is_none(),
            "the victim is not signed in as the attacker (was here before: {victim_was_here_before})"
        );
    }
    assert_eq!(app.logto.calls(Endpoint::Token), 0, "no code was exchanged");

    // In the browser that started it, the same callback completes: the refusal was the binding.
    assert!(
        attacker
            .iter()
            .any(|(name, _, path)| name == "__Host-logto_app_browser" && path == "/"),
        "the attacker's browser holds its own binding: {attacker:?}"
    );
    app.clear_cookies();
    for (name, value, path) in attacker {
        app.set_cookie(&name, Some(value), &path);
    }
    let response = app.get(&path_of(&callback)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(app.cookie("__Host-logto_app_session").is_some());
}

#[tokio::test]
async fn a_browser_binding_the_app_did_not_make_is_replaced_by_a_random_one_at_sign_in() {
    let app = TestApp::spawn().await;
    // A value somebody chose (a sibling site over plain HTTP can set it): not 256 random bits
    // in the app's form, so it binds nothing and the browser gets one of the app's own.
    for chosen in ["attacker-chosen", "", &"A".repeat(44)] {
        app.clear_cookies();
        app.set_cookie("logto_app_browser", Some(chosen.to_string()), "/");
        let authorize = app.begin_sign_in("").await;
        let binding = app
            .cookie("logto_app_browser")
            .expect("the browser has a binding");
        assert_ne!(binding, chosen, "the chosen binding was replaced");
        assert_eq!(binding.len(), 43, "256 random bits, base64url: {binding:?}");
        let response = app.callback(&app.logto.authorize(&authorize)).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "the sign-in completes"
        );
    }
}

#[tokio::test]
async fn an_attempt_cookie_copied_back_after_its_sign_in_completes_no_second_sign_in() {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    let authorize = app.begin_sign_in("").await;
    let (name, value) = app.attempt_cookies().pop().expect("an attempt cookie");
    assert_eq!(
        app.callback(&app.logto.authorize(&authorize))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // Whoever kept a copy puts it back, with a second code for the same state.
    app.set_cookie(&name, Some(value), "/callback");
    let again = app.callback(&app.logto.authorize(&authorize)).await;
    assert_error_page(again, StatusCode::BAD_REQUEST, ATTEMPT_REFUSED).await;
    assert_eq!(
        app.logto.calls(Endpoint::Token),
        1,
        "the second code was never exchanged"
    );
    assert!(logs.text().contains("already used by an earlier callback"));
}

#[tokio::test]
async fn a_back_channel_logout_whose_sender_gives_up_at_2_5_s_ends_the_session_while_a_refresh_holds_its_lock()
 {
    let app = TestApp::spawn().await;
    app.logto.require_backchannel_session();
    let csrf = csrf_field(&app.signed_in_home().await);
    let sid = app.logto.latest_sid();
    let cookie = app.session_cookie().expect("signed in");
    let cookie_kept = cookie.clone();

    // A refresh takes the session's lock, and Logto keeps it waiting for 4 s.
    app.logto
        .misbehave(Misbehaviour::RefreshDelay(Duration::from_secs(4)));
    let refresh = tokio::spawn(post_refresh(app.url("/refresh"), cookie, csrf, None));
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.logto.refresh_grants() == 0 {
        assert!(Instant::now() < deadline, "the refresh never reached Logto");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // Logto's logout, from a sender that gives up after 2.5 s as Logto does.
    let token = app.logto.logout_token_for(None, Some(&sid));
    let started = Instant::now();
    let answer = reqwest::Client::builder()
        .timeout(Duration::from_millis(2500))
        .build()
        .expect("a client")
        .post(app.url("/backchannel-logout"))
        .form(&[("logout_token", token.as_str())])
        .send()
        .await
        .expect("answered within Logto's 2.5 s");
    assert_eq!(answer.status(), StatusCode::OK);
    println!("answered in {:?}", started.elapsed());
    assert!(
        !app.is_signed_in().await,
        "signed out at once, while the refresh still holds the lock"
    );

    // The refresh finds its lock lost when Logto answers, and writes nothing.
    assert_eq!(
        refresh
            .await
            .expect("the refresh task")
            .expect("the refresh is answered"),
        StatusCode::CONFLICT
    );
    app.set_session_cookie(Some(cookie_kept));
    assert!(
        !app.is_signed_in().await,
        "the refresh did not bring the session back"
    );
}

/// Logto made the grant (a new refresh token exists) but its answer arrives after a back-channel
/// logout ended the session: the app cannot save the token, and no session will ever present it,
/// so it is revoked rather than left alive at Logto.
#[tokio::test]
async fn a_refresh_token_that_arrives_after_its_session_ended_is_revoked_not_left_alive() {
    let app = TestApp::spawn().await;
    app.logto.require_backchannel_session();
    let csrf = csrf_field(&app.signed_in_home().await);
    let sid = app.logto.latest_sid();
    let cookie = app.session_cookie().expect("signed in");
    app.logto
        .misbehave(Misbehaviour::RefreshAnswerDelay(Duration::from_secs(2)));
    let issued_before = app.logto.issued_tokens().len();
    let refresh = tokio::spawn(post_refresh(app.url("/refresh"), cookie, csrf, None));
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.logto.issued_tokens().len() == issued_before {
        assert!(Instant::now() < deadline, "Logto never made the grant");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let token = app.logto.logout_token_for(None, Some(&sid));
    let logout = app.post_logout_token(&token).await;
    assert_eq!(logout.status(), StatusCode::OK);
    assert_eq!(
        refresh
            .await
            .expect("the refresh task")
            .expect("the refresh is answered"),
        StatusCode::CONFLICT,
        "the refresh lost its lock"
    );
    let revoked: Vec<String> = app
        .logto
        .revocations()
        .iter()
        .filter_map(|r| r.form_value("token").map(str::to_owned))
        .collect();
    assert!(
        app.logto.issued_tokens()[issued_before..]
            .iter()
            .any(|token| revoked.contains(token)),
        "the grant's new refresh token was revoked"
    );
}

#[tokio::test]
async fn a_refresh_whose_client_disconnects_after_logto_answered_keeps_the_rotated_refresh_token() {
    let app = TestApp::spawn().await;
    let csrf = csrf_field(&app.signed_in_home().await);
    let cookie = app.session_cookie().expect("signed in");
    // Logto rotates the refresh token and signs the new ID token with a key the app has not
    // seen: checking it needs discovery and keys again, which Logto is slow to serve. The
    // browser navigates away meanwhile, after Logto has answered the grant.
    app.logto.rotate_to_new_ec_key();
    app.logto
        .misbehave(Misbehaviour::DiscoveryDelay(Duration::from_secs(2)));
    let discoveries = app.logto.calls(Endpoint::Discovery);
    let cut = post_refresh(
        app.url("/refresh"),
        cookie,
        csrf.clone(),
        Some(Duration::from_millis(800)),
    )
    .await;
    assert!(cut.is_err(), "the browser went away before the answer");
    assert_eq!(app.logto.refresh_grants(), 1, "Logto answered the grant");
    assert!(app.logto.calls(Endpoint::Discovery) > discoveries);

    // The refresh finishes on its own and saves the rotated token.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    app.logto.clear_misbehaviour();
    let again = app.post_form("/refresh", &[("csrf", &csrf)]).await;
    assert_eq!(
        again.status(),
        StatusCode::SEE_OTHER,
        "the next refresh works"
    );
    assert_eq!(app.logto.refresh_grants(), 2);
    assert!(
        app.is_signed_in().await,
        "Logto accepted the rotated token (a used one would have ended the grant)"
    );
}

#[tokio::test]
async fn planted_index_entries_from_the_future_or_at_i64_min_neither_crowd_out_tabs_nor_crash() {
    let app = TestApp::spawn().await;
    let now = logto_core::unix_now();
    let planted: Vec<String> = (1..=5)
        .map(|i| format!("{i:016x}-{}", now + 365 * 86_400))
        .chain([format!("{:016x}-{}", 9, i64::MIN)])
        .collect();
    app.set_cookie("logto_app_attempts", Some(planted.join(".")), "/sign-in");

    // Five tabs start signing in; every one of them can finish.
    let mut tabs = Vec::new();
    for _ in 0..5 {
        tabs.push(app.begin_sign_in("").await);
    }
    let index = app.cookie("logto_app_attempts").expect("an index");
    assert_eq!(index.split('.').count(), 5, "{index}");
    assert!(
        !index.contains("0000000000000001-"),
        "planted entries are gone: {index}"
    );
    assert_eq!(app.attempt_cookies().len(), 5);
    for tab in tabs {
        let response = app.callback(&app.logto.authorize(&tab)).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn a_callback_error_cannot_forge_fields_in_the_log_line() {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    let state = param(&query_pairs(&app.begin_sign_in("").await), "state").expect("a state");
    let response = app
        .get(&format!(
            "/callback?state={state}&error=access_denied%20request_id%3Dforged%20status%3D200"
        ))
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let text = logs.text();
    assert!(!text.contains(" request_id=forged"), "{text}");
    assert!(
        text.contains("access_denied%20request_id%3Dforged%20status%3D200"),
        "the value is in the log, encoded: {text}"
    );
}

#[tokio::test]
async fn a_request_cut_off_by_its_client_still_leaves_its_log_line() {
    let logs = capture_logs();
    let app = TestApp::spawn().await;
    // `/sign-in` needs Logto's discovery first, which Logto is slow to serve; the client leaves.
    app.logto
        .misbehave(Misbehaviour::DiscoveryDelay(Duration::from_secs(3)));
    let cut = client()
        .get(app.url("/sign-in"))
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(cut.is_err(), "the client went away");
    let deadline = Instant::now() + Duration::from_secs(2);
    while !logs.text().contains("status=499") && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let text = logs.text();
    let line = text
        .lines()
        .find(|line| line.contains("status=499"))
        .unwrap_or_else(|| panic!("a line for the cut-off request: {text}"));
    assert!(line.contains("route=/sign-in"), "{line}");
}
