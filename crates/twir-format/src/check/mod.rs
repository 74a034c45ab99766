//! Validation: the newsletter's own CI rules and more, as one engine for the app and `twir check`.
//!
//! `check` reads the model (and the text it writes, for line-level rules) and returns
//! diagnostics with a stable rule id, a severity, a message that says what to do, a place,
//! and a quick fix where one is obvious. Time comes in through [`Context::today`].
//!
//! Each rule is declared once with `declare_rule!` in the module of its family and reported
//! by name (`self.at(id, needle, &TRACKING_PARAM, message, fix)`), which takes the severity
//! from the declaration: `links` (community and other links), `front_matter`, `events`
//! (events, the window, CFP events), `layout` (headings, lists, raw entries) and `lines`
//! (rules on the written lines).

mod events;
mod front_matter;
mod layout;
mod lines;
mod links;
pub(crate) mod rule;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diag::{Diagnostic, Severity};
use crate::model::{BlockKind, Entry, EntryValue, Id, Issue, Section, SectionKind};
use crate::parse::parse;
use crate::url;
use crate::write::{write_with_map, SourceMap};

pub(crate) use layout::{RAW_BLOCK, RAW_ENTRY};
use rule::Rule;

/// Who is checking: an editor composing the issue, or a contributor proposing entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Editor,
    Contributor,
}

/// The community links of an earlier issue, for duplicate detection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastIssue {
    /// How to name it in a message (`issue 664 (2026-08-12)`).
    pub name: String,
    /// Its date, to pick the issues before the one being checked.
    pub date: Option<Date>,
    /// Normalized community links (see [`crate::normalize_url`]).
    pub links: Vec<String>,
}

impl PastIssue {
    /// Reads the community links of an issue's text.
    pub fn from_text(text: &str) -> PastIssue {
        let issue = parse(text).issue;
        let fm = &issue.front_matter;
        let date = fm.date();
        let name = match (fm.number(), date) {
            (Some(n), Some(d)) => format!("issue {n} ({d})"),
            (None, Some(d)) => format!("the issue of {d}"),
            (Some(n), None) => format!("issue {n}"),
            (None, None) => "an earlier issue".to_string(),
        };
        let mut links = Vec::new();
        for_community_entries(&issue, &mut |_, e| {
            for u in links::entry_urls(&e.value) {
                links.push(url::normalize(&u));
            }
        });
        PastIssue { name, date, links }
    }
}

/// What the rules need besides the issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// Today's date (for "CFP already closed"); rules that need it are skipped without it.
    pub today: Option<Date>,
    pub mode: Mode,
    /// Earlier issues (the 24 before this one are used).
    pub history: Vec<PastIssue>,
    /// The file name the issue is saved under, to compare with its date.
    pub file_name: Option<String>,
}

/// A change that resolves a diagnostic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, for a button (`Remove utm_source`).
    pub label: String,
    pub edit: FixEdit,
}

/// The edit a fix makes, through the edit API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum FixEdit {
    /// Replace an entry's value.
    Entry { id: Id, value: EntryValue },
    /// Replace a block's content.
    Block { id: Id, kind: BlockKind },
    /// Set a front matter field.
    FrontMatter { key: String, value: String },
    /// Insert a blank line before a block (a list the site would otherwise join to the
    /// paragraph above).
    InsertBlankLine { before: Id },
}

impl Issue {
    /// Applies a quick fix; false when its target no longer exists.
    pub fn apply_fix(&mut self, fix: &Fix) -> bool {
        match &fix.edit {
            FixEdit::Entry { id, value } => self.update_entry(*id, value.clone()).is_ok(),
            FixEdit::Block { id, kind } => self.update_block(*id, kind.clone()).is_ok(),
            FixEdit::FrontMatter { key, value } => {
                self.front_matter.set(key, value.clone());
                true
            }
            FixEdit::InsertBlankLine { before } => {
                let place = match self.preamble.iter().position(|b| b.id == *before) {
                    Some(i) => Some((None, i)),
                    None => self.sections_flat().into_iter().find_map(|(_, s)| {
                        let i = s.blocks.iter().position(|b| b.id == *before)?;
                        Some((Some(s.id), i))
                    }),
                };
                place.is_some_and(|(section, i)| {
                    self.insert_block(section, Some(i), BlockKind::Blank { count: 1 })
                        .is_ok()
                })
            }
        }
    }
}

/// Lists rules as `RULES` entries: (id, severity, summary).
macro_rules! rule_table {
    ($($rule:path),* $(,)?) => {
        &[$(($rule.id, $rule.severity, $rule.summary)),*]
    };
}

/// Every rule `check` reports: id, severity, and what it checks (for `--help`, docs and the
/// app's legend). Each is declared once, in its family's module.
pub const RULES: &[(&str, Severity, &str)] = rule_table![
    links::TRACKING_PARAM,
    links::LINK_SCHEME,
    links::DOUBLE_SLASH,
    links::DUPLICATE_LINK,
    links::TRUNCATED_TITLE,
    links::REPO_ROOT_LINK,
    links::PROJECT_TOOLING_PR,
    lines::BACKTICKS,
    lines::HTML_TAG,
    layout::EMPTY_LIST_ITEM,
    front_matter::FRONT_MATTER,
    front_matter::NOT_WEDNESDAY,
    front_matter::ISSUE_NUMBER,
    front_matter::TITLE_NUMBER,
    front_matter::FILE_NAME_DATE,
    events::EVENT_FORMAT,
    events::EVENT_WINDOW,
    events::EVENTS_WINDOW_DATES,
    events::EVENTS_UNSORTED,
    events::UNKNOWN_REGION,
    events::PLACE_FORMAT,
    events::CFP_CLOSED,
    events::CFP_DATES,
    links::PREFIX_SPELLING,
    links::PREFIX_POSITION,
    links::BARE_URL_TITLE,
    links::EMPTY_LINK,
    links::TEXT_AFTER_LINK,
    lines::TRAILING_WHITESPACE,
    layout::HEADING_LEVEL,
    layout::PYMD_INDENT,
    layout::PYMD_LIST_AFTER_TEXT,
    lines::PYMD_FENCE,
    layout::RAW_ENTRY,
];

struct Checker<'a> {
    issue: &'a Issue,
    ctx: &'a Context,
    map: SourceMap,
    lines: Vec<&'a str>,
    out: Vec<Diagnostic>,
    date: Option<Date>,
    /// The `Rusty Events between` window, found once rather than for every event.
    window: Option<(Date, Date)>,
}

/// Runs every rule over an issue.
pub fn check(issue: &Issue, ctx: &Context) -> Vec<Diagnostic> {
    let (text, map) = write_with_map(issue);
    let mut c = Checker {
        issue,
        ctx,
        map,
        lines: text.lines().collect(),
        out: Vec::new(),
        date: issue.front_matter.date(),
        window: events::events_window(issue),
    };
    // A contribution is entries under their headings, with no front matter of its own.
    if ctx.mode == Mode::Editor {
        c.front_matter();
    }
    c.community();
    c.other_links();
    c.sections();
    c.line_rules();
    let mut out = c.out;
    crate::sort_by(&mut out, |a, b| {
        (a.line, a.col, &a.code).cmp(&(b.line, b.col, &b.code))
    });
    out
}

fn is_community(s: &Section) -> bool {
    matches!(
        s.kind,
        SectionKind::Community | SectionKind::CommunityCategory
    )
}

/// Calls `f` with every list entry of the sections for which `pick` is true, at any depth.
fn for_entries<'a>(
    issue: &'a Issue,
    pick: fn(&Section) -> bool,
    f: &mut impl FnMut(&'a Section, &'a Entry),
) {
    fn go<'a>(
        s: &'a Section,
        pick: fn(&Section) -> bool,
        f: &mut impl FnMut(&'a Section, &'a Entry),
    ) {
        if pick(s) {
            for b in &s.blocks {
                if let BlockKind::List { entries } = &b.kind {
                    for e in entries {
                        f(s, e);
                    }
                }
            }
        }
        for c in &s.children {
            go(c, pick, f);
        }
    }
    for s in &issue.sections {
        go(s, pick, f);
    }
}

fn for_community_entries<'a>(issue: &'a Issue, f: &mut impl FnMut(&'a Section, &'a Entry)) {
    for_entries(issue, is_community, f);
}

fn char_col(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(1, |s| s.chars().count() + 1)
}

impl Checker<'_> {
    /// Reports `rule` at a place.
    fn push(
        &mut self,
        rule: &Rule,
        place: (usize, usize),
        target: Option<Id>,
        message: String,
        fix: Option<Fix>,
    ) {
        self.out.push(rule.at(place, target, message, fix));
    }

    /// Line of a thing, and the column where `needle` starts on it (1 when absent).
    fn place(&self, id: Id, needle: &str) -> (usize, usize) {
        let line = self.map.line(id).unwrap_or(1);
        let text = self.lines.get(line - 1).copied().unwrap_or("");
        let col = if needle.is_empty() {
            1
        } else {
            text.find(needle).map_or(1, |b| char_col(text, b))
        };
        (line, col)
    }

    /// Reports `rule` on the line of `id`, at the column where `needle` starts.
    fn at(&mut self, id: Id, needle: &str, rule: &Rule, message: String, fix: Option<Fix>) {
        let place = self.place(id, needle);
        self.push(rule, place, Some(id), message, fix);
    }
}
