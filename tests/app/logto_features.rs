//! What Logto offers a web app beyond "signed in": API resource and organization tokens, the
//! full profile, and its sign-in experience options.

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{FakeLogto, Misbehaviour, TestApp, TestUser, param, query_pairs};

const API: &str = "https://api.example.com";
const ORGANIZATION_SCOPES: &str = "email phone identities custom_data roles urn:logto:scope:organizations urn:logto:scope:organization_roles";

use crate::helpers::csrf_field as csrf;

fn grants_with(app: &TestApp, field: &str) -> usize {
    app.logto
        .token_requests()
        .iter()
        .filter(|r| r.form_value(field).is_some())
        .count()
}

#[tokio::test]
async fn an_api_resource_token_is_shown_decoded_and_reused_until_near_expiry() {
    let app = TestApp::spawn_with(
        Arc::new(FakeLogto::start().await),
        &[("LOGTO_RESOURCES", API)],
    )
    .await;
    let home = app.signed_in_home().await;
    let authorization = app.logto.last_authorization().expect("authorization");
    assert!(
        authorization.contains(&("resource".to_string(), API.to_string())),
        "asked for at sign-in"
    );
    assert!(home.contains(&format!("data-resource=\"{API}\"")));

    for _ in 0..2 {
        let response = app
            .post_form("/api-token", &[("csrf", &csrf(&home)), ("resource", API)])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(
        grants_with(&app, "resource"),
        1,
        "the second click reuses the cached token"
    );
    let page = app.home().await;
    assert!(
        page.contains(&format!("<dd class=\"token-audience\">{API}</dd>")),
        "{page}"
    );
    assert!(page.contains("expires in 59 minutes") || page.contains("expires in 60 minutes"));
    assert!(
        !page.contains("eyJ"),
        "the token itself never reaches the page"
    );
}

#[tokio::test]
async fn an_api_the_user_may_not_use_shows_logtos_answer_and_keeps_the_session() {
    let app = TestApp::spawn_with(
        Arc::new(FakeLogto::start().await),
        &[("LOGTO_RESOURCES", API)],
    )
    .await;
    let home = app.signed_in_home().await;
    app.logto.misbehave(Misbehaviour::ResourceInvalidTarget);
    app.post_form("/api-token", &[("csrf", &csrf(&home)), ("resource", API)])
        .await;
    let page = app.home().await;
    assert!(
        page.contains("Logto answered: <code>invalid_target"),
        "{page}"
    );
    app.logto.clear_misbehaviour();
    // The refresh token still works: the refusal did not use it up.
    let response = app.post_form("/refresh", &[("csrf", &csrf(&page))]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(app.is_signed_in().await);
}

#[tokio::test]
async fn tokens_are_only_for_configured_apis_and_the_users_own_organizations() {
    let app = TestApp::spawn_with(
        Arc::new(FakeLogto::start().await),
        &[("LOGTO_RESOURCES", API)],
    )
    .await;
    let home = app.signed_in_home().await;
    for (name, value) in [
        ("resource", "https://other.example.com"),
        ("organization_id", "not-mine"),
    ] {
        let response = app
            .post_form("/api-token", &[("csrf", &csrf(&home)), (name, value)])
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{name}={value}");
    }
    let forged = app
        .post_form("/api-token", &[("csrf", "forged"), ("resource", API)])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        grants_with(&app, "resource") + grants_with(&app, "organization_id"),
        0
    );
}

#[tokio::test]
async fn organizations_and_their_roles_are_listed_and_an_organization_token_can_be_had() {
    let logto = Arc::new(FakeLogto::start().await);
    logto.set_user(
        TestUser::email_user()
            .with_claim("organizations", json!(["org1", "org2"]))
            .with_claim(
                "organization_roles",
                json!(["org1:admin", "org1:viewer", "org2:member"]),
            ),
    );
    let app = TestApp::spawn_with(logto, &[("LOGTO_SCOPES", ORGANIZATION_SCOPES)]).await;
    let home = app.signed_in_home().await;
    let authorization = app.logto.last_authorization().expect("authorization");
    assert!(
        authorization.contains(&(
            "resource".to_string(),
            "urn:logto:resource:organizations".to_string()
        )),
        "organization tokens need Logto's organizations resource at sign-in"
    );
    assert!(home.contains("data-organization=\"org1\""));
    assert!(home.contains("roles: admin, viewer"));
    assert!(home.contains("roles: member"));

    let response = app
        .post_form(
            "/api-token",
            &[("csrf", &csrf(&home)), ("organization_id", "org1")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let grant = app
        .logto
        .token_requests()
        .into_iter()
        .find(|r| r.form_value("organization_id").is_some())
        .expect("an organization grant");
    assert_eq!(grant.form_value("grant_type"), Some("refresh_token"));
    assert_eq!(grant.form_value("organization_id"), Some("org1"));
    assert!(app.home().await.contains("class=\"token-audience\""));
}

#[tokio::test]
async fn refresh_profile_reads_userinfo_again() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    assert!(!home.contains("user-custom-data"));
    app.logto.set_user(
        TestUser::email_user()
            .with_userinfo_claim("custom_data", json!({"plan": "pro", "seats": 5})),
    );
    let response = app
        .post_form("/profile/refresh", &[("csrf", &csrf(&home))])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = app.home().await;
    assert!(
        page.contains("<pre id=\"user-custom-data\">{\n  &#34;plan&#34;: &#34;pro&#34;"),
        "pretty-printed: {page}"
    );
}

#[tokio::test]
async fn refresh_profile_ends_the_session_when_userinfo_is_for_someone_else() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    app.logto.misbehave(Misbehaviour::UserinfoSubMismatch);
    let response = app
        .post_form("/profile/refresh", &[("csrf", &csrf(&home))])
        .await;
    crate::helpers::assert_error_page(response, StatusCode::UNAUTHORIZED, "Please sign in again")
        .await;
    app.logto.clear_misbehaviour();
    assert!(!app.is_signed_in().await, "the session is over");
}

#[tokio::test]
async fn sign_in_options_reach_logto_as_its_own_parameters() {
    let app = TestApp::spawn().await;
    let cases: [(&str, &[(&str, &str)]); 4] = [
        (
            "login_hint=ada%40example.com",
            &[
                ("first_screen", "identifier:sign_in"),
                ("identifier", "email"),
                ("login_hint", "ada@example.com"),
            ],
        ),
        (
            "mode=sign-up&method=phone",
            &[
                ("first_screen", "identifier:register"),
                ("identifier", "phone"),
            ],
        ),
        ("organization_id=org_42", &[("organization_id", "org_42")]),
        ("prompt=login", &[]),
    ];
    for (query, expected) in cases {
        let authorize = app
            .send(
                app.client
                    .get(app.url(&format!("/sign-in?{query}")))
                    .header("accept-language", "fr-CH, fr;q=0.9, en;q=0.8"),
            )
            .await;
        let authorize = crate::helpers::location(&authorize);
        let pairs = query_pairs(&authorize);
        for (name, value) in expected {
            assert_eq!(
                param(&pairs, name).as_deref(),
                Some(*value),
                "{query}: {name}"
            );
        }
        // Logto drops all of its parameters when one is invalid: here it applies every one.
        let callback = app.logto.authorize(&authorize);
        assert!(
            param(&query_pairs(&callback), "code").is_some(),
            "{query}: {callback}"
        );
        let mut applied = app.logto.applied_logto_params().expect("an authorization");
        let logtos = [
            "first_screen",
            "identifier",
            "direct_sign_in",
            "login_hint",
            "organization_id",
            "interaction_mode",
            "ui_locales",
        ];
        let mut sent: Vec<(String, String)> = pairs
            .iter()
            .filter(|(name, _)| logtos.contains(&name.as_str()))
            .cloned()
            .collect();
        applied.sort();
        sent.sort();
        assert_eq!(applied, sent, "{query}: nothing dropped");
        assert!(
            applied.contains(&("ui_locales".to_string(), "fr-CH fr en".to_string())),
            "{query}: {applied:?}"
        );
    }
    let pairs = query_pairs(&app.begin_sign_in("prompt=login").await);
    assert_eq!(
        param(&pairs, "prompt").as_deref(),
        Some("login consent"),
        "re-authenticate, still get a refresh token"
    );
    for bad in ["organization_id=a%20b", "prompt=none"] {
        assert_eq!(
            app.get(&format!("/sign-in?{bad}")).await.status(),
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

/// The `<li>` of one API on the signed-in page.
fn api_section<'a>(page: &'a str, resource: &str) -> &'a str {
    let start = page
        .find(&format!("data-resource=\"{resource}\""))
        .unwrap_or_else(|| panic!("{resource} on the page: {page}"));
    let end = start + page[start..].find("</li>").expect("the end of its section");
    &page[start..end]
}

#[tokio::test]
async fn each_api_gets_a_token_of_its_own() {
    const BILLING: &str = "https://billing.example.com";
    let logto = Arc::new(FakeLogto::start().await);
    logto.add_api_resource(BILLING);
    let resources = format!("{API} {BILLING}");
    let app = TestApp::spawn_with(logto, &[("LOGTO_RESOURCES", resources.as_str())]).await;
    let home = app.signed_in_home().await;
    for resource in [API, BILLING] {
        let response = app
            .post_form(
                "/api-token",
                &[("csrf", &csrf(&home)), ("resource", resource)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let asked: Vec<String> = app
        .logto
        .token_requests()
        .iter()
        .filter_map(|r| r.form_value("resource").map(str::to_owned))
        .collect();
    assert_eq!(
        asked,
        [API, BILLING],
        "the billing API's token is not the first API's"
    );
    let page = app.home().await;
    for resource in [API, BILLING] {
        assert!(
            api_section(&page, resource)
                .contains(&format!("<dd class=\"token-audience\">{resource}</dd>")),
            "{resource}: {page}"
        );
    }
}

#[tokio::test]
async fn with_organizations_in_scope_sign_in_asks_for_the_apis_and_logtos_organizations_resource() {
    let app = TestApp::spawn_with(
        Arc::new(FakeLogto::start().await),
        &[
            ("LOGTO_RESOURCES", API),
            ("LOGTO_SCOPES", ORGANIZATION_SCOPES),
        ],
    )
    .await;
    app.signed_in_home().await;
    let resources: Vec<String> = app
        .logto
        .last_authorization()
        .expect("authorization")
        .into_iter()
        .filter(|(name, _)| name == "resource")
        .map(|(_, value)| value)
        .collect();
    assert_eq!(resources, [API, "urn:logto:resource:organizations"]);

    // Listed by the operator as well: asked for once.
    let app = TestApp::spawn_with(
        Arc::new(FakeLogto::start().await),
        &[
            ("LOGTO_RESOURCES", "urn:logto:resource:organizations"),
            ("LOGTO_SCOPES", ORGANIZATION_SCOPES),
        ],
    )
    .await;
    app.signed_in_home().await;
    let authorization = app.logto.last_authorization().expect("authorization");
    let resources: Vec<&(String, String)> = authorization
        .iter()
        .filter(|(name, _)| name == "resource")
        .collect();
    assert_eq!(resources.len(), 1, "{authorization:?}");
}
