//! Keeping tokens fresh: the access token is refreshed shortly before it expires, and every
//! refresh-token grant (plain, for an API resource, for an organization) runs one at a time per
//! session. Logto revokes the whole grant when a used refresh token is presented again, so two
//! racing grants of one session would sign the user out.

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};

use super::{AuthSession, SignedInUser, form::CsrfForm};
use crate::{
    error::AppError,
    inspect::{FlowKind, Why},
    logto::{LogtoClient, LogtoError, Refreshed, TokenTarget, unix_now},
    state::AppState,
};

/// Refresh when the access token has less than 60 s left, or less than half its life for
/// short-lived tokens (a 30 s token would otherwise be refreshed on every request).
pub fn needs_refresh(user: &SignedInUser, now: i64) -> bool {
    let (Some(expires_at), Some(_)) = (user.access_token_expires_at, &user.refresh_token) else {
        return false;
    };
    let lifetime = (expires_at - user.access_token_received_at).max(0);
    expires_at - now <= 60.min(lifetime / 2)
}

/// `POST /refresh`: the signed-in page's "Refresh tokens now" button.
pub async fn refresh(
    State(state): State<AppState>,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    if session.checked_form::<CsrfForm>(&body)?.is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    let logto = state.logto.as_deref().ok_or(AppError::NotConfigured)?;
    session.refresh_now(logto).await?;
    Ok(Redirect::to("/").into_response())
}

impl AuthSession {
    /// Refreshes the access token when it is about to expire. Logto being unreachable does not
    /// end the session: the page still shows, with the old token.
    pub async fn refresh_if_needed(&mut self, logto: &LogtoClient) -> Result<(), AppError> {
        self.refresh_access_token(logto, false).await
    }

    /// Refreshes now, whatever the expiry.
    pub async fn refresh_now(&mut self, logto: &LogtoClient) -> Result<(), AppError> {
        self.refresh_access_token(logto, true).await
    }

    async fn refresh_access_token(
        &mut self,
        logto: &LogtoClient,
        force: bool,
    ) -> Result<(), AppError> {
        let needed = |u: &SignedInUser| force || needs_refresh(u, unix_now());
        let apply = |user: &mut SignedInUser, outcome: Result<Refreshed, &LogtoError>| match outcome
        {
            Ok(refreshed) => {
                user.access_token = refreshed.access_token;
                user.access_token_expires_at = refreshed.access_token_expires_at;
                user.access_token_received_at = unix_now();
                tracing::info!("access token refreshed");
                true
            }
            // Nothing to remember: the next page view tries again.
            Err(_) => false,
        };
        let why = if force {
            Why::Requested
        } else {
            Why::Expiring(0)
        };
        match self.locked_grant(logto, None, why, needed, apply).await? {
            Ok(_) => Ok(()),
            Err(err) => {
                tracing::warn!(cause = %err.chain(), "could not refresh the access token; keeping the session");
                Ok(())
            }
        }
    }

    /// One refresh-token grant under the session's lock: wait for the lock (on any replica),
    /// read the session again (another request may have just done the work), and only if
    /// `needed` still holds, ask Logto. The rotated refresh token and a new ID token are always
    /// kept; `apply` records the outcome and says whether it changed the user. The session is
    /// written once, before the lock is released, so no other request can read a refresh token
    /// that Logto has already replaced. The inspector's record of the grant (`why` it was made;
    /// the seconds of [`Why::Expiring`] are filled in here) is written with it, never alone.
    ///
    /// `invalid_grant`, or a new ID token that fails verification (another `iss` or `sub`),
    /// ends the session. Other failures are returned for the caller to judge.
    pub(super) async fn locked_grant(
        &mut self,
        logto: &LogtoClient,
        target: Option<&TokenTarget>,
        why: Why,
        needed: impl Fn(&SignedInUser) -> bool,
        apply: impl FnOnce(&mut SignedInUser, Result<Refreshed, &LogtoError>) -> bool,
    ) -> Result<Result<bool, LogtoError>, AppError> {
        let wanted = |u: &SignedInUser| u.refresh_token.is_some() && needed(u);
        if !self.user().is_some_and(wanted) {
            return Ok(Ok(false));
        }
        let Some(lock) = self.lock_and_reload().await? else {
            return Ok(Ok(false));
        };
        let Some(user) = self.user_mut(&lock).filter(|u| wanted(u)) else {
            return Ok(Ok(false));
        };
        let Some(refresh_token) = user.refresh_token.clone() else {
            return Ok(Ok(false));
        };
        let mut trace = logto.trace(match target {
            None => FlowKind::Refresh,
            Some(_) => FlowKind::ApiToken,
        });
        trace.why(match why {
            Why::Expiring(_) => {
                Why::Expiring(user.access_token_expires_at.map_or(0, |at| at - unix_now()))
            }
            other => other,
        });
        match logto
            .refresh(
                &refresh_token,
                &user.profile.sub,
                &user.nonce,
                target,
                &mut trace,
            )
            .await
        {
            Ok(mut refreshed) => {
                if let Some(rotated) = refreshed.refresh_token.take() {
                    user.refresh_token = Some(rotated);
                }
                if let Some((id_token, profile)) = refreshed.id_token.take() {
                    user.id_token = id_token;
                    // Identities and custom data come from userinfo only: keep what we have.
                    let previous = std::mem::replace(&mut user.profile, profile);
                    user.profile.identities = previous.identities;
                    user.profile.custom_data = previous.custom_data;
                }
                apply(user, Ok(refreshed));
                self.record(&lock, trace);
                self.save(&lock).await?;
                Ok(Ok(true))
            }
            Err(err @ (LogtoError::InvalidGrant(_) | LogtoError::TokenRejected(_))) => {
                self.destroy().await?;
                self.record_without_session(trace);
                Err(AppError::SessionEnded(err))
            }
            Err(err) => {
                // Written only when `apply` recorded something (say Logto's refusal of an API
                // token), so a Logto outage does not turn page views into store writes.
                if apply(user, Err(&err)) {
                    self.record(&lock, trace);
                    self.save(&lock).await?;
                }
                Ok(Err(err))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logto::Profile;

    fn user(received_at: i64, expires_at: i64, refresh: bool) -> SignedInUser {
        SignedInUser {
            profile: Profile::default(),
            id_token: String::new(),
            nonce: String::new(),
            access_token: String::new(),
            access_token_expires_at: Some(expires_at),
            access_token_received_at: received_at,
            refresh_token: refresh.then(String::new),
            scopes: vec![],
            signed_in_at: received_at,
            csrf_token: String::new(),
            api_tokens: Default::default(),
            api_errors: Default::default(),
        }
    }

    #[test]
    fn an_hour_long_token_is_refreshed_in_its_last_minute_only() {
        let u = user(0, 3600, true);
        assert!(!needs_refresh(&u, 3000));
        assert!(needs_refresh(&u, 3541));
        assert!(needs_refresh(&u, 4000));
    }

    #[test]
    fn a_thirty_second_token_is_refreshed_after_half_its_life() {
        let u = user(0, 30, true);
        assert!(!needs_refresh(&u, 10));
        assert!(needs_refresh(&u, 15));
    }

    #[test]
    fn without_a_refresh_token_nothing_is_refreshed() {
        assert!(!needs_refresh(&user(0, 30, false), 100));
    }
}
