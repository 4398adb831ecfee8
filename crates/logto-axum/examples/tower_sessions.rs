//! An app that already keeps its visitors' sessions with tower-sessions, with Logto sign-in
//! added: the browser's session stays the app's tower-sessions session (here it counts visits),
//! and the SDK keeps in it only a sealed pointer to its own record, where the tokens are.
//!
//! ```sh
//! LOGTO_ENDPOINT=https://abc123.logto.app LOGTO_APP_ID=… LOGTO_APP_SECRET=… \
//!   cargo run -p logto-axum --features tower-sessions --example tower_sessions
//! ```
//! In the Logto console, register `http://localhost:3000/callback` as a redirect URI and
//! `http://localhost:3000/` as a post sign-out redirect URI.

use axum::{Router, http::StatusCode, middleware, response::Html, routing::get};
use logto_axum::{
    Error, Logto, LogtoClient, SignedIn,
    logto_core::{BaseUrl, LogtoSettings},
};
use tower_sessions::{MemoryStore, Session, SessionManagerLayer, SessionStore, cookie::SameSite};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let settings = LogtoSettings::from_env()?
        .ok_or("set LOGTO_ENDPOINT, LOGTO_APP_ID and LOGTO_APP_SECRET")?;
    let logto = Logto::builder(settings, BaseUrl::parse("http://localhost:3000")?)
        // The browser's session is the app's tower-sessions session, not the SDK's cookie.
        .use_tower_sessions()
        .build()
        .await?;
    logto.spawn_background_tasks();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    // Any tower-sessions store does (SQL, Redis, …): it only ever holds the SDK's pointer.
    axum::serve(listener, app(logto, MemoryStore::default())).await?;
    Ok(())
}

/// The pages and the SDK's routes, inside the app's own session layer. `session_cookies` stays:
/// sign-ins in flight still travel in the SDK's own short-lived cookies.
pub fn app(logto: Logto, store: impl SessionStore + Clone) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/account", get(account))
        .with_state(logto.clone())
        .merge(logto.router())
        .layer(middleware::from_fn(logto_axum::session_cookies))
        // Lax, not tower-sessions' default Strict: the browser must send the session along the
        // redirect back from Logto, which starts on Logto's site.
        .layer(
            SessionManagerLayer::new(store)
                .with_same_site(SameSite::Lax)
                .with_secure(false), // http://localhost; keep the default (true) over https
        )
}

/// The app's own data in its own session, as before Logto came, beside who is signed in.
async fn home(logto: LogtoClient, session: Session) -> Result<Html<String>, StatusCode> {
    let visits = session
        .get::<u64>("visits")
        .await
        .ok()
        .flatten()
        .unwrap_or(0)
        + 1;
    session
        .insert("visits", visits)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let who = match (logto.id_token_claims(), logto.csrf_token()) {
        (Some(user), Some(csrf)) => format!(
            "<p>Hello, {}. <a href=\"/account\">Your account</a></p>\
             <form method=\"post\" action=\"/sign-out\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>Sign out</button></form>",
            escape(user.display_name()),
            escape(csrf),
        ),
        _ => "<p><a href=\"/sign-in\">Sign in</a></p>".into(),
    };
    Ok(Html(format!("<p>Visits: {visits}</p>{who}")))
}

/// Only for signed-in users. The access token is refreshed here when it is about to expire, once
/// however many requests ask at the same time: under the SDK's lock, in the SDK's store.
async fn account(SignedIn(mut logto): SignedIn) -> Result<Html<String>, Error> {
    let ready = logto.access_token().await?.is_some();
    let email = logto.id_token_claims().and_then(|u| u.email.clone());
    Ok(Html(format!(
        "<p>Your email: {}</p><p>Access token: {}</p><p><a href=\"/\">Home</a></p>",
        escape(email.as_deref().unwrap_or("none")),
        if ready { "ready" } else { "none" },
    )))
}

/// HTML-escapes text from users (names and emails are theirs to choose).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
