//! One error type for every handler, one mapping to a status and one error page.
//!
//! The page says what happened in words a user understands and offers a way forward; the log
//! gets the cause chain. Nothing internal (tokens, Logto's answers, store errors) reaches the page.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

use logto_core::{LogtoError, params::InvalidSignIn};

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
    /// started in another browser (the cause says which).
    #[error("the callback matches no sign-in in flight")]
    UnknownSignIn(#[from] crate::session::AttemptError),
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
    SessionStore(#[source] crate::session::StoreError),
    #[error("no such page")]
    NotFound,
    /// A token was asked for an API this app is not configured for, or an organization the
    /// user is not a member of.
    #[error("not an API resource of this app or an organization of this user")]
    UnknownApiTarget,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            // Another request (or Logto's back-channel logout) changed the session meanwhile.
            Self::SessionStore(crate::session::StoreError::LockLost) => StatusCode::CONFLICT,
            Self::NotConfigured | Self::SessionStore(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::BadQuery(_)
            | Self::InvalidSignIn(_)
            | Self::UnknownSignIn(_)
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
                | LogtoError::KeysUnavailable(_)
                | LogtoError::OAuth { .. } => StatusCode::BAD_GATEWAY,
            },
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::UnknownApiTarget => StatusCode::BAD_REQUEST,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The catalogue keys of the page's title and message (`error-<kind>-title`/`-message`).
    /// Never the cause's text.
    fn page_kind(&self) -> &'static str {
        match self {
            Self::NotConfigured => "not-configured",
            Self::BadQuery(_) => "bad-query",
            Self::InvalidSignIn(_) => "invalid-sign-in",
            Self::UnknownSignIn(_) => "unknown-sign-in",
            Self::MalformedCallback => "malformed-callback",
            Self::SignInDenied {
                cancelled: true, ..
            } => "sign-in-cancelled",
            Self::SignInDenied { .. } => "sign-in-denied",
            Self::CsrfMismatch => "csrf-mismatch",
            Self::SessionEnded(_) => "session-ended",
            Self::Logto(LogtoError::InvalidGrant(_)) => "invalid-grant",
            Self::Logto(LogtoError::TokenRejected(_) | LogtoError::IssuerMismatch(_)) => {
                "token-rejected"
            }
            Self::Logto(LogtoError::Timeout) => "logto-timeout",
            Self::Logto(LogtoError::ClientRejected(_)) => "client-rejected",
            Self::Logto(_) => "logto-unreachable",
            Self::SessionStore(crate::session::StoreError::LockLost) => "session-changed",
            Self::SessionStore(_) => "session-store",
            Self::NotFound => "not-found",
            Self::UnknownApiTarget => "unknown-api-target",
            Self::Internal(_) => "internal",
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
    /// Logs the cause and hands the page to [`crate::pages::error_page::render`], which knows
    /// the visitor's language (this impl has no request to read it from).
    fn into_response(self) -> Response {
        let status = self.status();
        // With the request's id, so the cause can be matched with the request's own line.
        let request_id = crate::telemetry::request_id();
        if status.is_server_error() {
            tracing::error!(%request_id, status = status.as_u16(), cause = %self.chain(), "request failed");
        } else {
            tracing::warn!(%request_id, status = status.as_u16(), cause = %self.chain(), "request refused");
        }
        let mut response = status.into_response();
        response
            .extensions_mut()
            .insert(ErrorPageKind(self.page_kind()));
        response
    }
}

/// Which error page a response should carry: the `<kind>` of `error-<kind>-title`.
#[derive(Clone, Copy, Debug)]
pub struct ErrorPageKind(pub &'static str);
