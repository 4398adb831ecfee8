//! What the client needs to know: the Logto tenant and application ([`LogtoSettings`]) and the
//! public origin of the app that signs users in ([`BaseUrl`]).

use std::{fmt, time::Duration};

use openidconnect::ClientSecret;
use url::Url;

/// Scopes every sign-in asks for: `offline_access` (with `prompt=consent`) is what makes Logto
/// issue a refresh token.
pub const BASE_SCOPES: [&str; 3] = ["openid", "profile", "offline_access"];
/// The Logto tenant and the "Traditional web" application registered there.
#[derive(Clone, Debug)]
pub struct LogtoSettings {
    /// e.g. `https://abc123.logto.app`, without a trailing slash.
    pub endpoint: Url,
    pub app_id: String,
    /// openidconnect's secret type prints as `[redacted]` in `Debug`, so a logged Config is safe.
    pub app_secret: ClientSecret,
    /// Scopes beyond [`BASE_SCOPES`].
    pub extra_scopes: Vec<String>,
    /// API resource indicators requested at sign-in.
    pub resources: Vec<String>,
    /// Allowed clock difference when checking `exp` and `iat`.
    pub clock_leeway: Duration,
    /// Timeout of one HTTP call to Logto.
    pub http_timeout: Duration,
}

impl LogtoSettings {
    /// The issuer Logto puts in its tokens: `{endpoint}/oidc`.
    pub fn issuer(&self) -> String {
        format!("{}/oidc", self.endpoint.as_str().trim_end_matches('/'))
    }

    /// Every scope a sign-in asks for, base scopes first, without duplicates.
    pub fn scopes(&self) -> Vec<String> {
        let mut scopes: Vec<String> = BASE_SCOPES.iter().map(|s| s.to_string()).collect();
        for scope in &self.extra_scopes {
            if !scopes.contains(scope) {
                scopes.push(scope.clone());
            }
        }
        scopes
    }
}

/// The public origin of the app. It has no path, so `{base}/callback` is unambiguous.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    pub fn parse(value: &str) -> Result<Self, String> {
        let url = Url::parse(value).map_err(|e| format!("`{value}` is not a URL ({e})"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("`{value}` must start with http:// or https://"));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "`{value}` must be an origin only, like https://app.example.com, without a path, query or fragment"
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!("`{value}` must not contain credentials"));
        }
        Ok(Self(url.as_str().trim_end_matches('/').to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where Logto sends the browser back after sign-in.
    pub fn callback_url(&self) -> String {
        format!("{}/callback", self.0)
    }

    /// Where Logto sends the browser back after sign-out.
    pub fn post_sign_out_url(&self) -> String {
        format!("{}/", self.0)
    }

    /// Where Logto posts back-channel logout tokens.
    pub fn backchannel_logout_url(&self) -> String {
        format!("{}/backchannel-logout", self.0)
    }

    /// Cookies get `Secure` (and the `__Host-` prefix) only when the app is served over https.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// Plain http on this machine (`localhost`, `127.0.0.1`, `[::1]`): a developer's own copy.
    pub fn is_local_development(&self) -> bool {
        Url::parse(&self.0).is_ok_and(|url| {
            url.scheme() == "http"
                && matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"))
        })
    }
}

impl Default for BaseUrl {
    /// `http://localhost:3000`: a developer's own copy of an app.
    fn default() -> Self {
        Self("http://localhost:3000".into())
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
