//! Keeping the access token fresh: refreshed shortly before it expires, one refresh at a time
//! per session. Logto revokes the whole grant when a used refresh token is presented again, so
//! two racing refreshes of one session would sign the user out.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, Weak},
};

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::session::Id;

use super::{AuthSession, SignedInUser, secrets_match};
use crate::{error::AppError, state::AppState};

/// `POST /refresh`: the signed-in page's "Refresh tokens" button (CSRF-checked like sign-out).
pub async fn refresh(
    State(state): State<AppState>,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(user) = session.user() else {
        return Ok(Redirect::to("/").into_response());
    };
    let form: CsrfForm = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::CsrfMismatch)?;
    if !secrets_match(&user.csrf_token, &form.csrf) {
        return Err(AppError::CsrfMismatch);
    }
    let logto = state.logto.as_deref().ok_or(AppError::NotConfigured)?;
    session.refresh_now(logto, &state.refresh_locks).await?;
    Ok(Redirect::to("/").into_response())
}

#[derive(serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// One lock per session id, held only while a refresh is in flight.
#[derive(Default)]
pub struct RefreshLocks {
    locks: Mutex<HashMap<Id, Weak<tokio::sync::Mutex<()>>>>,
}

impl RefreshLocks {
    pub fn for_session(&self, id: Id) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(lock) = locks.get(&id).and_then(Weak::upgrade) {
            return lock;
        }
        // Forget locks nobody holds any more, so the map stays as small as the refreshes in flight.
        if locks.len() >= 64 {
            locks.retain(|_, lock| lock.strong_count() > 0);
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        locks.insert(id, Arc::downgrade(&lock));
        lock
    }
}

/// Refresh when the access token has less than 60 s left, or less than half its life for
/// short-lived tokens (a 30 s token would otherwise be refreshed on every request).
pub fn needs_refresh(user: &SignedInUser, now: i64) -> bool {
    let (Some(expires_at), Some(_)) = (user.access_token_expires_at, &user.refresh_token) else {
        return false;
    };
    let lifetime = (expires_at - user.access_token_received_at).max(0);
    expires_at - now <= 60.min(lifetime / 2)
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

    #[test]
    fn locks_are_shared_per_session_and_forgotten_when_unused() {
        let locks = RefreshLocks::default();
        let a = locks.for_session(Id(1));
        let again = locks.for_session(Id(1));
        assert!(Arc::ptr_eq(&a, &again));
        assert!(!Arc::ptr_eq(&a, &locks.for_session(Id(2))));
    }
}
