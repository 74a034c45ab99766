//! The cached live preview gives exactly what a full render gives, after any edit, while
//! rendering only the parts that changed.

use proptest::prelude::*;
use twir_format::{
    parse, preview_sections, preview_sections_cached, BlockKind, EntryValue, Issue, PreviewCache,
};

const FIXTURE: &str = include_str!("fixtures/current.md");

fn same(issue: &Issue, cache: &mut PreviewCache) -> usize {
    let cached = preview_sections_cached(issue, cache);
    assert_eq!(cached, preview_sections(issue));
    cache.rendered_last_time() + cache.spliced_last_time()
}

#[test]
fn cached_preview_equals_full_render_through_edits() {
    let mut issue = parse(FIXTURE).issue;
    // The preamble and every section at any depth are rendered separately.
    let parts = issue.sections_flat().len() + 1;
    let mut cache = PreviewCache::default();
    assert_eq!(
        same(&issue, &mut cache),
        parts,
        "the first call renders everything"
    );
    assert_eq!(same(&issue, &mut cache), 0, "nothing changed");

    // One link title: only its (sub-)section is rendered again.
    let (_, official) = issue
        .sections_flat()
        .into_iter()
        .find(|(_, s)| s.title() == "Official")
        .expect("Official");
    let BlockKind::List { entries } = &official.blocks[0].kind else {
        panic!("a list")
    };
    let id = entries[0].id;
    let EntryValue::Link(mut l) = entries[0].value.clone() else {
        panic!("a link")
    };
    // Without markup, only that list item is rendered again, not its whole list.
    l.title.push_str(" and more");
    issue.update_entry(id, EntryValue::Link(l.clone())).unwrap();
    assert_eq!(same(&issue, &mut cache), 1);
    assert_eq!(cache.spliced_last_time(), 1);
    l.title.push_str(" <script>x</script>");
    issue.update_entry(id, EntryValue::Link(l)).unwrap();
    assert_eq!(same(&issue, &mut cache), 1);

    // A reference definition used by another section changes: every part renders again.
    let (_, cotw) = issue
        .sections_flat()
        .into_iter()
        .find(|(_, s)| s.title() == "Crate of the Week")
        .expect("CotW");
    let def = cotw
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::LinkDef { .. }))
        .expect("a definition")
        .id;
    issue
        .update_block(
            def,
            BlockKind::LinkDef {
                label: "submit_crate".into(),
                url: "https://example.org/elsewhere".into(),
            },
        )
        .unwrap();
    assert_eq!(same(&issue, &mut cache), parts);

    // A new top-level section whose heading repeats a later one shifts heading ids after it.
    issue
        .insert_section(None, Some(0), 2, "Jobs")
        .expect("inserted");
    same(&issue, &mut cache);
    // Removing it again restores the first ids.
    let first = issue.sections[0].id;
    issue.remove_section(first).unwrap();
    same(&issue, &mut cache);
    assert_eq!(same(&issue, &mut cache), 0);
}

#[test]
fn cached_preview_follows_moves_removals_and_line_endings() {
    let mut issue = parse(FIXTURE).issue;
    let mut cache = PreviewCache::default();
    same(&issue, &mut cache);

    // An entry moved to another section: both sections are rendered again.
    let flat = issue.sections_flat();
    let list_in = |title: &str| {
        flat.iter()
            .find(|(_, s)| s.title() == title)
            .and_then(|(_, s)| {
                s.blocks.iter().find_map(|b| match &b.kind {
                    BlockKind::List { entries } => Some((s.id, entries[0].id)),
                    _ => None,
                })
            })
            .expect(title)
    };
    let (_, entry) = list_in("Official");
    let (newsletters, _) = list_in("Newsletters");
    issue.move_entry_to(entry, newsletters, None).unwrap();
    assert_eq!(same(&issue, &mut cache), 2);

    // A block removed and the same block put back elsewhere (same id, same text).
    let block = issue.sections[0].blocks[0].clone();
    issue.remove_block(block.id).unwrap();
    same(&issue, &mut cache);
    let last = issue.sections.last().unwrap().id;
    issue.insert_block(Some(last), None, block.kind).unwrap();
    same(&issue, &mut cache);

    // Other line endings: every part is rendered again.
    issue.newline = twir_format::Newline::CrLf;
    assert_eq!(same(&issue, &mut cache), issue.sections_flat().len() + 1);
    assert_eq!(same(&issue, &mut cache), 0);
}

/// Pieces of list items: links, emphasis, code, HTML, references, indented lines.
const ITEM_PIECES: &[&str] = &[
    "[a](https://e.org/a)",
    "[b]",
    "[b]: https://e.org/b",
    "**",
    "*",
    "_",
    "`",
    "``",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "&amp;",
    "\\",
    " | ",
    "\n  ",
    "\n    * ",
    "\n  - ",
    "\n",
    "\n\n",
    "#",
    "# ",
    "> ",
    "x",
    "y z",
    "1. ",
    "---",
    "===",
    "~~~",
];

/// Pieces that keep an item splice-able more often (no HTML, fences or blank lines), so the
/// one-item path is tested against its trickier neighbours: emphasis, code spans, thematic
/// breaks, setext underlines, nested lists and lazy lines.
const TAME_PIECES: &[&str] = &[
    "[a](https://e.org/a)",
    "[b]",
    "**",
    "*",
    "_",
    "`",
    "\\",
    " | ",
    "\n  ",
    "\n    * ",
    "\n  - ",
    "#",
    "# ",
    "* ",
    "1. ",
    "---",
    "===",
    "x",
    "y z",
    "\n",
];

fn item() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ITEM_PIECES), 0..8).prop_map(|p| p.concat())
}

fn tame_item() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TAME_PIECES), 0..6).prop_map(|p| p.concat())
}

/// An issue part: a heading, `before`, then a list of `items`, then a paragraph.
fn list_doc(before: &str, items: &[String]) -> String {
    let mut text = String::from("## Calls for Testing\n\n### Group\n");
    text.push_str(before);
    text.push('\n');
    for i in items {
        text.push_str("* ");
        text.push_str(i);
        text.push('\n');
    }
    text.push_str("\nAfter.\n");
    text
}

/// Previews the list of `items`, then the same with item `at` (modulo their number) replaced
/// by `new`, through one cache, and compares with a full render; returns whether one list
/// item was rendered alone.
fn live_equals_full(
    prose: &str,
    items: &[String],
    at: usize,
    new: String,
) -> Result<bool, TestCaseError> {
    let mut changed = items.to_vec();
    let at = at % changed.len();
    changed[at] = new;
    let before = parse(&list_doc(prose, items)).issue;
    let after = parse(&list_doc(prose, &changed)).issue;
    let mut cache = PreviewCache::default();
    preview_sections_cached(&before, &mut cache);
    prop_assert_eq!(
        preview_sections_cached(&after, &mut cache),
        preview_sections(&after)
    );
    Ok(cache.spliced_last_time() > 0)
}

proptest::proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    /// Whatever the items hold, a live preview after changing one of them equals a full render.
    #[test]
    fn changing_one_item_previews_like_a_full_render(
        before in item(),
        items in proptest::collection::vec(item(), 1..6),
        at in 0usize..6,
        new in item(),
    ) {
        live_equals_full(&before, &items, at, new)?;
    }

    /// The same with items that are mostly rendered alone.
    #[test]
    fn changing_one_plain_item_previews_like_a_full_render(
        items in proptest::collection::vec(tame_item(), 1..6),
        at in 0usize..6,
        new in tame_item(),
    ) {
        live_equals_full("", &items, at, new)?;
    }
}

/// The block an edit changed, told to the cache: the other parts' Markdown is reused, and the
/// result is still a full render's.
#[test]
fn told_which_block_changed_the_cache_previews_like_a_full_render() {
    let mut issue = parse(FIXTURE).issue;
    let mut cache = PreviewCache::default();
    twir_format::preview_sections_since(&issue, &mut cache, None);
    let (block, id, mut link) = issue
        .sections_flat()
        .into_iter()
        .find_map(|(_, s)| {
            s.blocks.iter().find_map(|b| match &b.kind {
                BlockKind::List { entries } => match &entries[0].value {
                    EntryValue::Link(l) => Some((b.id, entries[0].id, l.clone())),
                    _ => None,
                },
                _ => None,
            })
        })
        .expect("a link");
    for word in [" one", " two", " three"] {
        link.title.push_str(word);
        issue
            .update_entry(id, EntryValue::Link(link.clone()))
            .unwrap();
        let live = twir_format::preview_sections_since(&issue, &mut cache, Some(&[block]));
        assert_eq!(live, preview_sections(&issue));
    }
}

/// Told a wrong list, a debug build stops at the first reused part that did change.
#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "a changed part reused")]
fn a_wrong_list_of_changed_blocks_is_caught_in_debug_builds() {
    let mut issue = parse(FIXTURE).issue;
    let mut cache = PreviewCache::default();
    twir_format::preview_sections_since(&issue, &mut cache, None);
    let first = issue.sections[0].id;
    issue.set_heading(first, "Renamed").unwrap();
    twir_format::preview_sections_since(&issue, &mut cache, Some(&[]));
}
