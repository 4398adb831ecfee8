//! Replicas for real: two processes of the app binary on one Redis (Debian's `redis-server`),
//! behind nginx round robin, in front of the fake Logto. Everything listens on 127.0.0.1 and is
//! stopped by PID when a test ends.
//!
//! Needs `redis-server` and `nginx` on the machine (`.ci/run` installs them), so it is behind a
//! feature: `cargo test --features replica-tests --test replicas`.

#[path = "../support/mod.rs"]
mod support;

mod harness;
mod replicas;
