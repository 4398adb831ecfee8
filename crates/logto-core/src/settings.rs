//! What the client needs to know: the Logto tenant and application ([`LogtoSettings`]) and the
//! public origin of the app that signs users in ([`BaseUrl`]).

use std::{fmt, time::Duration};

use openidconnect::ClientSecret;
use url::Url;

/// Scopes every sign-in asks for: `offline_access` (with `prompt=consent`) is what makes Logto
/// issue a refresh token.
pub const BASE_SCOPES: [&str; 3] = ["openid", "profile", "offline_access"];

/// Scopes asked for beyond [`BASE_SCOPES`] unless the builder (or `LOGTO_SCOPES`) says otherwise:
/// the user's email and phone, their linked social identities and their custom data.
pub const DEFAULT_EXTRA_SCOPES: [&str; 4] = ["email", "phone", "identities", "custom_data"];

/// The Logto tenant and the "Traditional web" application registered there.
///
/// Made with [`LogtoSettings::builder`] or read with [`LogtoSettings::from_env`]; both check
/// every value the same way.
///
/// ```
/// use std::time::Duration;
/// use logto_core::LogtoSettings;
///
/// let settings = LogtoSettings::builder("https://abc123.logto.app", "my-app-id", "my-app-secret")
///     .resources(["https://api.example.com"])
///     .clock_leeway(Duration::from_secs(30))
///     .build()?;
/// assert_eq!(settings.issuer(), "https://abc123.logto.app/oidc");
/// # Ok::<(), logto_core::SettingsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct LogtoSettings {
    /// The tenant's endpoint, e.g. `https://abc123.logto.app`, without `/oidc` and without a
    /// trailing slash.
    pub endpoint: Url,
    /// The application's id, from its page in the Logto console.
    pub app_id: String,
    /// The application's secret. openidconnect's secret type prints as `[redacted]` in `Debug`,
    /// so logged settings are safe.
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

/// A setting that is missing or wrong: which one, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// One of the three values that go together (endpoint, app id, app secret) is missing.
    #[error(
        "{variable} is missing: LOGTO_ENDPOINT, LOGTO_APP_ID and LOGTO_APP_SECRET go together (copy them from your application's page in the Logto console)"
    )]
    Missing {
        /// The environment variable it is read from.
        variable: &'static str,
    },
    /// A value is present but not usable; `problem` says why and how to fix it.
    #[error("{variable}: {problem}")]
    Invalid {
        /// The environment variable it is read from (the builder names the same).
        variable: &'static str,
        /// What is wrong, and the fix.
        problem: String,
    },
}

impl SettingsError {
    /// The environment variable the setting is read from.
    pub fn variable(&self) -> &'static str {
        match self {
            Self::Missing { variable } | Self::Invalid { variable, .. } => variable,
        }
    }

    /// What is wrong, without the variable's name.
    pub fn problem(&self) -> String {
        match self {
            Self::Missing { .. } => "is missing: LOGTO_ENDPOINT, LOGTO_APP_ID and LOGTO_APP_SECRET go together (copy them from your application's page in the Logto console)".into(),
            Self::Invalid { problem, .. } => problem.clone(),
        }
    }
}

fn invalid(variable: &'static str, problem: impl Into<String>) -> SettingsError {
    SettingsError::Invalid {
        variable,
        problem: problem.into(),
    }
}

/// Builds [`LogtoSettings`]: see [`LogtoSettings::builder`].
#[derive(Clone, Debug)]
#[must_use]
pub struct LogtoSettingsBuilder {
    endpoint: String,
    app_id: String,
    app_secret: ClientSecret,
    extra_scopes: Vec<String>,
    resources: Vec<String>,
    clock_leeway: Duration,
    http_timeout: Duration,
}

impl LogtoSettingsBuilder {
    /// The scopes to ask for beyond [`BASE_SCOPES`] (default: [`DEFAULT_EXTRA_SCOPES`]). Add
    /// `urn:logto:scope:organizations` for organization tokens.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.extra_scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The API resource indicators to ask for at sign-in, as registered in the Logto console
    /// (default: none).
    pub fn resources<S: Into<String>>(mut self, resources: impl IntoIterator<Item = S>) -> Self {
        self.resources = resources.into_iter().map(Into::into).collect();
        self
    }

    /// The clock difference allowed when checking `exp` and `iat` (default: 60 s).
    pub fn clock_leeway(mut self, leeway: Duration) -> Self {
        self.clock_leeway = leeway;
        self
    }

    /// The timeout of one HTTP call to Logto (default: 10 s; at least 1 s).
    pub fn http_timeout(mut self, timeout: Duration) -> Self {
        self.http_timeout = timeout.max(Duration::from_secs(1));
        self
    }

    /// Checks every value: the endpoint is an http(s) origin without `/oidc`, scopes are scope
    /// tokens (RFC 6749), resources are absolute URIs.
    pub fn build(self) -> Result<LogtoSettings, SettingsError> {
        let endpoint = parse_endpoint(&self.endpoint)?;
        if self.app_id.is_empty() {
            return Err(SettingsError::Missing {
                variable: "LOGTO_APP_ID",
            });
        }
        if self.app_secret.secret().is_empty() {
            return Err(SettingsError::Missing {
                variable: "LOGTO_APP_SECRET",
            });
        }
        if let Some(bad) = self.extra_scopes.iter().find(|s| !is_scope_token(s)) {
            return Err(invalid(
                "LOGTO_SCOPES",
                format!("`{bad}` is not a valid scope name"),
            ));
        }
        if let Some(bad) = self.resources.iter().find(|r| Url::parse(r).is_err()) {
            return Err(invalid(
                "LOGTO_RESOURCES",
                format!(
                    "`{bad}` is not an absolute URI; use the API identifier shown in the Logto console"
                ),
            ));
        }
        Ok(LogtoSettings {
            endpoint,
            app_id: self.app_id,
            app_secret: self.app_secret,
            extra_scopes: self.extra_scopes,
            resources: self.resources,
            clock_leeway: self.clock_leeway,
            http_timeout: self.http_timeout,
        })
    }
}

impl LogtoSettings {
    /// Settings for the application `app_id` (with its secret) of the tenant at `endpoint`
    /// (e.g. `https://abc123.logto.app`, or `http://localhost:3001` for a self-hosted Logto);
    /// the other values have defaults, which the builder's methods change.
    pub fn builder(
        endpoint: impl Into<String>,
        app_id: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> LogtoSettingsBuilder {
        LogtoSettingsBuilder {
            endpoint: endpoint.into(),
            app_id: app_id.into(),
            app_secret: ClientSecret::new(app_secret.into()),
            extra_scopes: DEFAULT_EXTRA_SCOPES.map(str::to_string).to_vec(),
            resources: Vec::new(),
            clock_leeway: Duration::from_secs(60),
            http_timeout: Duration::from_secs(10),
        }
    }

    /// Reads the settings from the process environment: `LOGTO_ENDPOINT`, `LOGTO_APP_ID`,
    /// `LOGTO_APP_SECRET` (all three, or none: `Ok(None)`), and optionally `LOGTO_SCOPES` and
    /// `LOGTO_RESOURCES` (space separated), `LOGTO_CLOCK_LEEWAY_SECS`, `LOGTO_HTTP_TIMEOUT_SECS`.
    /// Empty values count as unset.
    pub fn from_env() -> Result<Option<Self>, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`LogtoSettings::from_env`], reading through `lookup` instead of the process environment
    /// (a map in tests, a secrets manager).
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, SettingsError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let (endpoint, app_id, app_secret) = match (
            get("LOGTO_ENDPOINT"),
            get("LOGTO_APP_ID"),
            get("LOGTO_APP_SECRET"),
        ) {
            (None, None, None) => return Ok(None),
            (Some(endpoint), Some(app_id), Some(app_secret)) => (endpoint, app_id, app_secret),
            (endpoint, app_id, _) => {
                let variable = if endpoint.is_none() {
                    "LOGTO_ENDPOINT"
                } else if app_id.is_none() {
                    "LOGTO_APP_ID"
                } else {
                    "LOGTO_APP_SECRET"
                };
                return Err(SettingsError::Missing { variable });
            }
        };
        let words = |name: &str| -> Option<Vec<String>> {
            get(name).map(|v| v.split_whitespace().map(str::to_string).collect())
        };
        let seconds = |name: &'static str, default: u64| -> Result<Duration, SettingsError> {
            match get(name) {
                None => Ok(Duration::from_secs(default)),
                Some(v) => v
                    .parse()
                    .map(Duration::from_secs)
                    .map_err(|_| invalid(name, format!("`{v}` is not a whole number of seconds"))),
            }
        };
        let mut builder = Self::builder(endpoint, app_id, app_secret)
            .clock_leeway(seconds("LOGTO_CLOCK_LEEWAY_SECS", 60)?)
            .http_timeout(seconds("LOGTO_HTTP_TIMEOUT_SECS", 10)?);
        if let Some(scopes) = words("LOGTO_SCOPES") {
            builder = builder.scopes(scopes);
        }
        if let Some(resources) = words("LOGTO_RESOURCES") {
            builder = builder.resources(resources);
        }
        builder.build().map(Some)
    }

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

fn parse_endpoint(value: &str) -> Result<Url, SettingsError> {
    let fix = "use your tenant's endpoint, like https://abc123.logto.app (without /oidc)";
    let url = Url::parse(value)
        .map_err(|_| invalid("LOGTO_ENDPOINT", format!("`{value}` is not a URL; {fix}")))?;
    if !matches!(url.scheme(), "http" | "https")
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(invalid(
            "LOGTO_ENDPOINT",
            format!("`{value}` must be an http(s) URL; {fix}"),
        ));
    }
    if url.path().trim_end_matches('/').ends_with("/oidc") {
        return Err(invalid(
            "LOGTO_ENDPOINT",
            format!("`{value}` ends with /oidc; {fix}"),
        ));
    }
    let trimmed = url.as_str().trim_end_matches('/').to_string();
    Url::parse(&trimmed).map_err(|_| invalid("LOGTO_ENDPOINT", fix))
}

/// RFC 6749 scope-token: printable ASCII without space, `"` or `\`.
fn is_scope_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
}

/// The public origin of the app. It has no path, so `{base}/callback` is unambiguous.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    /// Read once at parse: `/sign-in` asks on every request (parsing the URL again there cost
    /// 3.5% of its CPU, measured with `perf`).
    local_development: bool,
}

/// Why a value is not an origin [`BaseUrl::parse`] accepts; its message says how to write one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BaseUrlError {
    /// Not a URL at all.
    #[error("`{value}` is not a URL ({reason})")]
    NotAUrl {
        /// The value given.
        value: String,
        /// What the URL parser said.
        reason: String,
    },
    /// A URL whose scheme is neither `http` nor `https`.
    #[error("`{0}` must start with http:// or https://")]
    NotHttp(String),
    /// A URL with a path, a query or a fragment.
    #[error(
        "`{0}` must be an origin only, like https://app.example.com, without a path, query or fragment"
    )]
    NotAnOrigin(String),
    /// A URL with a user name or a password in it.
    #[error("`{0}` must not contain credentials")]
    Credentials(String),
}

impl BaseUrl {
    /// Reads an origin such as `https://app.example.com`; anything with a path, a query, a
    /// fragment or credentials is refused, with an error that says why.
    pub fn parse(value: &str) -> Result<Self, BaseUrlError> {
        let url = Url::parse(value).map_err(|e| BaseUrlError::NotAUrl {
            value: value.to_string(),
            reason: e.to_string(),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(BaseUrlError::NotHttp(value.to_string()));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(BaseUrlError::NotAnOrigin(value.to_string()));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(BaseUrlError::Credentials(value.to_string()));
        }
        let local_development = url.scheme() == "http"
            && matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        Ok(Self {
            origin: url.as_str().trim_end_matches('/').to_string(),
            local_development,
        })
    }

    /// The origin, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.origin
    }

    /// Where Logto sends the browser back after sign-in.
    pub fn callback_url(&self) -> String {
        format!("{}/callback", self.origin)
    }

    /// Where Logto sends the browser back after sign-out.
    pub fn post_sign_out_url(&self) -> String {
        format!("{}/", self.origin)
    }

    /// Where Logto posts back-channel logout tokens.
    pub fn backchannel_logout_url(&self) -> String {
        format!("{}/backchannel-logout", self.origin)
    }

    /// Cookies get `Secure` (and the `__Host-` prefix) only when the app is served over https.
    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }

    /// Plain http on this machine (`localhost`, `127.0.0.1`, `[::1]`): a developer's own copy.
    pub fn is_local_development(&self) -> bool {
        self.local_development
    }
}

impl Default for BaseUrl {
    /// `http://localhost:3000`: a developer's own copy of an app.
    fn default() -> Self {
        Self {
            origin: "http://localhost:3000".into(),
            local_development: true,
        }
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin)
    }
}
