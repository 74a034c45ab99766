//! The words of a pull request proposed from the app: what a draft changes against the
//! upstream draft ([`changes_between`]), the PR's title, body and branch name, and what a
//! GitHub token's scopes allow ([`TokenScopes`]). Pure: the network lives in the app.

use crate::date::Date;
use crate::merge::entry_identity;
use crate::model::{BlockKind, Entry, EntryValue, Issue, Section};
use crate::write::write_entry;

/// Whether an entry was added, changed or removed by a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

/// One entry a proposal adds, changes or removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, changed or removed.
    pub kind: ChangeKind,
    /// The section's heading path, plain titles (`["Updates from Rust Community",
    /// "Observations/Thoughts"]`).
    pub section: Vec<String>,
    /// What the entry is, as a singular noun (`link`, `event`, `pull request`, …).
    pub noun: &'static str,
    /// The entry's title (a link's text, an event's group, …).
    pub title: String,
}

/// The entries `after` adds, changes or removes against `before`, section by section.
///
/// An entry is the same across the two when it sits under the same heading path and has the
/// same identity as the merge knows it (normalised URL; an event's date and group), else the
/// same text. Order alone is not a change.
pub fn changes_between(before: &Issue, after: &Issue) -> Vec<Change> {
    let old = keyed_entries(before);
    let new = keyed_entries(after);
    let mut out = Vec::new();
    let mut used = vec![false; old.len()];
    for n in &new {
        match old
            .iter()
            .enumerate()
            .find(|(i, o)| !used[*i] && o.path == n.path && o.key == n.key)
        {
            Some((i, o)) => {
                used[i] = true;
                if o.text != n.text {
                    out.push(n.change(ChangeKind::Changed));
                }
            }
            None => out.push(n.change(ChangeKind::Added)),
        }
    }
    for (o, _) in old.iter().zip(&used).filter(|(_, u)| !**u) {
        out.push(o.change(ChangeKind::Removed));
    }
    out
}

struct Keyed<'a> {
    path: Vec<String>,
    key: String,
    text: String,
    entry: &'a Entry,
}

impl Keyed<'_> {
    fn change(&self, kind: ChangeKind) -> Change {
        let (noun, title) = describe(&self.entry.value);
        Change {
            kind,
            section: self.path.clone(),
            noun,
            title,
        }
    }
}

fn keyed_entries(issue: &Issue) -> Vec<Keyed<'_>> {
    fn go<'a>(out: &mut Vec<Keyed<'a>>, sections: &'a [Section], path: &mut Vec<String>) {
        for s in sections {
            path.push(s.plain_title().trim_end_matches(':').to_string());
            for b in &s.blocks {
                if let BlockKind::List { entries } = &b.kind {
                    for e in entries {
                        let text = write_entry(&e.value);
                        let key = entry_identity(&e.value).unwrap_or_else(|| text.clone());
                        out.push(Keyed {
                            path: path.clone(),
                            key,
                            text,
                            entry: e,
                        });
                    }
                }
            }
            go(out, &s.children, path);
            path.pop();
        }
    }
    let mut out = Vec::new();
    go(&mut out, &issue.sections, &mut Vec::new());
    out
}

/// The noun for an entry and the title a person would recognise it by.
fn describe(v: &EntryValue) -> (&'static str, String) {
    match v {
        EntryValue::Link(l) => ("link", l.title.clone()),
        EntryValue::Pr(p) => ("pull request", p.title.clone()),
        EntryValue::Fcp(f) => ("FCP item", f.title.clone()),
        EntryValue::Rfc(r) => ("RFC", r.title.clone()),
        EntryValue::CfpEvent(c) => ("call for proposals", c.name.clone()),
        EntryValue::Event(e) => ("event", format!("{} ({})", e.group, e.start)),
        EntryValue::Nothing(n) => ("line", n.text.clone()),
        EntryValue::Raw(r) => (
            "entry",
            r.text.lines().next().unwrap_or("").trim().to_string(),
        ),
    }
}

/// `2 links`, `1 event`: a count with its noun, plural when it is not one.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "a, b and c".
fn joined(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The counts of one kind of change, by noun in first-seen order (`2 links and 1 event`).
fn counts(changes: &[&Change]) -> String {
    let mut nouns: Vec<(&str, usize)> = Vec::new();
    for c in changes {
        match nouns.iter_mut().find(|(n, _)| *n == c.noun) {
            Some((_, k)) => *k += 1,
            None => nouns.push((c.noun, 1)),
        }
    }
    joined(
        &nouns
            .iter()
            .map(|(n, k)| counted(*k, n))
            .collect::<Vec<_>>(),
    )
}

/// The pull request's title: `Add 2 links to Observations/Thoughts`, `Add 1 event and 2 links,
/// change 1 link`, or `Update the draft` when nothing entry-shaped changed.
pub fn pr_title(changes: &[Change]) -> String {
    let mut parts = Vec::new();
    for (kind, verb) in [
        (ChangeKind::Added, "add"),
        (ChangeKind::Changed, "change"),
        (ChangeKind::Removed, "remove"),
    ] {
        let these: Vec<&Change> = changes.iter().filter(|c| c.kind == kind).collect();
        if these.is_empty() {
            continue;
        }
        let mut part = format!("{verb} {}", counts(&these));
        let first = &these[0].section;
        if these.iter().all(|c| &c.section == first) {
            if let Some(last) = first.last() {
                part.push_str(if kind == ChangeKind::Removed {
                    " from "
                } else {
                    " in "
                });
                part.push_str(last);
            }
        }
        parts.push(part);
    }
    let mut title = if parts.is_empty() {
        "update the draft".to_string()
    } else {
        parts.join(", ")
    };
    // "Add 2 links to X" reads better than "in" for additions.
    if let Some(rest) = title.strip_prefix("add ") {
        if let Some((what, place)) = rest.split_once(" in ") {
            if !what.contains(", ") {
                title = format!("add {what} to {place}");
            }
        }
    }
    let mut chars = title.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => title,
    }
}

/// The pull request's body: every change as a list item under its section, and a line saying
/// where it was written.
pub fn pr_body(changes: &[Change], draft_path: &str) -> String {
    let mut out = String::new();
    let mut sections: Vec<&Vec<String>> = Vec::new();
    for c in changes {
        if !sections.contains(&&c.section) {
            sections.push(&c.section);
        }
    }
    for s in sections {
        out.push_str(&format!("**{}**\n\n", s.join(" › ")));
        for c in changes.iter().filter(|c| &c.section == s) {
            let verb = match c.kind {
                ChangeKind::Added => "Add",
                ChangeKind::Changed => "Change",
                ChangeKind::Removed => "Remove",
            };
            out.push_str(&format!("- {verb} {}: {}\n", c.noun, c.title));
        }
        out.push('\n');
    }
    if changes.is_empty() {
        out.push_str("No entry changed; the draft's text did.\n\n");
    }
    out.push_str(&format!("Edits `{draft_path}`. Proposed with twir-editor."));
    out
}

/// A branch name for a proposal on the draft of `date`: `twir/2027-04-21-rust-in-space`,
/// from the first added (else changed) entry's title; only `a-z0-9-`, at most 40 characters
/// after the date. `taken` says whether a name exists already; a number is then appended.
pub fn pr_branch(date: Date, changes: &[Change], taken: impl Fn(&str) -> bool) -> String {
    let title = changes
        .iter()
        .min_by_key(|c| c.kind)
        .map_or("update", |c| c.title.as_str());
    let mut slug = String::new();
    for ch in title.chars().map(crate::fold_char) {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "update" } else { slug };
    let base = format!("twir/{date}-{slug}");
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|b| !taken(b))
        .unwrap_or(base)
}

/// What a GitHub token may do, from the `X-OAuth-Scopes` header of `GET /user`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenScopes {
    /// A classic token with these scopes.
    Classic(Vec<String>),
    /// No `X-OAuth-Scopes` header: a fine-grained token, whose rights are per repository
    /// (read the repository's `permissions` instead).
    FineGrained,
}

impl TokenScopes {
    /// Reads the header's value (`None` when the answer had no such header).
    pub fn from_header(header: Option<&str>) -> TokenScopes {
        match header {
            None => TokenScopes::FineGrained,
            Some(h) => TokenScopes::Classic(
                h.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
        }
    }

    /// Why this token cannot open a pull request from a fork of a public repository, if it
    /// cannot: a classic token needs `public_repo` (or `repo`). A fine-grained token's rights
    /// are only known per repository, so it passes here.
    pub fn missing_for_pull_requests(&self) -> Option<String> {
        match self {
            TokenScopes::Classic(s) if s.iter().any(|x| x == "public_repo" || x == "repo") => None,
            TokenScopes::Classic(s) => Some(format!(
                "this classic token has {} but needs the `public_repo` scope to fork and \
                 open pull requests",
                if s.is_empty() {
                    "no scope".to_string()
                } else {
                    format!("only {}", s.join(", "))
                }
            )),
            TokenScopes::FineGrained => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    const BEFORE: &str = "Title: T\n\n## Updates from Rust Community\n\n### Observations/Thoughts\n\
        * [Old post](https://a.example/old)\n* [Kept](https://a.example/kept)\n\n### Rust Walkthroughs\n\
        * [Gone](https://b.example/gone)\n";

    fn changes(after: &str) -> Vec<Change> {
        changes_between(&parse(BEFORE).issue, &parse(after).issue)
    }

    #[test]
    fn two_links_added_to_one_section_make_the_title() {
        let after = BEFORE.replace(
            "* [Kept](https://a.example/kept)\n",
            "* [Kept](https://a.example/kept)\n* [New one](https://c.example/1)\n* [New two](https://c.example/2)\n",
        );
        let c = changes(&after);
        assert_eq!(c.len(), 2);
        assert!(c
            .iter()
            .all(|c| c.kind == ChangeKind::Added && c.noun == "link"));
        assert_eq!(pr_title(&c), "Add 2 links to Observations/Thoughts");
        let body = pr_body(&c, "draft/x.md");
        assert!(body.contains("**Updates from Rust Community › Observations/Thoughts**"));
        assert!(body.contains("- Add link: New two\n"));
        assert!(body.ends_with("Edits `draft/x.md`. Proposed with twir-editor."));
    }

    #[test]
    fn a_changed_title_a_removal_and_order_alone() {
        // The old post's title changes (same URL), "Gone" is removed, and two links swap.
        let after = "Title: T\n\n## Updates from Rust Community\n\n### Observations/Thoughts\n\
            * [Kept](https://a.example/kept)\n* [Old post, new words](https://a.example/old/)\n\n### Rust Walkthroughs\n";
        let c = changes(after);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.title.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::Changed, "Old post, new words"),
                (ChangeKind::Removed, "Gone")
            ]
        );
        assert_eq!(
            pr_title(&c),
            "Change 1 link in Observations/Thoughts, remove 1 link from Rust Walkthroughs"
        );
        assert_eq!(pr_title(&[]), "Update the draft");
    }

    #[test]
    fn branch_names_are_safe_and_unique() {
        let date = Date::parse("2027-04-21").unwrap();
        let c = vec![Change {
            kind: ChangeKind::Added,
            section: vec![],
            noun: "link",
            title: "Rust in Space: Ümlauts & \"quotes\"!".into(),
        }];
        assert_eq!(
            pr_branch(date, &c, |_| false),
            "twir/2027-04-21-rust-in-space-mlauts-quotes"
        );
        let taken = ["twir/2027-04-21-update", "twir/2027-04-21-update-2"];
        assert_eq!(
            pr_branch(date, &[], |b| taken.contains(&b)),
            "twir/2027-04-21-update-3"
        );
    }

    #[test]
    fn token_scopes_say_what_is_missing() {
        assert_eq!(
            TokenScopes::from_header(Some("public_repo, read:user")).missing_for_pull_requests(),
            None
        );
        assert_eq!(
            TokenScopes::from_header(Some("repo")).missing_for_pull_requests(),
            None
        );
        let missing = TokenScopes::from_header(Some("read:user, gist"))
            .missing_for_pull_requests()
            .unwrap();
        assert!(
            missing.contains("only read:user, gist") && missing.contains("public_repo"),
            "{missing}"
        );
        assert!(TokenScopes::from_header(Some(""))
            .missing_for_pull_requests()
            .unwrap()
            .contains("no scope"));
        assert_eq!(TokenScopes::from_header(None), TokenScopes::FineGrained);
    }
}
