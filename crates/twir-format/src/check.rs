//! Validation: the newsletter's own CI rules and more, as one engine for the app and `twir check`.
//!
//! `check` reads the model (and the text it writes, for line-level rules) and returns
//! diagnostics with a stable rule id, a severity, a message that says what to do, a place,
//! and a quick fix where one is obvious. Time comes in through [`Context::today`].

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::date::{expected_number, Date, Weekday};
use crate::diag::{Diagnostic, Severity};
use crate::entries::parse_event_dates;
use crate::model::{Block, BlockKind, Entry, EntryValue, Id, Issue, Link, Section, SectionKind};
use crate::parse::parse;
use crate::url;
use crate::write::{write_with_map, SourceMap};

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
            for u in entry_urls(&e.value) {
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
        }
    }
}

/// Every rule: id, severity, and what it checks (for `--help`, docs and the app's legend).
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "tracking-param",
        Severity::Error,
        "community link with utm_ tracking parameters",
    ),
    (
        "link-scheme",
        Severity::Error,
        "community link with a scheme other than http, https or mailto",
    ),
    (
        "double-slash",
        Severity::Error,
        "link whose path has doubled slashes",
    ),
    (
        "duplicate-link",
        Severity::Error,
        "community link already in this issue or one of the 24 before",
    ),
    (
        "truncated-title",
        Severity::Warning,
        "link title of exactly 70 characters ending in ...",
    ),
    (
        "repo-root-link",
        Severity::Warning,
        "link to a GitHub repository root or a crate's registry page",
    ),
    (
        "project-tooling-pr",
        Severity::Error,
        "contributor link under Project/Tooling Updates",
    ),
    (
        "backticks",
        Severity::Error,
        "odd number of backticks or empty backticks on a line",
    ),
    (
        "html-tag",
        Severity::Error,
        "HTML tag outside the allowed set",
    ),
    ("empty-list-item", Severity::Error, "list item with no text"),
    (
        "front-matter",
        Severity::Error,
        "Title, Number or Date missing or malformed",
    ),
    (
        "not-wednesday",
        Severity::Error,
        "issue date is not a Wednesday",
    ),
    (
        "issue-number",
        Severity::Error,
        "number is not 424 + weeks since 2022-01-05",
    ),
    (
        "title-number",
        Severity::Error,
        "title does not match the number",
    ),
    (
        "file-name-date",
        Severity::Error,
        "file name does not match the date",
    ),
    (
        "event-format",
        Severity::Warning,
        "event not in the standard two-line format",
    ),
    (
        "event-window",
        Severity::Warning,
        "event outside the Rusty Events window",
    ),
    (
        "events-window-dates",
        Severity::Error,
        "window is not the issue date + 4 weeks",
    ),
    (
        "events-unsorted",
        Severity::Warning,
        "events of a region not sorted by date",
    ),
    (
        "unknown-region",
        Severity::Warning,
        "events under an unknown region heading",
    ),
    (
        "place-format",
        Severity::Warning,
        "event place not City, CC or City, ST, CC",
    ),
    (
        "cfp-closed",
        Severity::Warning,
        "CFP closing date already past",
    ),
    (
        "cfp-dates",
        Severity::Error,
        "CFP dates malformed or event before the CFP closes",
    ),
    (
        "prefix-spelling",
        Severity::Warning,
        "link prefix not spelled as the guidelines say",
    ),
    (
        "prefix-position",
        Severity::Warning,
        "link prefix after the link instead of before",
    ),
    (
        "bare-url-title",
        Severity::Warning,
        "link text is a bare URL",
    ),
    (
        "empty-link",
        Severity::Error,
        "link with an empty title or URL",
    ),
    (
        "text-after-link",
        Severity::Warning,
        "community link with text after the link",
    ),
    (
        "trailing-whitespace",
        Severity::Warning,
        "spaces or tabs at the end of a line",
    ),
    (
        "heading-level",
        Severity::Warning,
        "heading level differs from the current layout",
    ),
    (
        "pymd-indent",
        Severity::Warning,
        "nested list indented less than 4 spaces (Python-Markdown)",
    ),
    (
        "pymd-list-after-text",
        Severity::Warning,
        "list right after a paragraph line (Python-Markdown)",
    ),
    ("raw-entry", Severity::Note, "entry kept as raw text"),
];

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

const KNOWN_REGIONS: &[&str] = &[
    "Virtual",
    "Africa",
    "Asia",
    "Europe",
    "North America",
    "South America",
    "Oceania",
];

/// Prefixes the guidelines name, in their spelling.
const KNOWN_TAGS: &[&str] = &["video", "audio", "series"];

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

/// The dates of the issue's `Rusty Events between START - END` line.
fn events_window(issue: &Issue) -> Option<(Date, Date)> {
    let s = issue.section_of_kind(SectionKind::UpcomingEvents)?;
    s.blocks.iter().find_map(|b| match b.kind {
        BlockKind::EventsWindow { start, end, .. } => Some((start, end)),
        _ => None,
    })
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
        window: events_window(issue),
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
    out.sort_by(|a, b| (a.line, a.col, &a.code).cmp(&(b.line, b.col, &b.code)));
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

/// Every `](url)` in Markdown text.
fn urls_in_text(mut rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(i) = rest.find("](") {
        let tail = &rest[i + 2..];
        let end = tail.find([')', ' ']).unwrap_or(tail.len());
        out.push(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

/// All URLs an entry links to (raw entries and "nothing" lines: every `](url)` in the text).
fn entry_urls(v: &EntryValue) -> Vec<String> {
    match v {
        EntryValue::Raw(r) => urls_in_text(&r.text),
        EntryValue::Nothing(n) => urls_in_text(&n.text),
        EntryValue::Link(l) => std::iter::once(&l.url)
            .chain(l.subs.iter().map(|s| &s.url))
            .cloned()
            .collect(),
        EntryValue::Event(e) => {
            let mut v = vec![e.group_url.clone()];
            v.extend(e.cohosts.iter().map(|c| c.url.clone()));
            v.extend(e.talks.iter().map(|t| t.url.clone()));
            v
        }
        other => other.url().map(str::to_string).into_iter().collect(),
    }
}

/// The entry with its link `old` (wherever it is in the entry) changed to `new`.
fn with_url(v: &EntryValue, old: &str, new: &str) -> Option<EntryValue> {
    let mut v = v.clone();
    let swap = |u: &mut String| {
        let hit = u == old;
        if hit {
            *u = new.to_string();
        }
        hit
    };
    let done = match &mut v {
        EntryValue::Link(l) => swap(&mut l.url) || l.subs.iter_mut().any(|s| swap(&mut s.url)),
        EntryValue::Pr(p) => swap(&mut p.url),
        EntryValue::Fcp(f) => swap(&mut f.url),
        EntryValue::Rfc(r) => swap(&mut r.url),
        EntryValue::CfpEvent(c) => swap(&mut c.url),
        EntryValue::Event(e) => {
            swap(&mut e.group_url)
                || e.cohosts.iter_mut().any(|c| swap(&mut c.url))
                || e.talks
                    .iter_mut()
                    .any(|t| swap(&mut t.url) || t.also.iter_mut().any(|a| swap(&mut a.url)))
        }
        EntryValue::Nothing(n) => replace_link_target(&mut n.text, old, new),
        EntryValue::Raw(r) => replace_link_target(&mut r.text, old, new),
    };
    done.then_some(v)
}

/// Replaces the first `](old)` in Markdown text by `](new)`.
fn replace_link_target(text: &mut String, old: &str, new: &str) -> bool {
    let target = format!("]({old})");
    match text.find(&target) {
        Some(at) => {
            text.replace_range(at..at + target.len(), &format!("]({new})"));
            true
        }
        None => false,
    }
}

fn char_col(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(1, |s| s.chars().count() + 1)
}

impl Checker<'_> {
    fn push(
        &mut self,
        code: &str,
        severity: Severity,
        (line, col): (usize, usize),
        target: Option<Id>,
        message: String,
        fix: Option<Fix>,
    ) {
        self.out.push(Diagnostic {
            code: code.to_string(),
            severity,
            message,
            line,
            col,
            target,
            fix,
        });
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

    fn at(
        &mut self,
        id: Id,
        needle: &str,
        code: &str,
        sev: Severity,
        msg: String,
        fix: Option<Fix>,
    ) {
        let (line, col) = self.place(id, needle);
        self.push(code, sev, (line, col), Some(id), msg, fix);
    }

    fn front_matter(&mut self) {
        let fm = &self.issue.front_matter;
        let line_of = |key: &str| {
            fm.fields
                .iter()
                .position(|f| f.key.eq_ignore_ascii_case(key))
                .map_or(1, |i| i + 1)
        };
        let number = fm.number();
        let title = fm.title().map(str::to_string);
        if title.is_none() {
            self.push(
                "front-matter",
                Severity::Error,
                (1, 1),
                None,
                "the front matter has no `Title:` line; add `Title: This Week in Rust N`".into(),
                None,
            );
        }
        if number.is_none() {
            let msg = match fm.get("Number") {
                Some(v) => format!("`Number: {v}` is not a number"),
                None => "the front matter has no `Number:` line".to_string(),
            };
            self.push(
                "front-matter",
                Severity::Error,
                (line_of("Number"), 1),
                None,
                msg,
                None,
            );
        }
        let Some(date) = self.date else {
            let msg = match fm.get("Date") {
                Some(v) => format!("`Date: {v}` is not a date in the form YYYY-MM-DD"),
                None => "the front matter has no `Date:` line (YYYY-MM-DD)".to_string(),
            };
            self.push(
                "front-matter",
                Severity::Error,
                (line_of("Date"), 1),
                None,
                msg,
                None,
            );
            return;
        };
        let modern = date >= Date::new(2022, 1, 5).expect("valid date");
        if modern && date.weekday() != Weekday::Wednesday {
            let next = date
                .next_wednesday()
                .map(|d| d.to_string())
                .unwrap_or_default();
            self.push(
                "not-wednesday",
                Severity::Error,
                (line_of("Date"), 7),
                None,
                format!(
                    "{date} is a {:?}; issues come out on Wednesdays (next: {next})",
                    date.weekday()
                ),
                None,
            );
        }
        if let (Some(n), Some(want)) = (number, expected_number(date)) {
            if n != want {
                self.push("issue-number", Severity::Error, (line_of("Number"), 9), None,
                    format!("the issue of {date} is number {want} (424 + weeks since 2022-01-05), not {n}"),
                    Some(Fix {
                        label: format!("Set the number to {want}"),
                        edit: FixEdit::FrontMatter { key: "Number".into(), value: want.to_string() },
                    }));
            }
        }
        if let (Some(n), Some(t)) = (number, title) {
            let want = format!("This Week in Rust {n}");
            if t != want && modern {
                self.push(
                    "title-number",
                    Severity::Error,
                    (line_of("Title"), 8),
                    None,
                    format!("the title should be `{want}` to match the number"),
                    Some(Fix {
                        label: format!("Set the title to “{want}”"),
                        edit: FixEdit::FrontMatter {
                            key: "Title".into(),
                            value: want,
                        },
                    }),
                );
            }
        }
        if let Some(name) = &self.ctx.file_name {
            let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
            let want = format!("{date}-this-week-in-rust.md");
            if stem != want {
                self.push("file-name-date", Severity::Error, (1, 1), None,
                    format!("the file is named `{stem}` but the issue is dated {date}: name it `{want}`"),
                    None);
            }
        }
    }

    fn community(&mut self) {
        let mut seen: HashMap<String, Id> = HashMap::new();
        let history: Vec<&PastIssue> = {
            let mut h: Vec<&PastIssue> = self
                .ctx
                .history
                .iter()
                .filter(|p| match (p.date, self.date) {
                    (Some(pd), Some(d)) => pd < d,
                    _ => true,
                })
                .collect();
            h.sort_by_key(|p| std::cmp::Reverse(p.date));
            h.truncate(24);
            h
        };
        let mut found = Vec::new();
        for_community_entries(self.issue, &mut |s, e| found.push((s, e)));
        for (section, e) in found {
            for u in entry_urls(&e.value) {
                self.link_url_rules(e, &u);
                let key = url::normalize(&u);
                if key.is_empty() {
                    continue;
                }
                if let Some(first) = seen.get(&key) {
                    let line = self.map.line(*first).unwrap_or(0);
                    self.at(
                        e.id,
                        &u,
                        "duplicate-link",
                        Severity::Error,
                        format!(
                            "this link is already in this issue (line {line}); remove one of them"
                        ),
                        None,
                    );
                } else {
                    seen.insert(key.clone(), e.id);
                    if let Some(p) = history.iter().find(|p| p.links.contains(&key)) {
                        self.at(
                            e.id,
                            &u,
                            "duplicate-link",
                            Severity::Error,
                            format!("this link was already in {}; remove it", p.name),
                            None,
                        );
                    }
                }
            }
            if self.ctx.mode == Mode::Contributor
                && section
                    .plain_title()
                    .eq_ignore_ascii_case("Project/Tooling Updates")
            {
                self.at(e.id, "", "project-tooling-pr", Severity::Error,
                    "Project/Tooling Updates takes no pull requests: the editors pick its links from r/rust; \
                     move this link to another category".into(), None);
            }
            match &e.value {
                EntryValue::Link(l) => self.link_rules(e.id, l, true),
                EntryValue::Raw(r) => {
                    for tag in ["[video]", "[audio]", "[series]"] {
                        if let Some(pos) = r.text.find(tag) {
                            if r.text[..pos].contains("](") {
                                self.at(e.id, tag, "prefix-position", Severity::Warning,
                                    format!("put `{tag}` on the left, before the link: `* {tag} [Title](URL)`"), None);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Links outside the community sections (events, calls for testing and papers, the
    /// project's lists) may not carry tracking parameters either.
    fn other_links(&mut self) {
        let mut found = Vec::new();
        for_entries(self.issue, |s| !is_community(s), &mut |_, e| found.push(e));
        for e in found {
            for u in entry_urls(&e.value) {
                self.tracking_rule(e, &u);
            }
        }
    }

    /// Rules on one community URL (the newsletter's `inspect_links` checks).
    fn link_url_rules(&mut self, e: &Entry, u: &str) {
        self.tracking_rule(e, u);
        self.address_rules(e, u);
    }

    fn tracking_rule(&mut self, e: &Entry, u: &str) {
        let params = url::tracking_params(u);
        if !params.is_empty() {
            let clean = url::without_tracking(u);
            let fix = with_url(&e.value, u, &clean).map(|value| Fix {
                label: format!("Remove {}", params.join(", ")),
                edit: FixEdit::Entry { id: e.id, value },
            });
            self.at(
                e.id,
                u,
                "tracking-param",
                Severity::Error,
                format!(
                    "the link carries tracking parameters ({}); remove them",
                    params.join(", ")
                ),
                fix,
            );
        }
    }

    /// Scheme, doubled slashes, links to a repository's or crate's front page.
    fn address_rules(&mut self, e: &Entry, u: &str) {
        match url::scheme(u).as_deref() {
            Some("http" | "https" | "mailto") => {}
            Some(s) => self.at(
                e.id,
                u,
                "link-scheme",
                Severity::Error,
                format!("links must use http, https or mailto, not `{s}:`"),
                None,
            ),
            None => self.at(
                e.id,
                u,
                "link-scheme",
                Severity::Error,
                "the link has no scheme: write the full address starting with https://".into(),
                None,
            ),
        }
        if let Some(fixed) = url::without_double_slashes(u) {
            let fix = with_url(&e.value, u, &fixed).map(|value| Fix {
                label: "Remove the doubled slashes".into(),
                edit: FixEdit::Entry { id: e.id, value },
            });
            self.at(
                e.id,
                u,
                "double-slash",
                Severity::Error,
                format!("the link can be simplified to {fixed}"),
                fix,
            );
        }
        if let Some(host) = url::host(u) {
            let segs = url::segments(u);
            if host == "github.com" && segs.len() == 2 {
                self.at(e.id, u, "repo-root-link", Severity::Warning,
                    "this links to a GitHub repository's front page: the guidelines ask for a post, release or announcement".into(), None);
            }
            if host == "crates.io" && segs.first() == Some(&"crates") {
                self.at(e.id, u, "repo-root-link", Severity::Warning,
                    "this links to a crate's registry page: the guidelines ask for a post, release or announcement".into(), None);
            }
        }
    }

    fn link_rules(&mut self, id: Id, l: &Link, community: bool) {
        if l.title.trim().is_empty() || l.url.trim().is_empty() {
            let what = if l.title.trim().is_empty() {
                "title"
            } else {
                "URL"
            };
            self.at(
                id,
                "",
                "empty-link",
                Severity::Error,
                format!("the link has no {what}"),
                None,
            );
        }
        if let Some(i) = l
            .subs
            .iter()
            .position(|s| s.title.trim().is_empty() || s.url.trim().is_empty())
        {
            self.at(
                id,
                "",
                "empty-link",
                Severity::Error,
                format!("the link under it (line {}) has no title or URL", i + 2),
                None,
            );
        }
        if l.title.chars().count() == 70 && l.title.ends_with("...") {
            self.at(id, &l.title, "truncated-title", Severity::Warning,
                "the title is 70 characters and ends in `...`: it was probably cut off; use the page's whole title".into(), None);
        }
        let t = l.title.trim();
        if t.starts_with("http://") || t.starts_with("https://") {
            self.at(
                id,
                &l.title,
                "bare-url-title",
                Severity::Warning,
                "the link text is a URL: use the page's title".into(),
                None,
            );
        }
        for (i, tag) in l.tags.iter().enumerate() {
            let lower = tag.to_ascii_lowercase();
            let canonical = match lower.as_str() {
                "video" | "videos" => Some("video"),
                "audio" | "podcast" => Some("audio"),
                "series" => Some("series"),
                _ if tag.len() == 2 && tag.chars().all(|c| c.is_ascii_alphabetic()) => None,
                _ => None,
            };
            let want = match canonical {
                Some(c) if c != tag => Some(c.to_string()),
                None if tag.len() == 2 && tag.chars().all(|c| c.is_ascii_alphabetic()) => {
                    let up = tag.to_ascii_uppercase();
                    (up != *tag).then_some(up)
                }
                _ => None,
            };
            if let Some(want) = want {
                let mut fixed = l.clone();
                fixed.tags[i] = want.clone();
                self.at(
                    id,
                    &format!("[{tag}]"),
                    "prefix-spelling",
                    Severity::Warning,
                    format!("write the prefix as `[{want}]`, not `[{tag}]`"),
                    Some(Fix {
                        label: format!("Write [{want}]"),
                        edit: FixEdit::Entry {
                            id,
                            value: EntryValue::Link(fixed),
                        },
                    }),
                );
            } else if canonical.is_none()
                && !(tag.len() == 2 || tag.contains('|'))
                && !KNOWN_TAGS.contains(&tag.as_str())
            {
                self.at(id, &format!("[{tag}]"), "prefix-spelling", Severity::Warning,
                    format!("`[{tag}]` is not a prefix the guidelines know (`[video]`, `[audio]`, `[series]`, or a language such as `[ZH]`)"), None);
            }
        }
        for tag in ["[video]", "[audio]", "[series]"] {
            if l.note.contains(tag) {
                let mut fixed = l.clone();
                fixed.note = l.note.replacen(tag, "", 1).trim_end().to_string();
                fixed.tags.insert(0, tag[1..tag.len() - 1].to_string());
                self.at(
                    id,
                    tag,
                    "prefix-position",
                    Severity::Warning,
                    format!("put `{tag}` on the left, before the link: `* {tag} [Title](URL)`"),
                    Some(Fix {
                        label: format!("Move {tag} to the left"),
                        edit: FixEdit::Entry {
                            id,
                            value: EntryValue::Link(fixed),
                        },
                    }),
                );
                return;
            }
        }
        if community && !l.note.trim().is_empty() {
            self.at(id, &l.note, "text-after-link", Severity::Warning,
                "text after the link: the guidelines want just `* [Title](URL)` with the page's title".into(), None);
        }
    }

    fn sections(&mut self) {
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
                    self.at(s.id, "", "heading-level", Severity::Warning,
                        format!("`{}` is a level-{want} heading (`{} {}`) in the current layout, not level {}",
                            s.title(), "#".repeat(want as usize), s.title(), s.level), None);
                }
            }
        }
        if s.kind == SectionKind::EventRegion && !KNOWN_REGIONS.contains(&s.plain_title()) {
            let bare = s.plain_title().trim_end_matches(':');
            let msg = if KNOWN_REGIONS.contains(&bare) {
                format!("write the region heading as `{bare}`, without the colon")
            } else {
                format!(
                    "`{}` is not one of the regions ({})",
                    s.title(),
                    KNOWN_REGIONS.join(", ")
                )
            };
            self.at(s.id, "", "unknown-region", Severity::Warning, msg, None);
        }
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

    fn window(&mut self, s: &Section) {
        let Some(date) = self.date else { return };
        for b in &s.blocks {
            if let BlockKind::EventsWindow { start, end, tail } = &b.kind {
                let want_end = date.add_days(28);
                if *start != date || Some(*end) != want_end {
                    let Some(want_end) = want_end else { continue };
                    let fix = Fix {
                        label: format!("Set the window to {date} - {want_end}"),
                        edit: FixEdit::Block {
                            id: b.id,
                            kind: BlockKind::EventsWindow {
                                start: date,
                                end: want_end,
                                tail: tail.clone(),
                            },
                        },
                    };
                    self.at(b.id, "", "events-window-dates", Severity::Error,
                        format!("the events window should be {date} - {want_end} (the issue date + 4 weeks)"),
                        Some(fix));
                }
            }
        }
    }

    fn block_rules(&mut self, blocks: &[Block], i: usize, b: &Block, kind: SectionKind) {
        let BlockKind::List { entries } = &b.kind else {
            return;
        };
        if i > 0 && matches!(blocks[i - 1].kind, BlockKind::Text { .. }) {
            self.at(b.id, "", "pymd-list-after-text", Severity::Warning,
                "the site's renderer (Python-Markdown) needs a blank line before a list; without it these lines join the paragraph above".into(), None);
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
                let (code, sev) = if events {
                    ("event-format", Severity::Warning)
                } else {
                    ("raw-entry", Severity::Note)
                };
                self.at(
                    e.id,
                    "",
                    code,
                    sev,
                    format!("not in the standard format: {}", r.reason),
                    None,
                );
                let first = r.text.split('\n').next().unwrap_or("");
                if first.trim_start_matches(['*', '-', '+']).trim().is_empty() {
                    self.at(
                        e.id,
                        "",
                        "empty-list-item",
                        Severity::Error,
                        "this list item is empty: write the entry or remove the line".into(),
                        None,
                    );
                }
                for l in r.text.split('\n').skip(1) {
                    let indent = l.len() - l.trim_start_matches(' ').len();
                    let t = l.trim_start();
                    if (1..4).contains(&indent) && (t.starts_with("* ") || t.starts_with("- ")) {
                        self.at(e.id, "", "pymd-indent", Severity::Warning,
                            format!("a nested item indented {indent} spaces is not nested on the site (Python-Markdown needs 4)"), None);
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
            EntryValue::Event(ev) => {
                if let Some((start, end)) = self.window {
                    let last_day = ev.end.unwrap_or(ev.start);
                    if ev.start > end || last_day < start {
                        self.at(e.id, "", "event-window", Severity::Warning,
                            format!("the event on {} is outside the window {start} - {end}: remove it or fix its date", ev.start), None);
                    }
                }
                if let Some(prev) = *last {
                    if ev.start < prev {
                        self.at(e.id, "", "events-unsorted", Severity::Warning,
                            format!("the event on {} comes after one on {prev}: events are sorted by date", ev.start), None);
                    }
                }
                *last = Some(ev.start.max(last.unwrap_or(ev.start)));
                if let Some(loc) = ev.location.as_deref().filter(|l| !place_ok(l)) {
                    self.at(e.id, loc, "place-format", Severity::Warning,
                        format!("write the place as `City, CC` or `City, ST, CC` (a two-letter country code), not `{loc}`"), None);
                }
                let blank = |name: &str, url: &str| name.trim().is_empty() || url.trim().is_empty();
                let message = if blank(&ev.group, &ev.group_url) {
                    Some("the event has no group name or URL".to_string())
                } else {
                    ev.cohosts
                        .iter()
                        .position(|c| blank(&c.name, &c.url))
                        .map(|i| format!("the event's group {} has no name or URL", i + 2))
                };
                if let Some(message) = message {
                    self.at(e.id, "", "empty-link", Severity::Error, message, None);
                }
                for t in &ev.talks {
                    if t.title.trim().is_empty() || t.url.trim().is_empty() {
                        self.at(
                            e.id,
                            "",
                            "empty-link",
                            Severity::Error,
                            "a talk has no title or URL".into(),
                            None,
                        );
                    }
                }
            }
            EntryValue::CfpEvent(c) => {
                let until = Date::parse(c.cfp_until.trim());
                let when = parse_event_dates(c.event_date.trim()).map(|(d, _)| d);
                if until.is_none() {
                    self.at(
                        e.id,
                        &c.cfp_until,
                        "cfp-dates",
                        Severity::Error,
                        format!("the CFP closing date `{}` is not YYYY-MM-DD", c.cfp_until),
                        None,
                    );
                }
                if when.is_none() {
                    self.at(
                        e.id,
                        &c.event_date,
                        "cfp-dates",
                        Severity::Error,
                        format!(
                            "the event date `{}` is not YYYY-MM-DD (or YYYY-MM-DD - YYYY-MM-DD)",
                            c.event_date
                        ),
                        None,
                    );
                }
                if let (Some(u), Some(w)) = (until, when) {
                    if w < u {
                        self.at(
                            e.id,
                            &c.event_date,
                            "cfp-dates",
                            Severity::Error,
                            format!("the event ({w}) is before its CFP closes ({u})"),
                            None,
                        );
                    }
                }
                if let (Some(u), Some(today)) = (until, self.ctx.today) {
                    if u < today {
                        self.at(
                            e.id,
                            &c.cfp_until,
                            "cfp-closed",
                            Severity::Warning,
                            format!("the CFP closed on {u}: remove the entry"),
                            None,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// Rules on the written lines: backticks, HTML tags, trailing whitespace.
    fn line_rules(&mut self) {
        let mut owners: Vec<(usize, Id)> = self.owners();
        owners.sort();
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
                    "trailing-whitespace",
                    Severity::Warning,
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
                    "backticks",
                    Severity::Error,
                    (lineno, 1),
                    owner,
                    "this line has an odd number of backticks: a code span is not closed".into(),
                    None,
                );
            } else if let Some(b) = visible.find("``").filter(|_| !visible.contains("```")) {
                self.push(
                    "backticks",
                    Severity::Error,
                    (lineno, char_col(&visible, b)),
                    owner,
                    "empty backticks (``): write the code between them or remove them".into(),
                    None,
                );
            }
            for (col, tag) in html_tags(&visible) {
                if !ALLOWED_TAGS.contains(&tag.to_ascii_lowercase().as_str()) {
                    self.push("html-tag", Severity::Error, (lineno, col), owner,
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

/// `City, CC` or `City, ST, CC`: two or three parts, the last two capital letters.
fn place_ok(loc: &str) -> bool {
    let parts: Vec<&str> = loc.split(", ").collect();
    let cc = parts.last().copied().unwrap_or("");
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| !p.trim().is_empty() && p.trim() == *p)
        && cc.len() == 2
        && cc.bytes().all(|b| b.is_ascii_uppercase())
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
