//! "Fetch from GitHub" in few requests, apart from the network: the searches of a full fetch
//! (one per kind of list, each over all its repositories: GitHub ORs repeated `repo:`), reading
//! GitHub's answers (search pages, an item's title, its label events page by page, `Link`
//! headers), the list each result goes to, the cache of a week's results, and putting picked
//! results into the issue's subsections. Pure: text in, values out; never panics.

use crate::edit::EditError;
use crate::json::{self, Value};
use crate::model::{BlockKind, EntryValue, Id, Issue, Section, SectionKind};
use crate::rust_project::{
    already_present, entry_for, entry_title, pr_group, Found, Target, Window, CFT_REPOS, FCP_REPOS,
    PR_REPOS,
};
use crate::url::normalize;
use crate::Date;

/// What a search of a full fetch gathers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gather {
    /// Merged pull requests of the listed repositories and rust-lang/rfcs (approved RFCs).
    Merged,
    /// Open items labelled `call-for-testing`, touched since the week started.
    Testing,
    /// Open items labelled `final-comment-period`, touched since the week started.
    Fcp,
    /// RFC pull requests opened in the week.
    NewRfcs,
    /// The organisation's merged count (its `total_count` only).
    Count,
}

/// One search of a full fetch: its `q`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSearch {
    pub gather: Gather,
    pub query: String,
}

fn repos<'a>(list: impl Iterator<Item = &'a str>) -> String {
    list.map(|r| format!(" repo:{r}")).collect()
}

/// The searches of a full fetch for `w`: five, whatever the number of repositories (GitHub's
/// unauthenticated search allows ten a minute).
pub fn fetch_searches(w: &Window) -> Vec<PlannedSearch> {
    let range = w.range();
    let plan = |gather, query: String| PlannedSearch { gather, query };
    vec![
        plan(
            Gather::Merged,
            format!(
                "is:pr is:merged merged:{range}{}",
                repos(PR_REPOS.iter().map(|(r, _)| *r).chain(["rust-lang/rfcs"]))
            ),
        ),
        plan(
            Gather::Testing,
            format!(
                "state:open label:call-for-testing updated:>={}{}",
                w.start,
                repos(CFT_REPOS.iter().map(|(r, _)| *r))
            ),
        ),
        plan(
            Gather::Fcp,
            format!(
                "state:open label:final-comment-period updated:>={}{}",
                w.start,
                repos(FCP_REPOS.iter().map(|(_, r, _)| *r))
            ),
        ),
        plan(
            Gather::NewRfcs,
            format!("repo:rust-lang/rfcs is:pr state:open created:{range}"),
        ),
        plan(Gather::Count, crate::merged_count_query(w)),
    ]
}

/// The label whose adding within the week an item of `gather` needs (read from its events).
pub fn label_of(gather: Gather) -> Option<&'static str> {
    match gather {
        Gather::Testing => Some("call-for-testing"),
        Gather::Fcp => Some("final-comment-period"),
        _ => None,
    }
}

/// A result with the repository it belongs to (`owner/name`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FoundItem {
    pub found: Found,
    pub repo: String,
    pub number: u64,
}

/// One page of a search answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchPage {
    pub total_count: u64,
    pub incomplete_results: bool,
    pub items: Vec<FoundItem>,
}

fn labels_of(v: &Value) -> Vec<String> {
    match v.get("labels") {
        Some(Value::Array(ls)) => ls
            .iter()
            .filter_map(|l| l.get("name").and_then(Value::as_str).map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// `owner/name` from `repository_url` (`…/repos/owner/name`).
fn repo_of(v: &Value) -> Option<String> {
    let url = v.get("repository_url")?.as_str()?;
    let (_, rest) = url.rsplit_once("/repos/")?;
    let rest = rest.trim_end_matches('/');
    (rest.split('/').count() == 2).then(|| rest.to_string())
}

/// Reads a `GET /search/issues` answer; `None` when it is not GitHub's shape.
pub fn parse_search(text: &str) -> Option<SearchPage> {
    let v = json::parse(text).ok()?;
    let Some(Value::Array(items)) = v.get("items") else {
        return None;
    };
    Some(SearchPage {
        total_count: v.get("total_count").and_then(Value::as_u64).unwrap_or(0),
        incomplete_results: v
            .get("incomplete_results")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        items: items
            .iter()
            .filter_map(|i| {
                Some(FoundItem {
                    found: Found {
                        title: i.get("title")?.as_str()?.to_string(),
                        url: i.get("html_url")?.as_str()?.to_string(),
                        labels: labels_of(i),
                    },
                    repo: repo_of(i)?,
                    number: i.get("number").and_then(Value::as_u64).unwrap_or(0),
                })
            })
            .collect(),
    })
}

/// The title of a `GET /repos/o/r/issues/N` answer.
pub fn parse_item_title(text: &str) -> Option<String> {
    let v = json::parse(text).ok()?;
    v.get("title")?.as_str().map(str::to_string)
}

/// What one page of an item's events holds: whether it adds the label within the week, and
/// the days of its oldest and newest events.
struct EventsSeen {
    labeled: bool,
    oldest: Option<Date>,
    newest: Option<Date>,
}

fn scan_events(events: &str, label: &str, w: &Window) -> EventsSeen {
    let mut seen = EventsSeen {
        labeled: false,
        oldest: None,
        newest: None,
    };
    let Ok(Value::Array(all)) = json::parse(events) else {
        return seen;
    };
    for e in &all {
        let Some(day) = e
            .get("created_at")
            .and_then(Value::as_str)
            .and_then(|t| t.get(..10))
            .and_then(Date::parse)
        else {
            continue;
        };
        seen.oldest = Some(seen.oldest.map_or(day, |d| d.min(day)));
        seen.newest = Some(seen.newest.map_or(day, |d| d.max(day)));
        seen.labeled |= e.get("event").and_then(Value::as_str) == Some("labeled")
            && e.get("label")
                .and_then(|l| l.get("name"))
                .and_then(Value::as_str)
                == Some(label)
            && w.start <= day
            && day <= w.end;
    }
    seen
}

/// Whether an item's events (`GET …/issues/N/events`) add `label` within `w` (both days).
pub fn labeled_within(events: &str, label: &str, w: &Window) -> bool {
    scan_events(events, label, w).labeled
}

/// The most pages of one item's events [`LabelEvents`] reads (100 events each): the first,
/// then up to four back from the last. Each page costs one of the 60 requests an hour GitHub
/// allows without an account; a page that starts before the week ends the reading sooner.
pub const MAX_EVENT_PAGES: u32 = 5;

/// The first page of an item's events, 100 a page (GitHub's most).
pub fn events_path(repo: &str, number: u64) -> String {
    format!("repos/{repo}/issues/{number}/events?per_page=100")
}

/// What to do after a page of an item's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventsStep {
    /// Read this address next (taken from the page's `Link` header).
    Get(String),
    /// The answer: whether the label was added within the week.
    Done(bool),
    /// [`MAX_EVENT_PAGES`] were read without finding the adding or a page before the week:
    /// when the label was added is not known.
    Capped,
}

/// Whether a label was added to an item within a week, read from its events page by page.
///
/// GitHub lists an item's events oldest first. A label that makes a call for testing or an
/// FCP of the week was added lately, so after the first page (whose `Link` names the last)
/// the pages are read from the last one back (`rel="prev"`), until one holds the adding, one
/// starts before the week (the earlier ones are older still), the first page is reached or
/// [`MAX_EVENT_PAGES`] were read ([`EventsStep::Capped`]: not known). A first page that
/// already ends after the week ends it too.
#[derive(Debug, Clone)]
pub struct LabelEvents<'a> {
    label: &'a str,
    window: Window,
    pages: u32,
}

impl<'a> LabelEvents<'a> {
    /// Looks for `label` added within `window`; the first page to read is [`events_path`].
    pub fn new(label: &'a str, window: Window) -> Self {
        LabelEvents {
            label,
            window,
            pages: 0,
        }
    }

    /// Reads one page (its text and `Link` header): the first page first, then each address
    /// the previous step gave.
    pub fn page(&mut self, events: &str, link: Option<&str>) -> EventsStep {
        self.pages += 1;
        let seen = scan_events(events, self.label, &self.window);
        if seen.labeled {
            return EventsStep::Done(true);
        }
        let link = link.unwrap_or("");
        let next = if self.pages == 1 {
            if seen.newest.is_some_and(|d| d > self.window.end) {
                return EventsStep::Done(false);
            }
            link_rel(link, "last")
        } else {
            if seen.oldest.is_none_or(|d| d < self.window.start) {
                return EventsStep::Done(false);
            }
            link_rel(link, "prev")
        };
        // Page 1 was the first read.
        match next {
            Some(_) if self.pages >= MAX_EVENT_PAGES => EventsStep::Capped,
            Some(url) if page_number(&url) > 1 => EventsStep::Get(url),
            _ => EventsStep::Done(false),
        }
    }
}

/// The `page` of a paginated address (1 when it has none, as GitHub reads it).
fn page_number(url: &str) -> u64 {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .find_map(|p| p.strip_prefix("page="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// The address with `rel` (`next`, `last`) in a `Link` header.
pub fn link_rel(header: &str, rel: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let wanted = format!("rel=\"{rel}\"");
        params.split(';').any(|p| p.trim() == wanted).then(|| {
            url.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}

/// The list a result of `gather` goes to; `None` when it belongs to none (a compiler-team
/// item that is not a major change, a repository not listed).
pub fn target_of(gather: Gather, item: &FoundItem) -> Option<Target> {
    let repo = item.repo.as_str();
    let labels = &item.found.labels;
    match gather {
        Gather::Merged if repo == "rust-lang/rfcs" => Some(Target::ApprovedRfcs),
        Gather::Merged => PR_REPOS
            .iter()
            .find(|(r, _)| *r == repo)
            .map(|(_, g)| Target::PrGroup(pr_group(g, labels))),
        Gather::Testing => CFT_REPOS
            .iter()
            .find(|(r, _)| *r == repo)
            .map(|(_, g)| Target::CallsForTesting(g)),
        Gather::Fcp => FCP_REPOS
            .iter()
            .find(|(_, r, extra)| {
                *r == repo
                    && extra
                        .split_whitespace()
                        .filter_map(|q| q.strip_prefix("label:"))
                        .all(|l| labels.iter().any(|x| x == l))
            })
            .map(|(team, _, _)| Target::Fcp(team)),
        Gather::NewRfcs => Some(Target::NewRfcs),
        Gather::Count => None,
    }
}

impl Target {
    /// A short stable key for storage (`pr:Compiler`, `fcp:Rust`, `approved`).
    pub fn key(self) -> String {
        match self {
            Target::PrGroup(h) => format!("pr:{h}"),
            Target::CallsForTesting(h) => format!("cft:{h}"),
            Target::Fcp(h) => format!("fcp:{h}"),
            Target::ApprovedRfcs => "approved".into(),
            Target::NewRfcs => "new".into(),
        }
    }

    /// The target a [`Target::key`] names, if it is one of the known lists.
    pub fn from_key(key: &str) -> Option<Target> {
        const EXTRA_PR: [&str; 2] = ["Library", "Rustdoc"];
        match key.split_once(':') {
            Some(("pr", h)) => PR_REPOS
                .iter()
                .map(|(_, g)| *g)
                .chain(EXTRA_PR)
                .find(|g| *g == h)
                .map(Target::PrGroup),
            Some(("cft", h)) => CFT_REPOS
                .iter()
                .find(|(_, g)| *g == h)
                .map(|(_, g)| Target::CallsForTesting(g)),
            Some(("fcp", h)) => FCP_REPOS
                .iter()
                .find(|(t, _, _)| *t == h)
                .map(|(t, _, _)| Target::Fcp(t)),
            _ if key == "approved" => Some(Target::ApprovedRfcs),
            _ if key == "new" => Some(Target::NewRfcs),
            _ => None,
        }
    }
}

/// One result of a week's fetch, as shown in the checklist and cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub target: Target,
    pub found: Found,
    /// Its label was added within the week (always true for merged and new items); those
    /// that were not are shown unticked.
    pub in_week: bool,
    /// When its label was added is not known (its events run over [`MAX_EVENT_PAGES`]
    /// pages); `in_week` is then false.
    pub label_unknown: bool,
}

/// A week's fetch: the window, the merged count, the results in the issue's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedWeek {
    pub window: Window,
    pub merged_count: Option<u64>,
    pub items: Vec<Fetched>,
    /// GitHub said a search's results were incomplete (it timed out).
    pub incomplete: bool,
    /// How many requests the fetch made.
    pub requests: u32,
}

impl FetchedWeek {
    /// Sorts the results into the issue's order of lists (stable within a list).
    pub fn sort(&mut self) {
        let order = |t: &Target| -> usize {
            match t {
                Target::CallsForTesting(h) => {
                    CFT_REPOS.iter().position(|(_, g)| g == h).unwrap_or(0)
                }
                Target::PrGroup(h) => {
                    10 + [
                        "Compiler",
                        "Library",
                        "Cargo",
                        "Rustdoc",
                        "Clippy",
                        "Rust-Analyzer",
                        "Rustfmt",
                        "Rustup",
                    ]
                    .iter()
                    .position(|g| g == h)
                    .unwrap_or(9)
                }
                Target::ApprovedRfcs => 30,
                Target::Fcp(h) => 40 + FCP_REPOS.iter().position(|(t, _, _)| t == h).unwrap_or(0),
                Target::NewRfcs => 60,
            }
        };
        self.items.sort_by_key(|i| order(&i.target));
    }
}

/// The cache record of a week's fetch.
pub fn encode_fetched(week: &FetchedWeek) -> String {
    let mut out = String::from("{");
    let str_field = |out: &mut String, k: &str, v: &str| {
        json::write_str(k, out);
        out.push(':');
        json::write_str(v, out);
    };
    str_field(&mut out, "start", &week.window.start.to_string());
    out.push(',');
    str_field(&mut out, "end", &week.window.end.to_string());
    if let Some(n) = week.merged_count {
        out.push_str(&format!(",\"count\":{n}"));
    }
    out.push_str(&format!(
        ",\"incomplete\":{},\"requests\":{},\"items\":[",
        week.incomplete, week.requests
    ));
    for (n, i) in week.items.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push('{');
        str_field(&mut out, "to", &i.target.key());
        out.push(',');
        str_field(&mut out, "title", &i.found.title);
        out.push(',');
        str_field(&mut out, "url", &i.found.url);
        out.push_str(&format!(",\"in_week\":{},", i.in_week));
        if i.label_unknown {
            out.push_str("\"label_unknown\":true,");
        }
        out.push_str("\"labels\":[");
        for (m, l) in i.found.labels.iter().enumerate() {
            if m > 0 {
                out.push(',');
            }
            json::write_str(l, &mut out);
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}

/// Reads a cache record back; `None` when it is damaged or from another version.
pub fn decode_fetched(text: &str) -> Option<FetchedWeek> {
    let v = json::parse(text).ok()?;
    let date = |k: &str| v.get(k).and_then(Value::as_str).and_then(Date::parse);
    let Some(Value::Array(items)) = v.get("items") else {
        return None;
    };
    let items = items
        .iter()
        .map(|i| {
            Some(Fetched {
                target: Target::from_key(i.get("to")?.as_str()?)?,
                found: Found {
                    title: i.get("title")?.as_str()?.to_string(),
                    url: i.get("url")?.as_str()?.to_string(),
                    labels: labels_of_strings(i.get("labels")),
                },
                in_week: i.get("in_week").and_then(Value::as_bool).unwrap_or(true),
                label_unknown: i
                    .get("label_unknown")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(FetchedWeek {
        window: Window {
            start: date("start")?,
            end: date("end")?,
        },
        merged_count: v.get("count").and_then(Value::as_u64),
        items,
        incomplete: v
            .get("incomplete")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        requests: v
            .get("requests")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0),
    })
}

fn labels_of_strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(ls)) => ls
            .iter()
            .filter_map(|l| l.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The normalised URLs of every entry of the issue (for "already in the issue").
pub fn entry_urls(issue: &Issue) -> Vec<String> {
    let mut out = Vec::new();
    for (_, s) in issue.sections_flat() {
        for b in &s.blocks {
            if let BlockKind::List { entries } = &b.kind {
                out.extend(entries.iter().filter_map(|e| e.value.url()).map(normalize));
            }
        }
    }
    out
}

/// What "Add selected" did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Added {
    pub added: usize,
    /// Already in the issue (same normalised URL): not added again.
    pub skipped: usize,
    /// Subsections created (their headings).
    pub created: Vec<String>,
    /// Lists with no place in this issue's layout, and how many entries that left out.
    pub not_placed: Vec<(String, usize)>,
}

fn find_kind(sections: &[Section], kind: SectionKind) -> Option<&Section> {
    sections.iter().find_map(|s| {
        if s.kind == kind {
            Some(s)
        } else {
            find_kind(&s.children, kind)
        }
    })
}

/// The group section `title` of `kind` anywhere under `root` (an alias for the RFCs team).
fn find_group(root: &Section, kind: SectionKind, title: &str) -> Option<Id> {
    let same = |s: &Section| {
        let t = s.plain_title().trim();
        t.eq_ignore_ascii_case(title) || (title == "Rust RFCs" && t.eq_ignore_ascii_case("RFCs"))
    };
    root.children.iter().find_map(|c| {
        if c.kind == kind && same(c) {
            Some(c.id)
        } else {
            find_group(c, kind, title)
        }
    })
}

/// Where a new group of `kind` goes: the parent holding such groups already, after the last
/// of them, at their level; else under `root` at `root.level + step`.
fn new_group_place(root: &Section, kind: SectionKind, step: u8) -> (Id, usize, u8) {
    fn holder(s: &Section, kind: SectionKind) -> Option<&Section> {
        if s.children.iter().any(|c| c.kind == kind) {
            return Some(s);
        }
        s.children.iter().find_map(|c| holder(c, kind))
    }
    match holder(root, kind) {
        Some(h) => {
            let last = h.children.iter().rposition(|c| c.kind == kind).unwrap_or(0);
            (h.id, last + 1, h.children[last].level)
        }
        None => (root.id, 0, (root.level + step).min(6)),
    }
}

/// The section `target`'s entries go into, created where the layout has a place for it.
fn section_for(issue: &mut Issue, target: Target, added: &mut Added) -> Option<Id> {
    let (root_kind, kind, step) = match target {
        Target::PrGroup(_) => (SectionKind::ProjectUpdates, SectionKind::PrGroup, 2),
        Target::CallsForTesting(_) => (
            SectionKind::CallsForTesting,
            SectionKind::CallsForTestingGroup,
            1,
        ),
        Target::Fcp(_) => (SectionKind::FinalCommentPeriod, SectionKind::FcpGroup, 1),
        Target::ApprovedRfcs | Target::NewRfcs => {
            let kind = if target == Target::ApprovedRfcs {
                SectionKind::ApprovedRfcs
            } else {
                SectionKind::NewRfcs
            };
            if let Some(s) = find_kind(&issue.sections, kind) {
                return Some(s.id);
            }
            let root = find_kind(&issue.sections, SectionKind::ProjectUpdates)?;
            let (id, level) = (root.id, root.level + 1);
            let at = if kind == SectionKind::ApprovedRfcs {
                root.children.iter().position(|c| {
                    c.kind == SectionKind::FinalCommentPeriod || c.kind == SectionKind::NewRfcs
                })
            } else {
                None
            };
            let new = issue
                .insert_section(Some(id), at, level, target.heading())
                .ok()?;
            added.created.push(target.heading().to_string());
            return Some(new);
        }
    };
    let root = find_kind(&issue.sections, root_kind)?;
    if let Some(id) = find_group(root, kind, target.heading()) {
        return Some(id);
    }
    let (parent, at, level) = new_group_place(root, kind, step);
    let new = issue
        .insert_section(Some(parent), Some(at), level, target.heading())
        .ok()?;
    added.created.push(target.heading().to_string());
    Some(new)
}

/// Puts the picked results into the issue as typed entries of their lists, skipping those
/// already in it (same normalised URL), and sets the merged count and its search link when
/// given. The whole is meant to be one undo step (one `Editor::edit`).
pub fn add_fetched(
    issue: &mut Issue,
    picked: &[(Target, Found)],
    merged: Option<(u64, &str)>,
) -> Result<Added, EditError> {
    let mut added = Added::default();
    let mut present = entry_urls(issue);
    for (target, found) in picked {
        if already_present(&present, &found.url) {
            added.skipped += 1;
            continue;
        }
        let Some(section) = section_for(issue, *target, &mut added) else {
            let where_ = target.heading().to_string();
            match added.not_placed.iter_mut().find(|(h, _)| *h == where_) {
                Some((_, n)) => *n += 1,
                None => added.not_placed.push((where_, 1)),
            }
            continue;
        };
        issue.insert_entry(section, None, entry_for(*target, found))?;
        present.push(normalize(&found.url));
        added.added += 1;
    }
    if let Some((count, link)) = merged {
        set_merged(issue, count, link);
    }
    Ok(added)
}

/// Sets "N pull requests were merged" and the `[merged]` link (adding the link's definition
/// after the count when the issue has none).
fn set_merged(issue: &mut Issue, count: u64, link: &str) {
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    let Some(root) = find_kind(&issue.sections, SectionKind::ProjectUpdates).map(|s| s.id) else {
        return;
    };
    let mut count_at = None;
    if let Some(s) = issue.section_mut(root) {
        for (n, b) in s.blocks.iter_mut().enumerate() {
            if let BlockKind::MergedCount { count: c, .. } = &mut b.kind {
                *c = count;
                count_at = Some(n);
            }
        }
    }
    let mut has_def = false;
    fn defs(sections: &mut [Section], link: &str, found: &mut bool) {
        for s in sections {
            for b in &mut s.blocks {
                if let BlockKind::LinkDef { label, url } = &mut b.kind {
                    if label == "merged" {
                        *url = link.to_string();
                        *found = true;
                    }
                }
            }
            defs(&mut s.children, link, found);
        }
    }
    defs(&mut issue.sections, link, &mut has_def);
    if let (false, Some(n)) = (has_def, count_at) {
        let _ = issue.insert_block(Some(root), Some(n + 1), BlockKind::Blank { count: 1 });
        let _ = issue.insert_block(
            Some(root),
            Some(n + 2),
            BlockKind::LinkDef {
                label: "merged".into(),
                url: link.to_string(),
            },
        );
    }
}

/// What to do with GitHub's title for an entry whose URL points at the item.
#[derive(Debug, Clone, PartialEq)]
pub enum TitleFromGitHub {
    /// The entry had no title: this is the entry with GitHub's.
    Fill(EntryValue),
    /// The entry's title is GitHub's already.
    Same,
    /// The entry has another title: GitHub's, to offer.
    Differs(String),
    /// The entry has no title field.
    NoTitle,
}

/// Compares an entry's title with GitHub's (as [`entry_title`] makes it).
pub fn title_from_github(value: &EntryValue, github_title: &str) -> TitleFromGitHub {
    let wanted = entry_title(github_title);
    let mut v = value.clone();
    let title = match &mut v {
        EntryValue::Link(l) => &mut l.title,
        EntryValue::Pr(p) => &mut p.title,
        EntryValue::Fcp(f) => &mut f.title,
        EntryValue::Rfc(r) => &mut r.title,
        _ => return TitleFromGitHub::NoTitle,
    };
    if wanted.is_empty() || title.trim() == wanted {
        TitleFromGitHub::Same
    } else if title.trim().is_empty() {
        *title = wanted;
        TitleFromGitHub::Fill(v)
    } else {
        TitleFromGitHub::Differs(wanted)
    }
}

#[cfg(test)]
#[path = "project_fetch_tests.rs"]
mod tests;
