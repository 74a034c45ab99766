use super::*;
use crate::{expected_number, parse, report_window, skeleton, write};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn week() -> Window {
    report_window(d("2027-04-21")).unwrap()
}

const PAGE: &str = r#"{"total_count": 3, "incomplete_results": true, "items": [
 {"html_url": "https://github.com/rust-lang/rust/pull/1", "number": 1, "title": "Teach rustdoc boats.",
  "repository_url": "https://api.github.com/repos/rust-lang/rust", "labels": [{"name": "T-rustdoc"}]},
 {"html_url": "https://github.com/rust-lang/rfcs/pull/2", "number": 2, "title": "An RFC",
  "repository_url": "https://api.github.com/repos/rust-lang/rfcs", "labels": []},
 {"html_url": "https://github.com/rust-lang/compiler-team/issues/3", "number": 3, "title": "Not an MCP",
  "repository_url": "https://api.github.com/repos/rust-lang/compiler-team", "labels": [{"name": "final-comment-period"}]}
]}"#;

#[test]
fn a_full_fetch_is_five_searches_over_all_repositories() {
    let all = fetch_searches(&week());
    assert_eq!(all.len(), 5);
    assert!(all[0]
        .query
        .starts_with("is:pr is:merged merged:2027-04-13..2027-04-20 repo:rust-lang/rust"));
    assert!(all[0].query.ends_with("repo:rust-lang/rfcs"));
    assert!(all[1].query.contains("updated:>=2027-04-13"));
    assert_eq!(all[2].query.matches("repo:").count(), FCP_REPOS.len());
    assert_eq!(label_of(Gather::Fcp), Some("final-comment-period"));
    assert_eq!(label_of(Gather::Merged), None);
}

#[test]
fn search_pages_are_read_and_routed_to_their_lists() {
    let page = parse_search(PAGE).unwrap();
    assert_eq!((page.total_count, page.incomplete_results), (3, true));
    assert_eq!(page.items[0].repo, "rust-lang/rust");
    assert_eq!(
        target_of(Gather::Merged, &page.items[0]),
        Some(Target::PrGroup("Rustdoc"))
    );
    assert_eq!(
        target_of(Gather::Merged, &page.items[1]),
        Some(Target::ApprovedRfcs)
    );
    // The compiler team lists major changes only.
    assert_eq!(target_of(Gather::Fcp, &page.items[2]), None);
    let mut mcp = page.items[2].clone();
    mcp.found.labels.push("major-change".into());
    assert_eq!(
        target_of(Gather::Fcp, &mcp),
        Some(Target::Fcp("Compiler Team"))
    );
    assert!(parse_search("{}").is_none());
    assert!(parse_search("not json").is_none());
    assert_eq!(
        parse_item_title(r#"{"title": "X."}"#).as_deref(),
        Some("X.")
    );
}

#[test]
fn label_events_and_link_headers() {
    let events = r#"[{"event": "labeled", "label": {"name": "final-comment-period"}, "created_at": "2027-04-13T08:00:00Z"},
                     {"event": "labeled", "label": {"name": "other"}, "created_at": "2027-04-14T08:00:00Z"}]"#;
    assert!(labeled_within(events, "final-comment-period", &week()));
    assert!(!labeled_within(events, "call-for-testing", &week()));
    let old = events.replace("2027-04-13", "2027-04-01");
    assert!(!labeled_within(&old, "final-comment-period", &week()));
    let link =
        r#"<http://x/search?q=a&page=2>; rel="next", <http://x/search?q=a&page=5>; rel="last""#;
    assert_eq!(
        link_rel(link, "next").as_deref(),
        Some("http://x/search?q=a&page=2")
    );
    assert_eq!(
        link_rel(link, "last").as_deref(),
        Some("http://x/search?q=a&page=5")
    );
    assert_eq!(link_rel(link, "prev"), None);
}

/// A page of `n` events of other kinds on `day`, with a `labeled` event of `label` on
/// `labeled_on` after them when given.
fn events_page(n: usize, day: &str, labeled: Option<(&str, &str)>) -> String {
    let mut all: Vec<String> = (0..n)
        .map(|_| format!(r#"{{"event": "subscribed", "created_at": "{day}T08:00:00Z"}}"#))
        .collect();
    if let Some((label, on)) = labeled {
        all.push(format!(
            r#"{{"event": "labeled", "label": {{"name": "{label}"}}, "created_at": "{on}T09:00:00Z"}}"#
        ));
    }
    format!("[{}]", all.join(","))
}

/// The `Link` header of page `page` of `last`, as GitHub writes it.
fn events_link(page: u64, last: u64) -> String {
    let url = |n: u64| {
        format!("<https://api.github.com/repositories/7/issues/9/events?per_page=100&page={n}>")
    };
    let mut parts = Vec::new();
    if page > 1 {
        parts.push(format!("{}; rel=\"prev\"", url(page - 1)));
    }
    if page < last {
        parts.push(format!("{}; rel=\"next\"", url(page + 1)));
        parts.push(format!("{}; rel=\"last\"", url(last)));
    }
    if page > 1 {
        parts.push(format!("{}; rel=\"first\"", url(1)));
    }
    parts.join(", ")
}

/// Runs [`LabelEvents`] over `pages` (page 1 first) as the app does: the pages it asked for,
/// and its answer (`None`: not known within the cap).
fn read_events_or_cap(pages: &[String], label: &str) -> (Vec<u64>, Option<bool>) {
    let last = pages.len() as u64;
    let mut scan = LabelEvents::new(label, week());
    let mut page = 1;
    let mut asked = vec![1];
    loop {
        let link = events_link(page, last);
        let link = (last > 1).then_some(link.as_str());
        match scan.page(&pages[page as usize - 1], link) {
            EventsStep::Get(url) => {
                page = page_number(&url);
                assert!(url.contains("per_page=100"), "{url}");
                asked.push(page);
            }
            EventsStep::Done(within) => return (asked, Some(within)),
            EventsStep::Capped => return (asked, None),
        }
    }
}

/// [`read_events_or_cap`] where the answer is known.
fn read_events(pages: &[String], label: &str) -> (Vec<u64>, bool) {
    let (asked, answer) = read_events_or_cap(pages, label);
    (asked, answer.expect("an answer within the cap"))
}

#[test]
fn a_label_added_on_a_middle_page_of_events_is_found() {
    const CFT: &str = "call-for-testing";
    assert_eq!(
        events_path("rust-lang/rust", 9),
        "repos/rust-lang/rust/issues/9/events?per_page=100"
    );
    // One page: read once.
    let one = [events_page(3, "2027-03-01", Some((CFT, "2027-04-15")))];
    assert_eq!(read_events(&one, CFT), (vec![1], true));
    assert_eq!(read_events(&one, "final-comment-period"), (vec![1], false));
    // Old events, the label this week, then events after it: the last page, then back.
    let middle = [
        events_page(100, "2027-03-01", None),
        events_page(60, "2027-03-02", Some((CFT, "2027-04-15"))),
        events_page(100, "2027-04-16", None),
    ];
    assert_eq!(read_events(&middle, CFT), (vec![1, 3, 2], true));
    // The same label added before the week: the last page starts in the week, the one before
    // it before: no further.
    let before = [
        events_page(100, "2027-01-01", None),
        events_page(100, "2027-03-01", Some((CFT, "2027-03-05"))),
        events_page(100, "2027-03-06", None),
        events_page(100, "2027-04-14", None),
    ];
    assert_eq!(read_events(&before, CFT), (vec![1, 4, 3], false));
    // A first page that ends after the week: the later pages cannot hold the adding.
    let late = [
        events_page(100, "2027-05-01", None),
        events_page(100, "2027-05-02", Some((CFT, "2027-05-02"))),
    ];
    assert_eq!(read_events(&late, CFT), (vec![1], false));
    // A busy week: the first page, then back from the last, MAX_EVENT_PAGES in all.
    let mut long: Vec<String> = (0..9)
        .map(|_| events_page(100, "2027-04-14", None))
        .collect();
    long[0] = events_page(99, "2027-04-13", Some((CFT, "2027-04-13")));
    assert_eq!(read_events(&long, CFT), (vec![1], true));
    long[0] = events_page(100, "2027-04-13", None);
    long[1] = events_page(99, "2027-04-13", Some((CFT, "2027-04-13")));
    let (asked, within) = read_events_or_cap(&long, CFT);
    assert_eq!(asked, vec![1, 9, 8, 7, 6]);
    assert_eq!(asked.len() as u32, MAX_EVENT_PAGES);
    assert_eq!(
        within, None,
        "page 2 is beyond the cap: not known, not \"before\""
    );
    // At the cap, a page that starts before the week still answers.
    long[5] = events_page(100, "2027-04-01", None);
    assert_eq!(read_events(&long, CFT), (vec![1, 9, 8, 7, 6], false));
    // A broken page ends the reading; a page number comes from `page=` (1 without it).
    let broken = [events_page(1, "2027-03-01", None), "not json".to_string()];
    assert_eq!(read_events(&broken, CFT), (vec![1, 2], false));
    assert_eq!(page_number("https://x/events?per_page=100"), 1);
    assert_eq!(page_number("https://x/events?page=12&per_page=100"), 12);
}

#[test]
fn a_week_round_trips_through_the_cache() {
    let page = parse_search(PAGE).unwrap();
    let mut week = FetchedWeek {
        window: week(),
        merged_count: Some(412),
        items: page
            .items
            .iter()
            .filter_map(|i| {
                Some(Fetched {
                    target: target_of(Gather::Merged, i)?,
                    found: i.found.clone(),
                    in_week: true,
                    label_unknown: false,
                })
            })
            .collect(),
        incomplete: true,
        requests: 7,
    };
    week.items[0].in_week = false;
    week.items[1].in_week = false;
    week.items[1].label_unknown = true;
    week.sort();
    assert_eq!(decode_fetched(&encode_fetched(&week)), Some(week));
    assert_eq!(decode_fetched("{\"items\": 1}"), None);
    for t in [
        Target::PrGroup("Library"),
        Target::Fcp("Compiler Team"),
        Target::NewRfcs,
        Target::CallsForTesting("Rust language RFCs"),
    ] {
        assert_eq!(Target::from_key(&t.key()), Some(t));
    }
    assert_eq!(Target::from_key("pr:Nope"), None);
}

fn found(url: &str, title: &str, labels: &[&str]) -> Found {
    Found {
        title: title.into(),
        url: url.into(),
        labels: labels.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn picked_results_fill_an_empty_issue_and_skip_duplicates() {
    let date = d("2027-04-21");
    let mut issue = skeleton(expected_number(date).unwrap_or(0), date);
    let link = crate::merged_search_url("https://github.com", &week());
    let picked = vec![
        (
            Target::PrGroup("Compiler"),
            found("https://github.com/rust-lang/rust/pull/1", "Speed up.", &[]),
        ),
        (
            Target::PrGroup("Rustup"),
            found(
                "https://github.com/rust-lang/rustup/pull/2",
                "Rustup thing",
                &[],
            ),
        ),
        (
            Target::CallsForTesting("Rust"),
            found("https://github.com/rust-lang/rust/issues/3", "Test it", &[]),
        ),
        (
            Target::ApprovedRfcs,
            found("https://github.com/rust-lang/rfcs/pull/4", "Approved", &[]),
        ),
        (
            Target::Fcp("Rust RFCs"),
            found(
                "https://github.com/rust-lang/rfcs/pull/5",
                "Close it",
                &["disposition-close"],
            ),
        ),
        (
            Target::NewRfcs,
            found("https://github.com/rust-lang/rfcs/pull/6", "New one", &[]),
        ),
        (
            Target::PrGroup("Compiler"),
            found(
                "https://github.com/rust-lang/rust/pull/1?utm_source=x",
                "Again",
                &[],
            ),
        ),
    ];
    let added = add_fetched(&mut issue, &picked, Some((412, &link))).unwrap();
    assert_eq!((added.added, added.skipped), (6, 1));
    assert_eq!(added.created, ["Rustup", "Rust", "Rust RFCs"]);
    let text = write(&issue);
    for line in [
        "412 pull requests were [merged in the last week][merged]\n\n[merged]: https://github.com/search?q=is%3Apr",
        "#### Compiler\n* [Speed up](https://github.com/rust-lang/rust/pull/1)\n",
        "#### Rustup\n* [Rustup thing](https://github.com/rust-lang/rustup/pull/2)\n",
        "### Rust\n* [Test it](https://github.com/rust-lang/rust/issues/3)\n",
        "### Approved RFCs\n* [Approved](https://github.com/rust-lang/rfcs/pull/4)\n",
        "#### Rust RFCs\n* [disposition: close] [Close it](https://github.com/rust-lang/rfcs/pull/5)\n",
        "### New and Updated RFCs\n* [new] [New one](https://github.com/rust-lang/rfcs/pull/6)\n",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    // Typed, and the same again adds nothing.
    let reparsed = parse(&text).issue;
    assert_eq!(write(&reparsed), text);
    let again = add_fetched(&mut issue, &picked, None).unwrap();
    assert_eq!((again.added, again.skipped), (0, 7));
    assert_eq!(write(&issue), text);
}

#[test]
fn lists_without_a_place_are_reported() {
    let mut issue = parse("Title: x\n\n## Jobs\n").issue;
    let picked = vec![(
        Target::PrGroup("Compiler"),
        found("https://github.com/o/r/pull/1", "A", &[]),
    )];
    let added = add_fetched(&mut issue, &picked, Some((1, "u"))).unwrap();
    assert_eq!(added.not_placed, [("Compiler".to_string(), 1)]);
    assert_eq!(write(&issue), "Title: x\n\n## Jobs\n");
}

#[test]
fn github_titles_fill_empty_ones_and_are_offered_for_others() {
    let empty = EntryValue::Pr(crate::Pr {
        group: None,
        title: String::new(),
        url: "u".into(),
        note: String::new(),
    });
    match title_from_github(&empty, "Fix it.") {
        TitleFromGitHub::Fill(EntryValue::Pr(p)) => assert_eq!(p.title, "Fix it"),
        other => panic!("{other:?}"),
    }
    let typed = EntryValue::Link(crate::Link {
        title: "Mine".into(),
        ..Default::default()
    });
    assert_eq!(
        title_from_github(&typed, "Theirs."),
        TitleFromGitHub::Differs("Theirs".into())
    );
    let same = EntryValue::Link(crate::Link {
        title: "Theirs".into(),
        ..Default::default()
    });
    assert_eq!(title_from_github(&same, "Theirs."), TitleFromGitHub::Same);
    assert_eq!(
        title_from_github(&EntryValue::Nothing(crate::Nothing::default()), "x"),
        TitleFromGitHub::NoTitle
    );
}
