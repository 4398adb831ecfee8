//! The user's fresh identity check (a verification record from Logto's Verification API), kept
//! between requests in a sealed cookie.
//!
//! Where it lives, and why: the SDK's session record has no place for an app's own data (its
//! `SessionData` holds the sign-in and the inspector's record only), and process memory would
//! lose the record on a restart and not know it on another replica behind a load balancer (the
//! user would be asked for their password again at random). So the record's id and expiry are
//! sealed (XChaCha20-Poly1305, the SDK's cookie seal, under the app's secret) into an `HttpOnly`
//! cookie scoped to `/account`, bound to this deployment, to the cookie's name, and to the
//! session it was made for (its CSRF token, a secret of that session only): copied into another
//! session it does not open. It lives no longer than the record (Logto: ten minutes). The
//! record id is as good as the password for that time, so it is never logged or shown; the
//! password itself is sent to Logto once and kept nowhere.

use axum::http::{HeaderMap, HeaderValue};
use logto_axum::session::{CookiePolicy, Sessions, SignedInUser, cookies::request_cookie};
use logto_core::{account::VerificationRecord, unix_now};
use serde::{Deserialize, Serialize};

/// Logto keeps a verification record ten minutes; the cookie is dropped a little earlier, so a
/// record is not sent in its last seconds (the user is asked again instead of refused).
const KEEP_SECS: i64 = 10 * 60 - 30;
/// Only the account pages need it.
const PATH: &str = "/account";

/// What the cookie holds, sealed.
#[derive(Serialize, Deserialize)]
struct Kept {
    id: String,
    /// As Logto wrote it.
    logto_expires_at: String,
    /// Unix seconds: after this the cookie is ignored.
    until: i64,
}

fn name(policy: CookiePolicy) -> &'static str {
    // `__Secure-`, not `__Host-`: the cookie is scoped to `/account`.
    if policy.https {
        "__Secure-logto_app_verified"
    } else {
        "logto_app_verified"
    }
}

/// What the seal is bound to: the session (its CSRF token) and the user (also the pending
/// code's, `pending_code.rs`).
pub(super) fn binding(user: &SignedInUser) -> Vec<u8> {
    [
        user.csrf_token.as_bytes(),
        &[0],
        user.profile.sub.as_bytes(),
    ]
    .concat()
}

/// The record this browser's session verified, if it still has one.
pub fn read(
    sessions: &Sessions,
    policy: CookiePolicy,
    headers: &HeaderMap,
    user: &SignedInUser,
) -> Option<VerificationRecord> {
    let name = name(policy);
    let value = request_cookie(headers, name)?;
    let plain = sessions.open_cookie(name, &binding(user), value)?;
    let kept: Kept = serde_json::from_slice(&plain).ok()?;
    (kept.until > unix_now())
        .then(|| VerificationRecord::from_parts(kept.id, kept.logto_expires_at))
}

/// The `Set-Cookie` that keeps `record` for this session.
pub fn keep(
    sessions: &Sessions,
    policy: CookiePolicy,
    user: &SignedInUser,
    record: &VerificationRecord,
) -> Option<HeaderValue> {
    let kept = Kept {
        id: record.id().to_owned(),
        logto_expires_at: record.expires_at.clone(),
        until: unix_now() + KEEP_SECS,
    };
    let plain = serde_json::to_vec(&kept).ok()?;
    let name = name(policy);
    let sealed = sessions.seal_cookie(name, &binding(user), &plain).ok()?;
    let cookie = policy.build(name.to_owned(), sealed, PATH, KEEP_SECS);
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The `Set-Cookie` that forgets the record (Logto no longer takes it).
pub fn forget(policy: CookiePolicy) -> Option<HeaderValue> {
    let cookie = policy.removal(name(policy).to_owned(), PATH);
    HeaderValue::from_str(&cookie.to_string()).ok()
}
