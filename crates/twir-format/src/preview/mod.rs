//! A safe HTML preview of an issue, read as the site reads it with Python-Markdown 3.7: `pymd`
//! cuts each part into Python-Markdown's blocks, `inline` reads their text with its inline
//! patterns, `reader` writes both as pulldown-cmark events (only the crate's event types and
//! HTML writer are used, not its parser); headings get the site's ids and self-links
//! (ARCHITECTURE.md lists what still differs, on purpose).
//!
//! The issue is rendered as parts: the preamble and each section at any depth, on its own,
//! with the issue's reference definitions and heading ids shared, then joined per top-level
//! section. `cache` re-renders only the parts whose Markdown changed (for the live preview);
//! `sanitize` is the security boundary every rendering goes through.

mod cache;
mod emphasis;
mod inline;
mod pymd;
mod reader;
mod sanitize;

use std::collections::BTreeMap;

use crate::model::{Block, FrontMatter, Id, Issue, Newline, Section};
use crate::write::write_block;

use cache::CachedPart;
pub use cache::{preview_sections_cached, preview_sections_since, PreviewCache};
use reader::{part_defs, part_events};
use sanitize::{push_escaped, render_events, Slugs};

/// The rendered HTML of one part of an issue: the preamble (`id` is `None`) or a top-level
/// section (`id` is the section's id), as returned by [`preview_sections`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHtml {
    /// The id of the top-level section, or `None` for the preamble.
    pub id: Option<Id>,
    /// The safe HTML of the part (heading and sub-sections included).
    pub html: String,
}

/// Renders Markdown to HTML that is safe to insert into the page (see `sanitize.rs` for
/// what is escaped, dropped or neutralised).
///
/// Reference links resolve only against definitions in `md` itself; heading ids are unique
/// within `md`.
pub fn render_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + md.len() / 2);
    let mut slugs = Slugs::default();
    let defs = RefDefs::from_parts([part_defs(md)].iter());
    render_events(
        part_events(md, Some(&defs)).into_iter(),
        &mut slugs,
        &mut out,
    );
    out
}

/// Renders a whole issue: a small header with the front matter's title, number and date
/// (escaped), followed by the body.
///
/// The body is the concatenation of [`preview_sections`], so it is exactly what the app shows
/// section by section. It renders the text `write` produces without the front matter lines
/// as the site's Python-Markdown reads it (lists, escapes, heading ids and self-links; see
/// ARCHITECTURE.md, "Preview vs. the site", for what differs on purpose), and every section
/// of the model starts with a real heading: a heading line written without a space after the
/// `#`s (`#122010, which…`, a heading for the parser and for Python-Markdown but not for
/// CommonMark) is rendered as `# 122010, which…`.
pub fn preview_html(issue: &Issue) -> String {
    let chunks = issue_chunks(issue, None);
    let text_len: usize = chunks.iter().map(|(_, _, t)| t.len()).sum();
    let mut out = String::with_capacity(text_len + text_len / 2 + 256);
    front_matter_header(&issue.front_matter, &mut out);
    render_chunks(&chunks, Some(&mut out));
    out
}

/// Renders an issue part by part for a live preview: first the preamble (`id: None`, possibly
/// empty HTML), then one item per top-level section, in order.
///
/// Link reference definitions (`[merged]: https://…`) are collected from the whole issue
/// first, so a reference used in one section and defined in another still links; as in one
/// CommonMark document, the first definition of a label in the issue wins. Heading ids are
/// unique across the whole issue. Concatenating the `html` of all parts gives the body of
/// [`preview_html`].
pub fn preview_sections(issue: &Issue) -> Vec<SectionHtml> {
    render_chunks(&issue_chunks(issue, None), None)
}

/// The Markdown text of the preamble and of each section at any depth (its heading and its own
/// blocks), tagged with the id of the top-level section it belongs to and its own. A heading
/// ends every block before it, so the sections can be rendered one by one and joined: a
/// keystroke then renders only the (sub-)section it changed.
///
/// With `reuse` (the blocks that changed since `old` was made, and `old`), a part none of whose
/// blocks changed takes its text from `old` instead of writing it again.
fn issue_chunks(issue: &Issue, reuse: Option<(&[Id], &[CachedPart])>) -> Vec<Chunk> {
    struct Walk<'a> {
        nl: Newline,
        reuse: Option<(&'a [Id], &'a [CachedPart])>,
        out: Vec<Chunk>,
    }
    impl Walk<'_> {
        fn push(&mut self, top: Option<Id>, section: Option<&Section>, blocks: &[Block]) {
            let id = section.map(|s| s.id);
            let i = self.out.len();
            let unchanged = self.reuse.and_then(|(changed, old)| {
                let part = old.get(i).filter(|p| p.section == id)?;
                (!blocks.iter().any(|b| changed.contains(&b.id))).then_some(&part.text)
            });
            let text = match unchanged {
                Some(text) => {
                    debug_assert_eq!(*text, self.write(section, blocks), "a changed part reused");
                    text.clone()
                }
                None => self.write(section, blocks),
            };
            self.out.push((top, id, text));
        }

        fn write(&self, section: Option<&Section>, blocks: &[Block]) -> String {
            let mut text = String::new();
            if let Some(s) = section {
                push_heading_text(s, self.nl, &mut text);
            }
            for block in blocks {
                push_block_text(block, self.nl, &mut text);
            }
            text
        }

        fn section(&mut self, top: Id, s: &Section) {
            self.push(Some(top), Some(s), &s.blocks);
            for child in &s.children {
                self.section(top, child);
            }
        }
    }
    let mut walk = Walk {
        nl: issue.newline,
        reuse,
        out: Vec::with_capacity(issue.sections.len() * 4 + 1),
    };
    walk.push(None, None, &issue.preamble);
    for s in &issue.sections {
        walk.section(s.id, s);
    }
    walk.out
}

/// A part of the issue: its top-level section, its own section and its Markdown.
type Chunk = (Option<Id>, Option<Id>, String);

/// Adds a chunk's HTML to `parts`: to the last part when the chunk belongs to the same
/// top-level section, else as a new part.
fn push_part(parts: &mut Vec<SectionHtml>, id: Option<Id>, html: &str) {
    match parts.last_mut() {
        Some(last) if last.id == id && id.is_some() => last.html.push_str(html),
        _ => parts.push(SectionHtml {
            id,
            html: html.to_string(),
        }),
    }
}

/// Appends a block as `write` writes it, ended by a line ending.
fn push_block_text(block: &crate::model::Block, nl: Newline, out: &mut String) {
    let text = write_block(block, nl);
    out.push_str(&text);
    // Only raw text at the very end of a file lacks its line ending.
    if !text.is_empty() && !text.ends_with('\n') {
        out.push_str(nl.as_str());
    }
}

/// Appends a section's heading as `write` writes it, except that it always has a space after
/// its `#`s (as Python-Markdown reads it either way).
fn push_heading_text(section: &Section, nl: Newline, out: &mut String) {
    for _ in 0..section.level {
        out.push('#');
    }
    if !section.heading.starts_with([' ', '\t']) {
        out.push(' ');
    }
    out.push_str(&section.heading);
    out.push_str(nl.as_str());
}

/// Link reference definitions of a whole document, keyed by normalised label.
#[derive(Default)]
struct RefDefs {
    map: BTreeMap<String, (String, String)>,
}

impl RefDefs {
    /// The destination and title of a label (any case and spacing).
    fn get(&self, label: &str) -> Option<&(String, String)> {
        if self.map.is_empty() {
            return None;
        }
        self.map.get(&normalize_label(label))
    }

    /// The definitions of parts in order; the first definition of a label wins.
    fn from_parts<'p>(parts: impl Iterator<Item = &'p Vec<reader::Def>>) -> RefDefs {
        let mut all = RefDefs::default();
        for (label, def) in parts.flatten() {
            all.map.entry(label.clone()).or_insert_with(|| def.clone());
        }
        all
    }
}

/// CommonMark label matching: case-insensitive, runs of white space count as one space.
fn normalize_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(crate::fold_char));
    }
    out
}

/// Renders Markdown chunks in order, sharing reference definitions and heading ids: all into
/// `joined` when given (returning no part), otherwise each into its own part.
fn render_chunks(chunks: &[Chunk], mut joined: Option<&mut String>) -> Vec<SectionHtml> {
    let local: Vec<Vec<reader::Def>> = chunks.iter().map(|(_, _, t)| part_defs(t)).collect();
    let defs = RefDefs::from_parts(local.iter());
    let mut slugs = Slugs::default();
    let mut parts = Vec::new();
    for (id, _, text) in chunks {
        let events = part_events(text, Some(&defs)).into_iter();
        match joined.as_deref_mut() {
            Some(out) => render_events(events, &mut slugs, out),
            None => {
                let mut html = String::with_capacity(text.len() + text.len() / 2);
                render_events(events, &mut slugs, &mut html);
                push_part(&mut parts, *id, &html);
            }
        }
    }
    parts
}

/// Writes the escaped front-matter header (nothing when there is no title, number or date).
fn front_matter_header(fm: &FrontMatter, out: &mut String) {
    let field = |key: &str| fm.get(key).map(str::trim).filter(|v| !v.is_empty());
    let (title, number, date) = (field("Title"), field("Number"), field("Date"));
    if title.is_none() && number.is_none() && date.is_none() {
        return;
    }
    out.push_str("<header class=\"twir-front-matter\">\n");
    if let Some(title) = title {
        out.push_str("<h1 class=\"twir-title\">");
        push_escaped(title, out);
        out.push_str("</h1>\n");
    }
    if number.is_some() || date.is_some() {
        out.push_str("<p class=\"twir-meta\">");
        if let Some(number) = number {
            out.push_str("<span class=\"twir-number\">Issue ");
            push_escaped(number, out);
            out.push_str("</span>");
        }
        if number.is_some() && date.is_some() {
            out.push_str(" · ");
        }
        if let Some(date) = date {
            out.push_str("<span class=\"twir-date\">");
            push_escaped(date, out);
            out.push_str("</span>");
        }
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_normalise() {
        assert_eq!(normalize_label("  Submit\n  Crate "), "submit crate");
    }
}
