//! `POST /backchannel-logout`: Logto tells us a user signed out elsewhere (another app sharing
//! their Logto session, or Logto itself), and every session it names ends here, on every replica.
//!
//! Logto posts `logout_token=<JWT>` as a form, waits 2.5 s, never retries and follows no
//! redirect; 200 or 204 is success. So: answer fast (revocation at Logto happens after the
//! answer), answer 200 also when the sessions were already gone, and 400 for anything wrong with
//! the request or the token, with the cause in the log and never the token.
//!
//! Once the token is verified and its `jti` marked seen, the sessions it names are ended in a task
//! of their own ([`crate::finish`]): Logto giving up, or the connection closing, cannot stop it
//! halfway (a marked `jti` would refuse the same token sent again). Sessions end without waiting
//! for their locks (a refresh may hold one for as long as Logto takes to answer it): the record
//! is deleted at once and the holder's write fails ([`Sessions::end`]). The answer waits for
//! that at most [`ANSWER_WITHIN`]; past it, the ending goes on and is logged when done.
//!
//! How long a session can outlive its logout: its record is gone when the ending has run (in
//! the request, a few store round trips); with Redis, other replicas drop their cached copy
//! when the announcement reaches them (milliseconds), or after 30 s at worst should the
//! announcement be lost.

use std::time::Duration;

use axum::{
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

use logto_core::{
    LogtoClient,
    logout_token::{LogoutToken, MAX_AGE_SECS},
    unix_now,
};

use crate::{
    Logto,
    finish::to_the_end,
    session::{Lookup, Sessions},
};

/// Logto waits 2.5 s for the answer; this leaves room for the network.
const ANSWER_WITHIN: Duration = Duration::from_secs(2);

/// Why a logout request was refused; logged, never shown.
#[derive(Debug, thiserror::Error)]
enum Refused {
    #[error("the body is not a form (Content-Type must be application/x-www-form-urlencoded)")]
    NotAForm,
    #[error("the body could not be read: {0}")]
    Body(String),
    #[error("the form must carry exactly one logout_token")]
    NoToken,
    #[error("the logout token was refused: {0}")]
    Token(String),
    #[error("the logout token was seen before (jti replayed)")]
    Replayed,
    #[error("the session store failed: {0}")]
    Store(String),
    #[error("{0}")]
    Internal(String),
}

/// `POST /backchannel-logout`: Logto's logout token ends the sessions it names, on every
/// replica. 200 (also when they had already ended), or 400 with the cause in the log.
pub async fn backchannel_logout(
    State(logto): State<Logto>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match end_sessions(&logto, &headers, body).await {
        Ok(ended) => {
            crate::metrics::backchannel_logout("accepted");
            tracing::info!(ended, "back-channel logout");
            answer(StatusCode::OK)
        }
        Err(cause) => {
            crate::metrics::backchannel_logout(cause.label());
            tracing::warn!(%cause, "back-channel logout refused");
            answer(StatusCode::BAD_REQUEST)
        }
    }
}

impl Refused {
    /// The metric label of the refusal: a fixed word, never the token or its claims.
    fn label(&self) -> &'static str {
        match self {
            Self::NotAForm => "not_a_form",
            Self::Body(_) => "unreadable_body",
            Self::NoToken => "no_token",
            Self::Token(_) => "token_refused",
            Self::Replayed => "replayed",
            Self::Store(_) => "store_failed",
            Self::Internal(_) => "internal",
        }
    }
}

/// The steps of section 2.6 and 2.7: read the form, verify the token, refuse a replay, end the
/// sessions it names. Returns how many sessions ended.
async fn end_sessions(
    state: &Logto,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<usize, Refused> {
    let logto = state.client().clone();
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(Refused::NotAForm);
    }
    let body = body.map_err(|e| Refused::Body(e.body_text()))?;
    let token = logout_token_field(&body)?;

    let token = logto
        .verify_logout_token(&token)
        .await
        .map_err(|e| Refused::Token(e.chain()))?;
    let remember_until = unix_now() + 2 * MAX_AGE_SECS;
    let first = state
        .sessions()
        .first_seen(b"logout jti", &token.jti, remember_until)
        .await
        .map_err(|e| Refused::Store(e.to_string()))?;
    if !first {
        return Err(Refused::Replayed);
    }
    let sessions = state.sessions().clone();
    let ending = to_the_end(async move {
        let ended = end_named_sessions(&sessions, logto, &token).await;
        match &ended {
            Ok(ended) => tracing::debug!(ended, "back-channel logout: sessions ended"),
            Err(err) => {
                tracing::warn!(error = %err, "back-channel logout: could not end the sessions")
            }
        }
        ended
    });
    match tokio::time::timeout(ANSWER_WITHIN, ending).await {
        Ok(ended) => ended
            .map_err(|e| Refused::Internal(e.to_string()))?
            .map_err(|e| Refused::Store(e.to_string())),
        Err(_) => {
            tracing::warn!(
                "back-channel logout: the store is slow; answering now, the sessions end when it answers"
            );
            Ok(0)
        }
    }
}

/// Exactly one `logout_token` in the form.
fn logout_token_field(body: &[u8]) -> Result<String, Refused> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(body).map_err(|_| Refused::NoToken)?;
    let mut tokens = pairs.into_iter().filter(|(k, _)| k == "logout_token");
    match (tokens.next(), tokens.next()) {
        (Some((_, token)), None) if !token.is_empty() => Ok(token),
        _ => Err(Refused::NoToken),
    }
}

/// `sid` present: that session (if its user is the token's `sub`, when both are given); only
/// `sub`: every session of that user. Refresh tokens are revoked after the answer.
async fn end_named_sessions(
    sessions: &Sessions,
    logto: std::sync::Arc<LogtoClient>,
    token: &LogoutToken,
) -> Result<usize, crate::session::StoreError> {
    let found = match (&token.sid, &token.sub) {
        (Some(sid), _) => sessions.find(Lookup::Sid, sid).await?,
        (None, Some(sub)) => sessions.find(Lookup::Sub, sub).await?,
        (None, None) => Vec::new(),
    };
    let mut refresh_tokens = Vec::new();
    let mut ended = 0;
    for session in &found {
        if let Some(user) = sessions.end(session).await? {
            if token
                .sub
                .as_ref()
                .is_some_and(|sub| *sub != user.profile.sub)
            {
                // A `sid` whose session belongs to someone else cannot come from Logto; the
                // session is ended all the same (it was named), and the oddity logged.
                tracing::warn!("a back-channel logout named a session of another user");
            }
            ended += 1;
            refresh_tokens.extend(user.refresh_token);
        }
    }
    if !refresh_tokens.is_empty() {
        // Ending Logto's session leaves `offline_access` grants alive: revoke them, without
        // making Logto's 2.5 s request wait for it.
        tokio::spawn(async move {
            for refresh_token in refresh_tokens {
                // No inspector trace: the session it would be kept with has just ended.
                let mut trace = logto_core::observe::Trace::off();
                match logto.revoke(&refresh_token, &mut trace).await {
                    Ok(()) => tracing::info!("refresh token revoked after a back-channel logout"),
                    Err(err) => {
                        tracing::warn!(cause = %err.chain(), "could not revoke a refresh token after a back-channel logout")
                    }
                }
            }
        });
    }
    Ok(ended)
}

fn answer(status: StatusCode) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            // A body type keeps the error-page middleware from turning a 400 into HTML: Logto
            // reads only the status.
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        "",
    )
        .into_response()
}
