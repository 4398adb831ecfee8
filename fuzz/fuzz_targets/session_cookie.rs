//! Arbitrary `Cookie` header values through the path the session layer takes: split into pairs,
//! find our cookies, `SessionId::parse` the session cookie and open the sealed ones. Never panics;
//! an accepted id prints back to itself; nothing made up opens as a sealed cookie.
#![no_main]

use axum::http::{HeaderMap, HeaderValue, header};
use libfuzzer_sys::fuzz_target;
use logto_axum::session::{
    CookiePolicy,
    cookies::request_cookies,
    keys::{ServerKeys, SessionId},
};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = HeaderValue::from_bytes(data) else {
        return;
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::COOKIE, value);
    let keys = ServerKeys::derive(b"fuzz", "fuzz http://localhost");
    for https in [false, true] {
        let policy = CookiePolicy { https };
        for (name, value) in request_cookies(&headers) {
            if name == policy.session_name() {
                if let Some(id) = SessionId::parse(value) {
                    assert_eq!(id.to_cookie_value(), value);
                }
            }
            assert!(keys.open_cookie(name, b"", value).is_none(), "{name}={value}");
        }
    }
});
