//! The minimal example (`examples/minimal.rs`), run against the fake Logto as a browser would:
//! sign in, the protected page, an API token, sign out.

#[path = "../examples/minimal.rs"]
#[allow(dead_code)] // its `main`: the test serves `app` itself
mod minimal;

use std::collections::BTreeMap;

use logto_axum::{
    Logto,
    logto_core::{BaseUrl, LogtoSettings},
};
use logto_fake::{FakeLogto, TestUser};
use reqwest::{StatusCode, header};

const API: &str = "https://api.example.com";

/// Just enough of a browser: keeps cookies (by name; removed at `Max-Age=0`), follows nothing.
struct Browser {
    client: reqwest::Client,
    jar: BTreeMap<String, String>,
}

impl Browser {
    async fn get(&mut self, url: &str) -> reqwest::Response {
        let request = self.client.get(url);
        self.send(request).await
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let cookies: Vec<String> = self.jar.iter().map(|(n, v)| format!("{n}={v}")).collect();
        let response = request
            .header(header::COOKIE, cookies.join("; "))
            .send()
            .await
            .expect("the app answers");
        for set in response.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().expect("ascii");
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            if attributes.contains("Max-Age=0") {
                self.jar.remove(name);
            } else {
                self.jar.insert(name.to_string(), value.to_string());
            }
        }
        response
    }
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("a Location")
        .to_string()
}

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
    let mut browser = Browser {
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client"),
        jar: BTreeMap::new(),
    };

    let home = browser.get(&url("/")).await.text().await.expect("a page");
    assert!(home.contains("Sign in"), "{home}");

    // The protected page sends a stranger to sign in, and back to it after.
    let guarded = browser.get(&url("/account")).await;
    assert_eq!(guarded.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&guarded), "/sign-in?return_to=%2Faccount");
    let to_logto = browser.get(&url(&location(&guarded))).await;
    assert_eq!(to_logto.status(), StatusCode::SEE_OTHER);
    let callback = fake.authorize(&location(&to_logto));
    let back = browser.get(&callback).await;
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

    let token = browser.get(&url("/api-token")).await;
    assert_eq!(token.status(), StatusCode::OK);
    let token = token.text().await.expect("a page");
    assert!(token.contains(&format!("Got a token for {API}")), "{token}");

    // Sign-out: the form with its CSRF token, then Logto's end-session endpoint.
    let home = browser.get(&url("/")).await.text().await.expect("a page");
    let csrf = home
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the sign-out form")
        .to_string();
    let request = browser
        .client
        .post(url("/sign-out"))
        .form(&[("csrf", csrf)]);
    let out = browser.send(request).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(location(&out).starts_with(&format!("{}/session/end?", fake.issuer())));
    let home = browser.get(&url("/")).await.text().await.expect("a page");
    assert!(home.contains("Sign in"), "signed out: {home}");
}
