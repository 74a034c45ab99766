//! Rules on the written lines, as the newsletter's CI reads them: backticks, HTML tags
//! outside the allowed set, trailing whitespace (with the entry or block that owns the line).

use crate::model::{Block, BlockKind, EntryValue, Id, Section};
use crate::write::SourceMap;

use super::rule::declare_rule;
use super::{char_col, Checker, Fix, FixEdit};

declare_rule! {
    pub(super) BACKTICKS, "backticks", Error,
        "odd number of backticks or empty backticks on a line";
    pub(super) HTML_TAG, "html-tag", Error, "HTML tag outside the allowed set";
    pub(super) TRAILING_WHITESPACE, "trailing-whitespace", Warning,
        "spaces or tabs at the end of a line";
    pub(super) PYMD_FENCE, "pymd-fence", Warning,
        "fenced code in a quote or list item (Python-Markdown shows it as text)";
}

const ALLOWED_TAGS: &[&str] = &[
    "p",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "strong",
    "hr",
    "li",
    "ul",
    "ol",
    "em",
    "code",
    "blockquote",
    "small",
    "br",
];

impl Checker<'_> {
    pub(super) fn line_rules(&mut self) {
        let mut owners: Vec<(usize, Id)> = self.owners();
        crate::sort_by(&mut owners, Ord::cmp);
        let mut fence: Option<&str> = None;
        let mut in_comment = false;
        let lines = self.lines.clone();
        for (n, line) in lines.iter().enumerate() {
            let lineno = n + 1;
            let owner = owners
                .partition_point(|(l, _)| *l <= lineno)
                .checked_sub(1)
                .map(|i| owners[i].1);
            if line.ends_with([' ', '\t']) {
                let fix = owner.and_then(|id| self.trim_fix(id));
                let col = char_col(line, line.trim_end().len());
                self.push(
                    &TRAILING_WHITESPACE,
                    (lineno, col),
                    owner,
                    "spaces at the end of the line: remove them".into(),
                    fix,
                );
            }
            let t = line.trim_start().trim_start_matches(['>', ' ']);
            if let Some(open) = fence {
                if t.starts_with(open) {
                    fence = None;
                }
                continue;
            }
            if t.starts_with("````") || t.starts_with("```") {
                fence = Some(if t.starts_with("````") { "````" } else { "```" });
                if !line.starts_with("```") {
                    // Python-Markdown reads fences only at the start of a line.
                    let fix = owner.and_then(|id| self.unfence_fix(id));
                    let col = char_col(line, line.len() - t.len());
                    self.push(&PYMD_FENCE, (lineno, col), owner,
                        "the site's renderer (Python-Markdown) reads a code fence only at the start of a line: in a quote or a list item it shows these lines as text; indent the code 4 spaces instead".into(),
                        fix);
                }
                continue;
            }
            if in_comment {
                if line.contains("-->") {
                    in_comment = false;
                }
                continue;
            }
            if n < self.map.body_start.saturating_sub(1) {
                continue;
            }
            let visible = strip_comments(line, &mut in_comment);
            let ticks = visible.matches('`').count();
            if ticks % 2 == 1 {
                self.push(
                    &BACKTICKS,
                    (lineno, 1),
                    owner,
                    "this line has an odd number of backticks: a code span is not closed".into(),
                    None,
                );
            } else if let Some(b) = visible.find("``").filter(|_| !visible.contains("```")) {
                self.push(
                    &BACKTICKS,
                    (lineno, char_col(&visible, b)),
                    owner,
                    "empty backticks (``): write the code between them or remove them".into(),
                    None,
                );
            }
            for (col, tag) in html_tags(&visible) {
                if !ALLOWED_TAGS.contains(&tag.to_ascii_lowercase().as_str()) {
                    self.push(&HTML_TAG, (lineno, col), owner,
                        format!("the HTML tag <{tag}> is not allowed (allowed: {}); write it in backticks if it is code", ALLOWED_TAGS.join(", ")),
                        None);
                }
            }
        }
    }

    /// The start line of every block and entry.
    fn owners(&self) -> Vec<(usize, Id)> {
        fn blocks(map: &SourceMap, bs: &[Block], out: &mut Vec<(usize, Id)>) {
            for b in bs {
                if let BlockKind::List { entries } = &b.kind {
                    for e in entries {
                        if let Some(l) = map.line(e.id) {
                            out.push((l, e.id));
                        }
                    }
                } else if let Some(l) = map.line(b.id) {
                    out.push((l, b.id));
                }
            }
        }
        fn sections(map: &SourceMap, ss: &[Section], out: &mut Vec<(usize, Id)>) {
            for s in ss {
                if let Some(l) = map.line(s.id) {
                    out.push((l, s.id));
                }
                blocks(map, &s.blocks, out);
                sections(map, &s.children, out);
            }
        }
        let mut out = Vec::new();
        blocks(&self.map, &self.issue.preamble, &mut out);
        sections(&self.map, &self.issue.sections, &mut out);
        out
    }

    /// A quote's first fenced code as code indented 4 spaces (which Python-Markdown reads in
    /// a quote too), after a blank quote line.
    fn unfence_fix(&self, id: Id) -> Option<Fix> {
        let BlockKind::Quote { lines } = &self.issue.block(id)?.kind else {
            return None;
        };
        let open = lines
            .iter()
            .position(|l| l.trim_start().starts_with("```"))?;
        let close = open
            + 1
            + lines[open + 1..]
                .iter()
                .position(|l| l.trim_start().starts_with("```"))?;
        let mut out: Vec<String> = lines[..open].to_vec();
        if out.last().is_some_and(|l| !l.is_empty()) {
            out.push(String::new());
        }
        for l in &lines[open + 1..close] {
            out.push(if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            });
        }
        out.extend(lines[close + 1..].iter().cloned());
        Some(Fix {
            label: "Indent the code 4 spaces instead of fencing it".into(),
            edit: FixEdit::Block {
                id,
                kind: BlockKind::Quote { lines: out },
            },
        })
    }

    fn trim_fix(&self, id: Id) -> Option<Fix> {
        let label = "Remove the spaces at the end".to_string();
        if let Some(e) = self.issue.entry(id) {
            if let EntryValue::Link(l) = &e.value {
                let mut l = l.clone();
                l.note = l.note.trim_end().to_string();
                return Some(Fix {
                    label,
                    edit: FixEdit::Entry {
                        id,
                        value: EntryValue::Link(l),
                    },
                });
            }
            return None;
        }
        let b = self.issue.block(id)?;
        let trim = |t: &str| {
            t.split('\n')
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
        };
        let kind = match &b.kind {
            BlockKind::Text { text } => BlockKind::Text { text: trim(text) },
            BlockKind::Comment { text } => BlockKind::Comment { text: trim(text) },
            _ => return None,
        };
        Some(Fix {
            label,
            edit: FixEdit::Block { id, kind },
        })
    }
}

/// The line without HTML comments (which may open here and close on a later line).
fn strip_comments(line: &str, in_comment: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        match rest.find("<!--") {
            Some(i) => {
                out.push_str(&rest[..i]);
                match rest[i + 4..].find("-->") {
                    Some(j) => rest = &rest[i + 4 + j + 3..],
                    None => {
                        *in_comment = true;
                        return out;
                    }
                }
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// HTML tags outside code spans: (column, name). A code span opens with a run of N
/// backticks and closes with the next run of exactly N; `\<` is an escaped bracket.
fn html_tags(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut code_run = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'`' => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                if code_run == 0 {
                    code_run = run;
                } else if code_run == run {
                    code_run = 0;
                }
                i += run;
                continue;
            }
            b'<' if code_run == 0 => {
                let mut j = i + 1;
                if b.get(j) == Some(&b'/') {
                    j += 1;
                }
                let start = j;
                while j < b.len() && b[j].is_ascii_alphanumeric() {
                    j += 1;
                }
                let name_ok = j > start && b[start].is_ascii_alphabetic();
                let end_ok = matches!(b.get(j), Some(b' ' | b'>' | b'/' | b'\t') | None);
                if name_ok && end_ok && line[j..].contains('>') {
                    out.push((char_col(line, i), line[start..j].to_string()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}
