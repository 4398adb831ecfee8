//! The typed session: one value under one key, so handlers never touch raw session keys.

use axum::{extract::FromRequestParts, http::request::Parts};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use tower_sessions::{Expiry, Session};

use std::collections::BTreeMap;

use crate::{
    error::AppError,
    logto::{Profile, unix_now},
};

pub(super) const KEY: &str = "auth";
/// Sign-ins in flight are kept this long, and a session that holds nothing else lives this long.
pub const PENDING_TTL_SECS: i64 = 10 * 60;
/// How many sign-ins may be in flight at once in one browser (tabs); the oldest goes first.
const MAX_PENDING: usize = 5;
/// A signed-in session lasts as long as Logto's refresh token does by default.
const SIGNED_IN_TTL: time::Duration = time::Duration::days(14);

/// Everything this app remembers about one browser.
#[derive(Default, Deserialize, Serialize)]
pub struct SessionData {
    #[serde(default)]
    pending: Vec<PendingSignIn>,
    #[serde(default)]
    pub(super) user: Option<SignedInUser>,
    /// The `state` sent to Logto's end-session endpoint, checked when the browser comes back.
    #[serde(default)]
    sign_out_state: Option<String>,
}

/// One sign-in in flight, keyed by its `state`. No `Debug`: it holds secrets.
#[derive(Clone, Deserialize, Serialize)]
pub struct PendingSignIn {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    pub created_at: i64,
}

/// A user after a verified callback. No `Debug`: it holds tokens.
#[derive(Clone, Deserialize, Serialize)]
pub struct SignedInUser {
    pub profile: Profile,
    pub id_token: String,
    /// The nonce of the sign-in: Logto repeats it in refreshed ID tokens.
    pub nonce: String,
    pub access_token: String,
    pub access_token_expires_at: Option<i64>,
    /// When the current access token arrived (unix seconds), to know its lifetime.
    pub access_token_received_at: i64,
    pub refresh_token: Option<String>,
    pub scopes: Vec<String>,
    pub signed_in_at: i64,
    /// Must come back with the forms that change the session (sign-out, refresh, tokens).
    pub csrf_token: String,
    /// Access tokens for API resources and organizations, by [`TokenTarget::key`], reused until
    /// shortly before they expire.
    #[serde(default)]
    pub api_tokens: BTreeMap<String, ApiToken>,
    /// Logto's answer when it refused one of those tokens, shown as is on the page.
    #[serde(default)]
    pub api_errors: BTreeMap<String, String>,
}

/// An access token for an API resource or an organization, with what the page shows of it.
#[derive(Clone, Deserialize, Serialize)]
pub struct ApiToken {
    pub access_token: String,
    pub expires_at: Option<i64>,
    /// Decoded from the token for display; the API itself verifies it.
    pub audience: Vec<String>,
    pub scopes: Vec<String>,
}

/// The session of the current request, loaded once.
pub struct AuthSession {
    pub(super) session: Session,
    pub(super) data: SessionData,
}

impl<S: Send + Sync> FromRequestParts<S> for AuthSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| AppError::Internal("the session layer is missing".into()))?;
        let data = session
            .get::<SessionData>(KEY)
            .await
            .map_err(AppError::SessionStore)?
            .unwrap_or_default();
        Ok(Self { session, data })
    }
}

/// Compares secrets without leaking, through timing, how much of a guess was right.
pub fn secrets_match(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

impl AuthSession {
    pub fn user(&self) -> Option<&SignedInUser> {
        self.data.user.as_ref()
    }

    /// Remembers a sign-in in flight, keeping the newest few and dropping expired ones.
    pub async fn add_pending(&mut self, pending: PendingSignIn) -> Result<(), AppError> {
        self.drop_expired_pending();
        self.data.pending.push(pending);
        let excess = self.data.pending.len().saturating_sub(MAX_PENDING);
        self.data.pending.drain(..excess);
        self.save().await
    }

    /// Takes the sign-in in flight whose `state` matches, and saves the session without it, so
    /// a replayed callback URL finds nothing. Expired attempts never match.
    pub async fn take_pending(&mut self, state: &str) -> Result<Option<PendingSignIn>, AppError> {
        let had_expired = self.drop_expired_pending();
        let found = self
            .data
            .pending
            .iter()
            .position(|p| secrets_match(&p.state, state));
        let taken = found.map(|index| self.data.pending.remove(index));
        if taken.is_some() || had_expired {
            self.save().await?;
        }
        Ok(taken)
    }

    /// Stores the signed-in user under a new session id (no fixation). Other tabs' sign-ins in
    /// flight survive, so they can still complete.
    pub async fn sign_in(&mut self, user: SignedInUser) -> Result<(), AppError> {
        self.session
            .cycle_id()
            .await
            .map_err(AppError::SessionStore)?;
        self.data.user = Some(user);
        self.data.sign_out_state = None;
        self.save().await
    }

    /// Destroys the session, then remembers only the sign-out `state` for the way back, under a
    /// new id. (`flush` alone would store the new value under the old id again.)
    pub async fn sign_out(&mut self, sign_out_state: String) -> Result<(), AppError> {
        self.session
            .cycle_id()
            .await
            .map_err(AppError::SessionStore)?;
        self.data = SessionData {
            sign_out_state: Some(sign_out_state),
            ..SessionData::default()
        };
        self.save().await
    }

    /// On the way back from Logto's end-session endpoint: true if `state` is the one we sent.
    /// The remembered state is used up either way.
    pub async fn finish_sign_out(&mut self, state: &str) -> Result<bool, AppError> {
        let Some(expected) = self.data.sign_out_state.take() else {
            return Ok(false);
        };
        self.save().await?;
        Ok(secrets_match(&expected, state))
    }

    /// Ends the session entirely (e.g. after a failure that leaves nothing worth keeping).
    pub async fn destroy(&mut self) -> Result<(), AppError> {
        self.data = SessionData::default();
        self.session.flush().await.map_err(AppError::SessionStore)
    }

    fn drop_expired_pending(&mut self) -> bool {
        let now = unix_now();
        let before = self.data.pending.len();
        self.data
            .pending
            .retain(|p| now - p.created_at < PENDING_TTL_SECS && p.created_at <= now + 60);
        before != self.data.pending.len()
    }

    /// Writes the session now, so a store failure becomes our error page (503) instead of a bare
    /// 500 from the session layer. A session with nothing left in it is deleted instead.
    pub(super) async fn save(&mut self) -> Result<(), AppError> {
        let data = &self.data;
        if data.user.is_none() && data.pending.is_empty() && data.sign_out_state.is_none() {
            return self.session.flush().await.map_err(AppError::SessionStore);
        }
        // Only pending sign-ins (or a sign-out on its way back): short-lived, so a flood of
        // anonymous `/sign-in` requests cannot grow the store without bound.
        let ttl = if data.user.is_some() {
            SIGNED_IN_TTL
        } else {
            time::Duration::seconds(PENDING_TTL_SECS)
        };
        self.session.set_expiry(Some(Expiry::OnInactivity(ttl)));
        self.session
            .insert(KEY, data)
            .await
            .map_err(AppError::SessionStore)?;
        self.session.save().await.map_err(AppError::SessionStore)
    }
}
