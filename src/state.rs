//! What every handler can reach: the configuration, the Logto client and the sessions.

use std::sync::Arc;

use crate::config::Config;
use logto_axum::session::{self, CookiePolicy, Sessions, StoreSetupError};
use logto_core::{LogtoClient, LogtoError};

/// Handlers that take the session ([`logto_axum::session::AuthSession`]) find it here.
impl axum::extract::FromRef<AppState> for Arc<Sessions> {
    fn from_ref(state: &AppState) -> Self {
        state.sessions.clone()
    }
}

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    /// `None` until the Logto settings are present: the app then shows its setup page.
    pub logto: Option<Arc<LogtoClient>>,
    pub sessions: Arc<Sessions>,
    /// Logto's Account Center settings, read lazily and kept (`pages::account`).
    pub account_center: Arc<crate::pages::account::AccountCenterSettings>,
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
        let policy = CookiePolicy {
            https: config.base_url.is_https(),
        };
        let client_id = config.logto.as_ref().map_or("", |l| l.app_id.as_str());
        let deployment = session::deployment(client_id, config.base_url.as_str());
        let sessions = Sessions::open(
            &config.session_store,
            config.session_secret(),
            &deployment,
            policy,
            config.session_cache_bytes,
        )
        .await?;
        let logto = match &config.logto {
            Some(settings) => Some(Arc::new(
                LogtoClient::new(settings.clone(), config.base_url.clone())?
                    .with_inspector(config.inspector),
            )),
            None => None,
        };
        Ok(Self {
            config: Arc::new(config),
            logto,
            sessions: Arc::new(sessions),
            account_center: Arc::default(),
        })
    }

    /// Starts the background work: loading Logto's discovery, deleting expired sessions.
    pub fn spawn_background_tasks(&self) {
        if let Some(logto) = &self.logto {
            logto.spawn_warm_up();
        }
        self.sessions.spawn_background_tasks();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn discovery_and_keys_are_re_read_every_fifteen_minutes_as_the_readme_tells_operators() {
        assert_eq!(
            logto_core::REREAD_INTERVAL,
            std::time::Duration::from_secs(15 * 60)
        );
        assert!(include_str!("../README.md").contains("every 15 minutes in the background"));
    }
}
