//! ID-token verification: signature with the algorithms discovery lists, `iss`, `aud`, `exp` and
//! `iat` with leeway, `nonce`, and `at_hash` when present. A key or algorithm the cached provider
//! does not know (Logto rotated its keys, maybe from EC to RSA) looks for newer keys first
//! (`refetch.rs`).

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::Utc;
use openidconnect::{
    AccessToken, AccessTokenHash, ClaimsVerificationError, IdTokenClaims, Nonce,
    SignatureVerificationError,
    core::{CoreGenderClaim, CoreIdTokenVerifier},
};

use super::{
    LogtoError,
    cache::ProviderCache,
    claims::LogtoClaims,
    discovery::{LogtoIdToken, Provider},
    refetch::{RefetchPolicy, Rejection},
    report::{self, IdTokenReport},
};
use crate::observe::{CheckId, Trace};

pub type VerifiedClaims = IdTokenClaims<LogtoClaims, CoreGenderClaim>;

/// Verifies an ID token from Logto's token endpoint, which is trusted to be worth a key re-fetch,
/// and reports each check to `trace`.
pub async fn id_token(
    cache: &ProviderCache,
    provider: Arc<Provider>,
    token: &LogtoIdToken,
    nonce: NonceRule<'_>,
    access_token: &AccessToken,
    leeway: Duration,
    trace: &mut Trace,
) -> Result<VerifiedClaims, LogtoError> {
    let first_generation = provider.generation;
    let issuer = provider.issuer.clone();
    // Which check refused the token, for the inspector (the error alone does not say).
    let failed = Mutex::new(None);
    let result = cache
        .with_fresh_keys(provider, RefetchPolicy::Trusted, |provider| {
            let keys = (provider.fetched_at, provider.generation != first_generation);
            verify(provider, token, nonce, access_token, leeway)
                .map(|claims| (claims, keys))
                .map_err(|failure| {
                    *failed.lock().unwrap_or_else(|p| p.into_inner()) = Some(failure.check());
                    failure.into_rejection()
                })
        })
        .await;
    let raw = if trace.is_on() {
        token.to_string()
    } else {
        String::new()
    };
    let report = IdTokenReport {
        raw: &raw,
        issuer: &issuer,
        leeway,
        nonce_required: matches!(nonce, NonceRule::Required(_)),
        keys: result.as_ref().ok().map(|(_, keys)| *keys),
    };
    let outcome = match &result {
        Ok(_) => Ok(()),
        Err(err) => Err((err, *failed.lock().unwrap_or_else(|p| p.into_inner()))),
    };
    report::id_token(trace, &report, outcome);
    result.map(|(claims, _)| claims)
}

/// Every check but the signature's (and so `at_hash`'s), for a refreshed ID token that arrived
/// over the token endpoint while Logto's keys could not be fetched. OpenID Connect Core 3.1.3.7
/// lets the TLS connection stand in for the signature of a token from the token endpoint; the
/// caller still keeps the previous ID token rather than this one.
pub fn id_token_without_signature(
    provider: &Provider,
    token: &LogtoIdToken,
    nonce: NonceRule<'_>,
    leeway: Duration,
) -> Result<VerifiedClaims, LogtoError> {
    let verifier = verifier(provider, leeway).insecure_disable_signature_check();
    token
        .claims(&verifier, |claim: Option<&Nonce>| nonce.check(claim))
        .cloned()
        .map_err(LogtoError::from_claims)
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
            Some(claim) if crate::secrets_match(claim.secret(), expected.secret()) => Ok(()),
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

/// openidconnect reports a token from the future as "expired": this message tells them apart.
const ISSUED_IN_THE_FUTURE: &str = "ID token issued in the future";

impl Failure {
    /// The check that failed, as the inspector names it.
    fn check(&self) -> CheckId {
        match self {
            Failure::Claims(ClaimsVerificationError::Unsupported(_)) => CheckId::Header,
            Failure::Claims(ClaimsVerificationError::InvalidIssuer(_)) => CheckId::Issuer,
            Failure::Claims(ClaimsVerificationError::InvalidAudience(_)) => CheckId::Audience,
            Failure::Claims(ClaimsVerificationError::SignatureVerification(_)) => {
                CheckId::Signature
            }
            Failure::Claims(ClaimsVerificationError::Expired(message))
                if message.starts_with(ISSUED_IN_THE_FUTURE) =>
            {
                CheckId::IssuedAt
            }
            Failure::Claims(ClaimsVerificationError::Expired(_)) => CheckId::Expiry,
            Failure::Claims(ClaimsVerificationError::InvalidNonce(_)) => CheckId::Nonce,
            Failure::Claims(_) => CheckId::Claims,
            Failure::AtHash(_) => CheckId::AtHash,
        }
    }

    fn into_rejection(self) -> Rejection {
        match self {
            Failure::Claims(ClaimsVerificationError::SignatureVerification(
                reason @ (SignatureVerificationError::NoMatchingKey
                | SignatureVerificationError::DisallowedAlg(_)),
            )) => Rejection::UnknownKey(reason.to_string()),
            Failure::Claims(e) => Rejection::Invalid(LogtoError::from_claims(e)),
            Failure::AtHash(message) => Rejection::Invalid(LogtoError::TokenRejected(message)),
        }
    }
}

fn verifier(provider: &Provider, leeway: Duration) -> CoreIdTokenVerifier<'_> {
    let leeway =
        chrono::Duration::from_std(leeway).unwrap_or_else(|_| chrono::Duration::seconds(60));
    provider
        .client
        .id_token_verifier()
        .set_allowed_algs(provider.id_token_algs.clone())
        // openidconnect compares `exp` with "now" and no leeway: moving "now" back by the leeway
        // accepts a token that expired less than the leeway ago, for clocks slightly behind.
        .set_time_fn(move || Utc::now() - leeway)
        // openidconnect does not check `iat` by default; a token from the future is refused.
        .set_issue_time_verifier_fn(move |iat| {
            if iat > Utc::now() + leeway {
                Err(format!("{ISSUED_IN_THE_FUTURE} ({iat})"))
            } else {
                Ok(())
            }
        })
}

fn verify(
    provider: &Provider,
    token: &LogtoIdToken,
    nonce: NonceRule<'_>,
    access_token: &AccessToken,
    leeway: Duration,
) -> Result<VerifiedClaims, Failure> {
    let verifier = verifier(provider, leeway);
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
