//! `GET /sign-in`: remember a new sign-in attempt (in its own sealed cookie, never in the store)
//! and send the browser to Logto.

use axum::{
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::{return_to::same_origin_path, routes::SignInRequest};

use super::AuthSession;
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    pages::{SetupPage, origin::other_local_origin},
    state::AppState,
};

#[tracing::instrument(skip_all)]
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    mut session: AuthSession,
) -> Result<Response, AppError> {
    let Some(logto) = state.logto.as_deref() else {
        let t = Tr::new(Lang::from_headers(&headers));
        return Ok((
            StatusCode::SERVICE_UNAVAILABLE,
            SetupPage::new(&state.config.base_url, t),
        )
            .into_response());
    };
    // Opened at another local origin than APP_BASE_URL's (localhost and 127.0.0.1 are different
    // origins to Logto and to cookies): start over on the configured one, once.
    if other_local_origin(&headers, &state.config.base_url).is_some()
        && !query
            .as_deref()
            .unwrap_or_default()
            .contains("origin_checked=1")
    {
        let mut to = format!("{}/sign-in?origin_checked=1", state.config.base_url);
        if let Some(query) = query.as_deref().filter(|q| !q.is_empty()) {
            to.push('&');
            to.push_str(query);
        }
        // A query that would not make a header value (it cannot, from a parsed URI; checked all
        // the same, since `Redirect::to` would panic) is simply not carried over.
        if axum::http::HeaderValue::from_str(&to).is_err() {
            to = format!("{}/sign-in?origin_checked=1", state.config.base_url);
        }
        tracing::info!("sign-in started at another local origin than APP_BASE_URL; sent there");
        return Ok(Redirect::to(&to).into_response());
    }
    let SignInRequest {
        mut options,
        return_to,
    } = SignInRequest::from_request(&headers, query.as_deref())?;
    // A language picked with the switcher goes first, so Logto's pages match ours; the browser's
    // other languages follow as Logto's own fallbacks.
    if let Some(chosen) = Lang::chosen(&headers) {
        options
            .ui_locales
            .retain(|tag| !tag.eq_ignore_ascii_case(chosen.tag()));
        options.ui_locales.insert(0, chosen.tag().to_string());
        options.ui_locales.truncate(3);
    }
    let return_to = match return_to.as_deref() {
        None => "/".to_string(),
        Some(raw) => same_origin_path(raw).unwrap_or_else(|| {
            tracing::warn!("ignored a return_to that leaves the site");
            "/".to_string()
        }),
    };

    let url = session.begin_sign_in(logto, &options, return_to).await?;
    Ok(Redirect::to(url.as_str()).into_response())
}
