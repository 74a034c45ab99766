//! The section navigator of the forms: each top-level section with its entry count and its
//! error and warning badges (from the one checks memo), and a filter box that finds an entry
//! by title or URL anywhere in the issue and takes the focus to it.

use leptos::prelude::*;
use twir_format::{find_entries, outline, Id, Outline};

use super::{focus_entry, show_in_preview};
use crate::editor::use_editor;

/// The field that names an entry, by kind (the first one the entry has): where a jump lands.
const NAMING_FIELD: &str = ".f-title input, .f-group input, .f-name input, textarea";

/// How many entries the filter lists at most (a short query matches half the issue).
const MAX_FOUND: usize = 30;

/// A count badge (`errors`, `warnings`), or nothing when the count is 0.
fn badge(count: usize, class: &'static str, one: &'static str, many: &'static str) -> AnyView {
    if count == 0 {
        return ().into_any();
    }
    let label = format!("{count} {}", if count == 1 { one } else { many });
    view! { <span class=class title=label.clone() aria-label=label>{count}</span> }.into_any()
}

fn row(o: Outline) -> impl IntoView {
    let href =
        o.id.map_or_else(|| "#form-intro".to_string(), |id| format!("#form-{}", id.0));
    let top: Option<Id> = o.id;
    let entries = (o.entries > 0).then(|| {
        let label = format!(
            "{} {}",
            o.entries,
            if o.entries == 1 { "entry" } else { "entries" }
        );
        view! { <span class="nav-count" title=label.clone() aria-label=label>{o.entries}</span> }
    });
    view! {
        <li>
            <a href=href on:click=move |_| show_in_preview(top)>
                {o.title}
            </a>
            {entries}
            {badge(o.errors, "badge error", "error", "errors")}
            {badge(o.warnings, "badge warning", "warning", "warnings")}
        </li>
    }
}

/// The navigator: the filter box, what it found, and the sections.
#[component]
pub fn Navigator() -> impl IntoView {
    let editor = use_editor();
    let rows = Memo::new(move |_| {
        editor
            .issue()
            .with(|i| editor.checks().with(|c| outline(i, c)))
    });
    let query = RwSignal::new(String::new());
    let found = Memo::new(move |_| {
        query.with(|q| editor.issue().with(|i| find_entries(i, q, MAX_FOUND + 1)))
    });
    let results = move || {
        if query.with(|q| q.trim().is_empty()) {
            return ().into_any();
        }
        let all = found.get();
        if all.is_empty() {
            return view! { <p class="nav-none" role="status">"No entry matches."</p> }.into_any();
        }
        let more = all.len() > MAX_FOUND;
        view! {
            <ul class="nav-found" aria-label="Entries found">
                {all
                    .into_iter()
                    .take(MAX_FOUND)
                    .map(|f| {
                        let id = f.id;
                        let label = if f.label.is_empty() { f.url.clone() } else { f.label };
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="link-button"
                                    title=f.url
                                    on:click=move |_| focus_entry(id, Some(NAMING_FIELD))
                                >
                                    {label}
                                </button>
                                <span class="nav-where">{f.section}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {more.then(|| view! { <p class="nav-none">"More match: type more of the title or URL."</p> })}
        }
        .into_any()
    };
    view! {
        <nav class="navigator" aria-label="Sections">
            <input
                type="search"
                class="nav-filter"
                placeholder="Find an entry…"
                aria-label="Find an entry by title or URL"
                prop:value=move || query.get()
                on:input:target=move |ev| query.set(ev.target().value())
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        query.set(String::new());
                    }
                }
            />
            {results}
            <ol>
                // A dozen rows, redrawn only when a count or title changes (the memo compares).
                {move || rows.get().into_iter().map(row).collect_view()}
            </ol>
        </nav>
    }
}
