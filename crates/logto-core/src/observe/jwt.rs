//! What the inspector shows of a JWT (an ID token): its header and the claims the checks are
//! about. Decoded without verification, for display only, beside the checks that decide whether
//! the app believes it. Values that could help replay or link sessions (`nonce`, `at_hash`, `sid`)
//! are masked; profile claims (name, email…) are listed by name only.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Map, Value};

use super::{
    mask::{masked, public, text},
    record::{Fact, Val},
};

/// Claims shown with their value, in this order.
const SHOWN: [&str; 6] = ["iss", "sub", "aud", "exp", "iat", "auth_time"];
/// Claims shown masked.
const MASKED: [&str; 3] = ["nonce", "at_hash", "sid"];
/// At most this many other claim names are listed.
const MAX_OTHER: usize = 24;

/// The header (`alg`, `kid`, `typ`) and the claims of `jwt`; empty when it does not decode.
pub fn describe(jwt: &str) -> (Vec<Fact>, Vec<Fact>) {
    let mut parts = jwt.split('.');
    let (Some(header), Some(payload)) = (decode(parts.next()), decode(parts.next())) else {
        return (Vec::new(), Vec::new());
    };
    // Header values are public: the key id names a key in Logto's published key set.
    let header_facts = ["alg", "kid", "typ"]
        .iter()
        .filter_map(|name| {
            let value = header.get(*name)?.as_str()?;
            Some(Fact(name.to_string(), Val::Text(public(value))))
        })
        .collect();
    let mut claims: Vec<Fact> = Vec::new();
    for name in SHOWN {
        let Some(value) = payload.get(name) else {
            continue;
        };
        let val = match (name, value) {
            ("exp" | "iat" | "auth_time", Value::Number(n)) => n.as_i64().map(|t| Val::Time { t }),
            _ => plain(value),
        };
        if let Some(val) = val {
            claims.push(Fact(name.to_string(), val));
        }
    }
    for name in MASKED {
        if let Some(Value::String(secret)) = payload.get(name) {
            claims.push(Fact(name.to_string(), masked(secret)));
        }
    }
    let others: Vec<&str> = payload
        .keys()
        .map(String::as_str)
        .filter(|k| !SHOWN.contains(k) && !MASKED.contains(k))
        .take(MAX_OTHER)
        .collect();
    if !others.is_empty() {
        claims.push(Fact("…".into(), Val::Text(text(&others.join(" ")))));
    }
    (header_facts, claims)
}

fn decode(part: Option<&str>) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(part?).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A string, number or list of strings, as bounded text.
fn plain(value: &Value) -> Option<Val> {
    match value {
        Value::String(s) => Some(Val::Text(text(s))),
        Value::Number(n) => n.as_i64().map(Val::Number),
        Value::Array(items) => {
            let items: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            Some(Val::Text(text(&items.join(" "))))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(header: Value, claims: Value) -> String {
        format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    #[test]
    fn the_header_and_the_checked_claims_are_shown_and_the_nonce_only_masked() {
        let token = jwt(
            json!({"alg": "ES384", "kid": "k1"}),
            json!({"iss": "https://t.logto.app/oidc", "sub": "u1", "aud": "app", "exp": 20,
                   "iat": 10, "nonce": "n0nce-value-of-some-length", "email": "a@example.com",
                   "name": "Ada"}),
        );
        let (header, claims) = describe(&token);
        assert_eq!(
            header,
            [
                Fact("alg".into(), Val::Text("ES384".into())),
                Fact("kid".into(), Val::Text("k1".into()))
            ]
        );
        let shown = serde_json::to_string(&claims).expect("json");
        assert!(shown.contains(r#"["exp",{"t":20}]"#), "{shown}");
        assert!(shown.contains(r#"["nonce",["n0nc",26]]"#), "{shown}");
        assert!(
            !shown.contains("a@example.com") && !shown.contains("Ada"),
            "{shown}"
        );
        assert!(shown.contains(r#"["…","email name"]"#), "{shown}");
    }

    #[test]
    fn something_that_is_not_a_jwt_shows_nothing() {
        assert_eq!(describe("opaque-token"), (vec![], vec![]));
        assert_eq!(describe("a.b.c"), (vec![], vec![]));
    }
}
