//! Response headers every page gets: a strict Content-Security-Policy (no inline script, no
//! framing), no referrer (the callback URL carries a code), no caching of user data, and over https
//! Strict-Transport-Security.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};

/// Precomputed header values.
#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    /// `Strict-Transport-Security`, over https only.
    hsts: Option<HeaderValue>,
}

impl SecurityHeaders {
    /// `logto_origin` is allowed as a form target: the sign-in and sign-out forms post to us, and
    /// we redirect to Logto, which browsers check against `form-action` too.
    /// `hsts_max_age`: seconds for `Strict-Transport-Security` (`None` sends none: plain http).
    pub fn new(logto_origin: Option<&str>, hsts_max_age: Option<u64>) -> Self {
        let (form_action, images) = match logto_origin {
            Some(origin) => (
                format!("'self' {origin}"),
                format!("'self' https: data: {origin}"),
            ),
            None => ("'self'".into(), "'self' https: data:".into()),
        };
        // Avatars come from anywhere on https (social providers' CDNs) and from Logto itself,
        // which may be plain http in local development.
        let csp = format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; \
             object-src 'none'; base-uri 'none'; form-action {form_action}; frame-ancestors 'none'"
        );
        Self {
            csp: HeaderValue::from_str(&csp).unwrap_or_else(|_| {
                HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'")
            }),
            // Digits only: always a valid header value.
            hsts: hsts_max_age
                .and_then(|seconds| HeaderValue::from_str(&format!("max-age={seconds}")).ok()),
        }
    }
}

impl SecurityHeaders {
    /// Puts the headers on a response (error pages included).
    pub fn apply(&self, h: &mut HeaderMap) {
        h.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        if let Some(hsts) = &self.hsts {
            h.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
        }
        h.insert(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        );
        // Pages show user data; only static assets (which set their own) may be cached.
        if !h.contains_key(header::CACHE_CONTROL) {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
}
