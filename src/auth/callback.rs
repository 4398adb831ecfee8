//! `GET /callback`: Logto sends the browser back here with a code (or an error).

use axum::{
    extract::{RawQuery, State},
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::CallbackParams;

use super::AuthSession;
use crate::{error::AppError, inspect, state::AppState};

#[tracing::instrument(skip_all)]
pub async fn callback(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    mut session: AuthSession,
) -> Result<Response, AppError> {
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let params = CallbackParams::from_query(query.as_deref())
        .map_err(|_| AppError::BadQuery("the callback's query".into()))?;
    match session.handle_sign_in_callback(logto, params).await {
        Ok(return_to) => Ok(Redirect::to(&return_to).into_response()),
        // A failed sign-in has no session to keep its record in: the inspector's cookie keeps
        // it, and the error page links to it.
        Err(err) => Ok(inspect::link_from_error_page(
            AppError::from(err).into_response(),
            state.config.inspector,
        )),
    }
}
