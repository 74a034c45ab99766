//! End-to-end tests: the release build (`dist/`) in headless Chromium through ChromeDriver.
//!
//! One test crate (linked once), a module per area. Run by `cargo xtask test` after
//! `trunk build --release`; alone, `cargo test -p twir-e2e` needs a `dist/` (`cargo xtask dist`)
//! and ChromeDriver (`cargo xtask setup --browser`). What a test does with the page (open the
//! app, click, type, read the Markdown) is defined once, on `twir_e2e::Session`.

mod accelerators;
mod column;
mod drafts;
mod forms;
mod io;
mod offline;
mod page;
mod update;
