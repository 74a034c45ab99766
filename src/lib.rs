//! twir-editor: the browser app in which the editors of *This Week in Rust* compose an issue.
//!
//! The app is a thin imperative shell around the pure `twir-format` core: it keeps one
//! [`twir_format::Issue`] (plain data) in a signal, derives everything else from it (the raw
//! Markdown, the per-section preview, the navigator), and turns edits into a new `Issue`.
//!
//! Module map (state, widgets, views, browser edges):
//! - [`editor`]: the state: one `Editor` (issue, undo, mode, the one checks memo), `today()`;
//! - [`history`], [`doc`]: pure logic (undo snapshots; the Markdown pieces), tested natively;
//! - [`ui`]: the shared widgets (buttons, status lines, modal, file picker, …);
//! - [`browser`]: the browser's edges: storage, GitHub (network), files, clipboard;
//! - [`forms`]: the structured forms of every section, list editing, inline messages;
//! - [`drafts`]: autosave, the drafts list, recovery from faults, two tabs;
//! - [`io`]: open (file, drop, paste, GitHub), start (skeleton, next issue), export, propose;
//! - [`contributor`]: contributions (entries only) and their export;
//! - [`summary`]: the checks summary and the earlier issues for duplicate detection;
//! - [`preview_dom`]: patching the preview's DOM in place;
//! - [`app`]: the shell that wires them together (a leaf: nothing imports it).

pub mod app;
pub mod browser;
pub mod contributor;
pub mod doc;
pub mod drafts;
pub mod editor;
pub mod fetch;
pub mod forms;
pub mod history;
pub mod io;
pub mod preview_dom;
pub mod summary;
pub mod titles;
pub mod ui;
pub mod update;

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
        leptos::prelude::provide_context(browser::storage::Store::browser());
        app::App()
    });
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        // A missing mark only makes the bench wait; it never breaks the app.
        let _ = perf.mark(READY_MARK);
    }
}
