//! Query strings and form bodies parsed the way the app parses them: the callback's shape, the
//! other routes' shapes, and `logto_app::query::parse_query` itself. Never panics, and
//! `parse_query` agrees with `serde_urlencoded`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_app::query::parse_query;
use serde::Deserialize;

/// `GET /callback` (src/auth/callback.rs).
#[derive(Deserialize, Debug, PartialEq)]
#[allow(dead_code)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    error: Option<String>,
}

/// `GET /sign-in` (src/auth/sign_in.rs).
#[derive(Deserialize, Debug, PartialEq)]
#[allow(dead_code)]
struct SignInQuery {
    method: Option<String>,
    mode: Option<String>,
    login_hint: Option<String>,
    return_to: Option<String>,
}

/// `GET /` (src/pages/home.rs).
#[derive(Deserialize, Debug, PartialEq)]
#[allow(dead_code)]
struct HomeQuery {
    state: Option<String>,
}

/// `POST /sign-out`'s form (src/auth/sign_out.rs), read with `serde_urlencoded::from_bytes`.
#[derive(Deserialize, Debug, PartialEq)]
#[allow(dead_code)]
struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

fn same_as_serde_urlencoded<T>(raw: &str)
where
    T: for<'de> Deserialize<'de> + std::fmt::Debug + PartialEq,
{
    let direct = serde_urlencoded::from_str::<T>(raw);
    let ours = parse_query::<T>(Some(raw));
    match (&direct, &ours) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{raw:?}"),
        (Err(_), Err(e)) => {
            let _ = e.to_string();
        }
        _ => panic!("{raw:?}: serde_urlencoded says {direct:?}, parse_query says {ours:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    // The form body arrives as bytes.
    let _ = serde_urlencoded::from_bytes::<SignOutForm>(data);
    // Queries arrive as a `str` (hyper refuses non-ASCII bytes in the request target).
    if let Ok(raw) = std::str::from_utf8(data) {
        same_as_serde_urlencoded::<CallbackQuery>(raw);
        same_as_serde_urlencoded::<SignInQuery>(raw);
        same_as_serde_urlencoded::<HomeQuery>(raw);
        // An absent query is an empty one.
        if raw.is_empty() {
            assert!(parse_query::<CallbackQuery>(None).is_ok());
        }
    }
});
