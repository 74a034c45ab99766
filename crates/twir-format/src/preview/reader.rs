//! The preview's Markdown reader: a part's text read as Python-Markdown 3.7 with the site's
//! extensions reads it (blocks cut by `pymd.rs`, inline text by `inline.rs`), written as
//! pulldown-cmark events for the sanitizer and pulldown-cmark's HTML writer.
//!
//! Within a paragraph-like block it follows Python-Markdown's block processors in their order:
//! a table (`extra`'s tables: a header row, a separator row of `|`, `:`, `-`), a line
//! underlined by `===`/`---` (setext heading; the lines before it are a paragraph), a rule, a
//! quote (from its first `>` line on, lazy lines included, read again as blocks), a raw HTML
//! block (a block-level tag at its start), reference definitions (taken out), a paragraph.

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::inline::inline_events;
use super::pymd::{blocks, detab, indent_of, is_fence, is_link_def, is_rule, normalize};
use super::pymd::{Child, List, Top};
use super::RefDefs;

/// A reference definition: normalised label, destination, title.
pub(super) type Def = (String, (String, String));

/// Reads a part: its events (resolving references against `defs`) and, with `found`, its
/// reference definitions in order.
struct Walker<'d> {
    defs: Option<&'d RefDefs>,
    /// `None` when only the definitions are wanted.
    events: Option<Vec<Event<'static>>>,
    found: Vec<Def>,
}

/// The events of a part's Markdown.
pub(super) fn part_events(md: &str, defs: Option<&RefDefs>) -> Vec<Event<'static>> {
    let mut w = Walker {
        defs,
        events: Some(Vec::with_capacity(md.len() / 8 + 8)),
        found: Vec::new(),
    };
    w.read(md);
    w.events.unwrap_or_default()
}

/// The reference definitions of a part's Markdown, first first.
pub(super) fn part_defs(md: &str) -> Vec<Def> {
    // Every definition has `]:`; most parts have none, and this spares them a read.
    if !md.contains("]:") {
        return Vec::new();
    }
    let mut w = Walker {
        defs: None,
        events: None,
        found: Vec::new(),
    };
    w.read(md);
    w.found
}

impl Walker<'_> {
    fn read(&mut self, md: &str) {
        let norm = normalize(md);
        let lines: Vec<&str> = norm.split('\n').collect();
        let tops = blocks(&lines, false);
        self.tops(&tops);
    }

    fn push(&mut self, e: Event<'static>) {
        if let Some(ev) = &mut self.events {
            ev.push(e);
        }
    }

    fn inline(&mut self, text: &str) {
        if let Some(ev) = &mut self.events {
            inline_events(text, self.defs, ev);
        }
    }

    fn tops(&mut self, tops: &[Top<'_>]) {
        // Indented blocks separated by blank lines are one code block.
        let mut code: Option<String> = None;
        for top in tops {
            match top {
                Top::Blank => continue,
                Top::Indented(lines) => {
                    let text: Vec<&str> = lines.iter().map(|l| detab(l, 4)).collect();
                    let text = text.join("\n");
                    let text = text.trim_end();
                    match &mut code {
                        Some(c) => {
                            c.push_str("\n\n");
                            c.push_str(text);
                        }
                        None => code = Some(text.to_string()),
                    }
                    continue;
                }
                _ => {}
            }
            if let Some(c) = code.take() {
                self.code_block(CodeBlockKind::Indented, c);
            }
            match top {
                Top::Blank | Top::Indented(_) => {}
                Top::Heading(line) => self.hash_heading(line),
                Top::Rule => self.push(Event::Rule),
                Top::Fence(lines) => self.fence(lines),
                Top::Comment(lines) => self.html_block(lines),
                Top::Defs(lines) => {
                    for l in lines {
                        self.def(l);
                    }
                }
                Top::Para(lines) => self.para_block(lines),
                Top::List(list) => self.list(list),
            }
        }
        if let Some(c) = code.take() {
            self.code_block(CodeBlockKind::Indented, c);
        }
    }

    fn code_block(&mut self, kind: CodeBlockKind<'static>, mut text: String) {
        if !text.is_empty() {
            text.push('\n');
        }
        self.push(Event::Start(Tag::CodeBlock(kind)));
        if !text.is_empty() {
            self.push(Event::Text(CowStr::from(text)));
        }
        self.push(Event::End(TagEnd::CodeBlock));
    }

    fn fence(&mut self, lines: &[&str]) {
        let Some((&open, rest)) = lines.split_first() else {
            return;
        };
        let (c, n) = is_fence(open).unwrap_or((b'`', 3));
        let body = match rest.last() {
            Some(l) if is_fence(l).is_some_and(|(d, m)| d == c && m >= n) => {
                &rest[..rest.len() - 1]
            }
            _ => rest,
        };
        let info = open[n..].trim().trim_start_matches(['{', '.']);
        let lang: String = info
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '#' | '.' | '+' | '-'))
            .collect();
        self.code_block(CodeBlockKind::Fenced(CowStr::from(lang)), body.join("\n"));
    }

    fn html_block(&mut self, lines: &[&str]) {
        let mut raw = lines.join("\n");
        raw.push('\n');
        self.push(Event::Start(Tag::HtmlBlock));
        self.push(Event::Html(CowStr::from(raw)));
        self.push(Event::End(TagEnd::HtmlBlock));
    }

    fn heading(&mut self, level: usize, text: &str) {
        let level = match level {
            1 => HeadingLevel::H1,
            2 => HeadingLevel::H2,
            3 => HeadingLevel::H3,
            4 => HeadingLevel::H4,
            5 => HeadingLevel::H5,
            _ => HeadingLevel::H6,
        };
        self.push(Event::Start(Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        self.inline(text);
        self.push(Event::End(TagEnd::Heading(level)));
    }

    /// `## text ##`: up to six `#`, the closing ones (not escaped) dropped.
    fn hash_heading(&mut self, line: &str) {
        let level = line.bytes().take_while(|&b| b == b'#').count().min(6);
        let mut text = &line[level..];
        let stripped = text.trim_end_matches('#');
        if !stripped.ends_with('\\') {
            text = stripped;
        }
        self.heading(level, text.trim());
    }

    /// A reference definition line (`[label]: dest "title"`), stored.
    fn def(&mut self, line: &str) {
        if let Some(d) = parse_def(line) {
            self.found.push(d);
        }
    }

    fn para_block(&mut self, lines: &[&str]) {
        if lines.is_empty() {
            return;
        }
        if self.table(lines) {
            return;
        }
        // A line underlined by `===` or `---`.
        if let Some(u) = (1..lines.len()).find(|&i| is_underline(lines[i])) {
            self.para_block(&lines[..u - 1]);
            let level = if lines[u].starts_with('=') { 1 } else { 2 };
            self.heading(level, lines[u - 1].trim());
            return self.para_block(&lines[u + 1..]);
        }
        if let Some(r) = lines.iter().position(|l| indent_of(l) <= 3 && is_rule(l)) {
            self.para_block(&lines[..r]);
            self.push(Event::Rule);
            return self.para_block(&lines[r + 1..]);
        }
        if let Some(q) = lines.iter().position(|l| quote_line(l).is_some()) {
            self.para_block(&lines[..q]);
            return self.quote(&lines[q..]);
        }
        if is_html_start(lines[0]) || lines.iter().all(|l| is_lone_tag(l)) {
            return self.html_block(lines);
        }
        if let Some(d) = lines
            .iter()
            .position(|l| is_link_def(l) && parse_def(l).is_some())
        {
            self.para_block(&lines[..d]);
            self.def(lines[d]);
            return self.para_block(&lines[d + 1..]);
        }
        self.push(Event::Start(Tag::Paragraph));
        self.inline(lines.join("\n").trim_start());
        self.push(Event::End(TagEnd::Paragraph));
    }

    fn quote(&mut self, lines: &[&str]) {
        let inner: Vec<&str> = lines.iter().map(|l| quote_line(l).unwrap_or(l)).collect();
        self.push(Event::Start(Tag::BlockQuote(None)));
        let tops = blocks(&inner, true);
        self.tops(&tops);
        self.push(Event::End(TagEnd::BlockQuote(None)));
    }

    fn list(&mut self, list: &List<'_>) {
        let start = list.ordered.then_some(1);
        self.push(Event::Start(Tag::List(start)));
        for item in &list.items {
            self.push(Event::Start(Tag::Item));
            let loose = item.loose || item.children.iter().any(|c| matches!(c, Child::Para(_)));
            let text: Vec<&str> = item.text.iter().map(|l| l.trim_start()).collect();
            let text = text.join("\n");
            if loose {
                self.push(Event::Start(Tag::Paragraph));
            }
            self.inline(text.trim_end_matches('\n'));
            if loose {
                self.push(Event::End(TagEnd::Paragraph));
            }
            for child in &item.children {
                match child {
                    Child::List(inner) => self.list(inner),
                    Child::Para(lines) => self.para_block(lines),
                }
            }
            self.push(Event::End(TagEnd::Item));
        }
        self.push(Event::End(TagEnd::List(list.ordered)));
    }

    /// `extra`'s tables: a header row, a separator row with as many cells, then body rows.
    fn table(&mut self, lines: &[&str]) -> bool {
        if lines.len() < 2 {
            return false;
        }
        let rows: Vec<&str> = lines.iter().map(|l| l.trim_matches(' ')).collect();
        let header = split_row(rows[0]);
        let border = rows[0].starts_with('|') || ends_with_pipe(rows[0]);
        let mut is_table = header.len() > 1;
        if !is_table && header.len() == 1 && border {
            is_table = rows[1..]
                .iter()
                .all(|r| r.starts_with('|') || ends_with_pipe(r));
        }
        if !is_table {
            return false;
        }
        let sep = split_row(rows[1]);
        if sep.len() != header.len()
            || !sep
                .iter()
                .all(|c| c.bytes().all(|b| matches!(b, b'|' | b':' | b'-' | b' ')))
        {
            return false;
        }
        let aligns: Vec<Alignment> = sep
            .iter()
            .map(
                |c| match (c.starts_with(':'), c.ends_with(':') && c.len() > 1) {
                    (true, true) => Alignment::Center,
                    (true, false) => Alignment::Left,
                    (false, true) => Alignment::Right,
                    (false, false) => Alignment::None,
                },
            )
            .collect();
        let n = aligns.len();
        self.push(Event::Start(Tag::Table(aligns)));
        self.push(Event::Start(Tag::TableHead));
        self.cells(&header, n);
        self.push(Event::End(TagEnd::TableHead));
        for row in &rows[2..] {
            self.push(Event::Start(Tag::TableRow));
            self.cells(&split_row(row), n);
            self.push(Event::End(TagEnd::TableRow));
        }
        self.push(Event::End(TagEnd::Table));
        true
    }

    fn cells(&mut self, cells: &[&str], n: usize) {
        for i in 0..n {
            self.push(Event::Start(Tag::TableCell));
            if let Some(c) = cells.get(i) {
                self.inline(c);
            }
            self.push(Event::End(TagEnd::TableCell));
        }
    }
}

fn ends_with_pipe(row: &str) -> bool {
    row.ends_with('|') && !row.ends_with("\\|")
}

/// A table row's cells: outer pipes dropped, split at pipes outside code spans and not
/// escaped, each cell trimmed.
fn split_row(row: &str) -> Vec<&str> {
    let mut row = row.strip_prefix('|').unwrap_or(row);
    if ends_with_pipe(row) {
        row = &row[..row.len() - 1];
    }
    let b = row.as_bytes();
    let mut cells = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let mut j = i + n;
                let mut close = None;
                while j < b.len() {
                    if b[j] == b'`' {
                        let m = b[j..].iter().take_while(|&&c| c == b'`').count();
                        if m == n {
                            close = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                i = close.unwrap_or(i + n);
            }
            b'|' => {
                cells.push(row[start..i].trim());
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    cells.push(row.get(start..).unwrap_or("").trim());
    cells
}

/// A line of only `=` or only `-` (trailing spaces allowed).
fn is_underline(line: &str) -> bool {
    let t = line.trim_end_matches(' ');
    !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
}

/// The text of a quote line (`>` after at most 3 spaces, one space after it dropped).
fn quote_line(line: &str) -> Option<&str> {
    if indent_of(line) > 3 {
        return None;
    }
    let rest = line.trim_start_matches(' ').strip_prefix('>')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// A line starting with a block-level HTML tag (raw HTML block).
fn is_html_start(line: &str) -> bool {
    const TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "canvas",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "li",
        "main",
        "math",
        "menu",
        "nav",
        "noscript",
        "ol",
        "p",
        "pre",
        "script",
        "section",
        "style",
        "summary",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "video",
    ];
    let Some(rest) = line.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = rest[..name_len].to_ascii_lowercase();
    let after = rest[name_len..].chars().next();
    TAGS.contains(&name.as_str()) && after.is_none_or(|c| matches!(c, '>' | ' ' | '/'))
}

/// A line that is one complete tag and nothing else (`<small>`): on the site an empty
/// paragraph around it, in the preview a raw block (the sanitizer keeps what it allows).
fn is_lone_tag(line: &str) -> bool {
    let t = line.trim();
    t.len() > 2
        && t.starts_with('<')
        && t.ends_with('>')
        && t[1..t.len() - 1].bytes().all(|b| b != b'<' && b != b'>')
        && t[1..]
            .trim_start_matches('/')
            .starts_with(|c: char| c.is_ascii_alphabetic())
}

/// `[label]: dest "title"` (or `'title'`, `(title)`).
fn parse_def(line: &str) -> Option<Def> {
    let t = line.trim_start_matches(' ');
    let rest = t.strip_prefix('[')?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    if label.contains(['[', ']']) {
        return None;
    }
    let after = rest[close + 2..].trim_start();
    let dest_len = after.find(char::is_whitespace).unwrap_or(after.len());
    let dest = after[..dest_len]
        .trim_start_matches('<')
        .trim_end_matches('>');
    if dest.is_empty() {
        return None;
    }
    let tail = after[dest_len..].trim();
    let title = match tail.chars().next() {
        None => String::new(),
        Some(q @ ('"' | '\'')) if tail.len() >= 2 && tail.ends_with(q) => {
            tail[1..tail.len() - 1].to_string()
        }
        Some('(') if tail.len() >= 2 && tail.ends_with(')') => tail[1..tail.len() - 1].to_string(),
        Some(_) => return None,
    };
    Some((super::normalize_label(label), (dest.to_string(), title)))
}
