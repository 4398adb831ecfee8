//! Where sessions live: in memory (tests, throwaway runs) or in a SQLite file (the default), so
//! a restart signs no one out. Chosen at start-up by `SESSION_STORE`.

use std::time::Duration;

use async_trait::async_trait;
use tower_sessions::{
    MemoryStore, SessionStore,
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
};
use tower_sessions_sqlx_store::{
    SqliteStore,
    sqlx::{
        self,
        sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions},
    },
};

use crate::config::SessionStoreConfig;

/// The configured store, as one type the session layer can hold.
#[derive(Clone, Debug)]
pub enum AppSessionStore {
    Memory(MemoryStore),
    Sqlite {
        store: SqliteStore,
        pool: SqlitePool,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreSetupError {
    #[error("SESSION_STORE: cannot create the directory {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("SESSION_STORE: cannot open or migrate the SQLite file {path}: {source}")]
    Sqlite { path: String, source: sqlx::Error },
}

impl AppSessionStore {
    /// Opens the store; for SQLite, creates the file and its table when missing.
    pub async fn open(config: &SessionStoreConfig) -> Result<Self, StoreSetupError> {
        match config {
            SessionStoreConfig::Memory => Ok(Self::Memory(MemoryStore::default())),
            SessionStoreConfig::Sqlite(path) => {
                let shown = path.display().to_string();
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|source| StoreSetupError::Directory {
                        path: dir.display().to_string(),
                        source,
                    })?;
                }
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    // WAL lets page views read while a sign-in writes.
                    .journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(5));
                let sqlite_error = |source| StoreSetupError::Sqlite {
                    path: shown.clone(),
                    source,
                };
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(options)
                    .await
                    .map_err(sqlite_error)?;
                let store = SqliteStore::new(pool.clone());
                store.migrate().await.map_err(sqlite_error)?;
                Ok(Self::Sqlite { store, pool })
            }
        }
    }

    /// True when the store answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        match self {
            Self::Memory(_) => true,
            // Reads the sessions table itself, not just the connection.
            Self::Sqlite { pool, .. } => sqlx::query("select 1 from tower_sessions limit 1")
                .execute(pool)
                .await
                .is_ok(),
        }
    }

    /// Deletes expired SQLite sessions every `period`, logging (not stopping on) failures.
    /// The memory store drops expired sessions when they are loaded.
    pub fn spawn_expired_deletion(&self, period: Duration) {
        if let Self::Sqlite { store, .. } = self {
            let store = store.clone();
            tokio::spawn(async move {
                let mut interval = tokio::time::interval(period);
                loop {
                    interval.tick().await;
                    if let Err(err) = store.delete_expired().await {
                        tracing::warn!(error = %err, "could not delete expired sessions");
                    }
                }
            });
        }
    }
}

#[async_trait]
impl SessionStore for AppSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.create(record).await,
            Self::Sqlite { store, .. } => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.save(record).await,
            Self::Sqlite { store, .. } => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Memory(s) => s.load(id).await,
            Self::Sqlite { store, .. } => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.delete(id).await,
            Self::Sqlite { store, .. } => store.delete(id).await,
        }
    }
}
