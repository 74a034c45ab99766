//! Conformance over a corpus of issues: the project's own (`tests/corpus/`, one made-up issue
//! per era and layout quirk), or every file of the folder `TWIR_ARCHIVE` names (CI points it at
//! the published archive). Each test prints which corpus ran and how many files it holds.
//!
//! Every file must round-trip byte for byte; in issues from 2024-06-05 on, at least 99 % of
//! community links must be typed, and every event written in the standard two-line format
//! must be typed.

mod common;

use common::archive;
use twir_format::{parse, stats, write, BlockKind, EntryValue, Section, SectionKind, Stats};

/// The least work the edit tests must do on the own corpus, where every item is tried: a little
/// below what it holds (132 community links in current issues, 553 entries), so a corpus that
/// loses its lists fails instead of passing on nothing.
const OWN_LINK_EDITS: usize = 120;
const OWN_PREVIEW_EDITS: usize = 500;

fn is_current(p: &std::path::Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.len() >= 10 && name[..10] >= *"2024-06-05" && name.as_bytes()[0].is_ascii_digit()
}

/// An independent description of the standard event format (not the parser's code):
/// `* DATE | PLACE | [Group](url)` then lines `    * [**Title**](url)`.
fn is_canonical_event(text: &str) -> bool {
    let mut lines = text.split('\n');
    let Some(first) = lines.next().and_then(|l| l.strip_prefix("* ")) else {
        return false;
    };
    // Date and place, then the group(s): co-hosts may be joined by ` | ` as well.
    let fields: Vec<&str> = first.splitn(3, " | ").collect();
    if fields.len() != 3 || fields[..2].iter().any(|f| f.contains('|')) {
        return false;
    }
    let date_ok = |d: &str| {
        d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    let dates_ok = match fields[0].split_once(" - ") {
        Some((a, b)) => date_ok(a) && date_ok(b),
        None => date_ok(fields[0]),
    };
    let one_link = |s: &str| match s.split_once("](") {
        Some((text, url)) => {
            text.starts_with('[')
                && url.ends_with(')')
                && !url.starts_with('(')
                && !url.contains(' ')
                && !url.contains("](")
        }
        None => false,
    };
    let place_ok = !fields[1].is_empty() && fields[1].trim() == fields[1];
    dates_ok
        && place_ok
        && groups_ok(fields[2], &one_link)
        && lines.all(|l| {
            l.strip_prefix("    * [**").is_some_and(|r| {
                r.ends_with(')')
                    && r.split_once("**](")
                        .is_some_and(|(_, url)| !url.contains(' '))
            })
        })
}

/// `[A](…)`, or links joined by one of the joiners seen in published issues.
fn groups_ok(s: &str, one_link: &dyn Fn(&str) -> bool) -> bool {
    let mut pieces = vec![s.to_string()];
    for joiner in [" + ", " | ", " and ", " & ", ", ", "; "] {
        pieces = pieces
            .iter()
            .flat_map(|p| {
                p.split(&format!("){joiner}["))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    let last = pieces.len() - 1;
    pieces.iter().enumerate().all(|(i, p)| {
        let p = if i > 0 { format!("[{p}") } else { p.clone() };
        let p = if i < last { format!("{p})") } else { p };
        one_link(&p)
    })
}

fn raw_events(s: &Section, out: &mut Vec<String>) {
    if s.kind == SectionKind::EventRegion {
        for b in &s.blocks {
            if let BlockKind::List { entries } = &b.kind {
                for e in entries {
                    if let EntryValue::Raw(r) = &e.value {
                        out.push(r.text.clone());
                    }
                }
            }
        }
    }
    for c in &s.children {
        raw_events(c, out);
    }
}

#[test]
fn archive_round_trips_and_types_the_current_layout() {
    let files = archive().files;
    let mut differ = Vec::new();
    let mut current = Stats::default();
    let mut untyped_canonical = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).expect("readable archive file");
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let parsed = parse(&text);
        if write(&parsed.issue) != text {
            differ.push(f.display().to_string());
        }
        if is_current(f) {
            current.merge(&stats(&parsed.issue));
            let mut raws = Vec::new();
            for s in &parsed.issue.sections {
                raw_events(s, &mut raws);
            }
            for r in raws {
                if is_canonical_event(&r) {
                    untyped_canonical.push(format!("{}: {r}", f.display()));
                }
            }
        }
    }
    eprintln!(
        "archive: {} files, current layout: {} files, links {}/{} typed ({:.2} %), events {}/{} typed",
        files.len(),
        current.files,
        current.links.typed,
        current.links.typed + current.links.raw,
        current.links.percent(),
        current.events.typed,
        current.events.typed + current.events.raw
    );
    assert!(
        differ.is_empty(),
        "files that do not round-trip: {differ:?}"
    );
    assert!(
        current.files > 0,
        "no issue from 2024-06-05 on in the archive"
    );
    assert!(
        current.links.percent() >= 99.0,
        "only {:.2} % of community links typed",
        current.links.percent()
    );
    assert!(
        untyped_canonical.is_empty(),
        "standard event lines left raw: {untyped_canonical:#?}"
    );
}

#[test]
fn the_canonical_event_checker_tells_standard_from_deviant() {
    assert!(is_canonical_event(
        "* 2026-01-07 | Berlin, DE | [G](https://g)\n    * [**T**](https://t)"
    ));
    assert!(!is_canonical_event(
        "* 2026-01-07 | Berlin, DE| [G](https://g)"
    ));
    assert!(!is_canonical_event(
        "* 2026-01-07 | Berlin, DE | [G](https://g)\n  * [**T**](https://t)"
    ));
    assert!(!is_canonical_event(
        "* 2026-01-07-08 | Berlin, DE | [G](https://g)"
    ));
    assert!(is_canonical_event(
        "* 2026-01-07 | Berlin, DE | [G](https://g) + [H](https://h) | [I](https://i)"
    ));
    assert!(!is_canonical_event(
        "* 2026-01-07 | Berlin, DE | [G](https://g) with [H](https://h)"
    ));
}

/// Editing a link through the edit API changes exactly its line; everything else stays
/// byte-identical (checked on every 7th community link of the current layout).
#[test]
fn archive_edits_touch_only_their_line() {
    let corpus = archive();
    let mut edits = 0;
    for f in corpus.files.iter().filter(|f| is_current(f)) {
        let text = std::fs::read_to_string(f).expect("UTF-8 archive file");
        let issue = parse(&text).issue;
        let mut ids = Vec::new();
        for (_, s) in issue.sections_flat() {
            if s.kind != SectionKind::CommunityCategory {
                continue;
            }
            for b in &s.blocks {
                if let BlockKind::List { entries } = &b.kind {
                    ids.extend(
                        entries
                            .iter()
                            .filter(|e| matches!(e.value, EntryValue::Link(_)))
                            .map(|e| e.id),
                    );
                }
            }
        }
        for id in ids.into_iter().step_by(corpus.step(7)) {
            let mut edited = issue.clone();
            let Some(EntryValue::Link(mut l)) = edited.entry(id).map(|e| e.value.clone()) else {
                continue;
            };
            l.title.push_str(" (edited)");
            edited
                .update_entry(id, EntryValue::Link(l))
                .expect("entry exists");
            let out = write(&edited);
            let a: Vec<&str> = text.split('\n').collect();
            let b: Vec<&str> = out.split('\n').collect();
            assert_eq!(a.len(), b.len(), "{}", f.display());
            let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            assert_eq!(changed.len(), 1, "{}: {changed:?}", f.display());
            assert!(b[changed[0]].contains(" (edited)]("));
            edits += 1;
        }
    }
    eprintln!("edited {edits} community links");
    let least = corpus.at_least(OWN_LINK_EDITS, 100);
    assert!(edits > least, "only {edits} edits tried");
}

/// `check` with the archive as history runs over every issue of the current layout (no
/// panic), and its counts per rule are printed for the record.
#[test]
fn archive_checks_with_history() {
    let files = archive().files;
    let history: Vec<twir_format::PastIssue> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|t| twir_format::PastIssue::from_text(&t))
        .collect();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    let mut checked = 0;
    for f in files.iter().filter(|f| is_current(f)) {
        let text = std::fs::read_to_string(f).expect("UTF-8");
        let issue = parse(&text).issue;
        let ctx = twir_format::Context {
            today: issue.front_matter.date(),
            history: history.clone(),
            file_name: f.file_name().map(|n| n.to_string_lossy().into_owned()),
            ..Default::default()
        };
        for d in twir_format::check(&issue, &ctx) {
            *counts.entry(d.code).or_default() += 1;
        }
        checked += 1;
    }
    eprintln!("checked {checked} issues: {counts:?}");
    assert!(checked > 0);
    // Published issues passed the newsletter's own CI, which has these rules.
    for rule in ["tracking-param", "link-scheme", "html-tag", "backticks"] {
        assert_eq!(counts.get(rule), None, "{rule} fired on published issues");
    }
}

/// The live preview patches a section piece by piece only when its HTML splits into
/// top-level nodes; otherwise it falls back to parsing the section whole. In current issues
/// every section must take the fast path.
#[test]
fn archive_preview_splits_into_nodes() {
    let files = archive().files;
    let (mut parts, mut split) = (0, 0);
    for f in files.iter().filter(|f| is_current(f)) {
        let text = std::fs::read_to_string(f).expect("utf-8 issue");
        for part in twir_format::preview_sections(&parse(&text).issue) {
            parts += 1;
            match twir_format::html_nodes(&part.html) {
                Some(nodes) => {
                    split += 1;
                    assert_eq!(nodes.last().map_or(0, |r| r.end), part.html.len());
                }
                None => eprintln!("{}: a part does not split: {:.200}", f.display(), part.html),
            }
        }
    }
    eprintln!("preview parts that split into nodes: {split}/{parts}");
    assert_eq!(split, parts);
}

/// A change a user could make to an entry by typing: a character in its first field, or (for
/// every third event) one more talk under it.
fn typed_edit(v: &mut EntryValue, n: usize) {
    match v {
        EntryValue::Link(l) => l.title.push_str(" and more"),
        EntryValue::Pr(p) => p.title.push('x'),
        EntryValue::Fcp(f) => f.title.push('x'),
        EntryValue::Rfc(r) => r.title.push('x'),
        EntryValue::CfpEvent(c) => c.name.push('x'),
        EntryValue::Event(e) if n.is_multiple_of(3) => e.talks.push(twir_format::Talk {
            title: "Another talk".into(),
            url: "https://example.org/t".into(),
            also: Vec::new(),
        }),
        EntryValue::Event(e) => e.group.push('x'),
        EntryValue::Nothing(x) => x.text.push('x'),
        EntryValue::Raw(r) => r.text.push('x'),
    }
}

/// The live preview, which writes and renders only what changed (one list item where it can),
/// equals a full render after each typed edit, across the eras of the archive.
#[test]
fn archive_live_preview_equals_full_render_after_edits() {
    let corpus = archive();
    let (mut edits, mut spliced) = (0, 0);
    for f in corpus.files.iter().step_by(corpus.step(7)) {
        let text = std::fs::read_to_string(f).expect("UTF-8 archive file");
        let mut issue = parse(&text).issue;
        let mut cache = twir_format::PreviewCache::default();
        twir_format::preview_sections_cached(&issue, &mut cache);
        let mut ids = Vec::new();
        for (_, s) in issue.sections_flat() {
            for b in &s.blocks {
                if let BlockKind::List { entries } = &b.kind {
                    ids.extend(entries.iter().map(|e| e.id));
                }
            }
        }
        let per_file = if corpus.own { usize::MAX } else { 6 };
        for (n, id) in ids
            .into_iter()
            .enumerate()
            .step_by(corpus.step(11))
            .take(per_file)
        {
            let mut v = issue.entry(id).expect("entry").value.clone();
            typed_edit(&mut v, n);
            // As the app does: told which block typing changed (debug builds check the reuse).
            let block = issue.entry_place(id).expect("entry").block;
            issue.update_entry(id, v).expect("edit");
            let live = twir_format::preview_sections_since(&issue, &mut cache, Some(&[block]));
            assert_eq!(
                live,
                twir_format::preview_sections(&issue),
                "{}: after editing entry {n}",
                f.display()
            );
            edits += 1;
            spliced += cache.spliced_last_time();
        }
    }
    eprintln!("live preview: {edits} edits, {spliced} as one list item");
    let least = corpus.at_least(OWN_PREVIEW_EDITS, 200);
    assert!(
        edits > least && spliced * 2 > edits,
        "{edits} edits, {spliced} spliced"
    );
}

/// The own corpus keeps every quirk the tests above rely on (whatever `TWIR_ARCHIVE` says):
/// a corpus trimmed by mistake fails here rather than passing on less.
#[test]
fn the_own_corpus_covers_its_eras_and_quirks() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("the own corpus") {
        let path = entry.expect("folder entry").path();
        let text = std::fs::read_to_string(&path).expect("UTF-8 corpus file");
        let issue = parse(&text).issue;
        let mut note = |quirk: &'static str, present: bool| {
            if present {
                seen.insert(quirk);
            }
        };
        note(
            ".markdown",
            path.extension().is_some_and(|e| e == "markdown"),
        );
        note("Tags and a time in Date", {
            let fm = &issue.front_matter;
            fm.get("Tags").is_some() && fm.get("Date").is_some_and(|d| d.contains(':'))
        });
        note("BOM", issue.bom);
        note("CRLF", issue.newline == twir_format::Newline::CrLf);
        note("no final newline", !issue.final_newline);
        note("current layout", is_current(&path));
        note("mixed line endings", {
            let first = text.find('\n').is_some_and(|i| !text[..i].ends_with('\r'));
            first && text.contains("\r\n")
        });
        if is_current(&path) {
            note("backslash before <", text.contains("\\<"));
        }
        for (_, s) in issue.sections_flat() {
            for pair in s.blocks.windows(3) {
                let list = |b: &twir_format::Block| matches!(b.kind, BlockKind::List { .. });
                let blank = matches!(pair[1].kind, BlockKind::Blank { .. });
                note(
                    "items around a blank line",
                    list(&pair[0]) && blank && list(&pair[2]),
                );
            }
            for pair in s.blocks.windows(2) {
                let text = matches!(pair[0].kind, BlockKind::Text { .. });
                note("list right after a text line", {
                    text && matches!(pair[1].kind, BlockKind::List { .. })
                });
            }
            note("# Updates from Rust Community", {
                s.kind == SectionKind::Community && s.level == 1
            });
            note("## Updates from Rust Community", {
                s.kind == SectionKind::Community && s.level == 2
            });
            note("PR groups", s.kind == SectionKind::PrGroup);
            for b in &s.blocks {
                let BlockKind::List { entries } = &b.kind else {
                    continue;
                };
                for e in entries {
                    match (&e.value, s.kind) {
                        (EntryValue::Link(l), _) if !l.subs.is_empty() => {
                            note("calls for testing with sub-links", true);
                        }
                        (EntryValue::Raw(_), SectionKind::CommunityCategory) => {
                            note("malformed community link", true);
                        }
                        (EntryValue::Raw(r), SectionKind::EventRegion) => {
                            note("deviating event", is_current(&path));
                            note(
                                "event date range 2025-03-27-28",
                                r.text.contains("-27-28 |"),
                            );
                            let first = r.text.split('\n').next().unwrap_or("");
                            let pipes = first.split('|').count();
                            note("| without a space", pipes != first.split(" | ").count());
                            note("- bullets", r.text.starts_with("- "));
                            for (n, quirk) in [
                                (2, "talk indented 2"),
                                (3, "talk indented 3"),
                                (6, "talk indented 6"),
                            ] {
                                let indent = format!("\n{}* [**", " ".repeat(n));
                                note(quirk, r.text.contains(&indent));
                            }
                        }
                        (EntryValue::Event(ev), _) => {
                            note("event with co-hosts", !ev.cohosts.is_empty());
                            note("event over several days", ev.end.is_some());
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    let want = [
        ".markdown",
        "Tags and a time in Date",
        "BOM",
        "CRLF",
        "no final newline",
        "current layout",
        "mixed line endings",
        "# Updates from Rust Community",
        "## Updates from Rust Community",
        "PR groups",
        "calls for testing with sub-links",
        "malformed community link",
        "deviating event",
        "event date range 2025-03-27-28",
        "| without a space",
        "- bullets",
        "talk indented 2",
        "talk indented 3",
        "talk indented 6",
        "event with co-hosts",
        "event over several days",
        "backslash before <",
        "items around a blank line",
        "list right after a text line",
    ];
    let missing: Vec<&str> = want.into_iter().filter(|q| !seen.contains(q)).collect();
    assert!(missing.is_empty(), "the own corpus lost: {missing:?}");
}
