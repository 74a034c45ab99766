//! Ways in and out: open an issue (file, drop, paste, GitHub), start one (empty, skeleton,
//! next issue, contribution), export it (download, clipboard, GitHub's new-file or edit page).
//!
//! Every way in goes through [`Io::open`], which makes what it opens a new draft (see
//! [`crate::drafts::before_replace`]): opening never loses what was on screen. The network is reached only
//! through [`crate::github`].

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use twir_format::{
    draft_path, edit_url, next_issue, propose, skeleton_after, write, Date, Issue, Mode, PastIssue,
    Proposal, Severity, MAX_PREFILL_URL,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::app::{today, Editor};
use crate::files;
use crate::github::{date_of_file_name, GitHub};
use crate::storage::Store;

/// How many earlier issues duplicate detection looks at (as the newsletter's CI does).
pub const HISTORY_LEN: usize = 24;

/// The import/export state, in context next to the [`Editor`]. `Copy` like it.
#[derive(Clone, Copy)]
pub struct Io {
    /// Where the newsletter's repository is read from.
    pub github: RwSignal<GitHub>,
    /// Editing a whole issue, or a contribution (only some entries).
    pub mode: RwSignal<Mode>,
    /// The draft last opened from GitHub (its path and text as read), for the edit link and
    /// for inserting a contribution.
    pub upstream: RwSignal<Option<Upstream>>,
    /// The open dialog.
    pub dialog: RwSignal<Option<Dialog>>,
    /// A short message about the last action (not an error).
    pub notice: RwSignal<Option<String>>,
}

/// A draft read from the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upstream {
    pub path: String,
    pub text: String,
}

/// The dialogs of the header's actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    New,
    Open,
    Export,
}

/// Creates the import/export state, puts it in context, and listens for files dropped on the
/// window.
pub fn provide_io(editor: Editor) -> Io {
    let io = Io {
        github: RwSignal::new(GitHub::from_location()),
        mode: RwSignal::new(Mode::Editor),
        upstream: RwSignal::new(None),
        dialog: RwSignal::new(None),
        notice: RwSignal::new(None),
    };
    provide_context(io);
    // The earlier issues cached by the last "Load recent issues".
    if let Some(cached) = store().get(HISTORY_KEY) {
        editor.past_issues.set(decode_history(&cached));
    }
    // A file dropped anywhere on the window opens; without `preventDefault` on `dragover`
    // the browser would navigate to the file instead.
    let over = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        let file = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            io.open_file(editor, file);
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
    io
}

/// The import/export state from context.
pub fn use_io() -> Io {
    expect_context::<Io>()
}

/// The storage key (under the store's prefix) of the cached earlier issues.
const HISTORY_KEY: &str = "recent-issues";

/// The app's store from context, else the browser's.
fn store() -> Store {
    use_context::<Store>().unwrap_or_else(Store::browser)
}

impl Io {
    /// Replaces what the editor shows by `text`, as a new draft: the one on screen is saved
    /// and stays in the drafts list.
    pub fn open(&self, editor: Editor, text: &str, name: &str, mode: Mode) {
        let kept = crate::drafts::before_replace();
        editor.load_text(text);
        editor.draft_name.set(name.to_string());
        editor.error.set(None);
        self.mode.set(mode);
        self.dialog.set(None);
        // What the checks found in the opened text, so an import's problems are seen at once.
        let found = use_context::<crate::summary::Checks>()
            .map(|c| {
                c.0.with_untracked(|ds| {
                    let n = |s| ds.iter().filter(|d| d.severity == s).count();
                    (n(Severity::Error), n(Severity::Warning))
                })
            })
            .unwrap_or_default();
        self.notice.set(Some(format!(
            "Opened {name} ({} error(s), {} warning(s): see Checks). {}",
            found.0,
            found.1,
            if kept {
                "The previous draft is kept in the drafts list."
            } else {
                "The previous draft could not be saved: see the message above."
            }
        )));
    }

    /// Replaces the issue by a new model value (a started issue), like [`Io::open`].
    pub fn start(&self, editor: Editor, issue: &Issue, name: &str, mode: Mode) {
        self.open(editor, &write(issue), name, mode);
    }

    /// Reads a local file and opens it.
    pub fn open_file(&self, editor: Editor, file: web_sys::File) {
        let io = *self;
        leptos::task::spawn_local(async move {
            match files::read_text(&file).await {
                Ok(text) => io.open(editor, &text, &file.name(), Mode::Editor),
                Err(e) => editor.error.set(Some(e)),
            }
        });
    }

    /// Earlier issues read from local files are added to the history (replacing one of the
    /// same name).
    pub fn add_history(&self, editor: Editor, past: Vec<PastIssue>) {
        editor.past_issues.update(|h| {
            for p in past {
                h.retain(|q| q.name != p.name);
                // Kept in date order (an insertion, not a sort: one less sort in the bundle).
                let at = h.iter().position(|q| q.date > p.date).unwrap_or(h.len());
                h.insert(at, p);
            }
        });
        let text = editor.past_issues.with_untracked(|h| encode_history(h));
        if let Err(e) = store().set(HISTORY_KEY, &text) {
            self.notice
                .set(Some(format!("Past issues not kept for next time: {e}.")));
        }
    }
}

/// The cache format of the history: one issue a line, tab-separated name, date and links
/// (normalized URLs and names hold no tabs or line breaks).
pub fn encode_history(history: &[PastIssue]) -> String {
    let mut out = String::new();
    for p in history {
        out.push_str(&p.name.replace(['\t', '\n'], " "));
        out.push('\t');
        if let Some(d) = p.date {
            out.push_str(&d.to_string());
        }
        for l in &p.links {
            out.push('\t');
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

/// Reads [`encode_history`]'s format; broken lines are skipped (it is only a cache).
pub fn decode_history(text: &str) -> Vec<PastIssue> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let name = parts.next()?.to_string();
            let date = Date::parse(parts.next()?);
            let links = parts.map(str::to_string).collect();
            (!name.is_empty()).then_some(PastIssue { name, date, links })
        })
        .collect()
}

/// The file name and repository path an issue is exported under.
pub fn export_names(issue: &Issue) -> (String, String) {
    let date = issue.front_matter.date();
    let name = files::file_name_for(date);
    let path = match date {
        Some(d) => draft_path(d),
        None => format!("draft/{name}"),
    };
    (name, path)
}

/// Puts `text` on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser did not allow writing to the clipboard".to_string())
}

// ---- View helpers -----------------------------------------------------------------------
// Non-generic on purpose: every `view!` and every reactive closure type is compiled separately
// into the wasm, so the dialogs are built from these few functions (handlers and dynamic parts
// as `Rc<dyn Fn>`) instead of one element tree type per dialog. This keeps the bundle small.

/// An action of a button or link.
pub type Act = Rc<dyn Fn()>;
/// A status line: `Ok` informs, `Err` alerts.
pub type Msg = RwSignal<Option<Result<String, String>>>;

/// Wraps an action.
pub fn act(f: impl Fn() + 'static) -> Act {
    Rc::new(f)
}

/// `<button>` with an action.
pub fn button(id: &'static str, class: &'static str, label: &'static str, on: Act) -> AnyView {
    view! { <button type="button" id=id class=class on:click=move |_| on()>{label}</button> }
        .into_any()
}

/// `<button>` with an action and no id.
pub fn action(class: &'static str, label: &'static str, on: Act) -> AnyView {
    view! { <button type="button" class=class on:click=move |_| on()>{label}</button> }.into_any()
}

/// `<p class>` with text.
pub fn para(class: &'static str, text: String) -> AnyView {
    view! { <p class=class>{text}</p> }.into_any()
}

/// A sub-heading of a dialog.
pub fn heading(text: &'static str) -> AnyView {
    view! { <h3>{text}</h3> }.into_any()
}

/// A `<div class>` holding `parts`.
pub fn group(class: &'static str, parts: Vec<AnyView>) -> AnyView {
    view! { <div class=class>{parts}</div> }.into_any()
}

/// A part of the page re-rendered whenever what `f` reads changes.
pub fn dynamic(f: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    let f: Arc<dyn Fn() -> AnyView + Send + Sync> = Arc::new(f);
    (move || f()).into_any()
}

/// Text that follows what `f` reads.
pub fn dyn_text(id: &'static str, f: impl Fn() -> String + Send + Sync + 'static) -> AnyView {
    let f: Arc<dyn Fn() -> String + Send + Sync> = Arc::new(f);
    view! { <span id=id>{move || f()}</span> }.into_any()
}

/// The status line `msg`, when there is one.
pub fn message(id: &'static str, msg: Msg) -> AnyView {
    dynamic(move || match msg.get() {
        Some(Ok(t)) => view! { <p class="io-status" id=id role="status">{t}</p> }.into_any(),
        Some(Err(t)) => view! { <p class="io-error" id=id role="alert">{t}</p> }.into_any(),
        None => ().into_any(),
    })
}

/// A link opening in a new tab; `on` runs on click (before the browser follows it).
pub fn link(
    id: &'static str,
    class: &'static str,
    label: &'static str,
    href: String,
    on: Option<Act>,
) -> AnyView {
    view! {
        <a id=id class=class href=href target="_blank" rel="noopener"
            on:click=move |_| if let Some(f) = &on { f() }>{label}</a>
    }
    .into_any()
}

/// A labelled single-line input bound to `value`.
pub fn text_input(
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    value: RwSignal<String>,
) -> AnyView {
    view! {
        <div class="io-row">
            <label for=id>{label}</label>
            <input id=id type="text" placeholder=placeholder prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())/>
        </div>
    }
    .into_any()
}

/// A button-styled file picker; `on` gets the chosen files.
pub fn file_picker(
    id: &'static str,
    label: &'static str,
    multiple: bool,
    on: Rc<dyn Fn(Vec<web_sys::File>)>,
) -> AnyView {
    let change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let picked = input
            .files()
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default();
        // Clearing lets the same file be chosen again after edits.
        input.set_value("");
        on(picked);
    };
    view! {
        <label class="button" for=id>{label}</label>
        <input id=id class="visually-hidden" type="file" multiple=multiple
            accept=".md,.markdown,text/markdown,text/plain" on:change=change/>
    }
    .into_any()
}

/// A modal panel over the page; Escape, a click beside it, or Close closes it.
pub fn modal(id: &'static str, title: &'static str, parts: Vec<AnyView>) -> AnyView {
    let io = use_io();
    // Focus moves into the dialog once it is in the page, so Escape and Tab work at once.
    set_timeout(
        move || {
            if let Some(el) = document()
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        },
        std::time::Duration::ZERO,
    );
    view! {
        <div class="io-backdrop" on:click=move |ev| {
            if ev.target() == ev.current_target() { io.dialog.set(None) }
        }>
            <div class="io-dialog" role="dialog" aria-modal="true" id=id aria-label=title tabindex="-1"
                on:keydown=move |ev| if ev.key() == "Escape" { io.dialog.set(None) }>
                <div class="io-dialog-head">
                    <h2>{title}</h2>
                    {button("", "link-button io-close", "Close", act(move || io.dialog.set(None)))}
                </div>
                {parts}
            </div>
        </div>
    }
    .into_any()
}

// ---- The header's actions and dialogs ----------------------------------------------------

/// New…, Open…, Export… and their dialogs, plus the notice of the last action.
#[component]
pub fn IoActions() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let io = use_io();
    let open = move |d: Dialog| act(move || io.dialog.set(Some(d)));
    let notice = dynamic(move || {
        let Some(n) = io.notice.get() else {
            return ().into_any();
        };
        view! {
            <p class="io-notice" role="status" id="io-notice">
                {n} " "
                {button("", "link-button", "Dismiss", act(move || io.notice.set(None)))}
            </p>
        }
        .into_any()
    });
    let dialog = dynamic(move || match io.dialog.get() {
        Some(Dialog::New) => new_dialog(editor, io),
        Some(Dialog::Open) => open_dialog(editor, io),
        Some(Dialog::Export) => modal(
            "export-dialog",
            "Export",
            vec![if io.mode.get_untracked() == Mode::Contributor {
                crate::contributor::export_contribution(editor, io)
            } else {
                export_issue(editor, io)
            }],
        ),
        None => ().into_any(),
    });
    vec![
        button("new-button", "button", "New…", open(Dialog::New)),
        button("open-button", "button", "Open…", open(Dialog::Open)),
        button("export-button", "button", "Export…", open(Dialog::Export)),
        notice,
        dialog,
    ]
}

fn new_dialog(editor: Editor, io: Io) -> AnyView {
    let skeleton = act(move || {
        let issue = skeleton_after(today().unwrap_or_default_date());
        let name = files::file_name_for(issue.front_matter.date());
        io.start(editor, &issue, &name, Mode::Editor);
    });
    let next = act(move || {
        let issue = editor.issue.with_untracked(next_issue);
        let name = files::file_name_for(issue.front_matter.date());
        io.start(editor, &issue, &name, Mode::Editor);
    });
    let empty = act(move || io.start(editor, &Issue::default(), "New issue", Mode::Editor));
    let sample = act(move || io.open(editor, crate::SAMPLE, "Sample issue", Mode::Editor));
    modal(
        "new-dialog",
        "Start",
        vec![
            group(
                "io-choices",
                vec![
                    button("new-skeleton", "button", "Next Wednesday's issue from the skeleton", skeleton),
                    button("new-next", "button", "Next issue from this one", next),
                    para("io-help", "Number + 1, date + 7 days, events still ahead carried over, the weekly sections emptied, the standing text kept.".into()),
                    button("new-empty", "button subtle", "Empty issue", empty),
                    button("new-sample", "button subtle", "The sample issue", sample),
                ],
            ),
            crate::contributor::start_contribution(editor, io),
        ],
    )
}

/// A date to fall back on when the browser's clock cannot be read (never in practice).
trait OrDefaultDate {
    fn unwrap_or_default_date(self) -> Date;
}

impl OrDefaultDate for Option<Date> {
    fn unwrap_or_default_date(self) -> Date {
        self.or_else(|| Date::new(2026, 1, 7))
            .expect("a valid date")
    }
}

fn open_dialog(editor: Editor, io: Io) -> AnyView {
    let status: Msg = RwSignal::new(None);
    let drafts = RwSignal::new(Vec::<String>::new());
    let paste = RwSignal::new(String::new());
    let published = RwSignal::new(String::new());

    let on_files = Rc::new(move |picked: Vec<web_sys::File>| {
        if let Some(f) = picked.into_iter().next() {
            io.open_file(editor, f);
        }
    });
    let on_paste = act(move || {
        let text = paste.get_untracked();
        if text.trim().is_empty() {
            status.set(Some(Err("Paste the Markdown of an issue first.".into())));
            return;
        }
        io.open(editor, &text, "Pasted issue", Mode::Editor);
    });
    let list_drafts = act(move || {
        let gh = io.github.get_untracked();
        status.set(Some(Ok("Listing draft/ on GitHub…".into())));
        leptos::task::spawn_local(async move {
            match gh.list("draft").await {
                Ok(names) => {
                    status.set(
                        names
                            .is_empty()
                            .then(|| Ok("There is no draft in draft/ right now.".into())),
                    );
                    drafts.set(names);
                }
                Err(e) => status.set(Some(Err(e.to_string()))),
            }
        });
    });
    let open_draft = move |name: String| {
        let gh = io.github.get_untracked();
        let path = format!("draft/{name}");
        status.set(Some(Ok(format!("Reading {path}…"))));
        leptos::task::spawn_local(async move {
            match gh.file(&path).await {
                Ok(text) => {
                    io.open(editor, &text, &name, Mode::Editor);
                    io.upstream.set(Some(Upstream { path, text }));
                }
                Err(e) => status.set(Some(Err(e.to_string()))),
            }
        });
    };
    let draft_list = dynamic(move || {
        let items = drafts
            .get()
            .into_iter()
            .map(|name| {
                let label = name.clone();
                view! {
                    <li><button type="button" class="link-button draft-choice"
                        on:click=move |_| open_draft(name.clone())>{label}</button></li>
                }
                .into_any()
            })
            .collect::<Vec<_>>();
        view! { <ul class="io-list" id="draft-list">{items}</ul> }.into_any()
    });
    let open_published = act(move || {
        let asked = published.get_untracked();
        let asked = asked.trim();
        let date = Date::parse(asked).or_else(|| {
            asked
                .trim_start_matches('#')
                .parse::<u32>()
                .ok()
                .and_then(twir_format::date_of_number)
        });
        let Some(date) = date else {
            status.set(Some(Err(format!(
                "“{asked}” is neither an issue number (from 424 on) nor a date like 2026-05-20."
            ))));
            return;
        };
        let gh = io.github.get_untracked();
        status.set(Some(Ok(format!("Reading the issue of {date}…"))));
        leptos::task::spawn_local(async move {
            match gh.published(date).await {
                Ok((path, text)) => {
                    let name = path.rsplit('/').next().unwrap_or(&path).to_string();
                    io.open(editor, &text, &name, Mode::Editor);
                }
                Err(e) => status.set(Some(Err(e.to_string()))),
            }
        });
    });
    let paste_area = view! {
        <textarea id="paste-text" rows="6" spellcheck="false" aria-label="Pasted Markdown"
            placeholder="Paste the Markdown of an issue here"
            on:input:target=move |ev| paste.set(ev.target().value())></textarea>
    }
    .into_any();
    modal(
        "open-dialog",
        "Open an issue",
        vec![
            heading("From a file"),
            file_picker("open-file", "Choose a file…", false, on_files),
            para(
                "io-help",
                "Or drop a Markdown file anywhere on the window.".into(),
            ),
            heading("Pasted text"),
            paste_area,
            button("open-pasted", "button", "Open pasted text", on_paste),
            heading("From GitHub"),
            button(
                "list-drafts",
                "button",
                "Open the current draft…",
                list_drafts,
            ),
            draft_list,
            text_input(
                "published-input",
                "Published issue",
                "number or date (2026-05-20)",
                published,
            ),
            button(
                "open-published",
                "button",
                "Open published issue",
                open_published,
            ),
            message("github-status", status),
            github_settings(io),
        ],
    )
}

/// The addresses GitHub is read from (for this visit; `?github_api=…` sets them too).
fn github_settings(io: Io) -> AnyView {
    let field = |id: &'static str, label: &'static str, which: u8| {
        let get = move || {
            io.github.with(|g| match which {
                0 => g.api.clone(),
                1 => g.raw.clone(),
                _ => g.repo.web_base.clone(),
            })
        };
        view! {
            <div class="io-row">
                <label for=id>{label}</label>
                <input id=id type="url" prop:value=get
                    on:change:target=move |ev| {
                        let v = ev.target().value().trim().trim_end_matches('/').to_string();
                        io.github.update(|g| match which {
                            0 => g.api = v,
                            1 => g.raw = v,
                            _ => g.repo.web_base = v,
                        });
                    }/>
            </div>
        }
        .into_any()
    };
    view! {
        <details class="io-settings">
            <summary>"GitHub addresses"</summary>
            {vec![
                field("github-api", "API", 0),
                field("github-raw", "Raw files", 1),
                field("github-web", "Web pages", 2),
            ]}
        </details>
    }
    .into_any()
}

/// A warning when the checks found errors: export still goes ahead.
pub fn errors_warning() -> AnyView {
    let errors = expect_context::<crate::summary::Checks>()
        .0
        .with_untracked(|ds| ds.iter().filter(|d| d.severity == Severity::Error).count());
    if errors == 0 {
        return ().into_any();
    }
    view! {
        <p class="io-warning" id="export-warning" role="alert">{format!(
            "The checks found {errors} error{} (see Checks). You can still export; fix them before the pull request if you can.",
            if errors == 1 { "" } else { "s" }
        )}</p>
    }
    .into_any()
}

/// Download, copy, and propose the whole issue.
fn export_issue(editor: Editor, io: Io) -> AnyView {
    let (name, path) = editor.issue.with_untracked(export_names);
    let text = editor.issue.with_untracked(write);
    let status: Msg = RwSignal::new(None);
    let download = {
        let (name, text) = (name.clone(), text.clone());
        act(move || {
            status.set(Some(
                files::download(&name, &text)
                    .map(|()| format!("Downloaded {name}."))
                    .map_err(|e| format!("Download failed: {e}")),
            ))
        })
    };
    let copy = copy_action(text.clone(), status, "The Markdown is on the clipboard.");
    let edit_path = io
        .upstream
        .with_untracked(|u| u.as_ref().map(|u| u.path.clone()))
        .unwrap_or_else(|| path.clone());
    let place = view! {
        <p>"File " <code id="export-name">{name}</code> ", which belongs at "
           <code id="export-path">{path.clone()}</code> " in rust-lang/this-week-in-rust."</p>
    }
    .into_any();
    group(
        "io-export",
        vec![
            errors_warning(),
            place,
            group(
                "io-row",
                vec![
                    button("export-download", "button", "Download", download),
                    button("export-copy", "button", "Copy Markdown", copy),
                ],
            ),
            heading("Propose on GitHub"),
            propose_view(io, &path, text, &edit_path, status),
            message("export-status", status),
        ],
    )
}

/// The proposal's parts, with the decision taken as `data-decision` (for tests and styling).
fn decision(which: &'static str, parts: Vec<AnyView>) -> AnyView {
    view! { <div class="io-propose" data-decision=which>{parts}</div> }.into_any()
}

/// An action copying `text`, reporting in `status`.
pub fn copy_action(text: String, status: Msg, done: &'static str) -> Act {
    act(move || {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            status.set(Some(
                copy_text(&text)
                    .await
                    .map(|()| done.to_string())
                    .map_err(|e| format!("Copy failed: {e}.")),
            ));
        });
    })
}

/// The link to GitHub's new-file page with the text filled in, or, when that URL would be too
/// long, to the edit page of `edit_path` (the click puts the text on the clipboard).
pub fn propose_view(io: Io, path: &str, text: String, edit_path: &str, status: Msg) -> AnyView {
    let repo = io.github.with_untracked(|g| g.repo.clone());
    let edit = edit_url(&repo, edit_path);
    let copy = copy_action(
        text.clone(),
        status,
        "The whole text is on your clipboard: on GitHub's edit page, select all, paste, and propose the change.",
    );
    match propose(&repo, path, &text, edit_path) {
        Proposal::NewFile { url } => decision(
            "new-file",
            vec![
                view! { <p>{link("propose-link", "button primary", "Open GitHub's new-file page", url, None)}</p> }.into_any(),
                para("io-help", "The file name and text are filled in; without write access GitHub offers to fork and open a pull request. If the file already exists there, use its edit page instead (this link copies the text):".into()),
                link("propose-edit-link", "", "Copy the text and open the edit page", edit, Some(copy)),
            ],
        ),
        Proposal::EditAndPaste { url, encoded_len } => decision(
            "edit-and-paste",
            vec![
                view! { <p class="io-help" id="propose-why">{format!(
                    "The text is too long to prefill GitHub's new-file page ({encoded_len} bytes encoded; the limit is {MAX_PREFILL_URL}). The link copies it to your clipboard and opens the edit page of {edit_path}: paste it there."
                )}</p> }.into_any(),
                link("propose-link", "button primary", "Copy the text and open the edit page", url, Some(copy)),
            ],
        ),
    }
}

/// The draft file an edit link points at when none was opened from GitHub: the newest in
/// `draft/`, read from GitHub.
pub async fn current_draft(gh: &GitHub) -> Result<Option<String>, crate::github::FetchError> {
    let names = gh.list("draft").await?;
    Ok(names
        .into_iter()
        .filter(|n| date_of_file_name(n).is_some())
        .max()
        .map(|n| format!("draft/{n}")))
}
