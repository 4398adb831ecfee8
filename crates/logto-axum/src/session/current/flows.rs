//! The sign-in and sign-out flows, as steps on the request's session: begin a sign-in (an
//! attempt cookie, and where to send the browser), complete it at the callback, and sign out
//! (revoke, forget, and where to send the browser at Logto). Each records what it did in a
//! [`Trace`] kept with the session, or, when there is none, in the flow cookie.

use logto_core::{
    LogtoClient, LogtoError,
    observe::{FlowKind, Trace},
    params::{self, SignInOptions},
    unix_now,
};
use serde::Deserialize;
use url::Url;

use super::super::{PendingSignIn, SignedInUser, keys};
use super::AuthSession;
use crate::Error;

/// What Logto sends the browser back to the callback with.
#[derive(Debug, Default, Deserialize)]
pub struct CallbackParams {
    /// The authorization code, on success.
    pub code: Option<String>,
    /// The `state` of the sign-in this answers.
    pub state: Option<String>,
    /// The issuer (RFC 9207), which Logto sends.
    pub iss: Option<String>,
    /// Logto's error code when the sign-in did not happen (`access_denied`: the user cancelled).
    pub error: Option<String>,
}

impl CallbackParams {
    /// Reads a callback's raw query string; repeated or malformed fields are refused.
    pub fn from_query(raw: Option<&str>) -> Result<Self, Error> {
        serde_urlencoded::from_str(raw.unwrap_or_default()).map_err(|_| Error::MalformedCallback)
    }
}

impl AuthSession {
    /// Starts a sign-in: remembers it in its own cookie (bound to this browser, nothing in the
    /// store) and returns Logto's authorization URL to send the browser to. After the callback
    /// the user lands on `return_to`, which must be a path on this site (see
    /// [`crate::return_to::same_origin_path`]).
    pub async fn begin_sign_in(
        &mut self,
        logto: &LogtoClient,
        options: &SignInOptions,
        return_to: String,
    ) -> Result<Url, Error> {
        let mut trace = logto.trace(FlowKind::SignIn);
        let request = logto.begin_sign_in(options, &mut trace).await?;
        self.add_attempt(&PendingSignIn {
            state: request.state,
            nonce: request.nonce,
            pkce_verifier: request.pkce_verifier,
            return_to,
            created_at: unix_now(),
            flow: trace.into_flow(),
        })?;
        crate::metrics::sign_in_started();
        Ok(request.url)
    }

    /// Completes the sign-in the callback answers; returns where the user was headed. A failed
    /// sign-in has no session to keep its record in: the flow cookie keeps it.
    pub async fn handle_sign_in_callback(
        &mut self,
        logto: &LogtoClient,
        params: CallbackParams,
    ) -> Result<String, Error> {
        let mut trace = logto.trace(FlowKind::SignIn);
        match self.complete_sign_in(logto, params, &mut trace).await {
            Ok(return_to) => {
                crate::metrics::sign_in_completed();
                Ok(return_to)
            }
            Err(err) => {
                crate::metrics::sign_in_failed(err.kind());
                self.record_without_session(trace);
                Err(err)
            }
        }
    }

    /// The callback's protocol steps; `trace` records what came back and every check.
    async fn complete_sign_in(
        &mut self,
        logto: &LogtoClient,
        params: CallbackParams,
        trace: &mut Trace,
    ) -> Result<String, Error> {
        trace.callback(&[
            ("code", params.code.as_deref()),
            ("state", params.state.as_deref()),
            ("iss", params.iss.as_deref()),
            ("error", params.error.as_deref()),
        ]);

        // 1. Find and use up the sign-in this callback answers (its cookie is cleared): a
        //    replayed URL finds nothing.
        let returned_state = params.state.as_deref().ok_or(Error::MalformedCallback)?;
        let pending = self.take_attempt(returned_state);
        trace.attempt(
            pending
                .as_ref()
                .map(|pending| pending.flow.clone())
                .map_err(ToString::to_string),
        );

        // 2. The user cancelled or Logto refused: say so kindly.
        if let Some(error) = params.error {
            return Err(Error::SignInDenied {
                cancelled: error == "access_denied",
                error: params::loggable(&error, 64),
            });
        }
        let pending = pending?;
        let code = params.code.as_deref().ok_or(Error::MalformedCallback)?;
        //    An attempt completes one sign-in at most, on any replica.
        self.use_attempt(&pending).await?;

        // 3. Check `iss`, exchange the code, verify the ID token, fetch userinfo.
        let signed_in = logto
            .complete_sign_in(
                code,
                params.iss.as_deref(),
                &pending.nonce,
                &pending.pkce_verifier,
                trace,
            )
            .await?;

        // 4. Remember the user under a fresh session id. Under the previous session's lock, if
        //    any: a refresh still running for an earlier sign-in in this browser must not save
        //    that session back after it is replaced.
        let previous = self.lock_and_reload().await?;
        tracing::info!(sub = %signed_in.profile.sub, "signed in");
        let user = SignedInUser {
            profile: signed_in.profile,
            id_token: signed_in.id_token,
            nonce: pending.nonce.clone(),
            access_token: signed_in.access_token,
            access_token_expires_at: signed_in.access_token_expires_at,
            access_token_received_at: unix_now(),
            refresh_token: signed_in.refresh_token,
            scopes: signed_in.scopes,
            signed_in_at: unix_now(),
            csrf_token: keys::random_token()?,
            api_tokens: Default::default(),
            api_errors: Default::default(),
        };
        self.sign_in(user, std::mem::take(trace), previous.as_ref())
            .await?;
        Ok(pending.return_to)
    }

    /// Signs the user out: revokes the refresh token (ending Logto's session leaves an
    /// `offline_access` grant alive), forgets the session, and returns Logto's end-session URL
    /// to send the browser to, which brings it back to the app's post-sign-out URL with a
    /// `state` checked by [`AuthSession::finish_sign_out`]. `None` when nobody is signed in, or
    /// (signed out here all the same) when Logto's end-session endpoint is unknown.
    pub async fn sign_out_at_logto(&mut self, logto: &LogtoClient) -> Result<Option<Url>, Error> {
        // Under the session's lock, so a refresh in flight cannot save the session back (and
        // with it the user) after it is destroyed here.
        let Some(lock) = self.lock_and_reload().await? else {
            return Ok(None);
        };
        let Some(user) = self.user().cloned() else {
            return Ok(None);
        };
        let mut trace = logto.trace(FlowKind::SignOut);

        // A failure to revoke must not keep the user signed in here: logged, and sign-out goes on.
        if let Some(refresh_token) = &user.refresh_token {
            match logto.revoke(refresh_token, &mut trace).await {
                Ok(()) => tracing::info!("refresh token revoked"),
                Err(err) => {
                    tracing::warn!(cause = %err.chain(), "could not revoke the refresh token")
                }
            }
        }

        let state = keys::random_token()?;
        match logto
            .end_session_url(&user.id_token, &state, &mut trace)
            .await
        {
            Ok(url) => {
                self.sign_out(state, trace, &lock).await?;
                tracing::info!(sub = %user.profile.sub, "signed out");
                Ok(Some(url))
            }
            Err(err) => {
                self.destroy(&lock).await?;
                self.record_without_session(trace);
                tracing::warn!(cause = %err.chain(), "signed out locally; Logto's end-session endpoint is unknown");
                Ok(None)
            }
        }
    }

    /// Reads the user's profile from userinfo again (Logto's data may have changed: a new linked
    /// identity, a verified phone, custom data), for the same `sub`, refreshing the access token
    /// first when it is about to expire. A userinfo answer for someone else ends the session.
    pub async fn fetch_user_info(
        &mut self,
        logto: &std::sync::Arc<LogtoClient>,
    ) -> Result<(), Error> {
        // Userinfo needs a live access token.
        self.refresh_if_needed(logto).await?;
        let Some(lock) = self.lock_and_reload().await? else {
            return Ok(());
        };
        let Some(user) = self.user_mut(&lock) else {
            return Ok(());
        };
        match logto
            .fetch_userinfo(&user.access_token, &user.profile.sub)
            .await
        {
            Ok(userinfo) => {
                user.profile.merge_userinfo(&userinfo);
                self.save(&lock).await
            }
            // Userinfo for someone else: the session can no longer be trusted.
            Err(err @ LogtoError::TokenRejected(_)) => {
                self.destroy(&lock).await?;
                Err(Error::SessionEnded(err))
            }
            Err(err) => Err(Error::Logto(err)),
        }
    }
}
