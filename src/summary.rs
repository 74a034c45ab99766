//! The checks summary: counts by severity, a list whose items jump to the field concerned,
//! and the earlier issues duplicate detection compares against ("Load recent issues").
//!
//! Jumping: the form of an entry, block or section carries its id (the diagnostic's `target`)
//! as `data-entry`, `data-block` or `data-section` (or `data-id`); its first field gets the
//! focus. When no form shows it (the Markdown view), the caret is put on the diagnostic's line
//! in the text area holding it.
//!
//! The list shows [`Editor::checks`], the same diagnostics the forms show inline.

use std::rc::Rc;

use leptos::prelude::*;
use twir_format::{write, Diagnostic, PastIssue, Severity};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::browser::files;
use crate::doc::{locate, textarea_len};
use crate::editor::{today, use_editor, Editor};
use crate::io::{use_io, Io, HISTORY_LEN};
use crate::ui::{
    button_with_id, container, file_picker, focus_piece, handler, reactive_text, reactive_view,
    status_line, StatusMessage,
};

/// Moves focus to what a diagnostic concerns.
pub fn jump(editor: Editor, d: &Diagnostic) {
    jump_or_reveal(editor, d, Some(crate::forms::revealer()));
}

/// [`jump`]; when its entry row is not drawn yet (a long list still filling) and `reveal` is
/// given, every row is drawn and the jump tried once more.
fn jump_or_reveal(editor: Editor, d: &Diagnostic, reveal: Option<crate::forms::Revealer>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // The form of the entry, block or section (its first field when it has one).
    let form = d.target.and_then(|id| {
        let n = id.0;
        let sel = format!(
            "[data-id=\"{n}\"], [data-entry=\"{n}\"], [data-block=\"{n}\"], [data-section=\"{n}\"]"
        );
        document.query_selector(&sel).ok().flatten()
    });
    if let Some(el) = form {
        // A closed entry row opens with the focus in its first field.
        if crate::forms::open_entry(&el) {
            return;
        }
        let field = el
            .query_selector("input[type=\"text\"], textarea, select")
            .ok()
            .flatten()
            .unwrap_or(el);
        if let Ok(field) = field.dyn_into::<HtmlElement>() {
            field.scroll_into_view();
            let _ = field.focus();
        }
        return;
    }
    if let (Some(reveal), Some(_)) = (reveal, d.target) {
        let d = d.clone();
        reveal.reveal_then(move || jump_or_reveal(editor, &d, None));
        return;
    }
    // The text area holding the line, caret at its start.
    let (piece, at) = editor.issue().with_untracked(|issue| {
        let text = write(issue);
        let before: String = text
            .split_inclusive('\n')
            .take(d.line.saturating_sub(1))
            .collect();
        locate(issue, textarea_len(&before))
    });
    focus_piece(piece, at);
}

/// Counts by severity, the list of diagnostics, and the earlier issues.
#[component]
pub fn SummaryPanel() -> impl IntoView {
    let editor = use_editor();
    let io = use_io();
    let checks = editor.checks();
    let counts = Memo::new(move |_| {
        checks.with(|ds| {
            let n = |s| ds.iter().filter(|d| d.severity == s).count();
            [n(Severity::Error), n(Severity::Warning), n(Severity::Note)]
        })
    });
    let count =
        |id: &'static str, class: &'static str, i: usize, one: &'static str, many: &'static str| {
            let text = move || {
                let n = counts.get()[i];
                format!("{n} {}", if n == 1 { one } else { many })
            };
            view! { <span class=class id=id>{text}</span> }.into_any()
        };
    // Errors first, then warnings, then notes; each in line order (as `check` sorts them).
    let items = reactive_view(move || {
        let views = checks.with(|ds| {
            [Severity::Error, Severity::Warning, Severity::Note]
                .into_iter()
                .flat_map(|s| ds.iter().filter(move |d| d.severity == s))
                .take(200)
                .map(|d| {
                    let d = d.clone();
                    let class = d.severity.as_str();
                    let text = format!("line {}: {} [{}]", d.line, d.message, d.code);
                    let target = d.target.map(|t| t.0.to_string());
                    view! {
                        <li class=class>
                            <button type="button" class="link-button summary-item" data-target=target
                                on:click=move |_| jump(editor, &d)>{text}</button>
                        </li>
                    }
                    .into_any()
                })
                .collect::<Vec<_>>()
        });
        view! { <ul class="summary-list">{views}</ul> }.into_any()
    });
    view! {
        <section class="summary" id="summary" aria-label="Checks">
            <details>
                <summary>
                    <span class="summary-title">"Checks"</span>
                    {vec![
                        count("count-errors", "count count-error", 0, "error", "errors"),
                        count("count-warnings", "count count-warning", 1, "warning", "warnings"),
                        count("count-notes", "count count-note", 2, "note", "notes"),
                    ]}
                </summary>
                {items}
            </details>
            {recent_issues(editor, io)}
        </section>
    }
}

/// The earlier issues for duplicate detection: from GitHub, or from local files.
fn recent_issues(editor: Editor, io: Io) -> AnyView {
    let status: StatusMessage = RwSignal::new(None);
    let loaded = move || {
        editor.past_issues().with(|h| match (h.first(), h.last()) {
            (Some(a), Some(b)) if h.len() > 1 => {
                format!("{} earlier issues ({} to {})", h.len(), a.name, b.name)
            }
            (Some(a), _) => format!("1 earlier issue ({})", a.name),
            _ => "No earlier issues loaded".to_string(),
        })
    };
    let load = handler(move || {
        let gh = io.github.get_untracked();
        let before = editor
            .issue()
            .with_untracked(|i| i.front_matter.date())
            .or_else(today);
        status.set(Some(Ok("Loading recent issues from GitHub…".into())));
        leptos::task::spawn_local(async move {
            match gh.recent_issues(before, HISTORY_LEN).await {
                Ok(past) => {
                    let n = past.len();
                    editor.set_past_issues(Vec::new());
                    io.add_history(editor, past);
                    status.set(Some(Ok(format!("Loaded {n} earlier issues."))));
                }
                Err(e) => status.set(Some(Err(e.to_string()))),
            }
        });
    });
    let add_files = Rc::new(move |picked: Vec<web_sys::File>| {
        leptos::task::spawn_local(async move {
            let mut past = Vec::new();
            for f in picked {
                match files::read_text(&f).await {
                    Ok(t) => past.push(PastIssue::from_text(&t)),
                    Err(e) => status.set(Some(Err(e))),
                }
            }
            let n = past.len();
            io.add_history(editor, past);
            status.set(Some(Ok(format!("Added {n} earlier issue(s) from files."))));
        });
    });
    container(
        "recent",
        vec![
            reactive_text("history-count", loaded),
            button_with_id("load-recent", "button subtle", "Load recent issues", load),
            file_picker("history-files", "Add from files…", true, add_files),
            status_line("history-status", status),
        ],
    )
}
