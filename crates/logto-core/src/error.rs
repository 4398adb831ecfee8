//! What can go wrong when talking to Logto, sorted by whose fault it is.

use std::error::Error as _;

use openidconnect::{
    ClaimsVerificationError, DiscoveryError, HttpClientError, RequestTokenError,
    StandardErrorResponse, core::CoreErrorResponseType,
};

type HttpError = HttpClientError<reqwest::Error>;

/// Why a call to Logto, or a check of what it sent, failed. [`InvalidGrant`](Self::InvalidGrant),
/// [`IssuerMismatch`](Self::IssuerMismatch) and [`TokenRejected`](Self::TokenRejected) are about
/// this sign-in or session, and signing in again usually helps; the other variants are about
/// Logto's availability, its answers or the app's configuration, and signing in again does not.
#[derive(Debug, thiserror::Error)]
pub enum LogtoError {
    /// Logto could not be reached (connection refused, DNS, TLS…).
    #[error("Logto could not be reached")]
    Unreachable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Logto did not answer within the configured timeout.
    #[error("Logto did not answer in time")]
    Timeout,
    /// The discovery document or key set is unusable (wrong issuer, no keys…).
    #[error("Logto's discovery document is unusable: {0}")]
    Discovery(String),
    /// Logto answered with something that is not the protocol (5xx, malformed JSON…).
    #[error("Logto answered unexpectedly: {0}")]
    BadResponse(String),
    /// Logto refused the grant: the code or refresh token is expired, used or revoked.
    #[error("Logto refused the grant (invalid_grant): {0}")]
    InvalidGrant(String),
    /// Logto refused this app's credentials: LOGTO_APP_ID / LOGTO_APP_SECRET are wrong.
    #[error("Logto refused the app's credentials ({0})")]
    ClientRejected(String),
    /// Another OAuth error from the token endpoint (e.g. `invalid_target` for an API the user
    /// may not access), with Logto's description.
    #[error("Logto's token endpoint answered `{code}`: {description}")]
    OAuth {
        /// The OAuth error code, e.g. `invalid_target` or `invalid_scope`.
        code: String,
        /// Logto's `error_description`; empty when it sent none.
        description: String,
    },
    /// The callback's `iss` parameter is missing or names another issuer (RFC 9207).
    #[error("the callback's issuer is wrong: {0}")]
    IssuerMismatch(String),
    /// The ID token (or userinfo) failed verification: it must not be trusted.
    #[error("the token from Logto failed verification: {0}")]
    TokenRejected(String),
    /// A token names a key we have not seen and Logto's keys could not be fetched (or, for a
    /// token anyone can send, were fetched moments ago): the token could not be checked at all.
    /// Our problem, not the user's: it must not end a session.
    #[error("Logto's signing keys could not be fetched: {0}")]
    KeysUnavailable(String),
}

impl LogtoError {
    /// The error and its causes on one line, for logs.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut source = self.source();
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }

    pub(crate) fn from_http(err: HttpError) -> Self {
        match err {
            HttpClientError::Reqwest(e) => Self::from_reqwest(*e),
            other => Self::Unreachable(Box::new(other)),
        }
    }

    /// A call that never got an answer: a timeout, or Logto unreachable.
    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Self::Timeout
        } else {
            Self::Unreachable(Box::new(err))
        }
    }

    pub(crate) fn from_discovery(err: DiscoveryError<HttpError>) -> Self {
        match err {
            DiscoveryError::Request(e) => Self::from_http(e),
            DiscoveryError::Response(status, _, message) => {
                Self::BadResponse(format!("discovery: HTTP {status}: {message}"))
            }
            DiscoveryError::Parse(e) => Self::BadResponse(format!("discovery: {e}")),
            DiscoveryError::Validation(message) => Self::Discovery(message),
            other => Self::Discovery(other.to_string()),
        }
    }

    pub(crate) fn from_token(
        err: RequestTokenError<HttpError, StandardErrorResponse<CoreErrorResponseType>>,
    ) -> Self {
        match err {
            RequestTokenError::Request(e) => Self::from_http(e),
            RequestTokenError::ServerResponse(response) => {
                let code = response.error().as_ref().to_string();
                let detail = response.error_description().cloned().unwrap_or_default();
                match response.error() {
                    CoreErrorResponseType::InvalidGrant => Self::InvalidGrant(detail),
                    CoreErrorResponseType::InvalidClient
                    | CoreErrorResponseType::UnauthorizedClient => Self::ClientRejected(code),
                    _ => Self::OAuth {
                        code,
                        description: detail,
                    },
                }
            }
            // A token response whose ID token cannot even be parsed (no `sub`, no `iat`…) is a
            // token that fails verification, not a Logto outage.
            RequestTokenError::Parse(e, _) if is_id_token_content_error(&e) => {
                Self::TokenRejected(format!("malformed ID token: {}", e.inner()))
            }
            RequestTokenError::Parse(e, _) => Self::BadResponse(format!("token response: {e}")),
            RequestTokenError::Other(message) => Self::BadResponse(message),
        }
    }

    pub(crate) fn from_claims(err: ClaimsVerificationError) -> Self {
        // "Signature verification failed" alone does not say which check; the source does.
        let mut text = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        Self::TokenRejected(text)
    }
}

/// True when the token response is well-formed JSON but its ID token's header or claims are not
/// (openidconnect parses the JWT while parsing the response and reports that as a data error).
fn is_id_token_content_error(e: &serde_path_to_error::Error<serde_json::Error>) -> bool {
    let message = e.inner().to_string();
    e.inner().is_data()
        && (e.path().to_string().starts_with("id_token")
            || message.contains("payload")
            || message.contains("JWT"))
}
