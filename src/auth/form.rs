//! The forms that change a signed-in session (sign-out, refresh, tokens, profile) must carry the
//! session's CSRF token: no other site can make a signed-in browser submit them.

use serde::{Deserialize, de::DeserializeOwned};

use super::{AuthSession, secrets_match};
use crate::error::AppError;

/// A form with the session's CSRF token in its `csrf` field.
pub trait CsrfProtected: DeserializeOwned {
    fn csrf(&self) -> &str;
}

/// A form that carries nothing but the CSRF token.
#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

impl CsrfProtected for CsrfForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl AuthSession {
    /// Reads a POSTed form: `Ok(None)` when nobody is signed in (the caller sends the browser
    /// home), the form when it carries this session's CSRF token, [`AppError::CsrfMismatch`]
    /// when it does not (or cannot be read).
    pub fn checked_form<F: CsrfProtected>(&self, body: &[u8]) -> Result<Option<F>, AppError> {
        let Some(user) = self.user() else {
            return Ok(None);
        };
        let form: F = serde_urlencoded::from_bytes(body).map_err(|_| AppError::CsrfMismatch)?;
        if !secrets_match(&user.csrf_token, form.csrf()) {
            return Err(AppError::CsrfMismatch);
        }
        Ok(Some(form))
    }
}
