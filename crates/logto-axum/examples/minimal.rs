//! A whole app with Logto sign-in: a home page showing the user, sign-in and sign-out, a page
//! only signed-in users see, and an access token for an API resource.
//!
//! ```sh
//! LOGTO_ENDPOINT=https://abc123.logto.app LOGTO_APP_ID=… LOGTO_APP_SECRET=… \
//! LOGTO_RESOURCES=https://api.example.com cargo run -p logto-axum --example minimal
//! ```
//! In the Logto console, register `http://localhost:3000/callback` as a redirect URI and
//! `http://localhost:3000/` as a post sign-out redirect URI.

use axum::{Router, extract::State, middleware, response::Html, routing::get};
use logto_axum::{
    Error, Logto, LogtoClient, SignedIn,
    logto_core::{BaseUrl, LogtoSettings},
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let settings = LogtoSettings::from_env()?
        .ok_or("set LOGTO_ENDPOINT, LOGTO_APP_ID and LOGTO_APP_SECRET")?;
    let logto = Logto::builder(settings, BaseUrl::parse("http://localhost:3000")?)
        .build()
        .await?;
    logto.spawn_background_tasks();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(logto)).await?;
    Ok(())
}

/// The pages, the SDK's routes (`/sign-in`, `/callback`, `/sign-out`, `/backchannel-logout`),
/// and the layer that sets the session's cookies.
pub fn app(logto: Logto) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/account", get(account))
        .route("/api-token", get(api_token))
        .with_state(logto.clone())
        .merge(logto.router())
        .layer(middleware::from_fn(logto_axum::session_cookies))
}

async fn home(logto: LogtoClient) -> Html<String> {
    Html(match (logto.id_token_claims(), logto.csrf_token()) {
        (Some(user), Some(csrf)) => format!(
            "<p>Hello, {}.</p><p><a href=\"/account\">Your account</a> · \
             <a href=\"/api-token\">An API token</a></p>\
             <form method=\"post\" action=\"/sign-out\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>Sign out</button></form>",
            escape(user.display_name()),
            escape(csrf),
        ),
        _ => "<p><a href=\"/sign-in\">Sign in</a></p>".into(),
    })
}

/// Only for signed-in users: others are sent to sign in, and come back here after.
async fn account(SignedIn(logto): SignedIn) -> Html<String> {
    let user = logto.id_token_claims();
    let email = user.and_then(|u| u.email.as_deref()).unwrap_or("no email");
    Html(format!(
        "<p>Your email: {}</p><p><a href=\"/\">Home</a></p>",
        escape(email)
    ))
}

/// A token for the first configured API resource (never shown: send it to the API as
/// `Authorization: Bearer …`).
async fn api_token(
    State(app): State<Logto>,
    SignedIn(mut logto): SignedIn,
) -> Result<Html<String>, Error> {
    let Some(resource) = app.client().settings().resources.first() else {
        return Ok(Html(
            "<p>Set LOGTO_RESOURCES to an API identifier.</p>".into(),
        ));
    };
    let token = logto.resource_token(resource).await?;
    Ok(Html(match token {
        Some(token) => format!(
            "<p>Got a token for {} ({} characters).</p>",
            escape(resource),
            token.len()
        ),
        None => "<p>No token.</p>".into(),
    }))
}

/// HTML-escapes text from users (names and emails are theirs to choose).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
