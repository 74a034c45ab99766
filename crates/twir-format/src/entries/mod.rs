//! Parsing and writing of single list entries and special lines.
//!
//! Every parser here is lenient and is checked by writing its result back: a value is
//! accepted only when it reproduces the source text exactly ("typed only if lossless").

mod events;

pub(crate) use events::parse_event_dates;
use events::{explain_event, parse_event, write_event};
pub use events::{format_place, parse_place};

use crate::date::Date;
use crate::model::{CfpEvent, EntryValue, Fcp, Link, Pr, RawEntry, Rfc, SectionKind, SubLink};

/// Splits `[text](url)` at the start of `s`: returns text, url and what follows.
/// Brackets in the text and parentheses in the URL may nest; the URL has no spaces.
pub(crate) fn split_link(s: &str) -> Option<(&str, &str, &str)> {
    let (text, after) = split_brackets(s)?;
    let rest = after.strip_prefix('(')?;
    let b = rest.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => return Some((text, &rest[..i], &rest[i + 1..])),
            b')' => depth -= 1,
            b' ' | b'\t' | b'\n' | b'\r' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits `[text]` at the start of `s` (balanced brackets, backslash escapes).
pub(crate) fn split_brackets(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix('[')?;
    let b = rest.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' if depth == 0 => return Some((&rest[..i], &rest[i + 1..])),
            b']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// A link that must take the whole of `s`.
fn whole_link(s: &str) -> Option<(&str, &str)> {
    match split_link(s)? {
        (t, u, "") => Some((t, u)),
        _ => None,
    }
}

/// Tool prefixes used in the older flat list of merged PRs (`clippy: …`).
const PR_GROUPS: &[&str] = &[
    "cargo",
    "clippy",
    "rustdoc",
    "rust-analyzer",
    "rustfmt",
    "miri",
    "rustup",
    "docs.rs",
    "crates.io",
    "polonius",
    "chalk",
    "stdarch",
    "libc",
    "hashbrown",
    "futures",
    "compiler-builtins",
    "rustc-perf",
    "cranelift",
    "rustc_codegen_gcc",
    "rustc_codegen_cranelift",
    "triagebot",
    "bors",
    "regex",
    "cc",
    "mdbook",
];

/// The bullet of a list line, if it starts one (`* `, `- `, `+ `).
pub(crate) fn is_bullet(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 2 && matches!(b[0], b'*' | b'-' | b'+') && matches!(b[1], b' ' | b'\t')
}

/// Parses one list entry (its first line and continuation lines) in a section of `kind`.
pub(crate) fn parse_entry(lines: &[&str], kind: SectionKind, buf: &mut String) -> EntryValue {
    let candidate = nothing(lines).or_else(|| match kind {
        SectionKind::EventRegion | SectionKind::UpcomingEvents => parse_event(lines),
        SectionKind::CfpEvents => single(lines, parse_cfp_event).or_else(|| single(lines, link)),
        SectionKind::ProjectUpdates | SectionKind::PrGroup => single(lines, pr),
        SectionKind::FinalCommentPeriod | SectionKind::FcpGroup => single(lines, fcp),
        SectionKind::NewRfcs => single(lines, rfc),
        SectionKind::CallsForTesting | SectionKind::CallsForTestingGroup => link_with_subs(lines),
        _ => single(lines, link),
    });
    if let Some(v) = candidate {
        buf.clear();
        write_entry_into(buf, &v, "\n");
        if lines_equal(buf, lines) {
            return v;
        }
    }
    EntryValue::Raw(RawEntry {
        text: lines.join("\n"),
        reason: explain(lines, kind),
    })
}

fn lines_equal(written: &str, lines: &[&str]) -> bool {
    let mut it = written.split('\n');
    for l in lines {
        if it.next() != Some(l) {
            return false;
        }
    }
    it.next().is_none()
}

fn single(lines: &[&str], f: fn(&str) -> Option<EntryValue>) -> Option<EntryValue> {
    if lines.len() != 1 {
        return None;
    }
    f(lines[0].strip_prefix("* ")?)
}

/// Leading `[tag] ` groups that are followed by another bracket.
fn split_tags(mut s: &str) -> (Vec<&str>, &str) {
    let mut tags = Vec::new();
    while let Some((inner, after)) = split_brackets(s) {
        match after.strip_prefix(' ') {
            Some(next) if next.starts_with('[') && !inner.contains('[') => {
                tags.push(inner);
                s = next;
            }
            _ => break,
        }
    }
    (tags, s)
}

/// `* *No … this week.*`, possibly with links and over several lines (continuation lines are
/// indented two spaces, as in the newsletter's template); the text keeps the line breaks but
/// not the indent.
fn nothing(lines: &[&str]) -> Option<EntryValue> {
    let (first, rest) = lines.split_first()?;
    let mut text = first.strip_prefix("* *")?.to_string();
    for l in rest {
        text.push('\n');
        text.push_str(l.strip_prefix("  ")?);
    }
    let text = text.strip_suffix('*')?;
    // A whole line in italics that starts with a link is a link entry written oddly.
    if text.is_empty() || text.starts_with(['*', '[']) {
        return None;
    }
    Some(EntryValue::Nothing(crate::model::Nothing {
        text: text.to_string(),
    }))
}

fn link(s: &str) -> Option<EntryValue> {
    let (tags, rest) = split_tags(s);
    let (title, url, note) = split_link(rest)?;
    Some(EntryValue::Link(Link {
        tags: tags.into_iter().map(str::to_string).collect(),
        title: title.to_string(),
        url: url.to_string(),
        note: note.to_string(),
        subs: Vec::new(),
    }))
}

/// A link line, then any `    * [Title](URL)` lines under it (a call for testing and its
/// testing steps).
fn link_with_subs(lines: &[&str]) -> Option<EntryValue> {
    let (first, rest) = lines.split_first()?;
    let Some(EntryValue::Link(mut l)) = link(first.strip_prefix("* ")?) else {
        return None;
    };
    for line in rest {
        let (title, url) = whole_link(line.strip_prefix("    * ")?)?;
        l.subs.push(SubLink {
            title: title.to_string(),
            url: url.to_string(),
        });
    }
    Some(EntryValue::Link(l))
}

fn pr(s: &str) -> Option<EntryValue> {
    let (text, url, note) = split_link(s)?;
    let (group, title) = match text.split_once(": ") {
        Some((g, t)) if PR_GROUPS.contains(&g) => (Some(g.to_string()), t),
        _ => (None, text),
    };
    Some(EntryValue::Pr(Pr {
        group,
        title: title.to_string(),
        url: url.to_string(),
        note: note.to_string(),
    }))
}

fn fcp(s: &str) -> Option<EntryValue> {
    let (tags, rest) = split_tags(s);
    let (title, url) = whole_link(rest)?;
    let disposition = match tags.as_slice() {
        [] => None,
        [t] => Some(t.strip_prefix("disposition: ")?.to_string()),
        _ => return None,
    };
    Some(EntryValue::Fcp(Fcp {
        disposition,
        title: title.to_string(),
        url: url.to_string(),
    }))
}

fn rfc(s: &str) -> Option<EntryValue> {
    let (tags, rest) = split_tags(s);
    let (title, url) = whole_link(rest)?;
    let status = match tags.as_slice() {
        [] => None,
        [t] => Some(t.to_string()),
        _ => return None,
    };
    Some(EntryValue::Rfc(Rfc {
        status,
        title: title.to_string(),
        url: url.to_string(),
    }))
}

fn parse_cfp_event(s: &str) -> Option<EntryValue> {
    let mut parts = s.split(" | ");
    let head = parts.next()?;
    let until = parts.next()?.strip_prefix("CFP open until ")?;
    let place = parts.next()?;
    let event_date = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    let (name, url) = whole_link(head)?;
    let name = name.strip_prefix("**")?.strip_suffix("**")?;
    Some(EntryValue::CfpEvent(CfpEvent {
        name: name.to_string(),
        url: url.to_string(),
        cfp_until: until.to_string(),
        place: place.to_string(),
        event_date: event_date.to_string(),
    }))
}

/// Writes an entry (all of its lines, without a final line ending).
pub(crate) fn write_entry_into(out: &mut String, v: &EntryValue, nl: &str) {
    match v {
        EntryValue::Link(l) => {
            out.push_str("* ");
            for t in &l.tags {
                push_tag(out, "", t);
            }
            push_link(out, &l.title, &l.url);
            out.push_str(&l.note);
            for sub in &l.subs {
                out.push_str(nl);
                out.push_str("    * ");
                push_link(out, &sub.title, &sub.url);
            }
        }
        EntryValue::Pr(p) => {
            out.push_str("* [");
            if let Some(g) = &p.group {
                out.push_str(g);
                out.push_str(": ");
            }
            out.push_str(&p.title);
            out.push_str("](");
            out.push_str(&p.url);
            out.push(')');
            out.push_str(&p.note);
        }
        EntryValue::Fcp(f) => {
            out.push_str("* ");
            if let Some(d) = &f.disposition {
                push_tag(out, "disposition: ", d);
            }
            push_link(out, &f.title, &f.url);
        }
        EntryValue::Rfc(r) => {
            out.push_str("* ");
            if let Some(s) = &r.status {
                push_tag(out, "", s);
            }
            push_link(out, &r.title, &r.url);
        }
        EntryValue::CfpEvent(c) => {
            out.push_str("* [**");
            out.push_str(&c.name);
            out.push_str("**](");
            out.push_str(&c.url);
            out.push_str(") | CFP open until ");
            out.push_str(&c.cfp_until);
            out.push_str(" | ");
            out.push_str(&c.place);
            out.push_str(" | ");
            out.push_str(&c.event_date);
        }
        EntryValue::Event(e) => write_event(out, e, nl),
        EntryValue::Nothing(n) => {
            out.push_str("* *");
            for (i, l) in n.text.split('\n').enumerate() {
                if i > 0 {
                    out.push_str(nl);
                    out.push_str("  ");
                }
                out.push_str(l);
            }
            out.push('*');
        }
        EntryValue::Raw(r) => {
            for (i, l) in r.text.split('\n').enumerate() {
                if i > 0 {
                    out.push_str(nl);
                }
                out.push_str(l);
            }
        }
    }
}

fn push_display(out: &mut String, d: Date) {
    use std::fmt::Write;
    let _ = write!(out, "{d}");
}

/// A prefix tag and the space after it: `[video] `, `[disposition: merge] `.
fn push_tag(out: &mut String, label: &str, value: &str) {
    out.push('[');
    out.push_str(label);
    out.push_str(value);
    out.push_str("] ");
}

pub(crate) fn push_link(out: &mut String, text: &str, url: &str) {
    out.push('[');
    out.push_str(text);
    out.push_str("](");
    out.push_str(url);
    out.push(')');
}

/// The entries in pasted Markdown lines (bullets and their continuation lines), typed as
/// they would be in a section of `kind`; lines that are not list items are ignored.
pub fn entries_from_markdown(text: &str, kind: SectionKind) -> Vec<EntryValue> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut item: Vec<&str> = Vec::new();
    let lines = text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l));
    for l in lines {
        if is_bullet(l) {
            if !item.is_empty() {
                out.push(parse_entry(&item, kind, &mut buf));
            }
            item = vec![l];
        } else if !item.is_empty() && l.starts_with([' ', '\t']) && !l.trim().is_empty() {
            item.push(l);
        } else if !item.is_empty() {
            out.push(parse_entry(&item, kind, &mut buf));
            item.clear();
        }
    }
    if !item.is_empty() {
        out.push(parse_entry(&item, kind, &mut buf));
    }
    out
}

/// The typed entry that a raw entry most likely means, after mending the common
/// deviations (`-` bullets, extra spaces, `|` without spaces, talk lines indented 2 or 3
/// spaces, a prefix glued to the link, spaces at line ends); `None` when it still does not fit.
pub fn typed_equivalent(raw: &str, kind: SectionKind) -> Option<EntryValue> {
    let mut fixed: Vec<String> = Vec::new();
    for (i, line) in raw.split('\n').enumerate() {
        let line = line.trim_end();
        let (indent, body) = if i == 0 {
            ("", line.trim_start())
        } else {
            ("    ", line.trim_start())
        };
        let body = body
            .strip_prefix("- ")
            .or_else(|| body.strip_prefix("+ "))
            .or_else(|| body.strip_prefix("* "))
            .map_or(body, str::trim_start);
        let mut body = body.replace("][", "] [");
        if matches!(
            kind,
            SectionKind::EventRegion | SectionKind::UpcomingEvents | SectionKind::CfpEvents
        ) {
            body = body
                .split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" | ");
        }
        fixed.push(format!("{indent}* {body}"));
    }
    let lines: Vec<&str> = fixed.iter().map(String::as_str).collect();
    match parse_entry(&lines, kind, &mut String::new()) {
        EntryValue::Raw(_) => None,
        v => Some(v),
    }
}

/// Why an entry is not typed: how it deviates from the standard line format.
fn explain(lines: &[&str], kind: SectionKind) -> String {
    let first = lines[0];
    let expected = match kind {
        SectionKind::EventRegion | SectionKind::UpcomingEvents => {
            "`* YYYY-MM-DD | Place | [Group](URL)` followed by `    * [**Title**](URL)`"
        }
        SectionKind::CfpEvents => {
            "`* [**Event**](URL) | CFP open until YYYY-MM-DD | City, CC | YYYY-MM-DD`"
        }
        SectionKind::FinalCommentPeriod | SectionKind::FcpGroup => {
            "`* [disposition: merge] [Title](URL)` or `* [Title](URL)`"
        }
        SectionKind::NewRfcs => "`* [new] [Title](URL)` or `* [Title](URL)`",
        _ => "`* [Title](URL)`",
    };
    let why = if !first.starts_with("* ") {
        if first.starts_with("- ") || first.starts_with("+ ") {
            "uses `-` or `+` as the bullet; the standard is `* `".to_string()
        } else {
            "the bullet is not followed by a single space".to_string()
        }
    } else if first.starts_with("*  ") {
        "has more than one space after the bullet".to_string()
    } else if matches!(kind, SectionKind::EventRegion | SectionKind::UpcomingEvents) {
        explain_event(lines)
    } else if lines.len() > 1 {
        "continues on more lines".to_string()
    } else if first.trim_end() != first {
        "has spaces at the end of the line".to_string()
    } else if kind == SectionKind::CfpEvents && first.contains('|') {
        "its fields are not `[**Event**](URL) | CFP open until DATE | place | DATE`".to_string()
    } else if !first.contains("](") {
        "has no Markdown link".to_string()
    } else if first.contains("][") {
        "a prefix is not followed by a space".to_string()
    } else if !first.ends_with(')') {
        "has text after the link".to_string()
    } else {
        "has text before the link or an unusual link".to_string()
    };
    format!("{why}; expected {expected}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(lines: &[&str], kind: SectionKind) -> EntryValue {
        parse_entry(lines, kind, &mut String::new())
    }

    #[test]
    fn links_with_nested_brackets_and_parens() {
        assert_eq!(
            split_link("[a [b] c](https://x/(y)) tail"),
            Some(("a [b] c", "https://x/(y)", " tail"))
        );
        assert_eq!(split_link("[a](b c)"), None);
    }

    #[test]
    fn tags_are_typed_as_written() {
        let v = entry(
            &["* [Video] [series] [Title](https://e.com)"],
            SectionKind::CommunityCategory,
        );
        match v {
            EntryValue::Link(l) => {
                assert_eq!(l.tags, vec!["Video", "series"]);
                assert_eq!(l.title, "Title");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deviations_stay_raw_with_a_reason() {
        let v = entry(
            &["* 2024-01-27-28 | Berlin, DE | [G](https://g)"],
            SectionKind::EventRegion,
        );
        match v {
            EntryValue::Raw(r) => assert!(r.reason.contains("date"), "{}", r.reason),
            other => panic!("{other:?}"),
        }
        let v = entry(
            &[
                "* 2024-01-27 | Berlin, DE | [G](https://g)",
                "  * [**T**](https://t)",
            ],
            SectionKind::EventRegion,
        );
        match v {
            EntryValue::Raw(r) => assert!(r.reason.contains("indented 2"), "{}", r.reason),
            other => panic!("{other:?}"),
        }
        let v = entry(&["* Please [a](https://b)"], SectionKind::CommunityCategory);
        assert!(matches!(v, EntryValue::Raw(r) if r.reason.contains("before the link")));
        // Text after the link is kept in a typed note (validation warns about it).
        let v = entry(
            &["* [a](https://b) and more"],
            SectionKind::CommunityCategory,
        );
        assert!(matches!(v, EntryValue::Link(l) if l.note == " and more"));
    }

    #[test]
    fn raw_entries_offer_their_typed_equivalent() {
        let ev = typed_equivalent(
            "- 2027-05-01 | Paris, FR| [P](https://p)\n  * [**T**](https://t) ",
            SectionKind::EventRegion,
        );
        assert!(matches!(ev, Some(EntryValue::Event(e)) if e.talks.len() == 1));
        let l = typed_equivalent("*  [video][A](https://a)", SectionKind::CommunityCategory);
        assert!(matches!(l, Some(EntryValue::Link(l)) if l.tags == ["video"]));
        assert!(typed_equivalent("* Please read [x](https://x)", SectionKind::Other).is_none());
        let pasted = entries_from_markdown(
            "* [A](https://a)\r\nnot a bullet\n* 2027-05-01 | Oslo, NO | [O](https://o)\n    * [**T**](https://t)\n",
            SectionKind::EventRegion,
        );
        assert_eq!(pasted.len(), 2);
        assert!(matches!(pasted[1], EntryValue::Event(_)));
    }

    #[test]
    fn nothing_lines_may_link_and_continue_on_indented_lines() {
        let lines = [
            "* *Nothing was filed this week by [One](https://one.example),",
            "  [Two](https://two.example) or",
            "  [Three](https://three.example).*",
        ];
        let v = entry(&lines, SectionKind::CallsForTesting);
        let EntryValue::Nothing(n) = &v else {
            panic!("{v:?}")
        };
        assert_eq!(
            n.text,
            "Nothing was filed this week by [One](https://one.example),\n[Two](https://two.example) or\n[Three](https://three.example)."
        );
        assert_eq!(crate::write::write_entry(&v), lines.join("\n"));
        let one = entry(
            &["* *No RFCs were approved this week.*"],
            SectionKind::ApprovedRfcs,
        );
        assert!(
            matches!(&one, EntryValue::Nothing(n) if n.text == "No RFCs were approved this week.")
        );
        // A one-space indent, bold, and an italic link are not "nothing" lines.
        for lines in [
            &[
                "* *Nothing by [One](https://one.example),",
                " [Two](https://two.example).*",
            ][..],
            &["* **Bold.**"],
            &["* *[A title](https://a.example)*"],
        ] {
            let v = entry(lines, SectionKind::CallsForTesting);
            assert!(!matches!(v, EntryValue::Nothing(_)), "{lines:?}: {v:?}");
        }
    }

    #[test]
    fn calls_for_testing_have_their_links_underneath() {
        let lines = [
            "* [Feature: try it](https://f.example/1)",
            "    * [Tracking issue](https://f.example/2)",
            "    * [Testing steps](https://f.example/3#steps)",
        ];
        let v = entry(&lines, SectionKind::CallsForTestingGroup);
        let EntryValue::Link(l) = &v else {
            panic!("{v:?}")
        };
        let subs: Vec<_> = l
            .subs
            .iter()
            .map(|s| (s.title.as_str(), s.url.as_str()))
            .collect();
        assert_eq!(
            subs,
            [
                ("Tracking issue", "https://f.example/2"),
                ("Testing steps", "https://f.example/3#steps")
            ]
        );
        assert_eq!(crate::write::write_entry(&v), lines.join("\n"));
        // As published with two spaces and `-`: raw, and converted to the standard form.
        let published =
            "* [Feature: try it](https://f.example/1)\n  - [Testing steps](https://f.example/3)";
        let lines: Vec<&str> = published.split('\n').collect();
        assert!(matches!(
            entry(&lines, SectionKind::CallsForTesting),
            EntryValue::Raw(_)
        ));
        let fixed = typed_equivalent(published, SectionKind::CallsForTesting).expect("typed");
        assert_eq!(
            crate::write::write_entry(&fixed),
            "* [Feature: try it](https://f.example/1)\n    * [Testing steps](https://f.example/3)"
        );
        // Elsewhere a link has no lines under it.
        let lines = [
            "* [A post](https://p.example)",
            "    * [More](https://p.example/2)",
        ];
        assert!(matches!(
            entry(&lines, SectionKind::CommunityCategory),
            EntryValue::Raw(_)
        ));
    }

    #[test]
    fn pr_groups_only_for_known_tools() {
        let EntryValue::Pr(p) = entry(&["* [clippy: add lint](https://p)"], SectionKind::PrGroup)
        else {
            panic!()
        };
        assert_eq!(p.group.as_deref(), Some("clippy"));
        let EntryValue::Pr(p) = entry(&["* [std: move](https://p)"], SectionKind::PrGroup) else {
            panic!()
        };
        assert_eq!(p.group, None);
        assert_eq!(p.title, "std: move");
    }
}
