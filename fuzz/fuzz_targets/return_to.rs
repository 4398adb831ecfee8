//! `same_origin_path` on arbitrary input: never panics, and anything it returns is a path on
//! this site (see `tests/bad_input/properties.rs`).
#![no_main]

#[path = "../../tests/bad_input/properties.rs"]
#[allow(dead_code)]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Valid UTF-8 as is; anything else the way a query decoder would see it (lossily).
    let raw = String::from_utf8_lossy(data);
    properties::check_return_to(&raw);
});
