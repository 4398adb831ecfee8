//! `POST /account/name`: the user renames themselves through Logto's Account API (the name field
//! set to Edit in the Account Center). Logto's refusal is shown as Logto words it.

use axum::{
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::CsrfProtected;
use logto_core::account::{AccountError, AccountUpdate};
use serde::Deserialize;

use super::AuthSession;
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    pages::{AccountRefusedPage, account::RETURN_QUERY},
    state::AppState,
};

#[derive(Deserialize)]
pub struct NameForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

impl CsrfProtected for NameForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn rename(
    State(state): State<AppState>,
    lang: Lang,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(form) = session.checked_form::<NameForm>(&body)? else {
        return Ok(Redirect::to("/").into_response());
    };
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    // The Account API takes the sign-in's access token for Logto: a live one.
    session.refresh_if_needed(logto).await?;
    let Some(access_token) = session.user().map(|user| user.access_token.clone()) else {
        return Ok(Redirect::to("/").into_response());
    };
    let update = AccountUpdate {
        name: Some(form.name.trim().to_string()),
        ..Default::default()
    };
    match logto.update_my_account(&access_token, &update).await {
        Ok(_) => Ok(Redirect::to(&format!("/?{RETURN_QUERY}")).into_response()),
        Err(AccountError::Logto(err)) => Err(err.into()),
        Err(refused) => {
            tracing::warn!(cause = %refused, "Logto refused to rename the user");
            let message = refused.logto_message().unwrap_or_default().to_string();
            let page = AccountRefusedPage {
                t: Tr::new(lang),
                title: "account-refused-title",
                message,
            };
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}
