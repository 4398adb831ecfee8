//! The routes an app mounts ([`Logto::router`]): `GET /sign-in`, `GET /callback`,
//! `POST /sign-out` and `POST /backchannel-logout`, each a few lines over the operations of
//! [`LogtoClient`]; and [`session_cookies`], the middleware that sets the cookies they queue.

mod backchannel;

use axum::{
    Router,
    body::Bytes,
    extract::{RawQuery, Request},
    http::{HeaderMap, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use logto_core::params::{self, SignInOptions, sign_in_options};
use serde::Deserialize;

pub use backchannel::backchannel_logout;

use crate::{
    Error, Logto, LogtoClient,
    session::{CsrfForm, cookies::ResponseCookies},
};

impl Logto {
    /// The SDK's routes, with their state: merge them into the app's router, and add the
    /// [`session_cookies`] layer around everything that takes a [`LogtoClient`].
    ///
    /// ```no_run
    /// # fn app(logto: logto_axum::Logto) -> axum::Router {
    /// use axum::{Router, middleware, routing::get};
    ///
    /// Router::new()
    ///     .route("/", get(|| async { "home" }))
    ///     .with_state(logto.clone())
    ///     .merge(logto.router())
    ///     .layer(middleware::from_fn(logto_axum::session_cookies))
    /// # }
    /// ```
    pub fn router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let paths = self.paths();
        Router::new()
            .route(&paths.sign_in, get(sign_in))
            .route(&paths.callback, get(callback))
            .route(&paths.sign_out, post(sign_out))
            .route(&paths.backchannel_logout, post(backchannel_logout))
            .with_state(self.clone())
    }
}

/// Sets the cookies the session queued during the request (session, attempts, binding) on
/// whatever response comes out, error responses included.
pub async fn session_cookies(mut request: Request, next: Next) -> Response {
    let cookies = ResponseCookies::default();
    request.extensions_mut().insert(cookies.clone());
    let mut response = next.run(request).await;
    cookies.append_to(response.headers_mut());
    response
}

/// What `GET /sign-in` reads: how to sign in, and where to go after.
#[derive(Deserialize)]
struct SignInQuery {
    /// `email`, `phone`, or a social connector such as `huggingface`.
    method: Option<String>,
    /// `sign-up` for Logto's sign-up screen.
    mode: Option<String>,
    login_hint: Option<String>,
    return_to: Option<String>,
    organization_id: Option<String>,
    /// `login` to sign in again even with a live Logto session.
    prompt: Option<String>,
}

/// A sign-in as `GET /sign-in?…` asks for it: Logto's options, checked, and where to go after.
pub struct SignInRequest {
    /// Logto's parameters (first screen, identifier, direct sign-in, login hint, organization,
    /// prompt), with `ui_locales` from the browser's `Accept-Language`.
    pub options: SignInOptions,
    /// `return_to`, as sent: [`LogtoClient::sign_in`] keeps it only if it is a path on this
    /// site.
    pub return_to: Option<String>,
}

impl SignInRequest {
    /// Reads `/sign-in`'s query (`method`, `mode`, `login_hint`, `return_to`,
    /// `organization_id`, `prompt`) and the request's `Accept-Language`; anything Logto would
    /// refuse is refused here.
    pub fn from_request(headers: &HeaderMap, query: Option<&str>) -> Result<Self, Error> {
        let query: SignInQuery = serde_urlencoded::from_str(query.unwrap_or_default())
            // serde's message may quote what the browser sent: made safe for a log line.
            .map_err(|e| Error::BadQuery(params::loggable(&e.to_string(), 200)))?;
        let accept_language = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        let mut options = sign_in_options(
            query.method.as_deref(),
            query.mode.as_deref(),
            query.login_hint.as_deref(),
            accept_language,
        )?;
        options.organization_id = params::organization_id(query.organization_id.as_deref())?;
        options.reauthenticate = params::reauthenticate(query.prompt.as_deref())?;
        Ok(Self {
            options,
            return_to: query.return_to,
        })
    }
}

/// `GET /sign-in`: remember a new attempt (in its own cookie) and send the browser to Logto.
async fn sign_in(
    mut logto: LogtoClient,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Redirect, Error> {
    let request = SignInRequest::from_request(&headers, query.as_deref())?;
    logto
        .sign_in(&request.options, request.return_to.as_deref())
        .await
}

/// `GET /callback`: Logto sends the browser back here with a code (or an error).
async fn callback(mut logto: LogtoClient, RawQuery(query): RawQuery) -> Result<Redirect, Error> {
    logto.handle_sign_in_callback(query.as_deref()).await
}

/// `POST /sign-out`: with the session's CSRF token (no signing people out from other sites).
async fn sign_out(mut logto: LogtoClient, body: Bytes) -> Result<Response, Error> {
    if logto.session().checked_form::<CsrfForm>(&body)?.is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(logto.sign_out().await?.into_response())
}
