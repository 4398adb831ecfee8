//! Records in Redis, shared by any number of replicas; also the replicas' shared lock and the
//! channel on which each replica tells the others which cached sessions it changed.

use std::{sync::Arc, time::Duration};

use fred::prelude::*;

use super::{StoreError, StoreSetupError};
use crate::session::keys::{StoreKey, random_bytes};

const PREFIX: &str = "logto-axum:";
/// Every write or delete of a record is announced here, so other replicas drop their copy.
const CHANNEL: &str = "logto-axum:invalidate";
/// How long a lock lives unless its holder extends it: a replica killed while holding one
/// blocks the session's other requests for at most this long.
const LOCK_TTL: Duration = Duration::from_secs(5);
/// The holder extends its lock this often while its work (a call to Logto) goes on.
const LOCK_EXTEND_EVERY: Duration = Duration::from_millis(1500);
/// A request waits at most this long for a session's lock (longer than one call to Logto).
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Adds a session to a lookup's sorted set (score: its expiry), drops expired members, and lets
/// the set expire with its last member. Used by the fenced write below, once per lookup.
const INDEX_ADD: &str = "local function index_add(key, expires_at, session, now) \
redis.call('zadd', key, expires_at, session) \
redis.call('zremrangebyscore', key, '-inf', now) \
local last = redis.call('zrange', key, -1, -1, 'withscores') \
if last[2] then redis.call('expireat', key, last[2]) end end ";
/// The fenced write: only while the lock (KEYS[1]) still holds our token, the record (KEYS[2])
/// and its lookups (KEYS[3..]) are written, in one step. 0 when the lock was lost.
const PUT_FENCED: &str = "if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end \
redis.call('set', KEYS[2], ARGV[2], 'exat', ARGV[3]) \
for i = 3, #KEYS do index_add(KEYS[i], ARGV[3], ARGV[4], ARGV[5]) end \
return 1";
/// The fenced delete: the record goes only while the lock still holds our token.
const DELETE_FENCED: &str = "if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end \
redis.call('del', KEYS[2]) return 1";
/// Ends a session without waiting for its lock: the lock is taken from whoever holds it (their
/// fenced writes fail from now on) and the record is deleted; returns the record as it was.
const END: &str = "redis.call('del', KEYS[1]) \
local record = redis.call('get', KEYS[2]) \
redis.call('del', KEYS[2]) return record";
const HELD: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return 1 else return 0 end";
const INDEX_GET: &str = "return redis.call('zrangebyscore', KEYS[1], ARGV[1], '+inf')";
const INDEX_REMOVE: &str = "return redis.call('zrem', KEYS[1], ARGV[1])";
/// Deletes or extends the lock only while it still holds our token: an expired lock that another
/// replica took since is not ours to touch.
const RELEASE: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/// Records, the lookup index, seen tokens and session locks in Redis, shared by every replica;
/// clones share one pool of connections.
#[derive(Clone)]
pub struct RedisBackend {
    pool: Pool,
    config: Config,
}

impl RedisBackend {
    /// Connects to `url` with a pool of two connections, which reconnect by themselves for as
    /// long as the process runs. An error names the URL without its password.
    pub async fn connect(url: &str) -> Result<Self, StoreSetupError> {
        let shown = redacted(url);
        let setup_error = |source| StoreSetupError::Redis {
            url: shown.clone(),
            source,
        };
        let config = Config::from_url(url).map_err(setup_error)?;
        let pool = builder(&config).build_pool(2).map_err(setup_error)?;
        pool.init().await.map_err(setup_error)?;
        Ok(Self { pool, config })
    }

    fn record_key(key: &StoreKey) -> String {
        format!("{PREFIX}session:{}", key.hex())
    }

    /// The record under `key`; `None` when it is missing or expired (Redis expires records at
    /// their `expires_at` itself).
    pub async fn get(&self, key: &StoreKey) -> Result<Option<Vec<u8>>, StoreError> {
        let value: Value = self.pool.get(Self::record_key(key)).await?;
        Ok(value.as_bytes().map(<[u8]>::to_vec))
    }

    fn lock_key(key: &StoreKey) -> String {
        format!("{PREFIX}lock:{}", key.hex())
    }

    fn index_key(lookup: &StoreKey) -> String {
        format!("{PREFIX}index:{}", lookup.hex())
    }

    /// Writes the record under `key` until `expires_at`, and indexes it under `lookups`, in one
    /// step and only while `lock` is still ours.
    pub async fn put_fenced(
        &self,
        lock: &RedisLock,
        key: &StoreKey,
        value: &[u8],
        expires_at: i64,
        lookups: &[StoreKey],
    ) -> Result<(), StoreError> {
        let mut keys = vec![lock.key.clone(), Self::record_key(key)];
        keys.extend(lookups.iter().map(Self::index_key));
        let args: Vec<Value> = vec![
            lock.token.as_str().into(),
            Value::Bytes(value.to_vec().into()),
            expires_at.into(),
            key.hex().into(),
            logto_core::unix_now().into(),
        ];
        let written: i64 = self
            .pool
            .eval(format!("{INDEX_ADD}{PUT_FENCED}"), keys, args)
            .await?;
        fenced(written)
    }

    /// Deletes the record under `key`, only while `lock` is still ours.
    pub async fn delete_fenced(&self, lock: &RedisLock, key: &StoreKey) -> Result<(), StoreError> {
        let deleted: i64 = self
            .pool
            .eval(
                DELETE_FENCED,
                vec![lock.key.clone(), Self::record_key(key)],
                vec![lock.token.clone()],
            )
            .await?;
        fenced(deleted)
    }

    /// Ends the session under `key` now, whoever holds its lock; returns its record as it was.
    pub async fn end(&self, key: &StoreKey) -> Result<Option<Vec<u8>>, StoreError> {
        let value: Value = self
            .pool
            .eval(
                END,
                vec![Self::lock_key(key), Self::record_key(key)],
                Vec::<String>::new(),
            )
            .await?;
        Ok(value.as_bytes().map(<[u8]>::to_vec))
    }

    /// The sessions `lookup` names whose entries have not expired (some may be gone since).
    pub async fn index_get(&self, lookup: &StoreKey) -> Result<Vec<StoreKey>, StoreError> {
        let members: Vec<String> = self
            .pool
            .eval(
                INDEX_GET,
                vec![Self::index_key(lookup)],
                vec![(logto_core::unix_now() + 1).to_string()],
            )
            .await?;
        Ok(members
            .iter()
            .filter_map(|m| StoreKey::from_hex(m))
            .collect())
    }

    /// Forgets that `lookup` names `session`.
    pub async fn index_remove(
        &self,
        lookup: &StoreKey,
        session: &StoreKey,
    ) -> Result<(), StoreError> {
        let _: i64 = self
            .pool
            .eval(
                INDEX_REMOVE,
                vec![Self::index_key(lookup)],
                vec![session.hex()],
            )
            .await?;
        Ok(())
    }

    /// True the first time `key` is seen before `expires_at`; shared by every replica.
    pub async fn first_seen(&self, key: &StoreKey, expires_at: i64) -> Result<bool, StoreError> {
        let set: Value = self
            .pool
            .set(
                format!("{PREFIX}seen:{}", key.hex()),
                1,
                Some(Expiration::EXAT(expires_at)),
                Some(SetOptions::NX),
                false,
            )
            .await?;
        Ok(!set.is_null())
    }

    /// True when Redis answers a `PING`.
    pub async fn ping(&self) -> bool {
        self.pool.ping::<String>(None).await.is_ok()
    }

    /// Tells the other replicas that the record under `key` changed. `instance` lets this
    /// replica skip its own announcements.
    pub async fn announce(&self, instance: &str, key: &StoreKey) -> Result<(), StoreError> {
        let _: i64 = self
            .pool
            .next()
            .publish(CHANNEL, format!("{instance}:{}", key.hex()))
            .await?;
        Ok(())
    }

    /// Takes the session's lock, waiting while another request (on any replica) holds it.
    pub async fn lock(&self, key: &StoreKey) -> Result<RedisLock, StoreError> {
        let lock_key = Self::lock_key(key);
        let token = crate::session::keys::StoreKey(random_bytes()?).hex();
        let deadline = tokio::time::Instant::now() + LOCK_WAIT;
        let mut pause = Duration::from_millis(5);
        loop {
            let taken: Value = self
                .pool
                .set(
                    &lock_key,
                    token.as_str(),
                    Some(Expiration::PX(LOCK_TTL.as_millis() as i64)),
                    Some(SetOptions::NX),
                    false,
                )
                .await?;
            if !taken.is_null() {
                break;
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(StoreError::LockTimeout);
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(50));
        }
        let watchdog = {
            let pool = self.pool.clone();
            let (lock_key, token) = (lock_key.clone(), token.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(LOCK_EXTEND_EVERY).await;
                    let extended: Result<i64, _> = pool
                        .eval(
                            EXTEND,
                            vec![lock_key.as_str()],
                            vec![token.clone(), LOCK_TTL.as_millis().to_string()],
                        )
                        .await;
                    if !matches!(extended, Ok(1)) {
                        // The holder finds out at its next fenced write, which fails.
                        tracing::warn!("lost a session lock before its work ended");
                        return;
                    }
                }
            })
        };
        Ok(RedisLock {
            pool: self.pool.clone(),
            key: lock_key,
            token,
            watchdog,
        })
    }

    /// Listens for other replicas' announcements and hands each changed key to `invalidations`.
    /// While the subscription is down the cache is off (it may have missed announcements) and it
    /// is cleared before it is used again.
    pub async fn subscribe(&self, invalidations: Arc<dyn Invalidations>) -> Result<(), StoreError> {
        let subscriber = builder(&self.config).build_subscriber_client()?;
        subscriber.init().await?;
        let _resubscribe = subscriber.manage_subscriptions();
        let mut messages = subscriber.message_rx();
        let mut reconnects = subscriber.reconnect_rx();
        let mut errors = subscriber.error_rx();
        subscriber.subscribe(CHANNEL).await?;
        invalidations.resume();
        tokio::spawn(async move {
            // Keeps the client alive as long as the task runs.
            let _subscriber = subscriber;
            loop {
                tokio::select! {
                    message = messages.recv() => match message {
                        Ok(message) => {
                            let text = message.value.as_str().map(|s| s.to_string()).unwrap_or_default();
                            if let Some((from, hex)) = text.split_once(':')
                                && let Some(key) = StoreKey::from_hex(hex)
                            {
                                invalidations.changed(from, &key);
                            }
                        }
                        // Missed messages: nothing cached can be trusted.
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                            invalidations.pause();
                            invalidations.resume();
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                            invalidations.pause();
                            return;
                        }
                    },
                    Ok(_) = errors.recv() => invalidations.pause(),
                    // `manage_subscriptions` subscribes again after a reconnect.
                    Ok(_) = reconnects.recv() => invalidations.resume(),
                }
            }
        });
        Ok(())
    }
}

/// What the subscription tells the cache.
pub trait Invalidations: Send + Sync + 'static {
    /// Another replica (`from`) wrote or deleted the record under `key`.
    fn changed(&self, from: &str, key: &StoreKey);
    /// Announcements may be lost from now on: stop serving from the cache.
    fn pause(&self);
    /// Announcements arrive again: clear the cache and use it.
    fn resume(&self);
}

/// 1 from a fenced script: written; 0: the lock was not ours any more.
fn fenced(outcome: i64) -> Result<(), StoreError> {
    if outcome == 1 {
        Ok(())
    } else {
        Err(StoreError::LockLost)
    }
}

/// A session's lock in Redis, released when dropped.
pub struct RedisLock {
    pool: Pool,
    key: String,
    token: String,
    watchdog: tokio::task::JoinHandle<()>,
}

impl RedisLock {
    /// Whether the lock is still ours, asked of Redis: checked before a refresh token is
    /// presented to Logto, so a holder that lost its lock does not present a token another
    /// replica may be using.
    pub async fn still_held(&self) -> Result<(), StoreError> {
        let held: i64 = self
            .pool
            .eval(HELD, vec![self.key.as_str()], vec![self.token.clone()])
            .await?;
        fenced(held)
    }
}

impl Drop for RedisLock {
    fn drop(&mut self) {
        self.watchdog.abort();
        let (pool, key, token) = (
            self.pool.clone(),
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.token),
        );
        // Drop cannot wait; a release that never runs still ends when the lock expires.
        tokio::spawn(async move {
            let released: Result<i64, _> =
                pool.eval(RELEASE, vec![key.as_str()], vec![token]).await;
            if let Err(err) = released {
                tracing::warn!(error = %err, "could not release a session lock; it expires by itself");
            }
        });
    }
}

fn builder(config: &Config) -> Builder {
    let mut builder = Builder::from_config(config.clone());
    builder
        .with_connection_config(|c| {
            c.connection_timeout = Duration::from_secs(5);
            c.internal_command_timeout = Duration::from_secs(5);
        })
        .with_performance_config(|p| {
            p.default_command_timeout = Duration::from_secs(5);
        })
        // Reconnect forever, backing off to 2 s between tries.
        .set_policy(ReconnectPolicy::new_exponential(0, 50, 2000, 2));
    builder
}

/// The URL without its password, for messages.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(unreadable URL)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redis_url_in_a_message_never_shows_its_password() {
        let shown = redacted("rediss://app:s3cret-pass@redis.internal:6380/2");
        assert_eq!(shown, "rediss://app:***@redis.internal:6380/2");
        assert_eq!(
            redacted("redis://127.0.0.1:6379"),
            "redis://127.0.0.1:6379",
            "nothing to hide"
        );
        assert_eq!(redacted("not a url at all"), "(unreadable URL)");
    }
}
