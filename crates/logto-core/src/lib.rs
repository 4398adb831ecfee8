//! The Logto core SDK for Rust: everything about signing users in with
//! [Logto](https://logto.io) that does not depend on a web framework.
//!
//! A [`LogtoClient`] talks to one Logto tenant on behalf of one application ("Traditional web"
//! in the Logto console). It reads discovery and the signing keys lazily, caches them, and
//! re-reads them when a token names a key it does not know (key rotation); it builds sign-in
//! requests with Logto's own parameters, validated ([`params`]); it completes the callback and
//! verifies the ID token; it makes the code, refresh, API-resource and organization grants,
//! revokes refresh tokens, builds the end-session URL, fetches userinfo, and verifies
//! back-channel logout tokens ([`logout_token`]).
//!
//! Every operation takes a [`Trace`](observe::Trace), the observer through which a flow
//! inspector records what was sent, what came back and every check; [`Trace::off`](observe::Trace::off)
//! records nothing.
//!
//! How the parts depend on each other (no module imports one that imports it back;
//! `scripts/module_cycles.py` checks it in CI): `client` (the client and its values) uses `cache`
//! (discovery and keys, with `discovery` and `refetch`), which uses `settings`; `sign_in`,
//! `grants`, `jws`, `verify` and `account` add the operations to the client; `report` turns
//! openidconnect's answers into `observe` records; `claims`, `params`, `error`, `clock` and
//! `observe` depend on nothing else here.

#![deny(missing_docs)]

pub mod account;
mod cache;
pub mod claims;
mod client;
mod clock;
mod discovery;
mod error;
mod grants;
mod jws;
pub mod logout_token;
mod metrics;
pub mod observe;
pub mod params;
mod refetch;
mod report;
mod settings;
mod sign_in;
pub mod verification_code;
mod verify;

pub use account::{
    Account, AccountCenter, AccountCenterFields, AccountError, AccountSession, AccountUpdate,
    FieldControl, VerificationRecord,
};
pub use cache::REREAD_INTERVAL;
pub use claims::Profile;
pub use client::{
    AuthorizationRequest, LogtoClient, ORGANIZATIONS_RESOURCE, ORGANIZATIONS_SCOPE, Refreshed,
    SignedIn, TokenTarget,
};
pub use clock::unix_now;
pub use discovery::{KeysInUse, LogtoUserInfo, Provider};
pub use error::LogtoError;
pub use refetch::{RefetchPolicy, UNTRUSTED_REFETCH_INTERVAL};
pub use settings::{
    BASE_SCOPES, BaseUrl, BaseUrlError, DEFAULT_EXTRA_SCOPES, LogtoSettings, LogtoSettingsBuilder,
    SettingsError,
};

use subtle::ConstantTimeEq;

/// Compares secrets (a `state`, a CSRF token) without leaking, through timing, how much of a
/// guess was right.
pub fn secrets_match(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}
