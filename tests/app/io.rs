//! Component tests of import/export, the checks summary and contributions in headless Chromium
//! (`cargo test -p twir-editor --target wasm32-unknown-unknown`). Flows against GitHub (a local
//! stand-in) are the end-to-end tests in `crates/e2e/tests/io.rs`.

use leptos::prelude::*;
use twir_editor::app::App;
use twir_editor::browser::github::{date_of_file_name, GitHub};
use twir_editor::browser::storage::Store;
use twir_editor::editor::Editor;
use twir_format::{contribution_sections, Date};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use crate::support::{key_down, query, settle, settle_checks};

fn mount() -> (HtmlElement, impl Drop) {
    let host = crate::support::host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(Store::memory());
        view! { <App/> }
    });
    (host, handle)
}

/// Like [`mount`], with a handle on the app's editor.
fn mount_with_editor() -> (HtmlElement, Editor, impl Drop) {
    let host = crate::support::host();
    let slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(Store::memory());
        let editor = Editor::new(twir_editor::SAMPLE, "Sample issue");
        provide_context(editor);
        out.set(Some(editor));
        view! { <App/> }
    });
    (host, slot.get().unwrap(), handle)
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
        .map(wasm_bindgen::JsCast::unchecked_into::<HtmlElement>)
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
    start_tooling_contribution(&host).await;
    assert!(query(&host, "#count-errors")
        .text_content()
        .unwrap()
        .starts_with("0 "));
    // Contributors may not add links to Project/Tooling Updates (the editors pick those).
    add_tooling_link(&host).await;
    let errors = query(&host, "#count-errors").text_content().unwrap();
    assert!(errors.starts_with("1 "), "{errors}");
}

/// Starts a contribution to Project/Tooling Updates and adds a link there (which only the
/// editors may do: the contributor rules flag it).
async fn contribute_a_tooling_link(host: &HtmlElement) {
    start_tooling_contribution(host).await;
    add_tooling_link(host).await;
}

/// New → contribute to Project/Tooling Updates.
async fn start_tooling_contribution(host: &HtmlElement) {
    click(host, "#new-button").await;
    query(
        host,
        ".contribute-choice[data-path=\"Updates from Rust Community › Project/Tooling Updates\"]",
    )
    .unchecked_into::<HtmlElement>()
    .click();
    settle().await;
    click(host, "#start-contribution").await;
}

/// Pastes a tool's link into the section's add field, as Enter does, and waits for the checks.
async fn add_tooling_link(host: &HtmlElement) {
    let add: HtmlInputElement = query(host, "input.f-paste").unchecked_into();
    add.set_value("* [My tool 1.0](https://example.com/my-tool)");
    key_down(&add, "Enter", false);
    settle_checks().await;
}

#[wasm_bindgen_test]
async fn a_contribution_shows_no_front_matter_errors_under_the_introduction() {
    let (host, _app) = mount();
    settle().await;
    contribute_a_tooling_link(&host).await;
    // A contribution has no front matter: the summary does not count its rules, and neither
    // does the Introduction form show them.
    let under_intro = host.query_selector_all("#form-intro .f-message").unwrap();
    let texts: Vec<String> = (0..under_intro.length())
        .filter_map(|i| under_intro.get(i))
        .filter_map(|n| n.text_content())
        .collect();
    assert!(texts.is_empty(), "{texts:?}");
    let summary = query(&host, ".summary-list").text_content().unwrap();
    assert!(!summary.contains("front"), "{summary}");
}

#[wasm_bindgen_test]
async fn a_contribution_shows_under_the_entry_what_the_summary_lists() {
    let (host, _app) = mount();
    settle().await;
    contribute_a_tooling_link(&host).await;
    let item = query(&host, ".summary-item");
    assert!(
        item.text_content()
            .unwrap()
            .contains("[project-tooling-pr]"),
        "{:?}",
        item.text_content()
    );
    let target = item
        .get_attribute("data-target")
        .expect("the rule names the entry");
    let inline = query(
        &host,
        &format!("[data-entry=\"{target}\"] .f-message[data-rule=\"project-tooling-pr\"]"),
    );
    assert!(inline.class_list().contains("error"));
    // Every item of the summary that names a target is shown under that target's form.
    let items = host.query_selector_all(".summary-item").unwrap();
    let shown = host.query_selector_all(".f-message").unwrap();
    assert_eq!(items.length(), shown.length());
}

#[wasm_bindgen_test]
async fn typing_does_not_run_the_checks_per_keystroke() {
    let (host, editor, _app) = mount_with_editor();
    settle().await;
    contribute_a_tooling_link(&host).await;
    let title: HtmlInputElement = query(&host, ".f-entry .f-title input").unchecked_into();
    let before = editor.check_runs();
    for typed in ["M", "My", "My t", "My to", "My too", "My tool"] {
        title.set_value(typed);
        title
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        // The forms and the summary re-render (reading the checks), but the pause cannot pass.
        crate::support::run_microtasks().await;
    }
    assert_eq!(editor.check_runs(), before, "no check while typing");
    settle_checks().await;
    assert_eq!(editor.check_runs(), before + 1, "one check after the pause");
    // The summary and the inline messages followed, from that one run.
    let item = query(&host, ".summary-item").text_content().unwrap();
    assert!(item.contains("[project-tooling-pr]"), "{item}");
    query(
        &host,
        ".f-entry .f-message[data-rule=\"project-tooling-pr\"]",
    );
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
