//! Turns error responses into the error page, in the visitor's language.
//!
//! Handlers fail with [`AppError`](crate::error::AppError), whose response carries only a
//! status and an [`ErrorPageKind`]; this middleware, which sees the request, renders the page.
//! Bare error responses from the layers (a timeout's 504, the session layer's 500, axum's 405)
//! get a page too, chosen by status.

use axum::{
    extract::Request,
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::ErrorPage;
use crate::{
    error::ErrorPageKind,
    i18n::{Lang, Tr},
    inspect::InspectorLink,
};

pub async fn render(request: Request, next: Next) -> Response {
    // Negotiating the language costs a parse of Accept-Language: keep what it needs (two cheap
    // header clones) and negotiate only for an error page, not on every page view.
    let mut language_headers = HeaderMap::new();
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
        for value in request.headers().get_all(&name) {
            language_headers.append(name.clone(), value.clone());
        }
    }
    let response = next.run(request).await;
    let status = response.status();
    let kind = match response.extensions().get::<ErrorPageKind>() {
        Some(ErrorPageKind(kind)) => *kind,
        None if is_bare_error(&response) => match status {
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => "not-found",
            StatusCode::GATEWAY_TIMEOUT => "logto-timeout",
            s if s.is_server_error() => "internal",
            _ => "bad-query",
        },
        None => return response,
    };
    let t = Tr::new(Lang::from_headers(&language_headers));
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
