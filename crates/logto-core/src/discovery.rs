//! What discovery gives: Logto's metadata types, and one fetch of the discovery document and the
//! key set it points to, turned into a [`Provider`]; and what the flow inspector shows of it
//! ([`KeysInUse`]). Caching and re-fetching are `cache.rs`'s.

use openidconnect::{
    AdditionalProviderMetadata, ClientId, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl,
    JsonWebKeySet, ProviderMetadata, RedirectUrl,
    core::{
        CoreAuthDisplay, CoreAuthPrompt, CoreClaimName, CoreClaimType, CoreClientAuthMethod,
        CoreErrorResponseType, CoreGenderClaim, CoreGrantType, CoreJsonWebKey,
        CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
        CoreResponseMode, CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
        CoreSubjectIdentifierType, CoreTokenIntrospectionResponse, CoreTokenType,
    },
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::{LogtoError, claims::LogtoClaims};
use crate::settings::LogtoSettings;

/// The discovery fields Logto sends that openidconnect's core metadata has no place for.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct LogtoMetadata {
    pub end_session_endpoint: Option<Url>,
    pub revocation_endpoint: Option<Url>,
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}

impl AdditionalProviderMetadata for LogtoMetadata {}

pub type LogtoProviderMetadata = ProviderMetadata<
    LogtoMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

pub type LogtoIdTokenFields = openidconnect::IdTokenFields<
    LogtoClaims,
    openidconnect::EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
pub type LogtoTokenResponse =
    openidconnect::StandardTokenResponse<LogtoIdTokenFields, CoreTokenType>;
pub type LogtoIdToken = openidconnect::IdToken<
    LogtoClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
/// The claims of a userinfo answer: the standard ones and Logto's
/// [`LogtoClaims`](crate::claims::LogtoClaims).
pub type LogtoUserInfo = openidconnect::UserInfoClaims<LogtoClaims, CoreGenderClaim>;

/// openidconnect's client for one Logto application, with the endpoints discovery gave it.
/// Revocation is sent by hand (see `LogtoClient::revoke`), so the client has no revocation URL.
pub type OidcClient = openidconnect::Client<
    LogtoClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    openidconnect::StandardErrorResponse<CoreErrorResponseType>,
    LogtoTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,      // authorization
    EndpointNotSet,   // device authorization
    EndpointNotSet,   // introspection
    EndpointNotSet,   // revocation
    EndpointMaybeSet, // token
    EndpointMaybeSet, // userinfo
>;

/// What one successful discovery gives: the client, the algorithms ID tokens may use, and the
/// endpoints openidconnect does not model.
pub struct Provider {
    /// openidconnect's client for this application, with the authorization, token and userinfo
    /// endpoints from discovery.
    pub client: OidcClient,
    /// The issuer discovery confirmed, `{endpoint}/oidc`: the `iss` every token must carry.
    pub issuer: String,
    /// The algorithms ID tokens may be signed with (`id_token_signing_alg_values_supported`);
    /// never empty.
    pub id_token_algs: Vec<CoreJwsSigningAlgorithm>,
    /// Logto's end-session (sign-out) endpoint; `{issuer}/session/end` when discovery names none.
    pub end_session_endpoint: Url,
    /// Logto's token revocation endpoint (RFC 7009); `{issuer}/token/revocation` when discovery
    /// names none.
    pub revocation_endpoint: Url,
    /// Whether Logto says it adds `iss` to the authorization response (RFC 9207); when true, a
    /// callback without it is refused.
    pub iss_parameter_supported: bool,
    /// Logto's published keys, as fetched with this discovery.
    pub jwks: JsonWebKeySet<CoreJsonWebKey>,
    /// The number of the fetch that produced this provider (see `ProviderCache::fetches_started`):
    /// a fetch numbered above the count read when a token arrived has seen that token's key.
    pub generation: u64,
    /// When this discovery was fetched (unix seconds): for the inspector.
    pub fetched_at: i64,
    /// How long fetching discovery and the key set took, in milliseconds: for the inspector.
    pub fetch_ms: u32,
}

/// Reads discovery and the key set it points to, and builds the client from them.
pub async fn fetch_provider(
    settings: &LogtoSettings,
    redirect_url: &RedirectUrl,
    http: &reqwest::Client,
    generation: u64,
) -> Result<Provider, LogtoError> {
    let issuer = settings.issuer();
    let issuer_url =
        IssuerUrl::new(issuer.clone()).map_err(|e| LogtoError::Discovery(e.to_string()))?;
    let started = std::time::Instant::now();
    // Checks that the document's `issuer` equals the one we asked for, and fetches the JWKS.
    let metadata = LogtoProviderMetadata::discover_async(issuer_url, http)
        .await
        .map_err(LogtoError::from_discovery);
    crate::metrics::logto_call("discovery_and_keys", started, metadata.is_ok());
    let metadata = metadata?;

    let extra = metadata.additional_metadata().clone();
    // Logto always advertises both; fall back to its fixed paths for a trimmed-down document.
    let revocation = match extra.revocation_endpoint.clone() {
        Some(url) => url,
        None => endpoint_under(&issuer, "token/revocation")?,
    };
    let end_session_endpoint = match extra.end_session_endpoint.clone() {
        Some(url) => url,
        None => endpoint_under(&issuer, "session/end")?,
    };
    // Logto signs with ES384 by default and RS256 after a switch to RSA: trust discovery.
    let id_token_algs = metadata.id_token_signing_alg_values_supported().clone();
    if id_token_algs.is_empty() {
        return Err(LogtoError::Discovery(
            "discovery lists no ID token signing algorithm".into(),
        ));
    }

    // Kept for tokens openidconnect has no verifier for (logout tokens, see `jws.rs`).
    let jwks = metadata.jwks().clone();
    let client = OidcClient::from_provider_metadata(
        metadata,
        ClientId::new(settings.app_id.clone()),
        Some(settings.app_secret.clone()),
    )
    .set_redirect_uri(redirect_url.clone());

    Ok(Provider {
        client,
        issuer,
        id_token_algs,
        end_session_endpoint,
        revocation_endpoint: revocation,
        iss_parameter_supported: extra.authorization_response_iss_parameter_supported,
        jwks,
        generation,
        fetched_at: super::unix_now(),
        fetch_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
    })
}

fn endpoint_under(issuer: &str, path: &str) -> Result<Url, LogtoError> {
    Url::parse(&format!("{issuer}/{path}")).map_err(|e| LogtoError::Discovery(e.to_string()))
}

/// The discovery document and keys the app is using, for the inspector page.
pub struct KeysInUse {
    /// The issuer discovery confirmed, `{endpoint}/oidc`.
    pub issuer: String,
    /// When discovery and keys were fetched (unix seconds).
    pub fetched_at: i64,
    /// How long that fetch took, in milliseconds.
    pub fetch_ms: u32,
    /// The algorithms ID tokens may be signed with, by their JOSE names (`ES384`, `RS256`…).
    pub algorithms: Vec<String>,
    /// `(kid, "kty alg crv")` of each published key.
    pub keys: Vec<(String, String)>,
    /// `(metadata name, URL)` of each endpoint the client uses, e.g. `("token_endpoint", …)`:
    /// authorization, token and userinfo (when discovery lists them), revocation, end-session.
    pub endpoints: Vec<(&'static str, String)>,
}

impl Provider {
    /// What this discovery gave, for display.
    pub(crate) fn keys_in_use(&self) -> KeysInUse {
        let provider = self;
        let keys = provider
            .jwks
            .keys()
            .iter()
            .map(|key| {
                let value = serde_json::to_value(key).unwrap_or_default();
                let field = |n: &str| value.get(n).and_then(Value::as_str).unwrap_or("");
                let about = [field("kty"), field("alg"), field("crv")]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                (field("kid").to_string(), about)
            })
            .collect();
        let mut endpoints = vec![(
            "authorization_endpoint",
            provider.client.auth_uri().to_string(),
        )];
        if let Some(token) = provider.client.token_uri() {
            endpoints.push(("token_endpoint", token.to_string()));
        }
        if let Some(userinfo) = provider.client.user_info_url() {
            endpoints.push(("userinfo_endpoint", userinfo.to_string()));
        }
        endpoints.push((
            "revocation_endpoint",
            provider.revocation_endpoint.to_string(),
        ));
        endpoints.push((
            "end_session_endpoint",
            provider.end_session_endpoint.to_string(),
        ));
        KeysInUse {
            issuer: provider.issuer.clone(),
            fetched_at: provider.fetched_at,
            fetch_ms: provider.fetch_ms,
            algorithms: provider
                .id_token_algs
                .iter()
                .filter_map(|alg| serde_json::to_value(alg).ok()?.as_str().map(str::to_string))
                .collect(),
            keys,
            endpoints,
        }
    }
}
