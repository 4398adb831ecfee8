//! What every handler can reach: the configuration, the Logto client and the session store.

use std::{sync::Arc, time::Duration};

use crate::{
    auth::RefreshLocks,
    config::Config,
    logto::{LogtoClient, LogtoError},
    session_store::{AppSessionStore, StoreSetupError},
};

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    /// `None` until the Logto settings are present: the app then shows its setup page.
    pub logto: Option<Arc<LogtoClient>>,
    pub store: AppSessionStore,
    /// Serialises refreshes per session.
    pub refresh_locks: Arc<RefreshLocks>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] StoreSetupError),
    #[error("cannot build the Logto client: {0}")]
    Logto(#[from] LogtoError),
}

impl AppState {
    /// Opens the session store and builds the Logto client. Does not contact Logto.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let store = AppSessionStore::open(&config.session_store).await?;
        let logto = match &config.logto {
            Some(settings) => Some(Arc::new(LogtoClient::new(
                settings.clone(),
                config.base_url.clone(),
            )?)),
            None => None,
        };
        Ok(Self {
            config: Arc::new(config),
            logto,
            store,
            refresh_locks: Arc::default(),
        })
    }

    /// Starts the background work: loading Logto's discovery, deleting expired sessions.
    pub fn spawn_background_tasks(&self) {
        if let Some(logto) = &self.logto {
            logto.spawn_warm_up();
        }
        self.store.spawn_expired_deletion(Duration::from_secs(60));
    }
}
