//! What can go wrong with the session store: while a request reads or changes a session, and
//! while the store is opened at start-up.

/// A failure of the session store, its locks, or the random source, while a request reads or
/// changes a session.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A SQLite query failed.
    #[error("SQLite: {0}")]
    #[cfg(feature = "sqlite")]
    Sqlite(#[from] sqlx::Error),
    /// A Redis command or script failed, or Redis could not be reached.
    #[error("Redis: {0}")]
    #[cfg(feature = "redis")]
    Redis(#[from] fred::error::Error),
    /// The app's tower-sessions session, which holds the pointer to the SDK's record (the
    /// `tower-sessions` feature), could not be read or changed: its store failed.
    #[error("tower-sessions: {0}")]
    #[cfg(feature = "tower-sessions")]
    TowerSessions(#[from] tower_sessions::session::Error),
    /// Another request, on any replica, held the session's Redis lock for longer than a request
    /// waits for it (30 s).
    #[error("the session's lock was not released in time")]
    LockTimeout,
    /// The session's lock stopped being this request's before its change was written: it
    /// expired (a paused replica, a Redis restart) or the session was ended meanwhile (a
    /// back-channel logout). Nothing was written.
    #[error("the session's lock was lost before the change was written; nothing was written")]
    LockLost,
    /// The operating system gave no random bytes, and no id, token or seal can be made without
    /// them.
    #[error("no random bytes from the operating system: {0}")]
    Random(#[from] getrandom::Error),
}

/// Why the sessions (or the Logto client) could not be set up at start-up. The app cannot serve
/// sign-ins until the cause is fixed.
#[derive(Debug, thiserror::Error)]
pub enum StoreSetupError {
    /// A route path given to [`crate::LogtoBuilder::paths`] is not usable (see
    /// [`crate::Paths::check`]).
    #[error("the SDK's route paths: {0}")]
    Paths(String),
    /// The directory of the SQLite file could not be created.
    #[error("SESSION_STORE: cannot create the directory {path}: {source}")]
    Directory {
        /// The directory, as configured.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The SQLite file could not be created, or its permissions (or those of its `-wal` and
    /// `-shm` files) could not be set to owner-only.
    #[error("SESSION_STORE: cannot create the SQLite file {path}: {source}")]
    File {
        /// The file, as configured.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// SQLite could not open the file, drop an earlier version's unsealed sessions, or create
    /// the tables.
    #[error("SESSION_STORE: cannot open or migrate the SQLite file {path}: {source}")]
    #[cfg(feature = "sqlite")]
    Sqlite {
        /// The file, as configured.
        path: String,
        /// SQLite's error.
        source: sqlx::Error,
    },
    /// The Redis URL could not be read, or the connections could not be made.
    #[error("SESSION_STORE: cannot connect to Redis at {url}: {source}")]
    #[cfg(feature = "redis")]
    Redis {
        /// The URL, with its password (if any) shown as `***`.
        url: String,
        /// Redis's error.
        source: fred::error::Error,
    },
    /// The subscription to other replicas' session announcements could not be made; without it,
    /// cached sessions would not follow changes made elsewhere.
    #[error("SESSION_STORE: cannot subscribe to Redis announcements: {0}")]
    Announcements(#[source] StoreError),
    /// The operating system gave no random bytes for the keys (when no secret is set) or the
    /// instance name.
    #[error("no random bytes from the operating system: {0}")]
    Random(#[from] getrandom::Error),
    /// The configured store's cargo feature (`sqlite`, `redis`) is off in this build.
    #[error(
        "SESSION_STORE: this build has no support for that store (turn on the logto-axum feature `sqlite` or `redis`)"
    )]
    NotBuiltIn,
    /// The Logto client could not be built (its HTTP client, or the callback URL).
    #[error("cannot build the Logto client: {0}")]
    Client(String),
}
