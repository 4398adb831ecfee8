//! Code and refresh grants, client authentication, userinfo, revocation, end-session, users.

use openidconnect::{AccessToken, OAuth2TokenResponse, SubjectIdentifier};
use serde_json::json;

use crate::helpers::{
    CREDENTIALS, REDIRECT_URI, discover, http, jwt_parts, raw, raw_exchange, raw_token, sign_in,
    verify,
};
use crate::support::fake_logto::{Endpoint, FakeLogto, TestUser};

#[tokio::test]
async fn a_refresh_rotates_the_token_and_keeps_the_nonce() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    let (flow, claims) = sign_in(&fake, &client).await.expect("sign-in");
    fake.set_user(TestUser::email_user().with_claim("name", json!("Renamed")));
    let first = flow.tokens.refresh_token().expect("a refresh token");
    let refreshed = client
        .exchange_refresh_token(first)
        .expect("token URL")
        .request_async(&http())
        .await
        .expect("refresh works");
    let second = refreshed.refresh_token().expect("a rotated refresh token");
    assert_ne!(first.secret(), second.secret());
    let again = verify(&client, &refreshed, &flow.nonce).expect("the original nonce");
    assert_eq!(again.subject(), claims.subject());
    let name = again
        .name()
        .and_then(|n| n.get(None))
        .map(|n| n.as_str().to_owned());
    assert_eq!(
        name.as_deref(),
        Some("Renamed"),
        "live profile for the same sub"
    );
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_the_grant() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    let (flow, _) = sign_in(&fake, &client).await.expect("sign-in");
    let first = flow
        .tokens
        .refresh_token()
        .expect("a refresh token")
        .clone();
    let refresh = |token: openidconnect::RefreshToken| {
        let client = client.clone();
        async move {
            client
                .exchange_refresh_token(&token)
                .expect("URL")
                .request_async(&http())
                .await
        }
    };
    let rotated = refresh(first.clone()).await.expect("first use");
    let reuse = format!("{:?}", refresh(first).await.expect_err("reuse is refused"));
    assert!(reuse.contains("invalid_grant"), "{reuse}");
    let next = rotated.refresh_token().expect("rotated").clone();
    let after = format!("{:?}", refresh(next).await.expect_err("the grant is over"));
    assert!(after.contains("invalid_grant"), "{after}");
    let userinfo = raw(http()
        .get(format!("{}/me", fake.issuer()))
        .bearer_auth(rotated.access_token().secret()))
    .await;
    assert_eq!(
        userinfo.status, 401,
        "access tokens of the grant die with it"
    );
}

#[tokio::test]
async fn a_wrong_client_secret_gets_invalid_client_like_logto() {
    let fake = FakeLogto::start().await;
    let code = crate::helpers::raw_code(&fake, "openid", "consent");
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT_URI),
        ("code_verifier", crate::helpers::RAW_VERIFIER),
    ];
    let response = raw_token(&fake, Some((FakeLogto::CLIENT_ID, "wrong")), &form).await;
    assert_eq!(response.status, 401);
    assert_eq!(
        response.body,
        r#"{"code":"oidc.invalid_client","message":"An OIDC error occurred: oidc.invalid_client.","error":"invalid_client","error_description":"client authentication failed"}"#
    );
    let expected = format!(
        r#"Basic realm="{}", error="invalid_client", error_description="client authentication failed""#,
        fake.issuer()
    );
    assert_eq!(response.header("www-authenticate"), Some(expected));
    let recorded = fake.token_requests();
    assert!(
        recorded[0]
            .authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Basic "))
    );
    let both = http()
        .post(format!("{}/token", fake.issuer()))
        .basic_auth(CREDENTIALS.0, Some(CREDENTIALS.1));
    let both = raw(both.form(&[
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_secret", CREDENTIALS.1),
    ]))
    .await;
    assert_eq!(
        (both.status, both.json()["error"].as_str()),
        (400, Some("invalid_request"))
    );
}

#[tokio::test]
async fn a_reused_code_or_wrong_pkce_verifier_gets_invalid_grant_like_logto() {
    let fake = FakeLogto::start().await;
    let fixture = r#"{"code":"oidc.invalid_grant","message":"Grant request is invalid.","error_uri":"https://openid.sh/debug/invalid_grant","error":"invalid_grant","error_description":"grant request is invalid"}"#;
    let code = crate::helpers::raw_code(&fake, "openid", "consent");
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT_URI),
        ("code_verifier", "not-the-verifier"),
    ];
    let wrong = raw_token(&fake, Some(CREDENTIALS), &form).await;
    assert_eq!((wrong.status, wrong.body.as_str()), (400, fixture));
    form[3].1 = crate::helpers::RAW_VERIFIER;
    form[2].1 = "http://127.0.0.1:3000/elsewhere";
    assert_eq!(
        raw_token(&fake, Some(CREDENTIALS), &form).await.status,
        400,
        "redirect_uri must match"
    );
    form[2].1 = REDIRECT_URI;
    assert_eq!(raw_token(&fake, Some(CREDENTIALS), &form).await.status, 200);
    let reused = raw_token(&fake, Some(CREDENTIALS), &form).await;
    assert_eq!((reused.status, reused.body.as_str()), (400, fixture));
}

#[tokio::test]
async fn a_refresh_token_needs_offline_access_and_prompt_consent() {
    let fake = FakeLogto::start().await;
    let with = raw_exchange(&fake, "openid offline_access", "login consent")
        .await
        .json();
    assert!(with["refresh_token"].is_string());
    let fields: Vec<&String> = with.as_object().expect("object").keys().collect();
    assert_eq!(
        fields,
        [
            "access_token",
            "expires_in",
            "id_token",
            "refresh_token",
            "scope",
            "token_type"
        ]
    );
    let login_only = raw_exchange(&fake, "openid offline_access", "login")
        .await
        .json();
    assert!(login_only.get("refresh_token").is_none());
    let no_offline = raw_exchange(&fake, "openid", "consent").await.json();
    assert!(no_offline.get("refresh_token").is_none());
}

#[tokio::test]
async fn userinfo_refuses_an_unknown_token_like_logto_and_filters_claims_by_scope() {
    let fake = FakeLogto::start().await;
    let bad = raw(http()
        .get(format!("{}/me", fake.issuer()))
        .bearer_auth("nope"))
    .await;
    assert_eq!(bad.status, 401);
    assert_eq!(
        bad.body,
        r#"{"code":"oidc.invalid_token","message":"Invalid token provided.","error":"invalid_token","error_description":"invalid token provided"}"#
    );
    let expected = format!(
        r#"Bearer realm="{}", error="invalid_token", error_description="invalid token provided""#,
        fake.issuer()
    );
    assert_eq!(bad.header("www-authenticate"), Some(expected));
    fake.set_user(TestUser::huggingface_user());
    let tokens = raw_exchange(&fake, "openid profile identities", "consent")
        .await
        .json();
    let token = tokens["access_token"].as_str().expect("access token");
    let info = raw(http()
        .get(format!("{}/me", fake.issuer()))
        .bearer_auth(token))
    .await
    .json();
    assert_eq!(info["sub"], "newdncqamh3q");
    assert_eq!(info["identities"]["huggingface"]["userId"], "hf-123");
    assert!(
        info.get("email").is_none(),
        "no email scope, no email claim"
    );
    let (_, claims) = jwt_parts(tokens["id_token"].as_str().expect("ID token"));
    assert!(
        claims.get("identities").is_none(),
        "identities are userinfo-only"
    );
    assert_eq!(claims["username"], "socialuser4956");
}

#[tokio::test]
async fn revocation_records_the_request_and_ends_the_grant() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    let (flow, claims) = sign_in(&fake, &client).await.expect("sign-in");
    let refresh = flow.tokens.refresh_token().expect("refresh").clone();
    // oauth2 5's revoke_token refuses http:// URLs (InsecureUrl), so revoke by hand, as the app
    // must when it talks to this fake over plain HTTP.
    let revoke = http()
        .post(format!("{}/token/revocation", fake.issuer()))
        .basic_auth(CREDENTIALS.0, Some(CREDENTIALS.1))
        .form(&[
            ("token", refresh.secret().as_str()),
            ("token_type_hint", "refresh_token"),
        ]);
    let answer = raw(revoke).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    let recorded = fake.revocations();
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        recorded[0].form_value("token"),
        Some(refresh.secret().as_str())
    );
    assert!(
        recorded[0]
            .authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Basic "))
    );
    let refused = client
        .exchange_refresh_token(&refresh)
        .expect("URL")
        .request_async(&http())
        .await;
    assert!(format!("{refused:?}").contains("invalid_grant"));
    let info = client.user_info(
        AccessToken::new(flow.tokens.access_token().secret().clone()),
        Some(SubjectIdentifier::new(claims.subject().to_string())),
    );
    assert!(info.expect("URL").request_async::<openidconnect::EmptyAdditionalClaims, _, openidconnect::core::CoreGenderClaim>(&http()).await.is_err());
}

#[tokio::test]
async fn end_session_records_the_query_and_answers_html() {
    let fake = FakeLogto::start().await;
    let url = format!(
        "{}/session/end?client_id={}&state=s1",
        fake.issuer(),
        FakeLogto::CLIENT_ID
    );
    let page = raw(http().get(url)).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        fake.end_session_requests()[0][1],
        ("state".into(), "s1".into())
    );
    assert_eq!(fake.calls(Endpoint::EndSession), 1);
}

#[tokio::test]
async fn the_test_users_mirror_the_fixtures() {
    let email = TestUser::email_user();
    assert_eq!(email.sub, "uya6v1344ikr");
    assert_eq!(email.claims["created_at"], 1_795_334_225_501_i64);
    let phone = TestUser::phone_user();
    assert_eq!(
        (phone.claims["email"].clone(), phone.claims["name"].clone()),
        (json!(null), json!(null))
    );
    assert!(phone.claims["phone_number"].is_string());
    let hf = TestUser::huggingface_user();
    assert_eq!(hf.claims["email"], json!(null));
    assert_eq!(
        hf.userinfo_extra["identities"]["huggingface"]["details"]["avatar"],
        "https://example.invalid/hf.png"
    );
    let solo = TestUser::username_only_user();
    assert_eq!(
        (
            solo.claims["username"].is_string(),
            solo.claims["name"].is_null()
        ),
        (true, true)
    );
    assert!(solo.claims["email"].is_null() && solo.claims["phone_number"].is_null());
}

#[tokio::test]
async fn the_access_token_ttl_sets_expires_in_and_userinfo_expiry() {
    let fake = FakeLogto::start().await;
    fake.set_access_token_ttl(0);
    let tokens = raw_exchange(&fake, "openid", "consent").await.json();
    assert_eq!(tokens["expires_in"], 0);
    let token = tokens["access_token"].as_str().expect("access token");
    let info = raw(http()
        .get(format!("{}/me", fake.issuer()))
        .bearer_auth(token))
    .await;
    assert_eq!(info.status, 401);
    assert_eq!(fake.calls(Endpoint::Userinfo), 1);
    assert_eq!(fake.calls(Endpoint::Token), 1);
}
