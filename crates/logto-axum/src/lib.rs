//! Logto sign-in for axum: the platform SDK built on [`logto_core`].
//!
//! Build a [`Logto`] once (settings, the public base URL, where sessions live), merge its
//! [`router`](Logto::router) (`/sign-in`, `/callback`, `/sign-out`, `/backchannel-logout`) and
//! the [`session_cookies`] layer into your app, and take a [`LogtoClient`] (or the [`SignedIn`]
//! guard) in your handlers:
//!
//! ```no_run
//! use axum::{Router, middleware, response::Html, routing::get};
//! use logto_axum::{Logto, LogtoClient, SignedIn, logto_core::{BaseUrl, LogtoSettings}};
//!
//! async fn home(logto: LogtoClient) -> Html<String> {
//!     Html(match logto.id_token_claims() {
//!         Some(_) => "Signed in. <a href=\"/account\">Your account</a>".into(),
//!         None => "<a href=\"/sign-in\">Sign in</a>".into(),
//!     })
//! }
//!
//! async fn account(SignedIn(logto): SignedIn) -> String {
//!     logto.id_token_claims().map(|user| user.sub.clone()).unwrap_or_default()
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let settings = LogtoSettings::from_env()?.ok_or("set LOGTO_ENDPOINT, LOGTO_APP_ID, LOGTO_APP_SECRET")?;
//! let logto = Logto::builder(settings, BaseUrl::parse("http://localhost:3000")?).build().await?;
//! let app = Router::new()
//!     .route("/", get(home))
//!     .route("/account", get(account))
//!     .with_state(logto.clone())
//!     .merge(logto.router())
//!     .layer(middleware::from_fn(logto_axum::session_cookies));
//! axum::serve(tokio::net::TcpListener::bind("127.0.0.1:3000").await?, app).await?;
//! # Ok(()) }
//! ```
//!
//! `examples/minimal.rs` is a whole app (a protected page, an API token, sign-out), tested
//! against the fake Logto (`logto-fake`).
//!
//! | cargo feature | default | what it adds |
//! |---|---|---|
//! | `sqlite` | on | [`session::SessionStoreConfig::Sqlite`]: sessions in a SQLite file, kept across restarts |
//! | `redis` | on | [`session::SessionStoreConfig::Redis`]: sessions in Redis, shared by replicas, with a lock and cache invalidation across them |
//! | `tower-sessions` | off | `LogtoBuilder::use_tower_sessions`: the browser's session is the app's tower-sessions (0.15) session, which holds only a sealed pointer to the SDK's record; the tokens stay in the SDK's store, under its lock (`examples/tower_sessions.rs`) |
//! | `test-util` | off | `session::test_util`: the SDK's seals and attempt cookies, for tests that forge, age or replay its sealed cookies as an attacker would |
//!
//! The builder also takes where the routes live ([`LogtoBuilder::paths`]) and how much memory
//! the cache of parsed sessions may use ([`LogtoBuilder::session_cache_budget`]).
//!
//! The memory store is always there. A store whose feature is off fails at
//! [`LogtoBuilder::build`] with [`session::StoreSetupError::NotBuiltIn`].
//!
//! The parts:
//! - [`session`]: everything a session is: sealed server-side records (memory, SQLite or Redis),
//!   sign-ins in flight in sealed cookies bound to the browser, a cache of parsed sessions that
//!   stays coherent across replicas, a lock per session that is also a fence, and
//!   [`session::AuthSession`], the session of a request as handlers see it, with the operations
//!   that keep it (refresh, API and organization tokens, sign-in, sign-out).
//! - [`LogtoClient`] and [`SignedIn`] (`client.rs`): the per-request client and the guard, over
//!   the session's operations; [`Logto`] (`logto.rs`): the shared state; [`routes`]: the routes.
//! - [`Error`]: what can go wrong, with the status to answer and whether signing in again helps.
//! - [`finish`]: work that must run to its end even when the request is cut off.
//!
//! How the parts depend on each other: `routes` uses `client`, which uses `logto` and `session`;
//! `session` uses `finish` and `error`; `error` uses the session's error types. No module
//! imports one that imports it back (CI runs `scripts/module_cycles.py`), and nothing here
//! depends on an application's pages, settings or languages.

#![deny(missing_docs)]
mod client;
pub mod error;
pub mod finish;
mod logto;
pub mod metrics;
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
