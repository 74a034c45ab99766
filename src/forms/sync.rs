//! Feeds the forms from the issue with one effect, so a keystroke wakes only the form it changed.
//!
//! A memo that reads the issue is re-checked on every change, and Leptos then wakes every effect
//! below it to check in turn: with a memo per block, every field of a large issue (thousands of
//! effects) was woken on every keystroke. Here one effect compares each shown block with the
//! issue (synchronously, inside the change) and sets the signal of the blocks that differ; the
//! other forms are not woken at all.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::reactive::effect::ImmediateEffect;
use twir_format::{BlockKind, Id, SectionKind};

use crate::app::Editor;

/// The shown blocks' signals, and the sections list the "move to" menus offer.
#[derive(Clone, Copy)]
pub(crate) struct Sync {
    blocks: StoredValue<HashMap<Id, RwSignal<Option<BlockKind>>>>,
    sections: RwSignal<Vec<(SectionKind, Id, String)>>,
}

fn section_list(i: &twir_format::Issue) -> Vec<(SectionKind, Id, String)> {
    i.sections_flat()
        .into_iter()
        .map(|(_, s)| (s.kind, s.id, s.plain_title().to_string()))
        .collect()
}

/// Makes the forms below follow `editor`'s issue through [`block_value`] and [`other_sections`].
pub(crate) fn provide(editor: Editor) {
    let sync = Sync {
        blocks: StoredValue::new(HashMap::new()),
        sections: RwSignal::new(editor.issue.with_untracked(section_list)),
    };
    // Immediate (inside the issue's `set`), so that a field written right after another one in
    // the same block reads the block as just changed, as the memos it replaces did.
    ImmediateEffect::new_scoped(move || {
        editor.issue.with(|i| {
            sync.blocks.with_value(|blocks| {
                for (id, shown) in blocks {
                    let now = i.block(*id).map(|b| &b.kind);
                    if shown.with_untracked(|v| v.as_ref() != now) {
                        shown.set(now.cloned());
                    }
                }
            });
            let flat = i.sections_flat();
            let same = sync.sections.with_untracked(|old| {
                old.len() == flat.len()
                    && old.iter().zip(&flat).all(|((k, id, t), (_, s))| {
                        *k == s.kind && *id == s.id && t == s.plain_title()
                    })
            });
            if !same {
                sync.sections.set(section_list(i));
            }
        })
    });
    provide_context(sync);
}

/// The block `id` as the issue has it, changing only when that block changes.
pub(crate) fn block_value(editor: Editor, id: Id) -> Memo<Option<BlockKind>> {
    let Some(sync) = use_context::<Sync>() else {
        return Memo::new(move |_| editor.issue.with(|i| i.block(id).map(|b| b.kind.clone())));
    };
    let shown = RwSignal::new(
        editor
            .issue
            .with_untracked(|i| i.block(id).map(|b| b.kind.clone())),
    );
    sync.blocks.update_value(|b| {
        b.insert(id, shown);
    });
    on_cleanup(move || {
        sync.blocks.try_update_value(|b| {
            if b.get(&id) == Some(&shown) {
                b.remove(&id);
            }
        });
    });
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
        None => Memo::new(move |_| editor.issue.with(|i| pick(&section_list(i)))),
    }
}
