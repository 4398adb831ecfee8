//! The secrets of the session layer, and the seals made with them.
//!
//! - A session id is 32 random bytes that only the browser keeps (in its cookie).
//! - The store keeps a record under a *keyed hash* of that id ([`StoreKey`]), so a copy of the
//!   store names no session, and seals it with a key *derived from the id*, so a copy of the store
//!   opens no record either: without the cookie, a record is noise.
//! - Sign-in attempts and the sign-out `state` travel in cookies sealed with a server key derived
//!   from `APP_COOKIE_SECRET` (by default from `LOGTO_APP_SECRET`), so every replica with the same
//!   settings can open them and nobody else can forge or read them.
//!
//! XChaCha20-Poly1305 (an AEAD with 24-byte random nonces, safe to draw at random) seals; HKDF-SHA256
//! derives keys; HMAC-SHA256 hashes ids.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chacha20poly1305::{
    XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit, Payload},
};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const NONCE_LEN: usize = 24;
const ID_LEN: usize = 32;

/// Random bytes from the operating system. Failing to get them is a fault of the machine, and
/// nothing secret may be made without them.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes)?;
    Ok(bytes)
}

/// The session id in the browser's cookie: 256 random bits. No `Debug`: it is the session.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionId([u8; ID_LEN]);

impl SessionId {
    pub fn random() -> Result<Self, getrandom::Error> {
        random_bytes().map(Self)
    }

    /// Reads a cookie value; anything but 43 base64url characters naming 32 bytes is no id.
    pub fn parse(value: &str) -> Option<Self> {
        if value.len() != 43 {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(value).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    pub fn to_cookie_value(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Some(Self(bytes.try_into().ok()?))
    }
}

/// Where a record lives in the store: HMAC-SHA256 of the session id under a server key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StoreKey(pub [u8; 32]);

impl StoreKey {
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Self(bytes))
    }
}

/// The server's keys, the same on every replica with the same settings. No `Debug`.
pub struct ServerKeys {
    cookies: XChaCha20Poly1305,
    /// HMAC keyed with the store key, its key schedule done once: every page view hashes its
    /// session id, and keying HMAC anew each time doubled that work.
    store_keys: Hmac<Sha256>,
}

impl ServerKeys {
    /// Derives both keys from one secret (`APP_COOKIE_SECRET`, else `LOGTO_APP_SECRET`).
    pub fn derive(secret: &[u8]) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(b"logto-axum sessions"), secret);
        let mut cookies = [0u8; 32];
        let mut store_keys = [0u8; 32];
        // Both lengths are valid HKDF-SHA256 outputs (at most 255 * 32 bytes).
        let _ = hkdf.expand(b"attempt cookies v1", &mut cookies);
        let _ = hkdf.expand(b"store keys v1", &mut store_keys);
        // HMAC takes keys of any length; a 32-byte key cannot be refused.
        let store_keys = <Hmac<Sha256> as Mac>::new_from_slice(&store_keys)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        Self {
            cookies: XChaCha20Poly1305::new(&cookies.into()),
            store_keys,
        }
    }

    /// Keys for a run without Logto settings (the setup page): nothing outlives the process.
    pub fn ephemeral() -> Result<Self, getrandom::Error> {
        Ok(Self::derive(&random_bytes::<32>()?))
    }

    pub fn store_key(&self, id: &SessionId) -> StoreKey {
        self.keyed_hash(b"session", &id.0)
    }

    /// A keyed hash of anything else the store is indexed by (a `sid`, a `sub`, a lock).
    pub fn keyed_hash(&self, kind: &[u8], value: &[u8]) -> StoreKey {
        let mut mac = self.store_keys.clone();
        mac.update(kind);
        mac.update(&[0]);
        mac.update(value);
        StoreKey(mac.finalize().into_bytes().into())
    }

    /// Seals `plaintext` with the server key, bound to `context`.
    pub fn seal(&self, context: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, getrandom::Error> {
        seal(&self.cookies, context, plaintext)
    }

    pub fn open(&self, context: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        open(&self.cookies, context, sealed)
    }

    /// Seals a cookie's value, bound to the cookie's name (a value moved to another name fails).
    pub fn seal_cookie(&self, name: &str, plaintext: &[u8]) -> Result<String, getrandom::Error> {
        let sealed = seal(&self.cookies, name.as_bytes(), plaintext)?;
        Ok(URL_SAFE_NO_PAD.encode(sealed))
    }

    /// Opens a sealed cookie value; `None` when it was tampered with, made by another key, or
    /// moved from another cookie.
    pub fn open_cookie(&self, name: &str, value: &str) -> Option<Vec<u8>> {
        let sealed = URL_SAFE_NO_PAD.decode(value).ok()?;
        open(&self.cookies, name.as_bytes(), &sealed)
    }
}

/// Seals a session record with a key derived from its id, bound to where it is stored.
pub fn seal_record(
    id: &SessionId,
    at: &StoreKey,
    plaintext: &[u8],
) -> Result<Vec<u8>, getrandom::Error> {
    seal(&record_cipher(id), &at.0, plaintext)
}

pub fn open_record(id: &SessionId, at: &StoreKey, sealed: &[u8]) -> Option<Vec<u8>> {
    open(&record_cipher(id), &at.0, sealed)
}

fn record_cipher(id: &SessionId) -> XChaCha20Poly1305 {
    let mut key = [0u8; 32];
    let _ = Hkdf::<Sha256>::new(Some(b"logto-axum sessions"), &id.0).expand(b"record v1", &mut key);
    XChaCha20Poly1305::new(&key.into())
}

fn seal(
    cipher: &XChaCha20Poly1305,
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, getrandom::Error> {
    let nonce = random_bytes::<NONCE_LEN>()?;
    let mut out = nonce.to_vec();
    // Encryption with a valid key and nonce cannot fail for inputs under 256 GiB.
    let ciphertext = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .unwrap_or_default();
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

fn open(cipher: &XChaCha20Poly1305, aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
    cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_id_round_trips_through_its_cookie_value_and_nothing_else_parses() {
        let id = SessionId::random().expect("random");
        let value = id.to_cookie_value();
        assert_eq!(value.len(), 43);
        assert!(SessionId::parse(&value) == Some(id));
        assert!(SessionId::parse("short").is_none());
        assert!(SessionId::parse(&format!("{value}A")).is_none());
        assert!(SessionId::parse(&"*".repeat(43)).is_none());
    }

    #[test]
    fn a_record_opens_only_with_its_own_id_and_at_its_own_place() {
        let keys = ServerKeys::derive(b"secret");
        let id = SessionId::random().expect("random");
        let other = SessionId::random().expect("random");
        let at = keys.store_key(&id);
        let sealed = seal_record(&id, &at, b"tokens").expect("seal");
        assert!(
            !sealed.windows(6).any(|w| w == b"tokens"),
            "sealed is not plain"
        );
        assert_eq!(
            open_record(&id, &at, &sealed).as_deref(),
            Some(&b"tokens"[..])
        );
        assert!(open_record(&other, &at, &sealed).is_none(), "another id");
        assert!(
            open_record(&id, &keys.store_key(&other), &sealed).is_none(),
            "moved"
        );
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(open_record(&id, &at, &flipped).is_none(), "tampered");
    }

    #[test]
    fn store_keys_depend_on_the_server_secret_and_never_equal_the_id() {
        let id = SessionId::random().expect("random");
        let a = ServerKeys::derive(b"one").store_key(&id);
        let b = ServerKeys::derive(b"two").store_key(&id);
        assert_ne!(a, b);
        assert_ne!(a.0, id.0);
        assert_eq!(StoreKey::from_hex(&a.hex()), Some(a));
    }

    #[test]
    fn a_sealed_cookie_opens_only_under_its_name_and_with_the_same_secret() {
        let keys = ServerKeys::derive(b"secret");
        let value = keys.seal_cookie("a", b"attempt").expect("seal");
        assert_eq!(
            keys.open_cookie("a", &value).as_deref(),
            Some(&b"attempt"[..])
        );
        assert!(keys.open_cookie("b", &value).is_none(), "renamed");
        assert!(
            ServerKeys::derive(b"other")
                .open_cookie("a", &value)
                .is_none(),
            "foreign"
        );
        assert!(keys.open_cookie("a", "not base64!").is_none());
    }
}
