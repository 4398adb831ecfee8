//! The secrets of the session layer, and the seals made with them.
//!
//! - A session id is 32 random bytes that only the browser keeps (in its cookie).
//! - The store keeps a record under a *keyed hash* of that id ([`StoreKey`]), so a copy of the
//!   store names no session, and seals it with a key *derived from the id*, so a copy of the store
//!   opens no record either: without the cookie, a record is noise.
//! - Sign-in attempts and the sign-out `state` travel in cookies sealed with a server key derived
//!   from `APP_COOKIE_SECRET` (by default from `LOGTO_APP_SECRET`), so every replica with the same
//!   settings can open them and nobody else can forge or read them. Each seal is bound to the
//!   cookie's name and to the deployment (client id and base URL), so two deployments that share
//!   a secret do not accept each other's cookies.
//! - Each purpose has its own key (HKDF labels): cookies, the session id sealed inside each record
//!   (for back-channel logout), and the keyed hash the store is indexed by. A key that leaks or is
//!   misused for one job opens nothing of another's.
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

/// 256 random bits in cookie form (43 base64url characters), for cookies that only need to be
/// unguessable (the browser binding).
pub fn random_token() -> Result<String, getrandom::Error> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<ID_LEN>()?))
}

/// Whether `value` has the form [`random_token`] gives.
pub fn is_random_token(value: &str) -> bool {
    SessionId::parse(value).is_some()
}

/// The session id in the browser's cookie: 256 random bits. No `Debug`: it is the session.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionId([u8; ID_LEN]);

impl SessionId {
    /// A new session id from the operating system's random bytes.
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

    /// The id as the session cookie's value: 43 base64url characters, no padding.
    pub fn to_cookie_value(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// The id's 32 bytes. Whoever has them has the session: never log them or store them
    /// unsealed.
    #[cfg(feature = "tower-sessions")] // sealed into the tower-sessions pointer
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The id made of `bytes`; `None` unless there are exactly 32.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Some(Self(bytes.try_into().ok()?))
    }
}

/// Where a record lives in the store: HMAC-SHA256 of the session id under a server key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StoreKey(pub [u8; 32]);

impl StoreKey {
    /// The key as 64 lowercase hex characters, as Redis keys and announcements name it.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads what [`StoreKey::hex`] wrote; `None` when `hex` is not 64 characters or a pair of
    /// them is not a hex byte.
    #[cfg(feature = "redis")] // Redis's index sets and announcements hold keys as hex
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

/// What a deployment is, for the seals' additional data: its Logto client id and its public
/// base URL. Replicas of one deployment share it; two deployments never do.
pub fn deployment(client_id: &str, base_url: &str) -> String {
    format!("{client_id} {base_url}")
}

/// The server's keys, the same on every replica with the same settings. No `Debug`.
pub struct ServerKeys {
    cookies: XChaCha20Poly1305,
    /// Seals the copy of a session id kept inside its record.
    session_ids: XChaCha20Poly1305,
    /// The key that sealed session ids before they had their own (it was the cookies' key, and
    /// bound to no deployment). Records written then are still opened with it, for as long as
    /// such a record can live ([`super::SIGNED_IN_TTL_SECS`]); nothing is sealed with it any more.
    legacy_session_ids: XChaCha20Poly1305,
    /// Prefixed to every cookie seal's additional data: see [`deployment`].
    deployment: Vec<u8>,
    /// HMAC keyed with the store key, its key schedule done once: every page view hashes its
    /// session id, and keying HMAC anew each time doubled that work.
    store_keys: Hmac<Sha256>,
}

impl ServerKeys {
    /// Derives every key from one secret (`APP_COOKIE_SECRET`, else `LOGTO_APP_SECRET`), for the
    /// deployment named by [`deployment`].
    pub fn derive(secret: &[u8], deployment: &str) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(b"logto-axum sessions"), secret);
        let key = |label: &[u8]| {
            let mut key = [0u8; 32];
            // 32 bytes is a valid HKDF-SHA256 output (at most 255 * 32 bytes).
            let _ = hkdf.expand(label, &mut key);
            key
        };
        let cookies = key(b"cookies v2");
        let session_ids = key(b"session ids v1");
        let legacy_session_ids = key(b"attempt cookies v1");
        let store_keys = key(b"store keys v1");
        // HMAC takes keys of any length; a 32-byte key cannot be refused.
        let store_keys = <Hmac<Sha256> as Mac>::new_from_slice(&store_keys)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        Self {
            cookies: XChaCha20Poly1305::new(&cookies.into()),
            session_ids: XChaCha20Poly1305::new(&session_ids.into()),
            legacy_session_ids: XChaCha20Poly1305::new(&legacy_session_ids.into()),
            deployment: [deployment.as_bytes(), &[0]].concat(),
            store_keys,
        }
    }

    /// Keys for a run without Logto settings (the setup page): nothing outlives the process.
    pub fn ephemeral() -> Result<Self, getrandom::Error> {
        Ok(Self::derive(&random_bytes::<32>()?, ""))
    }

    /// Where the record of session `id` is stored: the keyed hash of the id, which names the
    /// record without revealing the id.
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

    /// Seals a session id for its record, bound to `context` (where the record is).
    pub fn seal_session_id(
        &self,
        context: &[u8],
        id: &SessionId,
    ) -> Result<Vec<u8>, getrandom::Error> {
        seal(&self.session_ids, context, &id.0)
    }

    /// Opens what [`ServerKeys::seal_session_id`] sealed (or, for records written before it
    /// had its own key, what the cookies' key sealed).
    pub fn open_session_id(&self, context: &[u8], sealed: &[u8]) -> Option<SessionId> {
        let bytes = open(&self.session_ids, context, sealed)
            .or_else(|| open(&self.legacy_session_ids, context, sealed))?;
        SessionId::from_bytes(&bytes)
    }

    /// Seals a cookie's value, bound to the deployment, the cookie's name and `bound_to` (say,
    /// the browser it was made for; empty for nothing more): a value moved to another name,
    /// another deployment or another browser does not open.
    pub fn seal_cookie(
        &self,
        name: &str,
        bound_to: &[u8],
        plaintext: &[u8],
    ) -> Result<String, getrandom::Error> {
        let sealed = seal(&self.cookies, &self.cookie_aad(name, bound_to), plaintext)?;
        Ok(URL_SAFE_NO_PAD.encode(sealed))
    }

    /// Opens a sealed cookie value; `None` when it was tampered with, made by another key or
    /// deployment, moved from another cookie, or bound to something else.
    pub fn open_cookie(&self, name: &str, bound_to: &[u8], value: &str) -> Option<Vec<u8>> {
        let sealed = URL_SAFE_NO_PAD.decode(value).ok()?;
        open(&self.cookies, &self.cookie_aad(name, bound_to), &sealed)
    }

    /// Deployment, then the name and what the cookie is bound to, each ended by a zero byte
    /// (none of them holds one), so no two different triples give the same bytes.
    fn cookie_aad(&self, name: &str, bound_to: &[u8]) -> Vec<u8> {
        [&self.deployment[..], name.as_bytes(), &[0], bound_to].concat()
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

/// Opens what [`seal_record`] sealed; `None` when it was sealed for another id or another place
/// in the store, or tampered with.
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
        let keys = ServerKeys::derive(b"secret", "app http://a");
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
        let a = ServerKeys::derive(b"one", "").store_key(&id);
        let b = ServerKeys::derive(b"two", "").store_key(&id);
        assert_ne!(a, b);
        assert_ne!(a.0, id.0);
    }

    #[cfg(feature = "redis")]
    #[test]
    fn a_store_key_reads_back_from_its_hex_and_nothing_else_does() {
        let a = ServerKeys::derive(b"one", "").store_key(&SessionId::random().expect("random"));
        assert_eq!(StoreKey::from_hex(&a.hex()), Some(a));
        assert_eq!(StoreKey::from_hex(&a.hex()[1..]), None);
        assert_eq!(StoreKey::from_hex(&format!("{}zz", &a.hex()[2..])), None);
    }

    #[test]
    fn a_sealed_cookie_opens_only_under_its_name_with_the_same_secret_and_binding() {
        let keys = ServerKeys::derive(b"secret", "app http://a");
        let value = keys.seal_cookie("a", b"browser", b"attempt").expect("seal");
        assert_eq!(
            keys.open_cookie("a", b"browser", &value).as_deref(),
            Some(&b"attempt"[..])
        );
        assert!(
            keys.open_cookie("b", b"browser", &value).is_none(),
            "renamed"
        );
        assert!(
            keys.open_cookie("a", b"other browser", &value).is_none(),
            "planted in another browser"
        );
        assert!(
            ServerKeys::derive(b"other", "app http://a")
                .open_cookie("a", b"browser", &value)
                .is_none(),
            "foreign"
        );
        assert!(keys.open_cookie("a", b"browser", "not base64!").is_none());
    }

    #[test]
    fn two_deployments_sharing_a_secret_do_not_accept_each_others_cookies() {
        let one = ServerKeys::derive(b"shared", &deployment("app", "https://one.example"));
        let two = ServerKeys::derive(b"shared", &deployment("app", "https://two.example"));
        let other_client =
            ServerKeys::derive(b"shared", &deployment("other", "https://one.example"));
        let value = one.seal_cookie("a", b"", b"attempt").expect("seal");
        assert!(one.open_cookie("a", b"", &value).is_some());
        assert!(
            two.open_cookie("a", b"", &value).is_none(),
            "another base URL"
        );
        assert!(
            other_client.open_cookie("a", b"", &value).is_none(),
            "another client"
        );
    }

    #[test]
    fn the_session_id_key_seals_nothing_the_cookie_key_opens_and_back() {
        let keys = ServerKeys::derive(b"secret", "app http://a");
        let id = SessionId::random().expect("random");
        let sealed = keys.seal_session_id(b"at", &id).expect("seal");
        assert!(keys.open_session_id(b"at", &sealed) == Some(id.clone()));
        assert!(keys.open_session_id(b"elsewhere", &sealed).is_none());
        let as_cookie = URL_SAFE_NO_PAD.encode(&sealed);
        assert!(keys.open_cookie("at", b"", &as_cookie).is_none());
        // A record written before ids had their own key still opens (read-only fallback).
        let legacy = seal(&keys.legacy_session_ids, b"at", &id.0).expect("seal");
        assert!(keys.open_session_id(b"at", &legacy) == Some(id));
    }
}
