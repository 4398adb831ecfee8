//! A small value kept between two account requests in a sealed cookie of the app's own
//! (`Sessions::seal_cookie`): scoped to `/account`, `HttpOnly`, bound to the session it was made
//! for (its CSRF token, a secret of that session only) and to the user, and ignored after its
//! time. The verified identity check (`verification.rs`) and the code awaited
//! (`pending_code.rs`) are both kept this way.

use axum::http::{HeaderMap, HeaderValue};
use logto_axum::session::{CookiePolicy, Sessions, SignedInUser, cookies::request_cookie};
use logto_core::unix_now;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// Only the account pages need these cookies.
const PATH: &str = "/account";

/// One such cookie: its names over http and over https.
pub struct SealedCookie {
    /// Over plain http (local development).
    pub plain: &'static str,
    /// Over https: `__Secure-`, not `__Host-`, since the cookie is scoped to `/account`.
    pub secure: &'static str,
    /// How long it is kept, in seconds.
    pub keep_secs: i64,
}

/// What is sealed: the value, and when the cookie stops counting.
#[derive(Serialize, Deserialize)]
struct Kept<T> {
    value: T,
    /// Unix seconds: after this the cookie is ignored.
    until: i64,
}

impl SealedCookie {
    fn name(&self, policy: CookiePolicy) -> &'static str {
        if policy.https {
            self.secure
        } else {
            self.plain
        }
    }

    /// The value this browser's session kept, if it is still in time.
    pub fn read<T: DeserializeOwned>(
        &self,
        sessions: &Sessions,
        headers: &HeaderMap,
        user: &SignedInUser,
    ) -> Option<T> {
        let name = self.name(sessions.policy());
        let sealed = request_cookie(headers, name)?;
        let plain = sessions.open_cookie(name, &binding(user), sealed)?;
        let kept: Kept<T> = serde_json::from_slice(&plain).ok()?;
        (kept.until > unix_now()).then_some(kept.value)
    }

    /// The `Set-Cookie` that keeps `value` for this session.
    pub fn keep<T: Serialize>(
        &self,
        sessions: &Sessions,
        user: &SignedInUser,
        value: T,
    ) -> Option<HeaderValue> {
        let kept = Kept {
            value,
            until: unix_now() + self.keep_secs,
        };
        let plain = serde_json::to_vec(&kept).ok()?;
        let policy = sessions.policy();
        let name = self.name(policy);
        let sealed = sessions.seal_cookie(name, &binding(user), &plain).ok()?;
        let cookie = policy.build(name.to_owned(), sealed, PATH, self.keep_secs);
        HeaderValue::from_str(&cookie.to_string()).ok()
    }

    /// The `Set-Cookie` that forgets it.
    pub fn forget(&self, policy: CookiePolicy) -> Option<HeaderValue> {
        let cookie = policy.removal(self.name(policy).to_owned(), PATH);
        HeaderValue::from_str(&cookie.to_string()).ok()
    }
}

/// What the seal is bound to: the session (its CSRF token) and the user.
fn binding(user: &SignedInUser) -> Vec<u8> {
    [
        user.csrf_token.as_bytes(),
        &[0],
        user.profile.sub.as_bytes(),
    ]
    .concat()
}
