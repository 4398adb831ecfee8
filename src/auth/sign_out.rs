//! `GET /sign-out` asks; `POST /sign-out` revokes, forgets, and sends the browser to Logto.

use logto_axum::session::CsrfForm;

use super::AuthSession;
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    inspect::FlowKind,
    pages::SignOutPage,
    state::AppState,
};
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use openidconnect::CsrfToken;

pub async fn confirm(lang: Lang, session: AuthSession) -> Response {
    match session.user() {
        Some(user) => SignOutPage {
            t: Tr::new(lang),
            display_name: user.profile.display_name().to_string(),
            csrf: user.csrf_token.clone(),
        }
        .into_response(),
        None => Redirect::to("/").into_response(),
    }
}

#[tracing::instrument(skip_all)]
pub async fn sign_out(
    State(state): State<AppState>,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    // 1. The form must carry this session's token: no signing people out from other sites.
    if session.checked_form::<CsrfForm>(&body)?.is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    // Under the session's lock, so a refresh in flight cannot save the session back (and with
    // it the user) after it is destroyed here.
    let Some(lock) = session.lock_and_reload().await? else {
        return Ok(Redirect::to("/").into_response());
    };
    let Some(user) = session.user().cloned() else {
        return Ok(Redirect::to("/").into_response());
    };
    let logto = state.logto.as_deref().ok_or(AppError::NotConfigured)?;
    let mut trace = logto.trace(FlowKind::SignOut);

    // 2. Revoke the refresh token: ending Logto's session alone leaves the grant alive. A failure
    //    here must not keep the user signed in locally, so it is logged and sign-out goes on.
    if let Some(refresh_token) = &user.refresh_token {
        match logto.revoke(refresh_token, &mut trace).await {
            Ok(()) => tracing::info!("refresh token revoked"),
            Err(err) => tracing::warn!(cause = %err.chain(), "could not revoke the refresh token"),
        }
    }

    // 3. Forget the user, then 4. end Logto's session too, coming back with a state we check.
    let state_token = CsrfToken::new_random().secret().clone();
    match logto
        .end_session_url(&user.id_token, &state_token, &mut trace)
        .await
    {
        Ok(url) => {
            session.sign_out(state_token, trace, &lock).await?;
            tracing::info!(sub = %user.profile.sub, "signed out");
            Ok(Redirect::to(url.as_str()).into_response())
        }
        Err(err) => {
            session.destroy(&lock).await?;
            session.record_without_session(trace);
            tracing::warn!(cause = %err.chain(), "signed out locally; Logto's end-session endpoint is unknown");
            Ok(Redirect::to("/").into_response())
        }
    }
}
