//! The browser's edges: everything that leaves the page or outlives it.
//!
//! - [`storage`]: `localStorage`, the `storage` event and `navigator.storage` (drafts and caches);
//! - [`github`]: the network (GitHub's public endpoints);
//! - [`upstream`]: a draft with its blob SHA (contents API), for updates;
//! - [`files`]: reading picked files, downloading the Markdown;
//! - [`clipboard`]: writing text to the clipboard;
//! - [`theme`]: the light/dark choice (`data-theme` on `<html>`, remembered).
//!
//! Nothing outside this module touches web-sys storage, `fetch`, file or clipboard APIs; the
//! rest of the app sees plain Rust values and `Result`s whose errors are sentences.

pub mod clipboard;
pub mod files;
pub mod github;
pub mod storage;
pub mod theme;
pub mod upstream;
