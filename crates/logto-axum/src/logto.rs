//! [`Logto`]: what the SDK shares between requests (the Logto client, the sessions, the paths of
//! its routes), built once at start-up.

use std::sync::Arc;

use logto_core::{BaseUrl, LogtoClient as CoreClient, LogtoSettings};

use crate::session::{
    CookiePolicy, PointerKind, SessionStoreConfig, Sessions, StoreSetupError, keys::deployment,
};

/// The SDK's shared state: one per application, cheap to clone (it is an `Arc`).
///
/// ```no_run
/// # async fn start() -> Result<(), Box<dyn std::error::Error>> {
/// use logto_axum::{Logto, session::SessionStoreConfig};
/// use logto_axum::logto_core::{BaseUrl, LogtoSettings};
///
/// let settings = LogtoSettings::from_env()?.ok_or("set LOGTO_ENDPOINT, LOGTO_APP_ID, LOGTO_APP_SECRET")?;
/// let logto = Logto::builder(settings, BaseUrl::parse("http://localhost:3000")?)
///     .session_store(SessionStoreConfig::parse("sqlite://data/sessions.db")?)
///     .build()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Logto {
    inner: Arc<Inner>,
}

struct Inner {
    client: Arc<CoreClient>,
    sessions: Arc<Sessions>,
    paths: Paths,
}

/// Where the SDK's routes are mounted. Logto's console must list `{base}{callback}` as a
/// redirect URI, `{base}{after_sign_out}` as a post sign-out redirect URI, and (for back-channel
/// logout) `{base}{backchannel_logout}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    /// Starts a sign-in (`GET`): `/sign-in`.
    pub sign_in: String,
    /// Where Logto sends the browser back (`GET`): `/callback`. The attempt cookies are scoped
    /// to it.
    pub callback: String,
    /// Signs out (`POST`, with the session's CSRF token): `/sign-out`.
    pub sign_out: String,
    /// Logto's back-channel logout (`POST`): `/backchannel-logout`.
    pub backchannel_logout: String,
    /// Where Logto sends the browser after sign-out: `/`.
    pub after_sign_out: String,
}

impl Paths {
    /// Checks what Logto and browsers need of the paths: each starts with `/`, has no query,
    /// fragment, space or control character, and the four routes are four different paths.
    /// Returns which path is wrong and why.
    pub fn check(&self) -> Result<(), String> {
        let all = [
            ("sign_in", &self.sign_in),
            ("callback", &self.callback),
            ("sign_out", &self.sign_out),
            ("backchannel_logout", &self.backchannel_logout),
            ("after_sign_out", &self.after_sign_out),
        ];
        for (name, path) in all {
            if !path.starts_with('/')
                || path.starts_with("//")
                || path
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "?#\\".contains(c))
            {
                return Err(format!(
                    "{name} `{path}` must be a plain path starting with one `/`"
                ));
            }
        }
        for (i, (name, path)) in all[..4].iter().enumerate() {
            if let Some((other, _)) = all[..4].iter().skip(i + 1).find(|(_, p)| p == path) {
                return Err(format!("{name} and {other} are both `{path}`"));
            }
        }
        Ok(())
    }

    /// True for the SDK's own routes (sign-in, callback, sign-out, back-channel logout) and
    /// anything under them: never a page to send the user back to after sign-in (it would
    /// loop).
    pub fn is_sdk_route(&self, path: &str) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        [
            &self.sign_in,
            &self.callback,
            &self.sign_out,
            &self.backchannel_logout,
        ]
        .iter()
        .any(|route| {
            path == route.as_str()
                || path
                    .strip_prefix(route.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

impl Default for Paths {
    fn default() -> Self {
        Self {
            sign_in: "/sign-in".into(),
            callback: "/callback".into(),
            sign_out: "/sign-out".into(),
            backchannel_logout: "/backchannel-logout".into(),
            after_sign_out: "/".into(),
        }
    }
}

/// Builds [`Logto`]: see [`Logto::builder`].
#[must_use]
pub struct LogtoBuilder {
    settings: LogtoSettings,
    base_url: BaseUrl,
    store: SessionStoreConfig,
    secret: Option<Vec<u8>>,
    inspector: bool,
    cache_budget_bytes: u64,
    paths: Paths,
    pointer: PointerKind,
}

impl LogtoBuilder {
    /// Where sessions live (default: [`SessionStoreConfig::Memory`], lost on restart). SQLite
    /// keeps them across restarts; Redis shares them between replicas.
    pub fn session_store(mut self, store: SessionStoreConfig) -> Self {
        self.store = store;
        self
    }

    /// The secret the cookie and store keys are derived from (default: the application secret).
    /// Every replica needs the same; changing it signs everyone out.
    pub fn cookie_secret(mut self, secret: impl Into<Vec<u8>>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// Where the SDK's routes are mounted (default: [`Paths::default`], `/sign-in`,
    /// `/callback`, `/sign-out`, `/backchannel-logout`, and `/` after sign-out). The attempt
    /// cookies are scoped to the callback's path. [`build`](Self::build) refuses paths that fail
    /// [`Paths::check`].
    pub fn paths(mut self, paths: Paths) -> Self {
        self.paths = paths;
        self
    }

    /// How much memory this process may spend keeping parsed sessions, so that a page view
    /// needs no store round trip (default: [`DEFAULT_CACHE_BUDGET_BYTES`](crate::session::DEFAULT_CACHE_BUDGET_BYTES), 128 MiB, some
    /// 45,000 sessions). Past it, the sessions least in use are read from the store again.
    pub fn session_cache_budget(mut self, bytes: u64) -> Self {
        self.cache_budget_bytes = bytes;
        self
    }

    /// Records every flow's steps and checks for a flow inspector (default: off).
    pub fn inspector(mut self, on: bool) -> Self {
        self.inspector = on;
        self
    }

    /// Makes the browser's session the app's tower-sessions session (a
    /// [`tower_sessions::Session`], from a `SessionManagerLayer` with any store around the
    /// SDK's routes and handlers) instead of the SDK's own session cookie. The SDK keeps in it
    /// one value, under [`TOWER_SESSIONS_KEY`](crate::session::TOWER_SESSIONS_KEY): its session
    /// id, sealed with the server's key. The tokens stay in the SDK's store
    /// ([`session_store`](Self::session_store)), changed under its lock: tower-sessions saves a
    /// changed session after the response, outside any lock, so a rotated refresh token kept
    /// there could be overwritten by a concurrent request's stale copy.
    ///
    /// Sign-in cycles the tower-sessions id (no fixation); sign-out ends the whole
    /// tower-sessions session (flushes it), as axum-login's logout does. A signed-in session
    /// lasts as long as the shorter of the two: the tower-sessions session's expiry, and the
    /// SDK's record ([`SIGNED_IN_TTL_SECS`](crate::session::SIGNED_IN_TTL_SECS) after its last
    /// write). Keep the
    /// [`session_cookies`](crate::session_cookies) layer: sign-ins in flight, the browser
    /// binding and the sign-out `state` are still the SDK's own short-lived cookies. Configure
    /// the layer with `SameSite=Lax` (tower-sessions defaults to `Strict`, which the browser does
    /// not send on the redirect back from Logto). Without the layer, every request that takes a
    /// [`LogtoClient`](crate::LogtoClient) fails with [`Error::Internal`](crate::Error).
    ///
    /// `examples/tower_sessions.rs` is a whole app.
    #[cfg(feature = "tower-sessions")]
    pub fn use_tower_sessions(mut self) -> Self {
        self.pointer = PointerKind::TowerSessions;
        self
    }

    /// Opens the session store (for Redis, connects and subscribes) and builds the client. Does
    /// not contact Logto: discovery is read at the first request that needs it, or by
    /// [`Logto::spawn_background_tasks`].
    pub async fn build(self) -> Result<Logto, StoreSetupError> {
        self.paths.check().map_err(StoreSetupError::Paths)?;
        let policy = CookiePolicy {
            https: self.base_url.is_https(),
        };
        let secret = self
            .secret
            .unwrap_or_else(|| self.settings.app_secret.secret().as_bytes().to_vec());
        let sessions = Sessions::open(
            &self.store,
            Some(&secret),
            &deployment(&self.settings.app_id, self.base_url.as_str()),
            policy,
            self.cache_budget_bytes,
        )
        .await?
        .with_flow_paths(&self.paths.sign_in, &self.paths.callback)
        .with_pointer(self.pointer);
        let client = CoreClient::with_redirect_paths(
            self.settings,
            &self.base_url,
            &self.paths.callback,
            &self.paths.after_sign_out,
        )
        .map_err(|err| StoreSetupError::Client(err.to_string()))?
        .with_inspector(self.inspector);
        Ok(Logto {
            inner: Arc::new(Inner {
                client: Arc::new(client),
                sessions: Arc::new(sessions),
                paths: self.paths,
            }),
        })
    }
}

impl Logto {
    /// A builder for the application `settings` describe, served at `base_url` (its public
    /// origin: redirect URIs and cookie security come from it).
    pub fn builder(settings: LogtoSettings, base_url: BaseUrl) -> LogtoBuilder {
        LogtoBuilder {
            settings,
            base_url,
            store: SessionStoreConfig::Memory,
            secret: None,
            inspector: false,
            cache_budget_bytes: crate::session::DEFAULT_CACHE_BUDGET_BYTES,
            paths: Paths::default(),
            pointer: PointerKind::default(),
        }
    }

    /// The SDK's state from a client and sessions made elsewhere (an app that opens its sessions
    /// before it has Logto settings, say), with the default paths.
    pub fn from_parts(client: Arc<CoreClient>, sessions: Arc<Sessions>) -> Self {
        Self {
            inner: Arc::new(Inner {
                client,
                sessions,
                paths: Paths::default(),
            }),
        }
    }

    /// The Logto client (discovery, keys, grants), shared by every request.
    pub fn client(&self) -> &Arc<CoreClient> {
        &self.inner.client
    }

    /// The sessions: store, cache, locks and keys.
    pub fn sessions(&self) -> &Arc<Sessions> {
        &self.inner.sessions
    }

    /// Where the SDK's routes are.
    pub fn paths(&self) -> &Paths {
        &self.inner.paths
    }

    /// Starts the background work: reading Logto's discovery (and again every 15 minutes),
    /// deleting expired sessions (SQLite, memory). Call it once the runtime runs.
    pub fn spawn_background_tasks(&self) {
        self.inner.client.spawn_warm_up();
        self.inner.sessions.spawn_background_tasks();
    }
}

impl axum::extract::FromRef<Logto> for Arc<Sessions> {
    fn from_ref(logto: &Logto) -> Self {
        logto.inner.sessions.clone()
    }
}
