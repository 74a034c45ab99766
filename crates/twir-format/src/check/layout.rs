//! The layout: heading levels of the current layout, lists as the site's renderer
//! (Python-Markdown) reads them, and entries kept as raw text. Walks the sections and hands
//! each entry to its family's rules.

use crate::date::Date;
use crate::model::{Block, BlockKind, Entry, EntryValue, RawEntry, Section, SectionKind};

use super::events::EVENT_FORMAT;
use super::rule::declare_rule;
use super::{Checker, Fix, FixEdit};

declare_rule! {
    pub(super) EMPTY_LIST_ITEM, "empty-list-item", Error, "list item with no text";
    pub(super) HEADING_LEVEL, "heading-level", Warning,
        "heading level differs from the current layout";
    pub(super) PYMD_INDENT, "pymd-indent", Warning,
        "nested list indented less than 4 spaces (Python-Markdown)";
    pub(super) PYMD_LIST_AFTER_TEXT, "pymd-list-after-text", Warning,
        "list right after a paragraph line or a comment with text after it (Python-Markdown)";
    /// Reported by `check` outside events sections, and by `parse` for every raw entry.
    pub(crate) RAW_ENTRY, "raw-entry", Note, "entry kept as raw text";
    /// Reported by `parse` only (so not in `RULES`, which lists what `check` reports).
    pub(crate) RAW_BLOCK, "raw-block", Note, "lines kept as a raw block";
}

impl Checker<'_> {
    /// Walks the preamble and every section: headings, lists and their entries.
    pub(super) fn sections(&mut self) {
        let modern = self
            .date
            .is_none_or(|d| d >= Date::new(2024, 6, 5).expect("valid"));
        let issue = self.issue;
        for (i, b) in issue.preamble.iter().enumerate() {
            self.block_rules(&issue.preamble, i, b, SectionKind::Other);
        }
        for s in &issue.sections {
            self.section(s, modern);
        }
    }

    fn section(&mut self, s: &Section, modern: bool) {
        if modern {
            let want = match s.kind {
                SectionKind::Community
                | SectionKind::CrateOfTheWeek
                | SectionKind::CallsForTesting
                | SectionKind::CallForParticipation
                | SectionKind::ProjectUpdates
                | SectionKind::UpcomingEvents
                | SectionKind::Jobs => Some(2),
                SectionKind::CommunityCategory
                | SectionKind::CfpProjects
                | SectionKind::CfpEvents
                | SectionKind::PerfTriage
                | SectionKind::ApprovedRfcs
                | SectionKind::FinalCommentPeriod
                | SectionKind::NewRfcs
                | SectionKind::EventRegion => Some(3),
                SectionKind::PrGroup => Some(4),
                SectionKind::QuoteOfTheWeek => Some(1),
                _ => None,
            };
            if let Some(want) = want {
                // New and Updated RFCs has been published at levels 3 and 4 in this layout.
                let also_ok = s.kind == SectionKind::NewRfcs && s.level == 4;
                if s.level != want && !also_ok {
                    self.at(s.id, "", &HEADING_LEVEL,
                        format!("`{}` is a level-{want} heading (`{} {}`) in the current layout, not level {}",
                            s.title(), "#".repeat(want as usize), s.title(), s.level), None);
                }
            }
        }
        self.region(s);
        if s.kind == SectionKind::UpcomingEvents {
            self.window(s);
        }
        for (i, b) in s.blocks.iter().enumerate() {
            self.block_rules(&s.blocks, i, b, s.kind);
        }
        for c in &s.children {
            self.section(c, modern);
        }
    }

    fn block_rules(&mut self, blocks: &[Block], i: usize, b: &Block, kind: SectionKind) {
        let BlockKind::List { entries } = &b.kind else {
            return;
        };
        let blank_before = Fix {
            label: "Insert a blank line before the list".into(),
            edit: FixEdit::InsertBlankLine { before: b.id },
        };
        match i.checked_sub(1).map(|p| &blocks[p]) {
            Some(Block {
                kind: BlockKind::Text { .. },
                ..
            }) => {
                self.at(b.id, "", &PYMD_LIST_AFTER_TEXT,
                    "the site's renderer (Python-Markdown) needs a blank line before a list; without it these lines join the paragraph above (as the preview shows)".into(),
                    Some(blank_before));
            }
            // A comment with something after its `-->` is kept raw.
            Some(Block {
                id,
                kind: BlockKind::Raw { text, .. },
            }) if text.starts_with("<!--") => {
                let body = text.strip_suffix('\n').unwrap_or(text);
                let body = body.strip_suffix('\r').unwrap_or(body);
                // Python-Markdown takes a comment as a block of its own only when `-->` ends
                // its line; otherwise the list below joins it in a paragraph.
                let after = body.rsplit_once("-->").map_or("", |(_, rest)| rest);
                if !after.is_empty() {
                    let fix = if after.trim().is_empty() && !body.contains('\r') {
                        Fix {
                            label: "Remove the spaces after `-->`".into(),
                            edit: FixEdit::Block {
                                id: *id,
                                kind: BlockKind::Comment {
                                    text: body.trim_end().to_string(),
                                },
                            },
                        }
                    } else {
                        blank_before
                    };
                    self.at(b.id, "", &PYMD_LIST_AFTER_TEXT,
                        "the comment above has something after `-->` on its line, so the site's renderer (Python-Markdown) reads this list as text of a paragraph (as the preview shows)".into(),
                        Some(fix));
                }
            }
            _ => {}
        }
        let mut last: Option<Date> = None;
        for e in entries {
            self.entry_rules(e, kind, &mut last);
        }
    }

    fn entry_rules(&mut self, e: &Entry, kind: SectionKind, last: &mut Option<Date>) {
        match &e.value {
            EntryValue::Raw(r) => {
                let events = matches!(kind, SectionKind::EventRegion | SectionKind::UpcomingEvents);
                let rule = if events { &EVENT_FORMAT } else { &RAW_ENTRY };
                self.at(
                    e.id,
                    "",
                    rule,
                    format!("not in the standard format: {}", r.reason),
                    None,
                );
                let first = r.text.split('\n').next().unwrap_or("");
                if first.trim_start_matches(['*', '-', '+']).trim().is_empty() {
                    self.at(
                        e.id,
                        "",
                        &EMPTY_LIST_ITEM,
                        "this list item is empty: write the entry or remove the line".into(),
                        None,
                    );
                }
                for l in r.text.split('\n').skip(1) {
                    let indent = l.len() - l.trim_start_matches(' ').len();
                    if (1..4).contains(&indent) && is_item(l.trim_start()) {
                        let value =
                            crate::entries::typed_equivalent(&r.text, kind).unwrap_or_else(|| {
                                EntryValue::Raw(RawEntry {
                                    text: indent_nested(&r.text),
                                    reason: r.reason.clone(),
                                })
                            });
                        let fix = Fix {
                            label: "Indent the nested items 4 spaces".into(),
                            edit: FixEdit::Entry { id: e.id, value },
                        };
                        self.at(e.id, "", &PYMD_INDENT,
                            format!("a nested item indented {indent} spaces is not nested on the site (Python-Markdown needs 4), as the preview shows"), Some(fix));
                        break;
                    }
                }
            }
            EntryValue::Link(l)
                if !matches!(
                    kind,
                    SectionKind::Community | SectionKind::CommunityCategory
                ) =>
            {
                self.link_rules(e.id, l, false);
            }
            EntryValue::Event(ev) => self.event_rules(e, ev, last),
            EntryValue::CfpEvent(c) => self.cfp_rules(e, c),
            _ => {}
        }
    }
}

fn is_item(t: &str) -> bool {
    t.starts_with("* ") || t.starts_with("- ") || t.starts_with("+ ")
}

/// An entry's lines with the indentation of its nested items doubled, so that items indented
/// 2 (or 3) spaces, meant one level down, are 4 (or 6) spaces in: nested for Python-Markdown.
fn indent_nested(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            let t = l.trim_start_matches(' ');
            let indent = l.len() - t.len();
            if i > 0 && indent > 0 && is_item(t) {
                format!("{}{t}", " ".repeat(indent * 2))
            } else {
                l.to_string()
            }
        })
        .collect();
    lines.join("\n")
}
