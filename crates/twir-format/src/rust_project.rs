//! What "Fetch from GitHub" needs to know about the Rust Project part of an issue, apart from
//! the network: the reporting week of an issue, the GitHub searches that fill each list, the
//! typed entries a search result becomes, and the title a GitHub pull request or issue gives
//! an entry.
//!
//! The week follows the newsletter's own tooling: the lists are gathered on the Tuesday before
//! publication, over the previous Tuesday to that Tuesday, both days included.

use crate::date::{Date, Weekday};
use crate::model::{EntryValue, Fcp, Link, Pr, Rfc};
use crate::url::normalize;

/// The reporting week of an issue: `start..=end`, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: Date,
    pub end: Date,
}

impl Window {
    /// The range as GitHub's search writes it: `2027-03-09..2027-03-16`.
    pub fn range(&self) -> String {
        format!("{}..{}", self.start, self.end)
    }
}

/// The week an issue dated `issue` reports on: it ends on the last Tuesday before the issue
/// (the day before a Wednesday issue) and starts seven days earlier.
pub fn report_window(issue: Date) -> Option<Window> {
    let mut end = issue.add_days(-1)?;
    while end.weekday() != Weekday::Tuesday {
        end = end.add_days(-1)?;
    }
    Some(Window {
        start: end.add_days(-7)?,
        end,
    })
}

/// Which list of the issue a search fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A pull-request group of "Updates from the Rust Project" (`#### Compiler`, …).
    PrGroup(&'static str),
    /// A group of "Calls for Testing" (`### Rust`, …).
    CallsForTesting(&'static str),
    /// "Approved RFCs".
    ApprovedRfcs,
    /// A team of "Final Comment Period" (`##### Rust`, …).
    Fcp(&'static str),
    /// "New and Updated RFCs".
    NewRfcs,
}

impl Target {
    /// The heading text of the subsection the entries go under (a link in some layouts: the
    /// section is matched by its plain title).
    pub fn heading(self) -> &'static str {
        match self {
            Target::PrGroup(h) | Target::CallsForTesting(h) | Target::Fcp(h) => h,
            Target::ApprovedRfcs => "Approved RFCs",
            Target::NewRfcs => "New and Updated RFCs",
        }
    }
}

/// The repositories whose merged pull requests are listed, each under the group heading the
/// current layout gives it. rust-lang/rust's go under Compiler unless a team label says
/// otherwise ([`pr_group`]).
pub const PR_REPOS: [(&str, &str); 6] = [
    ("rust-lang/rust", "Compiler"),
    ("rust-lang/cargo", "Cargo"),
    ("rust-lang/rust-clippy", "Clippy"),
    ("rust-lang/rust-analyzer", "Rust-Analyzer"),
    ("rust-lang/rustfmt", "Rustfmt"),
    ("rust-lang/rustup", "Rustup"),
];

/// The repositories whose `call-for-testing` items are listed, with their group headings.
pub const CFT_REPOS: [(&str, &str); 4] = [
    ("rust-lang/rust", "Rust"),
    ("rust-lang/cargo", "Cargo"),
    ("rust-lang/rustup", "Rustup"),
    ("rust-lang/rfcs", "Rust language RFCs"),
];

/// The teams whose `final-comment-period` items are listed: heading, repository, and any
/// further search qualifier (the compiler team lists major changes only).
pub const FCP_REPOS: [(&str, &str, &str); 8] = [
    ("Rust", "rust-lang/rust", ""),
    ("Rust RFCs", "rust-lang/rfcs", ""),
    ("Cargo", "rust-lang/cargo", ""),
    (
        "Compiler Team",
        "rust-lang/compiler-team",
        " label:major-change",
    ),
    ("Language Team", "rust-lang/lang-team", ""),
    ("Language Reference", "rust-lang/reference", ""),
    ("Leadership Council", "rust-lang/leadership-council", ""),
    (
        "Unsafe Code Guidelines",
        "rust-lang/unsafe-code-guidelines",
        "",
    ),
];

/// The search behind "N pull requests were merged in the last week".
pub fn merged_count_query(w: &Window) -> String {
    format!("is:pr org:rust-lang is:merged merged:{}", w.range())
}

/// The web address of that search, as the issue links it (`[merged]: …`).
pub fn merged_search_url(web: &str, w: &Window) -> String {
    format!(
        "{}/search?q=is%3Apr+org%3Arust-lang+is%3Amerged+merged%3A{}",
        web.trim_end_matches('/'),
        w.range()
    )
}

/// One item of a GitHub search result, with the fields that matter here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    pub title: String,
    /// `html_url`.
    pub url: String,
    /// The names of its labels.
    pub labels: Vec<String>,
}

/// The title an entry takes from GitHub's: as GitHub has it, trimmed, without a final period
/// (the newsletter's lists do not end titles with one; an ellipsis stays).
pub fn entry_title(github_title: &str) -> String {
    let t = github_title.trim();
    match t.strip_suffix('.') {
        Some(rest) if !rest.ends_with('.') => rest.trim_end().to_string(),
        _ => t.to_string(),
    }
}

/// The group a merged pull request of rust-lang/rust belongs to, from its team labels; the
/// repository's own group for every other repository.
pub fn pr_group(repo_group: &'static str, labels: &[String]) -> &'static str {
    if repo_group != "Compiler" {
        return repo_group;
    }
    let has = |l: &str| labels.iter().any(|x| x == l);
    if has("T-rustdoc") || has("T-rustdoc-frontend") {
        "Rustdoc"
    } else if has("T-libs") || has("T-libs-api") {
        "Library"
    } else {
        "Compiler"
    }
}

/// The typed entry a search result becomes in `target`'s list.
pub fn entry_for(target: Target, found: &Found) -> EntryValue {
    let title = entry_title(&found.title);
    let url = found.url.clone();
    match target {
        Target::PrGroup(_) => EntryValue::Pr(Pr {
            group: None,
            title,
            url,
            note: String::new(),
        }),
        Target::Fcp(_) => EntryValue::Fcp(Fcp {
            // `disposition-merge` is the default and is not written.
            disposition: found
                .labels
                .iter()
                .filter_map(|l| l.strip_prefix("disposition-"))
                .find(|d| *d != "merge")
                .map(str::to_string),
            title,
            url,
        }),
        Target::NewRfcs => EntryValue::Rfc(Rfc {
            status: Some("new".to_string()),
            title,
            url,
        }),
        Target::CallsForTesting(_) | Target::ApprovedRfcs => EntryValue::Link(Link {
            title,
            url,
            ..Link::default()
        }),
    }
}

/// Whether an entry with `url` is already somewhere in `present` (normalised URLs of the
/// issue's entries, as [`crate::normalize_url`] makes them).
pub fn already_present(present: &[String], url: &str) -> bool {
    let n = normalize(url);
    present.contains(&n)
}

/// A GitHub pull request or issue address: owner, repository, number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitHubItem {
    pub owner: String,
    pub repo: String,
    pub number: u64,
}

impl GitHubItem {
    /// The API path of the item (`repos/o/r/issues/N`: GitHub answers it for pull requests
    /// too, with the title).
    pub fn api_path(&self) -> String {
        format!("repos/{}/{}/issues/{}", self.owner, self.repo, self.number)
    }
}

/// The pull request or issue `url` points to, when it is one on `github.com`
/// (`https://github.com/o/r/pull/123`, `/issues/123`, with anything after the number).
pub fn github_item(url: &str) -> Option<GitHubItem> {
    let rest = url
        .trim()
        .strip_prefix("https://github.com/")
        .or_else(|| url.trim().strip_prefix("http://github.com/"))
        .or_else(|| url.trim().strip_prefix("https://www.github.com/"))?;
    let mut parts = rest.split('/');
    let owner = parts.next().filter(|s| !s.is_empty())?;
    let repo = parts.next().filter(|s| !s.is_empty())?;
    let kind = parts.next()?;
    if kind != "pull" && kind != "issues" {
        return None;
    }
    let number = parts.next()?;
    let digits: &str = number
        .split(['?', '#'])
        .next()
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))?;
    Some(GitHubItem {
        owner: owner.to_string(),
        repo: repo.to_string(),
        number: digits.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn the_week_ends_on_the_tuesday_before_the_issue() {
        let w = report_window(d("2027-03-17")).unwrap(); // a Wednesday
        assert_eq!((w.start, w.end), (d("2027-03-09"), d("2027-03-16")));
        assert_eq!(w.range(), "2027-03-09..2027-03-16");
        // Any other day: the last Tuesday before it.
        let w = report_window(d("2027-03-16")).unwrap(); // a Tuesday
        assert_eq!(w.end, d("2027-03-09"));
        let w = report_window(d("2027-03-20")).unwrap(); // a Saturday
        assert_eq!(w.end, d("2027-03-16"));
        assert!(report_window(d("0001-01-01")).is_none());
    }

    #[test]
    fn the_merged_count_links_its_search() {
        let w = report_window(d("2027-03-17")).unwrap();
        assert_eq!(
            merged_count_query(&w),
            "is:pr org:rust-lang is:merged merged:2027-03-09..2027-03-16"
        );
        assert_eq!(
            merged_search_url("https://github.com/", &w),
            "https://github.com/search?q=is%3Apr+org%3Arust-lang+is%3Amerged+merged%3A2027-03-09..2027-03-16"
        );
    }

    #[test]
    fn results_become_typed_entries_of_their_list() {
        let found = Found {
            title: "  Stabilize the thing. ".into(),
            url: "https://github.com/rust-lang/rust/pull/1".into(),
            labels: vec!["T-libs-api".into(), "disposition-close".into()],
        };
        match entry_for(Target::PrGroup("Compiler"), &found) {
            EntryValue::Pr(p) => assert_eq!(p.title, "Stabilize the thing"),
            other => panic!("{other:?}"),
        }
        match entry_for(Target::Fcp("Rust"), &found) {
            EntryValue::Fcp(f) => assert_eq!(f.disposition.as_deref(), Some("close")),
            other => panic!("{other:?}"),
        }
        let merge = Found {
            labels: vec!["disposition-merge".into()],
            ..found.clone()
        };
        match entry_for(Target::Fcp("Rust"), &merge) {
            EntryValue::Fcp(f) => assert_eq!(f.disposition, None),
            other => panic!("{other:?}"),
        }
        match entry_for(Target::NewRfcs, &found) {
            EntryValue::Rfc(r) => assert_eq!(r.status.as_deref(), Some("new")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            entry_for(Target::CallsForTesting("Rust"), &found),
            EntryValue::Link(_)
        ));
        assert_eq!(pr_group("Compiler", &found.labels), "Library");
        assert_eq!(pr_group("Compiler", &["T-rustdoc".into()]), "Rustdoc");
        assert_eq!(pr_group("Compiler", &[]), "Compiler");
        assert_eq!(pr_group("Cargo", &["T-libs".into()]), "Cargo");
    }

    #[test]
    fn titles_keep_github_wording_without_a_final_period() {
        assert_eq!(entry_title("Fix the parser."), "Fix the parser");
        assert_eq!(entry_title("Wait for it..."), "Wait for it...");
        assert_eq!(entry_title(" As is "), "As is");
    }

    #[test]
    fn github_item_addresses_are_recognised_and_others_are_not() {
        let item =
            github_item("https://github.com/rust-lang/rust/pull/132400#issuecomment-9").unwrap();
        assert_eq!(
            item,
            GitHubItem {
                owner: "rust-lang".into(),
                repo: "rust".into(),
                number: 132400
            }
        );
        assert_eq!(item.api_path(), "repos/rust-lang/rust/issues/132400");
        assert!(github_item("https://github.com/rust-lang/cargo/issues/7?x=1").is_some());
        assert!(github_item("https://github.com/rust-lang/rust").is_none());
        assert!(github_item("https://github.com/rust-lang/rust/commits/master").is_none());
        assert!(github_item("https://github.com/o/r/pull/").is_none());
        assert!(github_item("https://gitlab.com/o/r/pull/1").is_none());
        assert!(already_present(
            &[normalize("https://github.com/o/r/pull/1")],
            "https://github.com/o/r/pull/1?utm_source=x"
        ));
    }
}
