//! `data-focus-key` of every form field, so that a reload (which re-parses the draft and hands
//! out fresh ids) can put the focus back in the same field.
//!
//! A key is the field's place in the document, not its id: the section title path (`/`
//! between levels, `#n` for the n-th sibling of the same title), then the block or entry
//! index inside that section, then the field's name, e.g.
//! `Updates from the Rust Project/Compiler|e3:title`. Titles and positions survive writing and
//! re-parsing the Markdown; ids do not. Only a change of structure (entries added, moved or
//! removed, a heading renamed) recomputes the keys, not typing.

use std::collections::HashMap;

use leptos::prelude::*;
use twir_format::{BlockKind, Id, Issue, Section};

use crate::editor::Editor;

/// The structure the keys depend on: sections (with titles), blocks and entries, in order.
#[derive(Clone, PartialEq)]
enum Node {
    Open(Id, String),
    Close,
    Block(Id),
    Entry(Id),
}

fn blocks(out: &mut Vec<Node>, bs: &[twir_format::Block]) {
    for b in bs {
        match &b.kind {
            BlockKind::Blank { .. } => {}
            BlockKind::List { entries } => {
                out.push(Node::Block(b.id));
                out.extend(entries.iter().map(|e| Node::Entry(e.id)));
            }
            _ => out.push(Node::Block(b.id)),
        }
    }
}

fn section(out: &mut Vec<Node>, s: &Section) {
    out.push(Node::Open(s.id, s.plain_title().to_string()));
    blocks(out, &s.blocks);
    for c in &s.children {
        section(out, c);
    }
    out.push(Node::Close);
}

/// Whether `i` still has the skeleton `old`, found without allocating (this runs on every
/// keystroke; only a change of structure should cost more).
fn same(old: &[Node], i: &Issue) -> bool {
    fn blocks<'a>(it: &mut impl Iterator<Item = &'a Node>, bs: &[twir_format::Block]) -> bool {
        bs.iter().all(|b| match &b.kind {
            BlockKind::Blank { .. } => true,
            BlockKind::List { entries } => {
                it.next() == Some(&Node::Block(b.id))
                    && entries
                        .iter()
                        .all(|e| it.next() == Some(&Node::Entry(e.id)))
            }
            _ => it.next() == Some(&Node::Block(b.id)),
        })
    }
    fn section<'a>(it: &mut impl Iterator<Item = &'a Node>, s: &Section) -> bool {
        matches!(it.next(), Some(Node::Open(id, t)) if *id == s.id && t == s.plain_title())
            && blocks(it, &s.blocks)
            && s.children.iter().all(|c| section(it, c))
            && it.next() == Some(&Node::Close)
    }
    let mut it = old.iter();
    blocks(&mut it, &i.preamble)
        && i.sections.iter().all(|s| section(&mut it, s))
        && it.next().is_none()
}

fn skeleton(i: &Issue) -> Vec<Node> {
    let mut out = Vec::new();
    blocks(&mut out, &i.preamble);
    for s in &i.sections {
        section(&mut out, s);
    }
    out
}

/// The key of every section, block and entry of the skeleton.
fn paths(nodes: &[Node]) -> HashMap<Id, String> {
    let mut out = HashMap::new();
    // Per open section: its path, the next block and entry index, and the titles seen among its
    // children (for `#n`). The bottom is the introduction.
    let mut stack: Vec<(String, usize, usize, HashMap<String, usize>)> =
        vec![("intro".to_string(), 0, 0, HashMap::new())];
    for n in nodes {
        match n {
            Node::Open(id, title) => {
                let top_level = stack.len() == 1;
                let parent = stack.last_mut().expect("the introduction stays");
                let seen = parent.3.entry(title.clone()).or_insert(0);
                *seen += 1;
                let own = if *seen > 1 {
                    format!("{title}#{seen}")
                } else {
                    title.clone()
                };
                let path = if top_level {
                    own
                } else {
                    format!("{}/{own}", parent.0)
                };
                out.insert(*id, path.clone());
                stack.push((path, 0, 0, HashMap::new()));
            }
            Node::Close => {
                stack.pop();
            }
            Node::Block(id) => {
                let top = stack.last_mut().expect("the introduction stays");
                out.insert(*id, format!("{}|b{}", top.0, top.1));
                top.1 += 1;
            }
            Node::Entry(id) => {
                let top = stack.last_mut().expect("the introduction stays");
                out.insert(*id, format!("{}|e{}", top.0, top.2));
                top.2 += 1;
            }
        }
    }
    out
}

/// The keys of the whole issue, shared by every form.
#[derive(Clone, Copy)]
pub(crate) struct Keys(RwSignal<HashMap<Id, String>>);

/// The key prefix of the fields being built (the entry, block or section they belong to).
#[derive(Clone, Copy)]
pub(crate) struct FieldOwner(pub Signal<Option<String>>);

/// Makes the keys of `editor`'s issue available to the forms below.
pub(crate) fn provide(editor: Editor) {
    // A signal set by an effect, not a memo: every field reads the keys, and Leptos wakes all
    // effects below a memo of the issue on every keystroke (see `sync.rs`).
    let shape = StoredValue::new(editor.issue().with_untracked(skeleton));
    let keys = RwSignal::new(shape.with_value(|s| paths(s)));
    Effect::new(move |_| {
        editor.issue().with(|i| {
            if !shape.with_value(|old| same(old, i)) {
                let s = skeleton(i);
                keys.set(paths(&s));
                shape.set_value(s);
            }
        });
    });
    provide_context(Keys(keys));
    provide_context(FieldOwner(Signal::stored(Some("front".to_string()))));
}

/// Makes the fields built below belong to `id` (an entry, block or section).
pub(crate) fn provide_owner(id: Id) {
    let Some(Keys(keys)) = use_context::<Keys>() else {
        return;
    };
    provide_context(FieldOwner(Signal::derive(move || {
        keys.with(|k| k.get(&id).cloned())
    })));
}

/// The `data-focus-key` of the field `name` of the current owner.
pub(crate) fn field_key(name: String) -> Signal<Option<String>> {
    let owner = use_context::<FieldOwner>().map(|o| o.0);
    Signal::derive(move || owner.and_then(|o| o.get()).map(|k| format!("{k}:{name}")))
}

/// The key of the current owner itself (an entry row's, for the focus on its closed line).
pub(crate) fn owner_key() -> Signal<Option<String>> {
    use_context::<FieldOwner>().map_or_else(|| Signal::stored(None), |o| o.0)
}
