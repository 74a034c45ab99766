//! Three-way merge of drafts by their structure.
//!
//! [`merge`] first merges the three files line by line, aligned as git aligns them: where that
//! is clean (and adds no line twice) it is the result, as git's would be. Where it conflicts,
//! people would resolve by hand, and so the merge does what they do there (`standard.rs`):
//! the lines either side changed inside a conflict are written in the standard format, and a
//! category list holding a conflict is spaced as the format has it; a conflict holding a
//! `-`-bulleted entry is left to people (git's conflicts). Then it parses base, ours and
//! theirs and merges them as trees: sections matched by heading, list entries by identity (a link by its normalised URL, an event by date and group,
//! …), front matter field by field, text line by line inside its block. Whatever both sides
//! changed differently becomes a [`Conflict`] covering exactly that entry, block, field or
//! stretch of lines. When the three files cannot be matched structurally (different line
//! endings, a BOM on one side only) it falls back to a line-level merge of the whole file.
//!
//! The merged text is kept as pieces: clean text and conflict slots. The [`Merged::issue`]
//! (parsed when first asked for: the command line only writes the text)
//! holds ours' side of every open conflict (nothing where ours removed the thing), so it is a
//! valid issue at any time; [`Merged::resolve`] settles a conflict (the issue is parsed
//! again when next asked for).

mod diff3;
mod identity;

pub(crate) use identity::entry_identity;
mod list;
mod standard;
mod tree;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::model::{Issue, Newline};
use crate::parse::parse;

/// A change both sides made differently to the same thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// A stable name of what conflicts, as a path of section titles and identities:
    /// `front-matter/Date`, `section/Upcoming Events/Europe` (a section removed on one side),
    /// `section/Upcoming Events/Europe/block/list#1/entry/2026-12-03 meet.example.com/rust`
    /// (an entry by its identity), `section/…/block/text#1/lines@2` (lines of a text block),
    /// or `file/lines@1` from the whole-file fallback. Unique within one merge.
    pub target: String,
    /// The text in the common ancestor (whole lines with their line endings); `None` when the
    /// thing is new on both sides.
    pub base: Option<String>,
    /// Our text; `None` when we removed it.
    pub ours: Option<String>,
    /// Their text; `None` when they removed it.
    pub theirs: Option<String>,
    /// Which slot of the merged text it fills.
    #[serde(skip)]
    slot: usize,
}

/// How to settle a [`Conflict`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Keep our side (nothing, when we removed it).
    Ours,
    /// Keep their side.
    Theirs,
    /// Keep ours followed by theirs.
    Both,
    /// Put this text in its place: whole lines; a missing final line ending is added.
    Edited(String),
}

/// Which conflict [`Merged::resolve`] settles: its index in [`Merged::conflicts`] or its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictRef<'a> {
    /// The position in the current list of open conflicts.
    Index(usize),
    /// The conflict's [`Conflict::target`].
    Target(&'a str),
}

impl From<usize> for ConflictRef<'_> {
    fn from(i: usize) -> Self {
        ConflictRef::Index(i)
    }
}

impl<'a> From<&'a str> for ConflictRef<'a> {
    fn from(t: &'a str) -> Self {
        ConflictRef::Target(t)
    }
}

/// [`Merged::resolve`] was given a conflict that is not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no open conflict {0}")]
pub struct NoSuchConflict(
    /// The index (`#3`) or target asked for.
    pub String,
);

/// A piece of the merged text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    /// A conflict slot; `last_line_open`: the slot is the file's last line and the file has no
    /// final line ending, so its text is written without one.
    Slot {
        slot: usize,
        last_line_open: bool,
    },
}

/// The result of [`merge`]: the merged issue and the conflicts left open.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged issue, parsed from the text when first asked for ([`Merged::issue`]).
    issue: OnceLock<Issue>,
    /// The open conflicts, in file order.
    pub conflicts: Vec<Conflict>,
    parts: Vec<Part>,
    /// The text chosen for each slot once resolved.
    settled: Vec<Option<String>>,
    /// Every conflict by slot (the open list shrinks as they are resolved).
    all: Vec<Conflict>,
    newline: Newline,
}

/// Merges two drafts that both changed `base`, by the structure of the issue.
///
/// Never panics; every line either side added or changed ends up in the merged text or in a
/// conflict.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Merged {
    let (lb, lo, lt) = (lines(base), lines(ours), lines(theirs));
    let chunks = diff3::chunks(&lb, &lo, &lt);
    // Where the line merge is clean (no change of one side touches one of the other's) and
    // adds no line twice, it is the merge: git's result, byte for byte.
    if let Some(text) = diff3::clean_text_merge(&lb, &lo, &lt, Some(&chunks)) {
        let parts = if text.is_empty() {
            Vec::new()
        } else {
            vec![Part::Text(text)]
        };
        return Merged::new(parts, Vec::new(), newline_of(ours));
    }
    let hot = standard::standardise(&lb, &lo, &lt, &chunks);
    if hot.unsure {
        // Not sure how people will resolve it: git's conflicts, for them to decide.
        return merge_lines(base, ours, theirs);
    }
    let (o_text, t_text) = match &hot.sides {
        Some((o, t)) => (o.as_str(), t.as_str()),
        None => (ours, theirs),
    };
    let (b, o, t) = (parse(base).issue, parse(o_text).issue, parse(t_text).issue);
    let structural =
        b.newline == o.newline && b.newline == t.newline && b.bom == o.bom && b.bom == t.bom;
    if structural {
        let (mut parts, conflicts) = tree::merge_issues(&b, &o, &t, [base, o_text, t_text]);
        if let [Part::Text(text)] = parts.as_mut_slice() {
            if let Some(spaced) = standard::respace(text, &hot.headings) {
                *text = spaced;
            }
        }
        if keeps_every_change([&lb, &lines(o_text), &lines(t_text)], &parts, &conflicts) {
            return Merged::new(parts, conflicts, o.newline);
        }
    }
    merge_lines(base, ours, theirs)
}

/// A line without its ending, unless it is blank.
fn content_line(l: &str) -> Option<&str> {
    let l = l.trim_end_matches(['\n', '\r']);
    (!l.trim().is_empty()).then_some(l)
}

/// Merges three texts line by line (diff3, as git does), without looking at their structure.
///
/// Conflicts cover the stretches of lines both sides changed differently (target
/// `file/lines@N`, N counting from 1 in file order).
pub fn merge_lines(base: &str, ours: &str, theirs: &str) -> Merged {
    let nl = newline_of(ours);
    let (b, o, t) = (lines(base), lines(ours), lines(theirs));
    let mut parts = Vec::new();
    let mut conflicts = Vec::new();
    for p in diff3::merge(&b, &o, &t) {
        match p {
            diff3::Piece::Clean(ls) => parts.push(Part::Text(ls.concat())),
            diff3::Piece::Conflict { base, ours, theirs } => {
                let slot = conflicts.len();
                let open = |v: &[&str]| v.last().is_some_and(|l| !l.ends_with('\n'));
                let last_line_open = open(&ours) || open(&theirs);
                let text = |v: Vec<&str>| Some(close_lines(&v.concat(), nl));
                conflicts.push(Conflict {
                    target: format!("file/lines@{}", slot + 1),
                    base: text(base),
                    ours: text(ours),
                    theirs: text(theirs),
                    slot,
                });
                parts.push(Part::Slot {
                    slot,
                    last_line_open,
                });
            }
        }
    }
    Merged::new(parts, conflicts, nl)
}

/// The line ending of a text: that of its first line.
fn newline_of(text: &str) -> Newline {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => Newline::CrLf,
        _ => Newline::Lf,
    }
}

/// The lines of a text with their endings.
pub(crate) fn lines(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

/// The text with a line ending after its last line (empty stays empty).
fn close_lines(s: &str, nl: Newline) -> String {
    let mut s = s.to_string();
    if !s.is_empty() && !s.ends_with('\n') {
        s.push_str(nl.as_str());
    }
    s
}

/// The safety net behind "nothing is lost": every line a side added (as a multiset against
/// base) must be in the merged text or in a conflict.
fn keeps_every_change(sides: [&[&str]; 3], parts: &[Part], conflicts: &[Conflict]) -> bool {
    // Per line: how often base, ours and theirs have it.
    let mut counts: HashMap<&str, [u32; 3], FastHash> = HashMap::default();
    for (i, side) in sides.into_iter().enumerate() {
        for l in side.iter().filter_map(|l| content_line(l)) {
            counts.entry(l).or_default()[i] += 1;
        }
    }
    let mut needed: HashMap<&str, bool, FastHash> = counts
        .into_iter()
        .filter(|(_, [b, o, t])| o > b || t > b)
        .map(|(l, _)| (l, false))
        .collect();
    if needed.is_empty() {
        return true;
    }
    let mut see = |text: &str| {
        for l in text.lines().filter_map(content_line) {
            if let Some(seen) = needed.get_mut(l) {
                *seen = true;
            }
        }
    };
    for p in parts {
        match p {
            Part::Text(t) => see(t),
            Part::Slot { slot, .. } => {
                if let Some(c) = conflicts.get(*slot) {
                    see(c.ours.as_deref().unwrap_or(""));
                    see(c.theirs.as_deref().unwrap_or(""));
                }
            }
        }
    }
    needed.values().all(|seen| *seen)
}

/// A fast hash for the many short lines and keys the merge looks up, eight bytes a step
/// (multiply and rotate, as rustc's Fx hash; no untrusted peer can choose them to collide on
/// purpose: they are the user's own files).
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

const WORD_SEED: u64 = 0x517c_c1b7_2722_0a95;

impl WordHasher {
    fn add(h: u64, w: u64) -> u64 {
        (h.rotate_left(5) ^ w).wrapping_mul(WORD_SEED)
    }
}

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut a = [0u8; 8];
            a.copy_from_slice(w);
            h = Self::add(h, u64::from_le_bytes(a));
        }
        for b in words.remainder() {
            h = Self::add(h, u64::from(*b));
        }
        self.0 = h;
    }
}

/// The hasher of the merge's maps.
pub(crate) type FastHash = std::hash::BuildHasherDefault<WordHasher>;

impl Merged {
    fn new(parts: Vec<Part>, conflicts: Vec<Conflict>, newline: Newline) -> Merged {
        // The open list in file order (events moved to their date may have moved a slot).
        let open: Vec<Conflict> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Slot { slot, .. } => conflicts.get(*slot).cloned(),
                Part::Text(_) => None,
            })
            .collect();
        Merged {
            issue: OnceLock::new(),
            settled: vec![None; conflicts.len()],
            all: conflicts,
            conflicts: open,
            parts,
            newline,
        }
    }

    /// The merged issue; where a conflict is open it holds our side. Parsed from
    /// [`Merged::text`] the first time it is asked for after a merge or a resolution.
    pub fn issue(&self) -> &Issue {
        self.issue.get_or_init(|| parse(&self.text()).issue)
    }

    /// Whether no conflict is left open.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// The merged text: settled conflicts as resolved, open ones with our side.
    pub fn text(&self) -> String {
        self.render(|c| c.ours.clone().unwrap_or_default(), true)
    }

    /// The merged text with git-style markers around each open conflict:
    /// `<<<<<<< ours`, our lines, `=======`, their lines, `>>>>>>> theirs`.
    pub fn text_with_markers(&self) -> String {
        let nl = self.newline.as_str();
        self.render(
            |c| {
                format!(
                    "<<<<<<< ours{nl}{}======={nl}{}>>>>>>> theirs{nl}",
                    c.ours.as_deref().unwrap_or(""),
                    c.theirs.as_deref().unwrap_or("")
                )
            },
            false,
        )
    }

    /// The pieces joined, each open conflict written by `open`. `keep_open_end`: a file
    /// without a final line ending stays so when a conflict's text ends it (markers always
    /// end their lines).
    fn render(&self, open: impl Fn(&Conflict) -> String, keep_open_end: bool) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Slot {
                    slot,
                    last_line_open,
                } => {
                    let Some(c) = self.all.get(*slot) else {
                        continue;
                    };
                    let (text, marked) = match self.settled.get(*slot) {
                        Some(Some(t)) => (t.clone(), false),
                        _ => (open(c), !keep_open_end),
                    };
                    let nl = self.newline.as_str();
                    match text.strip_suffix(nl) {
                        Some(t) if *last_line_open && !marked && self.is_last(p) => out.push_str(t),
                        _ => out.push_str(&text),
                    }
                }
            }
        }
        out
    }

    fn is_last(&self, p: &Part) -> bool {
        self.parts
            .iter()
            .rev()
            .find(|q| !matches!(q, Part::Text(t) if t.is_empty()))
            .is_some_and(|q| std::ptr::eq(q, p))
    }

    fn reparse(&mut self) {
        self.issue = OnceLock::new();
    }

    /// Settles one open conflict and updates [`Merged::issue`].
    pub fn resolve<'a>(
        &mut self,
        which: impl Into<ConflictRef<'a>>,
        how: Resolution,
    ) -> Result<(), NoSuchConflict> {
        let which = which.into();
        let pos = match which {
            ConflictRef::Index(i) => (i < self.conflicts.len()).then_some(i),
            ConflictRef::Target(t) => self.conflicts.iter().position(|c| c.target == t),
        };
        let Some(pos) = pos else {
            return Err(NoSuchConflict(match which {
                ConflictRef::Index(i) => format!("#{i}"),
                ConflictRef::Target(t) => t.to_string(),
            }));
        };
        let c = self.conflicts.remove(pos);
        let side = |s: &Option<String>| s.clone().unwrap_or_default();
        let text = match how {
            Resolution::Ours => side(&c.ours),
            Resolution::Theirs => side(&c.theirs),
            Resolution::Both => side(&c.ours) + &side(&c.theirs),
            Resolution::Edited(t) => close_lines(&t, self.newline),
        };
        if let Some(s) = self.settled.get_mut(c.slot) {
            *s = Some(text);
        }
        self.reparse();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
