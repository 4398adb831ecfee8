//! Turns error responses into the error page, in the visitor's language.
//!
//! Handlers fail with [`AppError`](crate::error::AppError), whose response carries only a
//! status and an [`ErrorKind`]; [`crate::frame`], which saw the request, renders the page
//! with [`render`]. Bare error responses (a timeout's 504, axum's 405 or a rejected extractor's
//! 400) get a page too, chosen by status.

use axum::{
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

use logto_axum::ErrorKind;

use super::ErrorPage;
use crate::{
    i18n::{Lang, Tr},
    inspect::InspectorLink,
};

/// What the error page needs of the request: the headers its language is chosen from, kept
/// before the request is handed to its handler.
///
/// Negotiating the language costs a parse of Accept-Language: keep what it needs (cheap header
/// clones) and negotiate only for an error page, not on every page view.
pub struct LanguageHints(HeaderMap);

impl LanguageHints {
    pub fn of(headers: &HeaderMap) -> Self {
        let mut kept = HeaderMap::new();
        for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
            for value in headers.get_all(&name) {
                kept.append(name.clone(), value.clone());
            }
        }
        Self(kept)
    }
}

/// `response` with the error page as its body when it is an error without a page; as it is
/// otherwise.
pub fn render(response: Response, hints: &LanguageHints) -> Response {
    let status = response.status();
    let kind = match response.extensions().get::<ErrorKind>() {
        Some(ErrorKind(kind)) => *kind,
        None if is_bare_error(&response) => match status {
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => "not-found",
            StatusCode::GATEWAY_TIMEOUT => "logto-timeout",
            s if s.is_server_error() => "internal",
            _ => "bad-query",
        },
        None => return response,
    };
    let t = Tr::new(Lang::from_headers(&hints.0));
    let page = ErrorPage {
        title: t.t(&format!("error-{kind}-title")).into_owned(),
        message: t.t(&format!("error-{kind}-message")).into_owned(),
        inspect: response.extensions().get::<InspectorLink>().is_some(),
        t,
    };
    // Keep the status and the headers set so far (request id, security headers); take the
    // page's body and content type.
    let (mut parts, _) = response.into_parts();
    let (rendered, body) = page.into_response().into_parts();
    parts.headers.extend(rendered.headers);
    (parts, body).into_response()
}

/// An error status with no page of its own (no content type).
fn is_bare_error(response: &Response) -> bool {
    (response.status().is_client_error() || response.status().is_server_error())
        && !response
            .headers()
            .contains_key(axum::http::header::CONTENT_TYPE)
}
