//! The forms that change a signed-in session (sign-out, refresh, tokens, profile) must carry the
//! session's CSRF token: no other site can make a signed-in browser submit them.

use serde::{Deserialize, de::DeserializeOwned};

use logto_core::secrets_match;

use super::AuthSession;
use crate::Error;

/// A form with the session's CSRF token in its `csrf` field.
pub trait CsrfProtected: DeserializeOwned {
    /// The form's `csrf` field.
    fn csrf(&self) -> &str;
}

/// A form that carries nothing but the CSRF token.
#[derive(Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token, as the form sent it.
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
    /// home), the form when it carries this session's CSRF token, [`Error::CsrfMismatch`]
    /// when it does not (or cannot be read).
    pub fn checked_form<F: CsrfProtected>(&self, body: &[u8]) -> Result<Option<F>, Error> {
        let Some(user) = self.user() else {
            return Ok(None);
        };
        let form: F = serde_urlencoded::from_bytes(body).map_err(|_| Error::CsrfMismatch)?;
        if !secrets_match(&user.csrf_token, form.csrf()) {
            return Err(Error::CsrfMismatch);
        }
        Ok(Some(form))
    }
}
