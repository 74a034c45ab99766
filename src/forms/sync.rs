//! Feeds the forms from the issue with one effect, so a keystroke wakes only the form it changed.
//!
//! A memo that reads the issue is re-checked on every change, and Leptos then wakes every effect
//! below it to check in turn: with a memo per block and per section, every form of a large
//! issue was woken on every keystroke. Here one effect walks the issue once (synchronously,
//! inside the change), compares each shown block and section shape with it, and sets the
//! signals of those that differ; the other forms are not woken at all.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::reactive::effect::ImmediateEffect;
use twir_format::{Block, BlockKind, Entry, EntryValue, Id, Issue, Section, SectionKind};

use crate::editor::Editor;

/// What a section's form is built from: its title and kind, and the ids of its blocks and
/// sub-sections (their content has signals of its own).
#[derive(Clone, PartialEq, Debug)]
pub(crate) struct Shape {
    pub title: String,
    pub kind: SectionKind,
    pub blocks: Vec<Id>,
    pub children: Vec<Id>,
    pub has_list: bool,
    pub has_quote: bool,
}

fn shown_blocks(s: &Section) -> impl Iterator<Item = &Block> {
    s.blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Blank { .. }))
}

/// Whether the section has a list, and whether it has a quote.
fn has_list_and_quote(s: &Section) -> (bool, bool) {
    let has = |f: fn(&BlockKind) -> bool| s.blocks.iter().any(|b| f(&b.kind));
    (
        has(|k| matches!(k, BlockKind::List { .. })),
        has(|k| matches!(k, BlockKind::Quote { .. })),
    )
}

fn shape_of(s: &Section) -> Shape {
    let (has_list, has_quote) = has_list_and_quote(s);
    Shape {
        title: s.plain_title().to_string(),
        kind: s.kind,
        blocks: shown_blocks(s).map(|b| b.id).collect(),
        children: s.children.iter().map(|c| c.id).collect(),
        has_list,
        has_quote,
    }
}

/// Whether `shape` is still that of `s` (without building a new one on every keystroke).
fn same_shape(shape: &Shape, s: &Section) -> bool {
    shape.kind == s.kind
        && shape.title == s.plain_title()
        && shape
            .blocks
            .iter()
            .copied()
            .eq(shown_blocks(s).map(|b| b.id))
        && shape
            .children
            .iter()
            .copied()
            .eq(s.children.iter().map(|c| c.id))
        && (shape.has_list, shape.has_quote) == has_list_and_quote(s)
}

/// Whether a shown block may stay: a list only changes for its form when its entries are
/// added, removed or reordered, since each entry row follows its own signal ([`entry_value`]).
/// So typing in one entry of a long list neither compares nor clones the whole list again.
fn same_block(shown: &BlockKind, now: &BlockKind) -> bool {
    match (shown, now) {
        (BlockKind::List { entries: a }, BlockKind::List { entries: b }) => {
            a.iter().map(|e| e.id).eq(b.iter().map(|e| e.id))
        }
        _ => shown == now,
    }
}

/// The shown blocks' and sections' signals, and the sections list the "move to" menus offer.
#[derive(Clone, Copy)]
pub(crate) struct Sync {
    blocks: StoredValue<HashMap<Id, RwSignal<Option<BlockKind>>>>,
    /// Each shown entry row's value: typing in one entry of a list of a hundred wakes one row.
    entries: StoredValue<HashMap<Id, RwSignal<Option<EntryValue>>>>,
    shapes: StoredValue<HashMap<Id, RwSignal<Option<Shape>>>>,
    sections: RwSignal<Vec<(SectionKind, Id, String)>>,
}

fn section_list(i: &Issue) -> Vec<(SectionKind, Id, String)> {
    i.sections_flat()
        .into_iter()
        .map(|(_, s)| (s.kind, s.id, s.plain_title().to_string()))
        .collect()
}

impl Sync {
    /// Brings every shown block, entry, section shape and the sections list up to date with
    /// `i`; returns how many signals changed.
    fn all(&self, i: &Issue, flat: &[(usize, &Section)]) -> usize {
        let all_blocks = || {
            i.preamble
                .iter()
                .chain(flat.iter().flat_map(|(_, s)| &s.blocks))
        };
        // Walk the issue once, looking each block and entry up among the shown ones.
        let mut changed = self.blocks.with_value(|shown| {
            follow(shown, || all_blocks().map(|b| (b.id, &b.kind)), same_block)
        });
        changed += self.entries.with_value(|shown| {
            if shown.is_empty() {
                return 0;
            }
            let entries = || {
                all_blocks()
                    .flat_map(|b| entries_of(&b.kind))
                    .map(|e| (e.id, &e.value))
            };
            follow(shown, entries, |a, b| a == b)
        });
        let sections: HashMap<Id, &Section> = flat.iter().map(|(_, s)| (s.id, *s)).collect();
        changed += self.shapes.with_value(|shown| {
            shown
                .iter()
                .filter(|(id, signal)| set_shape(signal, sections.get(id).copied()))
                .count()
        });
        let same = self.sections.with_untracked(|old| {
            old.len() == flat.len()
                && old
                    .iter()
                    .zip(flat)
                    .all(|((k, id, t), (_, s))| *k == s.kind && *id == s.id && t == s.plain_title())
        });
        if !same {
            self.sections.set(section_list(i));
            changed += 1;
        }
        changed
    }

    /// Brings the block `id`, its entries and its section's shape up to date with `i`, for an
    /// edit that changed nothing else; false when `i` has no such block.
    fn block(&self, i: &Issue, flat: &[(usize, &Section)], id: Id) -> bool {
        let in_section = || {
            flat.iter()
                .find_map(|(_, s)| s.blocks.iter().find(|b| b.id == id).map(|b| (Some(*s), b)))
        };
        let Some((section, block)) = i
            .preamble
            .iter()
            .find(|b| b.id == id)
            .map(|b| (None, b))
            .or_else(in_section)
        else {
            return false;
        };
        self.blocks.with_value(|shown| {
            if let Some(signal) = shown.get(&id) {
                set_if_changed(signal, Some(&block.kind), same_block);
            }
        });
        self.entries.with_value(|shown| {
            for e in entries_of(&block.kind) {
                if let Some(signal) = shown.get(&e.id) {
                    set_if_changed(signal, Some(&e.value), |a, b| a == b);
                }
            }
        });
        if let Some(s) = section {
            self.shapes.with_value(|shown| {
                if let Some(signal) = shown.get(&s.id) {
                    set_shape(signal, Some(s));
                }
            });
        }
        true
    }
}

fn entries_of(kind: &BlockKind) -> &[Entry] {
    match kind {
        BlockKind::List { entries } => entries,
        _ => &[],
    }
}

/// Sets a section's shape signal from `now` unless it still fits; true when it changed.
fn set_shape(signal: &RwSignal<Option<Shape>>, now: Option<&Section>) -> bool {
    let same = signal.with_untracked(|v| match (v, now) {
        (Some(shape), Some(s)) => same_shape(shape, s),
        (None, None) => true,
        _ => false,
    });
    if !same {
        signal.set(now.map(shape_of));
    }
    !same
}

/// Makes the forms below follow `editor`'s issue through [`block_value`], [`entry_value`],
/// [`section_shape`] and [`other_sections`].
pub(crate) fn provide(editor: Editor) {
    let sync = Sync {
        blocks: StoredValue::new(HashMap::new()),
        entries: StoredValue::new(HashMap::new()),
        shapes: StoredValue::new(HashMap::new()),
        sections: RwSignal::new(editor.issue().with_untracked(section_list)),
    };
    // Immediate (inside the issue's `set`), so that a field written right after another one in
    // the same block reads the block as just changed, as the memos it replaces did.
    ImmediateEffect::new_scoped(move || {
        editor.issue().with(|i| {
            let flat = i.sections_flat();
            // Typing in one field changes one block: look at that block alone (a walk of a
            // large issue costs half a millisecond per keystroke).
            if let Some(block) = editor.edit_scope() {
                if sync.block(i, &flat, block) {
                    // The tests run debug builds: there, check that nothing else changed.
                    #[cfg(debug_assertions)]
                    assert_eq!(
                        sync.all(i, &flat),
                        0,
                        "an edit changed more than block {block:?}"
                    );
                    return;
                }
            }
            sync.all(i, &flat);
        });
    });
    provide_context(sync);
}

/// Sets `signal` to `value` unless `same` says the shown value may stay; true when it changed.
fn set_if_changed<T: Clone + Send + std::marker::Sync + 'static>(
    signal: &RwSignal<Option<T>>,
    value: Option<&T>,
    same: impl Fn(&T, &T) -> bool,
) -> bool {
    let stays = signal.with_untracked(|v| match (v, value) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    });
    if !stays {
        signal.set(value.cloned());
    }
    !stays
}

/// Sets the signals in `shown` whose value differs from the one `now` gives for their id
/// (`None` for an id that `now` no longer has); returns how many changed.
/// `same` tells whether a shown value may stay.
fn follow<'a, T, I>(
    shown: &HashMap<Id, RwSignal<Option<T>>>,
    now: impl Fn() -> I,
    same: impl Fn(&T, &T) -> bool + Copy,
) -> usize
where
    T: Clone + Send + std::marker::Sync + 'static,
    I: Iterator<Item = (Id, &'a T)>,
{
    let mut seen = 0;
    let mut changed = 0;
    for (id, value) in now() {
        if let Some(signal) = shown.get(&id) {
            seen += 1;
            changed += usize::from(set_if_changed(signal, Some(value), same));
        }
    }
    if seen != shown.len() {
        // Something shown is gone: it shows nothing now (rare, so the slow way).
        let present: HashMap<Id, &T> = now().collect();
        for (id, signal) in shown {
            if !present.contains_key(id) {
                changed += usize::from(set_if_changed(signal, None, same));
            }
        }
    }
    changed
}

/// A signal that `map` keeps for `id` while the calling form lives.
fn register<T: Send + std::marker::Sync + 'static>(
    map: StoredValue<HashMap<Id, RwSignal<T>>>,
    id: Id,
    value: T,
) -> RwSignal<T> {
    let signal = RwSignal::new(value);
    map.update_value(|m| {
        m.insert(id, signal);
    });
    on_cleanup(move || {
        map.try_update_value(|m| {
            if m.get(&id) == Some(&signal) {
                m.remove(&id);
            }
        });
    });
    signal
}

/// The block `id` as the issue has it, changing only when that block changes; for a list, only
/// when its entries are added, removed or reordered (the values of its entries may be older
/// than the issue's: read them through [`entry_value`]).
pub(crate) fn block_value(editor: Editor, id: Id) -> Memo<Option<BlockKind>> {
    let Some(sync) = use_context::<Sync>() else {
        return Memo::new(move |_| editor.issue().with(|i| i.block(id).map(|b| b.kind.clone())));
    };
    let now = editor
        .issue()
        .with_untracked(|i| i.block(id).map(|b| b.kind.clone()));
    let shown = register(sync.blocks, id, now);
    Memo::new(move |_| shown.get())
}

/// The value of the entry `id` as the issue has it, changing only when that entry changes.
pub(crate) fn entry_value(editor: Editor, id: Id) -> Memo<Option<EntryValue>> {
    let now = move |i: &Issue| i.entry(id).map(|e| e.value.clone());
    let Some(sync) = use_context::<Sync>() else {
        return Memo::new(move |_| editor.issue().with(now));
    };
    let shown = register(sync.entries, id, editor.issue().with_untracked(now));
    Memo::new(move |_| shown.get())
}

/// The shape of section `id`'s form, changing only when the section's title, kind, blocks or
/// sub-sections do (not when the text inside a block changes).
pub(crate) fn section_shape(editor: Editor, id: Id) -> Memo<Option<Shape>> {
    let Some(sync) = use_context::<Sync>() else {
        return Memo::new(move |_| editor.issue().with(|i| i.section(id).map(shape_of)));
    };
    let now = editor
        .issue()
        .with_untracked(|i| i.section(id).map(shape_of));
    let shown = register(sync.shapes, id, now);
    Memo::new(move |_| shown.get())
}

/// The other sections of `kind` (id and title), for moving an entry out of `section`.
pub(crate) fn other_sections(
    editor: Editor,
    kind: SectionKind,
    section: Option<Id>,
) -> Memo<Vec<(Id, String)>> {
    let pick = move |all: &[(SectionKind, Id, String)]| {
        all.iter()
            .filter(|(k, id, _)| *k == kind && Some(*id) != section)
            .map(|(_, id, t)| (*id, t.clone()))
            .collect::<Vec<_>>()
    };
    match use_context::<Sync>() {
        Some(sync) => Memo::new(move |_| sync.sections.with(|all| pick(all))),
        None => Memo::new(move |_| editor.issue().with(|i| pick(&section_list(i)))),
    }
}
