//! Shared support for the integration tests.

// Each test binary compiles this module and uses a different subset of it, so items unused by one
// binary are not dead code.
#![allow(dead_code)]

pub mod browser;
/// The fake Logto is a crate of its own (`crates/logto-fake`), for the SDK's tests and its users'.
pub use logto_fake as fake_logto;
