//! Records in this process's memory: lost on restart, for tests and throwaway runs.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, MutexGuard},
};

use logto_core::unix_now;

use crate::session::keys::StoreKey;

/// Sealed bytes and their expiry (unix seconds), by store key.
type Records = HashMap<StoreKey, (Vec<u8>, i64)>;

/// lookup -> (session -> expiry).
type Index = HashMap<StoreKey, HashMap<StoreKey, i64>>;

/// Records, the lookup index and the seen tokens in this process's memory; clones share them.
#[derive(Clone, Default)]
pub struct MemoryBackend {
    records: Arc<Mutex<Records>>,
    index: Arc<Mutex<Index>>,
    seen: Arc<Mutex<HashMap<StoreKey, i64>>>,
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MemoryBackend {
    fn records(&self) -> MutexGuard<'_, Records> {
        locked(&self.records)
    }

    /// The record under `key`, unless it is missing or has expired.
    pub fn get(&self, key: &StoreKey) -> Option<Vec<u8>> {
        let now = unix_now();
        self.records()
            .get(key)
            .filter(|(_, expires_at)| *expires_at > now)
            .map(|(value, _)| value.clone())
    }

    /// Stores `value` under `key` until `expires_at` (unix seconds). Unfenced: [`Backend::put`]
    /// calls it only while the caller holds the session's fence.
    ///
    /// [`Backend::put`]: super::Backend::put
    pub fn put(&self, key: &StoreKey, value: &[u8], expires_at: i64) {
        self.records().insert(*key, (value.to_vec(), expires_at));
    }

    /// Deletes the record under `key`, if any. Unfenced, like [`MemoryBackend::put`].
    pub fn delete(&self, key: &StoreKey) {
        self.records().remove(key);
    }

    /// Deletes the record under `key` and returns it, unless it had expired.
    pub fn take(&self, key: &StoreKey) -> Option<Vec<u8>> {
        let now = unix_now();
        self.records()
            .remove(key)
            .filter(|(_, expires_at)| *expires_at > now)
            .map(|(value, _)| value)
    }

    /// Without this, memory would grow with every session ever made.
    pub fn delete_expired(&self, now: i64) {
        self.records()
            .retain(|_, (_, expires_at)| *expires_at > now);
        let mut index = locked(&self.index);
        for sessions in index.values_mut() {
            sessions.retain(|_, expires_at| *expires_at > now);
        }
        index.retain(|_, sessions| !sessions.is_empty());
        locked(&self.seen).retain(|_, expires_at| *expires_at > now);
    }

    /// Records that `lookup` (a keyed hash of a `sid` or `sub`) names the session stored under
    /// `session`, until `expires_at` (unix seconds).
    pub fn index_add(&self, lookup: &StoreKey, session: &StoreKey, expires_at: i64) {
        locked(&self.index)
            .entry(*lookup)
            .or_default()
            .insert(*session, expires_at);
    }

    /// The sessions `lookup` names whose entries have not expired (some may be gone since).
    pub fn index_get(&self, lookup: &StoreKey) -> Vec<StoreKey> {
        let now = unix_now();
        locked(&self.index)
            .get(lookup)
            .map(|s| {
                s.iter()
                    .filter(|(_, at)| **at > now)
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Forgets that `lookup` names `session`.
    pub fn index_remove(&self, lookup: &StoreKey, session: &StoreKey) {
        if let Some(sessions) = locked(&self.index).get_mut(lookup) {
            sessions.remove(session);
        }
    }

    /// True unless `key` is still remembered from an earlier call; a true answer remembers it
    /// until `expires_at` (unix seconds).
    pub fn first_seen(&self, key: &StoreKey, expires_at: i64) -> bool {
        let now = unix_now();
        let mut seen = locked(&self.seen);
        match seen.get(key) {
            Some(at) if *at > now => false,
            _ => {
                seen.insert(*key, expires_at);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl MemoryBackend {
        fn len(&self) -> usize {
            self.records().len()
        }
    }

    #[test]
    fn expired_records_are_deleted_so_memory_does_not_grow_forever() {
        let store = MemoryBackend::default();
        let now = unix_now();
        store.put(&StoreKey([1; 32]), b"old", now - 1);
        store.put(&StoreKey([2; 32]), b"live", now + 60);
        assert!(
            store.get(&StoreKey([1; 32])).is_none(),
            "an expired record is not served"
        );
        store.delete_expired(now);
        assert_eq!(store.len(), 1);
        assert_eq!(store.get(&StoreKey([2; 32])).as_deref(), Some(&b"live"[..]));
    }

    #[test]
    fn a_record_ends_at_its_expiry_second_as_in_the_sqlite_and_redis_stores() {
        let store = MemoryBackend::default();
        let now = unix_now();
        store.put(&StoreKey([3; 32]), b"ends now", now);
        store.put(&StoreKey([4; 32]), b"ends next second", now + 1);
        // Redis's EXAT and SQLite's `expires_at > now` both end a record when its second comes.
        assert!(store.get(&StoreKey([3; 32])).is_none());
        // Taken (to end it) in its expiry second, it is already gone: nothing to revoke.
        store.put(&StoreKey([5; 32]), b"ends now too", now);
        assert!(store.take(&StoreKey([5; 32])).is_none());
        assert!(store.take(&StoreKey([4; 32])).is_some());
        store.put(&StoreKey([4; 32]), b"ends next second", now + 1);
        store.delete_expired(now);
        assert_eq!(store.len(), 1, "the record that ends now is deleted too");
    }

    #[test]
    fn index_entries_end_with_their_session_and_an_emptied_lookup_goes_too() {
        let store = MemoryBackend::default();
        let now = unix_now();
        let (user, other) = (StoreKey([5; 32]), StoreKey([6; 32]));
        store.index_add(&user, &StoreKey([7; 32]), now - 1);
        store.index_add(&user, &StoreKey([8; 32]), now);
        store.index_add(&user, &StoreKey([9; 32]), now + 60);
        store.index_add(&other, &StoreKey([10; 32]), now);
        assert_eq!(
            store.index_get(&user),
            [StoreKey([9; 32])],
            "an entry is not followed in the second its session ends"
        );
        store.delete_expired(now);
        let index = locked(&store.index);
        let left: Vec<&StoreKey> = index
            .get(&user)
            .map(|s| s.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            left,
            [&StoreKey([9; 32])],
            "only the live session is still indexed"
        );
        assert!(
            !index.contains_key(&other),
            "a lookup with no session left is dropped"
        );
    }

    #[test]
    fn a_logout_tokens_jti_is_forgotten_when_its_token_could_no_longer_be_accepted() {
        let store = MemoryBackend::default();
        let now = unix_now();
        for (byte, until) in [(11, now - 1), (12, now), (13, now + 60)] {
            assert!(store.first_seen(&StoreKey([byte; 32]), until));
        }
        store.delete_expired(now);
        let seen = locked(&store.seen);
        assert_eq!(seen.len(), 1, "only the jti still in its window is kept");
        assert!(seen.contains_key(&StoreKey([13; 32])));
    }

    #[test]
    fn a_jti_is_refused_only_while_remembered_and_an_index_entry_can_be_dropped() {
        let store = MemoryBackend::default();
        let now = unix_now();
        let (jti, ended) = (StoreKey([14; 32]), StoreKey([15; 32]));
        assert!(store.first_seen(&jti, now + 60));
        assert!(!store.first_seen(&jti, now + 60), "a replay in its window");
        // Remembered until a second that has come: seen afresh.
        for (byte, until) in [(16, now - 1), (17, now)] {
            let key = StoreKey([byte; 32]);
            assert!(store.first_seen(&key, until));
            assert!(store.first_seen(&key, now + 60), "remembered until {until}");
        }
        let user = StoreKey([20; 32]);
        store.index_add(&user, &ended, now + 60);
        store.index_remove(&user, &ended);
        assert!(store.index_get(&user).is_empty());
    }
}
