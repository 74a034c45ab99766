//! End-to-end tests of the GitHub accelerators against the local stand-in: "Fetch from GitHub"
//! fills the Rust Project lists of an empty issue (one undo step, duplicates skipped, the
//! week cached; a label added on a middle page of an item's events counts), a search GitHub
//! cut short says results may be missing and what came can be added, a pasted pull-request URL
//! brings its title (and offers GitHub's when the entry has another), an item whose events
//! run past the pages read says its label date is not known, and a used-up search limit says
//! so.
//!
//! Needs a `dist/` (`cargo xtask dist`) and ChromeDriver, like the other modules.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::{json, Value};
use twir_e2e::fantoccini::key::Key;
use twir_e2e::github::{fixtures, StandIn};
use twir_e2e::Session;

const DRAFT: &str = "2027-04-21-this-week-in-rust.md";
const REPO: &str = "rust-lang/this-week-in-rust";

/// The stand-in with the week's fixture and, to need a second page of merged pull requests,
/// 110 more generated ones (invented).
fn stand_in() -> StandIn {
    let gh = StandIn::start(&fixtures()).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/github/api/rust-project-week.json");
    let week: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    gh.add_search_items(week);
    gh.add_search_items(
        (0..110)
            .map(|n| {
                json!({"repo": "rust-lang/rust", "number": 161000 + n,
                       "title": format!("Invented: small fix number {n}"), "state": "closed",
                       "user": "made-up-bulk", "labels": ["T-compiler"],
                       "created_at": "2027-04-12T09:00:00Z", "updated_at": "2027-04-18T09:00:00Z",
                       "closed_at": "2027-04-18T09:00:00Z", "merged_at": "2027-04-18T09:00:00Z",
                       "body": "Generated."})
            })
            .collect(),
    );
    // An empty issue of 2027-04-21 as the current draft.
    let date = twir_format::Date::parse("2027-04-21").unwrap();
    let empty = twir_format::write(&twir_format::skeleton(
        twir_format::expected_number(date).unwrap(),
        date,
    ));
    gh.set_file(REPO, "main", &format!("draft/{DRAFT}"), empty.as_bytes());
    gh
}

/// Opens `draft/<name>` through "Open the current draft".
async fn open_draft(s: &Session) {
    s.open_github_draft(DRAFT).await;
}

fn api_requests(gh: &StandIn) -> usize {
    gh.requests()
        .iter()
        .filter(|r| r.contains(" /api/"))
        .count()
}

#[tokio::test]
async fn fetch_fills_the_rust_project_lists_of_an_empty_issue_once() {
    let gh = stand_in();
    let s = Session::opened_with(&gh.query(), None).await;
    open_draft(&s).await;
    let before = s.markdown().await;

    s.click("#fetch-button").await;
    let start = s
        .js(
            "return document.getElementById('fetch-start').value;",
            vec![],
        )
        .await
        .unwrap();
    let end = s
        .js("return document.getElementById('fetch-end').value;", vec![])
        .await
        .unwrap();
    assert_eq!((start, end), (json!("2027-04-13"), json!("2027-04-20")));
    let requests_before = api_requests(&gh);
    let began = Instant::now();
    s.click("#fetch-run").await;
    let said = s.text_containing("#fetch-status", "Fetched").await;
    let took = began.elapsed();
    let requests = api_requests(&gh) - requests_before;
    println!(
        "a full fetch against the stand-in: {requests} API requests ({} searches), {:.2} s ({said})",
        gh.requests()[requests_before..].iter().filter(|r| r.contains("/search/issues")).count(),
        took.as_secs_f64()
    );
    assert!(
        said.contains(&format!("with {requests} requests")),
        "{said}"
    );
    s.text_containing(".fetch-left", "more searches this minute")
        .await;
    s.text_containing(".fetch-count", "126 pull requests were merged")
        .await;
    let list = s.text_containing(".fetch-results", "Rustdoc").await;
    assert!(
        list.contains("Invented: test the pretend lockfile v9 (labelled before this week)"),
        "{list}"
    );
    assert!(!list.contains("not a major change"), "{list}");
    assert!(!list.contains("merged the week before"), "{list}");
    assert!(
        list.contains("Invented: small fix number 109"),
        "the second page: {list}"
    );
    // Its label was added on the middle one of three pages of events.
    assert!(
        list.contains("Invented: try the make-believe parallel linker")
            && !list.contains("parallel linker (labelled before this week)"),
        "{list}"
    );
    let events = "GET /api/repos/rust-lang/rust/issues/160011/events?per_page=100";
    let asked: Vec<String> = gh
        .requests()
        .into_iter()
        .filter(|r| r.starts_with(events))
        .collect();
    assert_eq!(
        asked,
        [
            events.to_string(),
            format!("{events}&page=3"),
            format!("{events}&page=2")
        ],
        "the first page, then back from the last as its Link says"
    );

    s.click("#fetch-add").await;
    let said = s.text_containing("#fetch-status", "Added").await;
    assert!(
        said.contains("new subsections: ") && said.contains("Rustfmt, Rustup"),
        "{said}"
    );
    s.click("#fetch-dialog .io-close").await;
    let md = s.markdown().await;
    assert!(
        md.contains("126 pull requests were [merged in the last week][merged]\n\n[merged]: "),
        "{md}"
    );
    for (heading, entry) in [
        (
            "#### Compiler\n",
            "* [Invented: make const eval count sheep](",
        ),
        ("#### Library\n", "* [Invented: add Vec::pretend_sort]("),
        (
            "#### Rustdoc\n",
            "* [Invented: rustdoc shows tiny lighthouses](",
        ),
        ("#### Rustup\n", "* [Invented: rustup learns to whistle]("),
        (
            "### Rust\n",
            "* [Invented: try out the imaginary trait solver](",
        ),
        (
            "### Rust\n",
            "* [Invented: try the make-believe parallel linker](",
        ),
        (
            "### Approved RFCs\n",
            "* [Invented RFC: pattern types for teacups](",
        ),
        (
            "#### Rust RFCs\n",
            "* [disposition: close] [Invented RFC: remove the kettle](",
        ),
        (
            "#### Compiler Team\n",
            "* [Invented MCP: a second borrow checker for Sundays](",
        ),
        (
            "### New and Updated RFCs\n",
            "* [new] [Invented RFC: async closures for clouds](",
        ),
    ] {
        let at = md
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading:?} in\n{md}"));
        let rest = &md[at + heading.len()..];
        let section = &rest[..rest.find("\n#").unwrap_or(rest.len())];
        assert!(
            section.contains(entry),
            "{entry:?} not under {heading:?} in\n{md}"
        );
    }
    assert!(
        !md.contains("pretend lockfile"),
        "an item labelled before the week stays out"
    );

    // Again, from the cache: everything is marked as already there, nothing is added twice.
    let cached_from = api_requests(&gh);
    s.click("#fetch-button").await;
    s.text_containing("#fetch-status", "earlier fetch").await;
    assert_eq!(
        api_requests(&gh),
        cached_from,
        "the week came from the cache"
    );
    s.text_containing(".fetch-results", "(already in the issue)")
        .await;
    s.click("#fetch-add").await;
    s.text_containing("#fetch-status", "Added 0 entries;").await;
    s.click("#fetch-dialog .io-close").await;
    assert_eq!(s.markdown().await, md);

    // One undo step takes all of it back.
    s.click("#undo").await;
    assert_eq!(s.markdown().await, before);
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_pasted_pull_request_url_brings_its_title_and_a_different_one_is_only_offered() {
    let gh = stand_in();
    let s = Session::opened_with(&gh.query(), None).await;
    open_draft(&s).await;
    let compiler = s
        .js(
            "for (const h of document.querySelectorAll('.form-section > .f-heading')) {\
               if (h.textContent.trim() === 'Compiler') return h.parentElement.id; } return null;",
            vec![],
        )
        .await
        .unwrap();
    let compiler = format!("#{}", compiler.as_str().unwrap());
    s.type_into(
        &format!("{compiler} .f-paste"),
        &format!(
            "https://github.com/rust-lang/rust/pull/160001{}",
            Key::Enter
        ),
    )
    .await;
    s.text_containing(".f-title-note", "Title filled from GitHub")
        .await;
    assert!(s
        .markdown()
        .await
        .contains("#### Compiler\n* [Invented: make const eval count sheep](https://github.com/rust-lang/rust/pull/160001)\n"));

    // A title of one's own, then the URL changed to another pull request: only an offer.
    s.open_entry(&format!("{compiler} .f-entry")).await;
    s.type_into(&format!("{compiler} .f-title input"), " (my words)")
        .await;
    s.type_into(
        &format!("{compiler} .f-url input"),
        &format!("{}2", Key::Backspace),
    )
    .await;
    s.text_containing(
        ".f-title-note",
        "GitHub's title: Invented: add Vec::pretend_sort",
    )
    .await;
    let title = s
        .js(
            "return document.querySelector(arguments[0]).value;",
            vec![json!(format!("{compiler} .f-title input"))],
        )
        .await
        .unwrap();
    assert_eq!(
        title,
        json!("Invented: make const eval count sheep (my words)"),
        "not overwritten"
    );
    s.click(".f-title-note .title-use").await;
    s.wait_until(
        "the offer to be taken",
        "return document.querySelector('.f-title-note') === null;",
    )
    .await
    .unwrap();
    assert!(s.markdown().await.contains(
        "* [Invented: add Vec::pretend_sort](https://github.com/rust-lang/rust/pull/160002)"
    ));
    // Only the API base was asked.
    assert!(gh
        .requests()
        .iter()
        .any(|r| r == "GET /api/repos/rust-lang/rust/issues/160002"));
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_search_that_timed_out_says_results_may_be_missing_and_what_came_can_be_added() {
    let gh = stand_in();
    gh.set_search_incomplete(true);
    let s = Session::opened_with(&gh.query(), None).await;
    open_draft(&s).await;
    s.click("#fetch-button").await;
    s.click("#fetch-run").await;
    let said = s.text_containing("#fetch-status", "Fetched").await;
    let missing = "GitHub says some results may be missing: its search timed out";
    assert!(said.contains(missing), "{said}");
    // GitHub's search stopped halfway through the merged pull requests: the ones it found
    // are listed, the rest are not.
    let list = s
        .text_containing(".fetch-results", "Invented: make const eval count sheep")
        .await;
    assert!(list.contains("Invented: small fix number 0"), "{list}");
    assert!(!list.contains("Invented: small fix number 109"), "{list}");
    s.click("#fetch-add").await;
    s.text_containing("#fetch-status", "Added").await;
    s.click("#fetch-dialog .io-close").await;
    let md = s.markdown().await;
    let compiler = &md[md.find("#### Compiler\n").expect("a Compiler list")..];
    let compiler = &compiler[..compiler[1..].find("\n#").map_or(compiler.len(), |n| n + 1)];
    for entry in [
        "* [Invented: make const eval count sheep](",
        "* [Invented: small fix number 0](",
    ] {
        assert!(compiler.contains(entry), "{entry:?} not in\n{compiler}");
    }
    assert!(!md.contains("small fix number 109"));

    // The week again, from the cache: still said.
    s.click("#fetch-button").await;
    let said = s.text_containing("#fetch-status", "earlier fetch").await;
    assert!(said.contains(missing), "{said}");
    s.close().await.unwrap();
}

#[tokio::test]
async fn an_item_with_more_events_than_are_read_says_its_label_date_is_not_known() {
    let gh = stand_in();
    // Labelled within the week, but 300 events before the labelling and 500 after it: nine
    // pages, of which the app reads five (the first, then back from the last).
    gh.add_search_items(vec![json!({
        "repo": "rust-lang/rust", "number": 170_002, "title": "Invented: a very long thread",
        "state": "open", "user": "made-up-uma", "labels": ["call-for-testing"],
        "labeled_at": {"call-for-testing": "2027-04-14T10:00:00Z"},
        "other_events": [{"count": 300, "from": "2027-04-13T09:00:00Z"},
                         {"count": 500, "from": "2027-04-14T11:00:00Z"}],
        "created_at": "2027-04-13T08:00:00Z", "updated_at": "2027-04-14T12:00:00Z",
        "closed_at": null, "merged_at": null, "is_pr": false, "body": "Made up."
    })]);
    let s = Session::opened_with(&gh.query(), None).await;
    open_draft(&s).await;
    s.click("#fetch-button").await;
    s.click("#fetch-run").await;
    s.text_containing("#fetch-status", "Fetched").await;
    let list = s
        .text_containing(".fetch-results", "a very long thread")
        .await;
    assert!(
        list.contains("Invented: a very long thread (when it was labelled is not known"),
        "{list}"
    );
    let events = "GET /api/repos/rust-lang/rust/issues/170002/events";
    let asked = gh
        .requests()
        .into_iter()
        .filter(|r| r.starts_with(events))
        .count();
    assert_eq!(asked as u32, twir_format::MAX_EVENT_PAGES);
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_used_up_limit_says_so_and_changes_nothing() {
    let gh = stand_in();
    let s = Session::opened_with(&gh.query(), None).await;
    open_draft(&s).await;
    let before = s.markdown().await;
    gh.set_rate_limited(true);
    s.click("#fetch-button").await;
    s.click("#fetch-run").await;
    let said = s.text_containing("#fetch-status", "search limit").await;
    assert!(
        said.contains("10 searches a minute") && said.contains("Nothing was changed"),
        "{said}"
    );
    s.click("#fetch-dialog .io-close").await;
    assert_eq!(s.markdown().await, before);
    s.close().await.unwrap();
}
