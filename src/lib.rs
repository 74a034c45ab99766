//! twir-editor: the browser app in which the editors of *This Week in Rust* compose an issue.
//!
//! The app is a thin imperative shell around the pure `twir-format` core: it keeps one
//! [`twir_format::Issue`] (plain data) in a signal, derives everything else from it (the raw
//! Markdown, the per-section preview, the navigator), and turns edits into a new `Issue`.
//!
//! Module map:
//! - [`app`]: the components (header, section navigator, editing column, preview tabs);
//! - [`doc`]: pure text helpers that split an issue into editable pieces and join them back;
//! - [`files`]: opening a local file and downloading the Markdown (browser APIs);
//! - [`io`]: open (file, drop, paste, GitHub), start (skeleton, next issue), export, propose;
//! - [`contributor`]: contributions (entries only) and their export;
//! - [`github`]: the only module that touches the network (GitHub's public endpoints);
//! - [`summary`]: the checks summary and the earlier issues for duplicate detection;
//! - [`forms`]: the structured forms of every section, list editing, inline diagnostics;
//! - [`history`]: undo/redo snapshots;
//! - [`drafts`]: autosave, the drafts list, recovery from faults, two tabs;
//! - [`storage`]: the only module allowed to touch `localStorage`.

pub mod app;
pub mod contributor;
pub mod doc;
pub mod drafts;
pub mod files;
pub mod forms;
pub mod github;
pub mod history;
pub mod io;
pub mod preview_dom;
pub mod storage;
pub mod summary;

/// The built-in sample issue the editor opens with (written for this project, not real news).
pub const SAMPLE: &str = include_str!("sample.md");

/// Name of the `performance.mark` set once the editor is mounted; `cargo xtask bench` reads it
/// to time navigation → first usable editor without polling from outside the page.
pub const READY_MARK: &str = "twir-editor-ready";

/// Mounts the app on `<body>` and marks the moment it became usable.
pub fn start() {
    leptos::mount::mount_to_body(|| {
        // Drafts live in the browser's storage (an app mounted without this, as in component
        // tests, keeps them in memory).
        leptos::prelude::provide_context(storage::Store::browser());
        app::App()
    });
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        // A missing mark only makes the bench wait; it never breaks the app.
        let _ = perf.mark(READY_MARK);
    }
}
