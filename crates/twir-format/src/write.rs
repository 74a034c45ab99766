//! Model → text. Typed values are written in the standard line formats; raw text as kept.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::entries::{push_link, write_entry_into};
use crate::model::{Block, BlockKind, EntryValue, Id, Issue, Newline, Section};

/// Where each section, block and entry starts in the written text (1-based lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    lines: HashMap<Id, usize>,
    /// Line of the first body line (after the front matter).
    pub body_start: usize,
}

impl SourceMap {
    /// The 1-based line on which the thing with this id starts.
    pub fn line(&self, id: Id) -> Option<usize> {
        self.lines.get(&id).copied()
    }
}

struct Writer<'a> {
    out: String,
    nl: &'a str,
    map: Option<SourceMap>,
    line: usize,
}

impl Writer<'_> {
    fn mark(&mut self, id: Id) {
        if let Some(m) = &mut self.map {
            m.lines.insert(id, self.line);
        }
    }

    fn block(&mut self, b: &Block) {
        self.mark(b.id);
        if let BlockKind::List { entries } = &b.kind {
            for e in entries {
                self.mark(e.id);
                let start = self.out.len();
                write_entry_into(&mut self.out, &e.value, self.nl);
                self.out.push_str(self.nl);
                if self.map.is_some() {
                    self.line += self.out[start..].bytes().filter(|&c| c == b'\n').count();
                }
            }
            return;
        }
        let start = self.out.len();
        write_block_into(&mut self.out, &b.kind, self.nl);
        if !matches!(b.kind, BlockKind::Raw { .. }) {
            self.out.push_str(self.nl);
        }
        if self.map.is_some() {
            self.line += self.out[start..].bytes().filter(|&c| c == b'\n').count();
        }
    }

    fn section(&mut self, s: &Section) {
        self.section_alone(s);
        for c in &s.children {
            self.section(c);
        }
    }

    /// A section's heading and blocks, without its sub-sections.
    fn section_alone(&mut self, s: &Section) {
        self.mark(s.id);
        for _ in 0..s.level {
            self.out.push('#');
        }
        self.out.push_str(&s.heading);
        self.out.push_str(self.nl);
        self.line += 1;
        for b in &s.blocks {
            self.block(b);
        }
    }

    fn issue(&mut self, issue: &Issue) {
        if issue.bom {
            self.out.push('\u{feff}');
        }
        for f in &issue.front_matter.fields {
            self.out.push_str(&f.key);
            self.out.push_str(": ");
            self.out.push_str(&f.value);
            self.out.push_str(self.nl);
            self.line += 1;
        }
        if let Some(m) = &mut self.map {
            m.body_start = self.line;
        }
        for b in &issue.preamble {
            self.block(b);
        }
        for s in &issue.sections {
            self.section(s);
        }
        if !issue.final_newline && self.out.ends_with(self.nl) {
            self.out.truncate(self.out.len() - self.nl.len());
        }
    }
}

/// Writes the whole issue back to text.
pub fn write(issue: &Issue) -> String {
    let mut w = Writer {
        out: String::with_capacity(64 * 1024),
        nl: issue.newline.as_str(),
        map: None,
        line: 1,
    };
    w.issue(issue);
    w.out
}

/// Writes the issue and says where each section, block and entry starts.
pub fn write_with_map(issue: &Issue) -> (String, SourceMap) {
    let mut w = Writer {
        out: String::with_capacity(64 * 1024),
        nl: issue.newline.as_str(),
        map: Some(SourceMap::default()),
        line: 1,
    };
    w.issue(issue);
    (w.out, w.map.unwrap_or_default())
}

/// Writes one section (heading, blocks and sub-sections), each line ended by `nl`.
pub fn write_section(section: &Section, nl: Newline) -> String {
    let mut w = Writer {
        out: String::new(),
        nl: nl.as_str(),
        map: None,
        line: 1,
    };
    w.section(section);
    w.out
}

/// Writes a section's heading and blocks without its sub-sections, each line ended by `nl`.
pub(crate) fn write_section_alone(section: &Section, nl: Newline) -> String {
    let mut w = Writer {
        out: String::new(),
        nl: nl.as_str(),
        map: None,
        line: 1,
    };
    w.section_alone(section);
    w.out
}

/// Writes one block, each line ended by `nl`.
pub fn write_block(block: &Block, nl: Newline) -> String {
    let mut w = Writer {
        out: String::new(),
        nl: nl.as_str(),
        map: None,
        line: 1,
    };
    w.block(block);
    w.out
}

/// Writes one entry: its lines joined by `\n`, without a final line ending.
pub fn write_entry(value: &EntryValue) -> String {
    let mut s = String::new();
    write_entry_into(&mut s, value, "\n");
    s
}

fn push_lines(out: &mut String, text: &str, nl: &str) {
    for (i, l) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(nl);
        }
        out.push_str(l);
    }
}

/// Writes a block's lines without the final line ending (except raw text, written as kept).
pub(crate) fn write_block_into(out: &mut String, kind: &BlockKind, nl: &str) {
    match kind {
        BlockKind::Blank { count } => {
            for i in 0..*count {
                if i > 0 {
                    out.push_str(nl);
                }
            }
        }
        BlockKind::Text { text } | BlockKind::Comment { text } => push_lines(out, text, nl),
        BlockKind::Raw { text, .. } => out.push_str(text),
        BlockKind::List { entries } => {
            for (i, e) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(nl);
                }
                write_entry_into(out, &e.value, nl);
            }
        }
        BlockKind::LinkDef { label, url } => {
            let _ = write!(out, "[{label}]: {url}");
        }
        BlockKind::MergedCount { count, rest } => {
            let _ = write!(out, "{count} {rest}");
        }
        BlockKind::EventsWindow { start, end, tail } => {
            let _ = write!(out, "Rusty Events between {start} - {end}{tail}");
        }
        BlockKind::CrateOfTheWeek {
            name,
            url,
            description,
        } => {
            out.push_str("This week's crate is ");
            push_link(out, name, url);
            out.push_str(description);
        }
        BlockKind::Thanks { name, url, rest } => {
            out.push_str("Thanks to ");
            push_link(out, name, url);
            out.push_str(rest);
        }
        BlockKind::Quote { lines } => {
            for (i, l) in lines.iter().enumerate() {
                if i > 0 {
                    out.push_str(nl);
                }
                if l.is_empty() {
                    out.push('>');
                } else {
                    out.push_str("> ");
                    out.push_str(l);
                }
            }
        }
        BlockKind::Attribution {
            dash,
            author,
            url,
            rest,
        } => {
            out.push_str(dash);
            out.push(' ');
            push_link(out, author, url);
            out.push_str(rest);
        }
        BlockKind::TriageBy { author } => {
            let _ = write!(out, "Triage done by **{author}**.");
        }
        BlockKind::RevisionRange { label, url } => {
            out.push_str("Revision range: ");
            push_link(out, label, url);
        }
        BlockKind::FullReport { url } => {
            let _ = write!(out, "[Full report here]({url})");
        }
        BlockKind::EditorsLine { editors } => {
            out.push_str("*This Week in Rust is edited by: ");
            for (i, p) in editors.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_link(out, &p.name, &p.url);
            }
            out.push('*');
        }
        BlockKind::Discuss { url } => {
            let _ = write!(out, "<small>[Discuss on r/rust]({url})</small>");
        }
    }
}
