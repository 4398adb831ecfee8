//! `POST /profile/refresh`: reads the user's profile from userinfo again (Logto's own data may
//! have changed: a new linked identity, verified phone, custom data), for the same `sub`.

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};

use logto_axum::session::CsrfForm;

use super::AuthSession;
use logto_core::LogtoError;

use crate::{error::AppError, state::AppState};

pub async fn refresh_profile(
    State(state): State<AppState>,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    if session.checked_form::<CsrfForm>(&body)?.is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    // Userinfo needs a live access token.
    session.refresh_if_needed(logto).await?;

    let Some(lock) = session.lock_and_reload().await? else {
        return Ok(Redirect::to("/").into_response());
    };
    let Some(user) = session.user_mut(&lock) else {
        return Ok(Redirect::to("/").into_response());
    };
    match logto
        .fetch_userinfo(&user.access_token, &user.profile.sub)
        .await
    {
        Ok(userinfo) => {
            user.profile.merge_userinfo(&userinfo);
            session.save(&lock).await?;
            Ok(Redirect::to("/").into_response())
        }
        // Userinfo for someone else: the session can no longer be trusted.
        Err(err @ LogtoError::TokenRejected(_)) => {
            session.destroy(&lock).await?;
            Err(logto_axum::Error::SessionEnded(err).into())
        }
        Err(err) => Err(err.into()),
    }
}
