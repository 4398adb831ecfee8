//! Where the browser keeps the id of its session between requests: the SDK's own session cookie,
//! or (feature `tower-sessions`) the app's tower-sessions session, under
//! [`TOWER_SESSIONS_KEY`].
//!
//! Only the id moves between the two; the record it names (the tokens) stays in the SDK's sealed
//! store, changed only under its lock. tower-sessions saves a changed session after the
//! response, outside any lock: a rotated refresh token kept there could be overwritten by a
//! concurrent request's stale copy, and Logto revokes the whole grant when the used one comes
//! back. A pointer written twice is harmless; a stale one names a record that is gone.
//!
//! What tower-sessions keeps is not the id itself but the id sealed with the server's key (bound
//! to the deployment and to [`TOWER_SESSIONS_KEY`]). The id opens the record, and tower-sessions
//! stores keep their records readable by whoever reads the store; sealed, a copy of both stores
//! opens no record without the server's secret, as a copy of the SDK's store alone does not.

use axum::http::{HeaderMap, request::Parts};

use super::{
    config::PointerKind,
    cookies::{ResponseCookies, request_cookie},
    keys::SessionId,
    sessions::{SIGNED_IN_TTL_SECS, Sessions},
};
use crate::error::Error;

/// The key under which the SDK keeps its pointer in the app's tower-sessions session (the
/// `tower-sessions` feature): the SDK's session id, sealed. The app must not use it.
#[cfg(feature = "tower-sessions")]
pub const TOWER_SESSIONS_KEY: &str = "logto_axum.session";

/// The pointer of one request.
pub(super) enum Pointer {
    Cookie,
    #[cfg(feature = "tower-sessions")]
    TowerSessions(tower_sessions::Session),
}

impl Pointer {
    /// The request's pointer, as this deployment keeps it.
    pub(super) fn of_request(sessions: &Sessions, parts: &Parts) -> Result<Self, Error> {
        #[cfg(not(feature = "tower-sessions"))]
        let _ = parts;
        match sessions.pointer_kind() {
            PointerKind::Cookie => Ok(Self::Cookie),
            #[cfg(feature = "tower-sessions")]
            PointerKind::TowerSessions => parts
                .extensions
                .get::<tower_sessions::Session>()
                .cloned()
                .map(Self::TowerSessions)
                .ok_or_else(|| {
                    Error::Internal(
                        "use_tower_sessions() is on but no tower-sessions 0.15 session is in the \
                         request: its SessionManagerLayer is missing (or of another version)"
                            .into(),
                    )
                }),
        }
    }

    /// The session id the browser points to, if it sent one that reads as ours.
    pub(super) async fn read(
        &self,
        sessions: &Sessions,
        headers: &HeaderMap,
    ) -> Result<Option<SessionId>, Error> {
        match self {
            Self::Cookie => {
                let name = sessions.policy().session_name();
                Ok(request_cookie(headers, name).and_then(SessionId::parse))
            }
            #[cfg(feature = "tower-sessions")]
            Self::TowerSessions(session) => {
                let sealed = session
                    .get::<String>(TOWER_SESSIONS_KEY)
                    .await
                    .map_err(tower_error)?;
                Ok(sealed.and_then(|sealed| {
                    let id = sessions
                        .keys()
                        .open_cookie(TOWER_SESSIONS_KEY, b"", &sealed)?;
                    SessionId::from_bytes(&id)
                }))
            }
        }
    }

    /// Points the browser to the new session `id` of a sign-in. With tower-sessions, its id is
    /// cycled too (no fixation): the id the browser had before names nothing any more.
    pub(super) async fn set(
        &self,
        sessions: &Sessions,
        cookies_out: &ResponseCookies,
        id: &SessionId,
    ) -> Result<(), Error> {
        match self {
            Self::Cookie => {
                let policy = sessions.policy();
                cookies_out.push(policy.build(
                    policy.session_name().to_string(),
                    id.to_cookie_value(),
                    "/",
                    SIGNED_IN_TTL_SECS,
                ));
                Ok(())
            }
            #[cfg(feature = "tower-sessions")]
            Self::TowerSessions(session) => {
                let sealed = sessions
                    .keys()
                    .seal_cookie(TOWER_SESSIONS_KEY, b"", id.as_bytes())?;
                session.cycle_id().await.map_err(tower_error)?;
                session
                    .insert(TOWER_SESSIONS_KEY, sealed)
                    .await
                    .map_err(tower_error)
            }
        }
    }

    /// The record the browser points to is gone (expired, ended by a back-channel logout, on any
    /// replica): the pointer goes, the rest of the app's session stays.
    pub(super) async fn forget(&self, sessions: &Sessions, cookies_out: &ResponseCookies) {
        match self {
            Self::Cookie => forget_cookie(sessions, cookies_out),
            #[cfg(feature = "tower-sessions")]
            Self::TowerSessions(session) => {
                if let Err(err) = session.remove_value(TOWER_SESSIONS_KEY).await {
                    // It names a record that is gone: the next request finds nothing either.
                    tracing::warn!(error = %err, "could not remove the pointer from the tower-sessions session");
                }
            }
        }
    }

    /// The SDK ended the session (sign-out, or a session Logto or userinfo no longer vouches
    /// for): with tower-sessions, the whole tower-sessions session ends too, as axum-login's
    /// logout does, so nothing the app kept for this user is left for the next one at this
    /// browser.
    pub(super) async fn end(&self, sessions: &Sessions, cookies_out: &ResponseCookies) {
        match self {
            Self::Cookie => forget_cookie(sessions, cookies_out),
            #[cfg(feature = "tower-sessions")]
            Self::TowerSessions(session) => {
                if let Err(err) = session.flush().await {
                    // The data is cleared and the browser told to forget the cookie all the
                    // same; a copy left in the store names a record that is gone.
                    tracing::warn!(error = %err, "could not delete the tower-sessions session");
                }
            }
        }
    }
}

fn forget_cookie(sessions: &Sessions, cookies_out: &ResponseCookies) {
    let policy = sessions.policy();
    cookies_out.push(policy.removal(policy.session_name().to_string(), "/"));
}

#[cfg(feature = "tower-sessions")]
fn tower_error(err: tower_sessions::session::Error) -> Error {
    Error::SessionStore(super::StoreError::TowerSessions(err))
}
