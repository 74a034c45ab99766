//! Starting issues: the built-in skeleton, "next issue from this one", and contributions
//! (just some entries under their section headings) with their insertion into a draft.

use crate::date::{expected_number, Date};
use crate::model::{Block, BlockKind, EntryValue, Id, Issue, Section, SectionKind};
use crate::parse::parse;
use crate::write::write;

/// The project's own skeleton of a current issue (its own wording, not the newsletter's).
const SKELETON: &str = "Title: This Week in Rust {N}
Number: {N}
Date: {DATE}
Category: This Week in Rust

Welcome to a new issue of *This Week in Rust*, the weekly round-up of what happened around
the [Rust](https://www.rust-lang.org/) language and its community.

## Updates from Rust Community

### Official

### Foundation

### Newsletters

### Project/Tooling Updates

### Observations/Thoughts

### Rust Walkthroughs

### Research

### Miscellaneous

## Crate of the Week

This week's crate is [](), .

Thanks to []() for the suggestion!

## Calls for Testing

Features that want testers before they are stabilized.

## Call for Participation; projects and speakers

### CFP - Projects

Tasks from Rust projects that welcome new contributors.

### CFP - Events

Events looking for speakers.

## Updates from the Rust Project

0 pull requests were [merged in the last week][merged]

#### Compiler

#### Library

#### Cargo

#### Rustdoc

#### Clippy

#### Rust-Analyzer

### Rust Compiler Performance Triage

### Approved RFCs

### Final Comment Period

### New and Updated RFCs

## Upcoming Events

Rusty Events between {DATE} - {END} 🦀

### Virtual

### Africa

### Asia

### Europe

### North America

### Oceania

### South America

## Jobs

# Quote of the Week

<small>[Discuss on r/rust](REDDIT_LINK_HERE)</small>
";

/// A new issue from the built-in skeleton, for the given number and date.
pub fn skeleton(number: u32, date: Date) -> Issue {
    let end = date.add_days(28).unwrap_or(date);
    let text = SKELETON
        .replace("{N}", &number.to_string())
        .replace("{DATE}", &date.to_string())
        .replace("{END}", &end.to_string());
    parse(&text).issue
}

/// The skeleton of the issue that comes out on the first Wednesday after `today`.
pub fn skeleton_after(today: Date) -> Issue {
    let date = today.next_wednesday().unwrap_or(today);
    skeleton(expected_number(date).unwrap_or(0), date)
}

/// Shifts every `YYYY-MM-DD` in `s` by `days`.
fn shift_dates(s: &str, days: i64) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if let Some(d) = s.get(i..i + 10).and_then(Date::parse) {
            let shifted = d.add_days(days).unwrap_or(d);
            out.push_str(&shifted.to_string());
            i += 10;
            continue;
        }
        let ch = s[i..].chars().next().expect("in bounds");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// The issue a week after `prev`: number + 1, date + 7 days, an events window of four weeks;
/// events and calls for papers that are still ahead are carried over, past ones dropped;
/// the weekly sections are emptied and the standing text kept.
pub fn next_issue(prev: &Issue) -> Issue {
    let mut next = prev.clone();
    let old_date = prev.front_matter.date();
    let date = old_date.and_then(|d| d.add_days(7));
    if let Some(n) = prev.front_matter.number() {
        next.front_matter.set("Number", (n + 1).to_string());
        next.front_matter
            .set("Title", format!("This Week in Rust {}", n + 1));
    }
    if let Some(d) = date {
        next.front_matter.set("Date", d.to_string());
    }
    for s in &mut next.sections {
        empty_weekly(s, date);
    }
    next
}

fn empty_weekly(s: &mut Section, date: Option<Date>) {
    use SectionKind::*;
    let kind = s.kind;
    let mut keep_blocks = Vec::with_capacity(s.blocks.len());
    for mut b in std::mem::take(&mut s.blocks) {
        let keep = match &mut b.kind {
            BlockKind::List { entries } => {
                match kind {
                    EventRegion | UpcomingEvents => entries.retain(|e| match (&e.value, date) {
                        (EntryValue::Event(ev), Some(d)) => ev.end.unwrap_or(ev.start) >= d,
                        (EntryValue::Raw(_), _) => true,
                        _ => false,
                    }),
                    CfpEvents => entries.retain(|e| match (&e.value, date) {
                        (EntryValue::CfpEvent(c), Some(d)) => {
                            Date::parse(c.cfp_until.trim()).is_some_and(|u| u >= d)
                        }
                        _ => false,
                    }),
                    Community | CommunityCategory | CallsForTesting | CallsForTestingGroup
                    | CfpProjects | ProjectUpdates | PrGroup | ApprovedRfcs
                    | FinalCommentPeriod | FcpGroup | NewRfcs => entries.clear(),
                    _ => {}
                }
                true
            }
            BlockKind::EventsWindow { start, end, .. } => {
                if let Some(d) = date {
                    *start = d;
                    *end = d.add_days(28).unwrap_or(d);
                }
                true
            }
            BlockKind::MergedCount { count, .. } => {
                *count = 0;
                true
            }
            BlockKind::LinkDef { label, url } if label == "merged" => {
                *url = shift_dates(url, 7);
                true
            }
            BlockKind::CrateOfTheWeek {
                name,
                url,
                description,
            } => {
                name.clear();
                url.clear();
                description.clear();
                true
            }
            BlockKind::Thanks { name, url, .. } => {
                name.clear();
                url.clear();
                true
            }
            BlockKind::Quote { lines } => {
                *lines = vec![String::new()];
                true
            }
            BlockKind::Attribution {
                author, url, rest, ..
            } => {
                author.clear();
                url.clear();
                rest.clear();
                true
            }
            BlockKind::TriageBy { author } => {
                author.clear();
                true
            }
            BlockKind::RevisionRange { label, url } => {
                label.clear();
                url.clear();
                true
            }
            BlockKind::FullReport { url } => {
                url.clear();
                true
            }
            BlockKind::Discuss { url } => {
                *url = "REDDIT_LINK_HERE".to_string();
                true
            }
            // The triage's summary and table are pasted anew each week.
            BlockKind::Text { .. } | BlockKind::Raw { .. } if kind == PerfTriage => false,
            _ => true,
        };
        if keep {
            keep_blocks.push(b);
        }
    }
    s.blocks = keep_blocks;
    for c in &mut s.children {
        empty_weekly(c, date);
    }
}

/// The skeleton a contribution's headings come from (its date does not matter: a
/// contribution has no front matter or events window).
fn contribution_base() -> Issue {
    skeleton(0, Date::new(2022, 1, 5).expect("a valid date"))
}

/// Kinds of section a contributor can add entries to.
fn takes_contributions(kind: SectionKind) -> bool {
    use SectionKind::*;
    matches!(
        kind,
        CommunityCategory | CallsForTesting | CfpProjects | CfpEvents | EventRegion
    )
}

/// The skeleton's sections a contributor can add entries to, as heading paths (titles as
/// written, from the top level down), in the skeleton's order.
pub fn contribution_sections() -> Vec<Vec<String>> {
    fn go(list: &[Section], path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        for s in list {
            path.push(s.title().to_string());
            if takes_contributions(s.kind) {
                out.push(path.clone());
            }
            go(&s.children, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    go(&contribution_base().sections, &mut Vec::new(), &mut out);
    out
}

/// An empty contribution: only the chosen sections of the skeleton (paths as given by
/// [`contribution_sections`]) with their parents' headings, no front matter and no prose.
pub fn contribution(chosen: &[Vec<String>]) -> Issue {
    fn prune(s: &Section, path: &mut Vec<String>, chosen: &[Vec<String>]) -> Option<Section> {
        path.push(s.title().to_string());
        let wanted = chosen.iter().any(|c| c.starts_with(path));
        let out = wanted.then(|| {
            let mut out = s.clone();
            // One blank line under each heading: room to type the entries.
            out.blocks
                .retain(|b| matches!(b.kind, BlockKind::Blank { .. }));
            out.blocks.truncate(1);
            out.children = s
                .children
                .iter()
                .filter_map(|c| prune(c, path, chosen))
                .collect();
            out
        });
        path.pop();
        out
    }
    let base = contribution_base();
    let sections = base
        .sections
        .iter()
        .filter_map(|s| prune(s, &mut Vec::new(), chosen))
        .collect();
    Issue {
        newline: base.newline,
        final_newline: true,
        sections,
        next_id: base.next_id,
        ..Issue::default()
    }
}

/// The path of section titles from the top to `id` (plain titles).
fn title_path(issue: &Issue, id: Id) -> Option<Vec<String>> {
    fn go(ss: &[Section], id: Id, path: &mut Vec<String>) -> bool {
        for s in ss {
            path.push(s.plain_title().trim_end_matches(':').to_ascii_lowercase());
            if s.id == id || go(&s.children, id, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    go(&issue.sections, id, &mut path).then_some(path)
}

fn find_by_path(issue: &Issue, path: &[String]) -> Option<Id> {
    let mut list = &issue.sections;
    let mut found = None;
    for t in path {
        let s = list.iter().find(|s| {
            s.plain_title()
                .trim_end_matches(':')
                .eq_ignore_ascii_case(t)
        })?;
        found = Some(s.id);
        list = &s.children;
    }
    found
}

/// Only the sections that hold list entries, with their headings: what a contributor
/// pastes into the current draft.
pub fn contribution_text(contribution: &Issue) -> String {
    fn has_entries(s: &Section) -> bool {
        s.blocks
            .iter()
            .any(|b| matches!(&b.kind, BlockKind::List { entries } if !entries.is_empty()))
            || s.children.iter().any(has_entries)
    }
    fn prune(s: &Section) -> Option<Section> {
        if !has_entries(s) {
            return None;
        }
        let mut out = s.clone();
        out.blocks
            .retain(|b| matches!(&b.kind, BlockKind::List { entries } if !entries.is_empty()));
        out.children = s.children.iter().filter_map(prune).collect();
        Some(out)
    }
    let mut sections: Vec<Section> = contribution.sections.iter().filter_map(prune).collect();
    // A blank line after each list keeps the pasted text readable and valid Markdown.
    fn space(s: &mut Section, id: &mut u32) {
        if !s.blocks.is_empty() {
            *id += 1;
            s.blocks.push(Block {
                id: Id(*id),
                kind: BlockKind::Blank { count: 1 },
            });
        }
        for c in &mut s.children {
            space(c, id);
        }
    }
    let mut next = contribution.next_id + 1000;
    for s in &mut sections {
        space(s, &mut next);
    }
    let only = Issue {
        newline: contribution.newline,
        final_newline: true,
        sections,
        ..Issue::default()
    };
    write(&only)
}

/// Where one contributed entry went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// Inserted into the draft's section with this id.
    Placed { entry: Id, section: Id },
    /// The draft has no section with this heading path; the entry was not inserted.
    NoSection { path: Vec<String> },
}

/// Inserts every entry of a contribution into the draft, under the section with the same
/// heading path (events by date). Returns where each entry went.
pub fn insert_contribution(draft: &mut Issue, contribution: &Issue) -> Vec<Placement> {
    let mut out = Vec::new();
    for (_, s) in contribution.sections_flat() {
        for b in &s.blocks {
            let BlockKind::List { entries } = &b.kind else {
                continue;
            };
            for e in entries {
                let Some(path) = title_path(contribution, s.id) else {
                    continue;
                };
                match find_by_path(draft, &path) {
                    Some(target) => {
                        if let Ok(id) = draft.insert_entry(target, None, e.value.clone()) {
                            out.push(Placement::Placed {
                                entry: id,
                                section: target,
                            });
                        }
                    }
                    None => out.push(Placement::NoSection { path }),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREV: &str = "Title: This Week in Rust 700
Number: 700
Date: 2027-04-21
Category: This Week in Rust

Standing welcome text.

## Updates from Rust Community

### Official
* [A post](https://a.example)

## Crate of the Week

This week's crate is [c](https://crates.example/c), a crate.

## Call for Participation; projects and speakers

### CFP - Events
* [**Open**](https://o.example) | CFP open until 2027-05-30 | Lyon, FR | 2027-09-10
* [**Closed**](https://c.example) | CFP open until 2027-04-25 | Rome, IT | 2027-06-10

## Updates from the Rust Project

321 pull requests were [merged in the last week][merged]

[merged]: https://github.com/search?q=merged%3A2027-04-13..2027-04-20

## Upcoming Events

Rusty Events between 2027-04-21 - 2027-05-19 🦀

### Europe
* 2027-04-22 | Berlin, DE | [Past](https://p.example)
    * [**Past talk**](https://p.example/1)
* 2027-04-27 - 2027-04-29 | Paris, FR | [Ongoing](https://o.example)
    * [**Three days**](https://o.example/1)
* 2027-05-10 | Oslo, NO | [Future](https://f.example)
    * [**Later**](https://f.example/1)

## Jobs

Standing jobs text.
";

    #[test]
    fn next_issue_moves_a_week_and_keeps_what_is_ahead() {
        let next = next_issue(&parse(PREV).issue);
        let out = write(&next);
        assert!(out.starts_with("Title: This Week in Rust 701\nNumber: 701\nDate: 2027-04-28\n"));
        assert!(out.contains("Rusty Events between 2027-04-28 - 2027-05-26 🦀"));
        assert!(!out.contains("Past talk"));
        assert!(out.contains("Three days") && out.contains("Later"));
        assert!(out.contains("**Open**") && !out.contains("**Closed**"));
        assert!(!out.contains("[A post]"));
        assert!(out.contains("Standing welcome text.") && out.contains("Standing jobs text."));
        assert!(out.contains("0 pull requests were"));
        assert!(out.contains("merged%3A2027-04-20..2027-04-27"));
        assert!(
            out.contains("This week's crate is [](), \n")
                || out.contains("This week's crate is []()\n")
        );
    }

    #[test]
    fn skeleton_is_a_clean_current_issue() {
        let d = Date::parse("2027-04-21").unwrap();
        let issue = skeleton_after(Date::parse("2027-04-19").unwrap());
        assert_eq!(issue.front_matter.date(), Some(d));
        assert_eq!(issue.front_matter.number(), Some(700));
        let official = issue
            .sections_flat()
            .into_iter()
            .find(|(_, s)| s.title() == "Official")
            .map(|(_, s)| s.kind);
        assert_eq!(official, Some(SectionKind::CommunityCategory));
    }

    #[test]
    fn a_contribution_has_only_the_chosen_headings() {
        let all = contribution_sections();
        let official = vec![
            "Updates from Rust Community".to_string(),
            "Official".to_string(),
        ];
        let europe = vec!["Upcoming Events".to_string(), "Europe".to_string()];
        assert!(all.contains(&official) && all.contains(&europe));
        assert!(!all
            .iter()
            .any(|p| p.last().is_some_and(|t| t == "Compiler")));
        let c = contribution(&[official, europe]);
        assert_eq!(
            write(&c),
            "## Updates from Rust Community\n\n### Official\n\n## Upcoming Events\n\n### Europe\n\n"
        );
        // Entries typed under the headings come out as the contribution's text.
        let mut c = c;
        let europe_id = c.sections[1].children[0].id;
        c.insert_entry(
            europe_id,
            None,
            parse("## Upcoming Events\n### Europe\n* 2027-05-01 | Lyon, FR | [Lyon](https://l.example)\n    * [**Talk**](https://l.example/1)\n")
                .issue
                .sections[0]
                .children[0]
                .blocks
                .iter()
                .find_map(|b| match &b.kind {
                    BlockKind::List { entries } => Some(entries[0].value.clone()),
                    _ => None,
                })
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            contribution_text(&c),
            "## Upcoming Events\n### Europe\n* 2027-05-01 | Lyon, FR | [Lyon](https://l.example)\n    * [**Talk**](https://l.example/1)\n\n"
        );
    }

    #[test]
    fn contributions_round_trip_into_a_draft() {
        let contribution = parse(
            "## Updates from Rust Community\n\n### Official\n* [New post](https://n.example)\n\n## Upcoming Events\n\n### Europe\n* 2027-05-01 | Lyon, FR | [Lyon](https://l.example)\n    * [**Talk**](https://l.example/1)\n",
        )
        .issue;
        let text = contribution_text(&contribution);
        assert_eq!(
            text,
            "## Updates from Rust Community\n### Official\n* [New post](https://n.example)\n\n## Upcoming Events\n### Europe\n* 2027-05-01 | Lyon, FR | [Lyon](https://l.example)\n    * [**Talk**](https://l.example/1)\n\n"
        );
        let mut draft = parse(PREV).issue;
        let placed = insert_contribution(&mut draft, &contribution);
        assert_eq!(placed.len(), 2);
        assert!(placed.iter().all(|p| matches!(p, Placement::Placed { .. })));
        let out = write(&draft);
        assert!(out.contains(
            "### Official\n* [A post](https://a.example)\n* [New post](https://n.example)\n"
        ));
        // Sorted by date between the ongoing and the future event.
        let i_lyon = out.find("[Lyon]").unwrap();
        assert!(out.find("[Ongoing]").unwrap() < i_lyon && i_lyon < out.find("[Future]").unwrap());

        let stray = parse("## Nowhere\n\n* [x](https://x.example)\n").issue;
        let placed = insert_contribution(&mut draft, &stray);
        assert_eq!(
            placed,
            vec![Placement::NoSection {
                path: vec!["nowhere".into()]
            }]
        );
    }
}
