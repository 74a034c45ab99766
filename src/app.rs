//! The components of the app shell.
//!
//! State is one [`Editor`] in context: plain model values in signals (the model types never
//! hold signals). Components read it through memos and change it only through its methods.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::time::Duration;

use leptos::prelude::*;
use twir_format::{parse, preview_sections, write, Diagnostic, Issue, Severity};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};

use crate::doc::{locate, piece_label, piece_start, piece_text, replace_piece, shows, Piece};
use crate::files;

/// The state of the editor. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The issue being edited: the single source of truth.
    pub issue: RwSignal<Issue>,
    /// What the parser noticed in the current text.
    pub diagnostics: RwSignal<Vec<Diagnostic>>,
    /// The name of this draft (the opened file's name, or what the editor typed).
    pub draft_name: RwSignal<String>,
    /// The last problem with a file action, shown in the header.
    pub error: RwSignal<Option<String>>,
}

impl Editor {
    /// An editor holding the issue parsed from `text`.
    pub fn new(text: &str, draft_name: &str) -> Self {
        let parsed = parse(text);
        Editor {
            issue: RwSignal::new(parsed.issue),
            diagnostics: RwSignal::new(parsed.diagnostics),
            draft_name: RwSignal::new(draft_name.to_string()),
            error: RwSignal::new(None),
        }
    }

    /// Replaces the whole issue by the one parsed from `text`.
    pub fn load_text(&self, text: &str) {
        let parsed = parse(text);
        self.issue.set(parsed.issue);
        self.diagnostics.set(parsed.diagnostics);
    }

    /// Applies an edit of one piece: the whole text is parsed again, so the model stays the
    /// only truth and every derived view (preview, raw tab, navigator) follows.
    pub fn edit_piece(&self, piece: Piece, edited: &str) {
        let text = self
            .issue
            .with_untracked(|i| replace_piece(i, piece, edited));
        self.load_text(&text);
    }
}

/// Which view the preview column shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tab {
    Rendered,
    Raw,
}

/// The whole app: header on top, then the editing column and the preview column.
#[component]
pub fn App() -> impl IntoView {
    let editor = Editor::new(crate::SAMPLE, "Sample issue");
    provide_context(editor);
    view! {
        <div class="app">
            <Header/>
            <main class="workspace">
                <EditingColumn/>
                <PreviewColumn/>
            </main>
        </div>
    }
}

fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// Issue number and date, draft name, and the file actions.
#[component]
fn Header() -> impl IntoView {
    let editor = use_editor();
    let number = Memo::new(move |_| editor.issue.with(|i| i.front_matter.number()));
    let date = Memo::new(move |_| editor.issue.with(|i| i.front_matter.date()));
    let issue_label = move || match (number.get(), date.get()) {
        (Some(n), Some(d)) => format!("Issue {n} · {d}"),
        (Some(n), None) => format!("Issue {n} · no date"),
        (None, Some(d)) => format!("Issue without number · {d}"),
        (None, None) => "Issue without number or date".to_string(),
    };

    let on_open = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // Clearing lets the same file be chosen again after edits.
        input.set_value("");
        leptos::task::spawn_local(async move {
            match files::read_text(&file).await {
                Ok(text) => {
                    editor.load_text(&text);
                    editor.draft_name.set(file.name());
                    editor.error.set(None);
                }
                Err(e) => editor.error.set(Some(e)),
            }
        });
    };
    let on_download = move |_| {
        let text = editor.issue.with_untracked(write);
        let name = files::file_name_for(editor.issue.with_untracked(|i| i.front_matter.date()));
        if let Err(e) = files::download(&name, &text) {
            editor.error.set(Some(format!("download failed: {e}")));
        }
    };
    let on_sample = move |_| {
        editor.load_text(crate::SAMPLE);
        editor.draft_name.set("Sample issue".to_string());
        editor.error.set(None);
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
                    prop:value=move || editor.draft_name.get()
                    on:input:target=move |ev| editor.draft_name.set(ev.target().value())
                />
            </div>
            <div class="actions">
                <label class="button" for="open-file">"Open…"</label>
                <input
                    id="open-file"
                    class="visually-hidden"
                    type="file"
                    accept=".md,.markdown,text/markdown,text/plain"
                    on:change=on_open
                />
                <button type="button" class="button" on:click=on_download>"Download .md"</button>
                <button type="button" class="button subtle" on:click=on_sample>"Sample"</button>
            </div>
            {move || {
                editor.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })
            }}
        </header>
    }
}

/// The section navigator and one raw Markdown text area per piece of the issue.
#[component]
fn EditingColumn() -> impl IntoView {
    let editor = use_editor();
    let count = Memo::new(move |_| editor.issue.with(|i| i.sections.len()));
    // Keyed by position: a text area keeps its element (and the caret) while its section is
    // re-parsed, even though parsing hands out fresh ids.
    let pieces = move || {
        std::iter::once(Piece::Intro)
            .chain((0..count.get()).map(Piece::Section))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="editing" aria-label="Editing">
            <nav class="navigator" aria-label="Sections">
                <ol>
                    <For each=pieces key=|p| *p children=move |p| view! { <NavItem piece=p/> }/>
                </ol>
            </nav>
            <div class="editor">
                <For each=pieces key=|p| *p children=move |p| view! { <PieceEditor piece=p/> }/>
                <Diagnostics/>
            </div>
        </section>
    }
}

fn piece_dom_id(piece: Piece) -> String {
    match piece {
        Piece::Intro => "edit-intro".to_string(),
        Piece::Section(i) => format!("edit-{i}"),
    }
}

#[component]
fn NavItem(piece: Piece) -> impl IntoView {
    let editor = use_editor();
    let label = Memo::new(move |_| editor.issue.with(|i| piece_label(i, piece)));
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
    let label = Memo::new(move |_| editor.issue.with(|i| piece_label(i, piece)));
    let text = Memo::new(move |_| editor.issue.with(|i| piece_text(i, piece)));
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
            .issue
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
        if editor.issue.with_untracked(|i| i.sections.len()) != count {
            let (target, at) = editor.issue.with_untracked(|i| locate(i, start + caret));
            set_timeout(move || focus_piece(target, at), Duration::ZERO);
        }
    };
    let id = piece_dom_id(piece);
    let textarea_id = format!("{id}-text");
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

/// Puts the caret at `at` (text-area units) in the text area of `piece`, once it exists.
fn focus_piece(piece: Piece, at: usize) {
    let id = format!("{}-text", piece_dom_id(piece));
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&id))
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let _ = el.focus();
    let at = at as u32;
    let _ = el.set_selection_range(at, at);
}

#[component]
fn Diagnostics() -> impl IntoView {
    let editor = use_editor();
    let count = move || editor.diagnostics.with(Vec::len);
    let items = move || {
        editor.diagnostics.with(|ds| {
            ds.iter()
                .take(200)
                .map(|d| {
                    let level = match d.severity {
                        Severity::Note => "note",
                        Severity::Warning => "warning",
                        Severity::Error => "error",
                    };
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
        editor.issue.with(|i| {
            i.front_matter
                .title()
                .unwrap_or("Untitled issue")
                .to_string()
        })
    });
    let date = Memo::new(move |_| {
        editor
            .issue
            .with(|i| i.front_matter.date().map(|d| d.to_string()))
    });
    // Keyed by content: a section whose HTML did not change keeps its DOM, so a keystroke only
    // replaces the sections it changed (see TOOLCHAIN.md: whole-issue innerHTML costs ~4 ms).
    let sections = Memo::new(move |_| {
        let rendered = editor.issue.with(preview_sections);
        let mut seen: HashMap<u64, u32> = HashMap::new();
        rendered
            .into_iter()
            .map(|s| {
                let mut h = DefaultHasher::new();
                s.html.hash(&mut h);
                let hash = h.finish();
                let n = seen.entry(hash).or_default();
                *n += 1;
                ((hash, *n), s.html)
            })
            .collect::<Vec<_>>()
    });
    let raw = move || editor.issue.with(write);
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
                    <div class="post-content" id="preview-content">
                        <For
                            each=move || sections.get()
                            key=|(k, _)| *k
                            children=|(_, html)| view! { <div class="post-section" inner_html=html></div> }
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
