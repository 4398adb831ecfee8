//! Compact JWS tokens signed by Logto that openidconnect has no verifier for, such as back-channel
//! logout tokens: the signature is checked against Logto's published keys with the algorithms
//! discovery lists, with the same search for newer keys as ID tokens, under the caller's
//! [`RefetchPolicy`]. The claims are returned unchecked: they are the caller's to judge.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD as B64URL};
use openidconnect::{
    JsonWebKey, JsonWebKeyAlgorithm, JsonWebKeyUse, JwsSigningAlgorithm,
    core::{CoreJsonWebKey, CoreJwsSigningAlgorithm},
};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    LogtoClient, LogtoError,
    discovery::Provider,
    refetch::{RefetchPolicy, Rejection},
};

impl LogtoClient {
    /// The claims of `token` once its signature is shown to be Logto's. Only the signature is
    /// checked: `iss`, `aud`, `iat`, `typ`… are the caller's. Use [`RefetchPolicy::UNTRUSTED`]
    /// for tokens anyone can send.
    pub async fn verified_jws_claims(
        &self,
        token: &str,
        policy: RefetchPolicy,
    ) -> Result<Map<String, Value>, LogtoError> {
        let jws = Jws::parse(token).map_err(LogtoError::TokenRejected)?;
        let provider = self.discovery.get().await?;
        self.discovery
            .with_fresh_keys(provider, policy, |p| jws.verify(p))
            .await?;
        serde_json::from_slice(&jws.payload).map_err(|e| {
            LogtoError::TokenRejected(format!("the claims are not a JSON object: {e}"))
        })
    }
}

#[derive(Deserialize)]
struct Header {
    alg: CoreJwsSigningAlgorithm,
    kid: Option<String>,
}

/// A compact JWS taken apart, not yet verified.
struct Jws<'a> {
    signing_input: &'a str,
    header: Header,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

impl<'a> Jws<'a> {
    fn parse(token: &'a str) -> Result<Self, String> {
        let (signing_input, signature) = token.rsplit_once('.').ok_or("not a compact JWS")?;
        let (header, payload) = signing_input
            .split_once('.')
            .filter(|(_, payload)| !payload.contains('.'))
            .ok_or("not a compact JWS")?;
        let decode = |part: &str, what: &str| {
            B64URL
                .decode(part)
                .map_err(|e| format!("the {what} is not base64url: {e}"))
        };
        let header: Header = serde_json::from_slice(&decode(header, "header")?)
            .map_err(|e| format!("unreadable header: {e}"))?;
        Ok(Self {
            signing_input,
            header,
            payload: decode(payload, "payload")?,
            signature: decode(signature, "signature")?,
        })
    }

    fn verify(&self, provider: &Provider) -> Result<(), Rejection> {
        let alg = &self.header.alg;
        let invalid = |message: String| Rejection::Invalid(LogtoError::TokenRejected(message));
        // Never `none` or a MAC keyed by our secret, whatever discovery says.
        if *alg == CoreJwsSigningAlgorithm::None || alg.uses_shared_secret() {
            return Err(invalid(format!("algorithm {alg:?} is not allowed")));
        }
        if !provider.id_token_algs.contains(alg) {
            return Err(Rejection::UnknownKey(format!(
                "algorithm {alg:?} is not one discovery lists"
            )));
        }
        let kid = self.header.kid.as_deref();
        let keys: Vec<&CoreJsonWebKey> = provider
            .jwks
            .keys()
            .iter()
            .filter(|key| kid.is_none_or(|kid| key.key_id().is_some_and(|id| **id == kid)))
            .filter(|key| fits(key, alg))
            .collect();
        let key = match keys.as_slice() {
            [] => return Err(Rejection::UnknownKey("no matching key".into())),
            [key] => key,
            // As openidconnect does for ID tokens: with several candidates, a kid is required.
            _ => return Err(invalid("no kid, and several keys fit".into())),
        };
        key.verify_signature(alg, self.signing_input.as_bytes(), &self.signature)
            .map_err(|e| invalid(format!("signature verification failed: {e}")))
    }
}

/// Whether `key` may check signatures made with `alg`.
fn fits(key: &CoreJsonWebKey, alg: &CoreJwsSigningAlgorithm) -> bool {
    let usable = key.key_use().is_none_or(|u| u.allows_signature());
    let same_type = alg.key_type().as_ref() == Some(key.key_type());
    let same_alg = match key.signing_alg() {
        JsonWebKeyAlgorithm::Unspecified => true,
        JsonWebKeyAlgorithm::Algorithm(key_alg) => key_alg == alg,
        JsonWebKeyAlgorithm::Unsupported => false,
    };
    usable && same_type && same_alg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(text: &str) -> String {
        B64URL.encode(text)
    }

    #[test]
    fn a_well_formed_token_is_taken_apart() {
        let token = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"ES384","kid":"k1"}"#),
            b64("{}"),
            b64("sig")
        );
        let jws = Jws::parse(&token).expect("parses");
        assert_eq!(jws.header.alg, CoreJwsSigningAlgorithm::EcdsaP384Sha384);
        assert_eq!(jws.header.kid.as_deref(), Some("k1"));
        assert_eq!(jws.payload, b"{}");
        assert_eq!(jws.signature, b"sig");
    }

    #[test]
    fn malformed_tokens_are_refused_before_any_key_is_looked_at() {
        let header = b64(r#"{"alg":"ES384"}"#);
        let unknown_alg = b64(r#"{"alg":"XX999"}"#);
        for token in [
            String::new(),
            "a.b".to_string(),
            format!("{header}.{}.{}.{}", b64("{}"), b64("x"), b64("y")),
            format!("{header}.not base64.{}", b64("x")),
            format!("{unknown_alg}.{}.{}", b64("{}"), b64("x")),
            format!("{}.{}.{}", b64("not json"), b64("{}"), b64("x")),
        ] {
            assert!(Jws::parse(&token).is_err(), "{token:?}");
        }
    }
}
