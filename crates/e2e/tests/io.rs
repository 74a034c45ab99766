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

async fn started(query: &str, downloads: Option<&Path>) -> Session {
    let s = match downloads {
        Some(d) => Session::start_downloading_to(d).await,
        None => Session::start().await,
    }
    .unwrap_or_else(|e| panic!("{e}"));
    s.open_app_with(query)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s
}

async fn click(s: &Session, css: &str) {
    s.wait_until(
        &format!("{css} to appear"),
        &format!("return document.querySelector({}) !== null;", json!(css)),
    )
    .await
    .unwrap();
    s.client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// Waits until the text of `css` contains `needle`, and returns it.
async fn text_containing(s: &Session, css: &str, needle: &str) -> String {
    let script = format!(
        "const e = document.querySelector({}); return e !== null && e.textContent.includes({});",
        json!(css),
        json!(needle)
    );
    if let Err(e) = s
        .wait_until(&format!("{css} to say {needle:?}"), &script)
        .await
    {
        let now = s.js(&text_script(css), vec![]).await.unwrap();
        panic!("{e}; it says {now}");
    }
    s.js(&text_script(css), vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn text_script(css: &str) -> String {
    format!(
        "const e = document.querySelector({}); return e ? e.textContent : null;",
        json!(css)
    )
}

async fn attr(s: &Session, css: &str, name: &str) -> String {
    let v = s
        .js(
            &format!(
                "const e = document.querySelector({}); return e ? e.getAttribute({}) : null;",
                json!(css),
                json!(name)
            ),
            vec![],
        )
        .await
        .unwrap();
    v.as_str()
        .unwrap_or_else(|| panic!("no {name} on {css}"))
        .to_string()
}

/// The Markdown the app would export, from the Markdown tab of the preview.
async fn markdown(s: &Session) -> String {
    click(s, "#tab-panel-raw").await;
    let v = s
        .js(
            "const e = document.querySelector('#panel-raw code'); return e ? e.textContent : null;",
            vec![],
        )
        .await
        .unwrap();
    click(s, "#tab-panel-rendered").await;
    v.as_str().expect("the Markdown tab shows text").to_string()
}

/// Opens `draft/<name>` through "Open the current draft".
async fn open_draft(s: &Session, name: &str) {
    click(s, "#open-button").await;
    click(s, "#list-drafts").await;
    s.wait_until(
        "the drafts to be listed",
        "return document.querySelectorAll('#draft-list .draft-choice').length === 2;",
    )
    .await
    .unwrap();
    let listed = s
        .js(
            "return [...document.querySelectorAll('#draft-list .draft-choice')].map(b => b.textContent);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        listed,
        json!(["2027-04-14-this-week-in-rust.md", DRAFT]),
        "draft/ is listed in name order"
    );
    s.js(
        "[...document.querySelectorAll('#draft-list .draft-choice')].find(b => b.textContent === arguments[0]).click();",
        vec![json!(name)],
    )
    .await
    .unwrap();
    text_containing(s, "#io-notice", &format!("Opened {name}")).await;
}

/// Types real keys at the end of the form field that shows `value`.
async fn type_into_field(s: &Session, value: &str, keys: &str) {
    let found = s
        .js(
            "const f = [...document.querySelectorAll('input.f-input, textarea.f-input')].find(e => e.value === arguments[0]);\
             if (!f) return false; f.id = 'e2e-target'; f.focus(); f.setSelectionRange(f.value.length, f.value.length); return true;",
            vec![json!(value)],
        )
        .await
        .unwrap();
    assert_eq!(found, Value::Bool(true), "a form field shows {value:?}");
    s.client
        .find(Locator::Css("#e2e-target"))
        .await
        .unwrap()
        .send_keys(keys)
        .await
        .unwrap();
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
    let s = started(&gh.query(), Some(&dir)).await;
    open_draft(&s, DRAFT).await;
    assert!(gh
        .requests()
        .iter()
        .any(|r| r == &format!("GET /api/repos/{REPO}/contents/draft?ref=main")));

    let title = "An invented announcement about a release train";
    type_into_field(&s, title, " (second edition)").await;
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

    click(&s, "#export-button").await;
    assert_eq!(text_containing(&s, "#export-name", ".md").await, DRAFT);
    assert_eq!(
        text_containing(&s, "#export-path", "draft/").await,
        format!("draft/{DRAFT}")
    );
    // Too long for a prefilled URL: the edit page of the draft it was opened from.
    assert_eq!(
        attr(&s, ".io-propose", "data-decision").await,
        "edit-and-paste"
    );
    assert_eq!(
        attr(&s, "#propose-link", "href").await,
        format!("{}/web/{REPO}/edit/main/draft/{DRAFT}", gh.base)
    );
    text_containing(&s, "#propose-why", "bytes encoded; the limit is 8000").await;

    click(&s, "#export-download").await;
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
    let s = started(&gh.query(), None).await;
    open_draft(&s, DRAFT).await;
    click(&s, "#new-button").await;
    click(&s, "#new-next").await;
    text_containing(&s, "#io-notice", "Opened 2027-04-28-this-week-in-rust.md").await;

    let md = markdown(&s).await;
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

    click(&s, "#export-button").await;
    assert_eq!(attr(&s, ".io-propose", "data-decision").await, "new-file");
    let expected = format!(
        "{}/web/{REPO}/new/main?filename={}&value={}",
        gh.base,
        twir_format::percent_encode("draft/2027-04-28-this-week-in-rust.md"),
        twir_format::percent_encode(&md)
    );
    assert!(expected.len() <= twir_format::MAX_PREFILL_URL);
    assert_eq!(attr(&s, "#propose-link", "href").await, expected);

    // Following the link reaches GitHub's new-file page (the stand-in) with that URL.
    click(&s, "#propose-link").await;
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
    let s = started(&gh.query(), None).await;
    click(&s, "#new-button").await;
    for path in [
        "Updates from Rust Community › Official",
        "Call for Participation; projects and speakers › CFP - Events",
    ] {
        click(&s, &format!(".contribute-choice[data-path=\"{path}\"]")).await;
    }
    click(&s, "#start-contribution").await;
    text_containing(&s, "#io-notice", "Opened My contribution").await;

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

    click(&s, "#export-button").await;
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
        attr(&s, "#draft-edit-link", "href").await,
        format!("{}/web/{REPO}/edit/main/draft/{DRAFT}", gh.base)
    );

    click(&s, "#insert-into-draft").await;
    text_containing(
        &s,
        "#placed-note",
        &format!("2 entries placed in draft/{DRAFT}."),
    )
    .await;
    assert_eq!(
        attr(&s, ".io-propose", "data-decision").await,
        "edit-and-paste"
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn offline_rate_limited_and_missing_each_get_a_clear_message() {
    // Offline: nothing listens at the configured address.
    let offline = offline_base();
    let s = started(&query_for(&offline), None).await;
    click(&s, "#open-button").await;
    click(&s, "#list-drafts").await;
    let msg = text_containing(&s, "#github-status", "Could not reach").await;
    assert!(
        msg.contains(&offline) && msg.contains("offline"),
        "offline message: {msg}"
    );

    // 404 and rate limit from the stand-in.
    let gh = StandIn::start(&fixtures()).unwrap();
    s.open_app_with(&gh.query()).await.unwrap();
    click(&s, "#open-button").await;
    type_into(&s, "#published-input", "2027-04-28").await;
    click(&s, "#open-published").await;
    let msg = text_containing(&s, "#github-status", "404").await;
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
    type_into(&s, "#published-input", "699").await;
    click(&s, "#open-published").await;
    text_containing(&s, "#io-notice", "Opened 2027-04-14-this-week-in-rust.md").await;

    gh.set_rate_limited(true);
    click(&s, "#open-button").await;
    click(&s, "#list-drafts").await;
    let msg = text_containing(&s, "#github-status", "limit").await;
    assert!(
        msg.contains("GitHub's limit for requests without an account is used up"),
        "{msg}"
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn recent_issues_are_loaded_and_a_repeated_link_is_an_error() {
    let gh = StandIn::start(&fixtures()).unwrap();
    let s = started(&gh.query(), None).await;
    open_draft(&s, DRAFT).await;
    let before = text_containing(&s, "#count-errors", "error").await;
    click(&s, "#load-recent").await;
    text_containing(&s, "#history-status", "Loaded 2 earlier issues.").await;
    text_containing(
        &s,
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
    let s = started("", None).await;
    let pasted = "Title: This Week in Rust 650\nNumber: 650\nDate: 2026-05-06\nCategory: This Week in Rust\n\nPasted text.\n";
    click(&s, "#open-button").await;
    s.client
        .find(Locator::Css("#paste-text"))
        .await
        .unwrap()
        .send_keys(pasted)
        .await
        .unwrap();
    click(&s, "#open-pasted").await;
    text_containing(&s, "#io-notice", "Opened Pasted issue").await;
    assert_eq!(markdown(&s).await, pasted);

    // A file dropped on the window opens.
    s.js(
        "const dt = new DataTransfer(); dt.items.add(new File([arguments[0]], 'dropped.md'));\
         window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));",
        vec![json!("Title: Dropped\n\nDropped text.\n")],
    )
    .await
    .unwrap();
    text_containing(&s, "#io-notice", "Opened dropped.md").await;
    assert_eq!(markdown(&s).await, "Title: Dropped\n\nDropped text.\n");

    // The pasted issue was not overwritten: it is kept as a draft of its own.
    text_containing(
        &s,
        "#io-notice",
        "The previous draft is kept in the drafts list.",
    )
    .await;
    s.close().await.unwrap();
}

async fn type_into(s: &Session, css: &str, keys: &str) {
    s.client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .send_keys(keys)
        .await
        .unwrap();
}

/// Types `line` and Enter into the "add" field of the section titled `section`.
async fn add_entry(s: &Session, section: &str, line: &str) {
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
