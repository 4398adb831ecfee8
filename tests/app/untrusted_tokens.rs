//! The Logto client's key cache seen from tokens anyone can send (the future back-channel logout
//! endpoint) and from its background re-read: made-up kids cannot make the app hammer Logto, keys
//! fetched for any reason are used, and a rotation is known before a token needs it.

use std::time::{Duration, Instant};

use logto_core::{LogtoClient, LogtoError, RefetchPolicy};

use crate::helpers::{Endpoint, FakeLogto, Misbehaviour, config};

async fn client_of(logto: &FakeLogto) -> LogtoClient {
    let endpoint = logto.endpoint();
    let config = config(&[
        ("LOGTO_ENDPOINT", endpoint.as_str()),
        ("LOGTO_APP_ID", FakeLogto::CLIENT_ID),
        ("LOGTO_APP_SECRET", FakeLogto::CLIENT_SECRET),
        ("APP_BASE_URL", "http://127.0.0.1:1"),
    ]);
    let settings = config.logto.expect("Logto is configured");
    LogtoClient::new(settings, config.base_url).expect("the client builds")
}

/// Waits until `endpoint` has been called `count` times (the background task's pace).
async fn until_called(logto: &FakeLogto, endpoint: Endpoint, count: usize) {
    // A guard against a hang, not a timing assertion.
    let deadline = Instant::now() + Duration::from_secs(30);
    while logto.calls(endpoint) < count {
        assert!(
            Instant::now() < deadline,
            "{endpoint:?} never reached {count} calls"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_logout_token_from_logto_verifies_and_its_claims_come_back() {
    let logto = FakeLogto::start().await;
    let client = client_of(&logto).await;
    let claims = client
        .verified_jws_claims(&logto.logout_token(), RefetchPolicy::UNTRUSTED)
        .await
        .expect("Logto's signature");
    assert_eq!(claims["iss"], logto.issuer().as_str());
    assert!(claims.contains_key("events"));

    let mut forged = logto.logout_token();
    forged.replace_range(forged.len() - 4.., "AAAA");
    let refused = client
        .verified_jws_claims(&forged, RefetchPolicy::UNTRUSTED)
        .await;
    assert!(
        matches!(refused, Err(LogtoError::TokenRejected(_))),
        "{refused:?}"
    );
}

#[tokio::test]
async fn made_up_kids_in_untrusted_tokens_fetch_keys_at_most_once_per_interval() {
    let logto = FakeLogto::start().await;
    let client = client_of(&logto).await;
    for n in 0..5 {
        let token = logto.logout_token_with_kid(&format!("made-up-{n}"));
        let refused = client
            .verified_jws_claims(&token, RefetchPolicy::UNTRUSTED)
            .await;
        assert!(refused.is_err(), "made-up kid {n} is refused");
    }
    assert_eq!(
        logto.calls(Endpoint::Jwks),
        2,
        "the first load, then one re-fetch for five made-up kids"
    );
    assert_eq!(logto.calls(Endpoint::Discovery), 2);
}

#[tokio::test]
async fn an_untrusted_token_uses_keys_someone_else_fetched_inside_the_interval() {
    let logto = FakeLogto::start().await;
    let client = client_of(&logto).await;
    let made_up = logto.logout_token_with_kid("made-up");
    let _ = client
        .verified_jws_claims(&made_up, RefetchPolicy::UNTRUSTED)
        .await;
    logto.rotate_to_new_ec_key();
    let rotated = logto.logout_token();
    let refused = client
        .verified_jws_claims(&rotated, RefetchPolicy::UNTRUSTED)
        .await;
    assert!(
        matches!(refused, Err(LogtoError::KeysUnavailable(_))),
        "inside the interval an untrusted token starts no fetch: {refused:?}"
    );
    assert_eq!(logto.calls(Endpoint::Jwks), 2);

    // A trusted caller (an ID token, say) fetches the new keys...
    client
        .verified_jws_claims(&logto.logout_token(), RefetchPolicy::Trusted)
        .await
        .expect("a trusted token fetches at once");
    assert_eq!(logto.calls(Endpoint::Jwks), 3);
    // ...and untrusted tokens use them, still inside the interval, without fetching.
    client
        .verified_jws_claims(&rotated, RefetchPolicy::UNTRUSTED)
        .await
        .expect("the keys someone else fetched");
    assert_eq!(logto.calls(Endpoint::Jwks), 3);
}

#[tokio::test]
async fn a_rotation_is_picked_up_in_the_background_and_a_failed_re_read_keeps_the_keys() {
    let logto = FakeLogto::start().await;
    let client = client_of(&logto).await;
    client.spawn_upkeep(Duration::from_millis(50));
    until_called(&logto, Endpoint::Jwks, 2).await;
    logto.rotate_to_rsa();
    // Fetches run one after another. The next key request may belong to a fetch that read
    // discovery before the rotation; the one after it to a fetch wholly after it, and the third
    // one's fetch starts only once that provider is stored.
    until_called(&logto, Endpoint::Jwks, logto.calls(Endpoint::Jwks) + 3).await;

    // From now on no fetch can succeed: the token verifies only with keys already cached.
    logto.misbehave(Misbehaviour::DiscoveryStatus(503));
    let rsa_token = logto.logout_token();
    let claims = client
        .verified_jws_claims(&rsa_token, RefetchPolicy::UNTRUSTED)
        .await;
    assert!(
        claims.is_ok(),
        "the RSA key was read in the background: {claims:?}"
    );

    until_called(
        &logto,
        Endpoint::Discovery,
        logto.calls(Endpoint::Discovery) + 2,
    )
    .await;
    let claims = client
        .verified_jws_claims(&rsa_token, RefetchPolicy::UNTRUSTED)
        .await;
    assert!(claims.is_ok(), "failed re-reads kept the keys: {claims:?}");
}
