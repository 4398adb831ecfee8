//! Signing in: the authorization URL, and the callback's code turned into a verified user.

use std::time::Instant;

use openidconnect::{
    AccessToken, AuthorizationCode, CsrfToken, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, Scope, SubjectIdentifier, UserInfoError,
    core::{CoreAuthPrompt, CoreAuthenticationFlow},
};

use super::{
    AuthorizationRequest, LogtoClient, LogtoError, Profile, Provider, SignedIn,
    discovery::LogtoUserInfo, params, params::SignInOptions, report, unix_now, verify,
    verify::NonceRule,
};
use crate::observe::{StepKind, Trace};

impl LogtoClient {
    /// Builds the authorization URL: PKCE S256, `state`, `nonce`, `prompt=consent` (so Logto
    /// issues a refresh token), the scopes and resources from config, and Logto's parameters.
    pub async fn begin_sign_in(
        &self,
        options: &SignInOptions,
        trace: &mut Trace,
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
        trace.step(StepKind::Authorize).url_with_query(&url);
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
        trace: &mut Trace,
    ) -> Result<SignedIn, LogtoError> {
        let provider = self.discovery.get().await?;
        let issuer_checked = check_callback_issuer(&provider, callback_iss);
        report::callback_issuer(trace, &provider, callback_iss, &issuer_checked);
        issuer_checked?;

        let started = Instant::now();
        let response = provider
            .client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| LogtoError::Discovery(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(LogtoError::from_token);
        crate::metrics::logto_call("token", started, response.is_ok());
        let mut step = trace.step(StepKind::Token);
        if let Some(url) = provider.client.token_uri() {
            step.url(url.url());
        }
        step.took(started)
            .sent("grant_type", "authorization_code")
            .sent("code", code)
            .sent("redirect_uri", &self.callback_url)
            .sent("code_verifier", pkce_verifier);
        report::client_authentication(&mut step);
        report::token_response(&mut step, response.as_ref(), None);
        let response = response?;

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
            trace,
        )
        .await?;

        let mut profile = Profile::from_id_token(&claims)
            .map_err(|e| LogtoError::TokenRejected(format!("unreadable claims: {e}")))?;
        let userinfo = self.userinfo(access_token, claims.subject(), trace).await?;
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

    /// The user's current profile from userinfo ("refresh profile"), for the same `sub` only.
    pub async fn fetch_userinfo(
        &self,
        access_token: &str,
        sub: &str,
    ) -> Result<LogtoUserInfo, LogtoError> {
        let access_token = AccessToken::new(access_token.to_string());
        let sub = SubjectIdentifier::new(sub.to_string());
        self.userinfo(&access_token, &sub, &mut Trace::off()).await
    }

    /// Userinfo for the access token, refused unless its `sub` is the ID token's.
    async fn userinfo(
        &self,
        access_token: &AccessToken,
        sub: &SubjectIdentifier,
        trace: &mut Trace,
    ) -> Result<LogtoUserInfo, LogtoError> {
        let provider = self.discovery.get().await?;
        let started = Instant::now();
        let result = provider
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
            });
        crate::metrics::logto_call("userinfo", started, result.is_ok());
        let mut step = trace.step(StepKind::Userinfo);
        if let Some(url) = provider.client.user_info_url() {
            step.url(url.url());
        }
        step.took(started)
            .sent("access_token", access_token.secret());
        report::userinfo(&mut step, sub.as_str(), &result);
        result
    }
}

/// RFC 9207: when Logto says it sends `iss` with the authorization response, a response without
/// it, or with another issuer's, may come from a mix-up attack and is refused.
fn check_callback_issuer(provider: &Provider, iss: Option<&str>) -> Result<(), LogtoError> {
    match iss {
        Some(iss) if iss == provider.issuer => Ok(()),
        // Whatever the browser brought: bounded and without control characters before it is logged.
        Some(other) => Err(LogtoError::IssuerMismatch(format!(
            "expected `{}`, got `{}`",
            provider.issuer,
            params::loggable(other, 200)
        ))),
        None if provider.iss_parameter_supported => Err(LogtoError::IssuerMismatch(
            "the callback has no `iss` parameter".into(),
        )),
        None => Ok(()),
    }
}
