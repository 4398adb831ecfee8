//! One error type for every handler, one mapping to a status and one error page.
//!
//! The page says what happened in words a user understands and offers a way forward; the log
//! gets the cause chain. Nothing internal (tokens, Logto's answers, store errors) reaches the page.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

use crate::{logto::LogtoError, logto::params::InvalidSignIn, pages::ErrorPage};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The Logto settings are missing: the setup page explains what to do.
    #[error("Logto is not configured")]
    NotConfigured,
    /// `/sign-in` was asked for something we will not forward to Logto.
    #[error("invalid sign-in request: {0}")]
    InvalidSignIn(#[from] InvalidSignIn),
    /// A query string we cannot read (repeated or malformed fields).
    #[error("unreadable query string: {0}")]
    BadQuery(String),
    /// A callback whose `state` matches no sign-in in flight: replayed, expired, forged, or
    /// started in another browser.
    #[error("no sign-in in flight matches this callback's state")]
    UnknownSignIn,
    /// A callback with neither `code` nor `error`.
    #[error("the callback is missing its code or state")]
    MalformedCallback,
    /// The user cancelled (or was refused) at Logto.
    #[error("Logto returned `{error}` to the callback")]
    SignInDenied { error: String, cancelled: bool },
    /// `POST /sign-out` without the right CSRF token.
    #[error("the sign-out form's CSRF token is missing or wrong")]
    CsrfMismatch,
    #[error(transparent)]
    Logto(#[from] LogtoError),
    /// Logto no longer honours the session's grant (user removed, grant revoked or expired).
    #[error("the session ended at refresh")]
    SessionEnded(#[source] LogtoError),
    #[error("the session store failed")]
    SessionStore(#[source] tower_sessions::session::Error),
    #[error("no such page")]
    NotFound,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotConfigured | Self::SessionStore(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::BadQuery(_)
            | Self::InvalidSignIn(_)
            | Self::UnknownSignIn
            | Self::MalformedCallback
            | Self::SignInDenied { .. } => StatusCode::BAD_REQUEST,
            Self::CsrfMismatch => StatusCode::FORBIDDEN,
            Self::SessionEnded(_) => StatusCode::UNAUTHORIZED,
            Self::Logto(e) => match e {
                LogtoError::InvalidGrant(_) | LogtoError::IssuerMismatch(_) => {
                    StatusCode::BAD_REQUEST
                }
                LogtoError::TokenRejected(_) => StatusCode::UNAUTHORIZED,
                LogtoError::Timeout => StatusCode::GATEWAY_TIMEOUT,
                LogtoError::Unreachable(_)
                | LogtoError::Discovery(_)
                | LogtoError::BadResponse(_)
                | LogtoError::ClientRejected(_)
                | LogtoError::OAuth(_) => StatusCode::BAD_GATEWAY,
            },
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Title and explanation for the user. Never includes the cause's text.
    fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Self::NotConfigured => (
                "Sign-in is not set up yet",
                "This app has no Logto settings yet. The home page explains what to set.",
            ),
            Self::BadQuery(_) => (
                "That link is not valid",
                "The address has parameters this app cannot read. Start again from the home page.",
            ),
            Self::InvalidSignIn(_) => (
                "That sign-in link is not valid",
                "The sign-in link asked for something this app does not offer. Start again from the home page.",
            ),
            Self::UnknownSignIn => (
                "This sign-in has expired or was already used",
                "Sign-in links work once and for ten minutes, in the browser that started them. Please sign in again.",
            ),
            Self::MalformedCallback => (
                "The sign-in response was incomplete",
                "Logto's answer did not contain what this app needs. Please sign in again.",
            ),
            Self::SignInDenied {
                cancelled: true, ..
            } => (
                "Sign-in was cancelled",
                "You left the sign-in before it finished, so you are still signed out. You can try again whenever you like.",
            ),
            Self::SignInDenied { .. } => (
                "Logto could not sign you in",
                "The sign-in did not complete. Please try again; if it keeps happening, contact the site's team.",
            ),
            Self::CsrfMismatch => (
                "Sign-out was not confirmed",
                "The sign-out form was stale or did not come from this site. Use the sign-out button again.",
            ),
            Self::SessionEnded(_) => (
                "Please sign in again",
                "Your session has ended: Logto no longer accepts it (it may have expired or been revoked). Sign in again to continue.",
            ),
            Self::Logto(LogtoError::InvalidGrant(_)) => (
                "This sign-in has expired",
                "Logto no longer accepts this sign-in (it was used already or took too long). Please sign in again.",
            ),
            Self::Logto(LogtoError::TokenRejected(_) | LogtoError::IssuerMismatch(_)) => (
                "We could not verify your sign-in",
                "The answer from the sign-in service failed our security checks, so you were not signed in. Please sign in again.",
            ),
            Self::Logto(LogtoError::Timeout) => (
                "Logto is taking too long",
                "The sign-in service did not answer in time. Please try again in a moment.",
            ),
            Self::Logto(LogtoError::ClientRejected(_)) => (
                "Sign-in is misconfigured",
                "Logto did not accept this app's credentials. The site's team needs to check its settings.",
            ),
            Self::Logto(_) => (
                "Logto is unreachable",
                "The sign-in service is not answering properly right now. Please try again in a moment.",
            ),
            Self::SessionStore(_) => (
                "Sessions are unavailable",
                "This app cannot reach its session storage right now. Please try again in a moment.",
            ),
            Self::NotFound => (
                "Page not found",
                "There is no page at this address. The home page has everything this app offers.",
            ),
            Self::Internal(_) => (
                "Something went wrong",
                "This is our fault. Please try again.",
            ),
        }
    }

    /// The error and its causes on one line.
    fn chain(&self) -> String {
        match self {
            Self::Logto(e) => e.chain(),
            other => {
                let mut text = other.to_string();
                let mut source = std::error::Error::source(other);
                while let Some(cause) = source {
                    text.push_str(": ");
                    text.push_str(&cause.to_string());
                    source = cause.source();
                }
                text
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        // Inside the request span, so the line carries the request id, method and path.
        if status.is_server_error() {
            tracing::error!(status = status.as_u16(), cause = %self.chain(), "request failed");
        } else {
            tracing::warn!(status = status.as_u16(), cause = %self.chain(), "request refused");
        }
        let (title, message) = self.describe();
        (status, ErrorPage::new(title, message)).into_response()
    }
}
