//! The one-time code Logto sent and the user has not typed back yet: its verification record id,
//! where it went and until when, kept between the "send" and the "check" requests in a sealed
//! cookie, like the verified record (`verification.rs`; both through `sealed_cookie.rs`: it opens
//! only for the session that asked for it). The code itself is never kept: it comes from the user's
//! mailbox or phone, straight into the form, and goes to Logto.

use axum::http::{HeaderMap, HeaderValue};
use logto_axum::session::{CookiePolicy, Sessions, SignedInUser};
use logto_core::verification_code::{CodeIdentifier, PendingCode};
use serde::{Deserialize, Serialize};

use super::sealed_cookie::SealedCookie;

/// Logto keeps the code and its record ten minutes; the cookie goes a little earlier, so the
/// user is offered a new code rather than refused in the last seconds.
const COOKIE: SealedCookie = SealedCookie {
    plain: "logto_app_code_sent",
    secure: "__Secure-logto_app_code_sent",
    keep_secs: 10 * 60 - 30,
};

#[derive(Serialize, Deserialize)]
struct Kept {
    id: String,
    identifier: CodeIdentifier,
    logto_expires_at: String,
}

/// The code this browser's session is waiting for, if any.
pub fn read(sessions: &Sessions, headers: &HeaderMap, user: &SignedInUser) -> Option<PendingCode> {
    let kept: Kept = COOKIE.read(sessions, headers, user)?;
    Some(PendingCode::from_parts(
        kept.id,
        kept.identifier,
        kept.logto_expires_at,
    ))
}

/// The `Set-Cookie` that keeps `pending` for this session.
pub fn keep(
    sessions: &Sessions,
    user: &SignedInUser,
    pending: &PendingCode,
) -> Option<HeaderValue> {
    let kept = Kept {
        id: pending.id().to_owned(),
        identifier: pending.identifier.clone(),
        logto_expires_at: pending.expires_at.clone(),
    };
    COOKIE.keep(sessions, user, kept)
}

/// The `Set-Cookie` that forgets the code (used, expired, or refused for good).
pub fn forget(policy: CookiePolicy) -> Option<HeaderValue> {
    COOKIE.forget(policy)
}
