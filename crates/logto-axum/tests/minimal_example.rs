//! The minimal example (`examples/minimal.rs`), run against the fake Logto as a browser would:
//! sign in, the protected page, an API token, sign out.

#[path = "../examples/minimal.rs"]
#[allow(dead_code)] // its `main`: the test serves `app` itself
mod minimal;

use logto_axum::{
    Logto,
    logto_core::{BaseUrl, LogtoSettings},
};
use logto_fake::{Browser, FakeLogto, TestUser, location};
use reqwest::StatusCode;

const API: &str = "https://api.example.com";

#[tokio::test]
async fn the_minimal_example_signs_in_shows_the_protected_page_gets_a_token_and_signs_out() {
    let fake = FakeLogto::start().await;
    fake.add_api_resource(API);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    fake.register_app(&base);
    let settings = LogtoSettings::builder(
        fake.endpoint(),
        FakeLogto::CLIENT_ID,
        FakeLogto::CLIENT_SECRET,
    )
    .resources([API])
    .build()
    .expect("valid settings");
    let logto = Logto::builder(settings, BaseUrl::parse(&base).expect("an origin"))
        .build()
        .await
        .expect("the SDK starts");
    tokio::spawn(async move { axum::serve(listener, minimal::app(logto)).await });
    let url = |path: &str| format!("{base}{path}");
    let mut browser = Browser::new();

    let home = browser.page(&url("/")).await;
    assert!(home.contains("Sign in"), "{home}");

    // The protected page sends a stranger to sign in, and back to it after.
    let guarded = browser.get(&url("/account")).await;
    assert_eq!(guarded.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&guarded), "/sign-in?return_to=%2Faccount");
    let back = fake.sign_in(&mut browser, &url(&location(&guarded))).await;
    assert_eq!(
        back.status(),
        StatusCode::SEE_OTHER,
        "the callback succeeds"
    );
    assert_eq!(location(&back), "/account");
    let account = browser.get(&url("/account")).await;
    assert_eq!(account.status(), StatusCode::OK);
    let user = TestUser::email_user();
    let email = user.claims["email"].as_str().expect("an email");
    assert!(account.text().await.expect("a page").contains(email));

    let token = browser.page(&url("/api-token")).await;
    assert!(token.contains(&format!("Got a token for {API}")), "{token}");

    // Sign-out: the form with its CSRF token, then Logto's end-session endpoint, then back.
    let home = browser.page(&url("/")).await;
    let csrf = home
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the sign-out form")
        .to_string();
    let out = browser
        .post_form(&url("/sign-out"), &[("csrf", &csrf)])
        .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let back_home = fake.sign_out(&location(&out));
    assert!(back_home.starts_with(&url("/?state=")), "{back_home}");
    let home = browser.page(&back_home).await;
    assert!(home.contains("Sign in"), "signed out: {home}");
}
