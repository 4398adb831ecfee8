//! The grants after sign-in: refresh (plain, for an API resource, for an organization),
//! revocation, and the way out through Logto's end-session endpoint.

use std::time::Instant;

use openidconnect::{Nonce, OAuth2TokenResponse, RefreshToken};
use url::Url;

use super::{
    LogtoClient, LogtoError, Profile, Refreshed, TokenTarget, report, unix_now, verify,
    verify::NonceRule,
};
use crate::observe::{CheckId, Outcome, StepKind, Trace, Val, fact};

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
        trace: &mut Trace,
    ) -> Result<Refreshed, LogtoError> {
        let provider = self.discovery.get().await?;
        let sent = refresh_token;
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
        let started = Instant::now();
        let response = request
            .request_async(&self.http)
            .await
            .map_err(LogtoError::from_token);
        crate::metrics::logto_call("token", started, response.is_ok());
        let mut step = trace.step(StepKind::Refresh);
        if let Some(url) = provider.client.token_uri() {
            step.url(url.url());
        }
        step.took(started)
            .sent("grant_type", "refresh_token")
            .sent("refresh_token", sent);
        if let Some(TokenTarget::Resource(resource)) = target {
            step.sent("resource", resource);
        }
        if let Some(TokenTarget::Organization(id)) = target {
            step.sent("organization_id", id);
        }
        report::client_authentication(&mut step);
        report::token_response(&mut step, response.as_ref(), Some(sent));
        let response = response?;

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
                trace,
            )
            .await;
            match verified {
                Ok(claims) => {
                    same_user(trace, claims.subject().as_str(), sub)?;
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
                    same_user(trace, claims.subject().as_str(), sub)?;
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
    pub async fn revoke(&self, refresh_token: &str, trace: &mut Trace) -> Result<(), LogtoError> {
        let provider = self.discovery.get().await?;
        let started = Instant::now();
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
            .map_err(LogtoError::from_reqwest);
        crate::metrics::logto_call(
            "revocation",
            started,
            response.as_ref().is_ok_and(|r| r.status().is_success()),
        );
        let mut step = trace.step(StepKind::Revocation);
        step.url(&provider.revocation_endpoint)
            .took(started)
            .sent("token", refresh_token)
            .sent("token_type_hint", "refresh_token");
        report::client_authentication(&mut step);
        let result = match response {
            Ok(response) if response.status().is_success() => Ok(response.status()),
            Ok(response) => Err(LogtoError::BadResponse(format!(
                "revocation: HTTP {}",
                response.status()
            ))),
            Err(err) => Err(err),
        };
        match &result {
            Ok(status) => step.received_val("status", Val::Number(status.as_u16().into())),
            Err(err) => step.error(err),
        };
        result.map(|_| ())
    }

    /// Logto's end-session URL. Without `client_id` or `id_token_hint` Logto silently ignores
    /// `post_logout_redirect_uri`, so both are sent.
    pub async fn end_session_url(
        &self,
        id_token_hint: &str,
        state: &str,
        trace: &mut Trace,
    ) -> Result<Url, LogtoError> {
        let provider = self.discovery.get().await?;
        let mut url = provider.end_session_endpoint.clone();
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token_hint)
            .append_pair("client_id", &self.settings.app_id)
            .append_pair("post_logout_redirect_uri", &self.post_sign_out_url)
            .append_pair("state", state);
        trace.step(StepKind::EndSession).url_with_query(&url);
        Ok(url)
    }
}

/// A refreshed ID token must be about the user who signed in.
fn same_user(trace: &mut Trace, refreshed_sub: &str, sub: &str) -> Result<(), LogtoError> {
    let mut step = trace.last(StepKind::IdToken);
    let args = vec![fact("sub", sub)];
    if refreshed_sub == sub {
        step.check(CheckId::SameSubject, Outcome::Passed, args);
        Ok(())
    } else {
        let err = LogtoError::TokenRejected("the refreshed ID token is for another user".into());
        step.check_failed(CheckId::SameSubject, &err.to_string(), args);
        Err(err)
    }
}
