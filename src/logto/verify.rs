//! ID-token verification: signature with the algorithms discovery lists, `iss`, `aud`, `exp` and
//! `iat` with leeway, `nonce`, and `at_hash` when present. A key or algorithm the cached provider
//! does not know (Logto rotated its keys, maybe from EC to RSA) re-fetches discovery once.

use std::{sync::Arc, time::Duration};

use chrono::Utc;
use openidconnect::{
    AccessToken, AccessTokenHash, ClaimsVerificationError, IdTokenClaims, Nonce,
    SignatureVerificationError, core::CoreGenderClaim,
};

use super::{
    LogtoError,
    claims::LogtoClaims,
    discovery::{Discovery, LogtoIdToken, Provider},
};

pub type VerifiedClaims = IdTokenClaims<LogtoClaims, CoreGenderClaim>;

pub async fn id_token(
    discovery: &Discovery,
    provider: Arc<Provider>,
    token: &LogtoIdToken,
    nonce: NonceRule<'_>,
    access_token: &AccessToken,
    leeway: Duration,
) -> Result<VerifiedClaims, LogtoError> {
    match verify(&provider, token, nonce, access_token, leeway) {
        Err(Failure::Claims(ClaimsVerificationError::SignatureVerification(
            reason @ (SignatureVerificationError::NoMatchingKey
            | SignatureVerificationError::DisallowedAlg(_)),
        ))) => {
            tracing::info!(%reason, "ID token uses a key or algorithm we have not seen; checking Logto for new keys");
            match discovery.refetch().await? {
                Some(fresh) => {
                    verify(&fresh, token, nonce, access_token, leeway).map_err(Failure::into_logto)
                }
                None => Err(LogtoError::TokenRejected(reason.to_string())),
            }
        }
        other => other.map_err(Failure::into_logto),
    }
}

/// How the `nonce` claim is checked.
#[derive(Clone, Copy)]
pub enum NonceRule<'a> {
    /// At sign-in: the claim must be present and equal the nonce we sent.
    Required(&'a Nonce),
    /// At refresh: Logto repeats the original nonce; a different one is refused, a missing one
    /// is accepted (the token was just fetched with our refresh token over a direct channel).
    SameIfPresent(&'a Nonce),
}

impl NonceRule<'_> {
    fn check(self, claim: Option<&Nonce>) -> Result<(), String> {
        let (expected, required) = match self {
            NonceRule::Required(n) => (n, true),
            NonceRule::SameIfPresent(n) => (n, false),
        };
        match claim {
            Some(claim) if crate::auth::secrets_match(claim.secret(), expected.secret()) => Ok(()),
            Some(_) => Err("nonce mismatch".into()),
            None if required => Err("missing nonce claim".into()),
            None => Ok(()),
        }
    }
}

enum Failure {
    Claims(ClaimsVerificationError),
    AtHash(String),
}

impl Failure {
    fn into_logto(self) -> LogtoError {
        match self {
            Failure::Claims(e) => LogtoError::from_claims(e),
            Failure::AtHash(message) => LogtoError::TokenRejected(message),
        }
    }
}

fn verify(
    provider: &Provider,
    token: &LogtoIdToken,
    nonce: NonceRule<'_>,
    access_token: &AccessToken,
    leeway: Duration,
) -> Result<VerifiedClaims, Failure> {
    let leeway =
        chrono::Duration::from_std(leeway).unwrap_or_else(|_| chrono::Duration::seconds(60));
    let verifier = provider
        .client
        .id_token_verifier()
        .set_allowed_algs(provider.id_token_algs.clone())
        // openidconnect compares `exp` with "now" and no leeway: moving "now" back by the leeway
        // accepts a token that expired less than the leeway ago, for clocks slightly behind.
        .set_time_fn(move || Utc::now() - leeway)
        // openidconnect does not check `iat` by default; a token from the future is refused.
        .set_issue_time_verifier_fn(move |iat| {
            if iat > Utc::now() + leeway {
                Err(format!("ID token issued in the future ({iat})"))
            } else {
                Ok(())
            }
        });
    let claims = token
        .claims(&verifier, |claim: Option<&Nonce>| nonce.check(claim))
        .map_err(Failure::Claims)?;

    if let Some(expected) = claims.access_token_hash() {
        let alg = token
            .signing_alg()
            .map_err(|e| Failure::AtHash(e.to_string()))?;
        let key = token
            .signing_key(&verifier)
            .map_err(|e| Failure::AtHash(e.to_string()))?;
        let actual = AccessTokenHash::from_token(access_token, alg, key)
            .map_err(|e| Failure::AtHash(e.to_string()))?;
        if actual != *expected {
            return Err(Failure::AtHash(
                "at_hash does not match the access token".into(),
            ));
        }
    }
    Ok(claims.clone())
}
