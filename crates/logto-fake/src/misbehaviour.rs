//! The ways the fake Logto can misbehave on purpose. Each stays in effect until
//! [`FakeLogto::clear_misbehaviour`](super::FakeLogto::clear_misbehaviour); several can be combined.

use std::time::Duration;

/// One deliberate deviation from what a real Logto does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Misbehaviour {
    // --- ID tokens (from the code grant and the refresh grant) ---
    /// `iss` is `{endpoint}/wrong-tenant/oidc`.
    IdTokenWrongIssuer,
    /// `aud` is `"another-app-id"`.
    IdTokenWrongAudience,
    /// No `aud` claim at all.
    IdTokenMissingAudience,
    /// `nonce` is `"not-the-nonce-you-sent"` (also when the client sent none).
    IdTokenWrongNonce,
    /// No `nonce` claim, whatever the client sent.
    IdTokenMissingNonce,
    /// A valid token whose signature has its first byte flipped.
    IdTokenBadSignature,
    /// Header `{"alg":"none","typ":"JWT"}` (no kid) and an empty signature: `header.payload.`
    IdTokenAlgNone,
    /// `iat` 70 minutes ago, `exp` 10 minutes ago.
    IdTokenExpired,
    /// `exp` this many seconds ago (`iat` an hour before it): inside or beyond the clock leeway.
    IdTokenExpiredSecondsAgo(i64),
    /// `iat` this many seconds in the future (`exp` = `iat` + 3600).
    IdTokenIatInFuture(i64),
    /// No `iat` claim.
    IdTokenMissingIat,
    /// No `sub` claim.
    IdTokenMissingSub,
    /// Signed with the *pending* P-384 key, whose kid is not in the JWKS. A JWKS re-fetch does not
    /// help until the test calls [`FakeLogto::rotate_to_new_ec_key`](super::FakeLogto::rotate_to_new_ec_key),
    /// which publishes exactly that key, makes it the current key and removes this misbehaviour
    /// (so tokens already issued under it verify after a re-fetch, and new ones are signed normally
    /// with the now-current key).
    IdTokenUnknownKid,
    /// The header has no `kid` (signed with the current key). openidconnect still accepts it when
    /// exactly one published key fits the algorithm.
    IdTokenNoKid,
    /// `at_hash` is computed over a different access token.
    AtHashMismatch,
    /// No `at_hash` claim (OpenID Connect makes it optional in the code flow).
    IdTokenMissingAtHash,
    /// Signed ES256 with a P-256 key that the JWKS publishes while this is in effect; discovery
    /// keeps advertising only the current key's algorithm (ES384), so a verifier that follows
    /// discovery rejects the token even after a re-fetch.
    IdTokenSignedEs256,

    // --- Authorization endpoint (the callback URL) ---
    /// The callback's `iss` parameter is `{endpoint}/wrong-tenant/oidc`.
    CallbackWrongIss,
    /// The callback carries no `iss` parameter.
    CallbackMissingIss,
    /// The user cancels at Logto: the callback is
    /// `?error=access_denied&error_description=End-User+aborted+interaction&state=…&iss=…`.
    UserCancels,

    // --- Token endpoint ---
    /// Every token request answers this status with a Logto JSON error body (after recording it).
    TokenStatus(u16),
    /// Every token request waits this long before answering.
    TokenDelay(Duration),
    /// Every token request answers 200 `application/json` with a truncated JSON body.
    TokenMalformedJson,
    /// Refresh-token grants answer 400 `invalid_grant` (the fixture body) and end the grant.
    RefreshInvalidGrant,
    /// A refreshed ID token has `iss` `{endpoint}/wrong-tenant/oidc`.
    RefreshWrongIssuer,
    /// A refreshed ID token has `sub` `"someone-else"`.
    RefreshWrongSub,
    /// Refresh-token grants wait this long before answering.
    RefreshDelay(Duration),
    /// Refresh-token grants are made at once (the refresh token rotated, the new tokens issued)
    /// and their answer arrives this long after: Logto answered, the network was slow.
    RefreshAnswerDelay(Duration),
    /// A token request with `resource` or `organization_id` answers 400 `invalid_target`.
    ResourceInvalidTarget,
    /// A token request with `resource` or `organization_id` answers 400 `access_denied`
    /// (e.g. the user is not a member of the organization).
    ResourceForbidden,

    // --- Userinfo, discovery, keys, revocation ---
    /// `/oidc/me` returns `sub` `"someone-else"` (other claims unchanged).
    UserinfoSubMismatch,
    /// `/oidc/me` answers this status with a Logto JSON error body.
    UserinfoStatus(u16),
    /// `/api/.well-known/account-center` answers this status with a Logto JSON error body.
    AccountCenterStatus(u16),
    /// `/oidc/me` waits this long before answering.
    UserinfoDelay(Duration),
    /// Discovery answers this status with a Logto JSON error body.
    DiscoveryStatus(u16),
    /// Discovery's `issuer` is `{endpoint}/wrong-tenant/oidc` (the URLs are unchanged).
    DiscoveryIssuerMismatch,
    /// Discovery waits this long before answering.
    DiscoveryDelay(Duration),
    /// Discovery says `authorization_response_iss_parameter_supported: false`, as a provider
    /// without RFC 9207 would (Logto says `true`).
    DiscoveryWithoutIssParameter,
    /// `/oidc/jwks` answers this status with a Logto JSON error body.
    JwksStatus(u16),
    /// `/oidc/token/revocation` answers this status with a Logto JSON error body (after recording).
    RevocationStatus(u16),
}
