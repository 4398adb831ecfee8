//! Query strings parsed into typed values, with our error page on failure instead of axum's
//! plain-text rejection.

use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Parses a raw query string (absent means empty). Repeated or malformed fields are refused.
pub fn parse_query<T: DeserializeOwned>(raw: Option<&str>) -> Result<T, AppError> {
    serde_urlencoded::from_str(raw.unwrap_or_default())
        // serde's message may quote what the browser sent: made safe for a log line.
        .map_err(|e| AppError::BadQuery(logto_core::params::loggable(&e.to_string(), 200)))
}
