//! The names of what is recorded: kinds of flows and steps, the checks, their outcomes, and why a
//! refresh happened. Each is stored as a one-or-two-letter tag (records ride in cookies); the
//! words for each are in the catalogues, the links and files in `explain.rs`.

use serde::{Deserialize, Serialize};

/// What a recorded [`Flow`](crate::observe::Flow) was; a session keeps the latest flow of each
/// kind.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum FlowKind {
    /// A sign-in: from the authorization request to the new session.
    #[serde(rename = "i")]
    SignIn,
    /// A refresh-token grant for the user's own tokens (no API resource or organization).
    #[serde(rename = "r")]
    Refresh,
    /// A refresh-token grant for an access token for an API resource or an organization
    /// ([`TokenTarget`](crate::TokenTarget)).
    #[serde(rename = "a")]
    ApiToken,
    /// A sign-out: revocation, the local session ended, and Logto's end-session endpoint.
    #[serde(rename = "o")]
    SignOut,
}

/// Why a refresh-token grant was made.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum Why {
    /// The access token had this many seconds left.
    #[serde(rename = "x")]
    Expiring(i64),
    /// The user pressed "Refresh tokens now".
    #[serde(rename = "q")]
    Requested,
    /// A token for an API resource or an organization was asked for.
    #[serde(rename = "a")]
    ApiToken,
}

/// What a recorded [`Step`](crate::observe::Step) was: a call to Logto, a trip of the browser, or
/// something the app did on its own.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum StepKind {
    /// The browser sent to Logto's authorization endpoint.
    #[serde(rename = "az")]
    Authorize,
    /// The browser back at `/callback`.
    #[serde(rename = "cb")]
    Callback,
    /// The code exchanged at the token endpoint.
    #[serde(rename = "tk")]
    Token,
    /// An ID token verified.
    #[serde(rename = "id")]
    IdToken,
    /// Userinfo read for the same user.
    #[serde(rename = "ui")]
    Userinfo,
    /// The signed-in session stored under a new id.
    #[serde(rename = "se")]
    Session,
    /// A refresh-token grant.
    #[serde(rename = "rf")]
    Refresh,
    /// The refresh token revoked.
    #[serde(rename = "rv")]
    Revocation,
    /// The local session deleted at sign-out.
    #[serde(rename = "sx")]
    SessionEnded,
    /// The browser sent to Logto's end-session endpoint.
    #[serde(rename = "es")]
    EndSession,
    /// The browser back from Logto's end-session endpoint.
    #[serde(rename = "bk")]
    SignOutReturn,
}

impl StepKind {
    /// Every step kind, each once, for code that must cover them all (a catalogue of words, a
    /// test).
    pub const ALL: [StepKind; 11] = [
        StepKind::Authorize,
        StepKind::Callback,
        StepKind::Token,
        StepKind::IdToken,
        StepKind::Userinfo,
        StepKind::Session,
        StepKind::Refresh,
        StepKind::Revocation,
        StepKind::SessionEnded,
        StepKind::EndSession,
        StepKind::SignOutReturn,
    ];
}

/// A check the app makes on what it received, as recorded in a
/// [`Check`](crate::observe::record::Check).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub enum CheckId {
    /// The callback's `state` names a sign-in this browser started (its sealed attempt cookie).
    #[serde(rename = "st")]
    State,
    /// RFC 9207: the callback's `iss` is our Logto's issuer.
    #[serde(rename = "ci")]
    CallbackIss,
    /// The ID token's JOSE header is one we support (no encryption, `typ`, `crit`).
    #[serde(rename = "hd")]
    Header,
    /// The signature, with a key Logto publishes and an algorithm discovery allows.
    #[serde(rename = "sg")]
    Signature,
    /// The ID token's `iss` is our Logto's issuer.
    #[serde(rename = "is")]
    Issuer,
    /// The ID token's `aud` names this application.
    #[serde(rename = "au")]
    Audience,
    /// The ID token has not expired (`exp`, with the clock leeway).
    #[serde(rename = "ex")]
    Expiry,
    /// The ID token was not issued in the future (`iat`, with the clock leeway).
    #[serde(rename = "ia")]
    IssuedAt,
    /// The ID token's `nonce` is the one sent at sign-in (after a refresh, checked only when
    /// present).
    #[serde(rename = "nc")]
    Nonce,
    /// The ID token's `at_hash`, when present, matches the access token it came with.
    #[serde(rename = "ah")]
    AtHash,
    /// The token's claims could be read at all (e.g. `sub` and `iat` present).
    #[serde(rename = "cl")]
    Claims,
    /// Userinfo is about the same `sub` as the ID token.
    #[serde(rename = "us")]
    UserinfoSub,
    /// A refreshed ID token is about the same `sub` as the one from sign-in.
    #[serde(rename = "ss")]
    SameSubject,
    /// The session id changed at sign-in (no fixation).
    #[serde(rename = "ns")]
    NewSessionId,
    /// The `state` Logto echoed after end-session is the one we sent.
    #[serde(rename = "so")]
    SignOutState,
}

impl CheckId {
    /// Every check, each once, for code that must cover them all (a catalogue of words, a test).
    pub const ALL: [CheckId; 15] = [
        CheckId::State,
        CheckId::CallbackIss,
        CheckId::Header,
        CheckId::Signature,
        CheckId::Issuer,
        CheckId::Audience,
        CheckId::Expiry,
        CheckId::IssuedAt,
        CheckId::Nonce,
        CheckId::AtHash,
        CheckId::Claims,
        CheckId::UserinfoSub,
        CheckId::SameSubject,
        CheckId::NewSessionId,
        CheckId::SignOutState,
    ];
}

/// How a check went.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum Outcome {
    /// The check was made and passed.
    #[serde(rename = "p")]
    Passed,
    /// The check was made and failed: what it checked is not trusted.
    #[serde(rename = "f")]
    Failed,
    /// An earlier check failed, so this one was not made.
    #[serde(rename = "n")]
    NotReached,
    /// Nothing to check (e.g. no `at_hash` in the token).
    #[serde(rename = "x")]
    NotApplicable,
}
