//! Component tests of the section forms in headless Chromium: mount the forms with a model,
//! edit through DOM events, assert the model and the written Markdown.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use twir_editor::editor::Editor;
use twir_editor::forms::Forms;
use twir_format::{write, BlockKind, EntryValue, Id, Issue};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use crate::support::{key_down, open_entry, query, settle, settle_checks};

pub(crate) const SMALL: &str = include_str!("../fixtures/forms-small.md");

/// The forms of `text`, mounted in a fresh container; the handle keeps them alive.
pub(crate) fn mount(text: &'static str) -> (HtmlElement, Editor, impl Drop) {
    let host = crate::support::host();
    let slot = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let editor = Editor::new(text, "test.md");
        provide_context(editor);
        out.set(Some(editor));
        view! { <Forms/> }
    });
    (host, slot.get().unwrap(), handle)
}

pub(crate) fn markdown(editor: &Editor) -> String {
    editor.issue().with_untracked(write)
}

/// Types `value` into the field `css` inside `scope` (an input or a text area).
pub(crate) fn type_in(scope: &Element, css: &str, value: &str) {
    let el = query(scope, css);
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else {
        el.dyn_ref::<HtmlTextAreaElement>()
            .expect("an input or a text area")
            .set_value(value);
    }
    let ev = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    el.dispatch_event(&ev).unwrap();
}

pub(crate) fn click(scope: &Element, css: &str) {
    query(scope, css).unchecked_into::<HtmlElement>().click();
}

/// Picks the item `css` of the row's tools menu, opening the menu first.
pub(crate) async fn menu_action(row: &Element, css: &str) {
    click(row, ".f-menu-button");
    settle().await;
    click(row, &format!(".f-menu-list {css}"));
    settle().await;
}

/// The id of the entry whose URL is `url`.
fn entry_id(issue: &Issue, url: &str) -> Id {
    for (_, s) in issue.sections_flat() {
        for b in &s.blocks {
            if let BlockKind::List { entries } = &b.kind {
                if let Some(e) = entries.iter().find(|e| e.value.url() == Some(url)) {
                    return e.id;
                }
            }
        }
    }
    panic!("no entry with URL {url}");
}

pub(crate) fn row(host: &Element, editor: &Editor, url: &str) -> Element {
    let id = editor.issue().with_untracked(|i| entry_id(i, url));
    query(host, &format!("[data-entry=\"{}\"]", id.0))
}

fn block_with(host: &Element, css: &str) -> Element {
    query(host, css)
}

#[wasm_bindgen_test]
async fn front_matter_date_sets_number_and_title() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    type_in(&host, ".f-front-matter .f-date input", "2026-08-26");
    settle().await;
    assert!(
        markdown(&editor)
            .starts_with("Title: This Week in Rust 666\nNumber: 666\nDate: 2026-08-26\n"),
        "{}",
        markdown(&editor)
    );
    // Not a date: the field says so and the model keeps the last good value.
    type_in(&host, ".f-front-matter .f-date input", "2026-08-2");
    settle().await;
    assert!(markdown(&editor).contains("Date: 2026-08-26\n"));
    let msg = query(&host, ".f-front-matter .f-date .f-invalid")
        .text_content()
        .unwrap();
    assert!(msg.contains("YYYY-MM-DD"), "{msg}");
    type_in(&host, ".f-front-matter .f-number input", "700");
    settle().await;
    assert!(markdown(&editor).starts_with("Title: This Week in Rust 700\nNumber: 700\n"));
}

#[wasm_bindgen_test]
async fn community_link_fields_and_tags() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let r = row(&host, &editor, "https://example.com/b");
    open_entry(&r).await;
    type_in(&r, ".f-title input", "Renamed post");
    click(&r, ".f-tag-video input");
    type_in(&r, ".f-tags .f-lang input", "ZH");
    settle().await;
    let md = markdown(&editor);
    assert!(
        md.contains("\n* [video] [ZH] [Renamed post](https://example.com/b)\n"),
        "{md}"
    );
    // The rest of the file is untouched.
    let expected = SMALL.replace(
        "* [Second post](https://example.com/b)",
        "* [video] [ZH] [Renamed post](https://example.com/b)",
    );
    assert_eq!(md, expected);
}

#[wasm_bindgen_test]
async fn crate_of_the_week_and_thanks() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    type_in(&host, ".f-cotw .f-crate-name input", "bar-crate");
    type_in(&host, ".f-thanks .f-thanks-name input", "a reader");
    settle().await;
    let md = markdown(&editor);
    assert!(
        md.contains("This week's crate is [bar-crate](https://example.com/foo), a crate"),
        "{md}"
    );
    assert!(
        md.contains("Thanks to [a reader](https://example.com/bar) for"),
        "{md}"
    );
}

#[wasm_bindgen_test]
async fn cfp_event_fields() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let r = row(&host, &editor, "https://example.com/rc");
    open_entry(&r).await;
    type_in(&r, ".f-place input", "Hamburg, DE");
    type_in(&r, ".f-event-date input", "2026-10-02");
    settle().await;
    assert!(markdown(&editor).contains(
        "* [**RustConf**](https://example.com/rc) | CFP open until 2026-09-01 | Hamburg, DE | 2026-10-02\n"
    ));
}

#[wasm_bindgen_test]
async fn project_updates_merged_count_and_prs() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    type_in(&host, ".f-merged .f-merged-count input", "many");
    settle().await;
    assert!(markdown(&editor).contains("\n12 pull requests were"));
    assert!(query(&host, ".f-merged .f-invalid")
        .text_content()
        .unwrap()
        .contains("number"));
    type_in(&host, ".f-merged .f-merged-count input", "421");
    let r = row(&host, &editor, "https://github.com/rust-lang/rust/pull/1");
    open_entry(&r).await;
    type_in(&r, ".f-title input", "fix two things");
    settle().await;
    let md = markdown(&editor);
    assert!(
        md.contains("\n421 pull requests were [merged in the last week][merged]\n"),
        "{md}"
    );
    assert!(
        md.contains("* [fix two things](https://github.com/rust-lang/rust/pull/1)\n"),
        "{md}"
    );
    assert!(host
        .query_selector(".f-merged .f-invalid")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn events_stay_sorted_by_date_while_edited() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let r = row(&host, &editor, "https://example.com/paris");
    open_entry(&r).await;
    type_in(&r, ".f-start input", "2026-08-19");
    type_in(&r, ".f-location input", "Lyon, FR");
    type_in(&r, ".f-talk-title input", "Talk deux");
    settle().await;
    let md = markdown(&editor);
    let paris = md.find("2026-08-19 | Lyon, FR | [Rust Paris](https://example.com/paris)\n    * [**Talk deux**](https://example.com/t2)").expect(&md);
    let berlin = md.find("2026-08-20 | Berlin, DE").unwrap();
    assert!(
        paris < berlin,
        "the edited event moved before the later one:\n{md}"
    );
    // The form follows: the Paris row is now the first of its list.
    let first = query(&host, "[data-kind=\"EventRegion\"] .f-entry");
    assert_eq!(first, row(&host, &editor, "https://example.com/paris"));
    // Kind and window.
    let sel = query(&first, ".f-kind select").unchecked_into::<web_sys::HtmlSelectElement>();
    sel.set_value("2"); // Hybrid
    sel.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    type_in(&host, ".f-window .f-window-end input", "2026-09-23");
    settle().await;
    let md = markdown(&editor);
    assert!(
        md.contains("* 2026-08-19 | Hybrid (Lyon, FR) | [Rust Paris]"),
        "{md}"
    );
    assert!(
        md.contains("Rusty Events between 2026-08-19 - 2026-09-23 🦀"),
        "{md}"
    );
}

const COHOSTED: &str = "## Upcoming Events\n\nRusty Events between 2026-08-19 - 2026-09-16 🦀\n\n\
### Europe\n\n\
* 2026-08-20 | Berlin, DE | [Rust Berlin](https://example.com/berlin) + [Hack Club](https://example.com/hack)\n\
\x20   * [**Hack and Learn**](https://example.com/h)\n";

fn cohost_field(host: &Element, n: u32, css: &str) -> Element {
    query(host, &format!(".f-cohost:nth-child({n}) {css}"))
}

#[wasm_bindgen_test]
async fn events_hosted_by_several_groups_are_edited_as_fields() {
    let (host, editor, _h) = mount(COHOSTED);
    settle().await;
    let r = row(&host, &editor, "https://example.com/berlin");
    open_entry(&r).await;
    let name = cohost_field(&r, 1, ".f-cohost-name input").unchecked_into::<HtmlInputElement>();
    assert_eq!(name.value(), "Hack Club");
    type_in(&r, ".f-cohost-name input", "Hack Club Berlin");
    let joiner =
        cohost_field(&r, 1, ".f-joiner select").unchecked_into::<web_sys::HtmlSelectElement>();
    assert_eq!(joiner.value(), "0", "` + ` is shown");
    joiner.set_value("3");
    joiner
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    let md = markdown(&editor);
    assert!(
        md.contains("[Rust Berlin](https://example.com/berlin) & [Hack Club Berlin](https://example.com/hack)\n    * [**Hack and Learn**]"),
        "{md}"
    );
    // A second co-host, added and filled in; then the first removed (and back by undo).
    click(&r, ".f-add-cohost");
    settle().await;
    type_in(
        &cohost_field(&r, 2, ".f-cohost-name"),
        "input",
        "Rust Meetup",
    );
    type_in(
        &cohost_field(&r, 2, ".f-cohost-url"),
        "input",
        "https://example.com/m",
    );
    settle().await;
    let both = "[Rust Berlin](https://example.com/berlin) & [Hack Club Berlin](https://example.com/hack) + [Rust Meetup](https://example.com/m)\n";
    assert!(markdown(&editor).contains(both), "{}", markdown(&editor));
    cohost_field(&r, 1, ".f-remove-cohost")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(
        markdown(&editor).contains(
            "[Rust Berlin](https://example.com/berlin) + [Rust Meetup](https://example.com/m)\n"
        ),
        "{}",
        markdown(&editor)
    );
    assert!(editor.undo());
    settle().await;
    assert!(markdown(&editor).contains(both), "{}", markdown(&editor));
    // An empty co-host is reported on its event.
    type_in(&cohost_field(&r, 2, ".f-cohost-url"), "input", "");
    settle_checks().await;
    assert!(
        r.text_content()
            .unwrap()
            .contains("the event's group 3 has no name or URL"),
        "{}",
        r.inner_html()
    );
}

const NOTHING_YET: &str = "## Calls for Testing\n\n\
* *No calls for testing were issued this week by [Rust](https://example.com/rust),\n\
\x20 [Cargo](https://example.com/cargo).*\n";

#[wasm_bindgen_test]
async fn a_nothing_line_over_several_lines_is_one_text_area() {
    let (host, editor, _h) = mount(NOTHING_YET);
    settle().await;
    open_entry(&query(&host, "[data-entry]")).await;
    let area = query(&host, ".f-nothing textarea").unchecked_into::<HtmlTextAreaElement>();
    assert_eq!(
        area.value(),
        "No calls for testing were issued this week by [Rust](https://example.com/rust),\n[Cargo](https://example.com/cargo)."
    );
    type_in(&host, ".f-nothing textarea", "None this week from [Rust](https://example.com/rust),\n[Cargo](https://example.com/cargo) or\n[rustup](https://example.com/rustup).");
    settle().await;
    let want = "* *None this week from [Rust](https://example.com/rust),\n  [Cargo](https://example.com/cargo) or\n  [rustup](https://example.com/rustup).*\n";
    assert!(markdown(&editor).contains(want), "{}", markdown(&editor));
    // An empty line would end the entry: refused, with the reason, and the model kept.
    type_in(&host, ".f-nothing textarea", "None this week.\n\nReally.");
    settle().await;
    assert!(markdown(&editor).contains(want), "{}", markdown(&editor));
    let invalid = query(&host, ".f-nothing .f-invalid")
        .text_content()
        .unwrap();
    assert_eq!(invalid, "an empty line would end the entry: remove it");
}

const TESTING: &str = "## Updates from Rust Community\n\n### Official\n\
* [A post](https://example.com/post)\n\n\
## Calls for Testing\n\n### [Cargo](https://example.com/cargo)\n\n\
* [Try the new resolver](https://example.com/resolver)\n\
\x20   * [Testing steps](https://example.com/steps)\n";

#[wasm_bindgen_test]
async fn a_call_for_testing_has_its_links_underneath_as_fields() {
    let (host, editor, _h) = mount(TESTING);
    settle().await;
    let r = row(&host, &editor, "https://example.com/resolver");
    open_entry(&r).await;
    let title = query(&r, ".f-sub .f-sub-title input").unchecked_into::<HtmlInputElement>();
    assert_eq!(title.value(), "Testing steps");
    click(&r, ".f-add-sub");
    settle().await;
    type_in(
        &query(&r, ".f-sub:nth-child(2) .f-sub-title"),
        "input",
        "Tracking issue",
    );
    type_in(
        &query(&r, ".f-sub:nth-child(2) .f-sub-url"),
        "input",
        "https://example.com/track",
    );
    settle().await;
    let want = "* [Try the new resolver](https://example.com/resolver)\n    * [Testing steps](https://example.com/steps)\n    * [Tracking issue](https://example.com/track)\n";
    assert!(markdown(&editor).contains(want), "{}", markdown(&editor));
    query(&r, ".f-sub:nth-child(1) .f-remove-sub")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(
        markdown(&editor).contains("* [Try the new resolver](https://example.com/resolver)\n    * [Tracking issue](https://example.com/track)\n"),
        "{}",
        markdown(&editor)
    );
    // A community link has no links underneath.
    let post = row(&host, &editor, "https://example.com/post");
    open_entry(&post).await;
    assert!(post.query_selector(".f-add-sub").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn quote_and_author() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    type_in(&host, ".f-quote textarea", "First line\n\nSecond line");
    type_in(&host, ".f-attribution .f-author input", "Ferris");
    settle().await;
    let md = markdown(&editor);
    assert!(
        md.contains("> First line\n>\n> Second line\n\n– [Ferris](https://example.com/someone)"),
        "{md}"
    );
}

#[wasm_bindgen_test]
async fn raw_entry_shows_why_and_converts_to_typed() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    open_entry(
        &query(&host, ".f-s-raw")
            .closest("[data-entry]")
            .unwrap()
            .unwrap(),
    )
    .await;
    let raw = query(&host, ".f-raw");
    let reason = query(&raw, ".f-reason").text_content().unwrap();
    assert!(reason.contains("bullet"), "{reason}");
    click(&raw, ".f-convert");
    settle().await;
    assert!(markdown(&editor).contains("\n* [A dash entry](https://example.com/dash)\n"));
    assert!(host.query_selector(".f-raw").unwrap().is_none());
    let r = row(&host, &editor, "https://example.com/dash");
    assert_eq!(
        query(&r, ".f-title input")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "A dash entry"
    );
}

#[wasm_bindgen_test]
async fn list_operations_are_undoable_steps() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let a = row(&host, &editor, "https://example.com/a");
    open_entry(&a).await;
    // Alt+↓ in a field moves the entry down.
    let title = query(&a, ".f-title input");
    key_down(&title, "ArrowDown", true);
    settle().await;
    let md = markdown(&editor);
    assert!(
        md.contains(
            "* [Second post](https://example.com/b)\n* [First post](https://example.com/a)\n"
        ),
        "{md}"
    );
    // Duplicate, then remove the copy and the original.
    menu_action(
        &row(&host, &editor, "https://example.com/c"),
        ".f-duplicate",
    )
    .await;
    assert_eq!(
        markdown(&editor).matches("https://example.com/c)").count(),
        2
    );
    menu_action(&row(&host, &editor, "https://example.com/b"), ".f-remove").await;
    assert!(!markdown(&editor).contains("example.com/b)"));
    // Move to another category.
    let r = row(&host, &editor, "https://example.com/a");
    // The first other category offered is Newsletters.
    menu_action(&r, ".f-move-to").await;
    let md = markdown(&editor);
    assert!(
        md.contains(
            "- [A dash entry](https://example.com/dash)\n* [First post](https://example.com/a)\n"
        ),
        "{md}"
    );
    // Each operation is one undo step, back to the original text.
    for _ in 0..4 {
        assert!(editor.undo());
    }
    settle().await;
    assert_eq!(markdown(&editor), SMALL);
    assert!(!editor.undo());
    assert!(editor.redo());
    settle().await;
    assert!(markdown(&editor).contains(
        "* [Second post](https://example.com/b)\n* [First post](https://example.com/a)\n"
    ));
}

#[wasm_bindgen_test]
async fn typing_is_one_undo_step_per_field() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let r = row(&host, &editor, "https://example.com/a");
    open_entry(&r).await;
    type_in(&r, ".f-title input", "F");
    type_in(&r, ".f-title input", "Fi");
    type_in(&r, ".f-title input", "Fir");
    type_in(&r, ".f-url input", "https://example.com/x");
    settle().await;
    assert!(editor.undo());
    settle().await;
    assert!(markdown(&editor).contains("* [Fir](https://example.com/a)\n"));
    // The field shows the model again.
    assert_eq!(
        query(&r, ".f-url input")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "https://example.com/a"
    );
    assert!(editor.undo());
    settle().await;
    assert_eq!(markdown(&editor), SMALL);
}

#[wasm_bindgen_test]
async fn paste_a_url_or_markdown_lines_to_add_entries() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let official = {
        let id = editor.issue().with_untracked(|i| {
            i.sections_flat()
                .into_iter()
                .find(|(_, s)| s.title() == "Official")
                .unwrap()
                .1
                .id
        });
        query(&host, &format!("#form-{}", id.0))
    };
    // A URL typed (or pasted) and Enter: a new entry with that URL, focus on its title.
    let paste = query(&official, ".f-paste").unchecked_into::<HtmlInputElement>();
    paste.set_value("https://example.com/new");
    key_down(&paste, "Enter", false);
    settle().await;
    let r = row(&host, &editor, "https://example.com/new");
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(focused, query(&r, ".f-title input"));
    type_in(&r, ".f-title input", "New post");
    // Markdown lines in the standard format become typed entries.
    paste.set_value("* [video] [Pasted one](https://example.com/p1)");
    key_down(&paste, "Enter", false);
    settle().await;
    let md = markdown(&editor);
    assert!(md.contains("* [Third post](https://example.com/c)\n* [New post](https://example.com/new)\n* [video] [Pasted one](https://example.com/p1)\n"), "{md}");
    let id = editor
        .issue()
        .with_untracked(|i| entry_id(i, "https://example.com/p1"));
    assert!(matches!(
        editor
            .issue()
            .with_untracked(|i| i.entry(id).unwrap().value.clone()),
        EntryValue::Link(_)
    ));
}

#[wasm_bindgen_test]
async fn tracking_parameter_error_shows_inline_and_its_fix_removes_it() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let r = row(&host, &editor, "https://example.com/a");
    open_entry(&r).await;
    type_in(&r, ".f-url input", "https://example.com/a?utm_source=x");
    settle_checks().await;
    let msg = query(&r, ".f-message.error[data-rule=\"tracking-param\"]");
    click(&msg, ".f-fix");
    settle_checks().await;
    assert!(markdown(&editor).contains("* [First post](https://example.com/a)\n"));
    assert!(r
        .query_selector("[data-rule=\"tracking-param\"]")
        .unwrap()
        .is_none());
    assert_eq!(
        query(&r, ".f-url input")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "https://example.com/a"
    );
}

#[wasm_bindgen_test]
async fn text_blocks_are_text_areas() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let intro = query(&host, "#form-intro");
    type_in(
        &intro,
        ".f-text textarea",
        "Hello from a test issue.\n\nA second paragraph.",
    );
    settle().await;
    assert!(markdown(&editor)
        .contains("\nHello from a test issue.\n\nA second paragraph.\n\n## Updates"));
    let _ = block_with(&host, ".f-text-block");
}

/// Dispatches a drag event of `kind` at `el` carrying `data`, as the browser would (bubbling,
/// cancelable); returns whether a handler called `preventDefault` (for `dragover`: the drop
/// is allowed there).
fn drag(el: &Element, kind: &str, data: &web_sys::DataTransfer) -> bool {
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(data));
    let ev = web_sys::DragEvent::new_with_event_init_dict(kind, &init).unwrap();
    !el.dispatch_event(&ev).unwrap()
}

/// Drags the row of `from` by its handle and drops it on the row of `to`.
async fn drag_row(host: &Element, editor: &Editor, from: &str, to: &str) -> bool {
    let data = web_sys::DataTransfer::new().unwrap();
    let handle = query(&row(host, editor, from), ".f-handle");
    let target = row(host, editor, to);
    drag(&handle, "dragstart", &data);
    let allowed = drag(&target, "dragover", &data);
    drag(&target, "drop", &data);
    drag(&handle, "dragend", &data);
    settle().await;
    allowed
}

fn urls_in_order(md: &str, urls: &[&str]) -> Vec<usize> {
    urls.iter()
        .map(|u| {
            md.find(&format!("({u})"))
                .unwrap_or_else(|| panic!("{u} missing"))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn drag_and_drop_reorders_entries_and_one_undo_restores() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let before = markdown(&editor);
    let (a, b, c) = (
        "https://example.com/a",
        "https://example.com/b",
        "https://example.com/c",
    );
    // First entry dropped on the last: it takes the last place.
    assert!(
        drag_row(&host, &editor, a, c).await,
        "dragover must allow the drop"
    );
    let md = markdown(&editor);
    let at = urls_in_order(&md, &[b, c, a]);
    assert!(at[0] < at[1] && at[1] < at[2], "order b, c, a:\n{md}");
    assert_eq!(
        md.lines().filter(|l| l.starts_with("* [")).count(),
        before.lines().filter(|l| l.starts_with("* [")).count(),
        "no entry lost or duplicated"
    );
    // The rows follow the model.
    let rows = host.query_selector_all("[data-entry]").unwrap();
    let first = rows.item(0).unwrap().unchecked_into::<Element>();
    assert_eq!(
        first.get_attribute("data-entry"),
        Some(
            editor
                .issue()
                .with_untracked(|i| entry_id(i, b))
                .0
                .to_string()
        )
    );
    // The focus keys (what a reload finds rows and fields by) follow the new positions.
    let key = |url: &str| {
        row(&host, &editor, url)
            .get_attribute("data-focus-key")
            .unwrap_or_default()
    };
    assert_eq!(key(b), "Updates from Rust Community/Official|e0");
    assert_eq!(key(a), "Updates from Rust Community/Official|e2");
    open_entry(&row(&host, &editor, a)).await;
    assert_eq!(
        query(&row(&host, &editor, a), ".f-title input").get_attribute("data-focus-key"),
        Some("Updates from Rust Community/Official|e2:title".to_string())
    );
    // Dropping an entry on itself does nothing.
    let data = web_sys::DataTransfer::new().unwrap();
    let own = row(&host, &editor, b);
    drag(&query(&own, ".f-handle"), "dragstart", &data);
    assert!(!drag(&own, "dragover", &data), "no drop onto itself");
    drag(&query(&own, ".f-handle"), "dragend", &data);
    // One undo step restores the order.
    editor.undo();
    settle().await;
    assert_eq!(markdown(&editor), before);

    // Into another section's list: before the row it is dropped on.
    let n = "https://example.com/n";
    assert!(drag_row(&host, &editor, n, b).await);
    let md = markdown(&editor);
    let at = urls_in_order(&md, &[a, n, b, c, "https://example.com/dash"]);
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "n moved before b:\n{md}"
    );
    editor.undo();
    settle().await;
    assert_eq!(markdown(&editor), before);
}

/// The title a row shows: its field's value when open, else its closed line's title.
fn shown_title(row: &Element) -> String {
    match row.query_selector(".f-title input").unwrap() {
        Some(i) => i.unchecked_into::<HtmlInputElement>().value(),
        None => query(row, ".f-s-title").text_content().unwrap(),
    }
}

/// Typing in one entry of a list updates that row alone (the other rows keep their elements),
/// and what the list does next (move, duplicate) shows the typed text, not an older copy.
#[wasm_bindgen_test]
async fn typing_in_one_row_then_moving_it_shows_the_typed_text() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let a = row(&host, &editor, "https://example.com/a");
    let b_line = query(&row(&host, &editor, "https://example.com/b"), ".f-closed");
    open_entry(&a).await;
    for typed in ["First", "First p", "First post, edited"] {
        type_in(&a, ".f-title input", typed);
    }
    settle().await;
    assert!(markdown(&editor).contains("* [First post, edited](https://example.com/a)\n"));
    let b_now = query(&row(&host, &editor, "https://example.com/b"), ".f-closed");
    assert!(b_now == b_line, "the untouched row kept its elements");

    // Moved below the second entry: the row shows the text typed into it.
    let title = query(&a, ".f-title input");
    key_down(&title, "ArrowDown", true);
    settle().await;
    let rows = a.closest(".f-list").unwrap().unwrap().children();
    let titles: Vec<String> = (0..rows.length())
        .map(|k| shown_title(&rows.item(k).unwrap()))
        .collect();
    assert_eq!(
        titles[..2],
        ["Second post", "First post, edited"],
        "{titles:?}"
    );

    // A duplicate of it carries the typed text too (the copy opens; the original closes).
    menu_action(
        &row(&host, &editor, "https://example.com/a"),
        ".f-duplicate",
    )
    .await;
    assert_eq!(
        markdown(&editor)
            .matches("* [First post, edited](https://example.com/a)\n")
            .count(),
        2
    );
    let rows = a.closest(".f-list").unwrap().unwrap().children();
    let edited = (0..rows.length())
        .filter(|&k| shown_title(&rows.item(k).unwrap()) == "First post, edited")
        .count();
    assert_eq!(edited, 2);
}
