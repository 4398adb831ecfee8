//! `POST /profile/refresh`: reads the user's profile from userinfo again (Logto's own data may
//! have changed: a new linked identity, verified phone, custom data), for the same `sub`.

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};

use logto_axum::session::CsrfForm;

use super::AuthSession;

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
    session.fetch_user_info(logto).await?;
    Ok(Redirect::to("/").into_response())
}
