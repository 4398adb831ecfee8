use reqwest::StatusCode;

use crate::helpers::{
    Endpoint, FakeLogto, TestApp, TestUser, assert_error_page, location, param, query_pairs,
};

/// Logto's own parameters: one invalid value among them makes Logto drop all of them.
const LOGTO_PARAMS: [&str; 6] = [
    "first_screen",
    "identifier",
    "direct_sign_in",
    "login_hint",
    "organization_id",
    "interaction_mode",
];

#[tokio::test]
async fn each_sign_in_method_redirects_to_logto_with_exactly_the_right_parameters() {
    let app = TestApp::spawn().await;
    let cases: [(&str, &[(&str, &str)]); 7] = [
        ("", &[]),
        (
            "method=email",
            &[
                ("first_screen", "identifier:sign_in"),
                ("identifier", "email"),
            ],
        ),
        (
            "method=phone",
            &[
                ("first_screen", "identifier:sign_in"),
                ("identifier", "phone"),
            ],
        ),
        (
            "method=huggingface",
            &[("direct_sign_in", "social:huggingface")],
        ),
        ("mode=sign-up", &[("first_screen", "register")]),
        (
            "mode=sign-up&method=email",
            &[
                ("first_screen", "identifier:register"),
                ("identifier", "email"),
            ],
        ),
        (
            "method=email&login_hint=ada%40example.com",
            &[
                ("first_screen", "identifier:sign_in"),
                ("identifier", "email"),
                ("login_hint", "ada@example.com"),
            ],
        ),
    ];
    for (query, expected) in cases {
        let location = app.begin_sign_in(query).await;
        assert!(
            location.starts_with(&format!("{}/auth?", app.logto.issuer())),
            "{query}: goes to Logto's /oidc/auth"
        );
        let pairs = query_pairs(&location);
        let logto_params: Vec<(&str, &str)> = pairs
            .iter()
            .filter(|(k, _)| LOGTO_PARAMS.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(logto_params, expected, "{query}: Logto's parameters");

        assert_eq!(param(&pairs, "response_type").as_deref(), Some("code"));
        assert_eq!(
            param(&pairs, "client_id").as_deref(),
            Some(FakeLogto::CLIENT_ID)
        );
        assert_eq!(param(&pairs, "redirect_uri"), Some(app.url("/callback")));
        assert_eq!(
            param(&pairs, "prompt").as_deref(),
            Some("consent"),
            "consent, so Logto issues a refresh token"
        );
        assert_eq!(
            param(&pairs, "code_challenge_method").as_deref(),
            Some("S256")
        );
        assert_eq!(param(&pairs, "code_challenge").map(|c| c.len()), Some(43));
        assert!(param(&pairs, "state").is_some_and(|s| s.len() >= 16));
        assert!(param(&pairs, "nonce").is_some_and(|s| s.len() >= 16));
        assert_eq!(
            param(&pairs, "scope").as_deref(),
            Some("openid profile offline_access email phone identities custom_data")
        );
        assert_eq!(
            pairs.iter().filter(|(k, _)| k == "client_secret").count(),
            0,
            "the secret never goes to the browser"
        );
    }
}

#[tokio::test]
async fn the_browsers_languages_are_sent_as_ui_locales_and_resources_as_resource() {
    let app = TestApp::spawn_with(
        std::sync::Arc::new(FakeLogto::start().await),
        &[(
            "LOGTO_RESOURCES",
            "https://api.example.com https://billing.example.com",
        )],
    )
    .await;
    let response = app
        .send(
            app.client
                .get(app.url("/sign-in"))
                .header("accept-language", "pt-BR,pt;q=0.9,en;q=0.5,<script>"),
        )
        .await;
    let pairs = query_pairs(&location(&response));
    assert_eq!(param(&pairs, "ui_locales").as_deref(), Some("pt-BR pt en"));
    let resources: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "resource")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        resources,
        ["https://api.example.com", "https://billing.example.com"]
    );
}

#[tokio::test]
async fn values_logto_would_reject_are_refused_before_reaching_logto() {
    let app = TestApp::spawn().await;
    for query in [
        "method=google",
        "mode=register",
        "method=email&login_hint=not-an-email",
        "method=phone&login_hint=ada%40example.com",
        "method=email&method=phone",
    ] {
        let response = app.get(&format!("/sign-in?{query}")).await;
        assert_error_page(response, StatusCode::BAD_REQUEST, "not valid").await;
    }
    assert_eq!(app.logto.calls(Endpoint::Authorize), 0);
    assert_eq!(
        app.session_cookie(),
        None,
        "a refused sign-in stores nothing"
    );
}

#[tokio::test]
async fn a_full_sign_in_shows_the_user_on_the_home_page() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    assert!(home.contains("Test User"));
    assert!(home.contains("@testuser"));
    assert!(home.contains("test.user@example.com <span class=\"badge ok\">verified</span>"));
    assert!(home.contains("15555550123 <span class=\"badge ok\">verified</span>"));
    // created_at 1795334225501 ms: a real date, not the year 58000.
    assert!(
        home.contains("2026-11-22"),
        "dates from Logto's milliseconds: {home}"
    );
    assert!(
        home.contains("held on the server"),
        "a refresh token was issued"
    );
    assert!(!home.contains("eyJ"), "no token ever reaches the page");
}

#[tokio::test]
async fn a_sign_in_after_warm_up_costs_exactly_two_calls_to_logto() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let before: Vec<usize> = [
        Endpoint::Discovery,
        Endpoint::Jwks,
        Endpoint::Token,
        Endpoint::Userinfo,
    ]
    .map(|e| app.logto.calls(e))
    .to_vec();

    app.clear_cookies();
    app.signed_in_home().await;
    let after: Vec<usize> = [
        Endpoint::Discovery,
        Endpoint::Jwks,
        Endpoint::Token,
        Endpoint::Userinfo,
    ]
    .map(|e| app.logto.calls(e))
    .to_vec();
    assert_eq!(after[0] - before[0], 0, "no discovery");
    assert_eq!(after[1] - before[1], 0, "no key fetch");
    assert_eq!(after[2] - before[2], 1, "one token call");
    assert_eq!(after[3] - before[3], 1, "one userinfo call");
}

#[tokio::test]
async fn three_sign_ins_started_in_three_tabs_all_complete() {
    let app = TestApp::spawn().await;
    let tabs = [
        app.begin_sign_in("").await,
        app.begin_sign_in("method=email").await,
        app.begin_sign_in("method=phone").await,
    ];
    let callbacks: Vec<String> = tabs.iter().map(|url| app.logto.authorize(url)).collect();
    // They come back in another order than they left.
    for index in [1, 2, 0] {
        let response = app.callback(&callbacks[index]).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "tab {index} completes"
        );
        assert!(app.is_signed_in().await);
    }
}

#[tokio::test]
async fn a_hugging_face_user_sees_the_linked_identity_from_userinfo() {
    let app = TestApp::spawn().await;
    app.logto.set_user(TestUser::huggingface_user());
    let home = app.signed_in_home().await;
    assert!(home.contains("data-provider=\"huggingface\""), "{home}");
    assert!(home.contains("Hugging Face"));
    assert!(home.contains("https://example.invalid/hf.png"));
    assert!(
        home.contains("id=\"user-email\"><span class=\"muted\">none</span>"),
        "no email, and none invented"
    );
}

#[tokio::test]
async fn users_without_email_or_name_are_still_greeted_properly() {
    let app = TestApp::spawn().await;
    app.logto.set_user(TestUser::phone_user());
    let home = app.signed_in_home().await;
    assert!(home.contains("id=\"user-email\"><span class=\"muted\">none</span>"));
    assert!(home.contains("<span class=\"badge ok\">verified</span>"));

    let app = TestApp::spawn().await;
    app.logto.set_user(TestUser::username_only_user());
    let home = app.signed_in_home().await;
    assert!(
        home.contains("<h1 id=\"user-name\">solo_user</h1>"),
        "{home}"
    );
}

#[tokio::test]
async fn return_to_brings_the_user_back_to_a_page_on_this_site() {
    let app = TestApp::spawn().await;
    let authorize = app.begin_sign_in("return_to=%2F%3Ftab%3Dprofile").await;
    let response = app.callback(&app.logto.authorize(&authorize)).await;
    assert_eq!(location(&response), "/?tab=profile");
}

#[tokio::test]
async fn return_to_that_leaves_the_site_is_never_followed() {
    let app = TestApp::spawn().await;
    for attack in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "%2F%2509%2Fevil.example",
        "%2F%252F%252Fevil.example",
        "%2F%09%2Fevil.example",
        "javascript%3Aalert(1)",
        // Dot segments that normalise to `//evil.example`.
        "%2F.%2F%2Fevil.example",
        "%2Fa%2F..%2F%2Fevil.example",
        "%2F%252e%2F%2Fevil.example",
        "%2F..%2F%252fevil.example",
    ] {
        app.clear_cookies();
        let authorize = app.begin_sign_in(&format!("return_to={attack}")).await;
        let response = app.callback(&app.logto.authorize(&authorize)).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/", "{attack} must not be followed");
    }
}

#[tokio::test]
async fn sign_in_before_logto_is_set_up_answers_503_with_the_setup_guidance() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = crate::helpers::serve(
        listener,
        crate::helpers::config(&[("APP_BASE_URL", &base), ("SESSION_STORE", "memory")]),
    )
    .await;
    let client = crate::helpers::client();
    let home = client.get(format!("{base}/")).send().await.expect("home");
    assert_eq!(home.status(), StatusCode::OK);
    let home = home.text().await.expect("body");
    assert!(home.contains("Traditional web"));
    assert!(home.contains(&format!("<code id=\"redirect-uri\">{base}/callback</code>")));
    assert!(home.contains(&format!("<code id=\"post-sign-out-uri\">{base}/</code>")));
    assert!(home.contains(&format!(
        "<code id=\"backchannel-logout-uri\">{base}/backchannel-logout</code>"
    )));

    let sign_in = client
        .get(format!("{base}/sign-in"))
        .send()
        .await
        .expect("sign-in");
    assert_eq!(sign_in.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        sign_in
            .text()
            .await
            .expect("body")
            .contains(&format!("{base}/callback"))
    );
    let ready = client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    server.abort();
}
