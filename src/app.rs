//! The app shell: the `App` component that wires the state together, the header, the editing
//! column and the preview column.
//!
//! A leaf: nothing in the app imports this module (only `lib.rs` mounts [`App`]). The state
//! lives in [`crate::editor`], the shared widgets in [`crate::ui`].

use std::time::Duration;

use leptos::prelude::*;
use twir_format::{preview_sections_since, write, PreviewCache};
use web_sys::HtmlTextAreaElement;

use crate::browser::storage::Store;
use crate::doc::{locate, piece_dom_id, piece_label, piece_start, piece_text, shows, Piece};
use crate::editor::{use_editor, Editor};
use crate::ui::focus_piece;

/// Which view the preview column shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tab {
    Rendered,
    Raw,
}

/// Which column a phone shows (a wider window shows both).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pane {
    Forms,
    Preview,
}

/// The whole app: header on top, then the editing column and the preview column.
#[component]
pub fn App() -> impl IntoView {
    // An editor already in context (a component test keeping a handle on it), else the sample.
    let editor =
        use_context::<Editor>().unwrap_or_else(|| Editor::new(crate::SAMPLE, "Sample issue"));
    provide_context(editor);
    // Before the drafts, the forms and the summary, which look for rows that may still wait.
    crate::forms::provide_rows();
    // The browser's storage when `start` provided it; else (component tests) memory, so no
    // mount sees another's drafts.
    let store = use_context::<Store>().unwrap_or_else(Store::memory);
    // Restores the last open draft into `editor` and autosaves every change.
    let drafts = crate::drafts::attach(editor, &store);
    crate::io::provide_io(editor, drafts, store.clone());
    provide_context(store);
    let pane = RwSignal::new(Pane::Forms);
    let pane_tab = move |which: Pane, label: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                aria-selected=move || if pane.get() == which { "true" } else { "false" }
                on:click=move |_| pane.set(which)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="app">
            <Header/>
            <crate::summary::SummaryPanel/>
            // Shown on phones only (style/main.css): one column at a time.
            <div class="pane-tabs" role="tablist" aria-label="Show">
                {pane_tab(Pane::Forms, "Forms")}
                {pane_tab(Pane::Preview, "Preview")}
            </div>
            <main
                class="workspace"
                data-pane=move || if pane.get() == Pane::Forms { "forms" } else { "preview" }
            >
                <EditingColumn/>
                <PreviewColumn/>
            </main>
        </div>
    }
}

/// The light/dark switch: follows the system until pressed, then remembers the choice.
#[component]
fn ThemeToggle() -> impl IntoView {
    let store = use_context::<Store>().unwrap_or_else(Store::memory);
    let dark = RwSignal::new(crate::browser::theme::is_dark());
    let toggle = move |_| {
        let next = !dark.get_untracked();
        crate::browser::theme::set(&store, next);
        dark.set(next);
    };
    view! {
        <button
            type="button"
            class="button subtle theme-toggle"
            aria-pressed=move || if dark.get() { "true" } else { "false" }
            aria-label="Dark mode"
            title="Dark mode (remembered)"
            on:click=toggle
        >
            "◐"
        </button>
    }
}

/// Issue number and date, draft name, and the file actions.
#[component]
fn Header() -> impl IntoView {
    let editor = use_editor();
    let number = Memo::new(move |_| editor.issue().with(|i| i.front_matter.number()));
    let date = Memo::new(move |_| editor.issue().with(|i| i.front_matter.date()));
    let issue_label = move || match (number.get(), date.get()) {
        (Some(n), Some(d)) => format!("Issue {n} · {d}"),
        (Some(n), None) => format!("Issue {n} · no date"),
        (None, Some(d)) => format!("Issue without number · {d}"),
        (None, None) => "Issue without number or date".to_string(),
    };

    view! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">"TW"</span>
                <span class="brand-name">"TWiR editor"</span>
            </div>
            <div class="issue-id">
                <span class="issue-label">{issue_label}</span>
                <input
                    class="draft-name"
                    type="text"
                    aria-label="Draft name"
                    prop:value=move || editor.draft_name().get()
                    on:input:target=move |ev| editor.set_draft_name(&ev.target().value())
                />
            </div>
            <div class="actions">
                <crate::io::IoActions/>
                <crate::drafts::DraftsBar/>
                <ThemeToggle/>
            </div>
            {move || {
                editor
                    .error()
                    .get()
                    .map(|e| {
                        view! {
                            <p class="error" role="alert">
                                <span>{e}</span>
                                <button
                                    type="button"
                                    class="link-button"
                                    aria-label="Dismiss"
                                    on:click=move |_| editor.set_error(None)
                                >
                                    "×"
                                </button>
                            </p>
                        }
                    })
            }}
        </header>
    }
}

/// The section navigator and the forms (or, as an escape hatch, one raw Markdown text area
/// per piece of the issue).
#[component]
fn EditingColumn() -> impl IntoView {
    let editor = use_editor();
    crate::forms::install_shortcuts(editor);
    let markdown = RwSignal::new(false);
    let count = Memo::new(move |_| editor.issue().with(|i| i.sections.len()));
    // Keyed by position: a text area keeps its element (and the caret) while its section is
    // re-parsed, even though parsing hands out fresh ids.
    let pieces = move || {
        std::iter::once(Piece::Intro)
            .chain((0..count.get()).map(Piece::Section))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="editing" aria-label="Editing">
            <Show
                when=move || markdown.get()
                fallback=|| view! { <crate::forms::Navigator/> }
            >
                <nav class="navigator" aria-label="Sections">
                    <ol>
                        <For each=pieces key=|p| *p children=move |p| view! { <NavItem piece=p/> }/>
                    </ol>
                </nav>
            </Show>
            <div class="editor">
                <crate::forms::Toolbar markdown/>
                <Show when=move || markdown.get() fallback=|| view! { <crate::forms::Forms/> }>
                    <For each=pieces key=|p| *p children=move |p| view! { <PieceEditor piece=p/> }/>
                </Show>
                <Diagnostics/>
            </div>
        </section>
    }
}

#[component]
fn NavItem(piece: Piece) -> impl IntoView {
    let editor = use_editor();
    let label = Memo::new(move |_| editor.issue().with(|i| piece_label(i, piece)));
    let href = format!("#{}", piece_dom_id(piece));
    view! {
        <li>
            <a href=href>{move || label.get()}</a>
        </li>
    }
}

#[component]
fn PieceEditor(piece: Piece) -> impl IntoView {
    let editor = use_editor();
    let label = Memo::new(move |_| editor.issue().with(|i| piece_label(i, piece)));
    let text = Memo::new(move |_| editor.issue().with(|i| piece_text(i, piece)));
    let rows = move || text.with(|t| t.lines().count().clamp(3, 30) + 1);
    let node = NodeRef::<leptos::html::Textarea>::new();
    // Write the model's text into the element only when it shows something else: setting
    // `value` moves the caret to the end, so what was just typed (which the join may have given
    // a final line ending) is left alone.
    Effect::new(move |_| {
        let model = text.get();
        if let Some(el) = node.get() {
            if !shows(&el.value(), &model) {
                el.set_value(&model);
            }
        }
    });
    let on_input = move |ev: leptos::ev::Targeted<leptos::ev::Event, HtmlTextAreaElement>| {
        let el = ev.target();
        let caret = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        let (count, start) = editor
            .issue()
            .with_untracked(|i| (i.sections.len(), piece_start(i, piece)));
        editor.edit_piece(piece, &el.value());
        // The effect above only runs when this piece's text changes; after a split it may
        // not have (the new heading went to the next piece), yet the element still shows it.
        let model = text.get_untracked();
        if !shows(&el.value(), &model) {
            el.set_value(&model);
        }
        // Typing a heading splits a section (deleting one merges two): the text after the
        // caret now lives in another text area, so the caret follows it there.
        if editor.issue().with_untracked(|i| i.sections.len()) != count {
            let (target, at) = editor.issue().with_untracked(|i| locate(i, start + caret));
            set_timeout(move || focus_piece(target, at), Duration::ZERO);
        }
    };
    let id = piece_dom_id(piece);
    let textarea_id = crate::doc::piece_textarea_id(piece);
    view! {
        <div class="piece" id=id>
            <label for=textarea_id.clone()>{move || label.get()}</label>
            <textarea
                id=textarea_id
                class="piece-source"
                spellcheck="false"
                rows=rows
                node_ref=node
                prop:value=text.get_untracked()
                on:input:target=on_input
            ></textarea>
        </div>
    }
}

#[component]
fn Diagnostics() -> impl IntoView {
    let editor = use_editor();
    let notes = editor.parse_notes();
    let count = move || notes.with(Vec::len);
    let items = move || {
        notes.with(|ds| {
            ds.iter()
                .take(200)
                .map(|d| {
                    let level = d.severity.as_str();
                    view! {
                        <li class=level>
                            {format!("line {}: {} ({})", d.line, d.message, d.code)}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <details class="diagnostics">
            <summary>{move || format!("{} notes from the parser", count())}</summary>
            <ul>{items}</ul>
        </details>
    }
}

/// The preview: rendered like the newsletter's site, or the exact Markdown export.
#[component]
fn PreviewColumn() -> impl IntoView {
    let editor = use_editor();
    let tab = RwSignal::new(Tab::Rendered);
    let title = Memo::new(move |_| {
        editor.issue().with(|i| {
            i.front_matter
                .title()
                .unwrap_or("Untitled issue")
                .to_string()
        })
    });
    let date = Memo::new(move |_| {
        editor
            .issue()
            .with(|i| i.front_matter.date().map(|d| d.to_string()))
    });
    // Keyed by section: a keystroke sets the HTML of the one section it changed and leaves the
    // others' DOM alone (keying by content made the list diff move the sections after the
    // changed one, which restyled and repainted half the preview, and setting the whole
    // issue's innerHTML cost ~4 ms per keystroke). Only the parts whose Markdown changed are rendered
    // again (see `PreviewCache`).
    let cache = std::sync::Arc::new(std::sync::Mutex::new(PreviewCache::default()));
    // The rendered preview follows the issue one frame late: a keystroke's own frame shows
    // the typed character without waiting for the preview (on a slow device the preview takes
    // longer than a frame), and keystrokes typed faster than frames render it once.
    let due = RwSignal::new(0u32);
    let waiting = StoredValue::new(false);
    Effect::new(move |_| {
        editor.issue().track();
        if !waiting.get_value() {
            waiting.set_value(true);
            request_animation_frame(move || {
                set_timeout(
                    // The preview may be gone by then (a component test unmounted).
                    move || {
                        waiting.try_set_value(false);
                        due.try_update(|n| *n = n.wrapping_add(1));
                    },
                    std::time::Duration::ZERO,
                );
            });
        }
    });
    let sections = Memo::new(move |_| {
        due.track();
        let rendered = editor.issue().with_untracked(|i| {
            let mut cache = cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let changed = editor.take_preview_changes();
            preview_sections_since(i, &mut cache, changed.as_deref())
        });
        rendered
            .into_iter()
            .map(|s| {
                let section =
                    s.id.map_or_else(|| "intro".to_string(), |id| id.0.to_string());
                (section, s.html)
            })
            .collect::<Vec<_>>()
    });
    let order = Memo::new(move |_| {
        sections.with(|all| all.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>())
    });
    let raw = move || editor.issue().with(write);
    let tab_button = move |which: Tab, label: &'static str, panel: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=format!("tab-{panel}")
                aria-controls=panel
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                class:active=move || tab.get() == which
                on:click=move |_| tab.set(which)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="preview" aria-label="Preview">
            <div class="tabs" role="tablist" aria-label="Preview mode">
                {tab_button(Tab::Rendered, "Preview", "panel-rendered")}
                {tab_button(Tab::Raw, "Markdown", "panel-raw")}
            </div>
            <div
                id="panel-rendered"
                role="tabpanel"
                aria-labelledby="tab-panel-rendered"
                hidden=move || tab.get() != Tab::Rendered
            >
                <article class="post">
                    <header class="post-header">
                        <h1 class="post-title">{move || title.get()}</h1>
                        {move || date.get().map(|d| view! { <p class="post-date">{d}</p> })}
                    </header>
                    <div
                        class="post-content"
                        id="preview-content"
                        on:click=move |ev| crate::preview_dom::open_links_outside(&ev)
                    >
                        <For
                            each=move || order.get()
                            key=|k| k.clone()
                            children=move |section| {
                                let key = section.clone();
                                let html = Memo::new(move |_| {
                                    sections
                                        .with(|all| {
                                            all.iter().find(|(k, _)| *k == key).map(|(_, h)| h.clone())
                                        })
                                        .unwrap_or_default()
                                });
                                // Later changes patch the shown nodes (see `preview_dom`).
                                let node = NodeRef::<leptos::html::Div>::new();
                                let first = html.get_untracked();
                                // What the section's nodes show, to compare the next HTML with.
                                let mut shown = first.clone();
                                Effect::new(move |_| {
                                    html.with(|h| {
                                        if *h == shown {
                                            return;
                                        }
                                        if let Some(el) = node.get_untracked() {
                                            crate::preview_dom::patch_html_from(&el, &shown, h);
                                            shown = h.clone();
                                        }
                                    });
                                });
                                // `data-section` lets a focused form scroll its preview into view.
                                view! {
                                    <div
                                        class="post-section"
                                        data-section=section
                                        node_ref=node
                                        inner_html=first
                                    ></div>
                                }
                            }
                        />
                    </div>
                </article>
            </div>
            <Show when=move || tab.get() == Tab::Raw>
                <div id="panel-raw" role="tabpanel" aria-labelledby="tab-panel-raw">
                    <pre class="raw"><code>{raw}</code></pre>
                </div>
            </Show>
        </section>
    }
}
