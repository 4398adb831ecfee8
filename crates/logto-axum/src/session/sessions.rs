//! [`Sessions`]: this process's sessions (store, cache, locks, keys), and what a stored record
//! is: sealed twice, once with a key derived from the session id, once with the server's key
//! for back-channel logout.

use std::{sync::Arc, time::Duration};

use serde::{Deserialize, Serialize};

use super::{
    cache::Cache,
    config::{PointerKind, SessionStoreConfig},
    cookies::CookiePolicy,
    data::{SessionData, SignedInUser},
    keys::{self, ServerKeys, SessionId, StoreKey},
    lock::{LocalLocks, Locks, SessionLock},
    store::{Backend, Fence, StoreError, StoreSetupError},
};
use logto_core::unix_now;

/// A signed-in session lasts this long after its last write (sign-in, refresh), like Logto's
/// refresh token by default.
pub const SIGNED_IN_TTL_SECS: i64 = 14 * 24 * 60 * 60;
/// With Redis, a cached session is read again after this long even if no announcement came: the
/// last line of defence should an announcement be lost without the subscription noticing.
#[cfg(feature = "redis")]
const REDIS_CACHE_MAX_AGE: Duration = Duration::from_secs(30);

/// The sessions of this app: store, cache, locks and keys. One per process, shared by handlers.
pub struct Sessions {
    backend: Backend,
    cache: Arc<Cache>,
    locks: Locks,
    keys: ServerKeys,
    policy: CookiePolicy,
    flow_paths: FlowPaths,
    pointer: PointerKind,
}

/// The paths the sign-in cookies are scoped to: the attempts to the callback (no other request
/// carries them), their index to sign-in.
struct FlowPaths {
    sign_in: String,
    callback: String,
}

/// What is sealed in a record, as written.
#[derive(Serialize)]
struct RecordOut<'a> {
    expires_at: i64,
    data: &'a SessionData,
}

/// What is sealed in a record, as read.
#[derive(Deserialize)]
struct RecordIn {
    expires_at: i64,
    data: SessionData,
}

impl Sessions {
    /// Opens the store (for Redis, also the announcements channel). `secret` is
    /// `APP_COOKIE_SECRET` or `LOGTO_APP_SECRET`; without it, keys live as long as the process.
    /// `deployment` ([`deployment`](crate::session::deployment)) binds the cookies to this deployment. `cache_budget_bytes`:
    /// the memory the cache of parsed sessions may take ([`DEFAULT_CACHE_BUDGET_BYTES`](crate::session::DEFAULT_CACHE_BUDGET_BYTES)).
    pub async fn open(
        config: &SessionStoreConfig,
        secret: Option<&[u8]>,
        deployment: &str,
        policy: CookiePolicy,
        cache_budget_bytes: u64,
    ) -> Result<Self, StoreSetupError> {
        let keys = match secret {
            Some(secret) => ServerKeys::derive(secret, deployment),
            None => ServerKeys::ephemeral()?,
        };
        let backend = Backend::open(config).await?;
        let instance = StoreKey(keys::random_bytes()?).hex()[..16].to_string();
        let (cache, locks) = match &backend {
            #[cfg(feature = "redis")]
            Backend::Redis(redis) => {
                let cache = Arc::new(Cache::new(
                    false,
                    REDIS_CACHE_MAX_AGE,
                    cache_budget_bytes,
                    instance,
                ));
                redis
                    .subscribe(cache.clone())
                    .await
                    .map_err(StoreSetupError::Announcements)?;
                (cache, Locks::Redis(redis.clone()))
            }
            _ => (
                // One process owns the store: its own writes keep the cache right, forever.
                Arc::new(Cache::new(
                    true,
                    Duration::MAX,
                    cache_budget_bytes,
                    instance,
                )),
                Locks::Local(LocalLocks::default()),
            ),
        };
        Ok(Self {
            backend,
            cache,
            locks,
            keys,
            policy,
            flow_paths: FlowPaths {
                sign_in: "/sign-in".into(),
                callback: "/callback".into(),
            },
            pointer: PointerKind::default(),
        })
    }

    /// Scopes the sign-in cookies to routes mounted elsewhere than `/sign-in` and `/callback`
    /// ([`crate::LogtoBuilder::paths`]).
    pub(crate) fn with_flow_paths(mut self, sign_in: &str, callback: &str) -> Self {
        self.flow_paths = FlowPaths {
            sign_in: sign_in.to_owned(),
            callback: callback.to_owned(),
        };
        self
    }

    pub(crate) fn callback_path(&self) -> &str {
        &self.flow_paths.callback
    }

    pub(crate) fn sign_in_path(&self) -> &str {
        &self.flow_paths.sign_in
    }

    /// Where the browser keeps its session's id (the builder's choice; default: the cookie).
    pub(crate) fn with_pointer(mut self, pointer: PointerKind) -> Self {
        self.pointer = pointer;
        self
    }

    pub(crate) fn pointer_kind(&self) -> PointerKind {
        self.pointer
    }

    /// How this deployment's cookies are named and flagged.
    pub fn policy(&self) -> CookiePolicy {
        self.policy
    }

    /// Seals a small value of the app's own (a verification record's id, say) for a cookie
    /// named `name`, with this deployment's cookie key: it opens only with
    /// [`open_cookie`](Self::open_cookie), under the same name and `bound_to` (what it must stay
    /// with, such as the session's CSRF token), on a replica with the same secret. The app's
    /// cookies are sealed apart from the SDK's: one never opens as the other.
    pub fn seal_cookie(
        &self,
        name: &str,
        bound_to: &[u8],
        plain: &[u8],
    ) -> Result<String, StoreError> {
        Ok(self.keys.seal_cookie(&app_cookie(name), bound_to, plain)?)
    }

    /// Opens what [`seal_cookie`](Self::seal_cookie) made; `None` when it was tampered with,
    /// sealed under another name, key or binding.
    pub fn open_cookie(&self, name: &str, bound_to: &[u8], value: &str) -> Option<Vec<u8>> {
        self.keys.open_cookie(&app_cookie(name), bound_to, value)
    }

    pub(crate) fn keys(&self) -> &ServerKeys {
        &self.keys
    }

    /// Deletes expired records now and then (SQLite, memory; Redis expires keys itself).
    pub fn spawn_background_tasks(&self) {
        self.backend.spawn_expired_deletion(Duration::from_secs(60));
    }

    /// True when the store answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.backend.ping().await
    }

    /// The session under `id`: from the cache when this process has it, else from the store.
    pub(super) async fn read(
        &self,
        id: &SessionId,
        key: &StoreKey,
    ) -> Result<Option<Arc<SessionData>>, StoreError> {
        if let Some(data) = self.cache.get(key) {
            return Ok(Some(data));
        }
        self.read_fresh(id, key).await
    }

    /// The session under `id` from the store itself (after taking its lock, say).
    pub(super) async fn read_fresh(
        &self,
        id: &SessionId,
        key: &StoreKey,
    ) -> Result<Option<Arc<SessionData>>, StoreError> {
        let before = self.cache.epoch();
        let Some(value) = self.backend.get(key).await? else {
            return Ok(None);
        };
        let Some(record) = open_value(id, key, &value) else {
            return Ok(None);
        };
        let data = Arc::new(record.data);
        self.cache
            .insert_read(*key, data.clone(), record.expires_at, value.len(), before);
        Ok(Some(data))
    }

    /// Seals and writes `data` under `id`, only while `lock` is still the caller's.
    pub(super) async fn write(
        &self,
        id: &SessionId,
        key: &StoreKey,
        data: &Arc<SessionData>,
        lock: &SessionLock,
    ) -> Result<(), StoreError> {
        let expires_at = unix_now() + SIGNED_IN_TTL_SECS;
        let record = RecordOut {
            expires_at,
            data: data.as_ref(),
        };
        let plain = serde_json::to_vec(&record).unwrap_or_default();
        let sealed_record = keys::seal_record(id, key, &plain)?;
        // The id again, sealed with the server key: so a back-channel logout, which names a
        // `sid` or `sub` and never the cookie, can open the record to revoke its refresh token.
        let sealed_id = self.keys.seal_session_id(&id_context(key), id)?;
        let mut value = Vec::with_capacity(1 + sealed_id.len() + sealed_record.len());
        value.push(sealed_id.len() as u8);
        value.extend_from_slice(&sealed_id);
        value.extend_from_slice(&sealed_record);
        let mut lookups = Vec::with_capacity(2);
        if let Some(user) = &data.user {
            lookups.push(self.lookup(Lookup::Sub, &user.profile.sub));
            if let Some(sid) = &user.profile.sid {
                lookups.push(self.lookup(Lookup::Sid, sid));
            }
        }
        match lock {
            SessionLock::Local(local) => {
                let _fence = local.fence().await?;
                (self.backend)
                    .put(key, &value, expires_at, &lookups, Fence::Held)
                    .await?;
            }
            #[cfg(feature = "redis")]
            SessionLock::Redis(redis) => {
                (self.backend)
                    .put(key, &value, expires_at, &lookups, Fence::Redis(redis))
                    .await?;
            }
        }
        self.cache
            .insert_written(*key, data.clone(), expires_at, value.len());
        self.announce(key).await;
        Ok(())
    }

    /// Ok while `lock` is still the caller's (asked of Redis for a Redis lock).
    pub(super) async fn still_held(&self, lock: &SessionLock) -> Result<(), StoreError> {
        match lock {
            SessionLock::Local(local) => local.fence().await.map(drop),
            #[cfg(feature = "redis")]
            SessionLock::Redis(redis) => redis.still_held().await,
        }
    }

    pub(super) fn lookup(&self, kind: Lookup, value: &str) -> StoreKey {
        let kind: &[u8] = match kind {
            Lookup::Sid => b"sid",
            Lookup::Sub => b"sub",
        };
        self.keys.keyed_hash(kind, value.as_bytes())
    }

    /// The live sessions a back-channel logout names: the index gives store keys, and each
    /// record's envelope gives back its id. Index entries whose session is gone are dropped.
    pub async fn find(&self, kind: Lookup, value: &str) -> Result<Vec<FoundSession>, StoreError> {
        let lookup = self.lookup(kind, value);
        let mut found = Vec::new();
        for key in self.backend.index_get(&lookup).await? {
            let id = match self.backend.get(&key).await? {
                Some(value) => split_envelope(&value).and_then(|(sealed_id, _)| {
                    self.keys.open_session_id(&id_context(&key), sealed_id)
                }),
                None => None,
            };
            match id {
                Some(id) => found.push(FoundSession { id, key }),
                None => self.backend.index_remove(&lookup, &key).await?,
            }
        }
        Ok(found)
    }

    /// Ends a session found by [`Sessions::find`] now, on every replica, without waiting for its
    /// lock: a back-channel logout must be done within Logto's 2.5 s, and a refresh may hold the
    /// lock for as long as Logto takes. Whoever holds the lock loses it (their write fails), so
    /// nothing can bring the session back. Returns its user as it was (for revoking the refresh
    /// token), or `None` if it had already ended.
    pub async fn end(&self, found: &FoundSession) -> Result<Option<SignedInUser>, StoreError> {
        let key = found.key;
        let value = match &self.locks {
            Locks::Local(locks) => {
                locks
                    .end(&key, async || self.backend.end(&key).await)
                    .await?
            }
            #[cfg(feature = "redis")]
            Locks::Redis(_) => self.backend.end(&key).await?,
        };
        self.cache.remove(&key);
        self.announce(&key).await;
        Ok(value
            .and_then(|value| open_value(&found.id, &key, &value))
            .and_then(|record| record.data.user))
    }

    /// True the first time `value` (a logout token's `jti`) is offered before `expires_at`, on
    /// any replica.
    pub async fn first_seen(
        &self,
        kind: &[u8],
        value: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let key = self.keys.keyed_hash(kind, value.as_bytes());
        self.backend.first_seen(&key, expires_at).await
    }

    /// Deletes the record under `key`, here and in every replica's cache, only while `lock` is
    /// still the caller's.
    pub(super) async fn delete(
        &self,
        key: &StoreKey,
        lock: &SessionLock,
    ) -> Result<(), StoreError> {
        match lock {
            SessionLock::Local(local) => {
                let _fence = local.fence().await?;
                self.backend.delete(key, Fence::Held).await?;
            }
            #[cfg(feature = "redis")]
            SessionLock::Redis(redis) => self.backend.delete(key, Fence::Redis(redis)).await?,
        }
        self.cache.remove(key);
        self.announce(key).await;
        Ok(())
    }

    pub(super) async fn announce(&self, key: &StoreKey) {
        #[cfg(feature = "redis")]
        if let Backend::Redis(redis) = &self.backend
            && let Err(err) = redis.announce(self.cache.instance(), key).await
        {
            // Other replicas read the session again within REDIS_CACHE_MAX_AGE at worst.
            tracing::warn!(error = %err, "could not announce a session change to other replicas");
        }
        #[cfg(not(feature = "redis"))]
        let _ = key;
    }

    pub(super) async fn lock(&self, key: &StoreKey) -> Result<SessionLock, StoreError> {
        let started = std::time::Instant::now();
        let lock = self.locks.lock(key).await;
        crate::metrics::lock_waited(started.elapsed());
        lock
    }

    /// How many parsed sessions this process keeps in its cache now.
    pub fn cached_sessions(&self) -> usize {
        self.cache.len()
    }

    /// The bytes the cached sessions are charged against the cache's budget.
    pub fn cached_bytes(&self) -> u64 {
        self.cache.weight()
    }
}

/// The name an app's own cookie is sealed under: never one of the SDK's.
fn app_cookie(name: &str) -> String {
    format!("app:{name}")
}

/// What a back-channel logout can name a session by.
#[derive(Clone, Copy, Debug)]
pub enum Lookup {
    /// Logto's session id for this app, from the ID token (when "session required" is on).
    Sid,
    /// The user: every session of theirs in this app.
    Sub,
}

/// A session found through the index, with the id that opens it.
pub struct FoundSession {
    id: SessionId,
    key: StoreKey,
}

/// What the server-sealed copy of a session id is bound to: its own record.
fn id_context(key: &StoreKey) -> Vec<u8> {
    [&b"session id at "[..], &key.0[..]].concat()
}

/// Opens a stored value with the session id; `None` for a record that is not this id's, does not
/// parse, or has expired. A record that does not open or parse is treated as no session: it
/// cannot be this browser's (or it was written by an incompatible version).
fn open_value(id: &SessionId, key: &StoreKey, value: &[u8]) -> Option<RecordIn> {
    let Some((_, sealed)) = split_envelope(value) else {
        tracing::warn!("a session record has no envelope; ignoring it");
        return None;
    };
    let Some(plain) = keys::open_record(id, key, sealed) else {
        tracing::warn!("a session record did not open with its id; ignoring it");
        return None;
    };
    let Ok(record) = serde_json::from_slice::<RecordIn>(&plain) else {
        tracing::warn!("a session record did not parse; ignoring it");
        return None;
    };
    (record.expires_at > unix_now()).then_some(record)
}

/// A stored value: one length byte, the server-sealed id, then the id-sealed record.
fn split_envelope(value: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = usize::from(*value.first()?);
    let rest = value.get(1..)?;
    (rest.len() >= len).then(|| rest.split_at(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_session_id_moved_into_another_record_does_not_open_there() {
        let keys = ServerKeys::derive(b"secret", "app http://a");
        let (Ok(id), Ok(other)) = (SessionId::random(), SessionId::random()) else {
            panic!("random ids");
        };
        let (key, other_key) = (keys.store_key(&id), keys.store_key(&other));
        let sealed = keys
            .seal_session_id(&id_context(&key), &id)
            .expect("sealed");
        // In its own record it opens: a back-channel logout finds the session it names.
        assert!(keys.open_session_id(&id_context(&key), &sealed) == Some(id));
        // Copied into another record (by whoever can write the store), it is noise.
        assert!(
            keys.open_session_id(&id_context(&other_key), &sealed)
                .is_none()
        );
    }

    #[test]
    fn a_record_a_store_still_returns_in_its_expiry_second_is_not_served() {
        // Redis ends a record by its own clock (EXAT): one running behind the app's still
        // returns it. The app's clock decides.
        let keys = ServerKeys::derive(b"secret", "app http://a");
        let Ok(id) = SessionId::random() else {
            panic!("a random id");
        };
        let key = keys.store_key(&id);
        let stored = |expires_at: i64| {
            let data = SessionData::default();
            let plain = serde_json::to_vec(&RecordOut {
                expires_at,
                data: &data,
            })
            .expect("serialized");
            let sealed = keys::seal_record(&id, &key, &plain).expect("sealed");
            [&[0u8][..], &sealed].concat()
        };
        assert!(open_value(&id, &key, &stored(unix_now() + 60)).is_some());
        assert!(open_value(&id, &key, &stored(unix_now())).is_none());
        assert!(open_value(&id, &key, &stored(unix_now() - 1)).is_none());
    }
}
