//! Where sessions live, as configured: memory, a SQLite file or Redis.

use std::{fmt, path::PathBuf};

use url::Url;

/// Where sessions live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionStoreConfig {
    /// Lost on restart: for tests and throwaway runs.
    Memory,
    /// A SQLite file, created and migrated at start.
    Sqlite(PathBuf),
    /// A Redis server (`redis://` or `rediss://`), shared by any number of replicas.
    Redis(RedisUrl),
}

/// A Redis URL, which may hold a password: it never prints whole.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl(pub String);

impl fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = self.0.split("://").next().unwrap_or("redis");
        write!(f, "RedisUrl({scheme}://[redacted])")
    }
}

impl std::ops::Deref for RedisUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// Why a value is not a store [`SessionStoreConfig::parse`] knows; its message says what is
/// accepted. A Redis URL is never part of it (it may hold a password).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreConfigError {
    /// `sqlite://` with nothing after it.
    #[error("sqlite:// needs a file path, like sqlite://data/sessions.db")]
    SqliteWithoutPath,
    /// A `redis://` or `rediss://` URL that does not parse or names no host.
    #[error(
        "a Redis URL needs a host, like redis://127.0.0.1:6379 or rediss://user:password@host:6380/0"
    )]
    RedisWithoutHost,
    /// Anything else.
    #[error(
        "is not a known store; use sqlite://<path> (default), redis://host:port, rediss://host:port or memory"
    )]
    Unknown,
}

impl SessionStoreConfig {
    /// Reads `memory`, `sqlite://<path>`, `redis://host:port[/db]` or `rediss://…`; anything else
    /// is refused with an error that says what is accepted.
    pub fn parse(value: &str) -> Result<Self, StoreConfigError> {
        if value == "memory" {
            return Ok(Self::Memory);
        }
        if let Some(path) = value.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(StoreConfigError::SqliteWithoutPath);
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if value.starts_with("redis://") || value.starts_with("rediss://") {
            return match Url::parse(value) {
                Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => {
                    Ok(Self::Redis(RedisUrl(value.to_string())))
                }
                _ => Err(StoreConfigError::RedisWithoutHost),
            };
        }
        Err(StoreConfigError::Unknown)
    }
}

/// Where the browser keeps its session's id: the SDK's own cookie, or (the `tower-sessions`
/// feature) the app's tower-sessions session. Set by the builder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum PointerKind {
    /// The SDK's own session cookie (`logto_app_session`).
    #[default]
    Cookie,
    /// The app's tower-sessions session.
    #[cfg(feature = "tower-sessions")]
    TowerSessions,
}
