//! What a test sets up of the Account Center and its users: the settings, passwords, Logto
//! sessions and tokens the Account API then answers with.

use serde_json::{Value, json};

use super::FakeLogto;
use super::account_state::FakeSession;
use super::clock::now;
use super::random::opaque;
use super::state::{AccessRecord, Grant, lock};

impl FakeLogto {
    /// Sets the Account Center: `enabled` and the per-field controls, e.g.
    /// `json!({"name": "Edit", "session": "ReadOnly"})` (a field left out is `Off`, Logto's
    /// default). Logto's own default is everything off.
    pub fn set_account_center(&self, enabled: bool, fields: Value) {
        lock(&self.state).account.center = json!({ "enabled": enabled, "fields": fields });
    }

    /// Gives the current user a password (for `POST /api/verifications/password`).
    pub fn set_password(&self, password: &str) {
        let mut s = lock(&self.state);
        let sub = s.user.sub.clone();
        s.account.passwords.insert(sub, password.to_owned());
    }

    /// An opaque access token for Logto itself (what the code grant gives, good for userinfo and
    /// the Account API) for the current user, with exactly `scopes` (include `openid`, which
    /// Logto requires), as a new grant. It lives like other access tokens
    /// ([`set_access_token_ttl`](Self::set_access_token_ttl)).
    pub fn issue_access_token(&self, scopes: &[&str]) -> String {
        let mut s = lock(&self.state);
        let grant = Grant {
            user: s.user.clone(),
            nonce: None,
            scope: scopes.join(" "),
            resources: Vec::new(),
            revoked: false,
        };
        s.grants.push(grant);
        let grant = s.grants.len() - 1;
        let token = opaque();
        let record = AccessRecord {
            grant,
            expires_at: now() + s.access_token_ttl,
        };
        s.access_tokens.insert(token.clone(), record);
        token
    }

    /// Adds a Logto session with uid `uid` for the current user; ending it with `revokeGrants`
    /// revokes the latest grant (the latest sign-in or [`issue_access_token`](Self::issue_access_token))
    /// when `with_latest_grant`.
    pub fn add_session(&self, uid: &str, with_latest_grant: bool) {
        let mut s = lock(&self.state);
        let grant = if with_latest_grant {
            s.grants.len().checked_sub(1)
        } else {
            None
        };
        let session = FakeSession {
            uid: uid.to_owned(),
            sub: s.user.sub.clone(),
            login_ts: now(),
            expires_at: now() + 14 * 86_400,
            grant,
            sid: None,
            user_agent: None,
            ip: None,
        };
        s.account.sessions.push(session);
    }

    /// The Logto session of the latest sign-in, as Logto keeps it for a browser: uid `uid`,
    /// the grant of that sign-in (revoked when the session ends with its grants), the `sid`
    /// its ID tokens carry with [`require_backchannel_session`](Self::require_backchannel_session)
    /// (`sid-of-grant-<n>`), and the browser it came from (`signInContext`).
    pub fn add_signed_in_session(&self, uid: &str, user_agent: &str, ip: &str) {
        let mut s = lock(&self.state);
        let grant = s.grants.len().checked_sub(1);
        let session = FakeSession {
            uid: uid.to_owned(),
            sub: s.user.sub.clone(),
            login_ts: now(),
            expires_at: now() + 14 * 86_400,
            grant,
            sid: grant.map(|g| format!("sid-of-grant-{g}")),
            user_agent: Some(user_agent.to_owned()),
            ip: Some(ip.to_owned()),
        };
        s.account.sessions.push(session);
    }

    /// The uids of the sessions still active, in order.
    pub fn sessions(&self) -> Vec<String> {
        let s = lock(&self.state);
        s.account.sessions.iter().map(|x| x.uid.clone()).collect()
    }

    /// The sessions ended through the Account API: uid, and whether their grants were revoked.
    pub fn ended_sessions(&self) -> Vec<(String, bool)> {
        lock(&self.state).account.ended_sessions.clone()
    }

    /// Makes every verification record, and every one-time code sent, `secs` older (both last
    /// 10 minutes).
    pub fn age_verifications(&self, secs: i64) {
        let mut s = lock(&self.state);
        for record in s.account.verifications.values_mut() {
            record.expires_at -= secs;
        }
        for sent in s.account.codes.values_mut() {
            sent.created_at -= secs;
        }
    }

    /// The latest one-time code "sent" to `address` (an email address or a phone number, as
    /// the verification code route received it): what the user would read in that message.
    pub fn last_verification_code(&self, address: &str) -> Option<String> {
        let s = lock(&self.state);
        s.account
            .codes
            .values()
            .filter(|sent| sent.value == address)
            .max_by_key(|sent| sent.seq)
            .map(|sent| sent.code.clone())
    }
}
