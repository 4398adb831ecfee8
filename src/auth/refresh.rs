//! `POST /refresh`: the signed-in page's "Refresh tokens now" button.

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::{AuthSession, CsrfForm};

use crate::{error::AppError, state::AppState};

/// `POST /refresh`: the signed-in page's "Refresh tokens now" button.
pub async fn refresh(
    State(state): State<AppState>,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    if session.checked_form::<CsrfForm>(&body)?.is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    session.refresh_now(logto).await?;
    Ok(Redirect::to("/").into_response())
}
