//! `GET /callback`: Logto sends the browser back here with a code (or an error).

use axum::{
    extract::{RawQuery, State},
    response::{IntoResponse, Redirect, Response},
};
use openidconnect::CsrfToken;
use serde::Deserialize;

use super::{AuthSession, SignedInUser};
use crate::{
    error::AppError,
    inspect::{self, FlowKind, Trace},
    query::parse_query,
    state::AppState,
};
use logto_core::{LogtoClient, params, unix_now};

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    error: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn callback(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    mut session: AuthSession,
) -> Result<Response, AppError> {
    let logto = state.logto.as_deref().ok_or(AppError::NotConfigured)?;
    let query: CallbackQuery = parse_query(query.as_deref())?;
    let mut trace = logto.trace(FlowKind::SignIn);
    match complete(logto, query, &mut session, &mut trace).await {
        Ok(response) => Ok(response),
        // A failed sign-in has no session to keep its record in: the inspector's cookie keeps
        // it, and the error page links to it.
        Err(err) => {
            let recorded = trace.is_on();
            session.record_without_session(trace);
            Ok(inspect::link_from_error_page(err.into_response(), recorded))
        }
    }
}

/// The callback's protocol steps; `trace` records what came back and every check.
async fn complete(
    logto: &LogtoClient,
    query: CallbackQuery,
    session: &mut AuthSession,
    trace: &mut Trace,
) -> Result<Response, AppError> {
    trace.callback(&[
        ("code", query.code.as_deref()),
        ("state", query.state.as_deref()),
        ("iss", query.iss.as_deref()),
        ("error", query.error.as_deref()),
    ]);

    // 1. Find and use up the sign-in this callback answers (its cookie is cleared): a replayed
    //    URL finds nothing.
    let returned_state = query
        .state
        .as_deref()
        .ok_or(logto_axum::Error::MalformedCallback)?;
    let pending = session.take_attempt(returned_state);
    trace.attempt(
        pending
            .as_ref()
            .map(|pending| pending.flow.clone())
            .map_err(ToString::to_string),
    );

    // 2. The user cancelled or Logto refused: say so kindly.
    if let Some(error) = query.error {
        return Err(logto_axum::Error::SignInDenied {
            cancelled: error == "access_denied",
            error: params::loggable(&error, 64),
        }
        .into());
    }
    let pending = pending?;
    let code = query
        .code
        .as_deref()
        .ok_or(logto_axum::Error::MalformedCallback)?;
    //    An attempt completes one sign-in at most, on any replica.
    session.use_attempt(&pending).await?;

    // 3. Check `iss`, exchange the code, verify the ID token, fetch userinfo.
    let signed_in = logto
        .complete_sign_in(
            code,
            query.iss.as_deref(),
            &pending.nonce,
            &pending.pkce_verifier,
            trace,
        )
        .await?;

    // 4. Remember the user under a fresh session id and go where they were headed. Under the
    //    previous session's lock, if any: a refresh still running for an earlier sign-in in this
    //    browser must not save that session back after it is replaced.
    let previous = session.lock_and_reload().await?;
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
        csrf_token: CsrfToken::new_random().secret().clone(),
        api_tokens: Default::default(),
        api_errors: Default::default(),
    };
    session
        .sign_in(user, std::mem::take(trace), previous.as_ref())
        .await?;
    Ok(Redirect::to(&pending.return_to).into_response())
}
