//! Links: the newsletter's link checks on community links (tracking parameters, scheme,
//! doubled slashes, duplicates within the issue and the 24 before, front pages, prefixes,
//! titles), and the tracking-parameter rule on every other link.

use std::collections::HashMap;

use crate::model::{Entry, EntryValue, Id, Link};
use crate::url;

use super::rule::declare_rule;
use super::{
    for_community_entries, for_entries, is_community, Checker, Fix, FixEdit, Mode, PastIssue,
};

declare_rule! {
    pub(super) TRACKING_PARAM, "tracking-param", Error,
        "community link with utm_ tracking parameters";
    pub(super) LINK_SCHEME, "link-scheme", Error,
        "community link with a scheme other than http, https or mailto";
    pub(super) DOUBLE_SLASH, "double-slash", Error, "link whose path has doubled slashes";
    pub(super) DUPLICATE_LINK, "duplicate-link", Error,
        "community link already in this issue or one of the 24 before";
    pub(super) TRUNCATED_TITLE, "truncated-title", Warning,
        "link title of exactly 70 characters ending in ...";
    pub(super) REPO_ROOT_LINK, "repo-root-link", Warning,
        "link to a GitHub repository root or a crate's registry page";
    pub(super) PROJECT_TOOLING_PR, "project-tooling-pr", Error,
        "contributor link under Project/Tooling Updates";
    pub(super) PREFIX_SPELLING, "prefix-spelling", Warning,
        "link prefix not spelled as the guidelines say";
    pub(super) PREFIX_POSITION, "prefix-position", Warning,
        "link prefix after the link instead of before";
    pub(super) BARE_URL_TITLE, "bare-url-title", Warning, "link text is a bare URL";
    /// Also reported for events, their co-hosts and talks.
    pub(super) EMPTY_LINK, "empty-link", Error, "link with an empty title or URL";
    pub(super) TEXT_AFTER_LINK, "text-after-link", Warning,
        "community link with text after the link";
}

/// Prefixes the guidelines name, in their spelling.
const KNOWN_TAGS: &[&str] = &["video", "audio", "series"];

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
pub(super) fn entry_urls(v: &EntryValue) -> Vec<String> {
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

impl Checker<'_> {
    pub(super) fn community(&mut self) {
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
            crate::sort_by(&mut h, |a, b| b.date.cmp(&a.date));
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
                        &DUPLICATE_LINK,
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
                            &DUPLICATE_LINK,
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
                self.at(e.id, "", &PROJECT_TOOLING_PR,
                    "Project/Tooling Updates takes no pull requests: the editors pick its links from r/rust; \
                     move this link to another category".into(), None);
            }
            match &e.value {
                EntryValue::Link(l) => self.link_rules(e.id, l, true),
                EntryValue::Raw(r) => {
                    for tag in ["[video]", "[audio]", "[series]"] {
                        if let Some(pos) = r.text.find(tag) {
                            if r.text[..pos].contains("](") {
                                self.at(e.id, tag, &PREFIX_POSITION,
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
    pub(super) fn other_links(&mut self) {
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
                &TRACKING_PARAM,
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
                &LINK_SCHEME,
                format!("links must use http, https or mailto, not `{s}:`"),
                None,
            ),
            None => self.at(
                e.id,
                u,
                &LINK_SCHEME,
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
                &DOUBLE_SLASH,
                format!("the link can be simplified to {fixed}"),
                fix,
            );
        }
        if let Some(host) = url::host(u) {
            let segs = url::segments(u);
            if host == "github.com" && segs.len() == 2 {
                self.at(e.id, u, &REPO_ROOT_LINK,
                    "this links to a GitHub repository's front page: the guidelines ask for a post, release or announcement".into(), None);
            }
            if host == "crates.io" && segs.first() == Some(&"crates") {
                self.at(e.id, u, &REPO_ROOT_LINK,
                    "this links to a crate's registry page: the guidelines ask for a post, release or announcement".into(), None);
            }
        }
    }

    pub(super) fn link_rules(&mut self, id: Id, l: &Link, community: bool) {
        if l.title.trim().is_empty() || l.url.trim().is_empty() {
            let what = if l.title.trim().is_empty() {
                "title"
            } else {
                "URL"
            };
            self.at(id, "", &EMPTY_LINK, format!("the link has no {what}"), None);
        }
        if let Some(i) = l
            .subs
            .iter()
            .position(|s| s.title.trim().is_empty() || s.url.trim().is_empty())
        {
            self.at(
                id,
                "",
                &EMPTY_LINK,
                format!("the link under it (line {}) has no title or URL", i + 2),
                None,
            );
        }
        if l.title.chars().count() == 70 && l.title.ends_with("...") {
            self.at(id, &l.title, &TRUNCATED_TITLE,
                "the title is 70 characters and ends in `...`: it was probably cut off; use the page's whole title".into(), None);
        }
        let t = l.title.trim();
        if t.starts_with("http://") || t.starts_with("https://") {
            self.at(
                id,
                &l.title,
                &BARE_URL_TITLE,
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
                    &PREFIX_SPELLING,
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
                self.at(id, &format!("[{tag}]"), &PREFIX_SPELLING,
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
                    &PREFIX_POSITION,
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
            self.at(id, &l.note, &TEXT_AFTER_LINK,
                "text after the link: the guidelines want just `* [Title](URL)` with the page's title".into(), None);
        }
    }
}
