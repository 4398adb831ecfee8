//! Shared support for the integration tests.

// Each test binary compiles this module and uses a different subset of it, so items unused by one
// binary are not dead code.
#![allow(dead_code)]

pub mod browser;
pub mod fake_logto;
