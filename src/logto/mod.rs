//! The Logto client: the one module that talks to Logto and owns openidconnect.
//!
//! Handlers call four things: [`LogtoClient::begin_sign_in`], [`LogtoClient::complete_sign_in`],
//! [`LogtoClient::revoke`] and [`LogtoClient::end_session_url`]. Discovery, key rotation, token
//! verification and userinfo stay in here.

pub mod claims;
mod discovery;
mod error;
pub mod params;
mod verify;

use std::{sync::Arc, time::Duration};

use openidconnect::{
    AccessToken, AuthorizationCode, CsrfToken, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RefreshToken, Scope, SubjectIdentifier, UserInfoError,
    core::{CoreAuthPrompt, CoreAuthenticationFlow},
};
use url::Url;

pub use claims::Profile;
use discovery::Discovery;
pub use discovery::LogtoUserInfo;
pub use discovery::Provider;
pub use error::LogtoError;
use params::SignInOptions;
use verify::NonceRule;

use crate::config::{BaseUrl, LogtoSettings};

/// Talks to one Logto tenant on behalf of one application.
pub struct LogtoClient {
    settings: LogtoSettings,
    base_url: BaseUrl,
    http: reqwest::Client,
    discovery: Arc<Discovery>,
}

/// Where to send the browser, and the secrets to keep until it comes back.
pub struct AuthorizationRequest {
    pub url: Url,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// A completed, verified sign-in.
pub struct SignedIn {
    pub profile: Profile,
    /// The raw ID token, kept for `id_token_hint` at sign-out.
    pub id_token: String,
    pub access_token: String,
    /// Unix seconds.
    pub access_token_expires_at: Option<i64>,
    pub refresh_token: Option<String>,
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
    pub access_token: String,
    pub access_token_expires_at: Option<i64>,
    pub refresh_token: Option<String>,
}

impl LogtoClient {
    pub fn new(settings: LogtoSettings, base_url: BaseUrl) -> Result<Self, LogtoError> {
        let http = reqwest::Client::builder()
            // Following redirects would let a compromised or misconfigured endpoint point our
            // credentialed requests anywhere (SSRF); Logto never redirects these calls.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.http_timeout.min(Duration::from_secs(5)))
            .timeout(settings.http_timeout)
            .user_agent(concat!("logto-axum/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LogtoError::Unreachable(Box::new(e)))?;
        let redirect_url = RedirectUrl::new(base_url.callback_url())
            .map_err(|e| LogtoError::Discovery(e.to_string()))?;
        let discovery = Arc::new(Discovery::new(settings.clone(), redirect_url, http.clone()));
        Ok(Self {
            settings,
            base_url,
            http,
            discovery,
        })
    }

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

    /// Starts fetching discovery in the background, retrying with backoff.
    pub fn spawn_warm_up(&self) {
        tokio::spawn(self.discovery.clone().warm_up());
    }

    /// True once discovery and keys are loaded; tries a fetch when they are not.
    pub async fn is_ready(&self) -> bool {
        self.discovery.get().await.is_ok()
    }

    /// Builds the authorization URL: PKCE S256, `state`, `nonce`, `prompt=consent` (so Logto
    /// issues a refresh token), the scopes and resources from config, and Logto's parameters.
    pub async fn begin_sign_in(
        &self,
        options: &SignInOptions,
    ) -> Result<AuthorizationRequest, LogtoError> {
        let provider = self.discovery.get().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = provider
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge)
            // openidconnect adds `openid` itself.
            .add_scopes(
                self.settings
                    .scopes()
                    .into_iter()
                    .filter(|s| s != "openid")
                    .map(Scope::new),
            );
        // `login` asks for the password or code again ("sign in again to confirm"); `consent`
        // stays, or Logto would issue no refresh token.
        if options.reauthenticate {
            request = request.add_prompt(CoreAuthPrompt::Login);
        }
        request = request.add_prompt(CoreAuthPrompt::Consent);
        for resource in self.resources() {
            request = request.add_extra_param("resource", resource);
        }
        for (name, value) in options.logto_params() {
            request = request.add_extra_param(name, value);
        }
        let (url, state, nonce) = request.url();
        Ok(AuthorizationRequest {
            url,
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a sign-in from the callback: checks the RFC 9207 `iss` parameter, exchanges the
    /// code with the PKCE verifier, verifies the ID token, and fetches userinfo for the same `sub`.
    #[tracing::instrument(name = "complete_sign_in", skip_all)]
    pub async fn complete_sign_in(
        &self,
        code: &str,
        callback_iss: Option<&str>,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<SignedIn, LogtoError> {
        let provider = self.discovery.get().await?;
        check_callback_issuer(&provider, callback_iss)?;

        let response = provider
            .client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| LogtoError::Discovery(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(LogtoError::from_token)?;

        let access_token = response.access_token();
        let id_token = openidconnect::TokenResponse::id_token(&response).ok_or_else(|| {
            LogtoError::TokenRejected("the token response has no ID token".into())
        })?;
        let nonce = Nonce::new(nonce.to_string());
        let claims = verify::id_token(
            &self.discovery,
            provider,
            id_token,
            NonceRule::Required(&nonce),
            access_token,
            self.settings.clock_leeway,
        )
        .await?;

        let mut profile = Profile::from_id_token(&claims)
            .map_err(|e| LogtoError::TokenRejected(format!("unreadable claims: {e}")))?;
        let userinfo = self.userinfo(access_token, claims.subject()).await?;
        profile.merge_userinfo(&userinfo);

        let now = unix_now();
        Ok(SignedIn {
            profile,
            id_token: id_token.to_string(),
            access_token: access_token.secret().clone(),
            access_token_expires_at: response.expires_in().map(|d| now + d.as_secs() as i64),
            refresh_token: response.refresh_token().map(|t| t.secret().clone()),
            scopes: match response.scopes() {
                Some(granted) => granted.iter().map(|s| s.to_string()).collect(),
                None => self.settings.scopes(),
            },
        })
    }

    /// Uses the refresh token for new tokens. Logto rotates refresh tokens: the answer's one
    /// replaces ours (presenting a used one again revokes the whole grant, so callers must
    /// refresh one at a time per session). A new ID token must be valid and keep `iss` and `sub`.
    #[tracing::instrument(name = "refresh", skip_all)]
    ///
    /// With a `target`, the new access token is for an API resource or an organization (a JWT
    /// whose `aud` is that API) instead of for userinfo.
    pub async fn refresh(
        &self,
        refresh_token: &str,
        sub: &str,
        nonce: &str,
        target: Option<&TokenTarget>,
    ) -> Result<Refreshed, LogtoError> {
        let provider = self.discovery.get().await?;
        let refresh_token = RefreshToken::new(refresh_token.to_string());
        let mut request = provider
            .client
            .exchange_refresh_token(&refresh_token)
            .map_err(|e| LogtoError::Discovery(e.to_string()))?;
        request = match target {
            None => request,
            Some(TokenTarget::Resource(resource)) => {
                request.add_extra_param("resource", resource.clone())
            }
            Some(TokenTarget::Organization(id)) => {
                request.add_extra_param("organization_id", id.clone())
            }
        };
        let response = request
            .request_async(&self.http)
            .await
            .map_err(LogtoError::from_token)?;

        let access_token = response.access_token();
        let mut refreshed = Refreshed {
            id_token: None,
            access_token: access_token.secret().clone(),
            access_token_expires_at: response
                .expires_in()
                .map(|d| unix_now() + d.as_secs() as i64),
            // Without a new refresh token in the answer, the old one stays valid.
            refresh_token: response.refresh_token().map(|t| t.secret().clone()),
        };
        if let Some(id_token) = openidconnect::TokenResponse::id_token(&response) {
            let nonce = Nonce::new(nonce.to_string());
            // The verifier checks `iss` against the issuer; `sub` is checked here.
            let claims = verify::id_token(
                &self.discovery,
                provider,
                id_token,
                NonceRule::SameIfPresent(&nonce),
                access_token,
                self.settings.clock_leeway,
            )
            .await?;
            if claims.subject().as_str() != sub {
                return Err(LogtoError::TokenRejected(
                    "the refreshed ID token is for another user".into(),
                ));
            }
            let profile = Profile::from_id_token(&claims)
                .map_err(|e| LogtoError::TokenRejected(format!("unreadable claims: {e}")))?;
            refreshed.id_token = Some((id_token.to_string(), profile));
        }
        Ok(refreshed)
    }

    /// The user's current profile from userinfo ("refresh profile"), for the same `sub` only.
    pub async fn fetch_userinfo(
        &self,
        access_token: &str,
        sub: &str,
    ) -> Result<LogtoUserInfo, LogtoError> {
        let access_token = AccessToken::new(access_token.to_string());
        self.userinfo(&access_token, &SubjectIdentifier::new(sub.to_string()))
            .await
    }

    /// Userinfo for the access token, refused unless its `sub` is the ID token's.
    async fn userinfo(
        &self,
        access_token: &AccessToken,
        sub: &SubjectIdentifier,
    ) -> Result<LogtoUserInfo, LogtoError> {
        let provider = self.discovery.get().await?;
        provider
            .client
            .user_info(access_token.clone(), Some(sub.clone()))
            .map_err(|e| LogtoError::Discovery(e.to_string()))?
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                UserInfoError::ClaimsVerification(e) => {
                    LogtoError::TokenRejected(format!("userinfo: {e}"))
                }
                UserInfoError::Request(e) => LogtoError::from_http(e),
                UserInfoError::Response(status, _, message) => {
                    LogtoError::BadResponse(format!("userinfo: HTTP {status}: {message}"))
                }
                other => LogtoError::BadResponse(format!("userinfo: {other}")),
            })
    }

    /// Revokes a refresh token with client authentication (RFC 7009). Ending Logto's session
    /// does not end a grant that has `offline_access`; this does.
    ///
    /// Sent by hand rather than through oauth2's `revoke_token`, which refuses plain-http
    /// endpoints, and self-hosted Logto listens on http://localhost:3001 by default.
    pub async fn revoke(&self, refresh_token: &str) -> Result<(), LogtoError> {
        let provider = self.discovery.get().await?;
        // RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
        let encode =
            |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let response = self
            .http
            .post(provider.revocation_endpoint.clone())
            .basic_auth(
                encode(&self.settings.app_id),
                Some(encode(self.settings.app_secret.secret())),
            )
            .form(&[
                ("token", refresh_token),
                ("token_type_hint", "refresh_token"),
            ])
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    LogtoError::Timeout
                } else {
                    LogtoError::Unreachable(Box::new(e))
                }
            })?;
        match response.status() {
            status if status.is_success() => Ok(()),
            status => Err(LogtoError::BadResponse(format!(
                "revocation: HTTP {status}"
            ))),
        }
    }

    /// Logto's end-session URL. Without `client_id` or `id_token_hint` Logto silently ignores
    /// `post_logout_redirect_uri`, so both are sent.
    pub async fn end_session_url(
        &self,
        id_token_hint: &str,
        state: &str,
    ) -> Result<Url, LogtoError> {
        let provider = self.discovery.get().await?;
        let mut url = provider.end_session_endpoint.clone();
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token_hint)
            .append_pair("client_id", &self.settings.app_id)
            .append_pair(
                "post_logout_redirect_uri",
                &self.base_url.post_sign_out_url(),
            )
            .append_pair("state", state);
        Ok(url)
    }
}

/// RFC 9207: when Logto says it sends `iss` with the authorization response, a response without
/// it, or with another issuer's, may come from a mix-up attack and is refused.
fn check_callback_issuer(provider: &Provider, iss: Option<&str>) -> Result<(), LogtoError> {
    match iss {
        Some(iss) if iss == provider.issuer => Ok(()),
        Some(other) => Err(LogtoError::IssuerMismatch(format!(
            "expected `{}`, got `{other}`",
            provider.issuer
        ))),
        None if provider.iss_parameter_supported => Err(LogtoError::IssuerMismatch(
            "the callback has no `iss` parameter".into(),
        )),
        None => Ok(()),
    }
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
