//! Where sealed records live: memory (tests, throwaway runs), a SQLite file (the default, one
//! instance) or Redis (any number of replicas). Every backend stores opaque bytes under a
//! [`StoreKey`] with an expiry; none of them ever sees a session id or a token.

mod errors;
mod memory;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "sqlite")]
mod sqlite;

use std::time::Duration;

pub use errors::{StoreError, StoreSetupError};
pub use memory::MemoryBackend;
#[cfg(feature = "redis")]
pub use redis::{Invalidations, RedisBackend, RedisLock};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteBackend;

use super::SessionStoreConfig;
use super::keys::StoreKey;

/// What lets a write or delete through: for one process, the caller holds the session's fence
/// (`crate::session::lock`) across the call; with Redis, the lock the script checks.
#[derive(Clone, Copy)]
pub enum Fence<'a> {
    /// The caller holds the session's fence in this process (memory or SQLite store) across
    /// the call.
    Held,
    /// The Redis lock whose token the write's script checks before it writes.
    #[cfg(feature = "redis")]
    Redis(&'a RedisLock),
    /// Never made: keeps the lifetime when the `redis` feature is off.
    #[cfg(not(feature = "redis"))]
    #[allow(dead_code)]
    Unused(std::marker::PhantomData<&'a ()>),
}

/// The configured backend.
#[derive(Clone)]
pub enum Backend {
    /// This process's memory ([`SessionStoreConfig::Memory`]).
    Memory(MemoryBackend),
    /// A SQLite file ([`SessionStoreConfig::Sqlite`]).
    #[cfg(feature = "sqlite")]
    Sqlite(SqliteBackend),
    /// A Redis server shared by the replicas ([`SessionStoreConfig::Redis`]).
    #[cfg(feature = "redis")]
    Redis(RedisBackend),
}

impl Backend {
    /// Opens the configured store: creates and migrates the SQLite file, or connects to Redis.
    /// Does not subscribe to Redis announcements ([`RedisBackend::subscribe`] does).
    pub async fn open(config: &SessionStoreConfig) -> Result<Self, StoreSetupError> {
        Ok(match config {
            SessionStoreConfig::Memory => Self::Memory(MemoryBackend::default()),
            #[cfg(feature = "sqlite")]
            SessionStoreConfig::Sqlite(path) => Self::Sqlite(SqliteBackend::open(path).await?),
            #[cfg(feature = "redis")]
            SessionStoreConfig::Redis(url) => Self::Redis(RedisBackend::connect(url).await?),
            #[allow(unreachable_patterns)] // with every store's feature on
            _ => return Err(StoreSetupError::NotBuiltIn),
        })
    }

    /// The sealed record under `key`, unless it is missing or expired.
    pub async fn get(&self, key: &StoreKey) -> Result<Option<Vec<u8>>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.get(key)),
            #[cfg(feature = "sqlite")]
            Self::Sqlite(s) => s.get(key).await,
            #[cfg(feature = "redis")]
            Self::Redis(r) => r.get(key).await,
        }
    }

    /// Stores `value` under `key` until `expires_at` (unix seconds), and records that it can be
    /// found by each of `lookups` (keyed hashes of a `sid` or `sub`), only behind `fence`.
    pub async fn put(
        &self,
        key: &StoreKey,
        value: &[u8],
        expires_at: i64,
        lookups: &[StoreKey],
        fence: Fence<'_>,
    ) -> Result<(), StoreError> {
        match (self, fence) {
            (Self::Memory(m), Fence::Held) => {
                m.put(key, value, expires_at);
                for lookup in lookups {
                    m.index_add(lookup, key, expires_at);
                }
                Ok(())
            }
            #[cfg(feature = "sqlite")]
            (Self::Sqlite(s), Fence::Held) => {
                s.put(key, value, expires_at).await?;
                for lookup in lookups {
                    s.index_add(lookup, key, expires_at).await?;
                }
                Ok(())
            }
            #[cfg(feature = "redis")]
            (Self::Redis(r), Fence::Redis(lock)) => {
                r.put_fenced(lock, key, value, expires_at, lookups).await
            }
            _ => Err(StoreError::LockLost),
        }
    }

    /// Deletes the record under `key`, only behind `fence`.
    pub async fn delete(&self, key: &StoreKey, fence: Fence<'_>) -> Result<(), StoreError> {
        match (self, fence) {
            (Self::Memory(m), Fence::Held) => {
                m.delete(key);
                Ok(())
            }
            #[cfg(feature = "sqlite")]
            (Self::Sqlite(s), Fence::Held) => s.delete(key).await,
            #[cfg(feature = "redis")]
            (Self::Redis(r), Fence::Redis(lock)) => r.delete_fenced(lock, key).await,
            _ => Err(StoreError::LockLost),
        }
    }

    /// Deletes the record under `key` whoever holds its lock, and returns it as it was. For one
    /// process, the caller has moved the session's fence on first.
    pub async fn end(&self, key: &StoreKey) -> Result<Option<Vec<u8>>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.take(key)),
            #[cfg(feature = "sqlite")]
            Self::Sqlite(s) => s.take(key).await,
            #[cfg(feature = "redis")]
            Self::Redis(r) => r.end(key).await,
        }
    }

    /// The sessions `lookup` names (some may be gone since).
    pub async fn index_get(&self, lookup: &StoreKey) -> Result<Vec<StoreKey>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.index_get(lookup)),
            #[cfg(feature = "sqlite")]
            Self::Sqlite(s) => s.index_get(lookup).await,
            #[cfg(feature = "redis")]
            Self::Redis(r) => r.index_get(lookup).await,
        }
    }

    /// Forgets that `lookup` names `session` (its record is gone).
    pub async fn index_remove(
        &self,
        lookup: &StoreKey,
        session: &StoreKey,
    ) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.index_remove(lookup, session);
                Ok(())
            }
            #[cfg(feature = "sqlite")]
            Self::Sqlite(s) => s.index_remove(lookup, session).await,
            #[cfg(feature = "redis")]
            Self::Redis(r) => r.index_remove(lookup, session).await,
        }
    }

    /// True the first time `key` is offered (until `expires_at`), on any replica: a replay cache.
    pub async fn first_seen(&self, key: &StoreKey, expires_at: i64) -> Result<bool, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.first_seen(key, expires_at)),
            #[cfg(feature = "sqlite")]
            Self::Sqlite(s) => s.first_seen(key, expires_at).await,
            #[cfg(feature = "redis")]
            Self::Redis(r) => r.first_seen(key, expires_at).await,
        }
    }

    /// True when the store answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        match self {
            Self::Memory(_) => true,
            #[cfg(feature = "sqlite")]
            Self::Sqlite(s) => s.ping().await,
            #[cfg(feature = "redis")]
            Self::Redis(r) => r.ping().await,
        }
    }

    /// Deletes expired records every `period` (Redis expires keys itself).
    pub fn spawn_expired_deletion(&self, period: Duration) {
        let backend = self.clone();
        #[cfg(feature = "redis")]
        if matches!(backend, Self::Redis(_)) {
            return;
        }
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(period);
            loop {
                interval.tick().await;
                let now = logto_core::unix_now();
                match &backend {
                    Self::Memory(m) => m.delete_expired(now),
                    #[cfg(feature = "sqlite")]
                    Self::Sqlite(s) => {
                        if let Err(err) = s.delete_expired(now).await {
                            tracing::warn!(error = %err, "could not delete expired sessions");
                        }
                    }
                    #[cfg(feature = "redis")]
                    Self::Redis(_) => {}
                }
            }
        });
    }
}
