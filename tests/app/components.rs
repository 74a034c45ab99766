//! The shell and the Markdown escape hatch: mount the app, type, assert the DOM. (The pure
//! piece and caret logic of `doc.rs` is unit-tested natively, in `src/doc.rs`.)

use twir_editor::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

use crate::support::{open_entry, query, settle};

/// A fresh container with the app mounted in it; the handle keeps the app alive.
fn mount_app() -> (HtmlElement, impl Drop) {
    let host = crate::support::host();
    let handle = leptos::mount::mount_to(host.clone(), App);
    (host, handle)
}

/// Switches the editing column from the forms to the raw Markdown pieces (the escape hatch).
async fn markdown_mode(host: &HtmlElement) {
    let toggle: HtmlElement = query(host, "#markdown-mode").unchecked_into();
    toggle.click();
    settle().await;
}

fn type_into(area: &HtmlTextAreaElement, value: &str) {
    area.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    area.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn shows_header_navigator_editor_and_preview() {
    let (host, _app) = mount_app();
    settle().await;
    markdown_mode(&host).await;
    let label = query(&host, ".issue-label").text_content().unwrap();
    assert_eq!(label, "Issue 841 · 2030-01-02");
    let nav = query(&host, ".navigator").text_content().unwrap();
    assert!(
        nav.contains("Introduction") && nav.contains("Crate of the Week"),
        "{nav}"
    );
    let areas = host.query_selector_all("textarea.piece-source").unwrap();
    let sections = twir_format::parse(twir_editor::SAMPLE).issue.sections.len();
    assert_eq!(
        areas.length() as usize,
        sections + 1,
        "one text area per piece"
    );
    let title = query(&host, ".post-title").text_content().unwrap();
    assert_eq!(title, "This Week in Rust 841");
}

#[wasm_bindgen_test]
async fn typing_in_a_section_updates_the_preview() {
    let (host, _app) = mount_app();
    settle().await;
    markdown_mode(&host).await;
    let area: HtmlTextAreaElement = query(&host, "#edit-0-text").unchecked_into();
    let edited = format!("{}\nA freshly typed paragraph.\n", area.value());
    type_into(&area, &edited);
    settle().await;
    let preview = query(&host, "#preview-content").text_content().unwrap();
    assert!(preview.contains("A freshly typed paragraph."), "{preview}");
    // The text area keeps what was typed (no reset from the re-parse).
    assert_eq!(area.value(), edited);
}

#[wasm_bindgen_test]
async fn keystrokes_faster_than_frames_render_the_preview_once() {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;

    let (host, _app) = mount_app();
    settle().await;
    markdown_mode(&host).await;
    let area: HtmlTextAreaElement = query(&host, "#edit-0-text").unchecked_into();
    let start = area.value();
    // Each patch of the preview is one batch of mutation records.
    let patches = Rc::new(Cell::new(0));
    let seen = patches.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || seen.set(seen.get() + 1));
    let observer = web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_character_data(true);
    observer
        .observe_with_options(&query(&host, "#preview-content"), &init)
        .unwrap();
    // Three keystrokes, each in a task of its own, within about a millisecond.
    for typed in ["\nQuick", "\nQuick typ", "\nQuick typing."] {
        type_into(&area, &format!("{start}{typed}\n"));
        crate::support::sleep(0).await;
    }
    settle().await;
    observer.disconnect();
    let preview = query(&host, "#preview-content").text_content().unwrap();
    assert!(preview.contains("Quick typing."), "{preview}");
    // Rendered once, or twice when a frame fell between them; never once per keystroke.
    assert!(
        (1..3).contains(&patches.get()),
        "{} patches for 3 keystrokes",
        patches.get()
    );
}

#[wasm_bindgen_test]
async fn a_new_heading_typed_in_a_section_becomes_a_section() {
    let (host, _app) = mount_app();
    settle().await;
    markdown_mode(&host).await;
    let before = host
        .query_selector_all("textarea.piece-source")
        .unwrap()
        .length();
    let area: HtmlTextAreaElement = query(&host, "#edit-0-text").unchecked_into();
    type_into(
        &area,
        &format!("{}\n## Brand New Section\n\nHello.\n", area.value()),
    );
    settle().await;
    let after = host
        .query_selector_all("textarea.piece-source")
        .unwrap()
        .length();
    assert_eq!(after, before + 1);
    let nav = query(&host, ".navigator").text_content().unwrap();
    assert!(nav.contains("Brand New Section"), "{nav}");
}

#[wasm_bindgen_test]
async fn raw_tab_shows_exactly_what_export_writes() {
    let (host, _app) = mount_app();
    settle().await;
    let raw_tab: HtmlElement = query(&host, "#tab-panel-raw").unchecked_into();
    raw_tab.click();
    settle().await;
    let raw = query(&host, "#panel-raw pre").text_content().unwrap();
    assert_eq!(raw, twir_editor::SAMPLE);
    assert_eq!(
        raw_tab.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    let rendered = query(&host, "#panel-rendered");
    assert!(rendered.has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn typing_a_heading_moves_the_caret_into_the_new_section() {
    let (host, _app) = mount_app();
    settle().await;
    markdown_mode(&host).await;
    let area: HtmlTextAreaElement = query(&host, "#edit-0-text").unchecked_into();
    area.focus().unwrap();
    // Setting the value leaves the caret at its end, as typing there would.
    type_into(&area, &format!("{}## Split", area.value()));
    settle().await;
    let next: HtmlTextAreaElement = query(&host, "#edit-1-text").unchecked_into();
    assert!(next.value().starts_with("## Split"), "{}", next.value());
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .map(|e| e.id());
    assert_eq!(active.as_deref(), Some("edit-1-text"));
    assert_eq!(
        next.selection_start().unwrap(),
        Some("## Split".len() as u32)
    );
    // The first text area no longer holds the heading.
    assert!(!area.value().contains("## Split"));
}

#[wasm_bindgen_test]
fn preview_patch_changes_only_what_differs() {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap();
    el.set_inner_html(
        "<h2 id=\"a\">News</h2><ul><li><a href=\"https://x.test/1\">One</a></li>\
         <li><a href=\"https://x.test/2\">Two</a></li></ul><p>End</p>",
    );
    let heading = el.query_selector("h2").unwrap().unwrap();
    let first = el.query_selector("li").unwrap().unwrap();
    let set = |html: &str| {
        twir_editor::preview_dom::patch_html(&el, html);
        let want = document.create_element("div").unwrap();
        want.set_inner_html(html);
        assert_eq!(el.inner_html(), want.inner_html());
    };
    // A title typed in: only its text changes.
    set(
        "<h2 id=\"a\">News</h2><ul><li><a href=\"https://x.test/1\">One</a></li>\
         <li><a href=\"https://x.test/2\">Twox</a></li></ul><p>End</p>",
    );
    assert!(el.query_selector("h2").unwrap().unwrap() == heading);
    assert!(el.query_selector("li").unwrap().unwrap() == first);
    // A changed attribute replaces its element; an added entry keeps the others.
    set(
        "<h2 id=\"b\">News</h2><ul><li><a href=\"https://x.test/1\">One</a></li>\
         <li><a href=\"https://x.test/3\">New</a></li>\
         <li><a href=\"https://x.test/2\">Twox</a></li></ul><p>End</p>",
    );
    assert!(el.query_selector("h2").unwrap().unwrap() != heading);
    assert!(el.query_selector("li").unwrap().unwrap() == first);
    // Everything removed.
    set("");
}

/// The keystroke path of the preview: old and new HTML compared node by node. The page shows
/// exactly the new HTML after each change (with Leptos' trailing comment left alone), and the
/// nodes of what did not change are kept, down to the other items of the edited list.
#[wasm_bindgen_test]
fn preview_patch_from_old_html_keeps_unchanged_nodes() {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap();
    let render = |titles: &[&str], heading: &str| {
        let mut md = format!("## {heading}\n\n### Official\n\n");
        for t in titles {
            let page = t.to_lowercase();
            md.push_str(&format!("* [{t}](https://x.test/{page})\n"));
        }
        md.push_str("\n### Research\n\n* [Paper](https://x.test/p)\n\n> A quote\n> in two lines\n");
        twir_format::render_markdown(&md)
    };
    let mut shown = render(&["One", "Two", "Three"], "Community");
    el.set_inner_html(&shown);
    el.append_child(&document.create_comment("")).unwrap();
    let lists = |el: &web_sys::Element| {
        let all = el.query_selector_all("ul").unwrap();
        (0..all.length())
            .map(|k| all.item(k).unwrap())
            .collect::<Vec<_>>()
    };
    let items = |el: &web_sys::Element| {
        let all = el.query_selector_all("li").unwrap();
        (0..all.length())
            .map(|k| all.item(k).unwrap())
            .collect::<Vec<_>>()
    };
    let mut set = |html: String| {
        twir_editor::preview_dom::patch_html_from(&el, &shown, &html);
        let want = document.create_element("div").unwrap();
        want.set_inner_html(&html);
        let got = el.inner_html();
        assert_eq!(got.trim_end_matches("<!---->"), want.inner_html());
        shown = html;
    };
    let (before_lists, before_items) = (lists(&el), items(&el));

    // Typing in the second title (its URL stays): every list and item node is kept.
    set(render(&["One", "Twox", "Three"], "Community").replace("/twox", "/two"));
    assert_eq!(lists(&el), before_lists);
    assert_eq!(items(&el), before_items);
    assert!(items(&el)[1].text_content().unwrap().contains("Twox"));

    // An entry added in the middle: the others keep their nodes.
    set(render(&["One", "New", "Twox", "Three"], "Community").replace("/twox", "/two"));
    let now = items(&el);
    assert_eq!(now.len(), 5);
    assert_eq!(now[0], before_items[0]);
    assert_eq!(now[2], before_items[1]);
    assert_eq!(now[3], before_items[2]);
    assert_eq!(lists(&el), before_lists);

    // Removed again, and the heading renamed (its id changes): the lists stay.
    set(render(&["One", "Twox", "Three"], "Community & more").replace("/twox", "/two"));
    assert_eq!(lists(&el), before_lists);
    assert_eq!(items(&el)[0], before_items[0]);

    // HTML that does not split into nodes (an unclosed tag) still ends up shown exactly.
    set("<p>Raw <em>text</p>".to_string());
    set(render(&["One"], "Community"));
}

/// Types into two community links' titles, then undoes one: the preview follows each step.
/// (Debug builds also check that every part of the preview it did not write again is
/// unchanged: a wrong note of what changed would panic here.)
#[wasm_bindgen_test]
async fn typing_in_forms_then_undo_keeps_the_preview_in_step() {
    let (host, _app) = mount_app();
    settle().await;
    // The first two entries with a title (community links lead the sample).
    let rows = host.query_selector_all(".f-entry:has(.f-s-title)").unwrap();
    assert!(rows.length() >= 2, "the sample has community links");
    let row = |n: u32| -> Element { rows.item(n).unwrap().unchecked_into() };
    let type_title = |n: u32, text: &str| {
        let input: web_sys::HtmlInputElement =
            query(&row(n), ".f-link .f-title input").unchecked_into();
        input.set_value(text);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    };
    let preview = || query(&host, "#preview-content").text_content().unwrap();
    open_entry(&row(0)).await;
    type_title(0, "Alpha title typed here");
    settle().await;
    open_entry(&row(1)).await;
    type_title(1, "Beta title typed here");
    settle().await;
    let shown = preview();
    assert!(
        shown.contains("Alpha title typed here") && shown.contains("Beta title typed here"),
        "{shown}"
    );
    query(&host, "#undo")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    let shown = preview();
    assert!(shown.contains("Alpha title typed here"), "{shown}");
    assert!(!shown.contains("Beta title typed here"), "{shown}");
}
