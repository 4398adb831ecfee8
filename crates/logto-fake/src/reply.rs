//! HTTP answers shaped like Logto's: JSON with `code`/`message`/`error`/`error_description`,
//! `cache-control: no-store`, and the exact bodies captured in `fixtures/logto/*.txt`.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::recorded::Endpoint;

const JSON: &str = "application/json; charset=utf-8";

/// A status, headers and a body: what every route of the fake answers.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: String) -> Reply {
        Reply {
            status,
            headers: vec![
                ("content-type", content_type.to_owned()),
                ("cache-control", "no-store".to_owned()),
            ],
            body,
        }
    }

    /// A JSON body.
    pub fn json(status: u16, value: &Value) -> Reply {
        Reply::new(status, JSON, value.to_string())
    }

    /// A body with another content type.
    pub fn typed(status: u16, content_type: &str, body: String) -> Reply {
        Reply::new(status, content_type, body)
    }

    /// 200 with an empty body (revocation).
    pub fn empty_ok() -> Reply {
        Reply {
            status: 200,
            headers: vec![],
            body: String::new(),
        }
    }

    /// `status` with an empty body (204 No Content).
    pub fn empty_status(status: u16) -> Reply {
        Reply {
            status,
            headers: vec![],
            body: String::new(),
        }
    }

    /// 303 See Other to `location`.
    pub fn see_other(location: String) -> Reply {
        Reply {
            status: 303,
            headers: vec![("location", location)],
            body: String::new(),
        }
    }

    /// The `Location` header of a redirect.
    pub fn location(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(name, _)| *name == "location")
            .map(|(_, value)| value.as_str())
    }

    /// Logto's generic OIDC error body.
    pub fn oidc_error(status: u16, error: &str, description: &str) -> Reply {
        let message = match error {
            "invalid_request" => "Request is invalid.".to_owned(),
            "invalid_grant" => "Grant request is invalid.".to_owned(),
            "invalid_token" => "Invalid token provided.".to_owned(),
            other => format!("An OIDC error occurred: oidc.{other}."),
        };
        let body = format!(
            r#"{{"code":"oidc.{error}","message":{},"error":"{error}","error_description":{}}}"#,
            Value::from(message),
            Value::from(description),
        );
        Reply::new(status, JSON, body)
    }

    /// Exactly `token-error-invalid-grant.txt`.
    pub fn invalid_grant() -> Reply {
        let body = r#"{"code":"oidc.invalid_grant","message":"Grant request is invalid.","error_uri":"https://openid.sh/debug/invalid_grant","error":"invalid_grant","error_description":"grant request is invalid"}"#;
        Reply::new(400, JSON, body.to_owned())
    }

    /// Exactly `token-error-invalid-client.txt` (401 with `WWW-Authenticate: Basic …`).
    pub fn invalid_client(issuer: &str) -> Reply {
        let body = r#"{"code":"oidc.invalid_client","message":"An OIDC error occurred: oidc.invalid_client.","error":"invalid_client","error_description":"client authentication failed"}"#;
        let mut reply = Reply::new(401, JSON, body.to_owned());
        reply.headers.push((
            "www-authenticate",
            format!(
                r#"Basic realm="{issuer}", error="invalid_client", error_description="client authentication failed""#
            ),
        ));
        reply
    }

    /// Exactly `userinfo-error-invalid-token.txt` (401 with `WWW-Authenticate: Bearer …`).
    pub fn invalid_token(issuer: &str) -> Reply {
        let body = r#"{"code":"oidc.invalid_token","message":"Invalid token provided.","error":"invalid_token","error_description":"invalid token provided"}"#;
        let mut reply = Reply::new(401, JSON, body.to_owned());
        reply.headers.push((
            "www-authenticate",
            format!(
                r#"Bearer realm="{issuer}", error="invalid_token", error_description="invalid token provided""#
            ),
        ));
        reply
    }

    /// The answer for a `…Status(status)` misbehaviour at `endpoint`.
    pub fn forced_status(status: u16, issuer: &str, endpoint: Endpoint) -> Reply {
        match (status, endpoint) {
            (401, Endpoint::Userinfo) => Reply::invalid_token(issuer),
            (401, _) => Reply::invalid_client(issuer),
            (400, Endpoint::Token) => Reply::invalid_grant(),
            (403, _) => Reply::oidc_error(403, "access_denied", "access denied"),
            (404, _) => Reply::oidc_error(
                404,
                "invalid_request",
                "unrecognized route or not allowed method",
            ),
            (429, _) => Reply::oidc_error(429, "too_many_requests", "too many requests"),
            (503, _) => Reply::oidc_error(
                503,
                "temporarily_unavailable",
                "service temporarily unavailable",
            ),
            (500.., _) => Reply::oidc_error(status, "server_error", "oops! something went wrong"),
            _ => Reply::oidc_error(status, "invalid_request", "request is invalid"),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, self.body).into_response();
        let headers = response.headers_mut();
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        }
        response
    }
}
