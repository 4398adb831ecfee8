//! What the fake records of the calls it answers, for tests to read.

/// The endpoints of the fake, for [`FakeLogto::calls`](crate::FakeLogto::calls).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `GET /oidc/.well-known/openid-configuration`
    Discovery,
    /// `GET /oidc/jwks`
    Jwks,
    /// `GET /oidc/auth` (and [`FakeLogto::authorize`](crate::FakeLogto::authorize))
    Authorize,
    /// `POST /oidc/token`
    Token,
    /// `GET|POST /oidc/me`
    Userinfo,
    /// `POST /oidc/token/revocation`
    Revocation,
    /// `GET /oidc/session/end`
    EndSession,
    /// `POST /oidc/session/end/confirm` (the form Logto's end-session page auto-submits)
    EndSessionConfirm,
    /// `GET /api/.well-known/account-center`
    AccountCenter,
    /// `/api/my-account` and everything under it (profile, sessions)
    MyAccount,
    /// `POST /api/verifications/password`
    Verification,
    /// `POST /api/verifications/verification-code` and `.../verify`
    VerificationCode,
}

/// A request to the token or revocation endpoint, as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The HTTP method (`POST`).
    pub method: String,
    /// The path, like `/oidc/token`.
    pub path: String,
    /// The raw `Authorization` header (`Basic …` for client_secret_basic).
    pub authorization: Option<String>,
    /// The form body's pairs, in order (repeated names such as `resource` stay repeated).
    pub form: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first value of a form field.
    pub fn form_value(&self, name: &str) -> Option<&str> {
        value(&self.form, name)
    }
}

/// The first value of `name` in form or query pairs.
pub fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}
