//! Data-driven tests: each `fixtures/NAME.md` (or `.markdown`) must round-trip byte for byte
//! and parse to the outline in `fixtures/NAME.expect` (model summary plus diagnostics).
//! Run with `UPDATE_EXPECT=1` to rewrite the expectations, then review the diff.

use std::fmt::Write as _;
use std::path::Path;

use twir_format::{parse, write, Block, BlockKind, EntryValue, Issue, Newline, Section};

fn describe_entry(out: &mut String, v: &EntryValue) {
    let _ = match v {
        EntryValue::Link(l) => {
            let _ = write!(
                out,
                "link tags={:?} title={:?} url={:?} note={:?}",
                l.tags, l.title, l.url, l.note
            );
            for s in &l.subs {
                let _ = write!(out, " sub={:?} {:?}", s.title, s.url);
            }
            Ok(())
        }
        EntryValue::Pr(p) => write!(
            out,
            "pr group={:?} title={:?} url={:?} note={:?}",
            p.group, p.title, p.url, p.note
        ),
        EntryValue::Fcp(f) => write!(
            out,
            "fcp disposition={:?} title={:?} url={:?}",
            f.disposition, f.title, f.url
        ),
        EntryValue::Rfc(r) => write!(out, "rfc status={:?} title={:?}", r.status, r.title),
        EntryValue::CfpEvent(c) => write!(
            out,
            "cfp-event name={:?} until={} place={:?} date={}",
            c.name, c.cfp_until, c.place, c.event_date
        ),
        EntryValue::Event(e) => {
            let _ = write!(
                out,
                "event {}{} {:?} {:?} group={:?}",
                e.start,
                e.end.map(|d| format!("..{d}")).unwrap_or_default(),
                e.kind,
                e.location,
                e.group
            );
            for c in &e.cohosts {
                let _ = write!(out, " cohost={:?}{:?}", c.joiner, c.name);
            }
            for t in &e.talks {
                let _ = write!(out, " talk={:?}", t.title);
                for a in &t.also {
                    let _ = write!(out, " also={:?}", a.title);
                }
            }
            Ok(())
        }
        EntryValue::Nothing(n) => write!(out, "nothing {:?}", n.text),
        EntryValue::Raw(r) => write!(out, "RAW {:?} because {}", r.text, r.reason),
    };
}

fn describe_block(out: &mut String, b: &Block, indent: &str) {
    match &b.kind {
        BlockKind::Blank { .. } | BlockKind::Text { .. } | BlockKind::Comment { .. } => {}
        BlockKind::List { entries } => {
            for e in entries {
                out.push_str(indent);
                out.push_str("- ");
                describe_entry(out, &e.value);
                out.push('\n');
            }
        }
        other => {
            let s = format!("{other:?}");
            let _ = writeln!(out, "{indent}= {s}");
        }
    }
}

fn describe_section(out: &mut String, s: &Section, depth: usize) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(out, "{indent}{} {:?} [{:?}]", s.level, s.title(), s.kind);
    for b in &s.blocks {
        describe_block(out, b, &format!("{indent}  "));
    }
    for c in &s.children {
        describe_section(out, c, depth + 1);
    }
}

fn describe(issue: &Issue, diags: &[twir_format::Diagnostic]) -> String {
    let mut out = String::new();
    let fm = &issue.front_matter;
    let _ = writeln!(
        out,
        "front matter: title={:?} number={:?} date={:?} keys={:?}",
        fm.title(),
        fm.number(),
        fm.date().map(|d| d.to_string()),
        fm.fields.iter().map(|f| f.key.as_str()).collect::<Vec<_>>()
    );
    for b in &issue.preamble {
        describe_block(&mut out, b, "");
    }
    for s in &issue.sections {
        describe_section(&mut out, s, 0);
    }
    for d in diags {
        let _ = writeln!(
            out,
            "line {}: {:?} {}: {}",
            d.line, d.severity, d.code, d.message
        );
    }
    out
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut seen = 0;
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown")
            )
        })
        .collect();
    names.sort();
    for path in names {
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let parsed = parse(&text);
        assert_eq!(
            write(&parsed.issue),
            text,
            "{} must round-trip",
            path.display()
        );
        // The same file with CRLF line ends and no final newline round-trips and types alike.
        let crlf = text.replace('\n', "\r\n");
        let crlf = crlf.strip_suffix("\r\n").unwrap_or(&crlf);
        let p2 = parse(crlf);
        assert_eq!(write(&p2.issue), crlf);
        assert_eq!(p2.issue.newline, Newline::CrLf);
        assert_eq!(p2.issue.sections.len(), parsed.issue.sections.len());

        let got = describe(&parsed.issue, &parsed.diagnostics);
        let expect_path = path.with_extension("expect");
        if update {
            std::fs::write(&expect_path, &got).expect("write expectation");
            continue;
        }
        let want = std::fs::read_to_string(&expect_path).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "{}: outline differs (UPDATE_EXPECT=1 to rewrite)\n--- want\n{want}\n--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(seen >= 4, "expected the fixtures, found {seen}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
