//! [`AuthSession`]: the session of the current request, as handlers see it. A page view reads
//! (from the cache when it can) and never writes; a change takes the session's lock, reads the
//! session again, and writes it once.

pub(super) mod flows;
pub(super) mod form;
mod grant;
mod inspect;
mod records;
pub(super) mod refresh;

use std::sync::{Arc, OnceLock};

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{HeaderMap, request::Parts},
};
use logto_core::observe::Trace;

use super::{
    PendingSignIn, SessionData, SessionLock, Sessions, SignedInUser,
    attempt::{self, ATTEMPT_TTL_SECS, AttemptError},
    cookies::{ResponseCookies, request_cookie},
    keys::{self, SessionId, StoreKey},
    pointer::Pointer,
};
use crate::error::Error;

/// The session of the current request, loaded once.
pub struct AuthSession {
    sessions: Arc<Sessions>,
    cookies_out: ResponseCookies,
    headers: HeaderMap,
    /// Where the browser keeps the session's id: the SDK's cookie or the app's tower-sessions
    /// session.
    pointer: Pointer,
    /// The session's id and where it is stored, when the browser sent a well-formed pointer.
    current: Option<(SessionId, StoreKey)>,
    data: Arc<SessionData>,
    /// The browser binding cookie's value this response sets, once one was needed.
    browser: OnceLock<String>,
}

/// The session of the request, from the app's state (any state that gives the app's
/// [`Sessions`]) and the request's cookies (or, with `use_tower_sessions`, the app's
/// tower-sessions session). Needs the layer that sets the cookies it queues
/// ([`ResponseCookies`]).
impl<S> FromRequestParts<S> for AuthSession
where
    S: Send + Sync,
    Arc<Sessions>: FromRef<S>,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let cookies_out = parts
            .extensions
            .get::<ResponseCookies>()
            .cloned()
            .ok_or_else(|| Error::Internal("the session cookie layer is missing".into()))?;
        let sessions = Arc::<Sessions>::from_ref(state);
        let pointer = Pointer::of_request(&sessions, parts)?;
        let current = pointer.read(&sessions, &parts.headers).await?.map(|id| {
            let key = sessions.keys().store_key(&id);
            (id, key)
        });
        let mut session = Self {
            sessions,
            cookies_out,
            // Only the cookies are kept: attempts and the sign-out state are read from them.
            headers: cookie_headers(&parts.headers),
            pointer,
            current,
            data: Arc::default(),
            browser: OnceLock::new(),
        };
        if let Some((id, key)) = &session.current {
            match session
                .sessions
                .read(id, key)
                .await
                .map_err(Error::SessionStore)?
            {
                Some(data) => session.data = data,
                None => {
                    // Expired or ended elsewhere: the browser can forget the pointer.
                    session.current = None;
                    session.forget_pointer().await;
                }
            }
        }
        Ok(session)
    }
}

fn cookie_headers(headers: &HeaderMap) -> HeaderMap {
    let mut kept = HeaderMap::new();
    for value in headers.get_all(axum::http::header::COOKIE) {
        kept.append(axum::http::header::COOKIE, value.clone());
    }
    kept
}

impl AuthSession {
    /// The signed-in user; `None` when the browser has no live session.
    pub fn user(&self) -> Option<&SignedInUser> {
        self.data.user.as_ref()
    }

    /// The user, to change under the session's lock (copied first if the cache shares it).
    pub(crate) fn user_mut(&mut self, _lock: &SessionLock) -> Option<&mut SignedInUser> {
        Arc::make_mut(&mut self.data).user.as_mut()
    }

    /// Takes the session's lock and reads the session again from the store, so a change made
    /// now starts from what the last writer saved, on whichever replica. `None` when there is
    /// no session.
    pub(crate) async fn lock_and_reload(&mut self) -> Result<Option<SessionLock>, Error> {
        let Some((id, key)) = &self.current else {
            return Ok(None);
        };
        let lock = self.sessions.lock(key).await.map_err(Error::SessionStore)?;
        let fresh = self
            .sessions
            .read_fresh(id, key)
            .await
            .map_err(Error::SessionStore)?;
        match fresh {
            Some(data) => self.data = data,
            None => {
                self.data = Arc::default();
                self.current = None;
                self.forget_pointer().await;
                return Ok(None);
            }
        }
        Ok(Some(lock))
    }

    /// Writes the session once, under its lock. A session with no user left is deleted.
    pub(crate) async fn save(&mut self, lock: &SessionLock) -> Result<(), Error> {
        let Some((id, key)) = &self.current else {
            return Ok(());
        };
        if self.data.user.is_none() {
            return self.destroy(lock).await;
        }
        self.sessions
            .write(id, key, &self.data, lock)
            .await
            .map_err(Error::SessionStore)
    }

    /// Stores the signed-in user under a new session id (no fixation), with the record of the
    /// sign-in. `previous` is the previous session's lock, if there was one: it is deleted, so a
    /// refresh still running for it cannot bring it back.
    pub(crate) async fn sign_in(
        &mut self,
        user: SignedInUser,
        trace: Trace,
        previous: Option<&SessionLock>,
    ) -> Result<(), Error> {
        let flows = records::new_session(trace, self.current.is_some());
        if let (Some((_, old)), Some(lock)) = (self.current.take(), previous) {
            self.sessions
                .delete(&old, lock)
                .await
                .map_err(Error::SessionStore)?;
        }
        let id = SessionId::random().map_err(|e| Error::SessionStore(e.into()))?;
        let key = self.sessions.keys().store_key(&id);
        // Nobody else knows the new id yet; the lock keeps the rule "every write under its lock"
        // without exception.
        let lock = self
            .sessions
            .lock(&key)
            .await
            .map_err(Error::SessionStore)?;
        self.data = Arc::new(SessionData {
            user: Some(user),
            flows,
        });
        self.sessions
            .write(&id, &key, &self.data, &lock)
            .await
            .map_err(Error::SessionStore)?;
        if let Err(err) = self
            .pointer
            .set(&self.sessions, &self.cookies_out, &id)
            .await
        {
            // No browser will ever point to the record (the app's tower-sessions store failed):
            // it goes now rather than live on unreachable.
            if let Err(cleanup) = self.sessions.delete(&key, &lock).await {
                tracing::warn!(error = %cleanup, "could not delete a session no browser points to");
            }
            self.data = Arc::default();
            return Err(err);
        }
        self.current = Some((id, key));
        Ok(())
    }

    /// Ends the session under its lock: the record goes (on every replica), and the browser
    /// forgets the pointer (with tower-sessions, its whole tower-sessions session ends).
    pub(crate) async fn destroy(&mut self, lock: &SessionLock) -> Result<(), Error> {
        if let Some((_, key)) = &self.current {
            self.sessions
                .delete(key, lock)
                .await
                .map_err(Error::SessionStore)?;
        }
        self.ended_elsewhere().await;
        Ok(())
    }

    /// The session has been deleted already (by a grant Logto refused): forget it here too.
    pub(super) async fn ended_elsewhere(&mut self) {
        self.data = Arc::default();
        if self.current.take().is_some() {
            self.pointer.end(&self.sessions, &self.cookies_out).await;
        }
    }

    /// The record the browser points to is gone: so is the pointer.
    async fn forget_pointer(&self) {
        self.pointer.forget(&self.sessions, &self.cookies_out).await;
    }

    /// Destroys the session and remembers the sign-out `state` (and the record of the sign-out)
    /// in a sealed cookie until Logto sends the browser back.
    pub(crate) async fn sign_out(
        &mut self,
        sign_out_state: String,
        trace: Trace,
        lock: &SessionLock,
    ) -> Result<(), Error> {
        self.destroy(lock).await?;
        let policy = self.sessions.policy();
        let name = attempt::sign_out_cookie_name(policy);
        let in_flight = attempt::SignOutInFlight {
            state: sign_out_state,
            flow: records::session_ended(trace),
        };
        let sealed = attempt::seal_sign_out(self.sessions.keys(), &name, &in_flight)
            .map_err(|e| Error::SessionStore(e.into()))?;
        self.cookies_out
            .push(policy.build(name, sealed, "/", ATTEMPT_TTL_SECS));
        Ok(())
    }

    /// On the way back from Logto's end-session endpoint: true if `state` is the one we sent.
    /// The remembered state is used up either way.
    pub fn finish_sign_out(&mut self, state: &str) -> bool {
        let policy = self.sessions.policy();
        let name = attempt::sign_out_cookie_name(policy);
        let Some(value) = request_cookie(&self.headers, &name) else {
            return false;
        };
        let in_flight = attempt::open_sign_out(self.sessions.keys(), &name, value);
        self.cookies_out.push(policy.removal(name, "/"));
        let Some(in_flight) = in_flight else {
            return false;
        };
        let matched = logto_core::secrets_match(&in_flight.state, state);
        self.record_sign_out_return(in_flight.flow, matched);
        matched
    }

    /// This browser's binding (see [`attempt`]): from the binding cookie it sent, or from a new
    /// one. Either way the cookie is set again on this response, to live as long as what is
    /// bound to it now (an attempt, the inspector's record: ten minutes).
    pub(super) fn bind_browser(&self) -> Result<[u8; 32], Error> {
        let policy = self.sessions.policy();
        let name = attempt::browser_cookie_name(policy);
        let value = match self.browser.get() {
            Some(value) => return attempt::browser_binding(value).ok_or_else(unbindable),
            None => match request_cookie(&self.headers, &name).filter(|v| keys::is_random_token(v))
            {
                Some(sent) => sent.to_string(),
                None => keys::random_token().map_err(|e| Error::SessionStore(e.into()))?,
            },
        };
        let binding = attempt::browser_binding(&value).ok_or_else(unbindable)?;
        self.cookies_out
            .push(policy.build(name, value.clone(), "/", ATTEMPT_TTL_SECS));
        let _ = self.browser.set(value);
        Ok(binding)
    }

    /// The binding of the browser that sent this request, if it sent one of ours.
    pub(super) fn browser_binding(&self) -> Option<[u8; 32]> {
        let name = attempt::browser_cookie_name(self.sessions.policy());
        attempt::browser_binding(request_cookie(&self.headers, &name)?)
    }

    /// Remembers a sign-in in flight in its own sealed cookie, bound to this browser; past five,
    /// the oldest is dropped. Nothing is written to the store.
    pub(crate) fn add_attempt(&mut self, pending: &PendingSignIn) -> Result<(), Error> {
        let policy = self.sessions.policy();
        let browser = self.bind_browser()?;
        let index_name = attempt::index_cookie_name(policy);
        let index = attempt::parse_index(request_cookie(&self.headers, &index_name));
        let (index, dropped) = attempt::admit(index, pending);
        for id in dropped {
            self.cookies_out.push(policy.removal(
                attempt::cookie_name_for_id(policy, &id),
                self.sessions.callback_path(),
            ));
        }
        let name = attempt::attempt_cookie_name(policy, &pending.state);
        let sealed = attempt::seal_attempt(self.sessions.keys(), &name, &browser, pending)
            .map_err(|e| Error::SessionStore(e.into()))?;
        self.cookies_out.push(policy.build(
            name,
            sealed,
            self.sessions.callback_path(),
            ATTEMPT_TTL_SECS,
        ));
        self.cookies_out.push(policy.build(
            index_name,
            attempt::format_index(&index),
            self.sessions.sign_in_path(),
            ATTEMPT_TTL_SECS,
        ));
        Ok(())
    }

    /// Takes the sign-in in flight that `state` names from its cookie, if this browser started
    /// it, and tells the browser to forget the cookie, so a replayed callback URL finds nothing.
    pub(crate) fn take_attempt(&mut self, state: &str) -> Result<PendingSignIn, AttemptError> {
        let policy = self.sessions.policy();
        let name = attempt::attempt_cookie_name(policy, state);
        let value = request_cookie(&self.headers, &name);
        if value.is_some() {
            self.cookies_out
                .push(policy.removal(name.clone(), self.sessions.callback_path()));
        }
        let browser = self.browser_binding();
        attempt::open_attempt(self.sessions.keys(), &name, browser.as_ref(), value, state)
    }

    /// Uses up `pending` for good, on every replica: a copy of its cookie (kept by whoever
    /// could read the browser's cookies, or planted back) cannot complete a second sign-in.
    pub(crate) async fn use_attempt(&self, pending: &PendingSignIn) -> Result<(), Error> {
        let first = self
            .sessions
            .first_seen(
                b"sign-in attempt",
                &pending.state,
                attempt::used_until(pending.created_at),
            )
            .await
            .map_err(Error::SessionStore)?;
        if first {
            Ok(())
        } else {
            Err(Error::UnknownSignIn(AttemptError::Used))
        }
    }
}

fn unbindable() -> Error {
    Error::Internal("a browser binding value we made does not read back".into())
}
