//! What the fake keeps of the Account Center and its users' security data.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

/// A verification record: whose (none for a code sent to an address that is not the user's
/// primary email or phone: Logto ties such a record to nobody), until when, and whether it is
/// verified yet (a password record is at once; a code record once its code comes back).
pub struct Verification {
    pub sub: Option<String>,
    pub expires_at: i64,
    pub verified: bool,
}

/// A one-time code sent for a verification record (Logto's passcode row).
pub struct SentCode {
    /// `email` or `phone`.
    pub kind: String,
    /// Where it went.
    pub value: String,
    pub code: String,
    pub created_at: i64,
    /// Wrong codes typed so far (Logto stops at ten).
    pub tries: u32,
    /// Used already: Logto finds only unconsumed codes.
    pub consumed: bool,
    /// The order it was sent in (several can go out in one second).
    pub seq: usize,
}

/// One of a user's sessions at Logto.
#[derive(Clone)]
pub struct FakeSession {
    pub uid: String,
    pub sub: String,
    pub login_ts: i64,
    pub expires_at: i64,
    /// A grant signed in through it, revoked when the session ends with `revokeGrants`.
    pub grant: Option<usize>,
    /// The `sid` it gave the app (`payload.authorizations[client].sid`), the one in that
    /// sign-in's ID tokens.
    pub sid: Option<String>,
    /// `lastSubmission.signInContext`: the browser's user agent and IP address.
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// What the fake knows about the Account Center and its users' security data.
pub struct AccountState {
    /// `{"enabled": …, "fields": {…}}`, as the well-known route answers it.
    pub center: Value,
    /// Passwords by `sub`.
    pub passwords: HashMap<String, String>,
    pub verifications: HashMap<String, Verification>,
    /// The codes sent, by verification record id.
    pub codes: HashMap<String, SentCode>,
    pub sessions: Vec<FakeSession>,
    /// Ended sessions: uid, and whether their grants were revoked too.
    pub ended_sessions: Vec<(String, bool)>,
    /// OIDC profile fields (`givenName`…) by `sub`.
    pub profiles: HashMap<String, Map<String, Value>>,
}

impl Default for AccountState {
    fn default() -> Self {
        AccountState {
            // Logto's default: off, every field `Off`.
            center: json!({ "enabled": false, "fields": {} }),
            passwords: HashMap::new(),
            verifications: HashMap::new(),
            codes: HashMap::new(),
            sessions: Vec::new(),
            ended_sessions: Vec::new(),
            profiles: HashMap::new(),
        }
    }
}
