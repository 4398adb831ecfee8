//! Back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0, section 2.6), as Logto
//! really sends them: signed like its ID tokens (ES384 by default), `typ: logout+jwt`, `aud` a
//! string, and **no `exp`** (Logto's oidc-provider fork predates the fix that added it), so a
//! receiver that requires `exp` refuses every logout Logto sends. `iat` bounds the token's age
//! instead, and the `jti` replay cache (kept by the caller) remembers a token for that long.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Map, Value};

use super::{LogtoClient, LogtoError, RefetchPolicy, unix_now};

/// The event a logout token must carry.
pub const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";
/// A logout token older than this is refused. Logto sends it the moment the user signs out, with
/// a 2.5 s timeout and no retries, so minutes are generous.
pub const MAX_AGE_SECS: i64 = 10 * 60;

/// What a verified logout token says.
#[derive(Debug, PartialEq, Eq)]
pub struct LogoutToken {
    /// The user whose sessions ended (`sub`); None when the token names only the session. At
    /// least one of `sub` and `sid` is present.
    pub sub: Option<String>,
    /// The Logto session that ended (`sid`, as in the ID token's
    /// [`LogtoClaims::sid`](crate::claims::LogtoClaims::sid)); None when the token names only
    /// the user.
    pub sid: Option<String>,
    /// The token's unique id (at most 256 bytes), for the caller's replay check.
    pub jti: String,
    /// When Logto issued the token (unix seconds), at most [`MAX_AGE_SECS`] ago.
    pub iat: i64,
}

impl LogtoClient {
    /// Verifies a logout token: the signature with Logto's keys (made-up `kid`s start a key fetch
    /// at most once per [`RefetchPolicy::UNTRUSTED`] interval: anyone can post here), then every
    /// claim section 2.6 asks for. The replay check on `jti` is the caller's (it needs the store).
    pub async fn verify_logout_token(&self, token: &str) -> Result<LogoutToken, LogtoError> {
        check_header(token).map_err(LogtoError::TokenRejected)?;
        let claims = self
            .verified_jws_claims(token, RefetchPolicy::UNTRUSTED)
            .await?;
        let provider = self.discovery.get().await?;
        check_claims(
            &claims,
            &provider.issuer,
            &self.settings.app_id,
            unix_now(),
            self.settings.clock_leeway.as_secs() as i64,
        )
        .map_err(LogtoError::TokenRejected)
    }
}

/// `typ`, when present, must say this is a logout token, so no other JWT Logto signs (an ID
/// token, say) can be posted as one.
fn check_header(token: &str) -> Result<(), String> {
    let header = token.split('.').next().unwrap_or_default();
    let header = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| "the header is not base64url".to_string())?;
    let header: Map<String, Value> = serde_json::from_slice(&header)
        .map_err(|_| "the header is not a JSON object".to_string())?;
    match header.get("typ") {
        None => Ok(()),
        Some(Value::String(typ))
            if typ.eq_ignore_ascii_case("logout+jwt")
                || typ.eq_ignore_ascii_case("application/logout+jwt") =>
        {
            Ok(())
        }
        Some(_) => Err("`typ` is not logout+jwt".into()),
    }
}

/// The claim checks of section 2.6, steps 3 to 5, with Logto's missing `exp` allowed.
pub fn check_claims(
    claims: &Map<String, Value>,
    issuer: &str,
    client_id: &str,
    now: i64,
    leeway: i64,
) -> Result<LogoutToken, String> {
    let string = |name: &str| {
        claims
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    if string("iss") != Some(issuer) {
        return Err("`iss` is not Logto's issuer".into());
    }
    let for_us = match claims.get("aud") {
        Some(Value::String(aud)) => aud == client_id,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(client_id)),
        _ => false,
    };
    if !for_us {
        return Err("`aud` is not this application".into());
    }
    let iat = claims
        .get("iat")
        .and_then(Value::as_i64)
        .ok_or("`iat` is missing")?;
    if iat > now + leeway {
        return Err("`iat` is in the future".into());
    }
    if iat < now - MAX_AGE_SECS - leeway {
        return Err("`iat` is too old".into());
    }
    if let Some(exp) = claims.get("exp") {
        let exp = exp.as_i64().ok_or("`exp` is not a number")?;
        if exp <= now - leeway {
            return Err("the token has expired".into());
        }
    }
    let jti = string("jti").ok_or("`jti` is missing")?;
    if jti.len() > 256 {
        return Err("`jti` is too long".into());
    }
    let (sub, sid) = (string("sub"), string("sid"));
    if sub.is_none() && sid.is_none() {
        return Err("neither `sub` nor `sid` is present".into());
    }
    let event = claims
        .get("events")
        .and_then(Value::as_object)
        .and_then(|events| events.get(BACKCHANNEL_LOGOUT_EVENT));
    if !event.is_some_and(Value::is_object) {
        return Err("`events` does not hold the back-channel logout event".into());
    }
    if claims.contains_key("nonce") {
        return Err("a logout token must not carry a `nonce`".into());
    }
    Ok(LogoutToken {
        sub: sub.map(str::to_string),
        sid: sid.map(str::to_string),
        jti: jti.to_string(),
        iat,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const ISS: &str = "https://tenant.logto.app/oidc";
    const NOW: i64 = 1_800_000_000;

    /// A token as Logto sends it: no `exp`, `aud` a string, `sid` with "session required".
    fn logto_claims() -> Map<String, Value> {
        json!({
            "iss": ISS, "aud": "app", "iat": NOW, "jti": "V1StGXR8_Z5jdHi6B-myT",
            "sub": "user-1", "sid": "session-1",
            "events": { BACKCHANNEL_LOGOUT_EVENT: {} }
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    fn check(claims: &Map<String, Value>) -> Result<LogoutToken, String> {
        check_claims(claims, ISS, "app", NOW, 60)
    }

    fn without(name: &str) -> Map<String, Value> {
        let mut c = logto_claims();
        c.remove(name);
        c
    }

    fn with(name: &str, value: Value) -> Map<String, Value> {
        let mut c = logto_claims();
        c.insert(name.into(), value);
        c
    }

    #[test]
    fn a_logout_token_as_logto_sends_it_without_exp_is_accepted() {
        let token = check(&logto_claims()).expect("Logto's own shape");
        assert_eq!(token.sid.as_deref(), Some("session-1"));
        assert_eq!(token.sub.as_deref(), Some("user-1"));
        assert!(check(&without("sid")).is_ok(), "sub alone");
        assert!(check(&without("sub")).is_ok(), "sid alone");
        assert!(check(&with("aud", json!(["other", "app"]))).is_ok());
        assert!(
            check(&with("exp", json!(NOW + 120))).is_ok(),
            "exp when present"
        );
        assert!(
            check(&with("iat", json!(NOW + 59))).is_ok(),
            "a clock slightly ahead"
        );
    }

    #[test]
    fn every_claim_rule_of_section_2_6_refuses_its_violation() {
        let cases = [
            ("wrong iss", with("iss", json!("https://evil.example/oidc"))),
            ("no iss", without("iss")),
            ("wrong aud", with("aud", json!("another-app"))),
            ("no aud", without("aud")),
            ("no iat", without("iat")),
            ("iat in the future", with("iat", json!(NOW + 3600))),
            ("iat too old", with("iat", json!(NOW - MAX_AGE_SECS - 61))),
            ("expired", with("exp", json!(NOW - 61))),
            ("exp not a number", with("exp", json!("soon"))),
            ("no jti", without("jti")),
            ("empty jti", with("jti", json!(""))),
            ("no events", without("events")),
            (
                "wrong event",
                with(
                    "events",
                    json!({"http://schemas.openid.net/event/other": {}}),
                ),
            ),
            (
                "event not an object",
                with("events", json!({ BACKCHANNEL_LOGOUT_EVENT: "yes" })),
            ),
            ("a nonce", with("nonce", json!("n"))),
        ];
        for (what, claims) in cases {
            assert!(check(&claims).is_err(), "{what} must be refused");
        }
        let mut neither = without("sub");
        neither.remove("sid");
        assert!(check(&neither).is_err(), "neither sub nor sid");
    }

    #[test]
    fn a_logout_token_up_to_ten_minutes_old_is_accepted_with_a_minute_of_skew_either_way() {
        // Literal seconds, not `MAX_AGE_SECS`: the window itself is what is pinned. Leeway 60 s.
        let iat = |at: i64| check(&with("iat", json!(at)));
        assert!(iat(NOW - 9 * 60).is_ok(), "nine minutes old");
        assert!(
            iat(NOW - 11 * 60).is_ok(),
            "ten minutes old, a clock a minute behind"
        );
        assert!(iat(NOW - 11 * 60 - 1).is_err(), "a second older than that");
        assert!(iat(NOW + 60).is_ok(), "a clock a full minute ahead");
        assert!(iat(NOW + 61).is_err(), "a second further ahead");
        let exp = |at: i64| check(&with("exp", json!(at)));
        assert!(exp(NOW - 59).is_ok(), "expired within the leeway");
        assert!(exp(NOW - 60).is_err(), "expired a full leeway ago");
    }

    #[test]
    fn a_jti_of_256_characters_is_accepted_and_a_longer_one_refused() {
        assert!(check(&with("jti", json!("j".repeat(256)))).is_ok());
        assert!(check(&with("jti", json!("j".repeat(257)))).is_err());
    }

    #[test]
    fn only_a_logout_typ_or_none_passes_the_header_check() {
        let token =
            |header: Value| format!("{}.e30.sig", URL_SAFE_NO_PAD.encode(header.to_string()));
        assert!(check_header(&token(json!({"alg": "ES384", "typ": "logout+jwt"}))).is_ok());
        assert!(check_header(&token(json!({"alg": "ES384"}))).is_ok());
        assert!(check_header(&token(json!({"alg": "ES384", "typ": "JWT"}))).is_err());
        assert!(check_header("!!!.e30.sig").is_err());
    }
}
