//! Text → model. Never fails: whatever cannot be typed stays raw, in place.

use serde::{Deserialize, Serialize};

use crate::check::rule::Rule;
use crate::check::{RAW_BLOCK, RAW_ENTRY};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::entries::{is_bullet, parse_entry, split_brackets, split_link};
use crate::model::{
    Block, BlockKind, Entry, EntryValue, Field, FrontMatter, Id, Issue, Newline, Person, Section,
    SectionKind,
};
use crate::write::write_block_into;

/// The result of [`parse`]: the issue and what the parser noticed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parsed {
    pub issue: Issue,
    /// Notes on text kept raw (with how it deviates from the standard format).
    pub diagnostics: Vec<Diagnostic>,
}

/// One line of the input.
struct Line<'a> {
    /// The content without its line ending.
    text: &'a str,
    /// The exact source of the line, line ending included.
    src: &'a str,
    /// The line ends with the document's line ending (or is the last line).
    ok: bool,
}

/// Parses any text into an [`Issue`]; `write(&parse(s).issue) == s` for every `s`.
pub fn parse(input: &str) -> Parsed {
    let (bom, text) = match input.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let newline = match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => Newline::CrLf,
        _ => Newline::Lf,
    };
    let final_newline = text.is_empty() || text.ends_with('\n');
    let lines = split_lines(text, newline);

    let mut p = Parser {
        lines: &lines,
        next_id: 1,
        diagnostics: Vec::new(),
        buf: String::new(),
    };
    let mut issue = Issue {
        bom,
        newline,
        final_newline,
        ..Issue::default()
    };
    let start = p.front_matter(&mut issue.front_matter);
    p.body(start, &mut issue);
    issue.next_id = p.next_id;
    Parsed {
        issue,
        diagnostics: p.diagnostics,
    }
}

fn split_lines(text: &str, newline: Newline) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find('\n') {
            Some(i) => {
                let seg = &rest[..i];
                let src = &rest[..=i];
                let (line, ok) = match (newline, seg.strip_suffix('\r')) {
                    (Newline::CrLf, Some(t)) => (t, true),
                    (Newline::CrLf, None) => (seg, false),
                    (Newline::Lf, Some(_)) => (seg, false),
                    (Newline::Lf, None) => (seg, true),
                };
                out.push(Line {
                    text: line,
                    src,
                    ok,
                });
                rest = &rest[i + 1..];
            }
            None => {
                // The last line has no line ending; the writer drops the one it adds.
                out.push(Line {
                    text: rest,
                    src: rest,
                    ok: true,
                });
                rest = "";
            }
        }
    }
    out
}

struct Parser<'a> {
    lines: &'a [Line<'a>],
    next_id: u32,
    diagnostics: Vec<Diagnostic>,
    buf: String,
}

fn front_matter_field(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(": ")?;
    let mut chars = key.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then_some((key, value))
}

pub(crate) fn heading_level(line: &str) -> Option<u8> {
    let n = line.bytes().take_while(|&b| b == b'#').count();
    if n == 0 || n > 6 {
        return None;
    }
    Some(n as u8)
}

pub(crate) fn is_fence(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// The kind of a section from its title and its parent's kind.
pub fn classify_section(title: &str, parent: Option<SectionKind>) -> SectionKind {
    use SectionKind::*;
    let plain = match title.strip_prefix('[').and_then(|r| r.split_once("](")) {
        Some((t, _)) => t,
        None => title,
    };
    let t = plain.trim().trim_end_matches(':').to_ascii_lowercase();
    let t = t.as_str();
    match t {
        "updates from rust community" | "news & blog posts" => return Community,
        "crate of the week" => return CrateOfTheWeek,
        "calls for testing" | "call for testing" => return CallsForTesting,
        "cfp - projects" => return CfpProjects,
        "cfp - events" | "cfp - speakers" => return CfpEvents,
        "updates from the rust project" | "updates from rust core" => return ProjectUpdates,
        "rust compiler performance triage" => return PerfTriage,
        "approved rfcs" => return ApprovedRfcs,
        "final comment period" => return FinalCommentPeriod,
        "new and updated rfcs" | "new rfcs" => return NewRfcs,
        "upcoming events" => return UpcomingEvents,
        "jobs" | "rust jobs" => return Jobs,
        "quote of the week" => return QuoteOfTheWeek,
        _ => {}
    }
    if t.starts_with("call for participation") {
        return CallForParticipation;
    }
    if is_region(t) {
        return EventRegion;
    }
    match parent {
        Some(Community | CommunityCategory) => CommunityCategory,
        Some(CallsForTesting | CallsForTestingGroup) => CallsForTestingGroup,
        Some(FinalCommentPeriod | FcpGroup) => FcpGroup,
        Some(ProjectUpdates | PrGroup) => PrGroup,
        Some(UpcomingEvents | EventRegion) => EventRegion,
        Some(CfpEvents) => CfpEvents,
        Some(CfpProjects) => CfpProjects,
        _ => Other,
    }
}

fn is_region(t: &str) -> bool {
    matches!(
        t,
        "virtual"
            | "africa"
            | "asia"
            | "europe"
            | "north america"
            | "south america"
            | "latin america"
            | "central america"
            | "oceania"
            | "middle east"
    )
}

impl<'a> Parser<'a> {
    fn id(&mut self) -> Id {
        let id = Id(self.next_id);
        self.next_id += 1;
        id
    }

    fn front_matter(&mut self, fm: &mut FrontMatter) -> usize {
        let mut i = 0;
        while let Some(l) = self.lines.get(i) {
            match front_matter_field(l.text) {
                Some((key, value)) if l.ok => fm.fields.push(Field {
                    key: key.to_string(),
                    value: value.to_string(),
                }),
                _ => break,
            }
            i += 1;
        }
        i
    }

    fn raw(&self, from: usize, to: usize) -> String {
        self.lines[from..to].iter().map(|l| l.src).collect()
    }

    fn joined(&self, from: usize, to: usize) -> String {
        let mut s = String::new();
        for (k, l) in self.lines[from..to].iter().enumerate() {
            if k > 0 {
                s.push('\n');
            }
            s.push_str(l.text);
        }
        s
    }

    fn all_ok(&self, from: usize, to: usize) -> bool {
        self.lines[from..to].iter().all(|l| l.ok)
    }

    /// Reports a parser note (`raw-block`, `raw-entry`) on a 0-based line.
    fn note(&mut self, rule: &Rule, line: usize, message: String, target: Id) {
        self.diagnostics
            .push(rule.at((line + 1, 1), Some(target), message, None));
    }

    /// Text kept as written: exact source, line endings included.
    fn raw_block(&mut self, from: usize, to: usize, reason: &str) -> Block {
        let id = self.id();
        self.note(&RAW_BLOCK, from, format!("kept as raw text: {reason}"), id);
        Block {
            id,
            kind: BlockKind::Raw {
                text: self.raw(from, to),
                reason: reason.to_string(),
            },
        }
    }

    fn body(&mut self, start: usize, issue: &mut Issue) {
        let n = self.lines.len();
        let mut stack: Vec<Section> = Vec::new();
        let mut i = start;
        while i < n {
            let kind = stack.last().map_or(SectionKind::Other, |s| s.kind);
            let l = &self.lines[i];
            if !l.ok {
                let b = self.raw_block(i, i + 1, "its line ending differs from the file's");
                push_block(&mut stack, issue, b);
                i += 1;
                continue;
            }
            let t = l.text;
            if let Some(level) = heading_level(t) {
                while stack.last().is_some_and(|s| s.level >= level) {
                    close(&mut stack, issue);
                }
                let heading = &t[level as usize..];
                let parent = stack.last().map(|s| s.kind);
                let id = self.id();
                stack.push(Section {
                    id,
                    level,
                    heading: heading.to_string(),
                    kind: classify_section(heading.trim(), parent),
                    blocks: Vec::new(),
                    children: Vec::new(),
                });
                i += 1;
                continue;
            }
            let (block, next) = self.block(i, kind);
            push_block(&mut stack, issue, block);
            i = next;
        }
        while !stack.is_empty() {
            close(&mut stack, issue);
        }
    }

    /// Parses the block starting at line `i` (not a heading); returns it and the next line.
    fn block(&mut self, i: usize, kind: SectionKind) -> (Block, usize) {
        let n = self.lines.len();
        let t = self.lines[i].text;
        if t.is_empty() {
            let mut j = i + 1;
            while j < n && self.lines[j].ok && self.lines[j].text.is_empty() {
                j += 1;
            }
            let id = self.id();
            return (
                Block {
                    id,
                    kind: BlockKind::Blank { count: j - i },
                },
                j,
            );
        }
        if t.starts_with("<!--") {
            return self.comment(i);
        }
        if let Some((c, len)) = is_fence(t) {
            if let Some(end) = (i + 1..n).find(|&j| {
                is_fence(self.lines[j].text).is_some_and(|(c2, l2)| c2 == c && l2 >= len)
                    && self.lines[j].text.trim().bytes().all(|b| b == c)
            }) {
                let block = if self.all_ok(i, end + 1) {
                    let id = self.id();
                    Block {
                        id,
                        kind: BlockKind::Text {
                            text: self.joined(i, end + 1),
                        },
                    }
                } else {
                    self.raw_block(i, end + 1, "a code block with mixed line endings")
                };
                return (block, end + 1);
            }
        }
        if is_bullet(t) {
            return self.list(i, kind);
        }
        if t.starts_with('>') {
            return self.quote(i);
        }
        if let Some(kind) = self.special(t) {
            let id = self.id();
            return (Block { id, kind }, i + 1);
        }
        // Prose: up to the next line that starts something else.
        let mut j = i + 1;
        while j < n {
            let l = &self.lines[j];
            let u = l.text;
            if !l.ok
                || u.is_empty()
                || heading_level(u).is_some()
                || u.starts_with("<!--")
                || is_fence(u).is_some()
                || is_bullet(u)
                || u.starts_with('>')
                || self.special(u).is_some()
            {
                break;
            }
            j += 1;
        }
        let id = self.id();
        (
            Block {
                id,
                kind: BlockKind::Text {
                    text: self.joined(i, j),
                },
            },
            j,
        )
    }

    fn comment(&mut self, i: usize) -> (Block, usize) {
        let n = self.lines.len();
        let close = (i..n).find(|&j| {
            let t = self.lines[j].text;
            let from = if j == i { 4 } else { 0 };
            t.get(from..).is_some_and(|s| s.contains("-->"))
        });
        match close {
            Some(j) => {
                let last = self.lines[j].text;
                if self.all_ok(i, j + 1)
                    && last.ends_with("-->")
                    && last.matches("-->").count() == 1
                {
                    let id = self.id();
                    (
                        Block {
                            id,
                            kind: BlockKind::Comment {
                                text: self.joined(i, j + 1),
                            },
                        },
                        j + 1,
                    )
                } else {
                    let b = self.raw_block(i, j + 1, "an HTML comment with text after its end");
                    (b, j + 1)
                }
            }
            None => {
                let b = self.raw_block(i, n, "an HTML comment that is never closed");
                (b, n)
            }
        }
    }

    fn quote(&mut self, i: usize) -> (Block, usize) {
        let n = self.lines.len();
        let mut j = i;
        while j < n && self.lines[j].ok && self.lines[j].text.starts_with('>') {
            j += 1;
        }
        let mut lines = Vec::with_capacity(j - i);
        let mut typed = true;
        for l in &self.lines[i..j] {
            match l.text {
                ">" => lines.push(String::new()),
                t => match t.strip_prefix("> ") {
                    Some(rest) if !rest.is_empty() => lines.push(rest.to_string()),
                    _ => {
                        typed = false;
                        break;
                    }
                },
            }
        }
        if typed {
            let id = self.id();
            (
                Block {
                    id,
                    kind: BlockKind::Quote { lines },
                },
                j,
            )
        } else {
            let b = self.raw_block(i, j, "a quote line is not `> text` or `>`");
            (b, j)
        }
    }

    fn list(&mut self, i: usize, kind: SectionKind) -> (Block, usize) {
        let n = self.lines.len();
        let mut entries = Vec::new();
        let mut j = i;
        let mut item: Vec<&str> = Vec::with_capacity(4);
        while j < n && self.lines[j].ok && is_bullet(self.lines[j].text) {
            let start = j;
            item.clear();
            item.push(self.lines[j].text);
            j += 1;
            while j < n {
                let l = &self.lines[j];
                if !l.ok || l.text.trim().is_empty() || !l.text.starts_with([' ', '\t']) {
                    break;
                }
                item.push(l.text);
                j += 1;
            }
            let value = parse_entry(&item, kind, &mut self.buf);
            let id = self.id();
            if let EntryValue::Raw(r) = &value {
                let msg = format!("entry kept as raw text: {}", r.reason);
                self.note(&RAW_ENTRY, start, msg, id);
            }
            entries.push(Entry { id, value });
        }
        let id = self.id();
        (
            Block {
                id,
                kind: BlockKind::List { entries },
            },
            j,
        )
    }

    /// A special single line, checked to write back identically.
    fn special(&mut self, t: &str) -> Option<BlockKind> {
        let kind = special_line(t)?;
        self.buf.clear();
        write_block_into(&mut self.buf, &kind, "\n");
        (self.buf == t).then_some(kind)
    }
}

fn special_line(t: &str) -> Option<BlockKind> {
    let first = *t.as_bytes().first()?;
    match first {
        b'[' => {
            if let Some(url) = t
                .strip_prefix("[Full report here](")
                .and_then(|r| r.strip_suffix(')'))
            {
                return Some(BlockKind::FullReport {
                    url: url.to_string(),
                });
            }
            let (label, after) = split_brackets(t)?;
            let url = after.strip_prefix(": ")?;
            if label.is_empty() || url.is_empty() || url.contains(' ') {
                return None;
            }
            Some(BlockKind::LinkDef {
                label: label.to_string(),
                url: url.to_string(),
            })
        }
        b'0'..=b'9' => {
            let (count, rest) = t.split_once(' ')?;
            if !rest.starts_with("pull requests were") {
                return None;
            }
            Some(BlockKind::MergedCount {
                count: count.parse().ok()?,
                rest: rest.to_string(),
            })
        }
        b'R' => {
            if let Some(r) = t.strip_prefix("Rusty Events between ") {
                let start = Date::parse(r.get(..10)?)?;
                let r = r.get(10..)?.strip_prefix(" - ")?;
                let end = Date::parse(r.get(..10)?)?;
                return Some(BlockKind::EventsWindow {
                    start,
                    end,
                    tail: r.get(10..)?.to_string(),
                });
            }
            let r = t.strip_prefix("Revision range: ")?;
            let (label, url, "") = split_link(r)? else {
                return None;
            };
            Some(BlockKind::RevisionRange {
                label: label.to_string(),
                url: url.to_string(),
            })
        }
        b'T' => {
            if let Some(r) = t.strip_prefix("This week's crate is ") {
                let (name, url, description) = split_link(r)?;
                return Some(BlockKind::CrateOfTheWeek {
                    name: name.to_string(),
                    url: url.to_string(),
                    description: description.to_string(),
                });
            }
            if let Some(r) = t.strip_prefix("Thanks to ") {
                let (name, url, rest) = split_link(r)?;
                return Some(BlockKind::Thanks {
                    name: name.to_string(),
                    url: url.to_string(),
                    rest: rest.to_string(),
                });
            }
            let author = t
                .strip_prefix("Triage done by **")?
                .strip_suffix("**.")?
                .to_string();
            Some(BlockKind::TriageBy { author })
        }
        b'*' => {
            let inner = t
                .strip_prefix("*This Week in Rust is edited by: ")?
                .strip_suffix('*')?;
            let mut editors = Vec::new();
            for part in inner.split(", ") {
                let (name, url, "") = split_link(part)? else {
                    return None;
                };
                editors.push(Person {
                    name: name.to_string(),
                    url: url.to_string(),
                });
            }
            Some(BlockKind::EditorsLine { editors })
        }
        b'<' => {
            let url = t
                .strip_prefix("<small>[Discuss on r/rust](")?
                .strip_suffix(")</small>")?;
            Some(BlockKind::Discuss {
                url: url.to_string(),
            })
        }
        _ => {
            for dash in ["–", "—", "--", "-"] {
                if let Some(r) = t.strip_prefix(dash).and_then(|r| r.strip_prefix(' ')) {
                    if !r.starts_with('[') {
                        return None;
                    }
                    let (author, url, rest) = split_link(r)?;
                    return Some(BlockKind::Attribution {
                        dash: dash.to_string(),
                        author: author.to_string(),
                        url: url.to_string(),
                        rest: rest.to_string(),
                    });
                }
            }
            None
        }
    }
}

fn push_block(stack: &mut [Section], issue: &mut Issue, block: Block) {
    match stack.last_mut() {
        Some(s) => s.blocks.push(block),
        None => issue.preamble.push(block),
    }
}

fn close(stack: &mut Vec<Section>, issue: &mut Issue) {
    if let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(done),
            None => issue.sections.push(done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::write;

    #[test]
    fn round_trips_odd_inputs() {
        for s in [
            "",
            "\n",
            "\r\n",
            "a",
            "a\r",
            "\u{feff}Title: x\n",
            "Title: x\r\nNumber: 1\r\n\r\n# A\r\n* [a](b)\n* [c](d)\r\n",
            "# h\n<!-- open\n# not a heading\n",
            "```\n# x\n```\n",
            "> q\n>\n> r\n>x\n",
            "* \n*\n- [a](b)\n\t* x\n",
            "####### seven\n#\n",
        ] {
            assert_eq!(write(&parse(s).issue), s, "{s:?}");
        }
    }

    #[test]
    fn sections_form_a_tree() {
        let p = parse("Title: T\n\nhello\n\n## Updates from Rust Community\n\n### Official\n* [a](https://a)\n\n## Upcoming Events\n\n### Europe\n* 2026-01-07 | Berlin, DE | [G](https://g)\n    * [**T**](https://t)\n# Oceania\n");
        let s = &p.issue.sections;
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].kind, SectionKind::Community);
        assert_eq!(s[0].children[0].kind, SectionKind::CommunityCategory);
        assert_eq!(s[1].children[0].kind, SectionKind::EventRegion);
        assert_eq!(s[2].kind, SectionKind::EventRegion);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }
}
