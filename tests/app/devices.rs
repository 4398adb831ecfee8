//! "Your devices": the user's Logto sessions listed through the Account API, this browser's
//! marked; the identity check Logto asks for first (a password, or a one-time code by email or
//! SMS for users without one); another device signed out from here.

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{
    Endpoint, FakeLogto, TestApp, TestUser, assert_error_page, csrf_field, location,
};

/// The app's default scopes and the one Logto lists sessions for.
const SCOPES: &str = "email phone identities custom_data urn:logto:scope:sessions";
const PASSWORD: &str = "correct horse battery staple";
const PHONE_AGENT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile Safari";
const LAPTOP_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0";

type Jar = Vec<(String, String, String)>;

/// This browser's cookies, to come back to it after another browser has been used.
fn stash(app: &TestApp) -> Jar {
    app.cookies()
}

fn restore(app: &TestApp, jar: &Jar) {
    app.clear_cookies();
    for (name, value, path) in jar {
        app.set_cookie(name, Some(value.clone()), path);
    }
}

/// A tenant that lists sessions (`session` as given) and ends them with their grants; the user
/// signed in on a phone, then on this laptop. Returns the app (as the laptop) and the phone's
/// cookies.
async fn two_devices(session_control: &str, with_sid: bool) -> (TestApp, Jar) {
    two_devices_of(
        TestUser::email_user(),
        Some(PASSWORD),
        session_control,
        with_sid,
    )
    .await
}

/// [`two_devices`] for `user`, who has `password` (or none, like most users who sign in by
/// email or SMS code).
async fn two_devices_of(
    user: TestUser,
    password: Option<&str>,
    session_control: &str,
    with_sid: bool,
) -> (TestApp, Jar) {
    let logto = Arc::new(FakeLogto::start().await);
    if with_sid {
        logto.require_backchannel_session();
    }
    // Password ReadOnly: Logto then says whether the user has one (`hasPassword`).
    logto.set_account_center(
        true,
        json!({ "session": session_control, "password": "ReadOnly" }),
    );
    logto.set_user(user);
    if let Some(password) = password {
        logto.set_password(password);
    }
    let app = TestApp::spawn_with(logto, &[("LOGTO_SCOPES", SCOPES)]).await;
    app.signed_in_home().await;
    app.logto
        .add_signed_in_session("session-phone", PHONE_AGENT, "203.0.113.7");
    let phone = stash(&app);
    app.clear_cookies();
    app.signed_in_home().await;
    app.logto
        .add_signed_in_session("session-laptop", LAPTOP_AGENT, "198.51.100.4");
    (app, phone)
}

/// Through the password page: returns where it sends the browser back to.
async fn verify(app: &TestApp, password: &str) -> reqwest::Response {
    let page = app
        .get("/account/verify?return_to=%2Faccount%2Fdevices")
        .await
        .text()
        .await
        .expect("page");
    let csrf = csrf_field(&page);
    app.post_form(
        "/account/verify",
        &[
            ("csrf", &csrf),
            ("return_to", "/account/devices"),
            ("password", password),
        ],
    )
    .await
}

/// The `<li>` of one session on the devices page.
fn entry<'a>(page: &'a str, uid: &str) -> &'a str {
    let start = page
        .find(&format!("data-session=\"{uid}\""))
        .unwrap_or_else(|| panic!("{uid} is listed: {page}"));
    let rest = &page[start..];
    &rest[..rest.find("</li>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_devices_page_asks_for_the_password_first_and_then_comes_back_to_the_list() {
    let (app, _phone) = two_devices("Edit", true).await;
    let response = app.get("/account/devices").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        "/account/verify?return_to=%2Faccount%2Fdevices"
    );
    let page = app
        .get(&location(&response))
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("type=\"password\""), "{page}");

    let back = verify(&app, PASSWORD).await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&back), "/account/devices");
    let list = app.get("/account/devices").await;
    assert_eq!(list.status(), StatusCode::OK);
    let list = list.text().await.expect("page");
    assert!(list.contains("data-session=\"session-phone\""), "{list}");
    assert!(
        !list.contains(PASSWORD),
        "the password is never written back"
    );
}

#[tokio::test]
async fn each_device_shows_where_and_when_it_signed_in_and_this_browser_is_marked() {
    let (app, _phone) = two_devices("Edit", true).await;
    verify(&app, PASSWORD).await;
    let list = app
        .get("/account/devices")
        .await
        .text()
        .await
        .expect("page");
    let laptop = entry(&list, "session-laptop");
    assert!(laptop.contains("id=\"this-device\""), "{laptop}");
    assert!(laptop.contains(LAPTOP_AGENT), "{laptop}");
    assert!(laptop.contains("198.51.100.4"), "{laptop}");
    assert!(laptop.contains("UTC"), "when it signed in: {laptop}");
    assert!(
        !laptop.contains("end-session"),
        "this browser signs out instead"
    );
    let phone = entry(&list, "session-phone");
    assert!(!phone.contains("this-device"), "{phone}");
    assert!(phone.contains("203.0.113.7"), "{phone}");
    assert!(phone.contains("iPhone"), "{phone}");
    assert!(phone.contains("end-session"), "{phone}");
    assert!(
        !list.contains("cookie-id-of-"),
        "a session's cookie id (its jti) is never shown"
    );
}

#[tokio::test]
async fn ending_the_phones_session_signs_the_phone_out_of_this_app_at_once() {
    let (app, phone) = two_devices("Edit", true).await;
    let laptop = stash(&app);
    verify(&app, PASSWORD).await;
    let list = app
        .get("/account/devices")
        .await
        .text()
        .await
        .expect("page");
    let response = app
        .post_form(
            "/account/devices/end",
            &[("csrf", &csrf_field(&list)), ("session", "session-phone")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/account/devices?ended=1");
    assert_eq!(
        app.logto.ended_sessions(),
        [("session-phone".to_string(), true)],
        "ended at Logto with its grants"
    );
    let after = app
        .get("/account/devices?ended=1")
        .await
        .text()
        .await
        .expect("page");
    assert!(after.contains("id=\"device-ended\""), "{after}");
    assert!(!after.contains("session-phone"), "{after}");

    restore(&app, &phone);
    assert!(!app.is_signed_in().await, "the phone is signed out");
    restore(&app, &laptop);
    assert!(app.is_signed_in().await, "this laptop is not");
}

#[tokio::test]
async fn without_a_sid_the_ended_device_is_signed_out_at_its_next_refresh() {
    let logto = Arc::new(FakeLogto::start().await);
    logto.set_account_center(true, json!({ "session": "Edit" }));
    logto.set_password(PASSWORD);
    let app = TestApp::spawn_with(logto, &[("LOGTO_SCOPES", SCOPES)]).await;
    // The phone's access token is due for a refresh at its next page view.
    app.logto.set_access_token_ttl(1);
    app.sign_in().await;
    app.logto
        .add_signed_in_session("session-phone", PHONE_AGENT, "203.0.113.7");
    let phone = stash(&app);
    app.clear_cookies();
    app.logto.set_access_token_ttl(3600);
    app.signed_in_home().await;
    verify(&app, PASSWORD).await;
    let list = app
        .get("/account/devices")
        .await
        .text()
        .await
        .expect("page");
    let response = app
        .post_form(
            "/account/devices/end",
            &[("csrf", &csrf_field(&list)), ("session", "session-phone")],
        )
        .await;
    assert_eq!(location(&response), "/account/devices?ended=1");

    // A second later its one-second access token is due.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    restore(&app, &phone);
    // Its grant is revoked: the refresh fails, and the phone is told to sign in again.
    let response = app.get("/").await;
    assert_error_page(response, StatusCode::UNAUTHORIZED, "Please sign in again").await;
    assert!(!app.is_signed_in().await);
}

#[tokio::test]
async fn a_wrong_password_shows_logtos_refusal_and_lists_nothing() {
    let (app, _phone) = two_devices("Edit", true).await;
    let response = verify(&app, "tr0ub4dor&3").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = response.text().await.expect("page");
    assert!(page.contains("id=\"logto-message\""), "{page}");
    assert!(
        page.contains("Incorrect account or password."),
        "Logto's words: {page}"
    );
    assert!(
        !page.contains("tr0ub4dor"),
        "the password is not written back"
    );
    let devices = app.get("/account/devices").await;
    assert_eq!(devices.status(), StatusCode::SEE_OTHER, "still unverified");
}

#[tokio::test]
async fn an_expired_identity_check_sends_the_user_to_the_password_page_again() {
    let (app, _phone) = two_devices("Edit", true).await;
    verify(&app, PASSWORD).await;
    assert_eq!(app.get("/account/devices").await.status(), StatusCode::OK);
    // Ten minutes later Logto no longer takes the record.
    app.logto.age_verifications(601);
    let response = app.get("/account/devices").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        "/account/verify?return_to=%2Faccount%2Fdevices"
    );
    assert_eq!(verify(&app, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/account/devices").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn ending_a_session_without_the_forms_csrf_token_is_refused_and_nothing_ends() {
    let (app, phone) = two_devices("Edit", true).await;
    verify(&app, PASSWORD).await;
    for form in [
        vec![("session", "session-phone")],
        vec![("csrf", "forged"), ("session", "session-phone")],
    ] {
        let response = app.post_form("/account/devices/end", &form).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    assert!(app.logto.ended_sessions().is_empty());
    restore(&app, &phone);
    assert!(app.is_signed_in().await, "the phone is still signed in");
}

#[tokio::test]
async fn a_password_posted_without_the_csrf_token_is_not_sent_to_logto() {
    let (app, _phone) = two_devices("Edit", true).await;
    let response = app
        .post_form(
            "/account/verify",
            &[("return_to", "/account/devices"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.logto.calls(crate::helpers::Endpoint::Verification), 0);
}

#[tokio::test]
async fn with_sessions_read_only_the_devices_are_listed_without_end_buttons() {
    let (app, _phone) = two_devices("ReadOnly", true).await;
    verify(&app, PASSWORD).await;
    let list = app
        .get("/account/devices")
        .await
        .text()
        .await
        .expect("page");
    assert!(list.contains("data-session=\"session-phone\""), "{list}");
    assert!(!list.contains("end-session"), "{list}");
    // A forged form with the right token: Logto refuses, in its words.
    let csrf = csrf_field(&app.home().await);
    let response = app
        .post_form(
            "/account/devices/end",
            &[("csrf", &csrf), ("session", "session-phone")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = response.text().await.expect("page");
    assert!(page.contains("Field is not editable."), "{page}");
    assert!(app.logto.ended_sessions().is_empty());
}

#[tokio::test]
async fn without_the_sessions_scope_the_page_says_which_scope_to_add() {
    let logto = Arc::new(FakeLogto::start().await);
    logto.set_account_center(true, json!({ "session": "Edit" }));
    let app = TestApp::spawn_with(logto, &[]).await;
    let home = app.signed_in_home().await;
    assert!(home.contains("id=\"account-devices\""), "{home}");
    let response = app.get("/account/devices").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let page = response.text().await.expect("page");
    assert!(page.contains("urn:logto:scope:sessions"), "{page}");
    assert!(page.contains("LOGTO_SCOPES"), "{page}");
}

#[tokio::test]
async fn with_sessions_off_the_signed_in_page_has_no_devices_link() {
    let logto = Arc::new(FakeLogto::start().await);
    logto.set_account_center(true, json!({ "name": "Edit" }));
    let app = TestApp::spawn_with(logto, &[("LOGTO_SCOPES", SCOPES)]).await;
    let home = app.signed_in_home().await;
    assert!(!home.contains("id=\"account-devices\""), "{home}");
}

#[tokio::test]
async fn the_setup_page_and_the_readme_say_how_to_turn_on_your_devices() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    let _server = crate::helpers::serve(
        listener,
        crate::helpers::config(&[
            ("APP_BASE_URL", "http://localhost:3000"),
            ("SESSION_STORE", "memory"),
        ]),
    )
    .await;
    let page = reqwest::get(format!("http://{addr}/"))
        .await
        .expect("the setup page")
        .text()
        .await
        .expect("a page");
    assert!(page.contains("id=\"devices-hint\""), "{page}");
    assert!(page.contains("urn:logto:scope:sessions"), "{page}");
    let readme = include_str!("../../README.md");
    assert!(readme.contains("urn:logto:scope:sessions"));
    assert!(readme.contains("/account/devices"));
}

#[tokio::test]
async fn the_identity_check_is_kept_in_an_httponly_cookie_that_opens_only_for_its_own_session() {
    let (app, phone) = two_devices("Edit", true).await;
    let response = verify(&app, PASSWORD).await;
    let set_cookie: Vec<String> = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .filter(|c| c.starts_with("logto_app_verified="))
        .collect();
    assert_eq!(set_cookie.len(), 1, "{set_cookie:?}");
    let cookie = &set_cookie[0];
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/account", "Max-Age=570"] {
        assert!(cookie.contains(flag), "{flag}: {cookie}");
    }
    assert!(!cookie.contains(PASSWORD));
    let (_, value, _) = app
        .cookies()
        .into_iter()
        .find(|(name, _, _)| name == "logto_app_verified")
        .expect("the browser keeps it");
    // Copied into the phone's session (the same user), it does not open: the phone is asked
    // for the password.
    restore(&app, &phone);
    app.set_cookie("logto_app_verified", Some(value), "/account");
    let response = app.get("/account/devices").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/account/verify?"));
}

const EMAIL: &str = "test.user@example.com";
const PHONE: &str = "15555550199";

/// The verify page, as the devices page sends the user there.
async fn verify_page(app: &TestApp) -> String {
    app.get("/account/verify?return_to=%2Faccount%2Fdevices")
        .await
        .text()
        .await
        .expect("page")
}

/// "Send a code to …" (`via` is `email` or `phone`).
async fn send_code(app: &TestApp, via: &str) -> reqwest::Response {
    let csrf = csrf_field(&verify_page(app).await);
    app.post_form(
        "/account/verify/code/send",
        &[
            ("csrf", &csrf),
            ("return_to", "/account/devices"),
            ("via", via),
        ],
    )
    .await
}

/// The code form, with `code`.
async fn type_code(app: &TestApp, code: &str) -> reqwest::Response {
    let csrf = csrf_field(&verify_page(app).await);
    app.post_form(
        "/account/verify/code",
        &[
            ("csrf", &csrf),
            ("return_to", "/account/devices"),
            ("code", code),
        ],
    )
    .await
}

fn wrong(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

#[tokio::test]
async fn a_user_without_a_password_verifies_with_a_code_sent_to_their_email_and_sees_their_devices()
{
    let (app, _phone) = two_devices_of(TestUser::email_user(), None, "Edit", true).await;
    let response = app.get("/account/devices").await;
    assert_eq!(
        location(&response),
        "/account/verify?return_to=%2Faccount%2Fdevices"
    );
    let page = verify_page(&app).await;
    assert!(page.contains("id=\"send-code-email\""), "{page}");
    assert!(page.contains("t•••@example.com"), "masked: {page}");
    assert!(
        !page.contains(EMAIL),
        "the whole address is not shown: {page}"
    );

    let sent = send_code(&app, "email").await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&sent),
        "/account/verify?return_to=%2Faccount%2Fdevices"
    );
    let page = verify_page(&app).await;
    assert!(page.contains("id=\"code-form\""), "{page}");
    assert!(page.contains("t•••@example.com"), "{page}");

    let code = app
        .logto
        .last_verification_code(EMAIL)
        .expect("a code was sent");
    let back = type_code(&app, &code).await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&back), "/account/devices");
    let list = app.get("/account/devices").await;
    assert_eq!(list.status(), StatusCode::OK);
    let list = list.text().await.expect("page");
    assert!(list.contains("data-session=\"session-phone\""), "{list}");
    assert!(!list.contains(&code), "the code is never written back");
}

#[tokio::test]
async fn a_wrong_code_is_refused_in_logtos_words_and_nothing_is_listed() {
    let (app, _phone) = two_devices_of(TestUser::email_user(), None, "Edit", true).await;
    send_code(&app, "email").await;
    let code = app
        .logto
        .last_verification_code(EMAIL)
        .expect("a code was sent");
    let response = type_code(&app, wrong(&code)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = response.text().await.expect("page");
    assert!(page.contains("id=\"logto-message\""), "{page}");
    assert!(
        page.contains("Invalid verification code."),
        "Logto's words: {page}"
    );
    assert!(!page.contains(wrong(&code)), "the code is not written back");
    assert!(
        page.contains("id=\"code-form\""),
        "the user can type it again: {page}"
    );
    let devices = app.get("/account/devices").await;
    assert_eq!(devices.status(), StatusCode::SEE_OTHER, "still unverified");
    // The right code still works after a typo.
    assert_eq!(location(&type_code(&app, &code).await), "/account/devices");
    assert_eq!(app.get("/account/devices").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_expired_code_is_refused_in_logtos_words_and_a_new_one_can_be_sent() {
    let (app, _phone) = two_devices_of(TestUser::email_user(), None, "Edit", true).await;
    send_code(&app, "email").await;
    let code = app
        .logto
        .last_verification_code(EMAIL)
        .expect("a code was sent");
    // Past Logto's ten minutes, but the app's cookie still holds the pending record.
    app.logto.age_verifications(601);
    let response = type_code(&app, &code).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = response.text().await.expect("page");
    assert!(page.contains("Verification code has expired."), "{page}");
    assert!(page.contains("id=\"send-code-email\""), "{page}");
    assert_eq!(
        app.get("/account/devices").await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_code_posted_without_the_csrf_token_is_refused_and_not_sent_to_logto() {
    let (app, _phone) = two_devices_of(TestUser::email_user(), None, "Edit", true).await;
    let forged = app
        .post_form(
            "/account/verify/code/send",
            &[("return_to", "/account/devices"), ("via", "email")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.logto.calls(Endpoint::VerificationCode),
        0,
        "nothing sent"
    );

    send_code(&app, "email").await;
    let code = app
        .logto
        .last_verification_code(EMAIL)
        .expect("a code was sent");
    for form in [
        vec![("return_to", "/account/devices"), ("code", code.as_str())],
        vec![
            ("csrf", "forged"),
            ("return_to", "/account/devices"),
            ("code", code.as_str()),
        ],
    ] {
        let response = app.post_form("/account/verify/code", &form).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        app.logto.calls(Endpoint::VerificationCode),
        1,
        "only the send reached Logto"
    );
    assert_eq!(
        app.get("/account/devices").await.status(),
        StatusCode::SEE_OTHER,
        "still unverified"
    );
}

#[tokio::test]
async fn the_password_form_is_offered_only_to_a_user_who_has_a_password() {
    let (app, _phone) = two_devices_of(TestUser::email_user(), None, "Edit", true).await;
    let page = verify_page(&app).await;
    assert!(!page.contains("type=\"password\""), "{page}");
    assert!(!page.contains("id=\"verify-form\""), "{page}");
    assert!(page.contains("id=\"send-code-email\""), "{page}");

    let (app, _phone) = two_devices("Edit", true).await;
    let page = verify_page(&app).await;
    assert!(page.contains("type=\"password\""), "{page}");
    assert!(
        page.contains("id=\"send-code-email\""),
        "a code too: {page}"
    );
}

#[tokio::test]
async fn when_logto_does_not_say_whether_the_user_has_a_password_the_form_is_offered_with_the_code()
{
    // Password Off in the Account Center: Logto leaves `hasPassword` out of the account.
    let logto = Arc::new(FakeLogto::start().await);
    logto.set_account_center(true, json!({ "session": "Edit" }));
    let app = TestApp::spawn_with(logto, &[("LOGTO_SCOPES", SCOPES)]).await;
    app.signed_in_home().await;
    let page = verify_page(&app).await;
    assert!(page.contains("type=\"password\""), "{page}");
    assert!(page.contains("id=\"send-code-email\""), "{page}");
}

#[tokio::test]
async fn a_user_with_only_a_phone_verifies_with_an_sms_code() {
    let (app, _phone) = two_devices_of(TestUser::phone_user(), None, "Edit", true).await;
    let page = verify_page(&app).await;
    assert!(page.contains("id=\"send-code-phone\""), "{page}");
    assert!(page.contains("•••0199"), "masked: {page}");
    assert!(
        !page.contains("send-code-email"),
        "no email to send to: {page}"
    );
    assert!(!page.contains("type=\"password\""), "{page}");

    assert_eq!(
        send_code(&app, "phone").await.status(),
        StatusCode::SEE_OTHER
    );
    // An email the account does not have is not sent to, whatever the form says.
    assert_eq!(
        send_code(&app, "email").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.logto.calls(Endpoint::VerificationCode), 1);
    let code = app
        .logto
        .last_verification_code(PHONE)
        .expect("an SMS was sent");
    assert_eq!(location(&type_code(&app, &code).await), "/account/devices");
    let list = app
        .get("/account/devices")
        .await
        .text()
        .await
        .expect("page");
    assert!(list.contains("data-session=\"session-phone\""), "{list}");
}

#[tokio::test]
async fn the_awaited_codes_cookie_does_not_open_in_another_session_and_never_holds_the_code() {
    let (app, phone) = two_devices_of(TestUser::email_user(), None, "Edit", true).await;
    let response = send_code(&app, "email").await;
    let set_cookie: Vec<String> = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .filter(|c| c.starts_with("logto_app_code_sent="))
        .collect();
    assert_eq!(set_cookie.len(), 1, "{set_cookie:?}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/account"] {
        assert!(set_cookie[0].contains(flag), "{flag}: {}", set_cookie[0]);
    }
    let code = app
        .logto
        .last_verification_code(EMAIL)
        .expect("a code was sent");
    assert!(!set_cookie[0].contains(&code), "the code is not kept");
    let (_, value, _) = app
        .cookies()
        .into_iter()
        .find(|(name, _, _)| name == "logto_app_code_sent")
        .expect("the browser keeps it");
    // Copied into the phone's session (the same user), with the right code: nothing is
    // awaited there, so nothing reaches Logto and the phone is still asked to verify.
    restore(&app, &phone);
    app.set_cookie("logto_app_code_sent", Some(value), "/account");
    let page = verify_page(&app).await;
    assert!(!page.contains("id=\"code-form\""), "{page}");
    let response = type_code(&app, &code).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/account/verify?"));
    assert_eq!(
        app.logto.calls(Endpoint::VerificationCode),
        1,
        "only the send"
    );
    assert_eq!(
        app.get("/account/devices").await.status(),
        StatusCode::SEE_OTHER
    );
}
