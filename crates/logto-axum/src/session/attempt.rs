//! Sign-ins in flight live in the browser, not in the store: each attempt (state, nonce, PKCE
//! verifier, return-to, created-at) is sealed into its own cookie, named from its `state` so one
//! tab never overwrites another's, scoped to `/callback`, for ten minutes. So a stranger who
//! clicks "sign in" costs no store write, and any replica can finish any sign-in.
//!
//! The browser sends the attempt cookies only to `/callback`, so `/sign-in` cannot count them;
//! a small index cookie scoped to `/sign-in` lists the attempts it made (ids and times, nothing
//! secret), and the oldest is dropped past [`MAX_ATTEMPTS`], so request headers never grow past
//! what servers accept (oauth2-proxy answered 431 once its CSRF cookies piled up).
//!
//! Each attempt is bound to the browser that started it: a `__Host-` cookie (over https; plain
//! over http, which is for localhost only) holds a random value, set at `/sign-in`, and its hash
//! is sealed into the attempt's additional data. A sibling subdomain can plant an attempt cookie
//! (attempt cookies are scoped to `/callback`, so they cannot be `__Host-`), but not the binding
//! cookie: an attempt planted from the attacker's browser does not open in the victim's (login
//! CSRF). And an attempt is usable once: the callback marks its `state` used in the store (a
//! write only for a callback that carries a valid attempt of this browser's).
//!
//! The sign-out `state` travels the same way, in one sealed cookie, until Logto sends the browser
//! back and it is checked; with the inspector on, the record of the sign-out rides along.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    cookies::CookiePolicy,
    data::PendingSignIn,
    keys::{self, ServerKeys},
};
use logto_core::unix_now;

use logto_core::observe::Flow;

/// Attempts live this long.
pub const ATTEMPT_TTL_SECS: i64 = 10 * 60;
/// How many sign-ins may be in flight at once in one browser (tabs); the oldest goes first.
pub const MAX_ATTEMPTS: usize = 5;
/// A clock this far ahead still counts an attempt as made "now".
const CLOCK_SKEW_SECS: i64 = 60;

const ATTEMPT_PREFIX: &str = "logto_app_attempt_";
const INDEX_NAME: &str = "logto_app_attempts";
const SIGN_OUT_NAME: &str = "logto_app_sign_out";
const BROWSER_NAME: &str = "logto_app_browser";

/// Why an attempt cookie could not be used. Each gets the same page ("sign in again"); the log
/// says which.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AttemptError {
    /// The browser sent no attempt cookie for the callback's `state`: the callback was replayed
    /// (its cookie is cleared when first used), the cookie expired after ten minutes or was
    /// dropped for newer attempts, or the sign-in was started in another browser.
    #[error(
        "no sign-in attempt cookie matches this callback's state (replayed, expired, or another browser)"
    )]
    Missing,
    /// The attempt cookie did not open or did not parse: it was tampered with, sealed by another
    /// deployment or secret, or sealed for another browser and planted in this one.
    #[error(
        "the sign-in attempt cookie does not open: tampered with, sealed by another deployment, or started in another browser and planted in this one"
    )]
    Unsealed,
    /// The browser sent no binding cookie, or one this app did not make: the sign-in was started
    /// in another browser, or the browser's cookies were cleared since.
    #[error(
        "the browser sent no binding cookie: the sign-in was started in another browser (or its cookies were cleared)"
    )]
    NoBrowser,
    /// The store remembers this attempt's `state` as used by an earlier callback (on any
    /// replica): a copy of its cookie was sent again.
    #[error("the sign-in attempt was already used by an earlier callback")]
    Used,
    /// The attempt cookie opened but holds another `state` than the one the callback carries.
    #[error("the sign-in attempt cookie is for another state")]
    OtherState,
    /// The attempt was made ten minutes ago or more, or is dated later
    /// than a clock a minute ahead could say.
    #[error("the sign-in attempt is older than ten minutes")]
    Expired,
}

/// A short, cookie-safe id for an attempt, derived from its `state`.
fn attempt_id(state: &str) -> String {
    Sha256::digest(state.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The name of the attempt cookie for the sign-in whose `state` is `state`: a fixed prefix and
/// 16 hex characters of the state's SHA-256, after `__Secure-` over https.
pub fn attempt_cookie_name(policy: CookiePolicy, state: &str) -> String {
    let secure = if policy.https { "__Secure-" } else { "" };
    format!("{secure}{ATTEMPT_PREFIX}{}", attempt_id(state))
}

/// The name of the index cookie, scoped to `/sign-in`, that lists this browser's sign-ins in
/// flight (after `__Secure-` over https).
pub fn index_cookie_name(policy: CookiePolicy) -> String {
    let secure = if policy.https { "__Secure-" } else { "" };
    format!("{secure}{INDEX_NAME}")
}

/// The name of the cookie that holds the sealed [`SignOutInFlight`] until Logto sends the browser
/// back; over https it is a `__Host-` cookie, which no other site can set.
pub fn sign_out_cookie_name(policy: CookiePolicy) -> String {
    if policy.https {
        format!("__Host-{SIGN_OUT_NAME}")
    } else {
        SIGN_OUT_NAME.to_string()
    }
}

/// The cookie that binds sign-ins in flight (and the inspector's cookie) to this browser. `Path=/`
/// and, over https, `__Host-`: no other site, sibling subdomains included, can set it.
pub fn browser_cookie_name(policy: CookiePolicy) -> String {
    if policy.https {
        format!("__Host-{BROWSER_NAME}")
    } else {
        BROWSER_NAME.to_string()
    }
}

/// What a browser's binding cookie value is bound into seals as: its SHA-256, so the value itself
/// is never inside anything we seal. `None` for a value we did not make.
pub fn browser_binding(value: &str) -> Option<[u8; 32]> {
    keys::is_random_token(value).then(|| Sha256::digest(value.as_bytes()).into())
}

/// The attempts listed in the index cookie: `(id, created_at)`, oldest first. Anything that does
/// not look like ours is ignored.
pub fn parse_index(value: Option<&str>) -> Vec<(String, i64)> {
    let now = unix_now();
    let mut entries: Vec<(String, i64)> = value
        .unwrap_or_default()
        .split('.')
        .filter_map(|entry| {
            let (id, at) = entry.split_once('-')?;
            let at: i64 = at.parse().ok()?;
            let ours = id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit());
            // Nothing in this cookie is sealed: an entry dated in the future would never expire,
            // and a date near i64::MIN would overflow a subtraction.
            let fresh = at <= now.saturating_add(CLOCK_SKEW_SECS)
                && now.saturating_sub(at) < ATTEMPT_TTL_SECS;
            (ours && fresh).then(|| (id.to_string(), at))
        })
        .take(2 * MAX_ATTEMPTS)
        .collect();
    entries.sort_by_key(|(_, at)| *at);
    entries
}

/// The index cookie's value for `entries` (`(id, created_at)`, `created_at` in unix seconds), as
/// [`parse_index`] reads it.
pub fn format_index(entries: &[(String, i64)]) -> String {
    entries
        .iter()
        .map(|(id, at)| format!("{id}-{at}"))
        .collect::<Vec<_>>()
        .join(".")
}

/// Adds `attempt` to the index; returns the new index and the ids of the attempts to drop.
pub fn admit(
    mut index: Vec<(String, i64)>,
    attempt: &PendingSignIn,
) -> (Vec<(String, i64)>, Vec<String>) {
    index.push((attempt_id(&attempt.state), attempt.created_at));
    let excess = index.len().saturating_sub(MAX_ATTEMPTS);
    let dropped = index.drain(..excess).map(|(id, _)| id).collect();
    (index, dropped)
}

/// The name of the attempt cookie whose id (as listed in the index cookie) is `id`: how the
/// attempts [`admit`] drops are cleared.
pub fn cookie_name_for_id(policy: CookiePolicy, id: &str) -> String {
    let secure = if policy.https { "__Secure-" } else { "" };
    format!("{secure}{ATTEMPT_PREFIX}{id}")
}

/// Seals `attempt` for its cookie `name`, bound to the browser whose binding is `browser`.
pub fn seal_attempt(
    keys: &ServerKeys,
    name: &str,
    browser: &[u8; 32],
    attempt: &PendingSignIn,
) -> Result<String, getrandom::Error> {
    let json = serde_json::to_vec(attempt).unwrap_or_default();
    keys.seal_cookie(name, browser, &json)
}

/// What the sign-out cookie holds until Logto sends the browser back.
#[derive(Deserialize, Serialize)]
pub struct SignOutInFlight {
    /// The `state` sent to Logto's end-session endpoint, which must come back with the browser.
    pub state: String,
    /// The inspector's record of the sign-out so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<Flow>,
}

/// Seals `in_flight` for the sign-out cookie `name`, bound to the deployment and the name but
/// to no browser. Fails only without random bytes.
pub fn seal_sign_out(
    keys: &ServerKeys,
    name: &str,
    in_flight: &SignOutInFlight,
) -> Result<String, getrandom::Error> {
    // A `__Host-` cookie over https: nobody else can plant one, so it needs no binding.
    keys.seal_cookie(
        name,
        b"",
        &serde_json::to_vec(in_flight).unwrap_or_default(),
    )
}

/// Opens the sign-out cookie's `value`; `None` when it was tampered with or sealed under another
/// name, key or deployment. A cookie that holds a bare state (sealed before the inspector) opens
/// with no flow.
pub fn open_sign_out(keys: &ServerKeys, name: &str, value: &str) -> Option<SignOutInFlight> {
    let plain = keys.open_cookie(name, b"", value)?;
    // Cookies sealed before the inspector held the bare state.
    serde_json::from_slice(&plain).ok().or_else(|| {
        Some(SignOutInFlight {
            state: String::from_utf8(plain).ok()?,
            flow: None,
        })
    })
}

/// Opens the attempt cookie sent to the callback for `state`, and checks it is that attempt's,
/// made for this browser (`browser`, from its binding cookie), and still fresh.
pub fn open_attempt(
    keys: &ServerKeys,
    name: &str,
    browser: Option<&[u8; 32]>,
    value: Option<&str>,
    state: &str,
) -> Result<PendingSignIn, AttemptError> {
    let value = value.ok_or(AttemptError::Missing)?;
    let browser = browser.ok_or(AttemptError::NoBrowser)?;
    let json = keys
        .open_cookie(name, browser, value)
        .ok_or(AttemptError::Unsealed)?;
    let attempt: PendingSignIn =
        serde_json::from_slice(&json).map_err(|_| AttemptError::Unsealed)?;
    if !logto_core::secrets_match(&attempt.state, state) {
        return Err(AttemptError::OtherState);
    }
    if !is_fresh(attempt.created_at, unix_now()) {
        return Err(AttemptError::Expired);
    }
    Ok(attempt)
}

/// Until when the store must remember that the attempt made at `created_at` was used: as long
/// as its cookie could still be accepted.
pub fn used_until(created_at: i64) -> i64 {
    created_at
        .saturating_add(ATTEMPT_TTL_SECS)
        .saturating_add(CLOCK_SKEW_SECS)
}

/// Made less than ten minutes ago, and not later than a clock a minute ahead could say.
fn is_fresh(created_at: i64, now: i64) -> bool {
    now.saturating_sub(created_at) < ATTEMPT_TTL_SECS
        && created_at <= now.saturating_add(CLOCK_SKEW_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(state: &str, created_at: i64) -> PendingSignIn {
        PendingSignIn {
            state: state.into(),
            nonce: "n".into(),
            pkce_verifier: "v".into(),
            return_to: "/".into(),
            created_at,
            flow: None,
        }
    }

    #[test]
    fn the_sixth_attempt_drops_the_oldest() {
        let now = unix_now();
        let mut index = Vec::new();
        let mut dropped_all = Vec::new();
        for i in 0..6 {
            let (next, dropped) = admit(index, &attempt(&format!("s{i}"), now + i));
            index = next;
            dropped_all.extend(dropped);
        }
        assert_eq!(index.len(), MAX_ATTEMPTS);
        assert_eq!(dropped_all, vec![attempt_id("s0")]);
        assert_eq!(parse_index(Some(&format_index(&index))), index);
    }

    #[test]
    fn planted_index_entries_from_the_future_or_the_far_past_are_dropped_without_overflow() {
        let now = unix_now();
        let id = "b".repeat(16);
        let planted = [
            i64::MIN,
            i64::MIN + 1,
            now + 3600,
            now + 10 * 365 * 86_400,
            i64::MAX,
        ]
        .iter()
        .map(|at| format!("{id}-{at}"))
        .collect::<Vec<_>>()
        .join(".");
        assert!(parse_index(Some(&planted)).is_empty(), "{planted}");
        let kept = format!("{id}-{}.{id}-{}", now - 5, now + CLOCK_SKEW_SECS);
        assert_eq!(
            parse_index(Some(&kept)).len(),
            2,
            "fresh, or a minute ahead"
        );
        assert!(!is_fresh(i64::MIN, now));
        assert!(!is_fresh(i64::MAX, now));
        assert!(!is_fresh(now, i64::MIN), "a clock gone wrong opens nothing");
        assert_eq!(used_until(i64::MAX), i64::MAX);
    }

    #[test]
    fn an_index_cookie_that_is_not_ours_is_ignored() {
        assert!(parse_index(Some("../../x-1.<script>-2")).is_empty());
        assert!(
            parse_index(Some(&format!("{}-0", "a".repeat(16)))).is_empty(),
            "expired"
        );
    }

    #[test]
    fn an_attempt_opens_only_for_its_state_under_its_name_in_its_browser_and_while_fresh() {
        let keys = ServerKeys::derive(b"k", "app http://a");
        let policy = CookiePolicy { https: false };
        let name = attempt_cookie_name(policy, "s1");
        let mine = [1u8; 32];
        let open = |name: &str, browser: Option<&[u8; 32]>, value: Option<&str>, state: &str| {
            open_attempt(&keys, name, browser, value, state).err()
        };
        let sealed = seal_attempt(&keys, &name, &mine, &attempt("s1", unix_now())).expect("seal");
        assert!(open_attempt(&keys, &name, Some(&mine), Some(&sealed), "s1").is_ok());
        assert_eq!(
            open(&name, Some(&mine), None, "s1"),
            Some(AttemptError::Missing)
        );
        assert_eq!(
            open(&name, None, Some(&sealed), "s1"),
            Some(AttemptError::NoBrowser)
        );
        assert_eq!(
            open(&name, Some(&[2u8; 32]), Some(&sealed), "s1"),
            Some(AttemptError::Unsealed),
            "planted in another browser"
        );
        assert_eq!(
            open(&name, Some(&mine), Some(&sealed), "s2"),
            Some(AttemptError::OtherState)
        );
        let other_name = attempt_cookie_name(policy, "s2");
        assert_eq!(
            open(&other_name, Some(&mine), Some(&sealed), "s1"),
            Some(AttemptError::Unsealed)
        );
        assert_eq!(
            open_attempt(
                &ServerKeys::derive(b"x", "app http://a"),
                &name,
                Some(&mine),
                Some(&sealed),
                "s1"
            )
            .err(),
            Some(AttemptError::Unsealed)
        );
        let old = seal_attempt(
            &keys,
            &name,
            &mine,
            &attempt("s1", unix_now() - ATTEMPT_TTL_SECS),
        )
        .expect("seal");
        assert_eq!(
            open(&name, Some(&mine), Some(&old), "s1"),
            Some(AttemptError::Expired)
        );
        let future =
            seal_attempt(&keys, &name, &mine, &attempt("s1", unix_now() + 3600)).expect("seal");
        assert_eq!(
            open(&name, Some(&mine), Some(&future), "s1"),
            Some(AttemptError::Expired)
        );
    }
}
