//! The grants after sign-in: refresh (plain, for an API resource, for an organization),
//! revocation, and the way out through Logto's end-session endpoint.

use openidconnect::{Nonce, OAuth2TokenResponse, RefreshToken};
use url::Url;

use super::{
    LogtoClient, LogtoError, Profile, Refreshed, TokenTarget, unix_now, verify, verify::NonceRule,
};

impl LogtoClient {
    /// Uses the refresh token for new tokens. Logto rotates refresh tokens: the answer's one
    /// replaces ours (presenting a used one again revokes the whole grant, so callers must
    /// refresh one at a time per session). A new ID token must be valid and keep `iss` and `sub`;
    /// when Logto's keys cannot be fetched to check its signature, the new tokens are still kept
    /// and so is the previous ID token.
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
            let nonce = NonceRule::SameIfPresent(&nonce);
            let leeway = self.settings.clock_leeway;
            // The verifier checks `iss` against the issuer; `sub` is checked here.
            let verified = verify::id_token(
                &self.discovery,
                provider.clone(),
                id_token,
                nonce,
                access_token,
                leeway,
            )
            .await;
            match verified {
                Ok(claims) => {
                    check_same_user(claims.subject().as_str(), sub)?;
                    let profile = Profile::from_id_token(&claims).map_err(|e| {
                        LogtoError::TokenRejected(format!("unreadable claims: {e}"))
                    })?;
                    refreshed.id_token = Some((id_token.to_string(), profile));
                }
                // Our key cache failed, not the user. Logto has already rotated the refresh token,
                // so failing here would lose it and get the grant revoked at the next refresh:
                // keep the new tokens as if Logto had sent no ID token, after every check but
                // the signature, and keep the previous ID token.
                Err(LogtoError::KeysUnavailable(cause)) => {
                    let claims =
                        verify::id_token_without_signature(&provider, id_token, nonce, leeway)?;
                    check_same_user(claims.subject().as_str(), sub)?;
                    tracing::warn!(%cause, "the refreshed ID token could not be verified; keeping the previous one");
                }
                Err(err) => return Err(err),
            }
        }
        Ok(refreshed)
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
            .map_err(LogtoError::from_reqwest)?;
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

fn check_same_user(refreshed_sub: &str, sub: &str) -> Result<(), LogtoError> {
    if refreshed_sub == sub {
        Ok(())
    } else {
        Err(LogtoError::TokenRejected(
            "the refreshed ID token is for another user".into(),
        ))
    }
}
