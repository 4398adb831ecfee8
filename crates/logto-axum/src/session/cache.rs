//! This process's cache of parsed sessions, so a page view costs no store round trip and no
//! unsealing.
//!
//! Coherence: this process's own writes update the cache as they happen; with Redis, other
//! replicas announce every write and delete (`store/redis.rs`) and the key is dropped here. A
//! value read from the store is cached only if no write or announcement arrived while it was
//! being read (the `epoch`), so a read that raced a sign-out elsewhere can never resurrect the
//! session here. While the announcements are down, nothing is served from the cache; entries
//! also expire after a while, as a last line of defence.

use std::{
    sync::{
        Arc, RwLock,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use rustc_hash::FxHashMap;

#[cfg(feature = "redis")]
use super::store::Invalidations;
use super::{data::SessionData, keys::StoreKey};
use logto_core::unix_now;

/// At most this many sessions are cached (a few KiB each); past that the cache starts over, and
/// sessions are read from the store again as they are used.
const MAX_ENTRIES: usize = 10_000;

/// Parsed sessions by store key, for this process. An entry is served only while the cache is
/// enabled, its session has not expired, and it is younger than the cache's maximum age.
pub struct Cache {
    /// FxHash rather than SipHash: a key is an HMAC under the server's key, which no visitor can
    /// choose, so there are no collisions to force.
    entries: RwLock<FxHashMap<StoreKey, Entry>>,
    epoch: AtomicU64,
    enabled: AtomicBool,
    max_age: Duration,
    instance: String,
}

struct Entry {
    data: Arc<SessionData>,
    expires_at: i64,
    cached_at: Instant,
}

/// The epoch read before a store read: proof that nothing changed while the read was under way.
#[derive(Clone, Copy)]
pub struct Epoch(u64);

impl Cache {
    /// `enabled`: false for Redis until its subscription is up. `instance` names this process in
    /// announcements.
    pub fn new(enabled: bool, max_age: Duration, instance: String) -> Self {
        Self {
            entries: RwLock::new(FxHashMap::default()),
            epoch: AtomicU64::new(0),
            enabled: AtomicBool::new(enabled),
            max_age,
            instance,
        }
    }

    /// The name this process gives itself in announcements, so it can skip its own.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The cached session, or `None`: ask the store.
    pub fn get(&self, key: &StoreKey) -> Option<Arc<SessionData>> {
        if !self.enabled.load(Ordering::Acquire) {
            return None;
        }
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        let entry = entries.get(key)?;
        (entry.expires_at > unix_now() && entry.cached_at.elapsed() < self.max_age)
            .then(|| entry.data.clone())
    }

    /// The epoch to take before a store read and hand to [`Cache::insert_read`]: it moves on
    /// with every write, removal and clearing.
    pub fn epoch(&self) -> Epoch {
        Epoch(self.epoch.load(Ordering::Acquire))
    }

    /// Caches what a store read returned, unless something changed since `before`.
    pub fn insert_read(
        &self,
        key: StoreKey,
        data: Arc<SessionData>,
        expires_at: i64,
        before: Epoch,
    ) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if self.epoch.load(Ordering::Acquire) == before.0 {
            Self::put(&mut entries, key, data, expires_at);
        }
    }

    /// Caches what this process just wrote (under the session's lock).
    pub fn insert_written(&self, key: StoreKey, data: Arc<SessionData>, expires_at: i64) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        self.epoch.fetch_add(1, Ordering::AcqRel);
        Self::put(&mut entries, key, data, expires_at);
    }

    /// Forgets `key` (deleted here or changed elsewhere).
    pub fn remove(&self, key: &StoreKey) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        self.epoch.fetch_add(1, Ordering::AcqRel);
        entries.remove(key);
    }

    fn put(
        entries: &mut FxHashMap<StoreKey, Entry>,
        key: StoreKey,
        data: Arc<SessionData>,
        expires_at: i64,
    ) {
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            let now = unix_now();
            entries.retain(|_, e| e.expires_at > now);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Entry {
                data,
                expires_at,
                cached_at: Instant::now(),
            },
        );
    }

    /// How many sessions are cached, entries that have expired but are not yet dropped included.
    pub fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// True when no session is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(feature = "redis")]
impl Invalidations for Cache {
    fn changed(&self, from: &str, key: &StoreKey) {
        if from != self.instance {
            self.remove(key);
        }
    }

    fn pause(&self) {
        if self.enabled.swap(false, Ordering::AcqRel) {
            tracing::warn!(
                "session announcements from Redis are down; reading every session from Redis"
            );
        }
    }

    fn resume(&self) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        self.epoch.fetch_add(1, Ordering::AcqRel);
        entries.clear();
        self.enabled.store(true, Ordering::Release);
    }
}

#[cfg(all(test, feature = "redis"))] // the announcements are Redis's
mod tests {
    use super::*;

    fn data() -> Arc<SessionData> {
        Arc::new(SessionData::default())
    }

    const KEY: StoreKey = StoreKey([7; 32]);

    #[test]
    fn a_read_that_raced_a_change_is_not_cached() {
        let cache = Cache::new(true, Duration::from_secs(60), "a".into());
        let before = cache.epoch();
        cache.changed("b", &KEY); // another replica signed the session out meanwhile
        cache.insert_read(KEY, data(), unix_now() + 60, before);
        assert!(cache.get(&KEY).is_none());
        let before = cache.epoch();
        cache.insert_read(KEY, data(), unix_now() + 60, before);
        assert!(cache.get(&KEY).is_some());
    }

    #[test]
    fn another_replicas_announcement_drops_the_entry_and_our_own_does_not() {
        let cache = Cache::new(true, Duration::from_secs(60), "a".into());
        cache.insert_written(KEY, data(), unix_now() + 60);
        cache.changed("a", &KEY);
        assert!(cache.get(&KEY).is_some());
        cache.changed("b", &KEY);
        assert!(cache.get(&KEY).is_none());
    }

    #[test]
    fn nothing_is_served_while_announcements_are_down_and_all_is_forgotten_after() {
        let cache = Cache::new(true, Duration::from_secs(60), "a".into());
        cache.insert_written(KEY, data(), unix_now() + 60);
        cache.pause();
        assert!(cache.get(&KEY).is_none());
        cache.resume();
        assert!(cache.get(&KEY).is_none(), "cleared on resume");
        assert!(cache.is_empty());
    }

    #[test]
    fn expired_sessions_and_old_entries_are_not_served() {
        let cache = Cache::new(true, Duration::from_secs(60), "a".into());
        cache.insert_written(KEY, data(), unix_now() - 1);
        assert!(cache.get(&KEY).is_none());
        let cache = Cache::new(true, Duration::ZERO, "a".into());
        cache.insert_written(KEY, data(), unix_now() + 60);
        assert!(cache.get(&KEY).is_none());
    }
}
