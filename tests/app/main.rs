//! The app's component tests in headless Chromium (`cargo test -p twir-editor --target
//! wasm32-unknown-unknown`; `cargo xtask test` runs them): mount the app or a part of it,
//! type and click through DOM events, assert the DOM and the model.
//!
//! One test crate (linked once) with a module per area; `support` holds the shared helpers.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod components;
mod drafts;
mod forms;
mod io;
mod rows;
mod support;
mod update;
