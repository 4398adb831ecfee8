//! One request at a time may change a session: every refresh-token grant and every write of a
//! signed-in session holds the session's lock. In one process (memory, SQLite) that is a mutex
//! per session; with Redis it is a Redis lock, so the rule holds across replicas.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, Weak},
};

use super::{
    keys::StoreKey,
    store::{RedisBackend, RedisLock, StoreError},
};

/// Proof that the holder may change the session. Released when dropped.
pub enum SessionLock {
    Local(#[allow(dead_code)] tokio::sync::OwnedMutexGuard<()>),
    Redis(#[allow(dead_code)] RedisLock),
}

pub enum Locks {
    Local(LocalLocks),
    Redis(RedisBackend),
}

impl Locks {
    pub async fn lock(&self, key: &StoreKey) -> Result<SessionLock, StoreError> {
        match self {
            Self::Local(locks) => Ok(SessionLock::Local(locks.for_key(key).lock_owned().await)),
            Self::Redis(redis) => Ok(SessionLock::Redis(redis.lock(key).await?)),
        }
    }
}

/// One mutex per session, kept only while someone holds or waits for it.
#[derive(Default)]
pub struct LocalLocks {
    locks: Mutex<HashMap<StoreKey, Weak<tokio::sync::Mutex<()>>>>,
}

impl LocalLocks {
    pub fn for_key(&self, key: &StoreKey) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(lock) = locks.get(key).and_then(Weak::upgrade) {
            return lock;
        }
        // Forget locks nobody holds any more, so the map stays as small as the work in flight.
        if locks.len() >= 64 {
            locks.retain(|_, lock| lock.strong_count() > 0);
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        locks.insert(*key, Arc::downgrade(&lock));
        lock
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_are_shared_per_session_and_forgotten_when_unused() {
        let locks = LocalLocks::default();
        let a = locks.for_key(&StoreKey([1; 32]));
        let again = locks.for_key(&StoreKey([1; 32]));
        assert!(Arc::ptr_eq(&a, &again));
        assert!(!Arc::ptr_eq(&a, &locks.for_key(&StoreKey([2; 32]))));
    }
}
