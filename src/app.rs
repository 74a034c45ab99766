//! The components of the app shell.
//!
//! State is one [`Editor`] in context: plain model values in signals (the model types never
//! hold signals). Components read it through memos and change it only through its methods.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos::reactive::effect::ImmediateEffect;
use twir_format::{
    check, parse, preview_sections_since, write, Context, Date, Diagnostic, EditError, Id, Issue,
    Mode, PastIssue, PreviewCache, Severity,
};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

use crate::doc::{locate, piece_label, piece_start, piece_text, replace_piece, shows, Piece};
use crate::history::History;

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
    /// Undo/redo snapshots of `issue` (see [`crate::history`]).
    pub history: RwSignal<History<Issue>>,
    /// Earlier issues for duplicate-link detection (filled by "load recent issues" / imports).
    pub past_issues: RwSignal<Vec<PastIssue>>,
    /// Validation of the current issue (editor mode, today's date): shown inline by the forms.
    pub checks: Memo<Vec<Diagnostic>>,
    /// `checks` by the id of the entry, block or section they concern.
    pub checks_by_target: Memo<HashMap<Id, Vec<Diagnostic>>>,
    /// Bumped when `checks` should follow the issue again (a pause after edits).
    validated: RwSignal<u64>,
    /// Edits so far, to tell whether a pause has passed since the last one.
    edits: StoredValue<u64>,
    /// While an edit made by [`Editor::edit_typing_in`] runs: the one block it may change.
    scope: StoredValue<Option<Id>>,
    /// The blocks changed since the live preview last rendered (`None`: anything may have);
    /// see [`Editor::take_preview_changes`].
    preview_changes: StoredValue<Option<Vec<Id>>>,
}

impl Editor {
    /// An editor holding the issue parsed from `text`.
    pub fn new(text: &str, draft_name: &str) -> Self {
        let parsed = parse(text);
        let issue = RwSignal::new(parsed.issue);
        let draft_name = RwSignal::new(draft_name.to_string());
        let past_issues = RwSignal::new(Vec::<PastIssue>::new());
        let today = today();
        let validated = RwSignal::new(0u64);
        // Validation follows the issue after a pause in typing, off the keystroke → preview
        // path (see `Editor::commit`); `validated` says when.
        let checks = Memo::new(move |_| {
            validated.track();
            let ctx = Context {
                today,
                mode: Mode::Editor,
                history: past_issues.get(),
                // Only a real file name can be compared with the date.
                file_name: draft_name.with(|n| n.ends_with(".md").then(|| n.clone())),
            };
            issue.with_untracked(|i| check(i, &ctx))
        });
        let checks_by_target = Memo::new(move |_| {
            let mut map: HashMap<Id, Vec<Diagnostic>> = HashMap::new();
            checks.with(|ds| {
                for d in ds {
                    if let Some(t) = d.target {
                        map.entry(t).or_default().push(d.clone());
                    }
                }
            });
            map
        });
        let editor = Editor {
            issue,
            diagnostics: RwSignal::new(parsed.diagnostics),
            draft_name,
            error: RwSignal::new(None),
            history: RwSignal::new(History::default()),
            past_issues,
            checks,
            checks_by_target,
            validated,
            edits: StoredValue::new(0),
            scope: StoredValue::new(None),
            preview_changes: StoredValue::new(None),
        };
        // Inside every change of the issue: typing names the one block it changes, any other
        // change (undo, a file opened, a list operation) may have changed anything.
        ImmediateEffect::new_scoped(move || {
            editor.issue.track();
            let block = editor.scope.get_value();
            editor
                .preview_changes
                .update_value(|changes| match (changes.as_mut(), block) {
                    (Some(list), Some(block)) => list.push(block),
                    _ => *changes = None,
                });
        });
        // However the issue changes (an edit, undo, a file opened), validate after a pause.
        Effect::new(move |_| {
            editor.issue.track();
            editor.schedule_validation();
        });
        editor
    }

    /// Replaces the whole issue by the one parsed from `text` (one undo step).
    pub fn load_text(&self, text: &str) {
        let parsed = parse(text);
        self.commit(None, parsed.issue);
        self.diagnostics.set(parsed.diagnostics);
    }

    /// Makes one change through the edit API as one undo step (list operations, buttons).
    /// On failure the issue is unchanged and the error is shown.
    pub fn edit<T>(
        &self,
        label: &str,
        f: impl FnOnce(&mut Issue) -> Result<T, EditError>,
    ) -> Option<T> {
        self.apply(None, label, f)
    }

    /// Like [`Editor::edit`], for typing in the field named `key`: edits of the same field
    /// without a pause are one undo step.
    pub fn edit_typing<T>(
        &self,
        key: &str,
        f: impl FnOnce(&mut Issue) -> Result<T, EditError>,
    ) -> Option<T> {
        self.apply(Some(key), key, f)
    }

    /// Like [`Editor::edit_typing`], for an edit that changes nothing but the block `block`
    /// (its value, or the value and order of its entries): the forms then compare that block
    /// alone with what they show, instead of the whole issue (see [`crate::forms::sync`]).
    fn edit_typing_in<T>(
        &self,
        block: Id,
        key: &str,
        f: impl FnOnce(&mut Issue) -> Result<T, EditError>,
    ) -> Option<T> {
        self.scope.set_value(Some(block));
        let out = self.apply(Some(key), key, f);
        self.scope.set_value(None);
        out
    }

    /// Typing in a field of the entry `id` (named `key`): its new value.
    pub fn type_entry(&self, id: Id, key: &str, value: twir_format::EntryValue) {
        let block = self
            .issue
            .with_untracked(|i| i.entry_place(id).map(|p| p.block));
        let edit = |i: &mut Issue| i.update_entry(id, value);
        match block {
            Some(block) => self.edit_typing_in(block, key, edit),
            None => self.edit_typing(key, edit),
        };
    }

    /// Typing in a field of the block `id` (named `key`): its new value.
    pub fn type_block(&self, id: Id, key: &str, kind: twir_format::BlockKind) {
        self.edit_typing_in(id, key, |i| i.update_block(id, kind));
    }

    /// The block the edit in progress is confined to, if any ([`Editor::edit_typing_in`]).
    pub(crate) fn edit_scope(&self) -> Option<Id> {
        self.scope.get_value()
    }

    /// The blocks changed since the last call (`None`: anything may have changed), for the
    /// one live preview ([`twir_format::preview_sections_since`]).
    fn take_preview_changes(&self) -> Option<Vec<Id>> {
        self.preview_changes
            .try_update_value(|changes| changes.replace(Vec::new()))
            .flatten()
    }

    fn apply<T>(
        &self,
        key: Option<&str>,
        label: &str,
        f: impl FnOnce(&mut Issue) -> Result<T, EditError>,
    ) -> Option<T> {
        let mut f = Some(f);
        let mut out = None;
        self.apply_erased(key, label, &mut |i| {
            if let Some(f) = f.take() {
                out = Some(f(i)?);
            }
            Ok(())
        });
        out
    }

    /// The body of [`Editor::apply`], not generic: one copy in the wasm instead of one per
    /// call site.
    fn apply_erased(
        &self,
        key: Option<&str>,
        label: &str,
        f: &mut dyn FnMut(&mut Issue) -> Result<(), EditError>,
    ) {
        let now = js_sys::Date::now();
        let result = if key.is_some_and(|k| self.history.with_untracked(|h| h.continues(k, now))) {
            // More typing in the same field: the step's snapshot is already taken, so the
            // issue is edited in place instead of cloned (a large issue's clone and drop cost
            // a millisecond per keystroke). The edit API changes nothing when it fails.
            let done = self.issue.try_maybe_update(|i| {
                let r = f(i);
                (r.is_ok(), r)
            });
            if matches!(done, Some(Ok(()))) {
                self.history.update_untracked(|h| h.extend(now));
            }
            done.unwrap_or(Ok(()))
        } else {
            let mut next = self.issue.get_untracked();
            f(&mut next).map(|()| self.commit(key, next))
        };
        if let Err(e) = result {
            self.error.set(Some(format!("{label}: {e}")));
        }
    }

    fn commit(&self, key: Option<&str>, next: Issue) {
        let mut before = None;
        self.issue
            .update(|cur| before = Some(std::mem::replace(cur, next)));
        let now = js_sys::Date::now();
        if let Some(before) = before {
            self.history.update(|h| h.record(before, key, now));
        }
    }

    /// Validates again once no edit came for [`VALIDATION_PAUSE`]: checking the whole issue
    /// on every keystroke would slow typing in a large issue.
    fn schedule_validation(&self) {
        let n = self.edits.get_value() + 1;
        self.edits.set_value(n);
        let (edits, validated) = (self.edits, self.validated);
        set_timeout(
            move || {
                if edits.try_get_value() == Some(n) {
                    validated.try_set(n);
                }
            },
            VALIDATION_PAUSE,
        );
    }

    /// Goes back one step; false when there is none.
    pub fn undo(&self) -> bool {
        self.step(true)
    }

    /// Goes forward one undone step; false when there is none.
    pub fn redo(&self) -> bool {
        self.step(false)
    }

    fn step(&self, back: bool) -> bool {
        let possible = self
            .history
            .with_untracked(|h| if back { h.can_undo() } else { h.can_redo() });
        if !possible {
            return false;
        }
        let current = self.issue.get_untracked();
        let mut to = None;
        self.history.update(|h| {
            to = if back {
                h.undo(current)
            } else {
                h.redo(current)
            }
            .ok();
        });
        match to {
            Some(issue) => {
                self.issue.set(issue);
                true
            }
            None => false,
        }
    }

    /// Applies an edit of one piece: the whole text is parsed again, so the model stays the
    /// only truth and every derived view (preview, raw tab, navigator) follows.
    pub fn edit_piece(&self, piece: Piece, edited: &str) {
        let text = self
            .issue
            .with_untracked(|i| replace_piece(i, piece, edited));
        let parsed = parse(&text);
        let key = format!("piece-{piece:?}");
        self.commit(Some(&key), parsed.issue);
        self.diagnostics.set(parsed.diagnostics);
    }
}

/// How long typing pauses before the inline messages follow.
pub const VALIDATION_PAUSE: Duration = Duration::from_millis(150);

/// Today's local date, from the browser's clock.
pub fn today() -> Option<Date> {
    let d = js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as i32,
        (d.get_month() + 1) as u8,
        d.get_date() as u8,
    )
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
    // Restores the last open draft into `editor` and autosaves every change (see drafts.rs).
    crate::drafts::attach(editor);
    let io = crate::io::provide_io(editor);
    crate::summary::provide_checks(editor, io);
    view! {
        <div class="app">
            <Header/>
            <crate::summary::SummaryPanel/>
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
                <crate::io::IoActions/>
                <crate::drafts::DraftsBar/>
            </div>
            {move || {
                editor.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })
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
    // Keyed by section: a keystroke sets the HTML of the one section it changed and leaves the
    // others' DOM alone (keying by content made the list diff move the sections after the
    // changed one, which restyled and repainted half the preview; see TOOLCHAIN.md:
    // whole-issue innerHTML costs ~4 ms). Only the parts whose Markdown changed are rendered
    // again (see `PreviewCache`).
    let cache = std::sync::Arc::new(std::sync::Mutex::new(PreviewCache::default()));
    let sections = Memo::new(move |_| {
        let rendered = editor.issue.with(|i| {
            let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
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
