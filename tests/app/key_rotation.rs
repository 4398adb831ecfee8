//! Logto rotating its signing keys, as an admin might (EC, then RSA, then EC again, seconds apart),
//! while people sign in and get refreshed: no sign-in refused, no one signed out, and the app
//! calls Logto for keys no more than it must.

use reqwest::StatusCode;

use crate::{
    helpers::{Endpoint, Misbehaviour, TestApp, assert_error_page, csrf_field, location},
    support::browser::Browser as CookieJar,
};

/// Signs in a new browser (no session yet) and asserts it worked.
async fn sign_in_afresh(app: &TestApp) {
    app.clear_cookies();
    let response = app.sign_in().await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "the sign-in works"
    );
    assert!(app.is_signed_in().await);
}

/// One person of many, in a browser of their own, so sign-ins share no cookies.
struct Browser {
    browser: CookieJar,
    callback: String,
}

impl Browser {
    /// Starts a sign-in in a browser of its own and lets Logto answer it; the callback is not
    /// followed yet.
    async fn at_logto(app: &TestApp) -> Browser {
        let browser = CookieJar::new();
        let response = browser.get(&app.url("/sign-in")).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let callback = app.logto.authorize(&location(&response));
        Browser { browser, callback }
    }

    /// Follows the callback back to the app.
    async fn back_at_the_app(&self, app: &TestApp) -> StatusCode {
        let url = url::Url::parse(&self.callback).expect("callback URL");
        let path = format!("{}?{}", url.path(), url.query().unwrap_or_default());
        self.browser.get(&app.url(&path)).await.status()
    }
}

fn refresh_grants(app: &TestApp) -> Vec<String> {
    app.logto
        .token_requests()
        .iter()
        .filter(|r| r.form_value("grant_type") == Some("refresh_token"))
        .filter_map(|r| r.form_value("refresh_token").map(str::to_string))
        .collect()
}

#[tokio::test]
async fn a_switch_from_ec_to_rsa_keys_refetches_discovery_and_sign_in_succeeds() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    app.logto.rotate_to_rsa();
    app.clear_cookies();
    app.signed_in_home().await;
    assert_eq!(
        app.logto.calls(Endpoint::Discovery),
        2,
        "ES384 -> RS256 needs the new algorithm list"
    );
}

#[tokio::test]
async fn two_rotations_in_a_row_ec_to_rsa_to_ec_refuse_no_sign_in() {
    let app = TestApp::spawn().await;
    sign_in_afresh(&app).await;
    app.logto.rotate_to_rsa();
    sign_in_afresh(&app).await;
    app.logto.rotate_to_new_ec_key();
    sign_in_afresh(&app).await;
    assert_eq!(
        app.logto.calls(Endpoint::Jwks),
        3,
        "one fetch at start, one per rotation"
    );
    assert_eq!(app.logto.calls(Endpoint::Discovery), 3);
}

#[tokio::test]
async fn ten_people_signing_in_at_once_after_a_rotation_all_get_in_with_one_key_fetch() {
    let app = TestApp::spawn().await;
    sign_in_afresh(&app).await;
    let mut browsers = Vec::new();
    for _ in 0..10 {
        browsers.push(Browser::at_logto(&app).await);
    }
    app.logto.rotate_to_rsa();
    let statuses =
        futures::future::join_all(browsers.iter().map(|b| b.back_at_the_app(&app))).await;
    assert_eq!(
        statuses,
        vec![StatusCode::SEE_OTHER; 10],
        "everyone gets in"
    );
    assert_eq!(
        app.logto.calls(Endpoint::Jwks),
        2,
        "the ten share one key fetch"
    );
    assert_eq!(app.logto.calls(Endpoint::Discovery), 2);
}

#[tokio::test]
async fn logto_failing_during_a_rotation_lets_the_next_sign_in_through_as_soon_as_it_answers() {
    let app = TestApp::spawn().await;
    sign_in_afresh(&app).await;
    app.logto.rotate_to_rsa();
    app.logto.misbehave(Misbehaviour::JwksStatus(503));
    app.clear_cookies();
    let response = app.sign_in().await;
    assert_error_page(response, StatusCode::BAD_GATEWAY, "Logto is unreachable").await;

    app.logto.clear_misbehaviour();
    sign_in_afresh(&app).await;
    assert_eq!(
        app.logto.calls(Endpoint::Jwks),
        3,
        "the failed fetch, then one more"
    );
}

#[tokio::test]
async fn a_token_signed_with_a_key_logto_never_published_is_refused_after_one_fetch_per_sign_in() {
    let app = TestApp::spawn().await;
    sign_in_afresh(&app).await;
    app.logto.misbehave(Misbehaviour::IdTokenUnknownKid);
    for _ in 0..3 {
        app.clear_cookies();
        assert_eq!(app.sign_in().await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.logto.calls(Endpoint::Jwks),
        4,
        "each refusal rests on keys fetched after the token arrived"
    );
}

#[tokio::test]
async fn a_user_refreshed_right_after_a_rotation_stays_signed_in() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    app.logto.rotate_to_rsa();
    let response = app
        .post_form("/refresh", &[("csrf", &csrf_field(&home))])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(app.is_signed_in().await);
    assert_eq!(refresh_grants(&app).len(), 1);
    assert_eq!(app.logto.calls(Endpoint::Jwks), 2);
}

#[tokio::test]
async fn a_key_fetch_failing_during_a_refresh_keeps_the_user_signed_in_and_the_next_refresh_works()
{
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    let csrf = csrf_field(&home);
    app.logto.rotate_to_rsa();
    app.logto.misbehave(Misbehaviour::JwksStatus(503));
    let response = app.post_form("/refresh", &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        app.home().await.contains("Test User"),
        "the page shows, signed in"
    );

    // Logto rotated the refresh token in that answer; had the app dropped it, this refresh would
    // present a used token and Logto would end the whole grant.
    app.logto.clear_misbehaviour();
    let response = app.post_form("/refresh", &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(app.is_signed_in().await);
    let tokens = refresh_grants(&app);
    assert_eq!(tokens.len(), 2);
    assert_ne!(tokens[0], tokens[1], "the rotated refresh token was kept");
    assert_eq!(
        app.logto.calls(Endpoint::Jwks),
        3,
        "the failed fetch, then one more"
    );
}

#[tokio::test]
async fn a_refreshed_id_token_signed_with_a_key_logto_never_published_ends_the_session() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    app.logto.misbehave(Misbehaviour::IdTokenUnknownKid);
    let response = app
        .post_form("/refresh", &[("csrf", &csrf_field(&home))])
        .await;
    assert_error_page(response, StatusCode::UNAUTHORIZED, "Please sign in again").await;
    app.logto.clear_misbehaviour();
    assert!(!app.is_signed_in().await);
}

#[tokio::test]
async fn people_signing_in_while_logto_fails_to_serve_its_keys_share_the_failure_instead_of_each_fetching_again()
 {
    let app = TestApp::spawn().await;
    sign_in_afresh(&app).await;
    let mut browsers = Vec::new();
    for _ in 0..3 {
        browsers.push(Browser::at_logto(&app).await);
    }
    // Their ID tokens name a key the app has not seen, and every fetch of the keys takes a
    // second and then fails: all three tokens arrive while the first fetch is under way.
    app.logto.misbehave(Misbehaviour::IdTokenUnknownKid);
    app.logto.misbehave(Misbehaviour::JwksStatus(503));
    app.logto.misbehave(Misbehaviour::DiscoveryDelay(
        std::time::Duration::from_secs(1),
    ));
    let statuses =
        futures::future::join_all(browsers.iter().map(|b| b.back_at_the_app(&app))).await;
    assert_eq!(statuses, vec![StatusCode::BAD_GATEWAY; 3], "nobody gets in");
    // A token that arrived before a fetch that failed takes that failure as its own answer;
    // only a token that arrived after the fetch began may try once more.
    let fetches = app.logto.calls(Endpoint::Jwks) - 1;
    assert!(
        (1..=2).contains(&fetches),
        "{fetches} key fetches for three tokens"
    );
}
