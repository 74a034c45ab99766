//! The navigator's view of an issue: each top-level section with how many entries and
//! problems it holds, and a search for entries by title or URL across the issue.

use crate::diag::{Diagnostic, Severity};
use crate::model::{Block, BlockKind, EntryValue, Id, Issue, Section};

/// One row of the navigator: the preamble (`id` is `None`) or a top-level section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The top-level section, or `None` for the introduction (front matter and preamble).
    pub id: Option<Id>,
    /// The section's plain title (`Introduction` for the preamble).
    pub title: String,
    /// List entries in the section and its sub-sections.
    pub entries: usize,
    /// Errors about the section, its blocks or entries (for the preamble: also the issue-wide
    /// ones, which have no place of their own).
    pub errors: usize,
    /// Warnings, counted the same way.
    pub warnings: usize,
}

/// One entry found by [`find_entries`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundEntry {
    /// The entry's id (to focus its form).
    pub id: Id,
    /// The plain title of the section that directly holds it (`Introduction` for the preamble).
    pub section: String,
    /// What the entry is called ([`EntryValue::label`]).
    pub label: String,
    /// Its URL, empty when it has none.
    pub url: String,
}

impl EntryValue {
    /// What a person calls the entry: the title of a link, pull request, FCP or RFC, the name
    /// of a CFP event, the group of an event (with its date), the text of anything else.
    pub fn label(&self) -> String {
        match self {
            EntryValue::Link(l) => l.title.clone(),
            EntryValue::Pr(p) => p.title.clone(),
            EntryValue::Fcp(f) => f.title.clone(),
            EntryValue::Rfc(r) => r.title.clone(),
            EntryValue::CfpEvent(c) => c.name.clone(),
            EntryValue::Event(e) => format!("{} · {}", e.start, e.group),
            EntryValue::Nothing(n) => n.text.clone(),
            EntryValue::Raw(r) => r.text.trim().to_string(),
        }
    }
}

/// Every id inside `blocks` (blocks and their entries).
fn block_ids(blocks: &[Block], out: &mut Vec<Id>) {
    for b in blocks {
        out.push(b.id);
        if let BlockKind::List { entries } = &b.kind {
            out.extend(entries.iter().map(|e| e.id));
        }
    }
}

fn section_ids(s: &Section, out: &mut Vec<Id>) {
    out.push(s.id);
    block_ids(&s.blocks, out);
    for c in &s.children {
        section_ids(c, out);
    }
}

fn count_entries(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::List { entries } => entries.len(),
            _ => 0,
        })
        .sum()
}

fn section_entries(s: &Section) -> usize {
    count_entries(&s.blocks) + s.children.iter().map(section_entries).sum::<usize>()
}

/// The navigator's rows: the introduction first, then every top-level section in order, with
/// their entry counts and the errors and warnings of `checks` that fall inside them.
pub fn outline(issue: &Issue, checks: &[Diagnostic]) -> Vec<Outline> {
    // Which row each id belongs to (0: the introduction). A scan per problem: there are few,
    // and a map would cost the app's bundle another hash table instantiation.
    let mut row_of: Vec<(Id, usize)> = Vec::new();
    let mut ids = Vec::new();
    block_ids(&issue.preamble, &mut ids);
    row_of.extend(ids.drain(..).map(|id| (id, 0)));
    for (i, s) in issue.sections.iter().enumerate() {
        section_ids(s, &mut ids);
        row_of.extend(ids.drain(..).map(|id| (id, i + 1)));
    }
    let mut rows: Vec<Outline> = std::iter::once(Outline {
        id: None,
        title: "Introduction".to_string(),
        entries: count_entries(&issue.preamble),
        errors: 0,
        warnings: 0,
    })
    .chain(issue.sections.iter().map(|s| Outline {
        id: Some(s.id),
        title: s.plain_title().to_string(),
        entries: section_entries(s),
        errors: 0,
        warnings: 0,
    }))
    .collect();
    for d in checks {
        let row = d
            .target
            .and_then(|t| row_of.iter().find(|(id, _)| *id == t))
            .map_or(0, |(_, row)| *row);
        match d.severity {
            Severity::Error => rows[row].errors += 1,
            Severity::Warning => rows[row].warnings += 1,
            Severity::Note => {}
        }
    }
    rows
}

/// The entries whose label or URL contains `query` (case-insensitive, surrounding white
/// space ignored), in the issue's order, at most `limit` of them. An empty query finds none.
pub fn find_entries(issue: &Issue, query: &str, limit: usize) -> Vec<FoundEntry> {
    let needle = crate::fold_case(query.trim());
    let mut found = Vec::new();
    if needle.is_empty() {
        return found;
    }
    let mut look = |section: &str, blocks: &[Block], found: &mut Vec<FoundEntry>| {
        for b in blocks {
            let BlockKind::List { entries } = &b.kind else {
                continue;
            };
            for e in entries {
                if found.len() >= limit {
                    return;
                }
                let label = e.value.label();
                let url = e.value.url().unwrap_or_default();
                if crate::fold_case(&label).contains(&needle)
                    || crate::fold_case(url).contains(&needle)
                {
                    found.push(FoundEntry {
                        id: e.id,
                        section: section.to_string(),
                        label,
                        url: url.to_string(),
                    });
                }
            }
        }
    };
    look("Introduction", &issue.preamble, &mut found);
    fn walk(
        sections: &[Section],
        look: &mut impl FnMut(&str, &[Block], &mut Vec<FoundEntry>),
        found: &mut Vec<FoundEntry>,
    ) {
        for s in sections {
            look(s.plain_title(), &s.blocks, found);
            walk(&s.children, look, found);
        }
    }
    walk(&issue.sections, &mut look, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    const TEXT: &str = "Title: This Week in Rust 9\nNumber: 9\nDate: 2027-03-03\nCategory: This Week in Rust\n\nHello.\n\n## Updates from Rust Community\n\n### Official\n\n* [Rust 9.0 is out](https://blog.example.org/rust-9)\n\n### Observations/Thoughts\n\n* [Why we rewrote it](https://example.com/why)\n* [Borrowing, again](https://example.com/borrow?utm_source=x)\n\n## Crate of the Week\n\nThis week's crate is [kettle](https://example.org/kettle).\n\n## Upcoming Events\n\n### Virtual\n\n* 2027-03-05 | Virtual | [Rust Hungry Hippos](https://meetup.example.com/hippos/)\n    * [**Lunch and Learn**](https://meetup.example.com/hippos/1)\n";

    #[test]
    fn outline_counts_entries_per_top_section_and_places_problems() {
        let issue = parse(TEXT).issue;
        let checks = crate::check(&issue, &crate::Context::default());
        let rows = outline(&issue, &checks);
        let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Introduction",
                "Updates from Rust Community",
                "Crate of the Week",
                "Upcoming Events"
            ]
        );
        let entries: Vec<usize> = rows.iter().map(|r| r.entries).collect();
        assert_eq!(entries, [0, 3, 0, 1]);
        // The tracking parameter is a problem of the community section, nowhere else.
        let tracking = checks
            .iter()
            .find(|d| d.code == "tracking-param")
            .expect("the utm parameter is reported");
        let row = match tracking.severity {
            Severity::Error => rows[1].errors,
            Severity::Warning => rows[1].warnings,
            Severity::Note => unreachable!("tracking parameters are not notes"),
        };
        assert!(row >= 1, "{rows:?}");
        let total: usize = rows.iter().map(|r| r.errors + r.warnings).sum();
        let expected = checks
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .count();
        assert_eq!(total, expected, "every problem lands in exactly one row");
    }

    #[test]
    fn find_entries_matches_titles_and_urls_case_insensitively() {
        let issue = parse(TEXT).issue;
        let by_title = find_entries(&issue, "  BORROWING ", 10);
        assert_eq!(by_title.len(), 1);
        assert_eq!(by_title[0].label, "Borrowing, again");
        assert_eq!(by_title[0].section, "Observations/Thoughts");
        let by_url = find_entries(&issue, "meetup.example.com/hippos", 10);
        assert_eq!(by_url.len(), 1);
        assert_eq!(by_url[0].label, "2027-03-05 · Rust Hungry Hippos");
        assert_eq!(
            find_entries(&issue, "example", 2).len(),
            2,
            "the limit holds"
        );
        assert!(find_entries(&issue, "   ", 10).is_empty());
        assert!(find_entries(&issue, "nowhere-to-be-found", 10).is_empty());
    }
}
