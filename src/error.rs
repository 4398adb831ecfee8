//! One error type for every handler, one mapping to a status and one error page.
//!
//! The page says what happened in words a user understands and offers a way forward; the log
//! gets the cause chain. Nothing internal (tokens, Logto's answers, store errors) reaches the page.
//! Most failures are the SDK's ([`logto_axum::Error`], with its status and page kind); this app
//! adds its own few.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use logto_axum::{
    ErrorKind,
    session::{AttemptError, StoreError},
};
use logto_core::{LogtoError, params::InvalidSignIn};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The Logto settings are missing: the setup page explains what to do.
    #[error("Logto is not configured")]
    NotConfigured,
    /// A query string we cannot read (repeated or malformed fields).
    #[error("unreadable query string: {0}")]
    BadQuery(String),
    #[error("no such page")]
    NotFound,
    /// What the SDK's operations report.
    #[error(transparent)]
    Sdk(#[from] logto_axum::Error),
}

impl From<LogtoError> for AppError {
    fn from(err: LogtoError) -> Self {
        Self::Sdk(err.into())
    }
}

impl From<InvalidSignIn> for AppError {
    fn from(err: InvalidSignIn) -> Self {
        Self::Sdk(err.into())
    }
}

impl From<AttemptError> for AppError {
    fn from(err: AttemptError) -> Self {
        Self::Sdk(err.into())
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        Self::Sdk(err.into())
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotConfigured => StatusCode::SERVICE_UNAVAILABLE,
            Self::BadQuery(_) => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Sdk(err) => err.status(),
        }
    }

    /// The catalogue keys of the page's title and message (`error-<kind>-title`/`-message`).
    /// Never the cause's text.
    fn page_kind(&self) -> &'static str {
        match self {
            Self::NotConfigured => "not-configured",
            Self::BadQuery(_) => "bad-query",
            Self::NotFound => "not-found",
            Self::Sdk(err) => err.kind(),
        }
    }

    /// The error and its causes on one line.
    fn chain(&self) -> String {
        match self {
            Self::Sdk(err) => err.chain(),
            other => other.to_string(),
        }
    }
}

impl IntoResponse for AppError {
    /// Logs the cause and hands the page to [`crate::pages::error_page::render`], which knows
    /// the visitor's language (this impl has no request to read it from).
    fn into_response(self) -> Response {
        let status = self.status();
        if matches!(&self, Self::Sdk(logto_axum::Error::SessionStore(err)) if !matches!(err, StoreError::LockLost))
        {
            logto_axum::metrics::session_store_error();
        }
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
            .insert(ErrorKind(self.page_kind()));
        response
    }
}
