//! The preview shows what the site will publish: `preview_html` compared block by block (see
//! `common/blocks.rs`) with the site's renderer, Python-Markdown 3.7 with the site's
//! extensions (`tools/pymd/render.py`).
//!
//! The own corpus is compared with fixtures rendered by `cargo xtask pymd` (no Python needed
//! at test time). With `TWIR_ARCHIVE` set, every issue of that folder from 2024-06-05 on is
//! rendered with Python at test time, into the target folder, with the venv that
//! `cargo xtask pymd --setup` installs (`target/pymd-venv`, or `$TWIR_PYMD_VENV`).
//!
//! Each test prints the share of matching blocks, the divergences by kind and the first
//! differences, and fails below [`GOAL`] over the current layout.

#[path = "common/blocks.rs"]
mod blocks;
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use blocks::{blocks, Tally};
use twir_format::{check, parse, preview_html, Context};

/// The least share of the site's blocks the preview must render alike, in issues of the
/// current layout (from 2024-06-05 on).
const GOAL: f64 = 0.999;
/// How many differences a report lists (`TWIR_PYMD_SAMPLES` sets another number).
fn samples() -> usize {
    std::env::var("TWIR_PYMD_SAMPLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(25)
}

fn is_current(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.len() >= 10 && name[..10] >= *"2024-06-05" && name.as_bytes()[0].is_ascii_digit()
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string()
}

/// Compares the preview of `issue_file` with the site's HTML and adds it to `tally`.
fn compare(tally: &mut Tally, issue_file: &Path, site_html: &str) {
    let text = std::fs::read_to_string(issue_file).expect("UTF-8 issue");
    let preview = preview_html(&parse(&text).issue);
    tally.compare(
        &stem(issue_file),
        &blocks(site_html),
        &blocks(&preview),
        samples(),
    );
}

fn assert_goal(tally: &Tally, label: &str) {
    let report = tally.report(label);
    eprint!("{report}");
    assert!(
        tally.share() >= GOAL,
        "{label}: {:.3} % of blocks match, the goal is {:.1} %",
        tally.share() * 100.0,
        GOAL * 100.0
    );
}

/// Every file of the own corpus against its fixture, older layouts and the current one apart.
#[test]
fn own_corpus_previews_as_the_site_renders() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let (mut current, mut older) = (Tally::default(), Tally::default());
    let mut files = 0;
    for entry in std::fs::read_dir(dir.join("corpus")).expect("the own corpus") {
        let path = entry.expect("folder entry").path();
        let fixture = dir.join("pymd").join(format!("{}.html", stem(&path)));
        let site = std::fs::read_to_string(&fixture).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; `cargo xtask pymd` renders the fixtures",
                fixture.display()
            )
        });
        let tally = if is_current(&path) {
            &mut current
        } else {
            &mut older
        };
        compare(tally, &path, &site);
        files += 1;
    }
    assert_eq!(files, 13, "one fixture per corpus file");
    // The older layouts are held to the goal too: the own corpus has no raw HTML to forgive.
    assert_goal(&older, "own corpus, before 2024-06-05");
    assert_goal(&current, "own corpus, from 2024-06-05");
}

/// The target folder the tests were built into (`…/target/debug/deps/pymd_parity-…`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary");
    exe.ancestors().nth(3).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        Path::to_path_buf,
    )
}

/// The archive named by `TWIR_ARCHIVE`, from 2024-06-05 on, rendered by Python-Markdown now.
#[test]
fn archive_previews_as_the_site_renders() {
    let Some(archive) = std::env::var_os("TWIR_ARCHIVE") else {
        eprintln!("TWIR_ARCHIVE is not set: the archive comparison did not run");
        return;
    };
    let venv = std::env::var_os("TWIR_PYMD_VENV")
        .map_or_else(|| target_dir().join("pymd-venv"), PathBuf::from);
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "no Python-Markdown venv at {}: run `cargo xtask pymd --setup` first \
         (or point TWIR_PYMD_VENV at one)",
        venv.display()
    );
    let files: Vec<PathBuf> = common::archive()
        .files
        .into_iter()
        .filter(|f| is_current(f))
        .collect();
    assert!(
        !files.is_empty(),
        "{archive:?} has no issue from 2024-06-05 on"
    );
    let out = target_dir().join("pymd-archive");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let status = Command::new(&python)
        .arg(root.join("tools/pymd/render.py"))
        .arg("--out")
        .arg(&out)
        .args(&files)
        .status()
        .expect("the venv's Python starts");
    assert!(status.success(), "render.py failed: {status}");
    let mut tally = Tally::default();
    for f in &files {
        let site = std::fs::read_to_string(out.join(format!("{}.html", stem(f))))
            .expect("render.py's output");
        compare(&mut tally, f, &site);
    }
    assert_goal(
        &tally,
        &format!("archive from 2024-06-05 ({} files)", files.len()),
    );
}

#[test]
fn blocks_read_as_a_browser_shows_them() {
    let site = "<h3 id=\"rfcs\"><a class=\"toclink\" href=\"#rfcs\"><a href=\"https://x\">RFCs</a></a></h3>\n\
        <ul>\n<li>a\n<ul>\n<li>b &amp; c</li>\n</ul>\n</li>\n</ul>\n<!-- gone -->";
    let b = blocks(site);
    assert_eq!(b.len(), 3, "{b:?}");
    assert_eq!(
        (b[0].id.as_str(), b[0].links.clone()),
        ("rfcs", vec!["https://x".to_string()])
    );
    assert_eq!((b[1].depth, b[1].text.as_str()), (1, "a"));
    assert_eq!((b[2].depth, b[2].text.as_str()), (2, "b & c"));
    let preview = "<header class=\"twir-front-matter\"><h1>T</h1></header>\
        <h2 id=\"h-x\"><a class=\"toclink\" href=\"#h-x\">X</a></h2>";
    let p = blocks(preview);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        (p[0].id.as_str(), p[0].links.clone()),
        ("x", vec!["#x".to_string()])
    );
    let mut t = Tally::default();
    t.compare("f", &b, &blocks("<ul><li>a</li><li>b &amp; c</li></ul>"), 5);
    assert_eq!(t.matched, 1);
    assert_eq!(t.kinds.get("li: depth"), Some(&1), "{:?}", t.kinds);
}

/// Every Python-Markdown diagnostic in the corpus (own or `TWIR_ARCHIVE`, current layout)
/// comes with a fix, and applying the fixes leaves none.
#[test]
fn python_markdown_diagnostics_have_fixes_that_work() {
    let pymd = |issue: &twir_format::Issue| -> Vec<twir_format::Diagnostic> {
        check(issue, &Context::default())
            .into_iter()
            .filter(|d| d.code.starts_with("pymd-"))
            .collect()
    };
    let (mut fixed, mut files) = (0, 0);
    for f in common::archive().files.iter().filter(|f| is_current(f)) {
        let text = std::fs::read_to_string(f).expect("UTF-8 issue");
        let mut issue = parse(&text).issue;
        let found = pymd(&issue);
        files += usize::from(!found.is_empty());
        for d in found {
            let fix = d
                .fix
                .unwrap_or_else(|| panic!("{}: {} has no fix", f.display(), d.code));
            assert!(issue.apply_fix(&fix), "{}: {}", f.display(), fix.label);
            fixed += 1;
        }
        let left = pymd(&issue);
        assert!(left.is_empty(), "{}: {left:#?}", f.display());
    }
    eprintln!("Python-Markdown fixes: {fixed} in {files} files");
    assert!(
        fixed > 0,
        "the corpus has no Python-Markdown quirk left to fix"
    );
}
