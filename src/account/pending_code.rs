//! The one-time code Logto sent and the user has not typed back yet: its verification record id,
//! where it went and until when, kept between the "send" and the "check" requests in a sealed
//! cookie, like the verified record (`verification.rs`, whose binding it shares: it opens only
//! for the session that asked for it). The code itself is never kept: it comes from the user's
//! mailbox or phone, straight into the form, and goes to Logto.

use axum::http::{HeaderMap, HeaderValue};
use logto_axum::session::{CookiePolicy, Sessions, SignedInUser, cookies::request_cookie};
use logto_core::{
    unix_now,
    verification_code::{CodeIdentifier, PendingCode},
};
use serde::{Deserialize, Serialize};

use super::verification::binding;

/// Logto keeps the code and its record ten minutes; the cookie goes a little earlier, so the
/// user is offered a new code rather than refused in the last seconds.
const KEEP_SECS: i64 = 10 * 60 - 30;
const PATH: &str = "/account";

#[derive(Serialize, Deserialize)]
struct Kept {
    id: String,
    identifier: CodeIdentifier,
    logto_expires_at: String,
    until: i64,
}

fn name(policy: CookiePolicy) -> &'static str {
    if policy.https {
        "__Secure-logto_app_code_sent"
    } else {
        "logto_app_code_sent"
    }
}

/// The code this browser's session is waiting for, if any.
pub fn read(
    sessions: &Sessions,
    policy: CookiePolicy,
    headers: &HeaderMap,
    user: &SignedInUser,
) -> Option<PendingCode> {
    let name = name(policy);
    let value = request_cookie(headers, name)?;
    let plain = sessions.open_cookie(name, &binding(user), value)?;
    let kept: Kept = serde_json::from_slice(&plain).ok()?;
    (kept.until > unix_now())
        .then(|| PendingCode::from_parts(kept.id, kept.identifier, kept.logto_expires_at))
}

/// The `Set-Cookie` that keeps `pending` for this session.
pub fn keep(
    sessions: &Sessions,
    policy: CookiePolicy,
    user: &SignedInUser,
    pending: &PendingCode,
) -> Option<HeaderValue> {
    let kept = Kept {
        id: pending.id().to_owned(),
        identifier: pending.identifier.clone(),
        logto_expires_at: pending.expires_at.clone(),
        until: unix_now() + KEEP_SECS,
    };
    let plain = serde_json::to_vec(&kept).ok()?;
    let name = name(policy);
    let sealed = sessions.seal_cookie(name, &binding(user), &plain).ok()?;
    let cookie = policy.build(name.to_owned(), sealed, PATH, KEEP_SECS);
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The `Set-Cookie` that forgets the code (used, expired, or refused for good).
pub fn forget(policy: CookiePolicy) -> Option<HeaderValue> {
    let cookie = policy.removal(name(policy).to_owned(), PATH);
    HeaderValue::from_str(&cookie.to_string()).ok()
}
