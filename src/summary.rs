//! The checks summary: counts by severity, a list whose items jump to the field concerned,
//! and the earlier issues duplicate detection compares against ("Load recent issues").
//!
//! Jumping: the form of an entry, block or section carries its id (the diagnostic's `target`)
//! as `data-entry`, `data-block` or `data-section` (or `data-id`); its first field gets the
//! focus. When no form shows it (the Markdown view), the caret is put on the diagnostic's line
//! in the text area holding it.

use std::rc::Rc;

use leptos::prelude::*;
use twir_format::{check, write, Context, Diagnostic, Mode, PastIssue, Severity};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::app::today;
use crate::app::Editor;
use crate::doc::{locate, textarea_len, Piece};
use crate::io::{
    act, button, dyn_text, dynamic, file_picker, group, message, use_io, Io, Msg, HISTORY_LEN,
};

/// Validation of the current issue, in context (`Checks(memo)`).
#[derive(Clone, Copy)]
pub struct Checks(pub Memo<Vec<Diagnostic>>);

/// Creates the validation memo and puts it in context: the editor's own checks, or in
/// contributor mode the same rules with the contributor's ones on.
pub fn provide_checks(editor: Editor, io: Io) -> Checks {
    let checks = Checks(Memo::new(move |_| {
        if io.mode.get() != Mode::Contributor {
            return editor.checks.get();
        }
        let ctx = Context {
            today: today(),
            mode: Mode::Contributor,
            history: editor.past_issues.get(),
            file_name: None,
        };
        // The core skips the front matter rules in contributor mode: a contribution has none.
        editor.issue.with(|i| check(i, &ctx))
    }));
    provide_context(checks);
    checks
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Note => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// Moves focus to what a diagnostic concerns.
pub fn jump(editor: Editor, d: &Diagnostic) {
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
    // The text area holding the line, caret at its start.
    let (piece, at) = editor.issue.with_untracked(|issue| {
        let text = write(issue);
        let before: String = text
            .split_inclusive('\n')
            .take(d.line.saturating_sub(1))
            .collect();
        locate(issue, textarea_len(&before))
    });
    let id = match piece {
        Piece::Intro => "edit-intro-text".to_string(),
        Piece::Section(i) => format!("edit-{i}-text"),
    };
    if let Some(area) = document
        .get_element_by_id(&id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    {
        let _ = area.focus();
        let at = at as u32;
        let _ = area.set_selection_range(at, at);
    }
}

/// Counts by severity, the list of diagnostics, and the earlier issues.
#[component]
pub fn SummaryPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let io = use_io();
    let checks = expect_context::<Checks>();
    let counts = Memo::new(move |_| {
        checks.0.with(|ds| {
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
    let items = dynamic(move || {
        let views = checks.0.with(|ds| {
            [Severity::Error, Severity::Warning, Severity::Note]
                .into_iter()
                .flat_map(|s| ds.iter().filter(move |d| d.severity == s))
                .take(200)
                .map(|d| {
                    let d = d.clone();
                    let class = level(d.severity);
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
    let status: Msg = RwSignal::new(None);
    let loaded = move || {
        editor.past_issues.with(|h| match (h.first(), h.last()) {
            (Some(a), Some(b)) if h.len() > 1 => {
                format!("{} earlier issues ({} to {})", h.len(), a.name, b.name)
            }
            (Some(a), _) => format!("1 earlier issue ({})", a.name),
            _ => "No earlier issues loaded".to_string(),
        })
    };
    let load = act(move || {
        let gh = io.github.get_untracked();
        let before = editor
            .issue
            .with_untracked(|i| i.front_matter.date())
            .or_else(today);
        status.set(Some(Ok("Loading recent issues from GitHub…".into())));
        leptos::task::spawn_local(async move {
            match gh.recent_issues(before, HISTORY_LEN).await {
                Ok(past) => {
                    let n = past.len();
                    editor.past_issues.set(Vec::new());
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
                match crate::files::read_text(&f).await {
                    Ok(t) => past.push(PastIssue::from_text(&t)),
                    Err(e) => status.set(Some(Err(e))),
                }
            }
            let n = past.len();
            io.add_history(editor, past);
            status.set(Some(Ok(format!("Added {n} earlier issue(s) from files."))));
        });
    });
    group(
        "recent",
        vec![
            dyn_text("history-count", loaded),
            button("load-recent", "button subtle", "Load recent issues", load),
            file_picker("history-files", "Add from files…", true, add_files),
            message("history-status", status),
        ],
    )
}
