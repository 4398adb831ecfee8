//! What the fake keeps of the Account Center and its users' security data.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

/// A verification record: whose, and until when.
pub struct Verification {
    pub sub: String,
    pub expires_at: i64,
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
            sessions: Vec::new(),
            ended_sessions: Vec::new(),
            profiles: HashMap::new(),
        }
    }
}
