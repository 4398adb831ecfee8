//! `sign_in_options` on arbitrary method / mode / login_hint / Accept-Language: never panics,
//! and every accepted request sends Logto only values from its allowed sets (see
//! `tests/bad_input/properties.rs`).
#![no_main]

#[path = "../../tests/bad_input/properties.rs"]
#[allow(dead_code)]
mod properties;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

/// A field either one of the values the app knows (so the fuzzer reaches the accepting paths
/// quickly) or anything at all.
#[derive(Arbitrary, Debug)]
enum Field {
    Known(u8),
    Any(String),
}

impl Field {
    fn resolve<'a>(&'a self, known: &[&'static str]) -> &'a str {
        match self {
            Field::Known(i) => known[usize::from(*i) % known.len()],
            Field::Any(s) => s,
        }
    }
}

const METHODS: [&str; 5] = ["email", "phone", "huggingface", "", "Email"];
const MODES: [&str; 4] = ["sign-in", "sign-up", "", "register"];
const HINTS: [&str; 6] = [
    "ada@example.com",
    "+44 20 7946 0958",
    " ada@example.com ",
    "(555) 123-4567",
    "a@b.c",
    "+12345",
];
const LANGUAGES: [&str; 4] = [
    "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5",
    "en;q=0.2, pt-BR",
    "zh-Hans-CN, x_y, <script>, es;q=0",
    "en;q=NaN, de;q=-1, fr;q=1e9, it;q=inf",
];

#[derive(Arbitrary, Debug)]
struct Input {
    method: Option<Field>,
    mode: Option<Field>,
    login_hint: Option<Field>,
    accept_language: Option<Field>,
}

fuzz_target!(|input: Input| {
    properties::check_sign_in_options(
        input.method.as_ref().map(|f| f.resolve(&METHODS)),
        input.mode.as_ref().map(|f| f.resolve(&MODES)),
        input.login_hint.as_ref().map(|f| f.resolve(&HINTS)),
        input
            .accept_language
            .as_ref()
            .map(|f| f.resolve(&LANGUAGES)),
    );
});
