//! [`LogtoClient`]: one Logto tenant, one application; and the values its operations take and
//! give.

use std::{sync::Arc, time::Duration};

use openidconnect::RedirectUrl;
use url::Url;

use crate::{
    LogtoError, Profile,
    cache::{ProviderCache, REREAD_INTERVAL},
    discovery::KeysInUse,
    observe::{FlowKind, Trace},
    settings::{BaseUrl, LogtoSettings},
};

/// Talks to one Logto tenant on behalf of one application.
pub struct LogtoClient {
    pub(crate) settings: LogtoSettings,
    /// Where Logto sends the browser back after sign-in (the `redirect_uri`).
    pub(crate) callback_url: String,
    /// Where Logto sends the browser after sign-out (the `post_logout_redirect_uri`).
    pub(crate) post_sign_out_url: String,
    pub(crate) http: reqwest::Client,
    pub(crate) discovery: Arc<ProviderCache>,
    /// Whether [`trace`](Self::trace) records (a flow inspector is on).
    inspector: bool,
}

/// Where to send the browser, and the secrets to keep until it comes back.
pub struct AuthorizationRequest {
    /// Logto's authorization URL with every parameter: redirect the browser here.
    pub url: Url,
    /// The `state` in the URL; the callback must bring back the same value (compare them with
    /// [`secrets_match`](crate::secrets_match)).
    pub state: String,
    /// The `nonce` in the URL; [`LogtoClient::complete_sign_in`] checks the ID token against it.
    pub nonce: String,
    /// The PKCE code verifier whose S256 challenge is in the URL; the code exchange in
    /// [`LogtoClient::complete_sign_in`] sends it.
    pub pkce_verifier: String,
}

/// A completed, verified sign-in.
pub struct SignedIn {
    /// Who signed in: the verified ID token's claims, updated with userinfo.
    pub profile: Profile,
    /// The raw ID token, kept for `id_token_hint` at sign-out.
    pub id_token: String,
    /// The access token the code was exchanged for, good for userinfo
    /// ([`LogtoClient::fetch_userinfo`]).
    pub access_token: String,
    /// Unix seconds.
    pub access_token_expires_at: Option<i64>,
    /// The refresh token, for [`LogtoClient::refresh`]; None when Logto issued none.
    pub refresh_token: Option<String>,
    /// The scopes Logto granted, as its token response lists them; the scopes asked for when the
    /// response lists none.
    pub scopes: Vec<String>,
}

/// What an access token is for, beyond userinfo.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenTarget {
    /// An API resource indicator, as registered in the Logto console.
    Resource(String),
    /// An organization id (the token's `aud` is `urn:logto:organization:<id>`).
    Organization(String),
}

impl TokenTarget {
    /// A stable string for keeping tokens per target in the session.
    pub fn key(&self) -> String {
        match self {
            TokenTarget::Resource(resource) => format!("resource:{resource}"),
            TokenTarget::Organization(id) => format!("organization:{id}"),
        }
    }
}

/// Logto's reserved resource: asked for at sign-in so organization tokens can be had later.
pub const ORGANIZATIONS_RESOURCE: &str = "urn:logto:resource:organizations";
/// The scope that puts organizations in the ID token.
pub const ORGANIZATIONS_SCOPE: &str = "urn:logto:scope:organizations";

/// The result of a refresh-token grant, verified.
pub struct Refreshed {
    /// The new raw ID token and the profile it carries, when Logto sent one.
    pub id_token: Option<(String, Profile)>,
    /// The new access token: for userinfo, or for the [`TokenTarget`] the refresh asked for.
    pub access_token: String,
    /// When the new access token expires (unix seconds); None when Logto did not say.
    pub access_token_expires_at: Option<i64>,
    /// The new refresh token, which replaces the one sent (Logto rotates them); None when Logto
    /// sent none, and then the one sent stays valid.
    pub refresh_token: Option<String>,
}

impl LogtoClient {
    /// A client for the application in `settings`, whose callback is under `base_url`, with the
    /// flow inspector off. Makes no request: discovery is fetched on first use (or by
    /// [`spawn_warm_up`](Self::spawn_warm_up)); fails only when the HTTP client cannot be built
    /// or the callback URL is not valid.
    pub fn new(settings: LogtoSettings, base_url: BaseUrl) -> Result<Self, LogtoError> {
        Self::with_redirect_paths(settings, &base_url, "/callback", "/")
    }

    /// As [`new`](Self::new), for an app whose callback is at `callback` and whose page after
    /// sign-out is `after_sign_out` (paths on `base_url`, each starting with `/`). Logto's
    /// console must list `{base_url}{callback}` as a redirect URI and
    /// `{base_url}{after_sign_out}` as a post sign-out redirect URI.
    pub fn with_redirect_paths(
        settings: LogtoSettings,
        base_url: &BaseUrl,
        callback: &str,
        after_sign_out: &str,
    ) -> Result<Self, LogtoError> {
        let callback_url = format!("{}{callback}", base_url.as_str());
        let post_sign_out_url = format!("{}{after_sign_out}", base_url.as_str());
        let http = reqwest::Client::builder()
            // Following redirects would let a compromised or misconfigured endpoint point our
            // credentialed requests anywhere (SSRF); Logto never redirects these calls.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.http_timeout.min(Duration::from_secs(5)))
            // Logto runs on Node, which closes idle keep-alive connections after 5 s: a pooled
            // connection reused at that moment is reset mid-request (seen once as a 502 at the
            // token endpoint in a benchmark). Dropping idle connections sooner avoids the race.
            .pool_idle_timeout(Duration::from_secs(4))
            .timeout(settings.http_timeout)
            .user_agent(concat!("logto-axum/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LogtoError::Unreachable(Box::new(e)))?;
        let redirect_url = RedirectUrl::new(callback_url.clone())
            .map_err(|e| LogtoError::Discovery(e.to_string()))?;
        let discovery = Arc::new(ProviderCache::new(
            settings.clone(),
            redirect_url,
            http.clone(),
        ));
        Ok(Self {
            settings,
            callback_url,
            post_sign_out_url,
            http,
            discovery,
            inspector: false,
        })
    }

    /// Makes [`trace`](Self::trace) record, for the flow inspector.
    pub fn with_inspector(mut self, on: bool) -> Self {
        self.inspector = on;
        self
    }

    /// What discovery gave, as cached now (no fetch: a page view does not call Logto).
    pub fn keys_in_use(&self) -> Option<KeysInUse> {
        self.discovery
            .cached()
            .map(|provider| provider.keys_in_use())
    }

    /// A recorder for one flow: it records only when the inspector is on.
    pub fn trace(&self, kind: FlowKind) -> Trace {
        Trace::new(kind, self.inspector)
    }

    /// The settings the client was made with.
    pub fn settings(&self) -> &LogtoSettings {
        &self.settings
    }

    /// Resources asked for at sign-in: the configured APIs, plus Logto's organizations resource
    /// when organizations are in scope (organization tokens need it).
    pub fn resources(&self) -> Vec<String> {
        let mut resources = self.settings.resources.clone();
        let wants_organizations = self
            .settings
            .extra_scopes
            .iter()
            .any(|s| s == ORGANIZATIONS_SCOPE);
        if wants_organizations && !resources.iter().any(|r| r == ORGANIZATIONS_RESOURCE) {
            resources.push(ORGANIZATIONS_RESOURCE.to_string());
        }
        resources
    }

    /// Starts fetching discovery in the background, retrying with backoff, then re-reading it
    /// every [`REREAD_INTERVAL`].
    pub fn spawn_warm_up(&self) {
        self.spawn_upkeep(REREAD_INTERVAL);
    }

    /// [`spawn_warm_up`](Self::spawn_warm_up) with another re-read interval.
    pub fn spawn_upkeep(&self, reread_every: Duration) {
        tokio::spawn(self.discovery.clone().upkeep(reread_every));
    }

    /// True once discovery and keys are loaded; tries a fetch when they are not.
    pub async fn is_ready(&self) -> bool {
        self.discovery.get().await.is_ok()
    }
}
