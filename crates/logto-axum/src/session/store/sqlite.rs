//! Records in a SQLite file: the default for one instance, and a restart signs no one out.
//!
//! The file is created readable by its owner only, and with `secure_delete` on, so a deleted
//! record's bytes are overwritten rather than left in free pages. Round one's table
//! (`tower_sessions`, tokens in the clear) is dropped and the file vacuumed at start.

use std::{path::Path, time::Duration};

use sqlx::{
    Row,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions},
};

use super::{StoreError, StoreSetupError};
use logto_core::unix_now;

use crate::session::keys::StoreKey;

/// Records, the lookup index and seen tokens in a SQLite file, through a pool of at most four
/// connections; clones share the pool.
#[derive(Clone)]
pub struct SqliteBackend {
    pool: SqlitePool,
}

const SCHEMA: &str = "\
create table if not exists sessions (
    key blob primary key not null,
    value blob not null,
    expires_at integer not null
) without rowid;
create index if not exists sessions_expires_at on sessions (expires_at);
create table if not exists session_index (
    lookup blob not null,
    session blob not null,
    expires_at integer not null,
    primary key (lookup, session)
) without rowid;
create index if not exists session_index_expires_at on session_index (expires_at);
create table if not exists seen_tokens (
    key blob primary key not null,
    expires_at integer not null
) without rowid;";

impl SqliteBackend {
    /// Opens the file at `path` (creating it and its directory, owner-only, if need be) in WAL
    /// mode with `secure_delete` on, drops an earlier version's unsealed `tower_sessions` table,
    /// and creates the tables that are missing.
    pub async fn open(path: &Path) -> Result<Self, StoreSetupError> {
        let shown = path.display().to_string();
        create_private_file(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            // WAL lets reads go on while a sign-in writes.
            .journal_mode(SqliteJournalMode::Wal)
            .pragma("secure_delete", "on")
            .busy_timeout(Duration::from_secs(5));
        let sqlite_error = |source| StoreSetupError::Sqlite {
            path: shown.clone(),
            source,
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(sqlite_error)?;
        let legacy: Option<(String,)> = sqlx::query_as(
            "select name from sqlite_master where type = 'table' and name = 'tower_sessions'",
        )
        .fetch_optional(&pool)
        .await
        .map_err(sqlite_error)?;
        if legacy.is_some() {
            // Round one kept tokens in the clear: they must not outlive the upgrade, not even in
            // free pages. Everyone signs in once more.
            tracing::warn!(
                "dropping the unsealed sessions of an earlier version; users sign in again"
            );
            sqlx::query("drop table tower_sessions")
                .execute(&pool)
                .await
                .map_err(sqlite_error)?;
            sqlx::query("vacuum")
                .execute(&pool)
                .await
                .map_err(sqlite_error)?;
            sqlx::query("pragma wal_checkpoint(truncate)")
                .execute(&pool)
                .await
                .map_err(sqlite_error)?;
        }
        sqlx::raw_sql(SCHEMA)
            .execute(&pool)
            .await
            .map_err(sqlite_error)?;
        Ok(Self { pool })
    }

    /// The record under `key`, unless it is missing or has expired.
    pub async fn get(&self, key: &StoreKey) -> Result<Option<Vec<u8>>, StoreError> {
        let row = sqlx::query("select value from sessions where key = ? and expires_at > ?")
            .bind(&key.0[..])
            .bind(unix_now())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.get::<Vec<u8>, _>(0)))
    }

    /// Stores (or replaces) `value` under `key` until `expires_at` (unix seconds). Unfenced:
    /// [`Backend::put`] calls it only while the caller holds the session's fence.
    ///
    /// [`Backend::put`]: super::Backend::put
    pub async fn put(
        &self,
        key: &StoreKey,
        value: &[u8],
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into sessions (key, value, expires_at) values (?, ?, ?) \
             on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at",
        )
        .bind(&key.0[..])
        .bind(value)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Deletes the record under `key`, if any. Unfenced, like [`SqliteBackend::put`].
    pub async fn delete(&self, key: &StoreKey) -> Result<(), StoreError> {
        sqlx::query("delete from sessions where key = ?")
            .bind(&key.0[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes the record under `key` and returns it, unless it had expired.
    pub async fn take(&self, key: &StoreKey) -> Result<Option<Vec<u8>>, StoreError> {
        let row = sqlx::query("delete from sessions where key = ? returning value, expires_at")
            .bind(&key.0[..])
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .filter(|row| row.get::<i64, _>(1) > unix_now())
            .map(|row| row.get::<Vec<u8>, _>(0)))
    }

    /// Deletes the records, index entries and seen tokens that ended at or before `now` (unix
    /// seconds).
    pub async fn delete_expired(&self, now: i64) -> Result<(), StoreError> {
        for table in ["sessions", "session_index", "seen_tokens"] {
            sqlx::query(&format!("delete from {table} where expires_at <= ?"))
                .bind(now)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Records that `lookup` (a keyed hash of a `sid` or `sub`) names the session stored under
    /// `session`, until `expires_at` (unix seconds).
    pub async fn index_add(
        &self,
        lookup: &StoreKey,
        session: &StoreKey,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into session_index (lookup, session, expires_at) values (?, ?, ?) \
             on conflict (lookup, session) do update set expires_at = excluded.expires_at",
        )
        .bind(&lookup.0[..])
        .bind(&session.0[..])
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The sessions `lookup` names whose entries have not expired (some may be gone since).
    pub async fn index_get(&self, lookup: &StoreKey) -> Result<Vec<StoreKey>, StoreError> {
        let rows =
            sqlx::query("select session from session_index where lookup = ? and expires_at > ?")
                .bind(&lookup.0[..])
                .bind(unix_now())
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .filter_map(|row| Some(StoreKey(row.get::<Vec<u8>, _>(0).try_into().ok()?)))
            .collect())
    }

    /// Forgets that `lookup` names `session`.
    pub async fn index_remove(
        &self,
        lookup: &StoreKey,
        session: &StoreKey,
    ) -> Result<(), StoreError> {
        sqlx::query("delete from session_index where lookup = ? and session = ?")
            .bind(&lookup.0[..])
            .bind(&session.0[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// True unless `key` is still remembered from an earlier call; a true answer remembers it
    /// until `expires_at` (unix seconds).
    pub async fn first_seen(&self, key: &StoreKey, expires_at: i64) -> Result<bool, StoreError> {
        let now = unix_now();
        // An expired entry (not yet swept) no longer counts.
        sqlx::query("delete from seen_tokens where key = ? and expires_at <= ?")
            .bind(&key.0[..])
            .bind(now)
            .execute(&self.pool)
            .await?;
        let inserted = sqlx::query(
            "insert into seen_tokens (key, expires_at) values (?, ?) on conflict (key) do nothing",
        )
        .bind(&key.0[..])
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    /// Reads the sessions table itself, not just the connection.
    pub async fn ping(&self) -> bool {
        sqlx::query("select 1 from sessions limit 1")
            .execute(&self.pool)
            .await
            .is_ok()
    }
}

/// Creates the directory and the file with owner-only permissions before SQLite opens it
/// (SQLite gives its `-wal` and `-shm` files the database file's permissions), and tightens an
/// existing file's.
fn create_private_file(path: &Path) -> Result<(), StoreSetupError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|source| StoreSetupError::Directory {
                path: dir.display().to_string(),
                source,
            })?;
    }
    let file_error = |source| StoreSetupError::File {
        path: path.display().to_string(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(file_error)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let file = format!("{}{suffix}", path.display());
            if Path::new(&file).exists() {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(file_error)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_record_taken_to_end_it_comes_back_while_live_and_not_in_its_expiry_second() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteBackend::open(&dir.path().join("sessions.db"))
            .await
            .expect("the store opens");
        let now = unix_now();
        let (live, ending) = (StoreKey([1; 32]), StoreKey([2; 32]));
        store.put(&live, b"live", now + 60).await.expect("put");
        store.put(&ending, b"ends now", now).await.expect("put");
        // Back-channel logout takes a record to revoke its refresh token: a live one comes back.
        assert_eq!(
            store.take(&live).await.expect("take"),
            Some(b"live".to_vec())
        );
        // One in its expiry second has ended, as `get` says: nothing to revoke.
        assert_eq!(store.take(&ending).await.expect("take"), None);
        // Either way the row is gone.
        assert_eq!(store.take(&live).await.expect("take"), None);
    }
}
