//! `POST /api-token`: an access token for one of the app's API resources or one of the user's
//! organizations, from a refresh-token grant (`resource=` or `organization_id=`). Tokens are kept
//! in the session and reused until shortly before they expire; the page shows what they are for,
//! never the tokens themselves.

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use logto_axum::session::CsrfProtected;

use super::AuthSession;
use crate::{error::AppError, state::AppState};
use logto_core::TokenTarget;

#[derive(Deserialize)]
pub struct ApiTokenForm {
    #[serde(default)]
    csrf: String,
    resource: Option<String>,
    organization_id: Option<String>,
}

impl CsrfProtected for ApiTokenForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn api_token(
    State(state): State<AppState>,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(form) = session.checked_form::<ApiTokenForm>(&body)? else {
        return Ok(Redirect::to("/").into_response());
    };
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    // Only the APIs this app is configured for, and organizations the user belongs to.
    let target = match (form.resource, form.organization_id) {
        (Some(resource), None) if logto.settings().resources.contains(&resource) => {
            TokenTarget::Resource(resource)
        }
        (None, Some(id))
            if session
                .user()
                .is_some_and(|u| u.profile.organizations.contains(&id)) =>
        {
            TokenTarget::Organization(id)
        }
        _ => return Err(logto_axum::Error::UnknownApiTarget.into()),
    };
    session.api_token(logto, &target).await?;
    Ok(Redirect::to("/#api-tokens").into_response())
}
