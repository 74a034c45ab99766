//! Ways in and out: open an issue (file, drop, paste, GitHub), start one (empty, skeleton,
//! next issue, contribution), export it (download, clipboard, GitHub's new-file or edit page).
//!
//! Every way in goes through [`Io::open`], which makes what it opens a new draft (see
//! [`Drafts::before_replace`]): opening never loses what was on screen. The network, files and
//! clipboard are reached only through [`crate::browser`].

use std::rc::Rc;

use leptos::prelude::*;
use twir_format::{
    draft_path, edit_url, next_issue, propose, skeleton_after, write, Date, Issue, Mode, PastIssue,
    Proposal, Severity, MAX_PREFILL_URL,
};

use crate::browser::files;
use crate::browser::github::GitHub;
use crate::browser::storage::Store;
use crate::browser::upstream::fetch_file;
use crate::drafts::Drafts;
use crate::editor::{today_or_fallback, use_editor, Editor};
use crate::ui::{
    button, button_with_id, container, copy_to_clipboard, file_picker, handler, heading,
    labelled_input, modal, new_tab_link, paragraph, reactive_view, status_line, StatusMessage,
};
use crate::update::{update_actions, Tracking};

/// How many earlier issues duplicate detection looks at (as the newsletter's CI does).
pub const HISTORY_LEN: usize = 24;

/// The import/export state, in context next to the [`Editor`]. `Copy` like it.
#[derive(Clone, Copy)]
pub struct Io {
    /// The drafts, to keep the one on screen before another issue replaces it.
    drafts: Drafts,
    /// Where the cache of earlier issues is kept.
    pub(crate) store: StoredValue<Store>,
    /// Where the newsletter's repository is read from.
    pub github: RwSignal<GitHub>,
    /// The draft last opened from GitHub (its path and text as read), for the edit link and
    /// for inserting a contribution.
    pub upstream: RwSignal<Option<Upstream>>,
    /// What GitHub said about an entry's title (`titles.rs`).
    pub title_note: RwSignal<Option<crate::titles::TitleNote>>,
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
    Fetch,
}

/// Creates the import/export state, puts it in context, and listens for files dropped on the
/// window.
pub fn provide_io(editor: Editor, drafts: Drafts, store: Store) -> Io {
    let io = Io {
        drafts,
        store: StoredValue::new(store),
        github: RwSignal::new(GitHub::from_location()),
        upstream: RwSignal::new(None),
        title_note: RwSignal::new(None),
        dialog: RwSignal::new(None),
        notice: RwSignal::new(None),
    };
    provide_context(io);
    // The earlier issues cached by the last "Load recent issues".
    if let Some(cached) = io.store.with_value(|s| s.get(HISTORY_KEY)) {
        editor.set_past_issues(decode_history(&cached));
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

impl Io {
    /// Replaces what the editor shows by `text`, as a new draft: the one on screen is saved
    /// and stays in the drafts list.
    pub fn open(&self, editor: Editor, text: &str, name: &str, mode: Mode) {
        let kept = self.drafts.before_replace();
        editor.open(text, name, mode);
        self.dialog.set(None);
        // What the checks found in the opened text, so an import's problems are seen at once.
        let found = editor.checks().with_untracked(|ds| {
            let n = |s| ds.iter().filter(|d| d.severity == s).count();
            (n(Severity::Error), n(Severity::Warning))
        });
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

    /// A handler closing the open dialog.
    pub(crate) fn close_dialog(&self) -> crate::ui::Handler {
        let dialog = self.dialog;
        handler(move || dialog.set(None))
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
                Err(e) => editor.set_error(Some(e)),
            }
        });
    }

    /// Earlier issues read from local files are added to the history (replacing one of the
    /// same name).
    pub fn add_history(&self, editor: Editor, past: Vec<PastIssue>) {
        editor.add_past_issues(past);
        let text = editor.past_issues().with_untracked(|h| encode_history(h));
        if let Err(e) = self.store.with_value(|s| s.set(HISTORY_KEY, &text)) {
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

// ---- The header's actions and dialogs ----------------------------------------------------

/// New…, Open…, Export… and their dialogs, plus the notice of the last action.
#[component]
pub fn IoActions() -> impl IntoView {
    let editor = use_editor();
    let io = use_io();
    let open = move |d: Dialog| handler(move || io.dialog.set(Some(d)));
    let notice = reactive_view(move || {
        let Some(n) = io.notice.get() else {
            return ().into_any();
        };
        view! {
            <p class="io-notice" role="status" id="io-notice">
                {n} " "
                {button("link-button", "Dismiss", handler(move || io.notice.set(None)))}
            </p>
        }
        .into_any()
    });
    let dialog = reactive_view(move || match io.dialog.get() {
        Some(Dialog::New) => new_dialog(editor, io),
        Some(Dialog::Open) => open_dialog(editor, io),
        Some(Dialog::Export) => modal(
            "export-dialog",
            "Export",
            io.close_dialog(),
            vec![if editor.mode().get_untracked() == Mode::Contributor {
                crate::contributor::export_contribution(editor, io)
            } else {
                export_issue(editor, io)
            }],
        ),
        Some(Dialog::Fetch) => crate::fetch::fetch_dialog(editor, io),
        None => ().into_any(),
    });
    vec![
        button_with_id("new-button", "button", "New…", open(Dialog::New)),
        button_with_id("open-button", "button", "Open…", open(Dialog::Open)),
        button_with_id("export-button", "button", "Export…", open(Dialog::Export)),
        update_actions(editor, io),
        notice,
        dialog,
    ]
}

fn new_dialog(editor: Editor, io: Io) -> AnyView {
    let skeleton = handler(move || {
        let issue = skeleton_after(today_or_fallback());
        let name = files::file_name_for(issue.front_matter.date());
        io.start(editor, &issue, &name, Mode::Editor);
    });
    let next = handler(move || {
        let issue = editor.issue().with_untracked(next_issue);
        let name = files::file_name_for(issue.front_matter.date());
        io.start(editor, &issue, &name, Mode::Editor);
    });
    let empty = handler(move || io.start(editor, &Issue::default(), "New issue", Mode::Editor));
    let sample = handler(move || io.open(editor, crate::SAMPLE, "Sample issue", Mode::Editor));
    modal(
        "new-dialog",
        "Start",
        io.close_dialog(),
        vec![
            container(
                "io-choices",
                vec![
                    button_with_id("new-skeleton", "button", "Next Wednesday's issue from the skeleton", skeleton),
                    button_with_id("new-next", "button", "Next issue from this one", next),
                    paragraph("io-help", "Number + 1, date + 7 days, events still ahead carried over, the weekly sections emptied, the standing text kept.".into()),
                    button_with_id("new-empty", "button subtle", "Empty issue", empty),
                    button_with_id("new-sample", "button subtle", "The sample issue", sample),
                ],
            ),
            crate::contributor::start_contribution(editor, io),
        ],
    )
}

fn open_dialog(editor: Editor, io: Io) -> AnyView {
    let status: StatusMessage = RwSignal::new(None);
    let drafts = RwSignal::new(Vec::<String>::new());
    let paste = RwSignal::new(String::new());
    let published = RwSignal::new(String::new());

    let on_files = Rc::new(move |picked: Vec<web_sys::File>| {
        if let Some(f) = picked.into_iter().next() {
            io.open_file(editor, f);
        }
    });
    let on_paste = handler(move || {
        let text = paste.get_untracked();
        if text.trim().is_empty() {
            status.set(Some(Err("Paste the Markdown of an issue first.".into())));
            return;
        }
        io.open(editor, &text, "Pasted issue", Mode::Editor);
    });
    let list_drafts = handler(move || {
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
            match fetch_file(&gh, &path).await {
                Ok(f) => {
                    io.open(editor, &f.text, &name, Mode::Editor);
                    io.upstream.set(Some(Upstream {
                        path: f.path.clone(),
                        text: f.text.clone(),
                    }));
                    // The base of later updates.
                    editor.set_tracking(Some(Tracking::read(f)));
                }
                Err(e) => status.set(Some(Err(e.to_string()))),
            }
        });
    };
    let draft_list = reactive_view(move || {
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
    let open_published = handler(move || {
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
        io.close_dialog(),
        vec![
            heading("From a file"),
            file_picker("open-file", "Choose a file…", false, on_files),
            paragraph(
                "io-help",
                "Or drop a Markdown file anywhere on the window.".into(),
            ),
            heading("Pasted text"),
            paste_area,
            button_with_id("open-pasted", "button", "Open pasted text", on_paste),
            heading("From GitHub"),
            button_with_id(
                "list-drafts",
                "button",
                "Open the current draft…",
                list_drafts,
            ),
            draft_list,
            labelled_input(
                "published-input",
                "Published issue",
                "number or date (2026-05-20)",
                published,
            ),
            button_with_id(
                "open-published",
                "button",
                "Open published issue",
                open_published,
            ),
            status_line("github-status", status),
            github_settings(io),
        ],
    )
}

/// One of the three configurable GitHub addresses.
#[derive(Clone, Copy)]
enum GitHubBase {
    /// The contents API (folder listings).
    Api,
    /// Raw file texts.
    Raw,
    /// The web pages (new file, edit).
    Web,
}

impl GitHubBase {
    fn get(self, g: &GitHub) -> String {
        match self {
            GitHubBase::Api => g.api.clone(),
            GitHubBase::Raw => g.raw.clone(),
            GitHubBase::Web => g.repo.web_base.clone(),
        }
    }

    fn set(self, g: &mut GitHub, value: String) {
        match self {
            GitHubBase::Api => g.api = value,
            GitHubBase::Raw => g.raw = value,
            GitHubBase::Web => g.repo.web_base = value,
        }
    }
}

/// The addresses GitHub is read from (for this visit; `?github_api=…` sets them too).
fn github_settings(io: Io) -> AnyView {
    let field = |id: &'static str, label: &'static str, base: GitHubBase| {
        view! {
            <div class="io-row">
                <label for=id>{label}</label>
                <input id=id type="url" prop:value=move || io.github.with(|g| base.get(g))
                    on:change:target=move |ev| {
                        let v = ev.target().value().trim().trim_end_matches('/').to_string();
                        io.github.update(|g| base.set(g, v));
                    }/>
            </div>
        }
        .into_any()
    };
    view! {
        <details class="io-settings">
            <summary>"GitHub addresses"</summary>
            {vec![
                field("github-api", "API", GitHubBase::Api),
                field("github-raw", "Raw files", GitHubBase::Raw),
                field("github-web", "Web pages", GitHubBase::Web),
            ]}
        </details>
    }
    .into_any()
}

/// A warning when the checks found errors (open merge conflicts among them): export still
/// goes ahead.
pub fn errors_warning(editor: Editor) -> AnyView {
    let errors = editor
        .checks()
        .with_untracked(|ds| ds.iter().filter(|d| d.severity == Severity::Error).count());
    if errors == 0 {
        return ().into_any();
    }
    let conflicts = editor.conflicts().with_untracked(Vec::len);
    let conflicts = (conflicts > 0).then(|| view! {
        <p class="io-warning" id="export-conflicts" role="alert">{format!(
            "{conflicts} merge conflict{} with GitHub {} not settled: the export has your side of {}. Settle them (Keep mine, Take theirs or Keep both) first.",
            if conflicts == 1 { "" } else { "s" },
            if conflicts == 1 { "is" } else { "are" },
            if conflicts == 1 { "it" } else { "them" },
        )}</p>
    });
    view! {
        {conflicts}
        <p class="io-warning" id="export-warning" role="alert">{format!(
            "The checks found {errors} error{} (see Checks). You can still export; fix them before the pull request if you can.",
            if errors == 1 { "" } else { "s" }
        )}</p>
    }
    .into_any()
}

/// Download, copy, and propose the whole issue.
fn export_issue(editor: Editor, io: Io) -> AnyView {
    let (name, path) = editor.issue().with_untracked(export_names);
    let text = editor.issue().with_untracked(write);
    let status: StatusMessage = RwSignal::new(None);
    let download = {
        let (name, text) = (name.clone(), text.clone());
        handler(move || {
            status.set(Some(
                files::download(&name, &text)
                    .map(|()| format!("Downloaded {name}."))
                    .map_err(|e| format!("Download failed: {e}")),
            ));
        })
    };
    let copy = copy_to_clipboard(text.clone(), status, "The Markdown is on the clipboard.");
    let edit_path = io
        .upstream
        .with_untracked(|u| u.as_ref().map(|u| u.path.clone()))
        .unwrap_or_else(|| path.clone());
    let place = view! {
        <p>"File " <code id="export-name">{name}</code> ", which belongs at "
           <code id="export-path">{path.clone()}</code> " in rust-lang/this-week-in-rust."</p>
    }
    .into_any();
    container(
        "io-export",
        vec![
            errors_warning(editor),
            place,
            container(
                "io-row",
                vec![
                    button_with_id("export-download", "button", "Download", download),
                    button_with_id("export-copy", "button", "Copy Markdown", copy),
                ],
            ),
            heading("Propose on GitHub"),
            propose_view(io, &path, text, &edit_path, status),
            status_line("export-status", status),
        ],
    )
}

/// The proposal's parts, with the way taken (`new-file`, `edit-and-paste`) as
/// `data-decision` (for tests and styling).
fn proposal(decision: &'static str, parts: Vec<AnyView>) -> AnyView {
    view! { <div class="io-propose" data-decision=decision>{parts}</div> }.into_any()
}

/// The link to GitHub's new-file page with the text filled in, or, when that URL would be too
/// long, to the edit page of `edit_path` (the click puts the text on the clipboard).
pub fn propose_view(
    io: Io,
    path: &str,
    text: String,
    edit_path: &str,
    status: StatusMessage,
) -> AnyView {
    let repo = io.github.with_untracked(|g| g.repo.clone());
    let edit = edit_url(&repo, edit_path);
    let proposal_kind = propose(&repo, path, &text, edit_path);
    let copy = copy_to_clipboard(
        text,
        status,
        "The whole text is on your clipboard: on GitHub's edit page, select all, paste, and propose the change.",
    );
    match proposal_kind {
        Proposal::NewFile { url } => proposal(
            "new-file",
            vec![
                view! { <p>{new_tab_link("propose-link", "button primary", "Open GitHub's new-file page", url, None)}</p> }.into_any(),
                paragraph("io-help", "The file name and text are filled in; without write access GitHub offers to fork and open a pull request. If the file already exists there, use its edit page instead (this link copies the text):".into()),
                new_tab_link("propose-edit-link", "", "Copy the text and open the edit page", edit, Some(copy)),
            ],
        ),
        Proposal::EditAndPaste { url, encoded_len } => proposal(
            "edit-and-paste",
            vec![
                view! { <p class="io-help" id="propose-why">{format!(
                    "The text is too long to prefill GitHub's new-file page ({encoded_len} bytes encoded; the limit is {MAX_PREFILL_URL}). The link copies it to your clipboard and opens the edit page of {edit_path}: paste it there."
                )}</p> }.into_any(),
                new_tab_link("propose-link", "button primary", "Copy the text and open the edit page", url, Some(copy)),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_cache_reads_back_what_it_wrote() {
        let past = vec![
            PastIssue::from_text(
                "Title: This Week in Rust 699\nNumber: 699\nDate: 2027-04-14\n\n## Updates from Rust Community\n\n### Official\n* [x](https://example.com/x/)\n",
            ),
            PastIssue {
                name: "an earlier issue".into(),
                date: None,
                links: vec![],
            },
        ];
        assert_eq!(past[0].links.len(), 1);
        assert_eq!(decode_history(&encode_history(&past)), past);
        assert!(decode_history("\n\tbroken\n").is_empty());
    }

    #[test]
    fn export_names_follow_the_issue_date() {
        let issue = twir_format::parse("Title: T\nNumber: 700\nDate: 2027-04-21\n").issue;
        assert_eq!(
            export_names(&issue),
            (
                "2027-04-21-this-week-in-rust.md".to_string(),
                "draft/2027-04-21-this-week-in-rust.md".to_string()
            )
        );
        let undated = twir_format::parse("Title: T\n").issue;
        assert_eq!(
            export_names(&undated),
            (
                "this-week-in-rust.md".to_string(),
                "draft/this-week-in-rust.md".to_string()
            )
        );
    }
}
