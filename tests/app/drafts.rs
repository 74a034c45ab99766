//! Component tests of the drafts (autosave, recovery, the list) in headless Chromium, on a
//! store in memory that each test seeds and inspects (`cargo test -p twir-editor --target
//! wasm32-unknown-unknown`). The same flows against the browser's real `localStorage` are the
//! end-to-end tests in `crates/e2e/tests/drafts.rs`.

use leptos::prelude::*;
use twir_editor::app::App;
use twir_editor::browser::storage::{Read, Store};
use twir_format::{encode_draft, StoredDraft, SCHEMA_VERSION};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::support::sleep;

fn mount_with(store: &Store) -> (HtmlElement, impl Drop) {
    let host = crate::support::host();
    let store = store.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(store);
        view! { <App/> }
    });
    (host, handle)
}

/// Longer than the autosave delay.
async fn after_autosave() {
    sleep(450).await;
}

fn query(host: &HtmlElement, css: &str) -> Option<Element> {
    host.query_selector(css).unwrap()
}

fn rename_to(host: &HtmlElement, name: &str) {
    let input: HtmlInputElement = query(host, ".draft-name").unwrap().unchecked_into();
    input.set_value(name);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn draft(name: &str, markdown: &str, revision: u64) -> StoredDraft {
    StoredDraft {
        schema: SCHEMA_VERSION,
        name: name.into(),
        markdown: markdown.into(),
        revision,
        updated_ms: 1.7e12 + revision as f64,
        focus: None,
        contribution: false,
        base: None,
        merge: None,
    }
}

#[wasm_bindgen_test]
async fn an_edit_is_saved_after_the_delay_and_comes_back_on_the_next_start() {
    let store = Store::memory();
    {
        let (host, _app) = mount_with(&store);
        sleep(0).await;
        // The untouched sample is not stored.
        assert_eq!(store.last_open(), None);
        rename_to(&host, "Issue of the test");
        after_autosave().await;
        let id = store
            .last_open()
            .expect("saved, and remembered as the open draft");
        let Read::Ok(d) = store.read_draft(&id) else {
            panic!("the draft does not read back")
        };
        assert_eq!(d.name, "Issue of the test");
        assert_eq!(d.revision, 1);
        let status = query(&host, ".save-status")
            .unwrap()
            .text_content()
            .unwrap();
        assert!(status.starts_with("Saved "), "{status}");
    }
    let (host, _app) = mount_with(&store);
    sleep(0).await;
    let input: HtmlInputElement = query(&host, ".draft-name").unwrap().unchecked_into();
    assert_eq!(input.value(), "Issue of the test");
}

#[wasm_bindgen_test]
async fn a_save_over_a_newer_revision_is_refused_and_the_choice_offered() {
    let store = Store::memory();
    store
        .set(
            "draft/d1",
            &encode_draft(&draft("Mine", "Title: T\n\nText.\n", 3)),
        )
        .unwrap();
    store.set("last-open", "d1").unwrap();
    let (host, _app) = mount_with(&store);
    sleep(0).await;
    // Another tab saves revision 4 meanwhile.
    let theirs = encode_draft(&draft("Theirs", "Title: T\n\nTheir text.\n", 4));
    store.set("draft/d1", &theirs).unwrap();
    rename_to(&host, "Mine, edited");
    after_autosave().await;
    assert_eq!(store.get("draft/d1").as_deref(), Some(theirs.as_str()));
    let notice = query(&host, ".notice.conflict").expect("the conflict is shown");
    assert!(notice.text_content().unwrap().contains("another tab"));
    // Keep mine as a copy: both texts are stored.
    let keep: HtmlElement = query(&host, ".notice-keep-copy").unwrap().unchecked_into();
    keep.click();
    sleep(0).await;
    let names: Vec<String> = store.list().into_iter().map(|l| l.meta.name).collect();
    assert!(names.contains(&"Theirs".to_string()), "{names:?}");
    assert!(
        names.contains(&"Mine, edited (my copy)".to_string()),
        "{names:?}"
    );
    assert!(query(&host, ".notice.conflict").is_none());
}

#[wasm_bindgen_test]
async fn a_newer_schema_is_shown_read_only_and_never_written() {
    let store = Store::memory();
    let future =
        r#"{"schema":7,"name":"Future","markdown":"Title: Future\n\nFrom later.\n","revision":2}"#;
    store.set("draft/f", future).unwrap();
    store.set("last-open", "f").unwrap();
    let (host, _app) = mount_with(&store);
    sleep(0).await;
    let notice = query(&host, ".notice.read-only").expect("read-only is said");
    assert!(notice.text_content().unwrap().contains("newer version"));
    rename_to(&host, "Changed");
    after_autosave().await;
    assert_eq!(store.get("draft/f").as_deref(), Some(future));
}

#[wasm_bindgen_test]
async fn a_damaged_record_is_backed_up_reported_and_the_app_starts() {
    let store = Store::memory();
    store.set("draft/bad", "{\"schema\":2,\"na").unwrap();
    store.set("last-open", "bad").unwrap();
    let (host, _app) = mount_with(&store);
    sleep(0).await;
    let notice = query(&host, ".notice.backup").expect("the backup is reported");
    assert!(notice.text_content().unwrap().contains("not valid JSON"));
    let backups = store.backups();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].1, "{\"schema\":2,\"na");
    assert_eq!(store.read_draft("bad"), Read::Missing);
    assert!(query(&host, ".post-title").is_some(), "the editor is there");
}

#[wasm_bindgen_test]
async fn unavailable_storage_is_said_and_leaving_asks_first() {
    let store = Store::in_memory_because("SecurityError: access denied");
    let (host, _app) = mount_with(&store);
    sleep(0).await;
    let status = query(&host, ".save-status")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(status.contains("unavailable"), "{status}");
    rename_to(&host, "Only here");
    after_autosave().await;
    let ev = web_sys::Event::new_with_event_init_dict("beforeunload", &{
        let init = web_sys::EventInit::new();
        init.set_cancelable(true);
        init
    })
    .unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
    assert!(ev.default_prevented(), "the leave-page prompt is asked for");
}

#[wasm_bindgen_test]
async fn deleting_a_draft_can_be_undone_and_purging_asks_first() {
    let store = Store::memory();
    for (id, name, rev) in [("a", "Open one", 1), ("b", "Other one", 2)] {
        store
            .set(
                &format!("draft/{id}"),
                &encode_draft(&draft(name, "Title: X\n", rev)),
            )
            .unwrap();
    }
    store.set("last-open", "a").unwrap();
    let (host, _app) = mount_with(&store);
    sleep(0).await;
    let toggle: HtmlElement = query(&host, ".drafts-toggle").unwrap().unchecked_into();
    toggle.click();
    sleep(0).await;
    assert_eq!(host.query_selector_all(".draft-row").unwrap().length(), 2);
    let del: HtmlElement = query(&host, ".draft-row[data-draft-id='b'] .draft-delete")
        .unwrap()
        .unchecked_into();
    del.click();
    sleep(0).await;
    assert_eq!(host.query_selector_all(".draft-row").unwrap().length(), 1);
    assert!(matches!(store.read_draft("b"), Read::Missing));
    let undo: HtmlElement = query(&host, ".notice-undo").unwrap().unchecked_into();
    undo.click();
    sleep(0).await;
    assert_eq!(host.query_selector_all(".draft-row").unwrap().length(), 2);
    assert!(matches!(store.read_draft("b"), Read::Ok(_)));

    // Deleting for good goes through the trash and a second question.
    let del: HtmlElement = query(&host, ".draft-row[data-draft-id='b'] .draft-delete")
        .unwrap()
        .unchecked_into();
    del.click();
    sleep(0).await;
    let ask: HtmlElement = query(&host, ".trash-row .confirm-ask")
        .unwrap()
        .unchecked_into();
    ask.click();
    sleep(0).await;
    assert_eq!(store.trashed().len(), 1, "not yet purged");
    let yes: HtmlElement = query(&host, ".trash-row .confirm-yes")
        .unwrap()
        .unchecked_into();
    yes.click();
    sleep(0).await;
    assert!(store.trashed().is_empty());
}
