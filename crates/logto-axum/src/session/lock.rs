//! One request at a time may change a session: every refresh-token grant and every write of a
//! signed-in session holds the session's lock. In one process (memory, SQLite) that is a mutex
//! per session; with Redis it is a Redis lock, so the rule holds across replicas.
//!
//! A lock is also a fence. A holder can lose its lock without knowing: a Redis lock expires when
//! its replica is paused past its life, or when Redis restarts; and a back-channel logout ends a
//! session at once, without waiting for whoever holds its lock (Logto gives up after 2.5 s).
//! So every write, delete or index update made under a lock succeeds only while the lock is
//! still the writer's: in Redis the check and the write are one script; in one process a short
//! fence per session is held across the check and the write, and ending a session moves the
//! fence on ([`LocalLocks::end`]). A holder that lost its lock gets [`StoreError::LockLost`] and
//! fails its request; what it was about to write is never written.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, Weak},
};

#[cfg(feature = "redis")]
use super::store::{RedisBackend, RedisLock};
use super::{keys::StoreKey, store::StoreError};

/// Proof that the holder may change the session, for as long as it holds. Released when dropped.
pub enum SessionLock {
    /// A lock of this process (memory or SQLite store): the session's mutex, and the fence
    /// generation it was taken at.
    Local(LocalLock),
    /// A lock in Redis, respected by every replica; it expires 5 s after its holder last
    /// extended it.
    #[cfg(feature = "redis")]
    Redis(RedisLock),
}

/// Where the sessions' locks are taken: in this process, or in Redis.
pub enum Locks {
    Local(LocalLocks),
    #[cfg(feature = "redis")]
    Redis(RedisBackend),
}

impl Locks {
    /// Takes the lock of the session stored under `key`, waiting while another request holds it
    /// (with Redis, at most 30 s, then [`StoreError::LockTimeout`]).
    pub async fn lock(&self, key: &StoreKey) -> Result<SessionLock, StoreError> {
        match self {
            Self::Local(locks) => Ok(SessionLock::Local(locks.lock(key).await)),
            #[cfg(feature = "redis")]
            Self::Redis(redis) => Ok(SessionLock::Redis(redis.lock(key).await?)),
        }
    }
}

/// What one session's lock is made of in this process.
#[derive(Default)]
struct Entry {
    /// Held for the whole change (a call to Logto included).
    holder: Arc<tokio::sync::Mutex<()>>,
    /// Held only across one check-and-write; counts the times the session was ended without its
    /// lock, so a holder from before an end can tell.
    fence: tokio::sync::Mutex<u64>,
}

/// A held lock of this process: the session's mutex, and the fence generation it was taken at.
pub struct LocalLock {
    _held: tokio::sync::OwnedMutexGuard<()>,
    entry: Arc<Entry>,
    generation: u64,
}

/// Held while a fenced write runs: nobody can end the session in between.
pub struct Fenced<'a>(#[allow(dead_code)] tokio::sync::MutexGuard<'a, u64>);

impl LocalLock {
    /// The fence, if this lock still holds; [`StoreError::LockLost`] if the session was ended
    /// since it was taken.
    pub async fn fence(&self) -> Result<Fenced<'_>, StoreError> {
        let fence = self.entry.fence.lock().await;
        if *fence != self.generation {
            return Err(StoreError::LockLost);
        }
        Ok(Fenced(fence))
    }
}

/// One entry per session, kept only while someone holds or waits for its lock.
#[derive(Default)]
pub struct LocalLocks {
    entries: Mutex<HashMap<StoreKey, Weak<Entry>>>,
}

impl LocalLocks {
    fn entry(&self, key: &StoreKey) -> Arc<Entry> {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(entry) = entries.get(key).and_then(Weak::upgrade) {
            return entry;
        }
        // Forget locks nobody holds any more, so the map stays as small as the work in flight.
        if entries.len() >= 64 {
            entries.retain(|_, entry| entry.strong_count() > 0);
        }
        let entry = Arc::new(Entry::default());
        entries.insert(*key, Arc::downgrade(&entry));
        entry
    }

    /// Takes the lock of the session stored under `key`, waiting for as long as another request
    /// holds it.
    pub async fn lock(&self, key: &StoreKey) -> LocalLock {
        let entry = self.entry(key);
        let held = entry.holder.clone().lock_owned().await;
        let generation = *entry.fence.lock().await;
        LocalLock {
            _held: held,
            entry,
            generation,
        }
    }

    /// Runs `end` (which deletes the session) with the session's fence moved on, without waiting
    /// for its lock: whoever holds it now finds it lost at its next write.
    pub async fn end<T>(&self, key: &StoreKey, end: impl AsyncFnOnce() -> T) -> T {
        let entry = self.entry(key);
        let mut fence = entry.fence.lock().await;
        *fence += 1;
        end().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn locks_are_shared_per_session_and_forgotten_when_unused() {
        let locks = LocalLocks::default();
        let a = locks.entry(&StoreKey([1; 32]));
        let again = locks.entry(&StoreKey([1; 32]));
        assert!(Arc::ptr_eq(&a, &again));
        assert!(!Arc::ptr_eq(&a, &locks.entry(&StoreKey([2; 32]))));
    }

    #[tokio::test]
    async fn a_holder_whose_session_was_ended_meanwhile_finds_its_lock_lost() {
        let locks = LocalLocks::default();
        let key = StoreKey([3; 32]);
        let held = locks.lock(&key).await;
        assert!(held.fence().await.is_ok(), "a fresh lock writes");
        // Ending does not wait for the holder.
        let ended = tokio::time::timeout(
            std::time::Duration::from_secs(1),
            locks.end(&key, async || true),
        )
        .await;
        assert_eq!(ended.ok(), Some(true));
        assert!(matches!(held.fence().await, Err(StoreError::LockLost)));
        drop(held);
        let next = locks.lock(&key).await;
        assert!(next.fence().await.is_ok(), "the next holder writes again");
    }

    fn key(n: u32) -> StoreKey {
        let mut bytes = [0; 32];
        bytes[..4].copy_from_slice(&n.to_le_bytes());
        StoreKey(bytes)
    }

    #[tokio::test]
    async fn a_held_lock_still_excludes_a_second_holder_after_hundreds_of_other_sessions_came_and_went()
     {
        let locks = LocalLocks::default();
        let held = locks.lock(&key(0)).await;
        for n in 1..300 {
            drop(locks.lock(&key(n)).await);
        }
        // The table was swept several times meanwhile: the held entry must have stayed, or a
        // second request would get a lock of its own and two refreshes would run at once.
        let second =
            tokio::time::timeout(std::time::Duration::from_millis(200), locks.lock(&key(0))).await;
        assert!(
            second.is_err(),
            "a second holder got the lock while the first held it"
        );
        drop(held);
        let second =
            tokio::time::timeout(std::time::Duration::from_secs(1), locks.lock(&key(0))).await;
        assert!(second.is_ok(), "released, the lock is free again");
    }

    #[tokio::test]
    async fn the_lock_table_forgets_sessions_nobody_holds_so_it_never_grows_with_traffic() {
        let locks = LocalLocks::default();
        // A burst of 100 sessions changed at once, then 10,000 one after the other.
        let mut burst = Vec::new();
        for n in 0..100 {
            burst.push(locks.lock(&key(n)).await);
        }
        drop(burst);
        for n in 100..10_100 {
            drop(locks.lock(&key(n)).await);
        }
        let entries = locks
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len();
        assert!(
            entries <= 64,
            "{entries} entries kept for 10,000 sessions long released"
        );
    }
}
