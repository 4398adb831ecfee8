//! `GET /sign-out` asks; `POST /sign-out` revokes, forgets, and sends the browser to Logto.

use logto_axum::session::CsrfForm;

use super::AuthSession;
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    pages::SignOutPage,
    state::AppState,
};
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};

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
    let logto = state.logto.as_deref().ok_or(AppError::NotConfigured)?;
    // 2. Revoke the refresh token, 3. forget the user, 4. end Logto's session too, coming back
    //    with a state we check.
    match session.sign_out_at_logto(logto).await? {
        Some(end_session) => Ok(Redirect::to(end_session.as_str()).into_response()),
        None => Ok(Redirect::to("/").into_response()),
    }
}
