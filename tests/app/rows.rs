//! Component tests of the entry rows: closed to one line (chips, title, host, problems, no
//! fields), opened by click or Enter at the field clicked, closed by Escape or by the focus
//! leaving, and the tools menu with its keys.

use twir_editor::editor::Editor;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::forms::{click, markdown, menu_action, mount, row, type_in, SMALL};
use crate::support::{key_down, open_entry, query, settle, settle_checks};

const ROWS: &str = "## Updates from Rust Community\n\n### Official\n\n\
* [video] [ZH] [Tagged post](https://www.example.com/tagged?utm_source=x)\n\
* [Plain post](https://example.org/plain)\n\n\
### Newsletters\n\n\
* [A newsletter](https://example.com/n)\n\n\
## Upcoming Events\n\n\
Rusty Events between 2026-08-19 - 2026-09-16 🦀\n\n\
### Europe\n\n\
* 2026-08-20 | Hybrid (Berlin, DE) | [Rust Berlin](https://example.com/berlin)\n\
\x20   * [**Hack and Learn**](https://example.com/h)\n";

const TAGGED: &str = "https://www.example.com/tagged?utm_source=x";

fn active() -> Element {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .expect("something has the focus")
}

fn texts(scope: &Element, css: &str) -> Vec<String> {
    let all = scope.query_selector_all(css).unwrap();
    (0..all.length())
        .map(|i| {
            all.item(i)
                .unwrap()
                .text_content()
                .unwrap()
                .trim()
                .to_string()
        })
        .collect()
}

fn is_open(row: &Element) -> bool {
    row.query_selector(".f-fields").unwrap().is_some()
}

fn fields_in(row: &Element) -> u32 {
    row.query_selector_all("input, textarea, select")
        .unwrap()
        .length()
}

fn click_el(el: &Element) {
    el.clone().unchecked_into::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn a_closed_row_shows_chips_title_host_and_problems_and_no_fields() {
    let (host, editor, _h) = mount(ROWS);
    settle_checks().await;
    let r = row(&host, &editor, TAGGED);
    assert!(!is_open(&r));
    assert_eq!(fields_in(&r), 0, "a closed row has no fields");
    // Every row is closed: the lists render no field at all.
    let lists = host.query_selector_all(".f-list").unwrap();
    for i in 0..lists.length() {
        let list: Element = lists.item(i).unwrap().unchecked_into();
        assert_eq!(fields_in(&list), 0, "{}", list.outer_html());
    }
    assert_eq!(texts(&r, ".f-chip"), ["video", "ZH"]);
    assert_eq!(texts(&r, ".f-s-title"), ["Tagged post"]);
    assert_eq!(texts(&r, ".f-s-url"), ["example.com"]);
    // The tracking parameter is an error: one problem, shown as an error.
    let badge = query(&r, ".f-problems");
    assert!(
        badge.class_list().contains("error"),
        "{}",
        badge.outer_html()
    );
    assert!(badge.text_content().unwrap().contains('1'));
    assert!(r.query_selector(".f-message").unwrap().is_none());
    // Open, the messages and their quick fix are there; the fix clears the count.
    open_entry(&r).await;
    let msg = query(&r, ".f-message.error[data-rule=\"tracking-param\"]");
    click(&msg, ".f-fix");
    settle_checks().await;
    assert!(markdown(&editor).contains("(https://www.example.com/tagged)\n"));
    assert!(r
        .query_selector(".f-problems, .f-message")
        .unwrap()
        .is_none());

    // A plain link: no chips, no problems.
    let plain = row(&host, &editor, "https://example.org/plain");
    assert_eq!(texts(&plain, ".f-chip").len(), 0);
    assert!(plain.query_selector(".f-problems").unwrap().is_none());
    // An event: date, place, group and first talk.
    let event = row(&host, &editor, "https://example.com/berlin");
    assert_eq!(fields_in(&event), 0);
    assert_eq!(
        texts(&event, ".f-closed .f-s"),
        [
            "2026-08-20",
            "Hybrid (Berlin, DE)",
            "Rust Berlin",
            "Hack and Learn"
        ]
    );
}

#[wasm_bindgen_test]
async fn click_or_enter_opens_at_the_field_and_escape_closes() {
    let (host, editor, _h) = mount(ROWS);
    settle().await;
    let r = row(&host, &editor, TAGGED);
    // The host opens at the URL.
    click_el(&query(&r, ".f-s-url"));
    settle().await;
    assert!(is_open(&r));
    assert_eq!(active(), query(&r, ".f-url input"));
    // Escape closes it; the focus stays on the row's line.
    key_down(&active(), "Escape", false);
    settle().await;
    assert!(!is_open(&r));
    assert_eq!(fields_in(&r), 0);
    assert_eq!(active(), query(&r, ".f-closed"));
    // Enter on the line opens at the title.
    key_down(&active(), "Enter", false);
    settle().await;
    assert_eq!(active(), query(&r, ".f-title input"));
    key_down(&active(), "Escape", false);
    settle().await;
    // The title clicked: the title field.
    click_el(&query(&r, ".f-s-title"));
    settle().await;
    assert_eq!(active(), query(&r, ".f-title input"));
    // An event's group clicked: its group field.
    let event = row(&host, &editor, "https://example.com/berlin");
    click_el(&query(&event, ".f-s-group"));
    settle().await;
    assert_eq!(active(), query(&event, ".f-group input"));
    // Opening that row moved the focus out of the first one, which closed.
    assert!(!is_open(&r));
    // Edits made in an open row stay after it closes.
    type_in(&event, ".f-group input", "Rust Berlin e.V.");
    key_down(&active(), "Escape", false);
    settle().await;
    assert_eq!(texts(&event, ".f-s-group"), ["Rust Berlin e.V."]);
    assert!(markdown(&editor).contains("[Rust Berlin e.V.](https://example.com/berlin)"));
}

#[wasm_bindgen_test]
async fn focus_leaving_closes_the_row_unless_a_field_holds_a_refused_value() {
    let (host, editor, _h) = mount(ROWS);
    settle().await;
    let event = row(&host, &editor, "https://example.com/berlin");
    open_entry(&event).await;
    let paste = query(&host, ".f-paste");
    paste
        .clone()
        .unchecked_into::<HtmlElement>()
        .focus()
        .unwrap();
    settle().await;
    assert!(!is_open(&event), "the focus left: closed");
    // A date the field refuses (it is not in the model): the row stays open, even on Escape,
    // so the text is not lost.
    open_entry(&event).await;
    type_in(&event, ".f-start input", "2026-08-2");
    settle().await;
    key_down(&query(&event, ".f-start input"), "Escape", false);
    paste.unchecked_into::<HtmlElement>().focus().unwrap();
    settle().await;
    assert!(is_open(&event));
    assert_eq!(
        query(&event, ".f-start input")
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value(),
        "2026-08-2"
    );
}

fn expanded(r: &Element) -> Option<String> {
    query(r, ".f-menu-button").get_attribute("aria-expanded")
}

/// The first entry of the list, as the rows are shown.
fn first_url(editor: &Editor) -> bool {
    markdown(editor).contains("### Official\n\n* [Plain post]")
}

#[wasm_bindgen_test]
async fn the_tools_menu_by_mouse_and_by_keys() {
    let (host, editor, _h) = mount(ROWS);
    settle().await;
    let r = row(&host, &editor, TAGGED);
    let button = query(&r, ".f-menu-button");
    assert_eq!(
        button.get_attribute("aria-haspopup").as_deref(),
        Some("menu")
    );
    assert_eq!(expanded(&r).as_deref(), Some("false"));
    // Opened: the first item has the focus; the arrows move through the items.
    click_el(&button);
    settle().await;
    assert_eq!(expanded(&r).as_deref(), Some("true"));
    assert_eq!(query(&r, "[role=\"menu\"] .f-up"), active());
    key_down(&active(), "ArrowDown", false);
    assert_eq!(query(&r, ".f-down"), active());
    key_down(&active(), "ArrowUp", false);
    key_down(&active(), "ArrowUp", false);
    assert_eq!(query(&r, ".f-move-to"), active(), "wraps to the last item");
    // Escape closes the menu and gives the focus back to its button; the row stays as it was.
    key_down(&active(), "Escape", false);
    settle().await;
    assert_eq!(expanded(&r).as_deref(), Some("false"));
    assert!(r.query_selector("[role=\"menu\"]").unwrap().is_none());
    assert_eq!(button, active());
    // ArrowDown on the button opens it too; "Move down" moves the entry.
    key_down(&button, "ArrowDown", false);
    settle().await;
    key_down(&active(), "ArrowDown", false);
    click_el(&active());
    settle().await;
    assert!(first_url(&editor), "{}", markdown(&editor));
    // Alt+↑ on the closed line moves it back.
    let line = query(&r, ".f-closed");
    line.clone()
        .unchecked_into::<HtmlElement>()
        .focus()
        .unwrap();
    key_down(&line, "ArrowUp", true);
    settle().await;
    assert!(!first_url(&editor), "{}", markdown(&editor));
    assert_eq!(active(), line, "the focus stays on the moved row");
    // Duplicate: the copy opens with the focus in its title.
    menu_action(&r, ".f-duplicate").await;
    let copy = active().closest("[data-entry]").unwrap().unwrap();
    assert_ne!(copy, r);
    assert!(is_open(&copy));
    assert_eq!(active(), query(&copy, ".f-title input"));
    assert_eq!(markdown(&editor).matches("[Tagged post]").count(), 2);
    // Remove the copy: the focus goes to the row that took its place.
    menu_action(&copy, ".f-remove").await;
    assert_eq!(markdown(&editor).matches("[Tagged post]").count(), 1);
    assert_eq!(
        active().closest("[data-entry]").unwrap(),
        Some(row(&host, &editor, "https://example.org/plain"))
    );
    // Move to another section: Newsletters is the one offered.
    let targets = texts(&r, ".f-move-to");
    assert!(
        targets.is_empty(),
        "items exist only while the menu is open"
    );
    menu_action(&r, ".f-move-to").await;
    let md = markdown(&editor);
    assert!(
        md.contains("* [A newsletter](https://example.com/n)\n* [video] [ZH] [Tagged post]"),
        "{md}"
    );
    // Each was one undo step.
    for _ in 0..5 {
        assert!(editor.undo());
    }
    settle().await;
    assert_eq!(markdown(&editor), ROWS);
}

#[wasm_bindgen_test]
async fn a_new_entry_opens_with_the_focus_in_its_field() {
    let (host, editor, _h) = mount(SMALL);
    settle().await;
    let official = query(&host, "[data-entry]")
        .closest(".form-section")
        .unwrap()
        .unwrap();
    click(&official, ".f-add-entry");
    settle().await;
    let focused = active();
    let new_row = focused.closest("[data-entry]").unwrap().unwrap();
    assert!(is_open(&new_row));
    assert_eq!(focused, query(&new_row, ".f-title input"));
    type_in(&new_row, ".f-title input", "Fresh");
    // An event: its group field.
    let europe = query(&host, "[data-kind=\"EventRegion\"]");
    click(&europe, ".f-add-entry");
    settle().await;
    assert_eq!(
        active(),
        query(
            &active().closest("[data-entry]").unwrap().unwrap(),
            ".f-group input"
        )
    );
    // The first row closed when the focus left it, and shows what was typed.
    assert!(!is_open(&new_row));
    assert_eq!(texts(&new_row, ".f-s-title"), ["Fresh"]);
    assert!(
        markdown(&editor).contains("* [Fresh]("),
        "{}",
        markdown(&editor)
    );
}

/// An issue whose one category holds `n` links.
fn long_issue(n: usize) -> &'static str {
    let mut text = String::from("## Updates from Rust Community\n\n### Official\n\n");
    for k in 0..n {
        text.push_str(&format!("* [Post {k}](https://example.com/post/{k})\n"));
    }
    Box::leak(text.into_boxed_str())
}

fn count(scope: &Element, css: &str) -> u32 {
    scope.query_selector_all(css).unwrap().length()
}

/// Waits (up to 10 s) until no list has rows still to draw.
async fn all_drawn(host: &Element) {
    for _ in 0..200 {
        if host.query_selector(".f-pending").unwrap().is_none() {
            return;
        }
        crate::support::sleep(50).await;
    }
    panic!("the rows were never all drawn");
}

#[wasm_bindgen_test]
async fn a_long_list_draws_its_first_rows_at_once_and_the_rest_after() {
    let (host, editor, _h) = mount(long_issue(400));
    // Right after mounting, part of the list and a placeholder saying how many are to come.
    let first = count(&host, ".f-entry");
    assert!(first > 20 && first < 400, "{first} rows drawn at once");
    let pending = query(&host, ".f-pending");
    assert_eq!(
        pending.text_content().unwrap(),
        format!("{} more entries…", 400 - first)
    );
    let height = f64::from(pending.client_height());
    assert!(
        height > f64::from(400 - first) * 20.0,
        "placeholder {height}px"
    );
    all_drawn(&host).await;
    assert_eq!(count(&host, ".f-entry"), 400);
    // In the model's order, every row once.
    let titles = texts(&host, ".f-s-title");
    let expected: Vec<String> = (0..400).map(|k| format!("Post {k}")).collect();
    assert_eq!(titles, expected);
    // An edit to a late entry shows in its row like any other.
    let last = row(&host, &editor, "https://example.com/post/399");
    click_el(&query(&last, ".f-s-title"));
    settle().await;
    type_in(&last, ".f-title input", "The last post");
    settle().await;
    assert!(markdown(&editor).contains("* [The last post](https://example.com/post/399)"));
}

#[wasm_bindgen_test]
async fn an_entry_added_before_its_long_list_is_drawn_opens_with_the_focus() {
    let (host, editor, _h) = mount(long_issue(600));
    assert!(host.query_selector(".f-pending").unwrap().is_some());
    // At once, before the list has drawn its end: the new entry goes last.
    click(&host, ".f-add-entry");
    settle().await;
    crate::support::sleep(50).await;
    settle().await;
    let ids = editor.issue().with_untracked(|i| {
        i.sections[0].children[0]
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                twir_format::BlockKind::List { entries } => entries.last().map(|e| e.id),
                _ => None,
            })
    });
    let new_row = query(&host, &format!("[data-entry=\"{}\"]", ids.unwrap().0));
    assert!(is_open(&new_row), "the new entry's row is open");
    assert!(
        new_row.contains(Some(active().unchecked_ref())),
        "and holds the focus"
    );
    // Every row was drawn to reach it.
    assert_eq!(count(&host, ".f-entry"), 601);
    assert!(host.query_selector(".f-pending").unwrap().is_none());
}
