use proptest::prelude::*;

use super::*;
use crate::model::SectionKind;
use crate::write::write;

const BASE: &str = "\
Title: This Week in Rust 7
Number: 7
Date: 2026-12-02

Welcome to this issue.
It has two lines.

## Updates from Rust Community

### Official
* [Road map for the next year](http://blog.example.org/2026/roadmap/)
* [A smaller standard library?](https://blog.example.org/2026/smaller-std)

### Observations/Thoughts

## Upcoming Events

### Europe
* 2026-12-08 | Ghent, BE | [Rust Ghent](https://meet.example.com/rust-ghent/)
    * [**Embedded evening**](https://meet.example.com/rust-ghent/events/55/)
";

const ROADMAP: &str = "* [Road map for the next year](http://blog.example.org/2026/roadmap/)\n";
const SMALLER: &str =
    "* [A smaller standard library?](https://blog.example.org/2026/smaller-std)\n";

fn edit(old: &str, new: &str) -> String {
    assert!(BASE.contains(old), "{old}");
    BASE.replacen(old, new, 1)
}

#[test]
fn a_link_is_the_same_entry_under_another_spelling_of_its_url() {
    let ours = edit(
        ROADMAP,
        "* [Road map for 2027](http://blog.example.org/2026/roadmap/)\n",
    );
    let theirs = edit(
        ROADMAP,
        "* [Road map for the next year](https://blog.example.org/2026/roadmap?utm_source=feed)\n",
    );
    let m = merge(BASE, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{}", m.text_with_markers());
    let c = &m.conflicts[0];
    assert_eq!(
        c.target,
        "section/Updates from Rust Community/Official/block/list#1/entry/blog.example.org/2026/roadmap"
    );
    assert_eq!(c.base.as_deref(), Some(ROADMAP));
    assert!(c.theirs.as_deref().unwrap().contains("utm_source"));
}

#[test]
fn additions_at_one_place_go_ours_then_theirs_and_a_shared_one_is_kept_once() {
    let a = "* [Ours first](https://a.example.org/1)\n";
    let b = "* [Theirs next](https://b.example.org/2)\n";
    let shared = "* [Both sent this](https://c.example.org/3)\n";
    let ours = edit(SMALLER, &format!("{SMALLER}{shared}{a}"));
    let theirs = edit(SMALLER, &format!("{SMALLER}{shared}{b}"));
    let m = merge(BASE, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(m.text(), edit(SMALLER, &format!("{SMALLER}{shared}{a}{b}")));
    // Deterministic: the other way round gives theirs' entry first.
    assert_eq!(
        merge(BASE, &theirs, &ours).text(),
        edit(SMALLER, &format!("{SMALLER}{shared}{b}{a}"))
    );
}

#[test]
fn events_added_on_both_sides_stay_in_date_order() {
    let tail = "    * [**Embedded evening**](https://meet.example.com/rust-ghent/events/55/)\n";
    let late = "* 2026-12-20 | Bruges, BE | [Crab Club](https://crab.example.be/)\n    * [**Year end**](https://crab.example.be/e/1)\n";
    let early = "* 2026-12-10 | Liège, BE | [Rust Liège](https://liege.example.be/)\n    * [**Kickoff**](https://liege.example.be/e/1)\n";
    let m = merge(
        BASE,
        &edit(tail, &format!("{tail}{late}")),
        &edit(tail, &format!("{tail}{early}")),
    );
    assert!(m.is_clean());
    assert_eq!(m.text(), edit(tail, &format!("{tail}{early}{late}")));
}

#[test]
fn removed_on_one_side_and_untouched_on_the_other_is_removed() {
    let m = merge(
        BASE,
        &edit(ROADMAP, ""),
        &edit("It has two", "It has exactly two"),
    );
    assert!(m.is_clean());
    assert!(!m.text().contains("Road map"));
    assert!(m.text().contains("It has exactly two lines."));
}

#[test]
fn removed_against_changed_is_a_conflict_with_markers_around_the_entry() {
    let changed = "* [Road map for 2027](http://blog.example.org/2026/roadmap/)\n";
    let m = merge(BASE, &edit(ROADMAP, ""), &edit(ROADMAP, changed));
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].ours, None);
    assert_eq!(m.conflicts[0].theirs.as_deref(), Some(changed));
    // The issue holds our side: the entry is gone until resolved.
    assert!(!write(m.issue()).contains("Road map"));
    let marked = m.text_with_markers();
    assert_eq!(
        marked,
        edit(
            ROADMAP,
            &format!("<<<<<<< ours\n=======\n{changed}>>>>>>> theirs\n")
        )
    );
}

#[test]
fn a_heading_moved_to_another_level_is_still_the_same_section() {
    // Ours makes the community part a top-level heading, which moves every later section
    // under it in the tree; theirs adds an event. Both changes are kept.
    let ours = edit(
        "## Updates from Rust Community",
        "# Updates from Rust Community",
    );
    let tail = "    * [**Embedded evening**](https://meet.example.com/rust-ghent/events/55/)\n";
    let event = "* 2026-12-09 | Liège, BE | [Rust Liège](https://liege.example.be/)\n    * [**Kickoff**](https://liege.example.be/e/1)\n";
    let theirs = edit(tail, &format!("{tail}{event}"));
    let m = merge(BASE, &ours, &theirs);
    assert!(m.is_clean(), "{}", m.text_with_markers());
    let both = ours.replacen(tail, &format!("{tail}{event}"), 1);
    assert_eq!(m.text(), both);
}

#[test]
fn the_same_link_sent_twice_with_other_titles_keeps_both() {
    let a = "* [Fast JSON](https://json.example.org/post)\n";
    let b = "* [Fast JSON parsing in Rust](https://json.example.org/post/)\n";
    let m = merge(
        BASE,
        &edit(SMALLER, &format!("{SMALLER}{a}")),
        &edit(SMALLER, &format!("{SMALLER}{b}")),
    );
    assert!(m.is_clean());
    assert_eq!(m.text(), edit(SMALLER, &format!("{SMALLER}{a}{b}")));
}

#[test]
fn front_matter_merges_field_by_field() {
    let ours = edit("Number: 7\n", "Number: 8\n");
    let theirs = edit("Date: 2026-12-02\n", "Date: 2026-12-09\n");
    let m = merge(BASE, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(m.issue().front_matter.number(), Some(8));
    assert_eq!(m.issue().front_matter.get("Date"), Some("2026-12-09"));

    let m = merge(BASE, &ours, &edit("Number: 7\n", "Number: 9\n"));
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].target, "front-matter/Number");
    assert_eq!(m.conflicts[0].theirs.as_deref(), Some("Number: 9\n"));
}

#[test]
fn a_section_removed_against_one_changed_is_a_conflict() {
    let obs = "### Observations/Thoughts\n\n";
    let added = "### Observations/Thoughts\n* [A thought](https://t.example.org/1)\n\n";
    let m = merge(BASE, &edit(obs, ""), &edit(obs, added));
    assert_eq!(m.conflicts.len(), 1, "{}", m.text_with_markers());
    assert_eq!(
        m.conflicts[0].target,
        "section/Updates from Rust Community/Observations/Thoughts"
    );
    assert_eq!(m.conflicts[0].theirs.as_deref(), Some(added));
}

#[test]
fn text_merges_line_by_line_and_conflicts_only_on_the_lines_both_changed() {
    // The title line changes on one side only: it merges; the line below it conflicts.
    let ours = edit("It has two lines.", "It has two lines, ours.");
    let theirs = edit("It has two lines.", "It has two lines, theirs.")
        .replace("## Updates", "## Fresh updates");
    let m = merge(BASE, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert!(m.text_with_markers().contains("## Fresh updates"));
    assert!(m.conflicts[0]
        .target
        .starts_with("preamble/block/text#1/lines"));
    let marked = m.text_with_markers();
    assert!(marked.contains(
        "Welcome to this issue.\n<<<<<<< ours\nIt has two lines, ours.\n=======\nIt has two lines, theirs.\n>>>>>>> theirs\n"
    ));
}

#[test]
fn resolution_yields_a_clean_issue() {
    let ours = edit(ROADMAP, "* [Ours](http://blog.example.org/2026/roadmap/)\n");
    let theirs = edit(
        ROADMAP,
        "* [Theirs](http://blog.example.org/2026/roadmap/)\n",
    );
    let fresh = || merge(BASE, &ours, &theirs);
    let target = fresh().conflicts[0].target.clone();

    let mut m = fresh();
    m.resolve(0, Resolution::Ours).unwrap();
    assert!(m.is_clean());
    assert_eq!(m.text(), ours);
    assert_eq!(write(m.issue()), ours);

    let mut m = fresh();
    m.resolve(target.as_str(), Resolution::Theirs).unwrap();
    assert_eq!(m.text(), theirs);
    assert_eq!(m.text_with_markers(), theirs);

    let mut m = fresh();
    m.resolve(0, Resolution::Both).unwrap();
    assert!(m
        .text()
        .contains("* [Ours](http://blog.example.org/2026/roadmap/)\n* [Theirs]"));

    let mut m = fresh();
    m.resolve(
        0,
        Resolution::Edited("* [Both, edited](https://blog.example.org/2026/roadmap)".into()),
    )
    .unwrap();
    assert!(m
        .text()
        .contains("* [Both, edited](https://blog.example.org/2026/roadmap)\n* [A smaller"));
    assert!(m.issue().sections[0].children[0]
        .blocks
        .iter()
        .any(|b| matches!(
            &b.kind,
            crate::model::BlockKind::List { entries } if entries[0].value.is_typed()
        )));

    let mut m = fresh();
    assert_eq!(
        m.resolve(3, Resolution::Ours),
        Err(NoSuchConflict("#3".into()))
    );
    assert!(m.resolve("no/such/target", Resolution::Ours).is_err());
    assert_eq!(m.conflicts.len(), 1);
}

#[test]
fn conflicts_are_listed_in_file_order_and_resolve_one_at_a_time() {
    let ours = edit("Number: 7\n", "Number: 8\n").replacen(
        ROADMAP,
        "* [Ours](http://blog.example.org/2026/roadmap/)\n",
        1,
    );
    let theirs = edit("Number: 7\n", "Number: 9\n").replacen(
        ROADMAP,
        "* [Theirs](http://blog.example.org/2026/roadmap/)\n",
        1,
    );
    let mut m = merge(BASE, &ours, &theirs);
    let targets: Vec<&str> = m.conflicts.iter().map(|c| c.target.as_str()).collect();
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[0], "front-matter/Number");
    assert!(targets[1].ends_with("/entry/blog.example.org/2026/roadmap"));
    let entry = targets[1].to_string();
    m.resolve(entry.as_str(), Resolution::Theirs).unwrap();
    assert_eq!(m.conflicts.len(), 1);
    assert!(m.text_with_markers().starts_with(
        "Title: This Week in Rust 7\n<<<<<<< ours\nNumber: 8\n=======\nNumber: 9\n>>>>>>> theirs\n"
    ));
    m.resolve(0, Resolution::Edited("Number: 10".into()))
        .unwrap();
    assert!(m.is_clean());
    assert_eq!(m.issue().front_matter.number(), Some(10));
    assert!(m
        .text()
        .contains("* [Theirs](http://blog.example.org/2026/roadmap/)\n"));
}

#[test]
fn unmatched_structure_falls_back_to_a_line_merge() {
    // A byte order mark on one side only: the files are merged line by line.
    let ours = format!("\u{feff}{}", edit("It has two", "Ours has two"));
    let theirs = edit("It has two", "Theirs has two");
    let m = merge(BASE, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].target, "file/lines@1");
    assert!(m.text_with_markers().contains(
        "<<<<<<< ours\nOurs has two lines.\n=======\nTheirs has two lines.\n>>>>>>> theirs\n"
    ));
}

#[test]
fn a_missing_final_newline_survives_a_conflict_on_the_last_line() {
    let base = "Title: x\n\nlast line";
    let m = merge(base, "Title: x\n\nours", "Title: x\n\ntheirs");
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.text(), "Title: x\n\nours");
    assert!(m.text_with_markers().ends_with(">>>>>>> theirs\n"));
}

/// Lines a generated edit may add: entries of every kind, text, headings, odd lines.
const NEW_LINES: &[&str] = &[
    "* [A fresh link](https://fresh.example.org/a)",
    "* [Another link](https://other.example.org/b/)",
    "* [A fresh link, retitled](https://fresh.example.org/a/)",
    "* 2026-12-12 | Virtual | [Group](https://g.example.org/)",
    "    * [**A talk**](https://g.example.org/t/1)",
    "### A new category",
    "## A new part",
    "Some prose.",
    "",
    "- [dash bullet](https://dash.example.org/)",
    "Key: value",
    "<!-- a comment -->",
    "> quoted",
];

fn apply(base: &[String], ops: &[(usize, u8, usize)]) -> String {
    let mut lines = base.to_vec();
    for &(at, op, pick) in ops {
        let i = if lines.is_empty() {
            0
        } else {
            at % (lines.len() + 1)
        };
        let new = NEW_LINES[pick % NEW_LINES.len()].to_string();
        match op % 3 {
            0 => lines.insert(i, new),
            1 if i < lines.len() => {
                lines.remove(i);
            }
            _ if i < lines.len() => lines[i] = format!("{} (edited {pick})", lines[i]),
            _ => lines.push(new),
        }
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn ops() -> impl Strategy<Value = Vec<(usize, u8, usize)>> {
    prop::collection::vec((0usize..64, 0u8..3, 0usize..64), 0..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Nothing is lost, the result round-trips, and resolving every conflict gives a clean
    /// issue whose text is what the resolution says.
    #[test]
    fn generated_edits_lose_nothing(ours_ops in ops(), theirs_ops in ops(), crlf in any::<bool>()) {
        let base_lines: Vec<String> = BASE.lines().map(str::to_string).collect();
        let nl = |s: String| if crlf { s.replace('\n', "\r\n") } else { s };
        let base = nl(BASE.to_string());
        let ours = nl(apply(&base_lines, &ours_ops));
        let theirs = nl(apply(&base_lines, &theirs_ops));
        let m = merge(&base, &ours, &theirs);
        let text = m.text();
        prop_assert_eq!(write(&parse(&text).issue), text.clone());
        prop_assert_eq!(write(m.issue()), text);
        let marked = m.text_with_markers();
        for side in [&ours, &theirs] {
            for l in side.lines().filter(|l| !l.trim().is_empty()) {
                let in_base = base.lines().filter(|b| b == &l).count();
                let in_side = side.lines().filter(|s| s == &l).count();
                if in_side > in_base {
                    // Where the line merge conflicts, an entry may be kept in its standard form.
                    let std = [SectionKind::CommunityCategory, SectionKind::EventRegion]
                        .map(|k| standard::standard_line(l, k));
                    let kept = |x: &str| x == l || std.iter().flatten().any(|s| s == x);
                    prop_assert!(marked.lines().any(kept), "lost {:?}\n{}", l, marked);
                }
            }
        }
        if m.conflicts.is_empty() {
            prop_assert_eq!(&marked, &m.text());
        }
        let mut resolved = m.clone();
        while !resolved.conflicts.is_empty() {
            prop_assert!(resolved.resolve(0, Resolution::Both).is_ok());
        }
        prop_assert!(resolved.is_clean());
        prop_assert!(!resolved.text().contains("<<<<<<< ours"));
    }

    /// Any three texts merge without panicking.
    #[test]
    fn any_text_merges(b in "[a-z*#\\[\\]():/ \n\r-]{0,120}", o in "[a-z*#\\[\\]():/ \n\r-]{0,120}", t in "[a-z*#\\[\\]():/ \n\r-]{0,120}") {
        let m = merge(&b, &o, &t);
        let text = m.text();
        prop_assert_eq!(write(&parse(&text).issue), text);
        let _ = m.text_with_markers();
    }
}
