//! Refresh-token grants under the session's lock, run to their end.
//!
//! Logto rotates the refresh token at each grant and revokes the whole grant when a used one is
//! presented again. So a grant is single-flight per session (the lock), starts from the session
//! as the last writer saved it (read again under the lock), presents the token only while the lock
//! is still ours, and, once Logto has answered, is saved whatever happens to the request: the
//! work runs in its own task ([`crate::finish`]), so a browser that navigates away mid-refresh
//! does not lose the rotated token. If the lock was lost meanwhile (the session was ended, or a
//! Redis lock expired under a paused replica), nothing is written, and the new refresh token,
//! which no session will ever present, is revoked.

use std::sync::Arc;

use super::{
    super::{
        SessionData, SessionLock, Sessions, SignedInUser, StoreError,
        keys::{SessionId, StoreKey},
    },
    AuthSession,
};
use logto_core::{
    LogtoClient, LogtoError, Refreshed, TokenTarget,
    observe::{FlowKind, Trace, Why},
    unix_now,
};

use crate::{error::Error, finish::to_the_end};

/// How a grant ended, as the request (if it is still there) needs to know.
enum Outcome {
    /// Logto answered; the session was saved with what it sent.
    Saved(Arc<SessionData>),
    /// Logto failed and `apply` recorded the failure: saved with the record.
    Recorded(Arc<SessionData>, LogtoError),
    /// Logto failed; nothing changed.
    Unchanged(LogtoError),
    /// Logto no longer honours the grant: the session was deleted.
    Ended(LogtoError, Trace),
}

/// Everything a grant needs, owned, so it can outlive the request.
struct Grant {
    sessions: Arc<Sessions>,
    id: SessionId,
    key: StoreKey,
    lock: SessionLock,
    data: SessionData,
    logto: Arc<LogtoClient>,
    target: Option<TokenTarget>,
    trace: Trace,
}

/// `apply` records the outcome of a grant in the user and says whether it changed anything.
pub(crate) type Apply =
    Box<dyn FnOnce(&mut SignedInUser, Result<Refreshed, &LogtoError>) -> bool + Send>;

impl AuthSession {
    /// One refresh-token grant under the session's lock: wait for the lock (on any replica),
    /// read the session again (another request may have just done the work), and only if
    /// `needed` still holds, ask Logto. The rotated refresh token and a new ID token are always
    /// kept; `apply` records the outcome and says whether it changed the user. The session is
    /// written once, before the lock is released, so no other request can read a refresh token
    /// that Logto has already replaced. The inspector's record of the grant (`why` it was made;
    /// the seconds of [`Why::Expiring`] are filled in here) is written with it, never alone.
    ///
    /// `invalid_grant`, or a new ID token that fails verification (another `iss` or `sub`),
    /// ends the session. A lost lock fails the request ([`StoreError::LockLost`]). Other
    /// failures are returned for the caller to judge.
    pub(crate) async fn locked_grant(
        &mut self,
        logto: &Arc<LogtoClient>,
        target: Option<&TokenTarget>,
        why: Why,
        needed: impl Fn(&SignedInUser) -> bool,
        apply: Apply,
    ) -> Result<Result<bool, LogtoError>, Error> {
        let wanted = |u: &SignedInUser| u.refresh_token.is_some() && needed(u);
        if !self.user().is_some_and(wanted) {
            return Ok(Ok(false));
        }
        let Some(lock) = self.lock_and_reload().await? else {
            return Ok(Ok(false));
        };
        let (Some(user), Some((id, key))) = (self.user().filter(|u| wanted(u)), &self.current)
        else {
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
        let grant = Grant {
            sessions: self.sessions.clone(),
            id: id.clone(),
            key: *key,
            lock,
            data: SessionData::clone(&self.data),
            logto: logto.clone(),
            target: target.cloned(),
            trace,
        };
        let outcome = match to_the_end(grant.run(apply)).await? {
            Ok(outcome) => outcome,
            Err(err) => {
                crate::metrics::refresh(match err {
                    StoreError::LockLost => "lock_lost",
                    _ => "failed",
                });
                return Err(Error::SessionStore(err));
            }
        };
        match outcome {
            Outcome::Saved(data) => {
                crate::metrics::refresh("done");
                self.data = data;
                Ok(Ok(true))
            }
            Outcome::Recorded(data, err) => {
                crate::metrics::refresh("failed");
                crate::metrics::refresh_failed(crate::error::logto_kind(&err));
                self.data = data;
                Ok(Err(err))
            }
            Outcome::Unchanged(err) => {
                crate::metrics::refresh("failed");
                crate::metrics::refresh_failed(crate::error::logto_kind(&err));
                Ok(Err(err))
            }
            Outcome::Ended(err, trace) => {
                crate::metrics::refresh("ended");
                self.ended_elsewhere().await;
                self.record_without_session(trace);
                Err(Error::SessionEnded(err))
            }
        }
    }
}

impl Grant {
    async fn run(mut self, apply: Apply) -> Result<Outcome, StoreError> {
        // The lock was taken a moment ago; a replica paused since may have lost it, and then
        // another may be presenting this same refresh token.
        self.sessions.still_held(&self.lock).await?;
        let Some(user) = self.data.user.as_mut() else {
            return Ok(Outcome::Unchanged(LogtoError::InvalidGrant(
                "the session has no user".into(),
            )));
        };
        let Some(refresh_token) = user.refresh_token.clone() else {
            return Ok(Outcome::Unchanged(LogtoError::InvalidGrant(
                "the session has no refresh token".into(),
            )));
        };
        let answer = self
            .logto
            .refresh(
                &refresh_token,
                &user.profile.sub,
                &user.nonce,
                self.target.as_ref(),
                &mut self.trace,
            )
            .await;
        match answer {
            Ok(mut refreshed) => {
                let rotated = refreshed.refresh_token.take();
                if let Some(rotated) = &rotated {
                    user.refresh_token = Some(rotated.clone());
                }
                if let Some((id_token, profile)) = refreshed.id_token.take() {
                    user.id_token = id_token;
                    // Identities and custom data come from userinfo only: keep what we have.
                    let previous = std::mem::replace(&mut user.profile, profile);
                    user.profile.identities = previous.identities;
                    user.profile.custom_data = previous.custom_data;
                }
                apply(user, Ok(refreshed));
                let data = self.keep_trace();
                match self
                    .sessions
                    .write(&self.id, &self.key, &data, &self.lock)
                    .await
                {
                    Ok(()) => Ok(Outcome::Saved(data)),
                    Err(err) => {
                        if let Some(rotated) = rotated {
                            revoke_orphan(&self.logto, &rotated).await;
                        }
                        Err(err)
                    }
                }
            }
            Err(err @ (LogtoError::InvalidGrant(_) | LogtoError::TokenRejected(_))) => {
                self.sessions.delete(&self.key, &self.lock).await?;
                Ok(Outcome::Ended(err, self.trace))
            }
            Err(err) => {
                // Written only when `apply` recorded something (say Logto's refusal of an API
                // token), so a Logto outage does not turn page views into store writes.
                if !apply(user, Err(&err)) {
                    return Ok(Outcome::Unchanged(err));
                }
                let data = self.keep_trace();
                self.sessions
                    .write(&self.id, &self.key, &data, &self.lock)
                    .await?;
                Ok(Outcome::Recorded(data, err))
            }
        }
    }

    /// The session with the record of this grant, as it will be written.
    fn keep_trace(&mut self) -> Arc<SessionData> {
        let mut data = std::mem::take(&mut self.data);
        if let Some(flow) = std::mem::take(&mut self.trace).into_flow() {
            data.flows.keep(flow);
        }
        Arc::new(data)
    }
}

/// A refresh token Logto issued to a grant whose session could not be saved: no session will
/// ever present it, so it is revoked rather than left alive at Logto.
async fn revoke_orphan(logto: &LogtoClient, refresh_token: &str) {
    match logto.revoke(refresh_token, &mut Trace::off()).await {
        Ok(()) => tracing::warn!(
            "the session's lock was lost during a refresh; nothing was saved and the new refresh token was revoked"
        ),
        Err(err) => tracing::warn!(
            cause = %err.chain(),
            "the session's lock was lost during a refresh; nothing was saved, and the new refresh token could not be revoked"
        ),
    }
}
