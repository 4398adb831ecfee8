//! Integration tests: the app on a random port against a fake Logto written in Rust.

#[path = "../support/mod.rs"]
mod support;

mod account;
mod attacks;
mod backchannel;
mod callback;
mod conformance;
mod devices;
mod faults;
mod helpers;
mod inspect;
mod key_rotation;
mod languages;
mod logto_features;
mod pages;
mod refresh;
mod sessions;
mod setup_steps;
mod sign_in;
mod sign_out;
mod untrusted_tokens;
