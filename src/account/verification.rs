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
use logto_axum::session::{CookiePolicy, Sessions, SignedInUser};
use logto_core::account::VerificationRecord;
use serde::{Deserialize, Serialize};

use super::sealed_cookie::SealedCookie;

/// Logto keeps a verification record ten minutes; the cookie is dropped a little earlier, so a
/// record is not sent in its last seconds (the user is asked again instead of refused).
const COOKIE: SealedCookie = SealedCookie {
    plain: "logto_app_verified",
    secure: "__Secure-logto_app_verified",
    keep_secs: 10 * 60 - 30,
};

/// What the cookie holds, sealed.
#[derive(Serialize, Deserialize)]
struct Kept {
    id: String,
    /// As Logto wrote it.
    logto_expires_at: String,
}

/// The record this browser's session verified, if it still has one.
pub fn read(
    sessions: &Sessions,
    headers: &HeaderMap,
    user: &SignedInUser,
) -> Option<VerificationRecord> {
    let kept: Kept = COOKIE.read(sessions, headers, user)?;
    Some(VerificationRecord::from_parts(
        kept.id,
        kept.logto_expires_at,
    ))
}

/// The `Set-Cookie` that keeps `record` for this session.
pub fn keep(
    sessions: &Sessions,
    user: &SignedInUser,
    record: &VerificationRecord,
) -> Option<HeaderValue> {
    let kept = Kept {
        id: record.id().to_owned(),
        logto_expires_at: record.expires_at.clone(),
    };
    COOKIE.keep(sessions, user, kept)
}

/// The `Set-Cookie` that forgets the record (Logto no longer takes it).
pub fn forget(policy: CookiePolicy) -> Option<HeaderValue> {
    COOKIE.forget(policy)
}
