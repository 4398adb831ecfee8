//! Signing keys of the fake Logto: deterministic EC keys derived from fixed secrets, and one RSA
//! test key read from `tests/support/keys/`. Nothing here is secret: these keys exist only for tests.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use openidconnect::core::{CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
use openidconnect::{JsonWebKeyId, PrivateSigningKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256, Sha384};

/// PKCS#1 PEM of a 2048-bit RSA key generated with `openssl genrsa` for these tests only.
const TEST_ONLY_RSA_PEM: &str = include_str!("../keys/test-only-rsa-2048-DO-NOT-USE.pem");
/// The kid the RSA key gets in the JWKS.
pub const RSA_KID: &str = "rsa-2";

enum Material {
    P384(p384::ecdsa::SigningKey),
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<CoreRsaPrivateSigningKey>),
}

/// One signing key with its kid.
pub struct Key {
    pub kid: String,
    material: Material,
}

impl Key {
    /// A P-384 key whose secret scalar is SHA-384 of a fixed label (deterministic, no RNG).
    pub fn p384(index: u32) -> Key {
        let secret = Sha384::digest(format!("fake-logto test-only P-384 key #{index}"));
        let sk = p384::ecdsa::SigningKey::from_slice(&secret).expect("a valid P-384 scalar");
        Key::with_thumbprint_kid(Material::P384(sk))
    }

    /// A P-256 key whose secret scalar is SHA-256 of a fixed label.
    pub fn p256() -> Key {
        let secret = Sha256::digest("fake-logto test-only P-256 key");
        let sk = p256::ecdsa::SigningKey::from_slice(&secret).expect("a valid P-256 scalar");
        Key::with_thumbprint_kid(Material::P256(sk))
    }

    /// The RSA test key, kid [`RSA_KID`].
    pub fn rsa() -> Key {
        let kid = JsonWebKeyId::new(RSA_KID.to_owned());
        let sk = CoreRsaPrivateSigningKey::from_pem(TEST_ONLY_RSA_PEM, Some(kid))
            .expect("tests/support/keys holds a PKCS#1 RSA key");
        Key {
            kid: RSA_KID.to_owned(),
            material: Material::Rsa(Box::new(sk)),
        }
    }

    /// EC keys get an RFC 7638 thumbprint as kid, like Logto's 43-character kids.
    fn with_thumbprint_kid(material: Material) -> Key {
        let mut key = Key {
            kid: String::new(),
            material,
        };
        let jwk = key.public_jwk();
        let canonical = format!(
            r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
            jwk["crv"].as_str().unwrap_or_default(),
            jwk["x"].as_str().unwrap_or_default(),
            jwk["y"].as_str().unwrap_or_default()
        );
        key.kid = B64URL.encode(Sha256::digest(canonical));
        key
    }

    /// The JWS `alg` this key signs with.
    pub fn alg(&self) -> &'static str {
        match self.material {
            Material::P384(_) => "ES384",
            Material::P256(_) => "ES256",
            Material::Rsa(_) => "RS256",
        }
    }

    /// The JWS signature over `message` (for EC: the fixed-size r||s).
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        use p384::ecdsa::signature::Signer as _;
        match &self.material {
            Material::P384(sk) => {
                let sig: p384::ecdsa::Signature = sk.sign(message);
                sig.to_bytes().to_vec()
            }
            Material::P256(sk) => {
                let sig: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(sk, message);
                sig.to_bytes().to_vec()
            }
            Material::Rsa(sk) => sk
                .sign(&CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, message)
                .expect("RS256 signing with the test key"),
        }
    }

    /// `at_hash`: the left half of the alg's hash of the access token, base64url.
    pub fn at_hash(&self, access_token: &str) -> String {
        let digest: Vec<u8> = match self.material {
            Material::P384(_) => Sha384::digest(access_token.as_bytes()).to_vec(),
            Material::P256(_) | Material::Rsa(_) => {
                Sha256::digest(access_token.as_bytes()).to_vec()
            }
        };
        B64URL.encode(&digest[..digest.len() / 2])
    }

    /// The public JWK, as Logto publishes it (kty, use, kid, alg, and crv/x/y or n/e).
    pub fn public_jwk(&self) -> Value {
        let (crv, point) = match &self.material {
            Material::P384(sk) => ("P-384", sk.verifying_key().to_sec1_point(false).to_bytes()),
            Material::P256(sk) => ("P-256", sk.verifying_key().to_sec1_point(false).to_bytes()),
            Material::Rsa(sk) => {
                let mut jwk = serde_json::to_value(sk.as_verification_key())
                    .expect("a CoreJsonWebKey serialises");
                jwk["alg"] = json!("RS256");
                return jwk;
            }
        };
        // Uncompressed SEC1 point: 0x04 || x || y.
        let coords = &point[1..];
        let (x, y) = coords.split_at(coords.len() / 2);
        json!({
            "kty": "EC",
            "use": "sig",
            "kid": self.kid,
            "alg": self.alg(),
            "crv": crv,
            "x": B64URL.encode(x),
            "y": B64URL.encode(y),
        })
    }
}

/// The provider's keys: what the JWKS publishes, which key signs now, and the next P-384 key.
///
/// `pending` models a key Logto signs with before the relying party has seen it: the
/// [`IdTokenUnknownKid`](super::Misbehaviour::IdTokenUnknownKid) misbehaviour signs with it while
/// it is unpublished, and [`FakeLogto::rotate_to_new_ec_key`](super::FakeLogto::rotate_to_new_ec_key)
/// publishes it and makes it current.
pub struct Keyring {
    published: Vec<Arc<Key>>,
    pub current: Arc<Key>,
    pub pending: Arc<Key>,
    pub es256: Arc<Key>,
    next_index: u32,
}

impl Keyring {
    pub fn new() -> Keyring {
        let first = Arc::new(Key::p384(1));
        Keyring {
            published: vec![first.clone()],
            current: first,
            pending: Arc::new(Key::p384(2)),
            es256: Arc::new(Key::p256()),
            next_index: 3,
        }
    }

    /// The JWK set: the current key first, then older keys (newest first); the P-256 key too
    /// when `with_es256` (it is published while `IdTokenSignedEs256` is in effect).
    pub fn jwks(&self, with_es256: bool) -> Value {
        let mut keys = vec![self.current.public_jwk()];
        for key in self.published.iter().rev() {
            if !Arc::ptr_eq(key, &self.current) {
                keys.push(key.public_jwk());
            }
        }
        if with_es256 {
            keys.push(self.es256.public_jwk());
        }
        json!({ "keys": keys })
    }

    /// Publish the RSA key (once) and sign with it from now on.
    pub fn rotate_to_rsa(&mut self) {
        if let Some(rsa) = self.published.iter().find(|k| k.kid == RSA_KID) {
            self.current = rsa.clone();
            return;
        }
        let rsa = Arc::new(Key::rsa());
        self.published.push(rsa.clone());
        self.current = rsa;
    }

    /// Publish the pending P-384 key, sign with it from now on, and prepare the next one.
    pub fn rotate_to_new_ec_key(&mut self) {
        let next = Arc::new(Key::p384(self.next_index));
        self.next_index += 1;
        let published = std::mem::replace(&mut self.pending, next);
        self.published.push(published.clone());
        self.current = published;
    }
}
