//! The cached [`Provider`] (discovery and keys) and every fetch of it: lazily on first use, again
//! when a token names a key we have not seen (see `refetch.rs`), and now and then in the background.
//!
//! Start-up never waits for Logto. The first request that needs Logto fetches discovery (and the
//! key set with it); a background task keeps retrying with backoff while Logto is unreachable, so
//! `/readyz` turns ready by itself when Logto comes back, and then re-reads discovery every
//! [`REREAD_INTERVAL`] so a rotation is usually known before any token needs it.

use std::{
    sync::{
        Arc, RwLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use openidconnect::RedirectUrl;
use tokio::sync::Mutex;

use super::{
    LogtoError,
    discovery::{Provider, fetch_provider},
    refetch::{Plan, RefetchPolicy, Rejection, Situation, plan},
};
use crate::settings::LogtoSettings;

/// How often the background task re-reads discovery and keys. A rotation is then picked up within
/// this long even when no token has named the new key yet; tokens that do name it fetch at once.
pub const REREAD_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// After a failed first-time discovery, requests answer "Logto is unreachable" at once for this
/// long instead of each waiting out a connect timeout (the warm-up task keeps retrying).
const FAIL_FAST: Duration = Duration::from_secs(2);

/// Caches the [`Provider`]; every fetch happens under one lock, so concurrent requests that need
/// newer keys wait for the fetch in flight and use its result.
pub struct ProviderCache {
    settings: LogtoSettings,
    redirect_url: RedirectUrl,
    http: reqwest::Client,
    current: RwLock<Option<Arc<Provider>>>,
    /// Fetches started so far, successful or not; each provider carries its fetch's number.
    started: AtomicU64,
    history: Mutex<History>,
}

#[derive(Default)]
struct History {
    /// The last fetch, when it failed (cleared by a success).
    last_failure: Option<Failure>,
    /// When a [`RefetchPolicy::Bounded`] caller last started a fetch, failed or not.
    last_bounded_fetch: Option<Instant>,
}

struct Failure {
    number: u64,
    at: Instant,
    cause: String,
}

impl ProviderCache {
    pub fn new(settings: LogtoSettings, redirect_url: RedirectUrl, http: reqwest::Client) -> Self {
        Self {
            settings,
            redirect_url,
            http,
            current: RwLock::new(None),
            started: AtomicU64::new(0),
            history: Mutex::new(History::default()),
        }
    }

    /// The cached provider, if discovery has succeeded.
    pub fn cached(&self) -> Option<Arc<Provider>> {
        self.current
            .read()
            .map(|p| p.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// How many fetches have started; see `refetch.rs` for why verifications read it.
    pub fn fetches_started(&self) -> u64 {
        self.started.load(Ordering::SeqCst)
    }

    /// The cached provider, or a fresh fetch when there is none yet.
    pub async fn get(&self) -> Result<Arc<Provider>, LogtoError> {
        if let Some(provider) = self.cached() {
            return Ok(provider);
        }
        let mut history = self.history.lock().await;
        // Another request may have fetched it while this one waited for the lock.
        if let Some(provider) = self.cached() {
            return Ok(provider);
        }
        if history
            .last_failure
            .as_ref()
            .is_some_and(|f| f.at.elapsed() < FAIL_FAST)
        {
            return Err(LogtoError::Discovery(
                "discovery failed moments ago; not retrying yet".into(),
            ));
        }
        self.fetch_locked(&mut history).await
    }

    /// Runs `check` against `provider`, and again against newer providers while it fails on an
    /// unknown key, until a provider fetched after the token arrived has answered.
    pub async fn with_fresh_keys<T>(
        &self,
        mut provider: Arc<Provider>,
        policy: RefetchPolicy,
        check: impl Fn(&Provider) -> Result<T, Rejection>,
    ) -> Result<T, LogtoError> {
        // The token is in hand: fetches numbered above this started after it was signed.
        let received = self.fetches_started();
        loop {
            match check(&provider) {
                Ok(value) => return Ok(value),
                Err(Rejection::Invalid(err)) => return Err(err),
                Err(Rejection::UnknownKey(reason)) if provider.generation > received => {
                    return Err(LogtoError::TokenRejected(format!(
                        "{reason}, even in keys fetched after the token arrived"
                    )));
                }
                Err(Rejection::UnknownKey(reason)) => {
                    tracing::info!(%reason, "a token uses a key or algorithm we have not seen; looking for newer keys");
                    // Always newer than `provider`, so the loop ends by `received` at the latest.
                    provider = self.newer_than(&provider, received, policy).await?;
                }
            }
        }
    }

    /// A provider newer than `failed_with`, for a token that named a key or algorithm it does
    /// not know and arrived when `received` fetches had started. Waits for a fetch in flight;
    /// fetches only when no usable answer exists and `policy` allows it.
    pub async fn newer_than(
        &self,
        failed_with: &Provider,
        received: u64,
        policy: RefetchPolicy,
    ) -> Result<Arc<Provider>, LogtoError> {
        let mut history = self.history.lock().await;
        let current = self.cached();
        let situation = Situation {
            failed_with: failed_with.generation,
            received,
            current: current.as_ref().map(|p| p.generation),
            last_failure: history
                .last_failure
                .as_ref()
                .map(|f| (f.number, f.cause.as_str())),
            last_bounded_fetch: history.last_bounded_fetch,
        };
        let now = Instant::now();
        match (plan(&situation, policy, now), current) {
            (Plan::UseCurrent, Some(provider)) => Ok(provider),
            (Plan::ShareFailure(cause), _) => Err(LogtoError::KeysUnavailable(cause)),
            (Plan::RateLimited, _) => Err(LogtoError::KeysUnavailable(
                "keys were fetched for an untrusted token moments ago; not fetching again yet"
                    .into(),
            )),
            _ => {
                if policy != RefetchPolicy::Trusted {
                    history.last_bounded_fetch = Some(now);
                }
                tracing::info!("re-fetching Logto discovery and signing keys");
                self.fetch_locked(&mut history)
                    .await
                    .map_err(|err| LogtoError::KeysUnavailable(err.chain()))
            }
        }
    }

    /// Loads discovery, retrying with exponential backoff (2 s up to 60 s) until it succeeds,
    /// then re-reads it every `every`, keeping the old provider when a re-read fails.
    pub async fn upkeep(self: Arc<Self>, every: Duration) {
        self.warm_up().await;
        loop {
            tokio::time::sleep(every).await;
            let mut history = self.history.lock().await;
            match self.fetch_locked(&mut history).await {
                Ok(provider) => {
                    tracing::debug!(generation = provider.generation, "Logto discovery re-read")
                }
                Err(err) => {
                    tracing::warn!(error = %err.chain(), "could not re-read Logto discovery; keeping the keys we have")
                }
            }
        }
    }

    async fn warm_up(&self) {
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

    /// One fetch; the caller holds the lock, so fetches never overlap and numbers only grow.
    /// The cached provider is replaced only on success.
    async fn fetch_locked(&self, history: &mut History) -> Result<Arc<Provider>, LogtoError> {
        let number = self.started.fetch_add(1, Ordering::SeqCst) + 1;
        match fetch_provider(&self.settings, &self.redirect_url, &self.http, number).await {
            Ok(provider) => {
                let provider = Arc::new(provider);
                match self.current.write() {
                    Ok(mut guard) => *guard = Some(provider.clone()),
                    Err(poisoned) => *poisoned.into_inner() = Some(provider.clone()),
                }
                history.last_failure = None;
                Ok(provider)
            }
            Err(err) => {
                history.last_failure = Some(Failure {
                    number,
                    at: Instant::now(),
                    cause: err.chain(),
                });
                Err(err)
            }
        }
    }
}
