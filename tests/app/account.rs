//! "Manage your account": links to Logto's Account Center for what the tenant lets users change,
//! and, back from it, the profile read again with what changed.

use serde_json::json;

use crate::helpers::{TestApp, TestUser};

#[tokio::test]
async fn with_the_account_center_off_the_signed_in_page_offers_no_account_links() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(false, json!({ "email": "Edit" }));
    let home = app.signed_in_home().await;
    assert!(!home.contains("id=\"manage-account\""), "{home}");
}

#[tokio::test]
async fn links_go_to_the_account_center_pages_the_tenant_allows_and_come_back_here() {
    let app = TestApp::spawn().await;
    app.logto.set_account_center(
        true,
        json!({ "email": "Edit", "phone": "ReadOnly", "password": "Edit", "mfa": "Off" }),
    );
    let home = app.signed_in_home().await;
    assert!(home.contains("id=\"manage-account\""), "{home}");
    let back = format!("{}/?account=updated", app.base);
    let back: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
    assert!(
        home.contains(&format!(
            "href=\"{}/account/email?redirect={back}\"",
            app.logto.endpoint()
        )),
        "{home}"
    );
    assert!(home.contains("id=\"account-password\""));
    assert!(!home.contains("id=\"account-phone\""), "read-only: no link");
    assert!(!home.contains("id=\"account-two-step\""), "off: no link");
}

#[tokio::test]
async fn back_from_the_account_center_the_profile_is_read_again_and_the_change_is_named() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(true, json!({ "email": "Edit" }));
    app.signed_in_home().await;
    // At Logto's Account Center, the user changes their email.
    app.logto
        .set_user(TestUser::email_user().with_claim("email", json!("new.address@example.com")));
    let back = app
        .get("/?account=updated")
        .await
        .text()
        .await
        .expect("page");
    assert!(back.contains("id=\"account-changes\""), "{back}");
    assert!(back.contains("Your email changed."), "{back}");
    assert!(back.contains("new.address@example.com"), "{back}");

    let again = app
        .get("/?account=updated")
        .await
        .text()
        .await
        .expect("page");
    assert!(again.contains("Your account is as it was."), "{again}");
}

#[tokio::test]
async fn a_logto_that_cannot_answer_the_settings_is_asked_once_not_at_every_page_view() {
    let app = TestApp::spawn().await;
    app.logto
        .misbehave(crate::helpers::Misbehaviour::AccountCenterStatus(503));
    app.signed_in_home().await;
    for _ in 0..5 {
        let home = app.home().await;
        assert!(!home.contains("id=\"manage-account\""));
    }
    assert_eq!(
        app.logto.calls(crate::helpers::Endpoint::AccountCenter),
        1,
        "read once, and again only after five minutes"
    );
}

#[tokio::test]
async fn the_user_renames_themselves_in_the_app_and_the_page_says_so() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(true, json!({ "name": "Edit" }));
    let home = app.signed_in_home().await;
    assert!(home.contains("id=\"name-form\""), "{home}");
    let csrf = crate::helpers::csrf_field(&home);
    let response = app
        .post_form(
            "/account/name",
            &[("csrf", &csrf), ("name", "Ada Lovelace")],
        )
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&response), "/?account=updated");
    let back = app
        .get("/?account=updated")
        .await
        .text()
        .await
        .expect("page");
    assert!(back.contains("Your name changed."), "{back}");
    assert!(back.contains("Ada Lovelace"), "{back}");
}

#[tokio::test]
async fn a_name_logto_keeps_read_only_is_refused_in_logtos_words_and_unchanged() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(true, json!({ "name": "ReadOnly" }));
    let home = app.signed_in_home().await;
    assert!(
        !home.contains("id=\"name-form\""),
        "no form for a read-only name"
    );
    // A form posted all the same (an old tab, a forged request with the right token).
    let csrf = crate::helpers::csrf_field(&home);
    let response = app
        .post_form("/account/name", &[("csrf", &csrf), ("name", "Mallory")])
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST);
    let page = response.text().await.expect("page");
    assert!(page.contains("id=\"logto-message\""), "{page}");
    assert!(page.contains("Logto did not make the change"), "{page}");
    assert!(!app.home().await.contains("Mallory"));
}
