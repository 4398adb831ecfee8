//! ID-token misbehaviours: each one is caught by an openidconnect verifier built from discovery.

use openidconnect::TokenResponse;
use openidconnect::core::CoreJwsSigningAlgorithm;
use serde_json::json;

use crate::helpers::{
    code_flow, discover, jwt_parts, now, raw_exchange, sign_in, try_discover, verify,
};
use crate::support::fake_logto::{FakeLogto, Misbehaviour as M};

#[tokio::test]
async fn every_id_token_misbehaviour_is_rejected_by_an_openidconnect_verifier() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    let cases = [
        (M::IdTokenWrongIssuer, "InvalidIssuer"),
        (M::IdTokenWrongAudience, "InvalidAudience"),
        (M::IdTokenMissingAudience, "InvalidAudience"),
        (M::IdTokenWrongNonce, "InvalidNonce"),
        (M::IdTokenMissingNonce, "InvalidNonce"),
        (M::IdTokenExpiredSecondsAgo(90), "Expired"),
        (M::IdTokenBadSignature, "CryptoError"),
        (M::IdTokenAlgNone, "NoSignature"),
        (M::IdTokenExpired, "Expired"),
        (M::IdTokenIatInFuture(600), "issued in the future"),
        (M::IdTokenMissingIat, "Parse"),
        (M::IdTokenMissingSub, "Parse"),
        (M::IdTokenUnknownKid, "NoMatchingKey"),
        (M::AtHashMismatch, "at_hash mismatch"),
        (M::IdTokenSignedEs256, "DisallowedAlg"),
    ];
    for (misbehaviour, expected) in cases {
        fake.misbehave(misbehaviour.clone());
        let err = sign_in(&fake, &client).await.err();
        fake.clear_misbehaviour();
        let err = err.unwrap_or_else(|| panic!("{misbehaviour:?} was accepted"));
        assert!(err.contains(expected), "{misbehaviour:?}: {err}");
    }
    sign_in(&fake, &client)
        .await
        .expect("behaves again once cleared");
}

#[tokio::test]
async fn id_token_misbehaviours_shape_the_raw_token() {
    let fake = FakeLogto::start().await;
    let token_with = |m: M| {
        fake.misbehave(m);
        let fake = &fake;
        async move {
            let body = raw_exchange(fake, "openid", "consent").await.json();
            fake.clear_misbehaviour();
            let token = body["id_token"].as_str().expect("an ID token").to_owned();
            let (header, claims) = jwt_parts(&token);
            (token, header, claims)
        }
    };
    let (_, _, c) = token_with(M::IdTokenWrongIssuer).await;
    assert_eq!(c["iss"], format!("{}/wrong-tenant/oidc", fake.endpoint()));
    let (_, _, c) = token_with(M::IdTokenWrongAudience).await;
    assert_eq!(c["aud"], "another-app-id");
    let (_, _, c) = token_with(M::IdTokenMissingAudience).await;
    assert!(c.get("aud").is_none());
    let (_, _, c) = token_with(M::IdTokenWrongNonce).await;
    assert_eq!(c["nonce"], "not-the-nonce-you-sent");
    let (_, _, c) = token_with(M::IdTokenExpired).await;
    let (iat, exp) = (
        c["iat"].as_i64().expect("iat"),
        c["exp"].as_i64().expect("exp"),
    );
    assert!(
        (now() - 4205..=now() - 4195).contains(&iat) && (now() - 605..=now() - 595).contains(&exp)
    );
    let (_, _, c) = token_with(M::IdTokenMissingNonce).await;
    assert!(c.get("nonce").is_none() && c.get("sub").is_some());
    let (_, _, c) = token_with(M::IdTokenExpiredSecondsAgo(30)).await;
    let exp = c["exp"].as_i64().expect("exp");
    assert!((now() - 35..=now() - 25).contains(&exp));
    assert_eq!(c["iat"].as_i64(), Some(exp - 3600));
    let (_, _, c) = token_with(M::IdTokenIatInFuture(900)).await;
    assert!(c["iat"].as_i64().expect("iat") >= now() + 895);
    let (_, _, c) = token_with(M::IdTokenMissingIat).await;
    assert!(c.get("iat").is_none() && c.get("exp").is_some());
    let (_, _, c) = token_with(M::IdTokenMissingSub).await;
    assert!(c.get("sub").is_none());
    let (_, h, _) = token_with(M::IdTokenNoKid).await;
    assert_eq!(h, json!({"alg": "ES384", "typ": "JWT"}));
    let (token, h, _) = token_with(M::IdTokenAlgNone).await;
    assert_eq!(h, json!({"alg": "none", "typ": "JWT"}));
    assert!(token.ends_with('.'), "empty signature");
    let (_, h, _) = token_with(M::IdTokenUnknownKid).await;
    assert_ne!(h["kid"], fake.current_kid());
    let (_, h, _) = token_with(M::IdTokenSignedEs256).await;
    assert_eq!(h["alg"], "ES256");
}

#[tokio::test]
async fn alg_none_tokens_are_rejected_by_openidconnect() {
    let fake = FakeLogto::start().await;
    let client = discover(&fake).await;
    fake.misbehave(M::IdTokenAlgNone);
    let flow = code_flow(&fake, &client)
        .await
        .expect("the exchange itself works");
    let err = verify(&client, &flow.tokens, &flow.nonce).expect_err("alg none");
    assert!(err.contains("NoSignature"), "{err}");
}

#[tokio::test]
async fn an_unknown_kid_verifies_only_after_rotate_to_new_ec_key_publishes_it() {
    let fake = FakeLogto::start().await;
    fake.misbehave(M::IdTokenUnknownKid);
    let client = discover(&fake).await;
    let flow = code_flow(&fake, &client).await.expect("a token");
    let unpublished =
        jwt_parts(&flow.tokens.id_token().expect("ID token").to_string()).0["kid"].clone();
    assert!(verify(&client, &flow.tokens, &flow.nonce).is_err());
    let refetched = discover(&fake).await;
    assert!(
        verify(&refetched, &flow.tokens, &flow.nonce).is_err(),
        "a re-fetch does not help yet"
    );
    fake.rotate_to_new_ec_key();
    assert_eq!(
        json!(fake.current_kid()),
        unpublished,
        "rotation publishes exactly that key"
    );
    let published = discover(&fake).await;
    verify(&published, &flow.tokens, &flow.nonce).expect("the same token verifies now");
    sign_in(&fake, &published)
        .await
        .expect("the misbehaviour ended with the rotation");
}

#[tokio::test]
async fn a_token_without_kid_verifies_while_one_key_fits_and_is_ambiguous_after_a_rotation() {
    let fake = FakeLogto::start().await;
    fake.misbehave(M::IdTokenNoKid);
    sign_in(&fake, &discover(&fake).await)
        .await
        .expect("one P-384 key: accepted");
    fake.rotate_to_new_ec_key();
    let err = sign_in(&fake, &discover(&fake).await)
        .await
        .expect_err("two P-384 keys");
    assert!(err.contains("AmbiguousKeyId"), "{err}");
}

#[tokio::test]
async fn es256_tokens_verify_with_the_published_p256_key_but_are_not_advertised() {
    let fake = FakeLogto::start().await;
    fake.misbehave(M::IdTokenSignedEs256);
    let (metadata, client) = try_discover(&fake).await.expect("discovery");
    let algs =
        serde_json::to_value(metadata.id_token_signing_alg_values_supported()).expect("algs");
    assert_eq!(algs, json!(["ES384"]));
    let flow = code_flow(&fake, &client).await.expect("a token");
    assert!(verify(&client, &flow.tokens, &flow.nonce).is_err());
    let es256 = client
        .id_token_verifier()
        .set_allowed_algs([CoreJwsSigningAlgorithm::EcdsaP256Sha256]);
    let id_token = flow.tokens.id_token().expect("ID token");
    id_token
        .claims(&es256, &flow.nonce)
        .expect("the P-256 signature is valid");
}
