//! One case per rule: a small issue that triggers it, and a near miss that must not.

use twir_format::{
    check, parse, preview_html, write, Context, Date, Mode, PastIssue, Severity, RULES,
};

const BASE: &str = "Title: This Week in Rust 700
Number: 700
Date: 2027-04-21
Category: This Week in Rust

Welcome.

## Updates from Rust Community

### Observations/Thoughts
{COMMUNITY}

### Project/Tooling Updates
* [A release post](https://tool.example.org/blog/release-1)

## Call for Participation; projects and speakers

### CFP - Events
{CFP}

## Upcoming Events

{WINDOW}

### Europe
{EVENTS}

{EXTRA}
";

struct Case {
    rule: &'static str,
    bad: &'static [(&'static str, &'static str)],
    good: &'static [(&'static str, &'static str)],
    ctx: fn(&mut Context),
}

const LINK: &str = "* [A post about traits](https://blog.example.org/traits)";
const EVENT: &str = "* 2027-04-28 | Berlin, DE | [Rust Berlin](https://meetup.example/rb)\n    * [**Talks**](https://meetup.example/rb/1)";
const CFP: &str = "* [**DemoConf**](https://democonf.example/cfp) | CFP open until 2027-05-01 | Lyon, FR | 2027-09-10";
const WINDOW: &str = "Rusty Events between 2027-04-21 - 2027-05-19 🦀";

fn none(_: &mut Context) {}

const SLOTS: [&str; 5] = ["{COMMUNITY}", "{EVENTS}", "{CFP}", "{WINDOW}", "{EXTRA}"];

/// The base issue with slots filled by the case (or the defaults), then other replacements.
fn build(repl: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (k, v) in repl.iter().filter(|(k, _)| SLOTS.contains(k)) {
        text = text.replace(k, v);
    }
    for (k, v) in SLOTS.iter().zip([LINK, EVENT, CFP, WINDOW, ""]) {
        text = text.replace(k, v);
    }
    for (k, v) in repl.iter().filter(|(k, _)| !SLOTS.contains(k)) {
        text = text.replace(k, v);
    }
    text
}

fn base_ctx() -> Context {
    Context {
        today: Date::parse("2027-04-20"),
        file_name: Some("2027-04-21-this-week-in-rust.md".into()),
        ..Context::default()
    }
}

fn codes(text: &str, ctx: &Context) -> Vec<String> {
    check(&parse(text).issue, ctx)
        .into_iter()
        .map(|d| d.code)
        .collect()
}

fn cases() -> Vec<Case> {
    vec![
        Case { rule: "tracking-param", bad: &[("{COMMUNITY}", "* [A post](https://b.example.org/p?utm_source=x&id=2)")], good: &[("{COMMUNITY}", "* [A post](https://b.example.org/p?id=2)")], ctx: none },
        Case { rule: "link-scheme", bad: &[("{COMMUNITY}", "* [A post](ftp://b.example.org/p)")], good: &[("{COMMUNITY}", "* [Write to us](mailto:a@example.org)")], ctx: none },
        Case { rule: "double-slash", bad: &[("{COMMUNITY}", "* [A post](https://b.example.org//p//q)")], good: &[("{COMMUNITY}", "* [A post](https://b.example.org/p/q)")], ctx: none },
        Case { rule: "duplicate-link", bad: &[("{COMMUNITY}", "* [One](https://b.example.org/p)\n* [Two](http://b.example.org/p/?utm_source=x)")], good: &[("{COMMUNITY}", "* [One](https://b.example.org/p)\n* [Two](https://b.example.org/q)")], ctx: none },
        Case { rule: "truncated-title", bad: &[("{COMMUNITY}", "* [A very long title that someone pasted from a feed and it got cut of...](https://b.example.org/p)")], good: &[("{COMMUNITY}", "* [A very long title that someone pasted from a feed and it got cut o...](https://b.example.org/p)")], ctx: none },
        Case { rule: "repo-root-link", bad: &[("{COMMUNITY}", "* [A crate](https://github.com/owner/repo)")], good: &[("{COMMUNITY}", "* [A crate 1.0](https://github.com/owner/repo/releases/tag/v1.0)")], ctx: none },
        Case { rule: "project-tooling-pr", bad: &[], good: &[], ctx: |c| c.mode = Mode::Contributor },
        Case { rule: "backticks", bad: &[("{EXTRA}", "Some `code and more.")], good: &[("{EXTRA}", "Some `code` here.\n\n```\nfenced `odd\n```")], ctx: none },
        Case { rule: "html-tag", bad: &[("{EXTRA}", "A <div>block</div> here.")], good: &[("{EXTRA}", "A <small>note</small>, `Vec<T>`, ``Box<T>`` and \\<not a tag\\>.")], ctx: none },
        Case { rule: "empty-list-item", bad: &[("{COMMUNITY}", "* [A post](https://b.example.org/p)\n* ")], good: &[], ctx: none },
        Case { rule: "front-matter", bad: &[("Number: 700\n", "")], good: &[], ctx: none },
        Case { rule: "not-wednesday", bad: &[("Date: 2027-04-21", "Date: 2027-04-22")], good: &[], ctx: none },
        Case { rule: "issue-number", bad: &[("Number: 700", "Number: 701"), ("Rust 700", "Rust 701")], good: &[], ctx: none },
        Case { rule: "title-number", bad: &[("Title: This Week in Rust 700", "Title: This Week in Rust 70")], good: &[], ctx: none },
        Case { rule: "file-name-date", bad: &[], good: &[], ctx: |c| c.file_name = Some("2027-04-14-this-week-in-rust.md".into()) },
        Case { rule: "event-format", bad: &[("{EVENTS}", "* 2027-04-28 | Berlin, DE| [Rust Berlin](https://meetup.example/rb)\n    * [**Talks**](https://meetup.example/rb/1)")], good: &[], ctx: none },
        Case { rule: "event-window", bad: &[("{EVENTS}", "* 2027-06-28 | Berlin, DE | [Rust Berlin](https://meetup.example/rb)\n    * [**Talks**](https://meetup.example/rb/1)")], good: &[("{EVENTS}", "* 2027-05-19 | Berlin, DE | [Rust Berlin](https://meetup.example/rb)\n    * [**Talks**](https://meetup.example/rb/1)")], ctx: none },
        Case { rule: "events-window-dates", bad: &[("{WINDOW}", "Rusty Events between 2027-04-21 - 2027-05-12 🦀")], good: &[], ctx: none },
        Case { rule: "events-unsorted", bad: &[("{EVENTS}", "* 2027-04-29 | Berlin, DE | [B](https://b.example)\n    * [**T**](https://b.example/1)\n* 2027-04-28 | Paris, FR | [P](https://p.example)\n    * [**T**](https://p.example/1)")], good: &[("{EVENTS}", "* 2027-04-28 | Berlin, DE | [B](https://b.example)\n    * [**T**](https://b.example/1)\n* 2027-04-28 | Paris, FR | [P](https://p.example)\n    * [**T**](https://p.example/1)")], ctx: none },
        Case { rule: "unknown-region", bad: &[("### Europe", "### Atlantis")], good: &[("### Europe", "### North America")], ctx: none },
        Case { rule: "place-format", bad: &[("Berlin, DE |", "Berlin Germany |")], good: &[("Berlin, DE |", "Hybrid (Austin, TX, US) |")], ctx: none },
        Case { rule: "cfp-closed", bad: &[], good: &[], ctx: |c| c.today = Date::parse("2027-05-02") },
        Case { rule: "cfp-dates", bad: &[("{CFP}", "* [**DemoConf**](https://democonf.example/cfp) | CFP open until 2027-05-01 | Lyon, FR | 2027-04-30")], good: &[("{CFP}", "* [**DemoConf**](https://democonf.example/cfp) | CFP open until 2027-05-01 | Lyon, FR | 2027-09-10 - 2027-09-12")], ctx: none },
        Case { rule: "prefix-spelling", bad: &[("{COMMUNITY}", "* [Video] [A talk](https://v.example.org/1)")], good: &[("{COMMUNITY}", "* [video] [ZH] [A talk](https://v.example.org/1)")], ctx: none },
        Case { rule: "prefix-position", bad: &[("{COMMUNITY}", "* [A talk](https://v.example.org/1) [video]")], good: &[("{COMMUNITY}", "* [video] [A talk](https://v.example.org/1)")], ctx: none },
        Case { rule: "bare-url-title", bad: &[("{COMMUNITY}", "* [https://v.example.org/1](https://v.example.org/1)")], good: &[], ctx: none },
        Case { rule: "empty-link", bad: &[("{COMMUNITY}", "* [](https://v.example.org/1)")], good: &[], ctx: none },
        Case { rule: "text-after-link", bad: &[("{COMMUNITY}", "* [A post](https://b.example.org/p) - a great read")], good: &[], ctx: none },
        Case { rule: "trailing-whitespace", bad: &[("Welcome.", "Welcome.  ")], good: &[], ctx: none },
        Case { rule: "heading-level", bad: &[("### Europe", "# Europe")], good: &[], ctx: none },
        Case { rule: "pymd-indent", bad: &[("    * [**Talks**]", "  * [**Talks**]")], good: &[], ctx: none },
        Case { rule: "pymd-list-after-text", bad: &[("### CFP - Events\n*", "### CFP - Events\nSome prose.\n*"), ("### CFP - Events\n*", "### CFP - Events\n<!-- CFPs here --> \n*")], good: &[("### CFP - Events\n*", "### CFP - Events\nSome prose.\n\n*"), ("### CFP - Events\n*", "### CFP - Events\n<!-- CFPs here -->\n*")], ctx: none },
        Case { rule: "pymd-fence", bad: &[("{EXTRA}", "> Look:\n>\n> ```text\n> let x = 1;\n> ```")], good: &[("{EXTRA}", "> Look:\n>\n>     let x = 1;")], ctx: none },
        Case { rule: "raw-entry", bad: &[("### Project/Tooling Updates\n* [A release post](https://tool.example.org/blog/release-1)", "### Project/Tooling Updates\n* Please see [the post](https://tool.example.org/blog/release-1)")], good: &[], ctx: none },
    ]
}

#[test]
fn the_base_issue_is_clean() {
    let text = build(&[]);
    let diags = check(&parse(&text).issue, &base_ctx());
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn every_rule_fires_on_its_case_and_not_on_the_near_miss() {
    let cases = cases();
    for (id, _, _) in RULES {
        assert!(
            cases.iter().any(|c| c.rule == *id),
            "rule {id} has no test case"
        );
    }
    for c in &cases {
        let mut ctx = base_ctx();
        (c.ctx)(&mut ctx);
        let bad = build(c.bad);
        let got = codes(&bad, &ctx);
        assert!(
            got.iter().any(|g| g == c.rule),
            "{}: not triggered by\n{bad}\ngot {got:?}",
            c.rule
        );
        if !c.good.is_empty() {
            let good = build(c.good);
            let got = codes(&good, &ctx);
            assert!(
                !got.iter().any(|g| g == c.rule),
                "{}: false alarm on\n{good}\ngot {got:?}",
                c.rule
            );
        }
    }
}

/// Each rule is listed once, and every diagnostic has its rule's severity (over every case,
/// in both modes): a rule cannot be reported as an error in one place and a warning in another.
#[test]
fn rules_are_unique_and_diagnostics_carry_their_rules_severity() {
    let mut ids: Vec<&str> = RULES.iter().map(|(id, _, _)| *id).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "a rule id is listed twice");
    let mut seen = 0;
    for c in cases() {
        for mode in [Mode::Editor, Mode::Contributor] {
            let mut ctx = Context { mode, ..base_ctx() };
            (c.ctx)(&mut ctx);
            for text in [build(c.bad), build(c.good)] {
                for d in check(&parse(&text).issue, &ctx) {
                    let rule = RULES.iter().find(|(id, _, _)| *id == d.code);
                    let Some((_, severity, _)) = rule else {
                        panic!("{} is not in RULES", d.code)
                    };
                    assert_eq!(d.severity, *severity, "{}: {}", d.code, d.message);
                    assert_eq!(d.severity.to_string(), severity.as_str());
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > RULES.len(), "only {seen} diagnostics");
}

#[test]
fn contributions_have_no_front_matter_to_check() {
    let ctx = Context {
        mode: Mode::Contributor,
        ..base_ctx()
    };
    let contribution =
        "## Updates from Rust Community\n\n### Official\n* [A post](https://b.example.org/p)\n";
    assert_eq!(codes(contribution, &ctx), Vec::<String>::new());
    let editor = base_ctx();
    assert!(codes(contribution, &editor).contains(&"front-matter".to_string()));
}

#[test]
fn duplicates_against_history_name_the_issue() {
    let past = build(&[
        ("Number: 700", "Number: 699"),
        ("Rust 700", "Rust 699"),
        ("2027-04-21", "2027-04-14"),
    ]);
    let mut ctx = base_ctx();
    ctx.history = vec![PastIssue::from_text(&past)];
    let diags = check(&parse(&build(&[])).issue, &ctx);
    let dup = diags
        .iter()
        .find(|d| d.code == "duplicate-link")
        .expect("the link of last week is found");
    assert!(
        dup.message.contains("issue 699 (2027-04-14)"),
        "{}",
        dup.message
    );
    assert_eq!(dup.severity, Severity::Error);
    // An issue dated after the checked one is not "previous".
    let later = build(&[("2027-04-21", "2027-04-28")]);
    ctx.history = vec![PastIssue::from_text(&later)];
    assert!(!codes(&build(&[]), &ctx).contains(&"duplicate-link".to_string()));
}

#[test]
fn quick_fixes_resolve_their_diagnostics() {
    let text = build(&[
        (
            "{COMMUNITY}",
            "* [Video] [A post](https://b.example.org//p?utm_source=x&utm_medium=y)",
        ),
        ("Number: 700", "Number: 701"),
        ("Welcome.", "Welcome.   "),
        (
            "{WINDOW}",
            "Rusty Events between 2027-04-21 - 2027-05-12 🦀",
        ),
    ]);
    let ctx = base_ctx();
    let mut issue = parse(&text).issue;
    for _ in 0..4 {
        let fixes: Vec<_> = check(&issue, &ctx)
            .into_iter()
            .filter_map(|d| d.fix)
            .collect();
        if fixes.is_empty() {
            break;
        }
        for f in &fixes {
            assert!(issue.apply_fix(f), "fix {} applies", f.label);
        }
    }
    let remaining = check(&issue, &ctx);
    assert!(remaining.is_empty(), "{remaining:#?}");
    let out = write(&issue);
    assert!(
        out.contains("* [video] [A post](https://b.example.org/p)\n"),
        "{out}"
    );
    assert!(out.contains("Number: 700\n") && out.contains("Welcome.\n"));
}

#[test]
fn diagnostics_point_at_the_line_and_column() {
    let text = build(&[(
        "{COMMUNITY}",
        "* [A post](https://b.example.org/p?utm_source=x)",
    )]);
    let d = check(&parse(&text).issue, &base_ctx())
        .into_iter()
        .find(|d| d.code == "tracking-param")
        .expect("found");
    let line = text.lines().nth(d.line - 1).expect("line exists");
    assert!(line.starts_with("* [A post]"), "{line}");
    assert_eq!(&line[d.col - 1..d.col + 7], "https://");
}

/// Links besides an entry's main one (co-hosts, links under a call for testing, links in a
/// "nothing this week" line) are checked like it.
#[test]
fn every_link_of_an_entry_is_checked() {
    let ctx = base_ctx();
    let cases = [
        ("{EVENTS}", "* 2027-04-28 | Berlin, DE | [Rust Berlin](https://meetup.example/rb) + [Co](https://co.example/?utm_source=x)\n    * [**Talks**](https://meetup.example/rb/1)", "tracking-param"),
        ("{EVENTS}", "* 2027-04-28 | Berlin, DE | [Rust Berlin](https://meetup.example/rb) + [](https://co.example/)\n    * [**Talks**](https://meetup.example/rb/1)", "empty-link"),
        ("{EXTRA}", "## Calls for Testing\n\n* [Try it](https://t.example/1)\n    * [Testing steps](https://t.example/2?utm_medium=x)", "tracking-param"),
        ("{EXTRA}", "## Calls for Testing\n\n* [Try it](https://t.example/1)\n    * [Testing steps]()", "empty-link"),
        ("{EXTRA}", "## Calls for Testing\n\n* *Nothing this week from [Rust](https://r.example/?utm_campaign=x),\n  [Cargo](https://c.example/).*", "tracking-param"),
    ];
    for (slot, text, rule) in cases {
        let found = codes(&build(&[(slot, text)]), &ctx);
        assert!(
            found.iter().any(|c| c == rule),
            "{rule} for {text:?}: {found:?}"
        );
        let clean = text
            .replace("?utm_source=x", "")
            .replace("?utm_medium=x", "")
            .replace("?utm_campaign=x", "")
            .replace("[](", "[Co](")
            .replace("]()", "](https://t.example/2)");
        let found = codes(&build(&[(slot, &clean)]), &ctx);
        assert!(
            !found.iter().any(|c| c == rule),
            "no {rule} for {clean:?}: {found:?}"
        );
        // The quick fix cleans that link, not the entry's main one.
        if rule == "tracking-param" {
            let mut issue = parse(&build(&[(slot, text)])).issue;
            for d in check(&issue, &ctx).into_iter().filter(|d| d.code == rule) {
                assert!(issue.apply_fix(&d.fix.expect("a fix")));
            }
            assert!(write(&issue).contains(&clean), "{}", write(&issue));
        }
    }
}

/// Where the site's renderer would swallow a list, flatten nested items or show code as
/// text, the preview shows it so and a check offers a fix; after the fixes the preview (and
/// so the site) shows the lists, the nesting and the code.
#[test]
fn python_markdown_fixes_mend_what_the_preview_shows() {
    let text = build(&[
        ("### CFP - Events\n", "### CFP - Events\nThese are open:\n"),
        (
            "{EVENTS}",
            "* 2027-04-28 | Berlin, DE | [Rust Berlin](https://meetup.example/rb)\n  * [**Talks**](https://meetup.example/rb/1)",
        ),
        (
            "{EXTRA}",
            "Some prose.\n\n<!-- fill in --> \n* [One](https://one.example)\n\n> Look:\n>\n> ```text\n> let x = 1;\n> ```",
        ),
    ]);
    let ctx = base_ctx();
    let mut issue = parse(&text).issue;
    let before = preview_html(&issue);
    // As the site: the lists are text of the paragraphs above, the talk is not nested, the
    // quote's code is not code.
    assert!(before.contains("These are open:\n* "), "{before}");
    assert!(
        before.contains("* <a href=\"https://one.example\">One</a>"),
        "{before}"
    );
    assert!(
        !before.contains("<ul>\n<li><a href=\"https://meetup.example/rb/1\">"),
        "{before}"
    );
    let pymd = |issue: &twir_format::Issue| -> Vec<_> {
        check(issue, &ctx)
            .into_iter()
            .filter(|d| d.code.starts_with("pymd-"))
            .collect()
    };
    let found = pymd(&issue);
    assert_eq!(found.len(), 4, "{found:#?}");
    for d in found {
        let fix = d.fix.unwrap_or_else(|| panic!("{} has a fix", d.code));
        assert!(issue.apply_fix(&fix), "{} applies", fix.label);
    }
    assert!(pymd(&issue).is_empty(), "{:#?}", pymd(&issue));
    let after = preview_html(&issue);
    assert!(after.contains("<p>These are open:</p>\n<ul>"), "{after}");
    assert!(
        after.contains("<ul>\n<li><a href=\"https://one.example\">One</a></li>"),
        "{after}"
    );
    assert!(
        after.contains("<ul>\n<li><a href=\"https://meetup.example/rb/1\"><strong>Talks"),
        "{after}"
    );
    assert!(after.contains("<pre><code>let x = 1;"), "{after}");
    // The mended text reads the same way after writing and parsing it again.
    assert_eq!(preview_html(&parse(&write(&issue)).issue), after);
}
