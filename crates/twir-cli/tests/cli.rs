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

const DRAFT: &str = "Title: This Week in Rust 701\nNumber: 701\nDate: 2027-04-28\n\n## Updates from Rust Community\n\n### Official\n* [A post](https://a.example.org/post)\n\n### Newsletters\n\n";
const OURS_LINK: &str = "* [Ours](https://ours.example.org/1)\n";
const THEIRS_LINK: &str = "* [Theirs](https://theirs.example.org/2)\n";

/// The draft with `add` appended to the Official category.
fn with_official(add: &str) -> String {
    DRAFT.replace(
        "* [A post](https://a.example.org/post)\n",
        &format!("* [A post](https://a.example.org/post)\n{add}"),
    )
}

fn merge_files(name: &str, ours: &str, theirs: &str) -> (PathBuf, [PathBuf; 3]) {
    let d = temp_dir(name);
    let files = [d.join("base.md"), d.join("ours.md"), d.join("theirs.md")];
    for (f, text) in files.iter().zip([DRAFT, ours, theirs]) {
        std::fs::write(f, text).unwrap();
    }
    (d, files)
}

#[test]
fn merge_prints_the_merged_draft_and_exits_by_outcome() {
    // Two appends to the end of one category: git conflicts, twir keeps both.
    let (_, f) = merge_files(
        "merge-clean",
        &with_official(OURS_LINK),
        &with_official(THEIRS_LINK),
    );
    let out = twir(&["merge", s(&f[0]), s(&f[1]), s(&f[2])]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        with_official(&format!("{OURS_LINK}{THEIRS_LINK}"))
    );

    // The same link retitled differently on both sides: exit 1, markers around that entry.
    let post = "* [A post](https://a.example.org/post)\n";
    let ours = DRAFT.replace(post, "* [A post, ours](https://a.example.org/post)\n");
    let theirs = DRAFT.replace(post, "* [A post, theirs](https://a.example.org/post)\n");
    let (_, f) = merge_files("merge-conflict", &ours, &theirs);
    let out = twir(&["merge", s(&f[0]), s(&f[1]), s(&f[2])]);
    assert_eq!(out.status.code(), Some(1));
    let markers = "<<<<<<< ours\n* [A post, ours](https://a.example.org/post)\n=======\n* [A post, theirs](https://a.example.org/post)\n>>>>>>> theirs\n";
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        DRAFT.replace(post, markers)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 conflict"));

    // --json: the conflicts for tools, same exit code.
    let out = twir(&["merge", "--json", s(&f[0]), s(&f[1]), s(&f[2])]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["clean"], false);
    let c = &v["conflicts"][0];
    assert_eq!(c["base"], post);
    assert_eq!(c["ours"], "* [A post, ours](https://a.example.org/post)\n");
    assert!(c["target"]
        .as_str()
        .unwrap()
        .ends_with("/entry/a.example.org/post"));
}

#[test]
fn merge_rejects_bad_arguments_and_unreadable_files_writing_nothing() {
    let (d, f) = merge_files("merge-bad", DRAFT, DRAFT);
    let out = twir(&["merge", s(&f[0]), s(&f[1])]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());

    let missing = d.join("missing.md");
    let out = twir(&["merge", s(&f[0]), s(&missing), s(&f[2])]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.md: cannot read"));

    std::fs::write(&f[2], b"Title: caf\xe9\n").unwrap();
    let out = twir(&[
        "merge",
        "--git-driver",
        s(&f[0]),
        s(&f[1]),
        s(&f[2]),
        "draft/x.md",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
    assert_eq!(
        std::fs::read_to_string(&f[1]).unwrap(),
        DRAFT,
        "ours untouched"
    );
}

#[test]
fn merge_as_git_driver_writes_ours() {
    let (_, f) = merge_files(
        "merge-driver",
        &with_official(OURS_LINK),
        &with_official(THEIRS_LINK),
    );
    let out = twir(&[
        "merge",
        "--git-driver",
        s(&f[0]),
        s(&f[1]),
        s(&f[2]),
        "draft/x.md",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&f[1]).unwrap(),
        with_official(&format!("{OURS_LINK}{THEIRS_LINK}"))
    );
}

#[test]
fn merge_as_git_driver_writes_markers_into_ours_on_conflict() {
    let post = "* [A post](https://a.example.org/post)\n";
    let ours = DRAFT.replace(post, "* [A post, ours](https://a.example.org/post)\n");
    let theirs = DRAFT.replace(post, "* [A post, theirs](https://a.example.org/post)\n");
    let (_, f) = merge_files("merge-driver-conflict", &ours, &theirs);
    let out = twir(&[
        "merge",
        "--git-driver",
        s(&f[0]),
        s(&f[1]),
        s(&f[2]),
        "draft/x.md",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let written = std::fs::read_to_string(&f[1]).unwrap();
    assert!(
        written.contains("<<<<<<< ours\n* [A post, ours]"),
        "{written}"
    );
    assert!(written
        .contains("=======\n* [A post, theirs](https://a.example.org/post)\n>>>>>>> theirs\n"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("draft/x.md: 1 conflict"));
}

/// Runs git in `dir` with a configuration of its own (no user or system settings).
fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", dir.join("no-global-config"))
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .expect("git is installed (it is on this machine and on CI)")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository where `main` and `contrib` both appended a link to one category.
fn diverged_repo(name: &str) -> PathBuf {
    let d = temp_dir(name);
    git_ok(&d, &["init", "-q"]);
    git_ok(&d, &["checkout", "-q", "-b", "main"]);
    std::fs::create_dir_all(d.join("draft")).unwrap();
    let draft = d.join("draft/2027-04-28-this-week-in-rust.md");
    std::fs::write(&draft, DRAFT).unwrap();
    git_ok(&d, &["add", "."]);
    git_ok(&d, &["commit", "-q", "-m", "draft"]);
    git_ok(&d, &["checkout", "-q", "-b", "contrib"]);
    std::fs::write(&draft, with_official(THEIRS_LINK)).unwrap();
    git_ok(&d, &["commit", "-q", "-am", "theirs"]);
    git_ok(&d, &["checkout", "-q", "main"]);
    std::fs::write(&draft, with_official(OURS_LINK)).unwrap();
    git_ok(&d, &["commit", "-q", "-am", "ours"]);
    d
}

#[test]
fn git_merge_with_the_driver_completes_where_git_alone_conflicts() {
    // Without the driver, git stops on a conflict.
    let plain = diverged_repo("git-plain");
    let out = git(&plain, &["merge", "-q", "--no-edit", "contrib"]);
    assert!(!out.status.success(), "git alone merged cleanly");
    let text =
        std::fs::read_to_string(plain.join("draft/2027-04-28-this-week-in-rust.md")).unwrap();
    assert!(text.contains("<<<<<<<"));

    // With it registered as the README says, the same merge completes cleanly.
    let d = diverged_repo("git-driver");
    let driver = format!(
        "{} merge --git-driver %O %A %B %P",
        env!("CARGO_BIN_EXE_twir")
    );
    git_ok(&d, &["config", "merge.twir.name", "twir structural merge"]);
    git_ok(&d, &["config", "merge.twir.driver", &driver]);
    std::fs::write(d.join(".gitattributes"), "draft/*.md merge=twir\n").unwrap();
    git_ok(&d, &["merge", "-q", "--no-edit", "contrib"]);
    let text = std::fs::read_to_string(d.join("draft/2027-04-28-this-week-in-rust.md")).unwrap();
    assert_eq!(text, with_official(&format!("{OURS_LINK}{THEIRS_LINK}")));
    let status = git(&d, &["status", "--porcelain"]);
    assert_eq!(
        String::from_utf8_lossy(&status.stdout),
        "?? .gitattributes\n"
    );
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
