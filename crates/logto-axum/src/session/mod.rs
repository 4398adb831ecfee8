//! Everything a session is, in one place. This file only names the parts and re-exports what
//! callers use; each part imports the others it needs directly, and none imports back one
//! that uses it (`scripts/module_cycles.py`).
//!
//! - `sessions.rs`: [`Sessions`], this process's sessions: read (cache first), write and delete
//!   under the lock, find by `sid`/`sub` for back-channel logout; what a stored record is.
//! - `keys.rs`: session ids, the keyed hash the store is indexed by, and the seals.
//! - `store/`: where sealed records live (memory, SQLite, Redis).
//! - `cache.rs`: parsed sessions kept in this process, coherent across replicas.
//! - `lock.rs`: one change at a time per session, across replicas with Redis.
//! - `attempt.rs`: sign-ins in flight, in sealed cookies instead of the store.
//! - `cookies.rs`: the cookies we set and the middleware that sets them.
//! - `pointer.rs`: where the browser keeps its session's id: the SDK's cookie, or (feature
//!   `tower-sessions`) the app's tower-sessions session.
//! - `current.rs`: [`AuthSession`], the session of the request, as handlers see it; its
//!   operations in `current/` (`flows.rs`: sign-in and sign-out, `refresh.rs` and `grant.rs`:
//!   refresh-token grants under its lock, run to their end, `form.rs`: CSRF-checked forms,
//!   `inspect.rs` and `records.rs`: the flow inspector's records).
//! - `data.rs`: what a session holds.
//!
//! Why not tower-sessions' layer, which round one used: it saves a changed session after the
//! response, outside any lock (a second write that could put a used refresh token back over a
//! rotated one), and it keys records by the session id itself; the sealed store keys them by a
//! hash of the id that only the browser holds. The model is the same: an opaque cookie names a
//! server-side record. An app that has a tower-sessions session already can keep it as the
//! browser's session (`pointer.rs`): it then holds the id, sealed, and the record stays here.

pub(crate) mod attempt;
mod cache;
mod config;
pub mod cookies;
mod current;
mod data;
mod flow_cookie;
pub(crate) mod keys;
mod lock;
mod pointer;
mod sessions;
mod store;

pub use attempt::AttemptError;
pub use cache::DEFAULT_BUDGET_BYTES as DEFAULT_CACHE_BUDGET_BYTES;
pub use config::{RedisUrl, SessionStoreConfig, StoreConfigError};
pub use cookies::CookiePolicy;
pub use current::{
    AuthSession,
    flows::CallbackParams,
    form::{CsrfForm, CsrfProtected},
    refresh::needs_refresh,
};
pub use data::{ApiToken, PendingSignIn, SessionData, SignedInUser};
pub use keys::deployment;
pub use lock::SessionLock;
#[cfg(feature = "tower-sessions")]
pub use pointer::TOWER_SESSIONS_KEY;
pub use sessions::{FoundSession, Lookup, SIGNED_IN_TTL_SECS, Sessions};
pub use store::{StoreError, StoreSetupError};

pub(crate) use config::PointerKind;

/// The seals and the attempt cookies are the SDK's own business; the `test-util` feature opens
/// them to tests that forge, age or replay a cookie (as an attacker or a slow browser would) to
/// check it is refused. (One declaration of each module, re-exported here, rather than a `pub`
/// and a private declaration under opposite `cfg`s: cargo-mutants reads both and tests every
/// mutant twice.)
#[cfg(feature = "test-util")]
pub mod test_util {
    /// Sign-ins in flight, in sealed cookies bound to the browser.
    pub mod attempt {
        pub use crate::session::attempt::*;
    }
    /// Session ids, the keyed hash the store is indexed by, and the seals.
    pub mod keys {
        pub use crate::session::keys::*;
    }
}
