//! Logto sign-in for axum: the platform SDK built on [`logto_core`].
//!
//! - [`session`]: everything a session is: sealed server-side records (memory, SQLite or Redis),
//!   sign-ins in flight in sealed cookies bound to the browser, a cache of parsed sessions that
//!   stays coherent across replicas, a lock per session that is also a fence, and
//!   [`session::AuthSession`], the session of a request as handlers see it, with the operations
//!   that keep it (refresh, API and organization tokens, sign-in, sign-out).
//! - [`Error`]: what can go wrong, with the status to answer and whether signing in again helps.
//! - [`finish`]: work that must run to its end even when the request is cut off.
//!
//! How the parts depend on each other: `session` uses `finish` and `error`; `error` uses the
//! session's error types; nothing here depends on an application's pages, settings or languages.

#![deny(missing_docs)]
mod client;
pub mod error;
pub mod finish;
mod logto;
pub mod return_to;
pub mod routes;
pub mod session;

pub use client::{LogtoClient, SignedIn};
pub use error::{Error, ErrorKind};
pub use logto::{Logto, LogtoBuilder, Paths};
pub use logto_core;
pub use routes::session_cookies;

/// The repository README's snippets ("Add Logto sign-in to your axum app"), compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
