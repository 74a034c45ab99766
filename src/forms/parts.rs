//! Lists of small parts inside one entry, each a title (or name) and a URL: an event's talks and
//! co-hosting groups, the links under a call for testing. One function renders them all (one
//! view shape in the wasm), driven by a [`Parts`] table of plain function pointers.

use std::rc::Rc;

use leptos::prelude::*;
use twir_format::{EntryValue, Id};

use super::input_keyed;
use crate::editor::Editor;

/// Reads and writes one field of the `n`th part of an entry value.
pub(crate) type PartLens = (
    fn(&EntryValue, usize) -> Option<String>,
    fn(&mut EntryValue, usize, &str),
);

/// A [`PartLens`] onto the `String` field `$field` of the part that `$get` / `$get_mut`
/// find in an entry value.
macro_rules! part_lens {
    ($get:ident, $get_mut:ident, $field:ident) => {
        (
            |v, n| $get(v, n).map(|p| p.$field.clone()),
            |v, n, s| {
                if let Some(p) = $get_mut(v, n) {
                    p.$field = s.to_string();
                }
            },
        )
    };
}
pub(crate) use part_lens;

/// Something before a part's fields (the co-hosts' "joined by" menu).
pub(crate) type PartExtra = fn(Editor, Id, Memo<Option<EntryValue>>, usize) -> AnyView;

/// What a list of parts is made of, and its words and classes.
pub(crate) struct Parts {
    /// The group's accessible name ("Talks").
    pub name: &'static str,
    /// Classes of the group and of each item (`f-talks`, `f-talk`).
    pub class: &'static str,
    pub item_class: &'static str,
    /// For "Remove talk 2" and its class (`f-remove-talk`).
    pub noun: &'static str,
    pub remove_class: &'static str,
    /// The add button's text and class.
    pub add: (&'static str, &'static str),
    /// Parts that must stay (an event keeps one talk).
    pub min: usize,
    pub count: fn(&EntryValue) -> usize,
    pub push: fn(&mut EntryValue),
    pub remove: fn(&mut EntryValue, usize),
    /// Label, class and lens of the two fields of each part.
    pub fields: [(&'static str, &'static str, PartLens); 2],
    pub extra: Option<PartExtra>,
}

/// One change to the entry `id`'s value, as one undo step labelled `label`.
pub(crate) fn edit_value(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    label: &str,
    f: impl FnOnce(&mut EntryValue),
) {
    let Some(mut v) = value.get_untracked() else {
        return;
    };
    f(&mut v);
    editor.edit(label, |i| i.update_entry(id, v));
}

/// One field of the `n`th part of the entry `id`.
fn part_field(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    n: usize,
    (label, class, (get, set)): (&'static str, &'static str, PartLens),
) -> AnyView {
    let shown = Signal::derive(move || {
        value.with(|v| v.as_ref().and_then(|v| get(v, n)).unwrap_or_default())
    });
    let write = Rc::new(move |s: &str| {
        let Some(mut v) = value.get_untracked() else {
            return Ok(());
        };
        set(&mut v, n, s);
        editor.type_entry(id, &format!("{}.{class}.{n}", id.0), v);
        Ok(())
    });
    // One key per part: an entry has several fields of each kind.
    input_keyed(
        label,
        class,
        false,
        shown,
        write,
        super::field_key(format!("{class}{n}")),
    )
}

/// The parts of the entry `id` that `p` describes, with buttons to add and remove them.
pub(crate) fn parts(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    p: &'static Parts,
) -> AnyView {
    let count = Memo::new(move |_| value.with(|v| v.as_ref().map_or(0, p.count)));
    let rows = move || {
        (0..count.get())
            .map(|n| {
                view! {
                    <li class=p.item_class>
                        {p.extra.map(|extra| extra(editor, id, value, n))}
                        {part_field(editor, id, value, n, p.fields[0])}
                        {part_field(editor, id, value, n, p.fields[1])}
                        <button
                            type="button"
                            class=format!("icon {}", p.remove_class)
                            aria-label=format!("Remove {} {}", p.noun, n + 1)
                            disabled=move || count.get() <= p.min
                            on:click=move |_| edit_value(editor, id, value, p.name, |v| {
                                if n < (p.count)(v) && (p.count)(v) > p.min {
                                    (p.remove)(v, n);
                                }
                            })
                        >
                            "✕"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class=format!("f-talks {}", p.class) role="group" aria-label=p.name>
            <ul>{rows}</ul>
            <button
                type="button"
                class=format!("button small {}", p.add.1)
                on:click=move |_| edit_value(editor, id, value, p.name, p.push)
            >
                {p.add.0}
            </button>
        </div>
    }
    .into_any()
}
