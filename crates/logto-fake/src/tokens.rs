//! JWTs the fake issues: ID tokens (with every ID-token misbehaviour applied here) and JWT access
//! tokens for API resources and organizations.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde_json::{Map, Value, json};

use super::keys::Key;
use super::state::{CLIENT_ID, State};
use super::{Misbehaviour as M, TestUser};

use super::clock::now;
use super::random::opaque;

/// `header.payload.signature`, signed by `key`.
pub fn jws(header: &Value, claims: &Value, key: &Key) -> String {
    let input = format!(
        "{}.{}",
        B64URL.encode(header.to_string()),
        B64URL.encode(claims.to_string())
    );
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", B64URL.encode(signature))
}

/// What an ID token is about.
pub struct IdTokenInput<'a> {
    pub user: &'a TestUser,
    pub scope: &'a str,
    pub nonce: Option<&'a str>,
    pub access_token: &'a str,
    /// Issued by the refresh-token grant (the `Refresh*` misbehaviours apply).
    pub refreshed: bool,
    /// The Logto session id for this app, sent when back-channel logout with "session required"
    /// is on (see [`FakeLogto::require_backchannel_session`](super::FakeLogto::require_backchannel_session)).
    pub sid: Option<String>,
}

/// An ID token as Logto signs it, with the state's misbehaviours applied.
pub fn id_token(state: &State, input: &IdTokenInput<'_>) -> String {
    let has = |m: &M| state.has(m);
    let key = if has(&M::IdTokenSignedEs256) {
        &state.keys.es256
    } else if has(&M::IdTokenUnknownKid) {
        &state.keys.pending
    } else {
        &state.keys.current
    };

    let mut claims = Map::new();
    if !has(&M::IdTokenMissingSub) {
        let sub = if input.refreshed && has(&M::RefreshWrongSub) {
            "someone-else"
        } else {
            &input.user.sub
        };
        claims.insert("sub".into(), json!(sub));
    }
    claims.extend(input.user.id_token_claims(input.scope));
    if has(&M::IdTokenWrongNonce) {
        claims.insert("nonce".into(), json!("not-the-nonce-you-sent"));
    } else if has(&M::IdTokenMissingNonce) {
        // No nonce at all.
    } else if let Some(nonce) = input.nonce {
        claims.insert("nonce".into(), json!(nonce));
    }
    if let Some(sid) = &input.sid {
        claims.insert("sid".into(), json!(sid));
    }
    let hashed = if has(&M::AtHashMismatch) {
        "a-different-access-token"
    } else {
        input.access_token
    };
    if !has(&M::IdTokenMissingAtHash) {
        claims.insert("at_hash".into(), json!(key.at_hash(hashed)));
    }
    if has(&M::IdTokenWrongAudience) {
        claims.insert("aud".into(), json!("another-app-id"));
    } else if !has(&M::IdTokenMissingAudience) {
        claims.insert("aud".into(), json!(CLIENT_ID));
    }
    let now = now();
    let future = state.misbehaviours.iter().find_map(|m| match m {
        M::IdTokenIatInFuture(secs) => Some(*secs),
        _ => None,
    });
    let expired_ago = state.misbehaviours.iter().find_map(|m| match m {
        M::IdTokenExpiredSecondsAgo(secs) => Some(*secs),
        _ => None,
    });
    let (iat, exp) = if has(&M::IdTokenExpired) {
        (now - 70 * 60, now - 10 * 60)
    } else if let Some(secs) = expired_ago {
        (now - secs - 3600, now - secs)
    } else if let Some(secs) = future {
        (now + secs, now + secs + 3600)
    } else {
        (now, now + 3600)
    };
    claims.insert("exp".into(), json!(exp));
    if !has(&M::IdTokenMissingIat) {
        claims.insert("iat".into(), json!(iat));
    }
    let iss = if has(&M::IdTokenWrongIssuer) || (input.refreshed && has(&M::RefreshWrongIssuer)) {
        state.wrong_issuer()
    } else {
        state.issuer()
    };
    claims.insert("iss".into(), json!(iss));
    let claims = Value::Object(claims);

    if has(&M::IdTokenAlgNone) {
        let header = json!({"alg": "none", "typ": "JWT"});
        return format!(
            "{}.{}.",
            B64URL.encode(header.to_string()),
            B64URL.encode(claims.to_string())
        );
    }
    let header = if has(&M::IdTokenNoKid) {
        json!({"alg": key.alg(), "typ": "JWT"})
    } else {
        json!({"alg": key.alg(), "typ": "JWT", "kid": key.kid})
    };
    let token = jws(&header, &claims, key);
    if has(&M::IdTokenBadSignature) {
        flip_first_signature_byte(&token)
    } else {
        token
    }
}

fn flip_first_signature_byte(token: &str) -> String {
    let (input, signature) = token.rsplit_once('.').expect("a JWS has three parts");
    let mut bytes = B64URL.decode(signature).expect("our own base64url");
    bytes[0] ^= 0x01;
    format!("{input}.{}", B64URL.encode(bytes))
}

/// What a JWT access token (for an API resource or an organization) is about.
pub struct AccessTokenInput<'a> {
    pub sub: &'a str,
    pub audience: &'a str,
    pub scope: &'a str,
    pub organization_id: Option<&'a str>,
    pub ttl: i64,
}

/// A JWT access token as Logto issues for `resource=` / `organization_id=` (typ `at+jwt`, signed
/// with the current key).
pub fn resource_access_token(state: &State, input: &AccessTokenInput<'_>) -> String {
    let key = &state.keys.current;
    let now = now();
    let mut claims = json!({
        "jti": opaque(),
        "sub": input.sub,
        "iat": now,
        "exp": now + input.ttl,
        "scope": input.scope,
        "client_id": CLIENT_ID,
        "iss": state.issuer(),
        "aud": input.audience,
    });
    if let Some(org) = input.organization_id {
        claims["organization_id"] = json!(org);
    }
    let header = json!({"alg": key.alg(), "typ": "at+jwt", "kid": key.kid});
    jws(&header, &claims, key)
}

/// A back-channel logout token as Logto signs it (`typ` `logout+jwt`, no `exp`), with the current
/// key; `kid` replaces the key's kid in the header (a made-up kid, as an attacker would send).
/// A logout token's claims as Logto sends them: no `exp`, `aud` a string; `sid` when given.
pub fn logout_claims(state: &State, sub: Option<&str>, sid: Option<&str>) -> Value {
    let mut claims = json!({
        "iss": state.issuer(),
        "aud": CLIENT_ID,
        "iat": now(),
        "jti": opaque(),
        "events": { "http://schemas.openid.net/event/backchannel-logout": {} },
    });
    if let Some(sub) = sub {
        claims["sub"] = json!(sub);
    }
    if let Some(sid) = sid {
        claims["sid"] = json!(sid);
    }
    claims
}

pub fn logout_token(state: &State, sub: &str, kid: Option<&str>) -> String {
    let key = &state.keys.current;
    let claims = json!({
        "iss": state.issuer(),
        "aud": CLIENT_ID,
        "iat": now(),
        "jti": opaque(),
        "sub": sub,
        "events": { "http://schemas.openid.net/event/backchannel-logout": {} },
    });
    let header = json!({"alg": key.alg(), "typ": "logout+jwt", "kid": kid.unwrap_or(&key.kid)});
    jws(&header, &claims, key)
}
