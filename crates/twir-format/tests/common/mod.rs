//! The issues the archive tests run over: the project's own corpus (`tests/corpus/`, made-up
//! issues, one per era and layout quirk), or, when `TWIR_ARCHIVE` names a folder, every file in
//! it (CI points it at the published archive).
//!
//! The own corpus is made up for this project (names, links and prose are invented); each file
//! is named like a published issue, so the date-based checks (the current layout from
//! 2024-06-05 on) apply, and each stands for an era or a quirk the archive tests rely on:
//!
//! | file | era / quirk |
//! |---|---|
//! | `2013-07-20….markdown` | "What's cooking" era: `Tags:`, a time in `Date:`, no `Number:`, `#` sections, `-` bullets, `.markdown` |
//! | `2014-05-11….markdown` | `# What's cooking on master?` with `##` parts, reference links, Servo section |
//! | `2015-03-23….md` | renamed sections (`# Approved RFC's`, `# Community`), old `3/19. City.` events, no final newline |
//! | `2016-08-16….md` | a BOM; `# News & Blog Posts`, `# Updates from Rust Core` with `##` RFC lists |
//! | `2018-11-20….md` | CRLF throughout; `# Updates from Rust Community`, `### Online` events as one link each |
//! | `2021-03-24….md` | `#` sections with `###` categories (a level skipped), `## Rust Compiler Performance Triage` |
//! | `2022-02-23….md` | `##` headings; one CRLF line in an LF file; `[Date \| Place \| **Talk** \| Group]` events |
//! | `2023-08-16….md` | malformed community links (unclosed, `] (`, `*[`, two links); talk indented 3 spaces |
//! | `2024-05-29….md` | the issue before the current layout: `## Call for Testing`, one flat PR list |
//! | `2024-06-05….md` | the first current issue: Calls for Testing with sub-links, PRs under `#### Compiler` …, FCP groups, events in every region with co-hosts and ranges |
//! | `2025-03-19….md` | current layout with deviating events: `2025-03-27-28`, `NO\|` without a space before it, talks indented 2/3/6 spaces, `-` bullets |
//! | `2025-09-10….md` | current layout with one malformed community link; no calls for testing this week; Python-Markdown quirks: a list right after a text line, items around a blank line, `\<` escapes |
//! | `2026-04-22….md` | current layout with CRLF line endings |
//!
//! `the_own_corpus_covers_its_eras_and_quirks` (in `archive.rs`) fails when one goes missing.

use std::path::{Path, PathBuf};

/// The files of one corpus, sorted by name (issue names start with their date).
pub struct Corpus {
    pub files: Vec<PathBuf>,
    /// True for the project's own corpus, false for a folder named by `TWIR_ARCHIVE`.
    pub own: bool,
}

/// The corpus to run on, printed so the output says which one ran. Panics (failing the test)
/// when `TWIR_ARCHIVE` names something that is not a folder of files.
pub fn archive() -> Corpus {
    let (dir, own, label) = match std::env::var_os("TWIR_ARCHIVE") {
        Some(d) => {
            let dir = PathBuf::from(d);
            let label = format!("TWIR_ARCHIVE ({})", dir.display());
            (dir, false, label)
        }
        None => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"),
            true,
            "own corpus (crates/twir-format/tests/corpus)".to_string(),
        ),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!("{label}: cannot read the folder: {e} (unset TWIR_ARCHIVE for the own corpus)")
        })
        .map(|e| e.expect("folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{label} holds no files");
    eprintln!("archive: {label}, {} files", files.len());
    Corpus { files, own }
}

// Each test crate that includes this module uses only some of these.
#[allow(dead_code)]
impl Corpus {
    /// How far apart the sampled items are: `real` in the published archive (hundreds of
    /// issues), every item in the small own corpus.
    pub fn step(&self, real: usize) -> usize {
        if self.own {
            1
        } else {
            real
        }
    }

    /// The least amount of work a test must have done: the figure for the own corpus or for
    /// the published archive.
    pub fn at_least(&self, own: usize, real: usize) -> usize {
        if self.own {
            own
        } else {
            real
        }
    }
}
