//! The `twir` command as a user runs it: real files in a temporary folder, the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn twir(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_twir"))
        .args(args)
        .output()
        .expect("twir runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("twir-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const GOOD: &str = "Title: This Week in Rust 700\nNumber: 700\nDate: 2027-04-21\n\n## Updates from Rust Community\n\n### Official\n* [A post](https://a.example.org/post)\n";

#[test]
fn roundtrip_reports_bad_files_and_goes_on() {
    let d = temp_dir("rt");
    let good = d.join("good.md");
    std::fs::write(&good, GOOD).unwrap();
    let crlf = d.join("crlf.md");
    std::fs::write(&crlf, GOOD.replace('\n', "\r\n")).unwrap();
    let bad = d.join("latin1.md");
    std::fs::write(&bad, b"Title: caf\xe9\n").unwrap();
    let missing = d.join("missing.md");
    let out = twir(&["roundtrip", s(&good), s(&missing), s(&d), s(&bad), s(&crlf)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.ends_with("roundtrip: 2/5 identical\n"), "{stdout}");
    assert!(!out.status.success());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0].contains("missing.md") && lines[0].contains("cannot read"));
    assert!(lines[1].contains("is a directory"));
    assert!(lines[2].contains("latin1.md") && lines[2].contains("not valid UTF-8"));

    let out = twir(&["roundtrip", s(&good), s(&crlf)]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "roundtrip: 2/2 identical\n"
    );
}

#[test]
fn stats_json_is_one_object_with_the_counts() {
    let d = temp_dir("stats");
    let f = d.join("a.md");
    std::fs::write(
        &f,
        format!("{GOOD}* Text before [a link](https://b.example.org)\n\n## Upcoming Events\n\n### Europe\n* 2027-04-22 | Berlin, DE | [G](https://g.example)\n    * [**T**](https://t.example)\n* 2027-04-23 | Paris, FR| [P](https://p.example)\n"),
    )
    .unwrap();
    let out = twir(&["stats", "--json", s(&f)]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!({"files": 1, "links": {"typed": 1, "raw": 1}, "events": {"typed": 1, "raw": 1}, "entries": {"typed": 2, "raw": 2}})
    );
}

#[test]
fn check_prints_rustc_style_and_fixes() {
    let d = temp_dir("check");
    let f = d.join("2027-04-21-this-week-in-rust.md");
    std::fs::write(&f, GOOD.replace("/post)", "/post?utm_source=feed)")).unwrap();
    let out = twir(&["check", "--today", "2027-04-20", s(&f)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let want = format!("{}:8:12: error[tracking-param]:", f.display());
    assert!(stdout.contains(&want), "{stdout}");
    assert!(stdout.contains("= fix: Remove utm_source"));
    assert!(stdout.contains("check: 1 errors, 0 warnings, 0 notes in 1 files"));

    let out = twir(&["check", "--today", "2027-04-20", "--format", "json", s(&f)]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["errors"], 1);
    assert_eq!(v["files"][0]["diagnostics"][0]["code"], "tracking-param");

    let out = twir(&["check", "--fix", "--today", "2027-04-20", s(&f)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&f).unwrap(), GOOD);

    let out = twir(&["check", "--today", "20270420", s(&f)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--today"));
}

#[test]
fn check_history_finds_last_weeks_link_and_contributor_rules() {
    let d = temp_dir("hist");
    let content = d.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let last_week = GOOD
        .replace("Rust 700", "Rust 699")
        .replace("Number: 700", "Number: 699")
        .replace("2027-04-21", "2027-04-14");
    std::fs::write(content.join("2027-04-14-this-week-in-rust.md"), last_week).unwrap();
    let f = d.join("2027-04-21-this-week-in-rust.md");
    std::fs::write(
        &f,
        GOOD.replace("### Official", "### Project/Tooling Updates"),
    )
    .unwrap();
    let out = twir(&[
        "check",
        "--history",
        s(&content),
        "--contributor",
        "--today",
        "2027-04-20",
        s(&f),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error[duplicate-link]: this link was already in issue 699 (2027-04-14)"),
        "{stdout}"
    );
    assert!(stdout.contains("error[project-tooling-pr]"), "{stdout}");
}

#[test]
fn preview_prints_safe_html() {
    let d = temp_dir("preview");
    let f = d.join("a.md");
    std::fs::write(&f, format!("{GOOD}\n<script>alert(1)</script>\n")).unwrap();
    let out = twir(&["preview", s(&f)]);
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        html.contains("<a href=\"https://a.example.org/post\">A post</a>"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
}

/// `twir preview` prints what the app shows: the body is the app's live preview
/// (`preview_sections_since`, part by part), after the header the app shows above it, and it
/// reads Markdown as the site does.
#[test]
fn preview_prints_what_the_app_shows() {
    let d = temp_dir("preview-app");
    let f = d.join("2027-04-21-this-week-in-rust.md");
    let text = format!(
        "{GOOD}\n### Official\n* [Again](https://b.example.org/)\n\n\
         ## Calls for Testing\nApproved this week:\n* No RFCs were approved this week.\n\n\
         * [A feature](https://c.example.org/1)\n  * [Testing steps](https://c.example.org/2)\n"
    );
    std::fs::write(&f, &text).unwrap();
    let out = twir(&["preview", s(&f)]);
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).expect("UTF-8 HTML");
    let issue = twir_format::parse(&text).issue;
    assert_eq!(html, twir_format::preview_html(&issue));
    let mut cache = twir_format::PreviewCache::default();
    let app: String = twir_format::preview_sections_since(&issue, &mut cache, None)
        .into_iter()
        .map(|part| part.html)
        .collect();
    let header_end = html.find("</header>\n").expect("a header") + "</header>\n".len();
    assert_eq!(html[header_end..], app);
    // As the site: headings link to themselves with `toc`'s ids, the list after a text line
    // stays text, and an item indented 2 spaces is not nested.
    assert!(
        html.contains(
            "<h3 id=\"h-official_1\"><a class=\"toclink\" href=\"#h-official_1\">Official</a></h3>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<p>Approved this week:\n* No RFCs were approved this week.</p>"),
        "{html}"
    );
    assert!(html.contains("<ul>\n<li><a href=\"https://c.example.org/1\">A feature</a></li>\n<li><a href=\"https://c.example.org/2\">Testing steps</a></li>\n</ul>"), "{html}");
}
