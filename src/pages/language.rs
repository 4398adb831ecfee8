//! `GET /language?lang=fr&return_to=/`: the language switcher. The choice is remembered in a
//! cookie of its own (not the session, which anonymous visitors do not get) and sent to Logto as
//! `ui_locales`, so Logto's pages match.

use axum::{
    extract::{RawQuery, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use logto_axum::return_to::same_origin_path;

use crate::{
    error::AppError,
    i18n::{LANG_COOKIE, Lang},
    query::parse_query,
    state::AppState,
};

#[derive(Deserialize)]
struct LanguageQuery {
    lang: String,
    return_to: Option<String>,
}

pub async fn switch(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let query: LanguageQuery = parse_query(query.as_deref())?;
    let lang = Lang::from_tag(&query.lang)
        .ok_or_else(|| AppError::BadQuery(format!("unknown language {:?}", query.lang)))?;
    let back = query
        .return_to
        .as_deref()
        .and_then(same_origin_path)
        .unwrap_or_else(|| "/".into());
    let secure = if state.config.base_url.is_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.tag()
    );
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response())
}
