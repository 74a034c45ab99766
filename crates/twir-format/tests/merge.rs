//! Structural merges over a corpus of three-way merges: `<case>/{base,ours,theirs,result}.md`.
//!
//! `TWIR_MERGES` names a folder of real merges (CI: `../shared/twir/merges`); unset, the
//! committed cases in `tests/fixtures/merges` run, each of which must give exactly its
//! `result.md` (the text with conflict markers when it holds any).
//!
//! On real merges `result.md` is what people committed. Git's own outcome is `git merge-file
//! -p` when `git` can be run, else the crate's line-level merge (`merge_lines`, which aligns
//! as git does); the test says which. `TWIR_MERGE_DUMP=<folder>` writes each case's merge
//! there. Reported against the project's goals (printed "met" / "NOT MET"), and asserted as
//! floors at the measured figures so that no change makes the merge worse (raise them as the
//! engine improves; the goals are 90 % and 3 %):
//! - of the cases git cannot merge, the share `merge` merges cleanly with exactly the
//!   committed lines (compared sorted: people order two appended entries either way), goal
//!   ≥ 90 %, and the byte-exact share;
//! - where git merges cleanly to the committed file, `merge` must too, byte for byte
//!   (asserted);
//! - clean merges whose lines differ from the committed file (silent wrong merges), goal
//!   ≤ 3 % of all cases, each listed.
//!
//! In some of git's conflicts the committed file holds lines found in none of the three files
//! (the person resolving also retitled or fixed an entry by hand); the test prints that count.

use std::path::{Path, PathBuf};

use twir_format::{merge, merge_lines, parse, write};

/// Whether the committed file holds a non-blank line that none of the three files has.
fn edited_by_hand(c: &Case) -> bool {
    let inputs: std::collections::HashSet<&str> = [&c.base, &c.ours, &c.theirs]
        .iter()
        .flat_map(|t| t.lines())
        .collect();
    c.result
        .lines()
        .any(|l| !l.trim().is_empty() && !inputs.contains(l))
}

struct Case {
    name: String,
    base: String,
    ours: String,
    theirs: String,
    result: String,
}

fn read(dir: &Path, file: &str) -> String {
    let p = dir.join(file);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn corpus() -> (String, bool, Vec<Case>) {
    let (dir, real) = match std::env::var("TWIR_MERGES") {
        Ok(d) => (PathBuf::from(d), true),
        Err(_) => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merges"),
            false,
        ),
    };
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: cannot read the folder: {e}", dir.display()))
        .map(|e| e.expect("folder entry").path())
        .filter(|p| p.join("base.md").is_file())
        .collect();
    dirs.sort();
    let cases = dirs
        .iter()
        .map(|d| Case {
            name: d.file_name().unwrap().to_string_lossy().into_owned(),
            base: read(d, "base.md"),
            ours: read(d, "ours.md"),
            theirs: read(d, "theirs.md"),
            result: read(d, "result.md"),
        })
        .collect();
    (dir.display().to_string(), real, cases)
}

/// Git's own outcome, `(clean, text)`, from `git merge-file -p`; `None` when git cannot be run.
fn git_verdict(c: &Case, tmp: &Path) -> Option<(bool, String)> {
    std::fs::create_dir_all(tmp).ok()?;
    let names = ["ours.md", "base.md", "theirs.md"];
    for (name, text) in names.iter().zip([&c.ours, &c.base, &c.theirs]) {
        std::fs::write(tmp.join(name), text).ok()?;
    }
    let out = std::process::Command::new("git")
        .arg("merge-file")
        .arg("-p")
        .args(names.iter().map(|n| tmp.join(n)))
        .output()
        .ok()?;
    // The exit code is the number of conflicts; a negative one (or a signal) is an error.
    let code = out.status.code().filter(|c| (0..=127).contains(c))?;
    Some((code == 0, String::from_utf8_lossy(&out.stdout).into_owned()))
}

fn sorted_lines(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s.lines().collect();
    v.sort_unstable();
    v
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        100.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

#[test]
fn merges_over_the_corpus() {
    let (dir, real, cases) = corpus();
    assert!(!cases.is_empty(), "{dir} holds no merge cases");
    println!(
        "merge corpus: {} ({} cases, {})",
        dir,
        cases.len(),
        if real {
            "TWIR_MERGES"
        } else {
            "committed fixtures"
        }
    );

    let (mut git_conflicts, mut same_lines, mut exact, mut by_hand) = (0, 0, 0, 0);
    let (mut git_clean, mut git_right, mut kept_git) = (0, 0, 0);
    let mut silent_wrong = Vec::new();
    let mut lost_git = Vec::new();
    let mut fixture_failures = Vec::new();
    let tmp = std::env::temp_dir().join(format!("twir-merge-test-{}", std::process::id()));
    let mut used_own = false;
    let dump = std::env::var_os("TWIR_MERGE_DUMP").map(PathBuf::from);
    for c in &cases {
        let m = merge(&c.base, &c.ours, &c.theirs);
        let text = m.text();
        let marked = m.text_with_markers();
        assert_eq!(write(&parse(&text).issue), text, "{}: round trip", c.name);
        assert_eq!(write(m.issue()), text, "{}: issue and text agree", c.name);

        if !real {
            let expected_markers = c.result.contains("<<<<<<< ours");
            let got = if expected_markers { &marked } else { &text };
            if got != &c.result || expected_markers == m.is_clean() {
                fixture_failures.push(format!(
                    "{}: expected\n{}\ngot ({} conflicts)\n{}",
                    c.name,
                    c.result,
                    m.conflicts.len(),
                    got
                ));
            }
            continue;
        }

        let git = git_verdict(c, &tmp).unwrap_or_else(|| {
            used_own = true;
            let g = merge_lines(&c.base, &c.ours, &c.theirs);
            (g.is_clean(), g.text())
        });
        if let Some(d) = &dump {
            // For studying the misses: the merge (with markers), whether it is clean, and
            // the crate's own line merge.
            let own = merge_lines(&c.base, &c.ours, &c.theirs).text_with_markers();
            let clean = if m.is_clean() { "1" } else { "0" };
            for (ext, text) in [("merged", marked.as_str()), ("clean", clean), ("own", &own)] {
                std::fs::write(d.join(format!("{}.{ext}", c.name)), text).expect("dump");
            }
        }
        let right_lines = m.is_clean() && sorted_lines(&text) == sorted_lines(&c.result);
        if m.is_clean() && !right_lines {
            silent_wrong.push(c.name.clone());
        }
        if git.0 {
            git_clean += 1;
            if git.1 == c.result {
                git_right += 1;
                if m.is_clean() && text == c.result {
                    kept_git += 1;
                } else {
                    lost_git.push(c.name.clone());
                }
            }
        } else {
            git_conflicts += 1;
            if edited_by_hand(c) {
                by_hand += 1;
            }
            if right_lines {
                same_lines += 1;
                if text == c.result {
                    exact += 1;
                }
            }
        }
    }
    assert!(
        fixture_failures.is_empty(),
        "{}",
        fixture_failures.join("\n\n")
    );
    if !real {
        println!("all {} committed cases give their result.md", cases.len());
        return;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    println!(
        "git's verdict from {}",
        if used_own {
            "the crate's own line merge (`merge_lines`; git is not on PATH or failed)"
        } else {
            "`git merge-file -p`"
        }
    );
    let goal = |met: bool| if met { "met" } else { "NOT MET" };
    let same_share = pct(same_lines, git_conflicts);
    println!(
        "git conflicts in {git_conflicts}: merged cleanly with the committed lines {same_lines} \
         ({same_share:.1} %, goal ≥ 90 %: {}), byte-exact {exact} ({:.1} %)",
        goal(same_share >= 90.0),
        pct(exact, git_conflicts)
    );
    println!(
        "  of those {git_conflicts}, {by_hand} were edited by hand while resolving (committed \
         lines found in none of the three files)"
    );
    println!(
        "git clean in {git_clean}, {git_right} of them equal to the committed file: merge \
         equal too in {kept_git}; not in {lost_git:?}"
    );
    let silent_share = pct(silent_wrong.len(), cases.len());
    println!(
        "silent wrong merges (clean, other lines than committed): {} of {} ({silent_share:.1} %, \
         goal ≤ 3 %: {}): {:?}",
        silent_wrong.len(),
        cases.len(),
        goal(silent_share <= 3.0),
        silent_wrong
    );
    assert!(
        lost_git.is_empty(),
        "git's right clean merges lost: {lost_git:?}"
    );
    assert!(
        same_share >= FLOOR_SAME,
        "clean merges with the committed lines: {same_share:.1} %, below the floor of \
         {FLOOR_SAME} % (goal 90 %)"
    );
    assert!(
        silent_share <= CEILING_SILENT,
        "silent wrong merges: {silent_share:.1} %, above the ceiling of {CEILING_SILENT} % \
         (goal 3 %)"
    );
}

/// Measured on the real merges (56.6 % and 12.0 % when set), a little slack for held-back
/// cases: a regression guard, not the goal.
const FLOOR_SAME: f64 = 54.0;
const CEILING_SILENT: f64 = 13.5;
