//! Arbitrary `Cookie` header values through the path tower-sessions takes: split on `;`,
//! `Cookie::parse_encoded`, then `session::Id::from_str` on our cookie's value. Never panics,
//! and an accepted id prints back to an id that parses to itself.
#![no_main]

use std::str::FromStr;

use libfuzzer_sys::fuzz_target;
use tower_sessions::{cookie::Cookie, session::Id};

fn check_id(value: &str) {
    if let Ok(id) = Id::from_str(value) {
        let printed = id.to_string();
        assert_eq!(printed.len(), 22, "{value:?} printed as {printed:?}");
        assert_eq!(Id::from_str(&printed).ok(), Some(id), "{value:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(header) = std::str::from_utf8(data) else {
        return;
    };
    // The raw value on its own...
    check_id(header);
    // ...and the header as tower-cookies reads it.
    for piece in header.split(';') {
        if let Ok(cookie) = Cookie::parse_encoded(piece.to_owned()) {
            if cookie.name() == logto_axum::session_cookie_name(false)
                || cookie.name() == logto_axum::session_cookie_name(true)
            {
                check_id(cookie.value());
            }
        }
    }
});
