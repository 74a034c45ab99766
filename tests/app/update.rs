//! "Update from GitHub" in the app: the merge as one undo step, conflicts settled at the entry
//! with the three buttons, listed in the checks summary and warned about at export. The
//! network part runs against the GitHub stand-in in `crates/e2e/tests/update.rs`.

use leptos::prelude::*;
use twir_editor::app::App;
use twir_editor::browser::storage::{Read, Store};
use twir_editor::browser::upstream::Fetched;
use twir_editor::editor::Editor;
use twir_editor::update::{apply_update, Tracking};
use twir_format::{write, Base, Mode};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use crate::support::{query, settle, settle_checks};

const HEAD: &str = "Title: This Week in Rust 700
Number: 700
Date: 2027-04-21
Category: This Week in Rust

## Updates from Rust Community

### Official
";

fn text(entries: &str) -> String {
    format!("{HEAD}{entries}")
}

fn base() -> String {
    text("* [One](https://example.com/1)\n* [Two](https://example.com/2)\n")
}

fn local() -> String {
    text("* [One, mine](https://example.com/1)\n* [Two](https://example.com/2)\n* [Mine](https://example.com/m)\n")
}

fn theirs() -> String {
    text("* [Theirs](https://example.com/t)\n* [One, theirs](https://example.com/1)\n* [Two](https://example.com/2)\n")
}

/// The app on `store` with a handle on its editor.
fn mount_on(store: &Store) -> (HtmlElement, Editor, impl Drop) {
    let host = crate::support::host();
    let slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let out = slot.clone();
    let store = store.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(store);
        let editor = Editor::new(twir_editor::SAMPLE, "Sample issue");
        provide_context(editor);
        out.set(Some(editor));
        view! { <App/> }
    });
    (host, slot.get().unwrap(), handle)
}

/// The app on `local()`, following `base()` (blob `b1`), then updated to `theirs()` (`t1`).
async fn updated() -> (HtmlElement, Editor, String, impl Drop) {
    updated_on(&Store::memory()).await
}

async fn updated_on(store: &Store) -> (HtmlElement, Editor, String, impl Drop) {
    let (host, editor, handle) = mount_on(store);
    let path = "draft/2027-04-21-this-week-in-rust.md".to_string();
    editor.open(&local(), "2027-04-21-this-week-in-rust.md", Mode::Editor);
    let base = Base {
        path: path.clone(),
        sha: "b1".into(),
        text: base(),
    };
    editor.set_tracking(Some(Tracking {
        base: base.clone(),
        open: None,
    }));
    settle().await;
    let said = apply_update(
        editor,
        &base,
        Fetched {
            path,
            sha: "t1".into(),
            text: theirs(),
        },
    );
    settle_checks().await;
    (host, editor, said, handle)
}

#[wasm_bindgen_test]
async fn an_update_is_one_undo_step_with_its_base() {
    let (_host, editor, said, _h) = updated().await;
    assert_eq!(
        said,
        "Updated from draft/2027-04-21-this-week-in-rust.md: 1 entry added upstream, 1 changed, 0 removed, 1 conflict."
    );
    let merged = editor.issue().with_untracked(write);
    assert!(
        merged.contains("[Theirs](https://example.com/t)"),
        "{merged}"
    );
    assert!(merged.contains("[Mine](https://example.com/m)"), "{merged}");
    assert!(
        merged.contains("[One, mine]"),
        "ours stays while open: {merged}"
    );
    let sha = |e: Editor| {
        e.tracking()
            .with_untracked(|t| t.as_ref().unwrap().base.sha.clone())
    };
    assert_eq!(sha(editor), "t1");

    assert!(editor.undo());
    settle().await;
    assert_eq!(editor.issue().with_untracked(write), local());
    assert_eq!(sha(editor), "b1", "undo takes the base back too");
    assert!(editor.redo());
    settle().await;
    assert_eq!(editor.issue().with_untracked(write), merged);
    assert_eq!(sha(editor), "t1");
}

#[wasm_bindgen_test]
async fn a_conflict_is_shown_at_its_entry_listed_and_warned_about_until_settled() {
    let (host, editor, _, _h) = updated().await;
    // At the entry's form.
    let at = query(&host, ".merge-conflict");
    let row = at
        .closest("[data-entry]")
        .unwrap()
        .expect("inside an entry's form");
    let id = row.get_attribute("data-entry").unwrap();
    assert!(query(&host, ".merge-conflict .conflict-ours")
        .text_content()
        .unwrap()
        .contains("One, mine"));
    assert!(query(&host, ".merge-conflict .conflict-theirs")
        .text_content()
        .unwrap()
        .contains("One, theirs"));
    // In the summary, focusing that entry.
    let item = query(&host, ".summary-item[data-target]");
    assert!(item.text_content().unwrap().contains("[merge-conflict]"));
    assert_eq!(item.get_attribute("data-target").unwrap(), id);
    // Export warns.
    query(&host, "#export-button")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(query(&host, "#export-conflicts")
        .text_content()
        .unwrap()
        .contains("1 merge conflict with GitHub is not settled"));
    query(&host, "#export-dialog .io-close")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;

    query(&host, ".merge-conflict .conflict-theirs-button")
        .unchecked_into::<HtmlElement>()
        .click();
    settle_checks().await;
    let done = editor.issue().with_untracked(write);
    assert_eq!(
        done,
        text("* [Theirs](https://example.com/t)\n* [One, theirs](https://example.com/1)\n* [Two](https://example.com/2)\n* [Mine](https://example.com/m)\n")
    );
    assert!(host.query_selector(".merge-conflict").unwrap().is_none());
    assert!(editor.conflicts().get_untracked().is_empty());
    assert!(!query(&host, ".summary-list")
        .text_content()
        .unwrap()
        .contains("merge-conflict"));
    // Settling is an undo step of its own: the conflict comes back.
    assert!(editor.undo());
    settle_checks().await;
    assert_eq!(editor.conflicts().get_untracked().len(), 1);
}

#[wasm_bindgen_test]
async fn keep_mine_and_keep_both_settle_too_and_later_edits_are_kept() {
    let (host, editor, _, _h) = updated().await;
    // An edit elsewhere after the update survives the settlement.
    editor.edit("test", |i| {
        i.front_matter.set("Number", "701");
        Ok(())
    });
    settle_checks().await;
    query(&host, ".merge-conflict .conflict-mine")
        .unchecked_into::<HtmlElement>()
        .click();
    settle_checks().await;
    let t = editor.issue().with_untracked(write);
    assert!(
        t.contains("Number: 701") && t.contains("[One, mine]") && !t.contains("One, theirs"),
        "{t}"
    );
    assert!(editor.undo() && editor.undo());
    settle_checks().await;
    query(&host, ".merge-conflict .conflict-both")
        .unchecked_into::<HtmlElement>()
        .click();
    settle_checks().await;
    let t = editor.issue().with_untracked(write);
    assert!(
        t.contains(
            "* [One, mine](https://example.com/1)\n* [One, theirs](https://example.com/1)\n"
        ),
        "{t}"
    );
    assert!(editor.conflicts().get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn open_conflicts_and_the_base_survive_a_reload() {
    let store = Store::memory();
    {
        let (_host, editor, _, _h) = updated_on(&store).await;
        assert_eq!(editor.conflicts().get_untracked().len(), 1);
        crate::support::sleep(450).await;
        let id = store.last_open().expect("saved");
        let Read::Ok(d) = store.read_draft(&id) else {
            panic!("the draft does not read back")
        };
        assert_eq!(d.base.as_ref().map(|b| b.sha.as_str()), Some("t1"));
        assert!(d.merge.as_ref().is_some_and(|m| m.settled.is_empty()));
    }
    let (host, editor, _h) = mount_on(&store);
    settle_checks().await;
    assert_eq!(editor.conflicts().get_untracked().len(), 1);
    assert!(query(&host, ".merge-conflict .conflict-ours")
        .text_content()
        .unwrap()
        .contains("One, mine"));
    query(&host, ".merge-conflict .conflict-theirs-button")
        .unchecked_into::<HtmlElement>()
        .click();
    settle_checks().await;
    assert!(editor.conflicts().get_untracked().is_empty());
    crate::support::sleep(450).await;
    let Read::Ok(d) = store.read_draft(&store.last_open().unwrap()) else {
        panic!("the draft does not read back")
    };
    assert_eq!(d.merge, None, "nothing open is stored once all are settled");
    assert!(d.markdown.contains("[One, theirs]"));
}
