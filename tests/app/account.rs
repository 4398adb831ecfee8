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

#[tokio::test]
async fn the_user_sets_an_https_avatar_and_the_signed_in_page_shows_it() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(true, json!({ "avatar": "Edit" }));
    let home = app.signed_in_home().await;
    assert!(home.contains("id=\"account-profile\""), "{home}");
    let page = app
        .get("/account/profile")
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("id=\"profile-avatar\""), "{page}");
    let csrf = crate::helpers::csrf_field(&page);
    let response = app
        .post_form(
            "/account/profile",
            &[
                ("csrf", &csrf),
                ("avatar", "https://cdn.example.com/ada.png"),
            ],
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
    assert!(
        back.contains("src=\"https://cdn.example.com/ada.png\""),
        "{back}"
    );
    assert!(back.contains("Your picture changed."), "{back}");
}

#[tokio::test]
async fn an_avatar_that_is_not_https_is_refused_before_logto_is_asked() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(true, json!({ "avatar": "Edit" }));
    app.signed_in_home().await;
    let page = app
        .get("/account/profile")
        .await
        .text()
        .await
        .expect("page");
    let csrf = crate::helpers::csrf_field(&page);
    let calls = app.logto.calls(crate::helpers::Endpoint::MyAccount);
    for avatar in [
        "http://cdn.example.com/ada.png",
        "javascript:alert(1)",
        "\"><script>alert(1)</script>",
    ] {
        let response = app
            .post_form("/account/profile", &[("csrf", &csrf), ("avatar", avatar)])
            .await;
        assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST);
        let page = response.text().await.expect("page");
        assert!(page.contains("must be an https:// address"), "{page}");
        assert!(!page.contains("<script>alert"), "{page}");
    }
    assert_eq!(
        app.logto.calls(crate::helpers::Endpoint::MyAccount),
        calls,
        "nothing sent"
    );
}

#[tokio::test]
async fn profile_fields_the_tenant_sets_to_edit_are_saved_and_shown_again() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(true, json!({ "profile": "Edit" }));
    app.signed_in_home().await;
    let page = app
        .get("/account/profile")
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("name=\"givenName\""), "{page}");
    assert!(
        !page.contains("id=\"profile-avatar\""),
        "avatar is Off: {page}"
    );
    let csrf = crate::helpers::csrf_field(&page);
    let response = app
        .post_form(
            "/account/profile",
            &[
                ("csrf", &csrf),
                ("givenName", "Ada"),
                ("familyName", "Lovelace"),
                ("website", "https://ada.example.com"),
            ],
        )
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    assert_eq!(
        crate::helpers::location(&response),
        "/account/profile?saved=1"
    );
    let page = app
        .get("/account/profile?saved=1")
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("id=\"profile-saved\""), "{page}");
    assert!(page.contains("value=\"Lovelace\""), "{page}");
    assert!(page.contains("value=\"https://ada.example.com\""), "{page}");
}

#[tokio::test]
async fn a_field_not_set_to_edit_has_no_input_and_a_forged_post_is_refused_in_logtos_words() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(true, json!({ "avatar": "Edit", "profile": "ReadOnly" }));
    app.signed_in_home().await;
    let page = app
        .get("/account/profile")
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("id=\"profile-avatar\""), "{page}");
    assert!(!page.contains("name=\"givenName\""), "read-only: {page}");
    let csrf = crate::helpers::csrf_field(&page);
    let response = app
        .post_form(
            "/account/profile",
            &[("csrf", &csrf), ("givenName", "Mallory")],
        )
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST);
    let page = response.text().await.expect("page");
    assert!(page.contains("id=\"logto-message\""), "{page}");
    assert!(page.contains("Field is not editable."), "{page}");
}

#[tokio::test]
async fn a_profile_form_without_the_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    app.logto
        .set_account_center(true, json!({ "avatar": "Edit" }));
    app.signed_in_home().await;
    let response = app
        .post_form(
            "/account/profile",
            &[("avatar", "https://evil.example/x.png")],
        )
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::FORBIDDEN);
    assert!(!app.home().await.contains("evil.example"));
}
