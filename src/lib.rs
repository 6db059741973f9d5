//! StatefulSet Playground core. Everything here is pure Rust: no DOM, no wall clock, no global RNG.
//! The browser UI (`ui`, wasm32 only) and the `stsplay` CLI are thin faces over it.
//! See ARCHITECTURE.md for the code map and invariants.

pub mod base64;
pub mod charts;
pub mod cli;
pub mod cluster;
pub mod gojson;
pub mod helm;
pub mod i18n;
#[doc(hidden)]
pub mod jsonlit;
pub mod lessons;
#[doc(hidden)]
pub mod robustness;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod session;
pub mod shell;
pub mod sort;
pub mod yaml;

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// serde_json's `json!` compiled to data (see `macros/`, `jsonlit`); the core uses it instead of serde_json's.
pub(crate) use stsplay_macros::json;

/// The versions the playground imitates; printed by `stsplay --version`.
pub const HELM_VERSION: &str = "v4.3.1";
pub const KUBECTL_VERSION: &str = "v1.37.1";
