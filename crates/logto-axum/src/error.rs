//! [`Error`]: what can go wrong while signing a user in, keeping them signed in and signing
//! them out, as a caller can match on it: what failed, and whether signing in again helps.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use logto_core::{LogtoError, params::InvalidSignIn};

use crate::session::{AttemptError, StoreError};

/// A failure of the SDK's operations and routes.
///
/// [`Error::status`] is the HTTP status an app should answer with, and [`Error::kind`] a stable
/// name for the page to show (`unknown-sign-in`, `session-ended`…: identifiers that never carry
/// the cause's text). [`Error::sign_in_again_helps`] and [`Error::retry_helps`] say what the
/// user can do about it. Its [`IntoResponse`] logs the cause (through `tracing`: install a
/// subscriber to see it) and answers with the status, a short plain-text body and the
/// [`ErrorKind`] extension, so an app's error-page layer can render its own page.
///
/// New kinds of failure may be added: a `match` needs a `_` arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A query string that cannot be read (repeated or malformed fields).
    #[error("unreadable query string: {0}")]
    BadQuery(String),
    /// `/sign-in` was asked for something that will not be forwarded to Logto (a method, mode,
    /// login hint, organization or prompt Logto would refuse). Not retryable as is.
    #[error("invalid sign-in request: {0}")]
    InvalidSignIn(#[from] InvalidSignIn),
    /// A callback whose `state` matches no sign-in in flight of this browser: replayed,
    /// expired, forged, or started in another browser. Signing in again helps.
    #[error("the callback matches no sign-in in flight")]
    UnknownSignIn(#[from] AttemptError),
    /// A callback with neither `code` nor `error`, or without `state`.
    #[error("the callback is missing its code or state")]
    MalformedCallback,
    /// The user cancelled (`cancelled`) or was refused at Logto; `error` is Logto's code, made
    /// safe for a log line. Signing in again helps.
    #[error("Logto returned `{error}` to the callback")]
    SignInDenied {
        /// Logto's `error` parameter, percent-encoded where it could forge a log field.
        error: String,
        /// True for `access_denied`: the user chose not to go on.
        cancelled: bool,
    },
    /// A form that changes the session did not carry the session's CSRF token.
    #[error("the form's CSRF token is missing or wrong")]
    CsrfMismatch,
    /// Logto failed, refused, or could not be reached; the inner error says which.
    #[error(transparent)]
    Logto(#[from] LogtoError),
    /// Logto no longer honours the session's grant (user removed, grant revoked or expired):
    /// the session was ended. Signing in again helps.
    #[error("the session ended at refresh")]
    SessionEnded(#[source] LogtoError),
    /// The session store failed, or ([`StoreError::LockLost`]) the session was changed or
    /// ended by another request while this one worked, and nothing was written.
    #[error("the session store failed")]
    SessionStore(#[source] StoreError),
    /// A token was asked for an API resource the client is not configured for, or an
    /// organization the user is not a member of.
    #[error("not an API resource of this app or an organization of this user")]
    UnknownApiTarget,
    /// Logto refused a token for an API resource or organization (say `invalid_target` for an
    /// API the user may not use); holds Logto's code and description.
    #[error("Logto refused the token: {0}")]
    TokenRefused(String),
    /// A fault of this process (no random bytes, a task that panicked) or of the app's wiring:
    /// "the session cookie layer is missing" means the router lacks
    /// `.layer(axum::middleware::from_fn(logto_axum::session_cookies))`.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The [`Error::kind`] of an error response, as an extension: an app's error-page layer reads
/// it to render its own page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorKind(pub &'static str);

impl Error {
    /// The status to answer with: 4xx for what the browser or user did, 401 for a session Logto
    /// no longer honours, 409 for a session changed meanwhile, 502 (504 on timeout) when Logto
    /// misbehaves or cannot be reached, 503 when sessions are unavailable, 500 for our faults.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::SessionStore(StoreError::LockLost) => StatusCode::CONFLICT,
            Self::SessionStore(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::BadQuery(_)
            | Self::InvalidSignIn(_)
            | Self::UnknownSignIn(_)
            | Self::MalformedCallback
            | Self::SignInDenied { .. }
            | Self::UnknownApiTarget => StatusCode::BAD_REQUEST,
            Self::CsrfMismatch | Self::TokenRefused(_) => StatusCode::FORBIDDEN,
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
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable name for the page to show, never the cause's text: `bad-query`, `invalid-sign-in`,
    /// `unknown-sign-in`, `malformed-callback`, `sign-in-cancelled`, `sign-in-denied`,
    /// `csrf-mismatch`, `session-ended`, `invalid-grant`, `token-rejected`, `logto-timeout`,
    /// `client-rejected`, `logto-unreachable`, `session-changed`, `session-store`,
    /// `unknown-api-target`, `token-refused` or `internal`.
    pub fn kind(&self) -> &'static str {
        match self {
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
            Self::Logto(err) => logto_kind(err),
            Self::SessionStore(StoreError::LockLost) => "session-changed",
            Self::SessionStore(_) => "session-store",
            Self::UnknownApiTarget => "unknown-api-target",
            Self::TokenRefused(_) => "token-refused",
            Self::Internal(_) => "internal",
        }
    }

    /// Whether the user can get past this by signing in again (as opposed to waiting for Logto
    /// or the store, or fixing the request).
    pub fn sign_in_again_helps(&self) -> bool {
        matches!(
            self,
            Self::UnknownSignIn(_)
                | Self::SignInDenied { .. }
                | Self::SessionEnded(_)
                | Self::MalformedCallback
                | Self::CsrfMismatch
                | Self::SessionStore(StoreError::LockLost)
                | Self::Logto(
                    LogtoError::InvalidGrant(_)
                        | LogtoError::TokenRejected(_)
                        | LogtoError::IssuerMismatch(_)
                )
        )
    }

    /// Whether the same request may succeed a little later, as is: Logto or the session store
    /// failed or could not be reached, or this process did. False for what the browser sent
    /// (a bad query, a sign-in Logto would refuse, a token for an API the app does not know or
    /// Logto refused), which fails the same way every time, and for what signing in again
    /// fixes ([`Error::sign_in_again_helps`]).
    pub fn retry_helps(&self) -> bool {
        if self.sign_in_again_helps() {
            return false;
        }
        matches!(
            self,
            Self::Logto(_) | Self::SessionStore(_) | Self::Internal(_)
        )
    }

    /// The error and its causes on one line, for the log. Never holds a token.
    pub fn chain(&self) -> String {
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

/// The [`Error::kind`] of a failure of Logto's.
pub(crate) fn logto_kind(err: &LogtoError) -> &'static str {
    match err {
        LogtoError::InvalidGrant(_) => "invalid-grant",
        LogtoError::TokenRejected(_) | LogtoError::IssuerMismatch(_) => "token-rejected",
        LogtoError::Timeout => "logto-timeout",
        LogtoError::ClientRejected(_) => "client-rejected",
        _ => "logto-unreachable",
    }
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        Self::SessionStore(err)
    }
}

impl From<getrandom::Error> for Error {
    fn from(err: getrandom::Error) -> Self {
        Self::SessionStore(StoreError::Random(err))
    }
}

impl IntoResponse for Error {
    /// Logs the cause (a warning for 4xx, an error for 5xx) and answers with the status, a short
    /// plain-text body and the [`ErrorKind`].
    fn into_response(self) -> Response {
        let status = self.status();
        if matches!(&self, Self::SessionStore(err) if !matches!(err, StoreError::LockLost)) {
            crate::metrics::session_store_error();
        }
        if status.is_server_error() {
            tracing::error!(status = status.as_u16(), cause = %self.chain(), "request failed");
        } else {
            tracing::warn!(status = status.as_u16(), cause = %self.chain(), "request refused");
        }
        let advice = if self.sign_in_again_helps() {
            "Please sign in again."
        } else if self.retry_helps() {
            "Please try again in a moment."
        } else {
            "This request cannot succeed as sent; please go back to the home page."
        };
        let mut response =
            (status, format!("{} ({}). {advice}\n", status, self.kind())).into_response();
        response.extensions_mut().insert(ErrorKind(self.kind()));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(error: Error) -> String {
        let response = error.into_response();
        let bytes = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .expect("a short body");
        String::from_utf8(bytes.to_vec()).expect("text")
    }

    #[tokio::test]
    async fn a_token_for_an_api_the_app_does_not_know_is_not_sold_as_worth_a_retry() {
        let error = Error::UnknownApiTarget;
        assert!(!error.retry_helps());
        assert!(!error.sign_in_again_helps());
        let text = body(error).await;
        assert!(text.contains("cannot succeed as sent"), "{text}");
        assert!(!text.contains("try again"), "{text}");
    }

    #[tokio::test]
    async fn logto_out_of_reach_is_worth_a_retry_and_an_ended_session_a_new_sign_in() {
        let unreachable = Error::Logto(LogtoError::Timeout);
        assert!(unreachable.retry_helps());
        assert!(body(unreachable).await.contains("try again in a moment"));
        let ended = Error::SessionEnded(LogtoError::Timeout);
        assert!(!ended.retry_helps());
        assert!(body(ended).await.contains("Please sign in again."));
    }
}
