//! The structured forms: one per section of the issue, built on the core's model and edit API.
//!
//! Every change goes through [`Editor::edit`] / [`Editor::edit_typing`] (so it is one undo
//! step) and the core's edit methods; nothing here writes Markdown. Forms are keyed by the
//! model's stable ids, so a field keeps its element (and caret) while others change.
//!
//! Bundle size matters (a first visit is capped at 440 KiB gzip), so fields are made by a few
//! non-generic helpers that take plain function pointers as lenses ([`EntryLens`],
//! [`BlockLens`]) instead of one closure type per field.
//!
//! Undo owns Ctrl+Z everywhere, also inside text fields: typing is coalesced per field per
//! pause (see [`crate::history`]), so the app's undo does what the browser's would in the
//! field, and it also undoes list operations and edits made in other fields, in order.

mod cfp;
mod crate_of_week;
mod events;
mod front_matter;
mod keys;
mod links;
mod list;
mod navigator;
mod parts;
mod progressive;
mod project;
mod quote;
mod raw;
mod row;
mod sync;

pub use navigator::Navigator;

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use twir_format::{BlockKind, Diagnostic, EntryValue, Id};
use wasm_bindgen::JsCast;

use crate::editor::{use_editor, Editor};

pub(crate) use keys::field_key;
pub(crate) use progressive::{provide as provide_rows, revealer, Revealer};
pub(crate) use row::open_entry;

/// Reads a field out of an entry value (empty when the value is of another kind).
pub(crate) type EntryGet = fn(&EntryValue) -> String;
/// Writes a field into an entry value; `Err` says why the text is not a valid value.
pub(crate) type EntrySet = fn(&mut EntryValue, &str) -> Result<(), String>;
pub(crate) type EntryLens = (EntryGet, EntrySet);
pub(crate) type BlockGet = fn(&BlockKind) -> String;
pub(crate) type BlockSet = fn(&mut BlockKind, &str) -> Result<(), String>;
pub(crate) type BlockLens = (BlockGet, BlockSet);

/// A lens onto a `String` field of one variant of an enum, as two function pointers.
macro_rules! lens {
    ($ty:ty, $variant:path, $field:ident) => {
        (
            (|v: &$ty| match v {
                $variant(x) => x.$field.clone(),
                #[allow(unreachable_patterns)]
                _ => String::new(),
            }) as fn(&$ty) -> String,
            (|v: &mut $ty, s: &str| {
                if let $variant(x) = v {
                    x.$field = s.to_string();
                }
                Ok(())
            }) as fn(&mut $ty, &str) -> Result<(), String>,
        )
    };
}
pub(crate) use lens;

/// A lens onto a `String` field of a struct-like variant of [`BlockKind`].
macro_rules! block_lens {
    ($variant:ident, $field:ident) => {
        (
            (|v: &BlockKind| match v {
                BlockKind::$variant { $field, .. } => $field.clone(),
                _ => String::new(),
            }) as fn(&BlockKind) -> String,
            (|v: &mut BlockKind, s: &str| {
                if let BlockKind::$variant { $field, .. } = v {
                    *$field = s.to_string();
                }
                Ok(())
            }) as fn(&mut BlockKind, &str) -> Result<(), String>,
        )
    };
}
pub(crate) use block_lens;

/// Where a form sits: the section it belongs to (none for the introduction) and its kind.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place {
    pub section: Option<Id>,
    pub kind: Option<twir_format::SectionKind>,
}

/// Applies a field's text to the model; `Err` says why the text is not a valid value.
pub(crate) type Setter = Rc<dyn Fn(&str) -> Result<(), String>>;

/// One labelled text input (or text area). `set` returns `Err` with a message when the text
/// is not a valid value; the model is then left alone and the field marked invalid.
pub(crate) fn input(
    label: &'static str,
    class: &'static str,
    multiline: bool,
    value: Signal<String>,
    set: Setter,
) -> AnyView {
    input_keyed(
        label,
        class,
        multiline,
        value,
        set,
        field_key(class.to_string()),
    )
}

/// [`input`] with its own `data-focus-key` (for fields that repeat inside one owner).
pub(crate) fn input_keyed(
    label: &'static str,
    class: &'static str,
    multiline: bool,
    value: Signal<String>,
    set: Setter,
    key: Signal<Option<String>>,
) -> AnyView {
    let invalid = RwSignal::new(None::<String>);
    let on_input = move |ev: leptos::ev::Event| {
        let Some(target) = ev.target() else { return };
        let text = if multiline {
            target
                .unchecked_ref::<web_sys::HtmlTextAreaElement>()
                .value()
        } else {
            target.unchecked_ref::<web_sys::HtmlInputElement>().value()
        };
        let problem = set(&text).err();
        if invalid.with_untracked(|i| *i != problem) {
            invalid.set(problem);
        }
        // An edit may move the row (events are kept sorted by date): moving a node drops its
        // focus, so give it back.
        let el: web_sys::HtmlElement = target.unchecked_into();
        set_timeout(
            move || {
                let active = document().active_element();
                if el.is_connected() && active.as_ref() != Some(el.unchecked_ref()) {
                    let _ = el.focus();
                }
            },
            Duration::ZERO,
        );
    };
    let field = if multiline {
        let rows = move || value.with(|v| v.lines().count().clamp(2, 14) + 1);
        view! {
            <textarea
                class="f-input"
                spellcheck="false"
                rows=rows
                data-focus-key=key
                aria-invalid=move || invalid.with(|i| i.is_some().then_some("true"))
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                class="f-input"
                type="text"
                spellcheck="false"
                data-focus-key=key
                aria-invalid=move || invalid.with(|i| i.is_some().then_some("true"))
                prop:value=value
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <label class=format!("field f-{class}")>
            <span class="f-label">{label}</span>
            {field}
            {move || invalid.get().map(|m| view! { <span class="f-invalid">{m}</span> })}
        </label>
    }
    .into_any()
}

/// A group of fields. One function (one view type) for every row of fields keeps the bundle
/// small: each distinct `view!` shape costs code in the wasm.
pub(crate) fn row(class: &'static str, label: &'static str, fields: Vec<AnyView>) -> AnyView {
    view! {
        <div class=format!("f-row {class}") role="group" aria-label=label>
            {fields}
        </div>
    }
    .into_any()
}

/// A field of the entry `id` through a lens.
pub(crate) fn entry_field(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    label: &'static str,
    class: &'static str,
    lens: EntryLens,
) -> AnyView {
    entry_field_as(editor, id, value, (label, class, false), lens)
}

/// [`entry_field`], as a text area when `multiline`.
pub(crate) fn entry_field_as(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    (label, class, multiline): (&'static str, &'static str, bool),
    (get, set): EntryLens,
) -> AnyView {
    let shown = Signal::derive(move || value.with(|v| v.as_ref().map(get).unwrap_or_default()));
    let io = (class == "url")
        .then(use_context::<crate::io::Io>)
        .flatten();
    let write = Rc::new(move |text: &str| {
        let Some(mut v) = value.get_untracked() else {
            return Ok(());
        };
        set(&mut v, text)?;
        editor.type_entry(id, &format!("{}.{class}", id.0), v);
        if io.is_some() {
            crate::titles::lookup(io, editor, id, text);
        }
        Ok(())
    });
    input(label, class, multiline, shown, write)
}

/// A field of the block `id` through a lens.
pub(crate) fn block_field(
    editor: Editor,
    id: Id,
    value: Memo<Option<BlockKind>>,
    label: &'static str,
    class: &'static str,
    multiline: bool,
    (get, set): BlockLens,
) -> AnyView {
    let shown = Signal::derive(move || value.with(|v| v.as_ref().map(get).unwrap_or_default()));
    let write = Rc::new(move |text: &str| {
        let Some(mut v) = value.get_untracked() else {
            return Ok(());
        };
        set(&mut v, text)?;
        editor.type_block(id, &format!("{}.{class}", id.0), v);
        Ok(())
    });
    input(label, class, multiline, shown, write)
}

/// The validation messages about `target`, with their quick fixes, shown under its form.
pub(crate) fn messages(editor: Editor, target: Id) -> AnyView {
    let mine = Memo::new(move |_| {
        editor
            .checks_by_target()
            .with(|m| m.get(&target).cloned().unwrap_or_default())
    });
    let list = (move || {
        let ds = mine.get();
        (!ds.is_empty()).then(|| {
            view! {
                <ul class="f-messages">{ds.into_iter().map(|d| message(editor, d)).collect_view()}</ul>
            }
        })
    })
    .into_any();
    // Open merge conflicts with their buttons, at the entry, block or section they concern.
    vec![list, crate::update::conflicts_at(editor, target)].into_any()
}

/// One diagnostic: severity, message, rule id, and its quick fix as a button.
pub(crate) fn message(editor: Editor, d: Diagnostic) -> AnyView {
    let level = d.severity.as_str();
    let fix = d.fix.map(|fix| {
        let label = fix.label.clone();
        view! {
            <button
                type="button"
                class="button small f-fix"
                on:click=move |_| {
                    let fix = fix.clone();
                    editor.edit("quick fix", move |i| {
                        i.apply_fix(&fix);
                        Ok(())
                    });
                }
            >
                {label}
            </button>
        }
    });
    let rule = d.code.clone();
    view! {
        <li class=format!("f-message {level}") data-rule=rule>
            <span class="f-severity">{level}</span>
            " "
            <span class="f-text">{d.message}</span>
            " "
            <code class="f-rule">{d.code}</code>
            {fix}
        </li>
    }
    .into_any()
}

/// Scrolls the preview to the section `top` (the introduction when `None`), when the preview
/// scrolls by itself (side by side); in the stacked layout it would pull the form away.
pub(crate) fn show_in_preview(top: Option<Id>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let key = top.map_or_else(|| "intro".to_string(), |id| id.0.to_string());
    let Ok(Some(target)) = doc.query_selector(&format!("[data-section=\"{key}\"]")) else {
        return;
    };
    let Ok(Some(pane)) = doc.query_selector(".preview") else {
        return;
    };
    let pane: web_sys::HtmlElement = pane.unchecked_into();
    if pane.scroll_height() <= pane.client_height() {
        return;
    }
    // Offset of the target within the pane (the pane is the offset parent chain's end).
    let mut y = 0;
    let mut el: Option<web_sys::HtmlElement> = Some(target.unchecked_into());
    while let Some(e) = el {
        if e == pane {
            break;
        }
        y += e.offset_top();
        el = e.offset_parent().map(wasm_bindgen::JsCast::unchecked_into);
    }
    // The pane's tabs stick to its top and would cover the section's heading.
    let tabs = pane.query_selector(".tabs").ok().flatten().map_or(0, |t| {
        t.unchecked_into::<web_sys::HtmlElement>().offset_height()
    });
    pane.set_scroll_top((y - tabs - 8).max(0));
}

/// Moves the keyboard focus into the entry `id`, once its row exists: to the field matching
/// `css`, else (or for `None`) its title or first field. A closed row is opened first.
pub(crate) fn focus_entry(id: Id, css: Option<&'static str>) {
    let reveal = revealer();
    let row = move || {
        document()
            .query_selector(&format!("[data-entry=\"{}\"]", id.0))
            .ok()
            .flatten()
    };
    let open_and_focus = move || {
        if let Some(r) = row() {
            open_entry(&r);
        }
        row::focus_field(id, css.map(str::to_string));
    };
    set_timeout(
        move || {
            if row().is_some() {
                open_and_focus();
            } else {
                // A long list still filling: draw every row, then look again.
                reveal.reveal_then(open_and_focus);
            }
        },
        Duration::ZERO,
    );
}

/// Moves the keyboard focus to the first element matching `css`, once it exists.
pub(crate) fn set_timeout_focus(css: &'static str) {
    set_timeout(
        move || {
            if let Ok(Some(el)) = document().query_selector(css) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        },
        Duration::ZERO,
    );
}

/// Undo/redo buttons and the switch between forms and raw Markdown.
#[component]
pub fn Toolbar(markdown: RwSignal<bool>) -> impl IntoView {
    let editor = use_editor();
    let can_undo = move || editor.can_undo();
    let can_redo = move || editor.can_redo();
    view! {
        <div class="form-toolbar" role="toolbar" aria-label="Editing tools">
            <button
                type="button"
                class="button small"
                id="undo"
                title="Undo (Ctrl+Z)"
                disabled=move || !can_undo()
                on:click=move |_| {
                    editor.undo();
                }
            >
                "Undo"
            </button>
            <button
                type="button"
                class="button small"
                id="redo"
                title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
                disabled=move || !can_redo()
                on:click=move |_| {
                    editor.redo();
                }
            >
                "Redo"
            </button>
            <label class="mode-switch">
                <input
                    type="checkbox"
                    id="markdown-mode"
                    prop:checked=move || markdown.get()
                    on:change:target=move |ev| markdown.set(ev.target().checked())
                />
                " Edit as Markdown"
            </label>
        </div>
    }
}

/// Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y anywhere in the page (see the module docs for why the app
/// owns them inside text fields too). Removed when the calling component goes away.
pub fn install_shortcuts(editor: Editor) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let key = ev.key().to_ascii_lowercase();
        let done = match (key.as_str(), ev.shift_key()) {
            ("z", false) => {
                editor.undo();
                true
            }
            ("z", true) | ("y", false) => {
                editor.redo();
                true
            }
            _ => false,
        };
        if done {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

/// All forms: front matter and introduction, then one form per top-level section.
#[component]
pub fn Forms() -> impl IntoView {
    let editor = use_editor();
    keys::provide(editor);
    list::provide_dragging();
    progressive::provide_unless_there();
    sync::provide(editor);
    let tops = Memo::new(move |_| {
        editor
            .issue()
            .with(|i| i.sections.iter().map(|s| s.id).collect::<Vec<_>>())
    });
    let preamble = Memo::new(move |_| {
        editor.issue().with(|i| {
            i.preamble
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::Blank { .. }))
                .map(|b| b.id)
                .collect::<Vec<_>>()
        })
    });
    let intro = Place {
        section: None,
        kind: None,
    };
    // Messages about the whole issue (no entry, block or section to put them under).
    let general = Memo::new(move |_| {
        editor.checks().with(|ds| {
            ds.iter()
                .filter(|d| d.target.is_none())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="forms">
            <section
                class="form-section level-0"
                id="form-intro"
                aria-labelledby="form-intro-h"
                on:focusin=move |_| show_in_preview(None)
            >
                <h2 class="f-heading" id="form-intro-h">"Introduction"</h2>
                {front_matter::form(editor)}
                {move || {
                    let ds = general.get();
                    (!ds.is_empty())
                        .then(|| {
                            view! {
                                <ul class="f-messages">
                                    {ds.into_iter().map(|d| message(editor, d)).collect_view()}
                                </ul>
                            }
                        })
                }}
                {crate::update::unplaced_conflicts(editor)}
                {crate::ui::keyed_ids(
                    move || preamble.get(),
                    move |id| block_form(editor, id, intro),
                )}
            </section>
            {crate::ui::keyed_ids(
                move || tops.get(),
                move |id| section_form(editor, id, Some(id), 0),
            )}
        </div>
    }
}

/// The form of one section: its blocks, then its sub-sections.
fn section_form(editor: Editor, id: Id, top: Option<Id>, depth: usize) -> AnyView {
    keys::provide_owner(id);
    let shape = sync::section_shape(editor, id);
    let kind = Memo::new(move |_| shape.with(|s| s.as_ref().map(|s| s.kind)));
    let place = move || Place {
        section: Some(id),
        kind: kind.get_untracked(),
    };
    let heading_id = format!("form-{}-h", id.0);
    let labelled_by = heading_id.clone();
    let title = move || shape.with(|s| s.as_ref().map(|s| s.title.clone()).unwrap_or_default());
    // Top-level sections are h2 (under the page's h1-less app, like the issue's own `##`).
    let heading = if depth == 0 {
        view! { <h2 class="f-heading" id=heading_id>{title}</h2> }.into_any()
    } else {
        view! { <h3 class="f-heading" id=heading_id>{title}</h3> }.into_any()
    };
    let io = use_context::<crate::io::Io>();
    let takes_entries = move || {
        shape.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.has_list || list::takes_entries(s.kind))
        })
    };
    view! {
        <section
            class=format!("form-section level-{depth}")
            id=format!("form-{}", id.0)
            data-kind=move || kind.get().map(|k| format!("{k:?}"))
            aria-labelledby=labelled_by
            on:focusin=move |ev| {
                if depth == 0 {
                    ev.stop_propagation();
                    show_in_preview(top);
                }
            }
        >
            {heading}
            {move || (kind.get() == Some(twir_format::SectionKind::ProjectUpdates)).then(|| crate::fetch::fetch_button(io))}
            {messages(editor, id)}
            {crate::ui::keyed_ids(
                move || shape.with(|s| s.as_ref().map(|s| s.blocks.clone()).unwrap_or_default()),
                move |b| block_form(editor, b, place()),
            )}
            {move || takes_entries().then(|| list::add_controls(editor, place()))}
            {move || {
                shape
                    .with(|s| {
                        s.as_ref()
                            .is_some_and(|s| {
                                s.kind == twir_format::SectionKind::QuoteOfTheWeek && !s.has_quote
                            })
                    })
                    .then(|| quote::add_quote(editor, id))
            }}
            {crate::ui::keyed_ids(
                move || shape.with(|s| s.as_ref().map(|s| s.children.clone()).unwrap_or_default()),
                move |c| section_form(editor, c, top, depth + 1),
            )}
        </section>
    }
    .into_any()
}

/// Which form a block gets; the form is rebuilt only when this changes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum BlockTag {
    Blank,
    Text,
    Comment,
    Raw,
    List,
    LinkDef,
    MergedCount,
    EventsWindow,
    CrateOfTheWeek,
    Thanks,
    Quote,
    Attribution,
    TriageBy,
    RevisionRange,
    FullReport,
    EditorsLine,
    Discuss,
}

fn block_tag(b: &BlockKind) -> BlockTag {
    match b {
        BlockKind::Blank { .. } => BlockTag::Blank,
        BlockKind::Text { .. } => BlockTag::Text,
        BlockKind::Comment { .. } => BlockTag::Comment,
        BlockKind::Raw { .. } => BlockTag::Raw,
        BlockKind::List { .. } => BlockTag::List,
        BlockKind::LinkDef { .. } => BlockTag::LinkDef,
        BlockKind::MergedCount { .. } => BlockTag::MergedCount,
        BlockKind::EventsWindow { .. } => BlockTag::EventsWindow,
        BlockKind::CrateOfTheWeek { .. } => BlockTag::CrateOfTheWeek,
        BlockKind::Thanks { .. } => BlockTag::Thanks,
        BlockKind::Quote { .. } => BlockTag::Quote,
        BlockKind::Attribution { .. } => BlockTag::Attribution,
        BlockKind::TriageBy { .. } => BlockTag::TriageBy,
        BlockKind::RevisionRange { .. } => BlockTag::RevisionRange,
        BlockKind::FullReport { .. } => BlockTag::FullReport,
        BlockKind::EditorsLine { .. } => BlockTag::EditorsLine,
        BlockKind::Discuss { .. } => BlockTag::Discuss,
    }
}

/// The form of one block, by its kind.
fn block_form(editor: Editor, id: Id, place: Place) -> AnyView {
    keys::provide_owner(id);
    let value = sync::block_value(editor, id);
    let tag = Memo::new(move |_| value.with(|v| v.as_ref().map(block_tag)));
    let body = move || {
        let Some(tag) = tag.get() else {
            return ().into_any();
        };
        match tag {
            BlockTag::Blank => ().into_any(),
            BlockTag::List => list::list_form(editor, id, value, place),
            BlockTag::Text | BlockTag::Comment | BlockTag::Raw => {
                raw::block(editor, id, value, tag == BlockTag::Comment)
            }
            BlockTag::CrateOfTheWeek | BlockTag::Thanks => {
                crate_of_week::block(editor, id, value, tag == BlockTag::Thanks)
            }
            BlockTag::LinkDef
            | BlockTag::MergedCount
            | BlockTag::TriageBy
            | BlockTag::RevisionRange
            | BlockTag::FullReport => project::block(editor, id, value),
            BlockTag::EventsWindow => events::window(editor, id, value),
            BlockTag::Quote | BlockTag::Attribution | BlockTag::EditorsLine | BlockTag::Discuss => {
                quote::block(editor, id, value)
            }
        }
    };
    view! {
        <div class="f-block" data-block=id.0.to_string()>
            {body}
            {messages(editor, id)}
        </div>
    }
    .into_any()
}
