//! Component tests of import/export, the checks summary and contributions in headless Chromium
//! (`cargo test -p twir-editor --target wasm32-unknown-unknown`). Flows against GitHub (a local
//! stand-in) are the end-to-end tests in `crates/e2e/tests/io.rs`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use twir_editor::app::App;
use twir_editor::github::{date_of_file_name, GitHub};
use twir_editor::io::{decode_history, encode_history, export_names};
use twir_editor::storage::Store;
use twir_format::{contribution_sections, parse, Date, PastIssue};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

mod support;
use support::{query, settle};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> (HtmlElement, impl Drop) {
    let host = support::host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(Store::memory());
        view! { <App/> }
    });
    (host, handle)
}

async fn click(host: &HtmlElement, css: &str) {
    query(host, css).unchecked_into::<HtmlElement>().click();
    settle().await;
}

/// Opens `text` through the paste dialog, as a user would.
async fn paste_issue(host: &HtmlElement, text: &str) {
    click(host, "#open-button").await;
    let area: HtmlTextAreaElement = query(host, "#paste-text").unchecked_into();
    area.set_value(text);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    click(host, "#open-pasted").await;
}

const WITH_UTM: &str = "Title: This Week in Rust 700
Number: 700
Date: 2027-04-21
Category: This Week in Rust

## Updates from Rust Community

### Official
* [A post](https://example.com/post?utm_source=x)
";

#[wasm_bindgen_test]
fn github_bases_come_from_the_query_string() {
    let gh = GitHub::from_query(
        "?github_api=http%3A%2F%2F127.0.0.1%3A4000%2Fapi%2F&github_raw=http://127.0.0.1:4000/raw&other=1",
    );
    assert_eq!(gh.api, "http://127.0.0.1:4000/api");
    assert_eq!(gh.raw, "http://127.0.0.1:4000/raw");
    assert_eq!(
        gh.repo.web_base, "https://github.com",
        "unset keeps the default"
    );
    assert_eq!(
        gh.raw_url("draft/a.md"),
        "http://127.0.0.1:4000/raw/rust-lang/this-week-in-rust/main/draft/a.md"
    );
    assert_eq!(GitHub::from_query(""), GitHub::default());
    assert_eq!(
        date_of_file_name("draft/2027-04-21-this-week-in-rust.md"),
        Date::parse("2027-04-21")
    );
}

#[wasm_bindgen_test]
fn the_history_cache_reads_back_what_it_wrote() {
    let past = vec![
        PastIssue::from_text(
            "Title: This Week in Rust 699\nNumber: 699\nDate: 2027-04-14\n\n## Updates from Rust Community\n\n### Official\n* [x](https://example.com/x/)\n",
        ),
        PastIssue {
            name: "an earlier issue".into(),
            date: None,
            links: vec![],
        },
    ];
    assert_eq!(past[0].links.len(), 1);
    assert_eq!(decode_history(&encode_history(&past)), past);
    assert!(decode_history("\n\tbroken\n").is_empty());
}

#[wasm_bindgen_test]
fn export_names_follow_the_issue_date() {
    let issue = parse(WITH_UTM).issue;
    assert_eq!(
        export_names(&issue),
        (
            "2027-04-21-this-week-in-rust.md".to_string(),
            "draft/2027-04-21-this-week-in-rust.md".to_string()
        )
    );
}

#[wasm_bindgen_test]
async fn the_summary_counts_errors_and_jumps_to_the_field() {
    let (host, _app) = mount();
    settle().await;
    paste_issue(&host, WITH_UTM).await;
    let errors = query(&host, "#count-errors").text_content().unwrap();
    assert!(
        !errors.starts_with("0 "),
        "a tracking parameter is an error: {errors}"
    );
    // The import says what the checks found.
    let n = errors.split_whitespace().next().unwrap();
    let notice = query(&host, "#io-notice").text_content().unwrap();
    assert!(
        notice.contains(&format!("Opened Pasted issue ({n} error(s)")),
        "{notice}"
    );
    let item = host.query_selector_all(".summary-item").unwrap();
    let utm = (0..item.length())
        .filter_map(|i| item.get(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().contains("utm_"))
        .expect("the summary lists the tracking parameter");
    utm.click();
    settle().await;
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .expect("something has the focus");
    let field: HtmlInputElement = active.clone().dyn_into().expect("an input has the focus");
    assert_eq!(field.type_(), "text");
    // The focused field belongs to the entry with the tracking parameter.
    let entry = active
        .closest("[data-entry]")
        .unwrap()
        .expect("inside an entry's form");
    let fields = entry.query_selector_all("input").unwrap();
    assert!((0..fields.length()).filter_map(|i| fields.get(i)).any(|f| f
        .unchecked_into::<HtmlInputElement>()
        .value()
        .contains("utm_source")));
}

#[wasm_bindgen_test]
async fn export_warns_about_errors_but_still_offers_the_file() {
    let (host, _app) = mount();
    settle().await;
    paste_issue(&host, WITH_UTM).await;
    click(&host, "#export-button").await;
    let warning = query(&host, "#export-warning").text_content().unwrap();
    assert!(warning.contains("checks found 1 error"), "{warning}");
    query(&host, "#export-download");
    assert_eq!(
        query(&host, "#export-path").text_content().unwrap(),
        "draft/2027-04-21-this-week-in-rust.md"
    );
    assert_eq!(
        query(&host, ".io-propose")
            .get_attribute("data-decision")
            .as_deref(),
        Some("new-file")
    );
}

#[wasm_bindgen_test]
async fn a_contribution_starts_with_only_the_chosen_headings() {
    let (host, _app) = mount();
    settle().await;
    click(&host, "#new-button").await;
    let boxes = host.query_selector_all(".contribute-choice").unwrap();
    assert_eq!(boxes.length() as usize, contribution_sections().len());
    let official = query(
        &host,
        ".contribute-choice[data-path=\"Updates from Rust Community › Official\"]",
    );
    official.unchecked_into::<HtmlElement>().click();
    settle().await;
    click(&host, "#start-contribution").await;
    click(&host, "#tab-panel-raw").await;
    assert_eq!(
        query(&host, "#panel-raw code").text_content().unwrap(),
        "## Updates from Rust Community\n\n### Official\n\n"
    );
}

#[wasm_bindgen_test]
async fn a_contribution_is_checked_with_the_contributor_rules() {
    let (host, _app) = mount();
    settle().await;
    click(&host, "#new-button").await;
    query(
        &host,
        ".contribute-choice[data-path=\"Updates from Rust Community › Project/Tooling Updates\"]",
    )
    .unchecked_into::<HtmlElement>()
    .click();
    settle().await;
    click(&host, "#start-contribution").await;
    assert!(query(&host, "#count-errors")
        .text_content()
        .unwrap()
        .starts_with("0 "));
    // Contributors may not add links to Project/Tooling Updates (the editors pick those).
    let add: HtmlInputElement = query(&host, "input.f-paste").unchecked_into();
    add.set_value("* [My tool 1.0](https://example.com/my-tool)");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    add.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
    )
    .unwrap();
    settle().await;
    let errors = query(&host, "#count-errors").text_content().unwrap();
    assert!(errors.starts_with("1 "), "{errors}");
}

#[wasm_bindgen_test]
async fn github_addresses_can_be_changed_in_the_open_dialog() {
    let (host, _app) = mount();
    settle().await;
    click(&host, "#open-button").await;
    let api: HtmlInputElement = query(&host, "#github-api").unchecked_into();
    assert_eq!(api.value(), "https://api.github.com");
    api.set_value("http://127.0.0.1:9/api/");
    api.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    click(&host, ".io-close").await;
    click(&host, "#open-button").await;
    let api: HtmlInputElement = query(&host, "#github-api").unchecked_into();
    assert_eq!(api.value(), "http://127.0.0.1:9/api");
}
