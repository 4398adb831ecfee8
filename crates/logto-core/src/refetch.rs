//! What to do when a token names a key or algorithm the cached provider does not know: the retry
//! loop every verification runs through ([`ProviderCache::with_fresh_keys`](crate::cache::ProviderCache::with_fresh_keys)), and the decision, made while no
//! fetch is in flight, between using a newer provider, sharing a failure, fetching, or refusing to
//! fetch ([`plan`]).
//!
//! Logto publishes a key before it signs with it and keeps the previous key after a rotation. So a
//! fetch that *started* after a token arrived has seen that token's key: if the key is unknown even
//! then, Logto did not sign the token. Fetches are numbered as they start; a verification reads the
//! count once its token is in hand, and any provider numbered above it settles the question.

use std::time::{Duration, Instant};

use super::LogtoError;

/// How freely a caller's unknown keys may make the app call Logto.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefetchPolicy {
    /// The token came straight from Logto's token endpoint over TLS (ID tokens): an unknown key
    /// is always worth a fetch. Concurrent fetches are still one.
    Trusted,
    /// Anyone on the network can send the token (logout tokens): such tokens start a fetch at
    /// most once per interval, so made-up kids cannot turn the app into a load generator against
    /// Logto. A newer key set fetched for any other reason is still used.
    Bounded(Duration),
}

/// How often tokens from untrusted senders may start a fetch.
pub const UNTRUSTED_REFETCH_INTERVAL: Duration = Duration::from_secs(5);

impl RefetchPolicy {
    /// For tokens anyone can send, such as a back-channel logout token.
    pub const UNTRUSTED: RefetchPolicy = RefetchPolicy::Bounded(UNTRUSTED_REFETCH_INTERVAL);
}

/// Why a token did not pass the check against one provider.
pub enum Rejection {
    /// The token names a key or algorithm this provider does not know: newer keys may help.
    UnknownKey(String),
    /// The token fails verification whatever the keys.
    Invalid(LogtoError),
}

/// What the cache knows when a verification asks for newer keys, read under the fetch lock.
pub struct Situation<'a> {
    /// The generation of the provider the token failed with.
    pub failed_with: u64,
    /// The count of fetches started when the token was in hand.
    pub received: u64,
    /// The cached provider's generation.
    pub current: Option<u64>,
    /// The last fetch, if it failed: its number and cause.
    pub last_failure: Option<(u64, &'a str)>,
    /// When a bounded caller last started a fetch.
    pub last_bounded_fetch: Option<Instant>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// A provider newer than the one the token failed with is cached: try it, no fetch.
    UseCurrent,
    /// A fetch that started after the token arrived has just failed: its answer is ours too.
    ShareFailure(String),
    /// A bounded caller's fetch is too recent.
    RateLimited,
    Fetch,
}

pub fn plan(situation: &Situation<'_>, policy: RefetchPolicy, now: Instant) -> Plan {
    if situation.current.is_some_and(|g| g > situation.failed_with) {
        return Plan::UseCurrent;
    }
    // No cooldown after a failure: a later token (or Logto answering again) fetches at once.
    if let Some((number, cause)) = situation.last_failure
        && number > situation.received
    {
        return Plan::ShareFailure(cause.to_string());
    }
    match policy {
        RefetchPolicy::Bounded(interval)
            if situation
                .last_bounded_fetch
                .is_some_and(|at| now.saturating_duration_since(at) < interval) =>
        {
            Plan::RateLimited
        }
        _ => Plan::Fetch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDED: RefetchPolicy = RefetchPolicy::Bounded(Duration::from_secs(5));

    fn after(failed_with: u64, received: u64) -> Situation<'static> {
        Situation {
            failed_with,
            received,
            current: Some(failed_with),
            last_failure: None,
            last_bounded_fetch: None,
        }
    }

    #[test]
    fn a_provider_fetched_by_someone_else_is_used_without_fetching_whatever_the_policy() {
        let now = Instant::now();
        let situation = Situation {
            current: Some(2),
            last_bounded_fetch: Some(now),
            ..after(1, 1)
        };
        assert_eq!(
            plan(&situation, RefetchPolicy::Trusted, now),
            Plan::UseCurrent
        );
        assert_eq!(plan(&situation, BOUNDED, now), Plan::UseCurrent);
    }

    #[test]
    fn waiters_share_the_failure_of_a_fetch_that_started_after_their_token_arrived() {
        let situation = Situation {
            last_failure: Some((2, "Logto could not be reached")),
            ..after(1, 1)
        };
        let shared = plan(&situation, RefetchPolicy::Trusted, Instant::now());
        assert_eq!(
            shared,
            Plan::ShareFailure("Logto could not be reached".into())
        );
    }

    #[test]
    fn a_failure_from_before_the_token_arrived_does_not_delay_the_next_fetch() {
        let situation = Situation {
            last_failure: Some((2, "Logto could not be reached")),
            ..after(1, 2)
        };
        assert_eq!(
            plan(&situation, RefetchPolicy::Trusted, Instant::now()),
            Plan::Fetch
        );
    }

    #[test]
    fn trusted_tokens_fetch_however_recent_the_last_fetch() {
        let now = Instant::now();
        let situation = Situation {
            last_bounded_fetch: Some(now),
            ..after(3, 3)
        };
        assert_eq!(plan(&situation, RefetchPolicy::Trusted, now), Plan::Fetch);
    }

    #[test]
    fn bounded_tokens_fetch_once_per_interval() {
        let start = Instant::now();
        let situation = Situation {
            last_bounded_fetch: Some(start),
            ..after(3, 3)
        };
        let soon = start + Duration::from_secs(4);
        assert_eq!(plan(&situation, BOUNDED, soon), Plan::RateLimited);
        let later = start + Duration::from_secs(5);
        assert_eq!(plan(&situation, BOUNDED, later), Plan::Fetch);
        assert_eq!(plan(&after(3, 3), BOUNDED, start), Plan::Fetch);
    }
}
