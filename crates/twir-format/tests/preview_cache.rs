//! The cached live preview gives exactly what a full render gives, after any edit, while
//! rendering only the parts that changed.

use twir_format::{
    parse, preview_sections, preview_sections_cached, BlockKind, EntryValue, Issue, PreviewCache,
};

const FIXTURE: &str = include_str!("fixtures/current.md");

fn same(issue: &Issue, cache: &mut PreviewCache) -> usize {
    let cached = preview_sections_cached(issue, cache);
    assert_eq!(cached, preview_sections(issue));
    cache.rendered_last_time()
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
