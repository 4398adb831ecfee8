//! Logto's discovery document and key set: fetched lazily, cached, re-fetched on a key rotation.
//!
//! Start-up never waits for Logto. The first request that needs Logto fetches discovery (and the
//! key set with it); a background task keeps retrying with backoff while Logto is unreachable, so
//! `/readyz` turns ready by itself when Logto comes back.

use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use openidconnect::{
    AdditionalProviderMetadata, ClientId, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl,
    ProviderMetadata, RedirectUrl,
    core::{
        CoreAuthDisplay, CoreAuthPrompt, CoreClaimName, CoreClaimType, CoreClientAuthMethod,
        CoreErrorResponseType, CoreGenderClaim, CoreGrantType, CoreJsonWebKey,
        CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
        CoreResponseMode, CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
        CoreSubjectIdentifierType, CoreTokenIntrospectionResponse, CoreTokenType,
    },
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use url::Url;

use super::{LogtoError, claims::LogtoClaims};
use crate::config::LogtoSettings;

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
    pub client: OidcClient,
    pub issuer: String,
    pub id_token_algs: Vec<CoreJwsSigningAlgorithm>,
    pub end_session_endpoint: Url,
    pub revocation_endpoint: Url,
    pub iss_parameter_supported: bool,
}

/// Caches the [`Provider`] and decides when to fetch it again.
pub struct Discovery {
    settings: LogtoSettings,
    redirect_url: RedirectUrl,
    http: reqwest::Client,
    current: RwLock<Option<Arc<Provider>>>,
    /// Held while fetching, so concurrent requests make one fetch.
    fetch: Mutex<FetchHistory>,
}

#[derive(Default)]
struct FetchHistory {
    /// When the last re-fetch caused by an unknown key or algorithm began.
    last_refetch: Option<Instant>,
    /// When the last first-time fetch failed: requests fail fast for a moment instead of each
    /// waiting out a connect timeout while Logto is down (the warm-up task keeps retrying).
    last_failure: Option<Instant>,
}

/// An unknown `kid` or algorithm re-fetches discovery at most this often, so a flood of forged
/// tokens cannot turn the app into a load generator against Logto.
const REFETCH_INTERVAL: Duration = Duration::from_secs(30);
/// After a failed discovery, requests answer "Logto is unreachable" at once for this long.
const FAIL_FAST: Duration = Duration::from_secs(2);

impl Discovery {
    pub fn new(settings: LogtoSettings, redirect_url: RedirectUrl, http: reqwest::Client) -> Self {
        Self {
            settings,
            redirect_url,
            http,
            current: RwLock::new(None),
            fetch: Mutex::new(FetchHistory::default()),
        }
    }

    /// The cached provider, if discovery has succeeded.
    pub fn cached(&self) -> Option<Arc<Provider>> {
        self.current
            .read()
            .map(|p| p.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// The cached provider, or a fresh fetch when there is none yet.
    pub async fn get(&self) -> Result<Arc<Provider>, LogtoError> {
        if let Some(provider) = self.cached() {
            return Ok(provider);
        }
        let mut history = self.fetch.lock().await;
        // Another request may have fetched it while this one waited for the lock.
        if let Some(provider) = self.cached() {
            return Ok(provider);
        }
        if history
            .last_failure
            .is_some_and(|at| at.elapsed() < FAIL_FAST)
        {
            return Err(LogtoError::Discovery(
                "discovery failed moments ago; not retrying yet".into(),
            ));
        }
        let result = self.fetch_and_store().await;
        history.last_failure = result.is_err().then(Instant::now);
        result
    }

    /// Fetches discovery and keys again after a token arrived with a key or algorithm the cached
    /// provider does not know. Returns `None` when the last fetch was too recent.
    pub async fn refetch(&self) -> Result<Option<Arc<Provider>>, LogtoError> {
        let mut history = self.fetch.lock().await;
        if history
            .last_refetch
            .is_some_and(|at| at.elapsed() < REFETCH_INTERVAL)
        {
            tracing::warn!("signing keys were re-fetched less than 30 s ago; not fetching again");
            return Ok(None);
        }
        history.last_refetch = Some(Instant::now());
        tracing::info!("re-fetching Logto discovery and signing keys");
        self.fetch_and_store().await.map(Some)
    }

    /// Retries discovery with exponential backoff (2 s up to 60 s) until it succeeds once.
    pub async fn warm_up(self: Arc<Self>) {
        let mut delay = FAIL_FAST;
        loop {
            match self.get().await {
                Ok(_) => {
                    tracing::info!(issuer = %self.settings.issuer(), "Logto discovery loaded");
                    return;
                }
                Err(err) => {
                    tracing::warn!(error = %err.chain(), retry_in_secs = delay.as_secs(), "Logto is not reachable yet");
                }
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(60));
        }
    }

    async fn fetch_and_store(&self) -> Result<Arc<Provider>, LogtoError> {
        let provider = Arc::new(self.fetch_provider().await?);
        match self.current.write() {
            Ok(mut guard) => *guard = Some(provider.clone()),
            Err(poisoned) => *poisoned.into_inner() = Some(provider.clone()),
        }
        Ok(provider)
    }

    async fn fetch_provider(&self) -> Result<Provider, LogtoError> {
        let issuer = self.settings.issuer();
        let issuer_url =
            IssuerUrl::new(issuer.clone()).map_err(|e| LogtoError::Discovery(e.to_string()))?;
        // Checks that the document's `issuer` equals the one we asked for, and fetches the JWKS.
        let metadata = LogtoProviderMetadata::discover_async(issuer_url, &self.http)
            .await
            .map_err(LogtoError::from_discovery)?;

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

        let client = OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.app_id.clone()),
            Some(self.settings.app_secret.clone()),
        )
        .set_redirect_uri(self.redirect_url.clone());

        Ok(Provider {
            client,
            issuer,
            id_token_algs,
            end_session_endpoint,
            revocation_endpoint: revocation,
            iss_parameter_supported: extra.authorization_response_iss_parameter_supported,
        })
    }
}

fn endpoint_under(issuer: &str, path: &str) -> Result<Url, LogtoError> {
    Url::parse(&format!("{issuer}/{path}")).map_err(|e| LogtoError::Discovery(e.to_string()))
}
