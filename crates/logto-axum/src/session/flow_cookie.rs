//! The flow inspector's cookie: the record of the last flow that has no session to live in.
//!
//! Decision: a failed sign-in has no session (and `/sign-in` and `/callback` must write nothing to
//! the store for strangers: anyone can make a callback fail), a sign-out has just destroyed its
//! session, and a refresh that Logto refused has ended it. Their records go where the sign-in
//! attempts go: into the browser, sealed with the server's cookie key (XChaCha20-Poly1305, bound
//! to the cookie's name), so only this app can read or forge them and the store never sees them.
//! One flow, at most [`MAX_SEALED`] bytes (shrunk to fit), `HttpOnly`, `SameSite=Lax`, for ten
//! minutes like an attempt, and `Path=/inspect`: it travels with no other request.

use axum::http::HeaderMap;
use cookie::Cookie;

use crate::session::{CookiePolicy, cookies::request_cookie, keys::ServerKeys};
use logto_core::observe::Flow;

const NAME: &str = "logto_app_inspect";
/// The cookie's `Path`: the browser sends it only with requests for the inspector's pages.
pub const PATH: &str = "/inspect";
/// Ten minutes, like a sign-in attempt.
pub const TTL_SECS: i64 = 10 * 60;
/// The sealed value stays under this many bytes, well inside browsers' 4 KB per cookie: a
/// sign-in that failed at its last call to Logto (userinfo) measures about 2.6 KB.
pub const MAX_SEALED: usize = 3000;

/// The inspector cookie's name, after `__Secure-` over https.
pub fn name(policy: CookiePolicy) -> String {
    let secure = if policy.https { "__Secure-" } else { "" };
    format!("{secure}{NAME}")
}

/// The cookie that keeps `flow` for the browser whose binding is `browser`, shrunk until it
/// fits; `None` if even the bare failure does not.
pub fn keep(
    keys: &ServerKeys,
    policy: CookiePolicy,
    browser: &[u8; 32],
    flow: &Flow,
) -> Option<Cookie<'static>> {
    let name = name(policy);
    let sealed = fitted(flow)
        .filter_map(|flow| {
            keys.seal_cookie(&name, browser, &serde_json::to_vec(&flow).ok()?)
                .ok()
        })
        .find(|sealed| sealed.len() <= MAX_SEALED)?;
    Some(policy.build(name, sealed, PATH, TTL_SECS))
}

/// The flow in the request's inspector cookie, if it opens for the browser whose binding is
/// `browser`.
pub fn read(
    keys: &ServerKeys,
    policy: CookiePolicy,
    browser: &[u8; 32],
    headers: &HeaderMap,
) -> Option<Flow> {
    let name = name(policy);
    let plain = keys.open_cookie(&name, browser, request_cookie(headers, &name)?)?;
    serde_json::from_slice(&plain).ok()
}

/// `flow` as is, then ever smaller versions of it: without what passing steps sent and received
/// (the failed step keeps its values), then without any values (every check stays), then only
/// the steps that failed.
fn fitted(flow: &Flow) -> impl Iterator<Item = Flow> {
    let without_values = |flow: &Flow, keep_failed: bool| {
        let mut smaller = flow.clone();
        for step in &mut smaller.steps {
            if !(keep_failed && step.failed()) {
                step.sent.clear();
                step.received.clear();
            }
        }
        smaller
    };
    let passing_bare = without_values(flow, true);
    let bare = without_values(flow, false);
    let mut failed_only = bare.clone();
    failed_only.steps.retain(|step| step.failed());
    [flow.clone(), passing_bare, bare, failed_only].into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use logto_core::observe::record::{FlowKind, Step, StepKind, Val};
    use logto_core::observe::{Fact, mask::masked};

    #[test]
    fn a_flow_too_big_for_a_cookie_is_shrunk_to_its_checks() {
        let keys = ServerKeys::derive(b"k", "app http://a");
        let policy = CookiePolicy { https: false };
        let mut step = Step::new(StepKind::Token);
        for i in 0..24 {
            step.received
                .push(Fact(format!("claim{i}"), Val::Text("x".repeat(150))));
        }
        step.sent
            .push(Fact("code".into(), masked("secret-code-value")));
        step.error = Some("refused".into());
        let flow = Flow {
            kind: FlowKind::SignIn,
            started_at: 1,
            why: None,
            steps: vec![step],
        };
        let browser = [7u8; 32];
        let cookie = keep(&keys, policy, &browser, &flow).expect("fits once shrunk");
        assert!(cookie.value().len() <= MAX_SEALED);
        assert_eq!(cookie.path(), Some("/inspect"));
        assert_eq!(cookie.http_only(), Some(true));
        let mut headers = HeaderMap::new();
        let sent = format!("{}={}", cookie.name(), cookie.value());
        headers.insert(axum::http::header::COOKIE, sent.parse().expect("header"));
        assert!(
            read(&keys, policy, &[8u8; 32], &headers).is_none(),
            "not in another browser"
        );
        let back = read(&keys, policy, &browser, &headers).expect("opens");
        assert_eq!(back.steps[0].error.as_deref(), Some("refused"));
        assert!(back.steps[0].received.is_empty());
    }
}
