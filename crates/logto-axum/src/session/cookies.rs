//! The cookies this app sets, and the queue that puts them on the response.
//!
//! Handlers (through [`super::AuthSession`]) queue `Set-Cookie` values in [`ResponseCookies`];
//! the [`crate::session_cookies`] middleware appends them to whatever response comes out, the
//! error page included, so a failed callback still clears its attempt cookie.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, SameSite};

/// The `Set-Cookie` values queued for this request's response.
#[derive(Clone, Default)]
pub struct ResponseCookies(Arc<Mutex<Vec<HeaderValue>>>);

impl ResponseCookies {
    /// Queues `cookie` for the response. A cookie that is not valid header text is dropped; the
    /// SDK's own names and values always are.
    pub fn push(&self, cookie: Cookie<'_>) {
        // Names and values are ours (base64url, hex, fixed names): always valid header text.
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            self.0.lock().unwrap_or_else(|p| p.into_inner()).push(value);
        }
    }

    /// Moves the queued values onto a response's headers.
    pub fn append_to(&self, headers: &mut HeaderMap) {
        let queued = std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()));
        for value in queued {
            headers.append(header::SET_COOKIE, value);
        }
    }
}

/// The value of the request's cookie `name`, if it sent one.
pub fn request_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    request_cookies(headers)
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Every `name=value` pair the request sent, in order.
pub fn request_cookies(headers: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            Some((name.trim(), value.trim()))
        })
}

/// How this deployment's cookies are named and flagged.
#[derive(Clone, Copy)]
pub struct CookiePolicy {
    /// True when the app's base URL is https: cookies are then `Secure` and their names take the
    /// `__Host-` or `__Secure-` prefix.
    pub https: bool,
}

impl CookiePolicy {
    /// The session cookie. It must not collide with Logto's own cookies (`_session`,
    /// `_interaction`, `_logto`): browsers share cookies across the ports of one host, and in
    /// local development the app and Logto often share `localhost`.
    pub fn session_name(self) -> &'static str {
        if self.https {
            "__Host-logto_app_session"
        } else {
            "logto_app_session"
        }
    }

    /// A cookie with the flags every cookie of ours has: `HttpOnly`; `SameSite=Lax`, so it
    /// survives the top-level redirect back from Logto (Strict drops it); `Secure` over https.
    pub fn build(
        self,
        name: String,
        value: String,
        path: &str,
        max_age_secs: i64,
    ) -> Cookie<'static> {
        Cookie::build((name, value))
            .path(path.to_owned())
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.https)
            .max_age(time::Duration::seconds(max_age_secs))
            .build()
    }

    /// The `Set-Cookie` that makes the browser forget `name` at `path`.
    pub fn removal(self, name: String, path: &str) -> Cookie<'static> {
        self.build(name, String::new(), path, 0)
    }
}
