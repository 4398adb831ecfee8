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
        Arc, Mutex, MutexGuard,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use quick_cache::{Weighter, sync::Cache as Entries};

#[cfg(feature = "redis")]
use super::store::Invalidations;
use super::{data::SessionData, keys::StoreKey};
use logto_core::unix_now;

/// The default memory budget: at about 3 KiB a session (Logto's ID token, its opaque access and
/// refresh tokens, the claims, the cache's own bookkeeping), some 45,000 sessions: more than a
/// mid-sized product has active in a day.
pub const DEFAULT_BUDGET_BYTES: u64 = 128 * 1024 * 1024;

/// What an entry costs beside its sealed JSON: the parsed structs' headers and allocations, the
/// `Arc`, the key and quick_cache's slot (measured: 100,000 sessions of 3.1 KiB of JSON took
/// about 4.3 KiB each; see docs/BENCHMARKS.md).
const ENTRY_OVERHEAD_BYTES: u64 = 1024;

/// Writes that could race a store read take the stripe of their key, so that checking the epoch
/// and inserting are one step against a removal of the same key. 64 stripes: two writers of
/// different sessions rarely wait for each other.
const STRIPES: usize = 64;

/// Parsed sessions by store key, for this process, within a memory budget. When the budget is
/// spent, quick_cache's S3-FIFO policy evicts: a session read once recently goes before one
/// that keeps being used, so the sessions of active users stay. An entry is served only while
/// the cache is enabled, its session has not expired, and it is younger than the cache's
/// maximum age.
pub struct Cache {
    entries: Entries<StoreKey, Entry, ByWeight>,
    stripes: Box<[Mutex<()>]>,
    epoch: AtomicU64,
    enabled: AtomicBool,
    max_age: Duration,
    // Only Redis's announcements name their sender.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    instance: String,
}

#[derive(Clone)]
struct Entry {
    data: Arc<SessionData>,
    expires_at: i64,
    cached_at: Instant,
    /// Bytes charged to the budget, fixed when cached (quick_cache asks for it often).
    weight: u64,
}

/// An entry weighs what it was charged when cached.
#[derive(Clone)]
struct ByWeight;

impl Weighter<StoreKey, Entry> for ByWeight {
    fn weight(&self, _key: &StoreKey, entry: &Entry) -> u64 {
        entry.weight
    }
}

/// The epoch read before a store read: proof that nothing changed while the read was under way.
#[derive(Clone, Copy)]
pub struct Epoch(u64);

impl Cache {
    /// `enabled`: false for Redis until its subscription is up. `budget_bytes`: how much memory
    /// the cached sessions may take. `instance` names this process in announcements.
    pub fn new(enabled: bool, max_age: Duration, budget_bytes: u64, instance: String) -> Self {
        let typical = 4 * 1024;
        Self {
            entries: Entries::with_weighter(
                usize::try_from(budget_bytes / typical).unwrap_or(usize::MAX),
                budget_bytes,
                ByWeight,
            ),
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            epoch: AtomicU64::new(0),
            enabled: AtomicBool::new(enabled),
            max_age,
            instance,
        }
    }

    /// The name this process gives itself in announcements, so it can skip its own.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The cached session, or `None`: ask the store.
    pub fn get(&self, key: &StoreKey) -> Option<Arc<SessionData>> {
        if !self.enabled.load(Ordering::Acquire) {
            return None;
        }
        let entry = self.entries.get(key)?;
        (entry.expires_at > unix_now() && entry.cached_at.elapsed() < self.max_age)
            .then_some(entry.data)
    }

    /// The epoch to take before a store read and hand to [`Cache::insert_read`]: it moves on
    /// with every write, removal and clearing.
    pub fn epoch(&self) -> Epoch {
        Epoch(self.epoch.load(Ordering::Acquire))
    }

    /// Caches what a store read returned (`size`: its sealed length), unless something changed
    /// since `before`.
    pub fn insert_read(
        &self,
        key: StoreKey,
        data: Arc<SessionData>,
        expires_at: i64,
        size: usize,
        before: Epoch,
    ) {
        let _stripe = self.stripe(&key);
        if self.epoch.load(Ordering::Acquire) == before.0 {
            self.put(key, data, expires_at, size);
        }
    }

    /// Caches what this process just wrote (under the session's lock); `size`: its sealed
    /// length.
    pub fn insert_written(
        &self,
        key: StoreKey,
        data: Arc<SessionData>,
        expires_at: i64,
        size: usize,
    ) {
        let _stripe = self.stripe(&key);
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.put(key, data, expires_at, size);
    }

    /// Forgets `key` (deleted here or changed elsewhere).
    pub fn remove(&self, key: &StoreKey) {
        let _stripe = self.stripe(key);
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.entries.remove(key);
    }

    fn put(&self, key: StoreKey, data: Arc<SessionData>, expires_at: i64, size: usize) {
        let weight = u64::try_from(size)
            .unwrap_or(u64::MAX)
            .saturating_add(ENTRY_OVERHEAD_BYTES);
        self.entries.insert(
            key,
            Entry {
                data,
                expires_at,
                cached_at: Instant::now(),
                weight,
            },
        );
    }

    /// The stripe lock of `key`: held while checking the epoch and changing the entry.
    fn stripe(&self, key: &StoreKey) -> MutexGuard<'_, ()> {
        // A key is an HMAC: any byte of it is uniformly spread.
        let stripe = &self.stripes[usize::from(key.0[0]) % STRIPES];
        stripe.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How many sessions are cached, entries that have expired but are not yet evicted included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The bytes the cached sessions are charged, at most the budget.
    pub fn weight(&self) -> u64 {
        self.entries.weight()
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
        // Every stripe: no read that began before the clearing can insert after it.
        let _stripes: Vec<_> = self
            .stripes
            .iter()
            .map(|s| s.lock().unwrap_or_else(|p| p.into_inner()))
            .collect();
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.entries.clear();
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
        let cache = Cache::new(true, Duration::from_secs(60), 1 << 20, "a".into());
        let before = cache.epoch();
        cache.changed("b", &KEY); // another replica signed the session out meanwhile
        cache.insert_read(KEY, data(), unix_now() + 60, 100, before);
        assert!(cache.get(&KEY).is_none());
        let before = cache.epoch();
        cache.insert_read(KEY, data(), unix_now() + 60, 100, before);
        assert!(cache.get(&KEY).is_some());
    }

    #[test]
    fn another_replicas_announcement_drops_the_entry_and_our_own_does_not() {
        let cache = Cache::new(true, Duration::from_secs(60), 1 << 20, "a".into());
        cache.insert_written(KEY, data(), unix_now() + 60, 100);
        cache.changed("a", &KEY);
        assert!(cache.get(&KEY).is_some());
        cache.changed("b", &KEY);
        assert!(cache.get(&KEY).is_none());
    }

    #[test]
    fn nothing_is_served_while_announcements_are_down_and_all_is_forgotten_after() {
        let cache = Cache::new(true, Duration::from_secs(60), 1 << 20, "a".into());
        cache.insert_written(KEY, data(), unix_now() + 60, 100);
        cache.pause();
        assert!(cache.get(&KEY).is_none());
        cache.resume();
        assert!(cache.get(&KEY).is_none(), "cleared on resume");
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn expired_sessions_and_old_entries_are_not_served() {
        let cache = Cache::new(true, Duration::from_secs(60), 1 << 20, "a".into());
        cache.insert_written(KEY, data(), unix_now() - 1, 100);
        assert!(cache.get(&KEY).is_none());
        let cache = Cache::new(true, Duration::ZERO, 1 << 20, "a".into());
        cache.insert_written(KEY, data(), unix_now() + 60, 100);
        assert!(cache.get(&KEY).is_none());
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    fn key(n: u32) -> StoreKey {
        let mut key = [0; 32];
        key[..4].copy_from_slice(&n.to_le_bytes());
        key[31] = 1;
        StoreKey(key)
    }

    fn cache(budget: u64) -> Cache {
        Cache::new(true, Duration::MAX, budget, "a".into())
    }

    fn insert(cache: &Cache, n: u32) {
        let data = Arc::new(SessionData::default());
        cache.insert_read(key(n), data, unix_now() + 60, 3_000, cache.epoch());
    }

    #[test]
    fn the_cache_never_holds_more_than_its_budget_and_keeps_serving_past_it() {
        let budget = 4 << 20;
        let cache = cache(budget);
        for n in 0..20_000 {
            insert(&cache, n);
            assert!(cache.weight() <= budget, "over budget after {n}");
        }
        // 4 MiB at 4 KiB an entry: about a thousand sessions, not zero as a cache that starts
        // over would have after its overflow, and not all of them: each is charged its size.
        assert!(cache.len() > 800, "{} cached", cache.len());
        assert!(cache.len() < 1_100, "{} cached", cache.len());
        assert!(
            cache.weight() > budget / 2,
            "{} bytes charged",
            cache.weight()
        );
        assert!(cache.get(&key(19_999)).is_some(), "the newest is served");
    }

    #[test]
    fn sessions_in_use_stay_cached_while_a_flood_of_one_time_visitors_passes() {
        let cache = cache(4 << 20);
        for n in 0..100 {
            insert(&cache, n);
        }
        for _ in 0..3 {
            for n in 0..100 {
                assert!(cache.get(&key(n)).is_some());
            }
        }
        for n in 1_000..21_000 {
            insert(&cache, n); // each read once, never again
            if n % 100 == 0 {
                for hot in 0..100 {
                    let _ = cache.get(&key(hot)); // the active users keep browsing
                }
            }
        }
        let kept = (0..100).filter(|&n| cache.get(&key(n)).is_some()).count();
        assert!(kept >= 95, "only {kept} of 100 sessions in use were kept");
    }

    #[test]
    fn a_session_is_not_served_from_the_cache_in_its_expiry_second() {
        let cache = cache(1 << 20);
        let now = unix_now();
        let data = Arc::new(SessionData::default());
        cache.insert_read(key(1), data.clone(), now, 3_000, cache.epoch());
        assert!(cache.get(&key(1)).is_none());
        cache.insert_read(key(2), data, now + 60, 3_000, cache.epoch());
        assert!(cache.get(&key(2)).is_some());
    }

    #[test]
    fn a_zero_budget_caches_nothing_and_every_view_asks_the_store() {
        let cache = cache(0);
        insert(&cache, 1);
        assert!(cache.get(&key(1)).is_none());
        assert_eq!(cache.weight(), 0);
    }
}
