//! Proves the fake Logto behaves like the captures in shared/fixtures/logto/, using the
//! `openidconnect` crate directly (not the app).

mod support;

#[path = "fake_logto_selftest/endpoint_misbehaviours.rs"]
mod endpoint_misbehaviours;
#[path = "fake_logto_selftest/grants.rs"]
mod grants;
#[path = "fake_logto_selftest/helpers.rs"]
mod helpers;
#[path = "fake_logto_selftest/id_token_misbehaviours.rs"]
mod id_token_misbehaviours;
#[path = "fake_logto_selftest/strictness.rs"]
mod strictness;

use helpers::{
    REDIRECT_URI, code_flow, discover, http, jwt_parts, raw, sign_in, try_discover, verify,
};
use openidconnect::{OAuth2TokenResponse, TokenResponse};
use serde_json::json;
use support::fake_logto::{Endpoint, FakeLogto};

#[tokio::test]
async fn discovery_parses_with_openidconnect_and_lists_es384() {
    let fake = FakeLogto::start().await;
    let (metadata, _) = try_discover(&fake).await.expect("discovery parses");
    assert_eq!(metadata.issuer().as_str(), fake.issuer());
    let algs: Vec<String> = metadata
        .id_token_signing_alg_values_supported()
        .iter()
        .map(|a| serde_json::to_value(a).expect("alg").to_string())
        .collect();
    assert_eq!(algs, ["\"ES384\""]);
    let doc = raw(http().get(format!(
        "{}/.well-known/openid-configuration",
        fake.issuer()
    )))
    .await
    .json();
    let issuer = fake.issuer();
    assert_eq!(doc["end_session_endpoint"], format!("{issuer}/session/end"));
    assert_eq!(
        doc["revocation_endpoint"],
        format!("{issuer}/token/revocation")
    );
    assert_eq!(doc["authorization_response_iss_parameter_supported"], true);
    assert!(!doc.to_string().contains(":3001"), "every URL is rewritten");
}

#[tokio::test]
async fn jwks_publishes_one_p384_key_like_logto() {
    let fake = FakeLogto::start().await;
    let response = raw(http().get(format!("{}/jwks", fake.issuer()))).await;
    let keys = response.json()["keys"].clone();
    assert_eq!(keys.as_array().map(Vec::len), Some(1));
    let key = &keys[0];
    for (name, value) in [
        ("kty", "EC"),
        ("use", "sig"),
        ("alg", "ES384"),
        ("crv", "P-384"),
    ] {
        assert_eq!(key[name], value, "{name}");
    }
    assert_eq!(key["kid"], fake.current_kid());
    assert_eq!(
        key["x"].as_str().map(str::len),
        Some(64),
        "48 bytes base64url"
    );
    assert_eq!(key["y"].as_str().map(str::len), Some(64));
}

#[tokio::test]
async fn an_es384_id_token_verifies_with_a_verifier_built_from_discovery() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    let (flow, claims) = sign_in(&fake, &client).await.expect("sign-in verifies");
    assert_eq!(claims.subject().as_str(), "uya6v1344ikr");
    assert_eq!(claims.issuer().as_str(), fake.issuer());
    assert_eq!(claims.audiences().len(), 1);
    assert!(claims.access_token_hash().is_some());
    assert_eq!(
        claims.nonce().map(|n| n.secret()),
        Some(flow.nonce.secret())
    );
    let id_token = flow.tokens.id_token().expect("an ID token").to_string();
    let (header, raw_claims) = jwt_parts(&id_token);
    assert_eq!(
        header,
        json!({"alg": "ES384", "typ": "JWT", "kid": fake.current_kid()})
    );
    assert_eq!(
        raw_claims["aud"],
        FakeLogto::CLIENT_ID,
        "aud is a single string"
    );
    assert_eq!(
        raw_claims["exp"].as_i64(),
        raw_claims["iat"].as_i64().map(|i| i + 3600)
    );
    assert_eq!(
        raw_claims["updated_at"], 1_795_334_315_071_i64,
        "milliseconds"
    );
    assert_eq!(raw_claims["picture"], json!(null));
    assert!(
        flow.tokens.refresh_token().is_some(),
        "offline_access + prompt=consent"
    );
    assert_eq!(flow.tokens.expires_in().map(|d| d.as_secs()), Some(3600));
    let userinfo: serde_json::Value = client
        .user_info(
            flow.tokens.access_token().clone(),
            Some(claims.subject().clone()),
        )
        .expect("userinfo URL")
        .request_async(&http())
        .await
        .map(|u: openidconnect::core::CoreUserInfoClaims| serde_json::to_value(u).expect("JSON"))
        .expect("userinfo with the sub check");
    assert_eq!(userinfo["email"], "test.user@example.com");
}

#[tokio::test]
async fn the_authorization_request_is_recorded_and_answered_with_code_state_and_iss() {
    let fake = FakeLogto::start().await;
    let url = helpers::raw_authorize_url(&fake, "openid profile", "consent");
    let response = raw(http().get(&url)).await;
    assert_eq!(response.status, 303);
    let location = response.header("location").expect("a Location");
    assert!(
        location.starts_with(&format!("{REDIRECT_URI}?code=")),
        "{location}"
    );
    assert!(location.ends_with(&format!(
        "&state=raw-state&iss={}",
        urlencode(&fake.issuer())
    )));
    let recorded = fake.last_authorization().expect("recorded");
    assert_eq!(
        recorded[0],
        ("client_id".into(), FakeLogto::CLIENT_ID.into())
    );
    assert_eq!(fake.calls(Endpoint::Authorize), 1);
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn after_rotate_to_rsa_tokens_are_rs256_and_verify_against_fresh_discovery() {
    let fake = FakeLogto::start().await;
    let stale = discover(&fake).await;
    sign_in(&fake, &stale)
        .await
        .expect("ES384 before the rotation");
    fake.rotate_to_rsa();
    let flow = code_flow(&fake, &stale).await.expect("a token");
    let id_token = flow.tokens.id_token().expect("an ID token").to_string();
    assert_eq!(
        jwt_parts(&id_token).0,
        json!({"alg": "RS256", "typ": "JWT", "kid": "rsa-2"})
    );
    let stale_err = verify(&stale, &flow.tokens, &flow.nonce).expect_err("stale algorithms");
    assert!(stale_err.contains("SignatureVerification"), "{stale_err}");
    let fresh = discover(&fake).await;
    verify(&fresh, &flow.tokens, &flow.nonce).expect("verifies after a fresh discovery");
    let jwks = raw(http().get(format!("{}/jwks", fake.issuer())))
        .await
        .json();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .filter_map(|k| k["kid"].as_str())
        .collect();
    assert_eq!(kids.len(), 2, "the EC key stays published");
    assert_eq!(kids[0], "rsa-2");
}

#[tokio::test]
async fn after_rotate_to_new_ec_key_only_a_fresh_jwks_knows_the_new_kid() {
    let fake = FakeLogto::start().await;
    let stale = discover(&fake).await;
    let old_kid = fake.current_kid();
    fake.rotate_to_new_ec_key();
    assert_ne!(fake.current_kid(), old_kid);
    let flow = code_flow(&fake, &stale).await.expect("a token");
    let err = verify(&stale, &flow.tokens, &flow.nonce).expect_err("kid unknown to the stale keys");
    assert!(err.contains("NoMatchingKey"), "{err}");
    verify(&discover(&fake).await, &flow.tokens, &flow.nonce).expect("fresh keys verify");
}
