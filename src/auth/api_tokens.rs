//! `POST /api-token`: an access token for one of the app's API resources or one of the user's
//! organizations, from a refresh-token grant (`resource=` or `organization_id=`). Tokens are kept
//! in the session and reused until shortly before they expire; the page shows what they are for,
//! never the tokens themselves.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{ApiToken, AuthSession, SignedInUser, form::CsrfProtected};
use crate::{error::AppError, inspect::Why, state::AppState};
use logto_core::{
    LogtoClient, LogtoError, Refreshed, TokenTarget, claims::describe_access_token, unix_now,
};

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
        _ => return Err(AppError::UnknownApiTarget),
    };
    session.api_token(logto, &target).await?;
    Ok(Redirect::to("/#api-tokens").into_response())
}

/// A cached token is reused while it has more than a minute left.
fn still_fresh(token: &ApiToken, now: i64) -> bool {
    token.expires_at.is_some_and(|at| at - now > 60)
}

impl AuthSession {
    /// Gets (or reuses) the token for `target`. Logto refusing it (say `invalid_target` for an
    /// API the user may not use) is recorded for the page, not treated as a failure of the app.
    pub async fn api_token(
        &mut self,
        logto: &Arc<LogtoClient>,
        target: &TokenTarget,
    ) -> Result<(), AppError> {
        let key = target.key();
        let needed = |user: &SignedInUser| {
            !user
                .api_tokens
                .get(&key)
                .is_some_and(|t| still_fresh(t, unix_now()))
        };
        let target_key = key.clone();
        let apply =
            move |user: &mut SignedInUser, outcome: Result<Refreshed, &LogtoError>| match outcome {
                Ok(refreshed) => {
                    let (audience, scopes, exp) = describe_access_token(&refreshed.access_token);
                    let token = ApiToken {
                        access_token: refreshed.access_token,
                        expires_at: refreshed.access_token_expires_at.or(exp),
                        audience,
                        scopes,
                    };
                    user.api_errors.remove(&target_key);
                    user.api_tokens.insert(target_key, token);
                    true
                }
                Err(LogtoError::OAuth { code, description }) => {
                    user.api_errors
                        .insert(target_key, format!("{code}: {description}"));
                    true
                }
                Err(_) => false,
            };
        match self
            .locked_grant(logto, Some(target), Why::ApiToken, needed, Box::new(apply))
            .await?
        {
            Ok(_) | Err(LogtoError::OAuth { .. }) => Ok(()),
            Err(other) => Err(AppError::Logto(other)),
        }
    }
}
