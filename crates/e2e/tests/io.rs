//! End-to-end tests of the ways in and out: GitHub (a local stand-in serving our own fixtures,
//! `crates/e2e/fixtures/github/`), files, paste, export, proposing, contributions.
//!
//! Needs a `dist/` (`cargo xtask dist`) and ChromeDriver, like `e2e.rs`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use twir_e2e::fantoccini::Locator;
use twir_e2e::github::{fixtures, offline_base, query_for, StandIn};
use twir_e2e::Session;

const DRAFT: &str = "2027-04-21-this-week-in-rust.md";
const REPO: &str = "rust-lang/this-week-in-rust";

fn fixture(path: &str) -> String {
    std::fs::read_to_string(fixtures().join(path)).expect("fixture")
}

/// A fresh, empty download directory for one test.
fn download_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("twir-e2e-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Opens `draft/<name>` through "Open the current draft".
async fn open_draft(s: &Session, name: &str) {
    let listed = s.open_github_draft(name).await;
    assert_eq!(
        listed,
        json!(["2027-04-14-this-week-in-rust.md", DRAFT]),
        "draft/ is listed in name order"
    );
}

/// Waits for a finished download named `name` in `dir` and returns its bytes.
async fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    // Readiness, not a timing assertion: a slow machine only takes longer.
    for _ in 0..400 {
        if path.is_file() && !dir.join(format!("{name}.crdownload")).exists() {
            if let Ok(bytes) = std::fs::read(&path) {
                if !bytes.is_empty() {
                    return bytes;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let seen: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    panic!("no download {name} in {}: {seen:?}", dir.display());
}

#[tokio::test]
async fn open_the_current_draft_edit_and_download_it_byte_for_byte() {
    let gh = StandIn::start(&fixtures()).unwrap();
    let dir = download_dir("draft-download");
    let s = Session::opened_with(&gh.query(), Some(&dir)).await;
    open_draft(&s, DRAFT).await;
    assert!(gh
        .requests()
        .iter()
        .any(|r| r == &format!("GET /api/repos/{REPO}/contents/draft?ref=main")));

    let title = "An invented announcement about a release train";
    s.type_into_field(title, " (second edition)").await;
    let expected = fixture(&format!("draft/{DRAFT}")).replace(
        &format!("[{title}]"),
        &format!("[{title} (second edition)]"),
    );
    s.wait_until(
        "the edit to reach the model",
        &format!(
            "return document.querySelector('#preview-content').textContent.includes({});",
            json!("release train (second edition)")
        ),
    )
    .await
    .unwrap();

    s.click("#export-button").await;
    assert_eq!(s.text_containing("#export-name", ".md").await, DRAFT);
    assert_eq!(
        s.text_containing("#export-path", "draft/").await,
        format!("draft/{DRAFT}")
    );
    // Too long for a prefilled URL: the edit page of the draft it was opened from.
    assert_eq!(
        s.attr(".io-propose", "data-decision").await,
        "edit-and-paste"
    );
    assert_eq!(
        s.attr("#propose-link", "href").await,
        format!("{}/web/{REPO}/edit/main/draft/{DRAFT}", gh.base)
    );
    s.text_containing("#propose-why", "bytes encoded; the limit is 8000")
        .await;

    s.click("#export-download").await;
    let bytes = downloaded(&dir, DRAFT).await;
    assert!(
        bytes == expected.as_bytes(),
        "the download differs from the edited draft:\n{}",
        String::from_utf8_lossy(&bytes)
    );
    s.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn next_issue_keeps_what_is_ahead_and_proposes_a_prefilled_new_file() {
    let gh = StandIn::start(&fixtures()).unwrap();
    let s = Session::opened_with(&gh.query(), None).await;
    open_draft(&s, DRAFT).await;
    s.click("#new-button").await;
    s.click("#new-next").await;
    s.text_containing("#io-notice", "Opened 2027-04-28-this-week-in-rust.md")
        .await;

    let md = s.markdown().await;
    assert!(md.starts_with("Title: This Week in Rust 701\nNumber: 701\nDate: 2027-04-28\n"));
    assert!(md.contains("Rusty Events between 2027-04-28 - 2027-05-26 🦀"));
    // Past events and closed calls for papers are dropped; ongoing and future ones kept.
    assert!(!md.contains("Reading compiler errors out loud"), "{md}");
    assert!(md.contains("A week of lightning talks") && md.contains("Async without tears"));
    assert!(md.contains("Embedded Rust on a boat"));
    assert!(md.contains("Pretend Conf 2027") && !md.contains("Closing Soon Summit"));
    // The weekly sections are emptied, the standing text kept.
    assert!(!md.contains("release train") && !md.contains("pull/10"));
    assert!(md.contains("Looking for a job in Rust?"));
    assert!(md.contains("0 pull requests were [merged in the last week][merged]"));

    s.click("#export-button").await;
    assert_eq!(s.attr(".io-propose", "data-decision").await, "new-file");
    let expected = format!(
        "{}/web/{REPO}/new/main?filename={}&value={}",
        gh.base,
        twir_format::percent_encode("draft/2027-04-28-this-week-in-rust.md"),
        twir_format::percent_encode(&md)
    );
    assert!(expected.len() <= twir_format::MAX_PREFILL_URL);
    assert_eq!(s.attr("#propose-link", "href").await, expected);

    // Following the link reaches GitHub's new-file page (the stand-in) with that URL.
    s.click("#propose-link").await;
    let wanted = expected.trim_start_matches(&gh.base).to_string();
    for _ in 0..400 {
        if gh.requests().iter().any(|r| r == &format!("GET {wanted}")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        gh.requests().iter().any(|r| r == &format!("GET {wanted}")),
        "{:#?}",
        gh.requests()
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_contribution_exports_its_lines_and_goes_into_the_current_draft() {
    let gh = StandIn::start(&fixtures()).unwrap();
    let s = Session::opened_with(&gh.query(), None).await;
    s.click("#new-button").await;
    for path in [
        "Updates from Rust Community › Official",
        "Call for Participation; projects and speakers › CFP - Events",
    ] {
        s.click(&format!(".contribute-choice[data-path=\"{path}\"]"))
            .await;
    }
    s.click("#start-contribution").await;
    s.text_containing("#io-notice", "Opened My contribution")
        .await;

    // Entries typed into each section's "add" field.
    add_entry(
        &s,
        "Official",
        "* [My contributed post](https://example.com/my-post)",
    )
    .await;
    add_entry(
        &s,
        "CFP - Events",
        "* [**My Conf**](https://example.com/myconf) | CFP open until 2027-07-01 | Turin, IT | 2027-10-01",
    )
    .await;

    s.click("#export-button").await;
    let lines = "## Updates from Rust Community\n### Official\n* [My contributed post](https://example.com/my-post)\n\n## Call for Participation; projects and speakers\n### CFP - Events\n* [**My Conf**](https://example.com/myconf) | CFP open until 2027-07-01 | Turin, IT | 2027-10-01\n\n";
    s.wait_until(
        "the contribution's lines",
        &format!(
            "return document.querySelector('#contribution-text').value === {};",
            json!(lines)
        ),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    // The edit link of the newest draft on GitHub.
    s.wait_until(
        "the current draft's edit link",
        "return document.querySelector('#draft-edit-link') !== null;",
    )
    .await
    .unwrap();
    assert_eq!(
        s.attr("#draft-edit-link", "href").await,
        format!("{}/web/{REPO}/edit/main/draft/{DRAFT}", gh.base)
    );

    s.click("#insert-into-draft").await;
    s.text_containing(
        "#placed-note",
        &format!("2 entries placed in draft/{DRAFT}."),
    )
    .await;
    assert_eq!(
        s.attr(".io-propose", "data-decision").await,
        "edit-and-paste"
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn offline_rate_limited_and_missing_each_get_a_clear_message() {
    // Offline: nothing listens at the configured address.
    let offline = offline_base();
    let s = Session::opened_with(&query_for(&offline), None).await;
    s.click("#open-button").await;
    s.click("#list-drafts").await;
    let msg = s.text_containing("#github-status", "Could not reach").await;
    assert!(
        msg.contains(&offline) && msg.contains("offline"),
        "offline message: {msg}"
    );

    // 404 and rate limit from the stand-in.
    let gh = StandIn::start(&fixtures()).unwrap();
    s.open_app_with(&gh.query()).await.unwrap();
    s.click("#open-button").await;
    s.type_into("#published-input", "2027-04-28").await;
    s.click("#open-published").await;
    let msg = s.text_containing("#github-status", "404").await;
    assert!(
        msg.contains("content/2027-04-28-this-week-in-rust.md is not in the repository"),
        "{msg}"
    );
    // By number: issue 699 is the one of 2027-04-14.
    s.js(
        "document.querySelector('#published-input').value = '';",
        vec![],
    )
    .await
    .unwrap();
    s.type_into("#published-input", "699").await;
    s.click("#open-published").await;
    s.text_containing("#io-notice", "Opened 2027-04-14-this-week-in-rust.md")
        .await;

    gh.set_rate_limited(true);
    s.click("#open-button").await;
    s.click("#list-drafts").await;
    let msg = s.text_containing("#github-status", "limit").await;
    assert!(
        msg.contains("GitHub's limit for requests without an account is used up"),
        "{msg}"
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn recent_issues_are_loaded_and_a_repeated_link_is_an_error() {
    let gh = StandIn::start(&fixtures()).unwrap();
    let s = Session::opened_with(&gh.query(), None).await;
    open_draft(&s, DRAFT).await;
    let before = s.text_containing("#count-errors", "error").await;
    s.click("#load-recent").await;
    s.text_containing("#history-status", "Loaded 2 earlier issues.")
        .await;
    s.text_containing(
        "#history-count",
        "2 earlier issues (issue 698 (2027-04-07) to issue 699 (2027-04-14))",
    )
    .await;
    // The draft repeats a link of issue 699: one more error than before.
    let n = |t: &str| {
        t.split_whitespace()
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    let wanted = n(&before) + 1;
    s.wait_until(
        "the duplicate to be reported",
        &format!(
            "return parseInt(document.querySelector('#count-errors').textContent) === {wanted};"
        ),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}: before {before}"));
    let listed = s
        .js(
            "return [...document.querySelectorAll('.summary-item')].map(b => b.textContent).join('\\n');",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        listed.as_str().unwrap().contains("issue 699"),
        "the duplicate names the issue: {listed}"
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn pasted_and_dropped_files_open_as_new_drafts() {
    let s = Session::opened_with("", None).await;
    let pasted = "Title: This Week in Rust 650\nNumber: 650\nDate: 2026-05-06\nCategory: This Week in Rust\n\nPasted text.\n";
    s.click("#open-button").await;
    s.client
        .find(Locator::Css("#paste-text"))
        .await
        .unwrap()
        .send_keys(pasted)
        .await
        .unwrap();
    s.click("#open-pasted").await;
    s.text_containing("#io-notice", "Opened Pasted issue").await;
    assert_eq!(s.markdown().await, pasted);

    // A file dropped on the window opens.
    s.js(
        "const dt = new DataTransfer(); dt.items.add(new File([arguments[0]], 'dropped.md'));\
         window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));",
        vec![json!("Title: Dropped\n\nDropped text.\n")],
    )
    .await
    .unwrap();
    s.text_containing("#io-notice", "Opened dropped.md").await;
    assert_eq!(s.markdown().await, "Title: Dropped\n\nDropped text.\n");

    // The pasted issue was not overwritten: it is kept as a draft of its own.
    s.text_containing(
        "#io-notice",
        "The previous draft is kept in the drafts list.",
    )
    .await;
    s.close().await.unwrap();
}

/// Types `line` and Enter into the "add" field of the section titled `section`.
pub(crate) async fn add_entry(s: &Session, section: &str, line: &str) {
    let ok = s
            .js(
                "const h = [...document.querySelectorAll('.form-section > .f-heading')].find(x => x.textContent.trim() === arguments[0]);\
                 const i = h && h.parentElement.querySelector(':scope > .f-add input.f-paste');\
                 if (!i) return false; i.id = 'e2e-paste'; i.focus(); return true;",
                vec![json!(section)],
            )
            .await
            .unwrap();
    assert_eq!(ok, Value::Bool(true), "the {section} form has an add field");
    let field = s.client.find(Locator::Css("#e2e-paste")).await.unwrap();
    field.send_keys(&format!("{line}\u{E007}")).await.unwrap();
    s.js(
        "document.querySelector('#e2e-paste').removeAttribute('id');",
        vec![],
    )
    .await
    .unwrap();
}
