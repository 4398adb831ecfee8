//! Misbehaviours of the callback, token, userinfo, discovery, keys and revocation endpoints.

use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use openidconnect::core::{CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreUserInfoClaims};
use openidconnect::{JsonWebKey, OAuth2TokenResponse};
use serde_json::json;

use crate::helpers::{
    CREDENTIALS, code_flow, discover, http, jwt_parts, query_value, raw, raw_authorize_url,
    raw_authorize_url_with, raw_exchange, raw_exchange_code, raw_token, sign_in, try_discover,
    verify,
};
use crate::support::fake_logto::{Endpoint, FakeLogto, Misbehaviour as M, TestUser};

#[tokio::test]
async fn callback_misbehaviours_change_or_drop_iss_and_a_cancel_gives_access_denied() {
    let fake = FakeLogto::start().await;
    let url = raw_authorize_url(&fake, "openid", "consent");
    fake.misbehave(M::CallbackWrongIss);
    let wrong = fake.authorize(&url);
    assert_eq!(
        query_value(&wrong, "iss"),
        Some(format!("{}/wrong-tenant/oidc", fake.endpoint()))
    );
    fake.clear_misbehaviour();
    fake.misbehave(M::CallbackMissingIss);
    let missing = fake.authorize(&url);
    assert!(query_value(&missing, "code").is_some() && query_value(&missing, "iss").is_none());
    fake.clear_misbehaviour();
    fake.misbehave(M::UserCancels);
    let cancelled = fake.authorize(&url);
    assert_eq!(
        query_value(&cancelled, "error").as_deref(),
        Some("access_denied")
    );
    assert!(
        query_value(&cancelled, "error_description").is_some()
            && query_value(&cancelled, "code").is_none()
    );
    assert_eq!(
        query_value(&cancelled, "state").as_deref(),
        Some("raw-state")
    );
    assert_eq!(query_value(&cancelled, "iss"), Some(fake.issuer()));
}

#[tokio::test]
async fn token_endpoint_misbehaviours_answer_errors_broken_json_or_late() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    for (status, error) in [
        (500, "server_error"),
        (503, "temporarily_unavailable"),
        (400, "invalid_grant"),
    ] {
        fake.misbehave(M::TokenStatus(status));
        let answer = raw_exchange(&fake, "openid", "consent").await;
        fake.clear_misbehaviour();
        assert_eq!(
            (answer.status, answer.json()["error"].as_str()),
            (status, Some(error))
        );
    }
    fake.misbehave(M::TokenMalformedJson);
    let err = code_flow(&fake, &client).await.expect_err("unparsable");
    assert!(err.contains("Parse"), "{err}");
    fake.clear_misbehaviour();
    fake.misbehave(M::TokenDelay(Duration::from_millis(400)));
    let started = Instant::now();
    code_flow(&fake, &client).await.expect("late but fine");
    assert!(started.elapsed() >= Duration::from_millis(400));
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client");
    let late = impatient
        .post(format!("{}/token", fake.issuer()))
        .form(&[("grant_type", "refresh_token")])
        .send()
        .await;
    assert!(late.is_err_and(|e| e.is_timeout()));
    assert_eq!(fake.calls(Endpoint::Token), fake.token_requests().len());
}

async fn signed_in_refresh_token(fake: &FakeLogto) -> String {
    refresh_token_for(fake, "openid profile offline_access", &[]).await
}

/// A refresh token from a raw sign-in with `scope` and `extra` authorization parameters.
pub async fn refresh_token_for(fake: &FakeLogto, scope: &str, extra: &[(&str, &str)]) -> String {
    let url = raw_authorize_url_with(fake, scope, "consent", extra);
    let code = query_value(&fake.authorize(&url), "code").expect("a code");
    let body = raw_exchange_code(fake, &code).await.json();
    body["refresh_token"]
        .as_str()
        .expect("a refresh token")
        .to_owned()
}

pub async fn refresh(fake: &FakeLogto, token: &str, extra: &[(&str, &str)]) -> crate::helpers::Raw {
    let mut form = vec![("grant_type", "refresh_token"), ("refresh_token", token)];
    form.extend_from_slice(extra);
    raw_token(fake, Some(CREDENTIALS), &form).await
}

#[tokio::test]
async fn refresh_misbehaviours_end_the_grant_change_iss_or_sub_or_delay() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    let (flow, _) = sign_in(&fake, &client).await.expect("sign-in");
    let token = flow.tokens.refresh_token().expect("refresh token").clone();
    let refreshed = |m: M| {
        fake.misbehave(m);
        let (client, token) = (&client, token.clone());
        async move {
            client
                .exchange_refresh_token(&token)
                .expect("URL")
                .request_async(&http())
                .await
        }
    };
    let wrong_iss = refreshed(M::RefreshWrongIssuer).await.expect("refreshed");
    fake.clear_misbehaviour();
    let err = verify(&client, &wrong_iss, &flow.nonce).expect_err("iss changed");
    assert!(err.contains("InvalidIssuer"), "{err}");
    let token = wrong_iss.refresh_token().expect("rotated").clone();
    fake.misbehave(M::RefreshWrongSub);
    let wrong_sub = client
        .exchange_refresh_token(&token)
        .expect("URL")
        .request_async(&http())
        .await
        .expect("refreshed");
    fake.clear_misbehaviour();
    let claims = verify(&client, &wrong_sub, &flow.nonce).expect("a valid token");
    assert_eq!(claims.subject().as_str(), "someone-else");
    let token = wrong_sub.refresh_token().expect("rotated").secret().clone();
    // An hour-long RefreshDelay: a code grant that answers at all was not delayed (the timeout
    // guards against a hang; it bounds nothing a busy machine could break), and a refresh grant
    // (of a made-up token, so no real one is left half-used) is still waiting after 200 ms.
    fake.misbehave(M::RefreshDelay(Duration::from_secs(3600)));
    let code_grant = tokio::time::timeout(
        Duration::from_secs(60),
        raw_exchange(&fake, "openid", "consent"),
    )
    .await
    .expect("the code grant is not held back by RefreshDelay");
    assert_eq!(code_grant.status, 200);
    let held = tokio::time::timeout(
        Duration::from_millis(200),
        refresh(&fake, "made-up-refresh-token", &[]),
    )
    .await;
    assert!(held.is_err(), "the refresh grant waits");
    fake.clear_misbehaviour();
    fake.misbehave(M::RefreshDelay(Duration::from_millis(300)));
    let started = Instant::now();
    let late = refresh(&fake, &token, &[]).await;
    assert!(started.elapsed() >= Duration::from_millis(300) && late.status == 200);
    fake.clear_misbehaviour();
    let token = late.json()["refresh_token"]
        .as_str()
        .expect("rotated")
        .to_owned();
    fake.misbehave(M::RefreshInvalidGrant);
    assert_eq!(
        refresh(&fake, &token, &[]).await.json()["error"],
        "invalid_grant"
    );
    fake.clear_misbehaviour();
    assert_eq!(
        refresh(&fake, &token, &[]).await.status,
        400,
        "the grant is over"
    );
}

#[tokio::test]
async fn resource_and_organization_grants_return_jwts_for_that_audience() {
    let fake = FakeLogto::start().await;
    fake.set_user(TestUser::email_user().with_claim("organizations", json!(["org-1"])));
    let scope = "openid profile offline_access urn:logto:scope:organizations";
    let resources = [
        ("resource", "https://api.example.com"),
        ("resource", "urn:logto:resource:organizations"),
    ];
    let token = refresh_token_for(&fake, scope, &resources).await;
    let api = refresh(
        &fake,
        &token,
        &[
            ("resource", "https://api.example.com"),
            ("scope", "read:things"),
        ],
    )
    .await
    .json();
    let access = api["access_token"].as_str().expect("access token");
    let (header, claims) = jwt_parts(access);
    assert_eq!(
        header,
        json!({"alg": "ES384", "typ": "at+jwt", "kid": fake.current_kid()})
    );
    assert_eq!(
        (claims["aud"].as_str(), claims["scope"].as_str()),
        (Some("https://api.example.com"), Some("read:things"))
    );
    assert_eq!(
        (claims["sub"].as_str(), claims["iss"].as_str()),
        (Some("uya6v1344ikr"), Some(fake.issuer().as_str()))
    );
    assert_eq!(
        claims["exp"].as_i64(),
        claims["iat"].as_i64().map(|i| i + 3600)
    );
    let jwks: CoreJsonWebKeySet = serde_json::from_str(
        &raw(http().get(format!("{}/jwks", fake.issuer())))
            .await
            .body,
    )
    .expect("JWKS");
    let (input, signature) = access.rsplit_once('.').expect("JWS");
    let signature = B64URL.decode(signature).expect("base64url");
    jwks.keys()[0]
        .verify_signature(
            &CoreJwsSigningAlgorithm::EcdsaP384Sha384,
            input.as_bytes(),
            &signature,
        )
        .expect("signed like ID tokens");
    let token = api["refresh_token"].as_str().expect("rotated");
    let org = refresh(
        &fake,
        token,
        &[
            ("organization_id", "org-1"),
            ("scope", "urn:logto:scope:organizations"),
        ],
    )
    .await
    .json();
    let (_, claims) = jwt_parts(org["access_token"].as_str().expect("access token"));
    assert_eq!(
        (claims["aud"].as_str(), claims["organization_id"].as_str()),
        (Some("urn:logto:organization:org-1"), Some("org-1"))
    );
    assert!(org["id_token"].is_string());
}

#[tokio::test]
async fn resource_misbehaviours_answer_invalid_target_or_forbidden_without_using_the_token() {
    let fake = FakeLogto::start().await;
    let token = signed_in_refresh_token(&fake).await;
    let resource = [("resource", "https://api.example.com")];
    fake.misbehave(M::ResourceInvalidTarget);
    let target = refresh(&fake, &token, &resource).await;
    assert_eq!(
        (target.status, target.json()["error"].as_str()),
        (400, Some("invalid_target"))
    );
    fake.clear_misbehaviour();
    fake.misbehave(M::ResourceForbidden);
    let forbidden = refresh(&fake, &token, &[("organization_id", "org-1")]).await;
    assert_eq!(
        (forbidden.status, forbidden.json()["code"].as_str()),
        (400, Some("oidc.access_denied"))
    );
    assert_eq!(
        refresh(&fake, &token, &[]).await.status,
        200,
        "plain refresh unaffected, token unused"
    );
}

#[tokio::test]
async fn userinfo_misbehaviours_change_sub_status_or_timing() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    let (flow, claims) = sign_in(&fake, &client).await.expect("sign-in");
    let access = flow.tokens.access_token().clone();
    fake.misbehave(M::UserinfoSubMismatch);
    let checked: Result<CoreUserInfoClaims, _> = client
        .user_info(access.clone(), Some(claims.subject().clone()))
        .expect("URL")
        .request_async(&http())
        .await;
    assert!(
        format!("{checked:?}").contains("InvalidSubject"),
        "{checked:?}"
    );
    fake.clear_misbehaviour();
    fake.misbehave(M::UserinfoStatus(502));
    let me = || {
        raw(http()
            .get(format!("{}/me", fake.issuer()))
            .bearer_auth(access.secret()))
    };
    assert_eq!(me().await.status, 502);
    fake.clear_misbehaviour();
    fake.misbehave(M::UserinfoDelay(Duration::from_millis(300)));
    let started = Instant::now();
    assert_eq!(me().await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn discovery_and_jwks_misbehaviours_make_discovery_fail() {
    let fake = FakeLogto::start().await;
    for m in [
        M::DiscoveryStatus(503),
        M::DiscoveryIssuerMismatch,
        M::JwksStatus(500),
    ] {
        fake.misbehave(m.clone());
        let result = try_discover(&fake).await;
        fake.clear_misbehaviour();
        assert!(result.is_err(), "{m:?}");
    }
    fake.misbehave(M::DiscoveryDelay(Duration::from_millis(300)));
    let started = Instant::now();
    try_discover(&fake).await.expect("late but fine");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(fake.calls(Endpoint::Discovery), 4);
    assert_eq!(
        fake.calls(Endpoint::Jwks),
        2,
        "discovery fetched the keys when it got that far"
    );
}

#[tokio::test]
async fn a_revocation_status_is_answered_after_recording_the_request() {
    let fake = FakeLogto::start().await;
    fake.misbehave(M::RevocationStatus(503));
    let request = http()
        .post(format!("{}/token/revocation", fake.issuer()))
        .basic_auth(CREDENTIALS.0, Some(CREDENTIALS.1))
        .form(&[("token", "some-refresh-token")]);
    assert_eq!(raw(request).await.status, 503);
    assert_eq!(
        fake.revocations()[0].form_value("token"),
        Some("some-refresh-token")
    );
}
