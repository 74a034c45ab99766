//! Drafts are never lost: autosave across reloads, and every storage fault injected through the
//! page's own `localStorage` (damaged record, newer schema, full quota, two windows), against the
//! release build in headless Chromium. Plus the figures of a drafts list of fifty large drafts
//! (printed, never asserted on time).
//!
//! Each test has its own browser session, hence its own empty storage.

use std::time::Duration;

use serde_json::{json, Value};
use twir_e2e::fantoccini::Locator;
use twir_e2e::Session;

const PREFIX: &str = "twir-editor/";

/// Loads the app and waits for the editing column and the status line.
async fn open(s: &Session) {
    s.client.goto(&s.base_url).await.unwrap();
    s.wait_app().await;
}

/// Types `text` as keystrokes at the end of the first section's Markdown (the forms' "Edit as
/// Markdown" mode; the interim raw text areas before the forms).
async fn type_at_end(s: &Session, text: &str) {
    s.js(
        "const m = document.querySelector('#markdown-mode'); if (m && !m.checked) m.click();",
        vec![],
    )
    .await
    .unwrap();
    s.wait_until(
        "the Markdown text areas",
        "return document.querySelectorAll('textarea.piece-source').length > 1;",
    )
    .await
    .unwrap();
    let el = s.client.find(Locator::Css("#edit-0-text")).await.unwrap();
    let id = el.attr("id").await.unwrap().unwrap_or_default();
    s.js(
        "const f = document.getElementById(arguments[0]); f.focus();\
         f.setSelectionRange(f.value.length, f.value.length);",
        vec![json!(id)],
    )
    .await
    .unwrap();
    el.send_keys(text).await.unwrap();
}

/// Whether some field on the page holds `text`.
async fn page_holds(s: &Session, text: &str) -> bool {
    s.js(
        "return document.querySelector('#preview-content').textContent.includes(arguments[0])\
           || [...document.querySelectorAll('textarea, input')].some(e => e.value.includes(arguments[0]));",
        vec![json!(text)],
    )
    .await
    .unwrap()
        == Value::Bool(true)
}

async fn wait_holds(s: &Session, text: &str) {
    s.wait_until(
        &format!("the page to show {text:?}"),
        &format!(
            "const t = {};\
             return document.querySelector('#preview-content').textContent.includes(t)\
               || [...document.querySelectorAll('textarea, input')].some(e => e.value.includes(t));",
            json!(text)
        ),
    )
    .await
    .unwrap();
}

/// Every stored key of the app with its value.
async fn stored(s: &Session) -> serde_json::Map<String, Value> {
    let v = s
        .js(
            "const o = {}; for (let i = 0; i < localStorage.length; i++) {\
               const k = localStorage.key(i); if (k.startsWith(arguments[0])) o[k] = localStorage.getItem(k); }\
             return o;",
            vec![json!(PREFIX)],
        )
        .await
        .unwrap();
    v.as_object().cloned().unwrap_or_default()
}

/// The Markdown of every stored draft.
async fn stored_texts(s: &Session) -> Vec<String> {
    stored(s)
        .await
        .iter()
        .filter(|(k, _)| k.starts_with(&format!("{PREFIX}draft/")))
        .filter_map(|(_, v)| serde_json::from_str::<Value>(v.as_str()?).ok())
        .filter_map(|v| v["markdown"].as_str().map(str::to_string))
        .collect()
}

async fn reload(s: &Session) {
    s.client.refresh().await.unwrap();
    s.wait_app().await;
}

#[tokio::test]
async fn reload_mid_typing_restores_the_text() {
    let s = Session::opened().await;
    let marker = "reload-marker-qx";
    type_at_end(&s, &format!("\n{marker}")).await;
    // No wait for the autosave delay: leaving the page saves at once.
    reload(&s).await;
    wait_holds(&s, marker).await;
    s.close().await.unwrap();
}

#[tokio::test]
async fn reload_brings_the_focus_back_to_the_field_typed_in() {
    let s = Session::opened().await;
    // A form's free-text field, as the editor shows it on load.
    let n = s
        .js(
            "const all = [...document.querySelectorAll('.editing input, .editing textarea, .editing select')];\
             return all.findIndex(e => e.tagName === 'TEXTAREA');",
            vec![],
        )
        .await
        .unwrap();
    let n = n.as_i64().expect("a text area in the editing column");
    assert!(n >= 0, "no text area in the editing column");
    s.js(
        "const f = [...document.querySelectorAll('.editing input, .editing textarea, .editing select')][arguments[0]];\
         f.focus(); f.setSelectionRange(f.value.length, f.value.length);",
        vec![json!(n)],
    )
    .await
    .unwrap();
    let active = s.client.active_element().await.unwrap();
    active.send_keys(" focusmarker").await.unwrap();
    reload(&s).await;
    s.wait_until(
        "the focus to come back",
        "const a = document.activeElement;\
         return !!a && a.tagName === 'TEXTAREA' && a.value.includes('focusmarker')\
           && a.selectionStart === a.value.indexOf('focusmarker') + 'focusmarker'.length;",
    )
    .await
    .unwrap();
    s.close().await.unwrap();
}

#[tokio::test]
async fn reload_brings_the_focus_back_to_a_form_field_deep_in_the_issue() {
    let s = Session::opened().await;
    s.wait_until(
        "the forms' link entries",
        "return !!document.querySelector('.forms .f-entry[data-focus-key] .f-s-title');",
    )
    .await
    .unwrap();
    // The title field of the last link entry of the issue: deep down, inside a sub-section.
    // Its row is closed until opened; after the reload it is closed again, and the restored
    // focus opens it.
    // By its focus key (a place in the document), which a row drawn again keeps.
    let row_key = s
        .js(
            "const all = [...document.querySelectorAll('.forms .f-entry .f-s-title')];\
             return all[all.length - 1].closest('.f-entry').getAttribute('data-focus-key');",
            vec![],
        )
        .await
        .unwrap();
    let row = format!(
        ".f-entry[data-focus-key={}]",
        json!(row_key.as_str().expect("the row has a focus key"))
    );
    s.open_entry(&row).await;
    let key = s
        .js(
            "const f = document.querySelector(arguments[0] + ' .f-title input');\
             if (!f) return null;\
             f.scrollIntoView({block: 'center'});\
             f.focus(); f.setSelectionRange(f.value.length, f.value.length);\
             return f.getAttribute('data-focus-key');",
            vec![json!(row)],
        )
        .await
        .unwrap();
    let key = key
        .as_str()
        .expect("a link entry's title field with a data-focus-key")
        .to_string();
    // A place in the document, not an id (ids are handed out afresh on every load).
    assert!(key.contains("|e") && key.ends_with(":title"), "{key}");
    let active = s.client.active_element().await.unwrap();
    active.send_keys(" deepmarker").await.unwrap();
    reload(&s).await;
    s.wait_until(
        "the focus to come back to the same field",
        &format!(
            "const a = document.activeElement;\
             return !!a && a.getAttribute('data-focus-key') === {key}\
               && a.value.endsWith(' deepmarker')\
               && a.selectionStart === a.value.length && a.selectionEnd === a.value.length;",
            key = json!(key)
        ),
    )
    .await
    .unwrap();
    // It came back by its key, not by its position among the fields.
    let saved = stored(&s).await;
    assert!(
        saved
            .values()
            .filter_map(Value::as_str)
            .any(|v| v.contains(&format!("{key}@"))),
        "no stored focus {key}@…: {saved:#?}"
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_damaged_record_is_backed_up_byte_for_byte_and_the_app_starts() {
    let s = Session::opened().await;
    let bad = "{\"schema\":2,\"name\":\"cut off\",\"markdown\":\"Title: half";
    s.js(
        "localStorage.setItem(arguments[0] + 'draft/bad1', arguments[1]);\
         localStorage.setItem(arguments[0] + 'last-open', 'bad1');",
        vec![json!(PREFIX), json!(bad)],
    )
    .await
    .unwrap();
    reload(&s).await;
    s.wait_until(
        "the backup message",
        "const n = document.querySelector('.notice.backup');\
         return !!n && n.textContent.includes('not valid JSON') && !!n.querySelector('.notice-download-backup');",
    )
    .await
    .unwrap();
    // The app works: it shows an issue to edit.
    assert!(
        s.js(
            "return document.querySelectorAll('.editing textarea, .editing input').length > 0;",
            vec![]
        )
        .await
        .unwrap()
            == Value::Bool(true)
    );
    let kept = stored(&s).await;
    let backups: Vec<_> = kept
        .iter()
        .filter(|(k, _)| k.starts_with(&format!("{PREFIX}backup/bad1.")))
        .collect();
    assert_eq!(backups.len(), 1, "{kept:#?}");
    assert_eq!(backups[0].1, bad, "the exact bytes are kept");
    // Still there after another reload and an edit, and reported again.
    type_at_end(&s, "x").await;
    s.wait_saved().await;
    reload(&s).await;
    s.wait_until(
        "the backup message again",
        "return !!document.querySelector('.notice.backup');",
    )
    .await
    .unwrap();
    let again = stored(&s).await;
    assert_eq!(again.get(backups[0].0), Some(backups[0].1));
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_draft_from_a_newer_version_is_never_overwritten() {
    let s = Session::opened().await;
    let future = json!({
        "schema": 9,
        "name": "From the future",
        "markdown": "Title: Future\n\nFuture intro text.\n\n## Later\n\nMore.\n",
        "revision": 4,
        "something_new": [1, 2, 3]
    })
    .to_string();
    s.js(
        "localStorage.setItem(arguments[0] + 'draft/future', arguments[1]);\
         localStorage.setItem(arguments[0] + 'last-open', 'future');",
        vec![json!(PREFIX), json!(future)],
    )
    .await
    .unwrap();
    reload(&s).await;
    s.wait_until(
        "the read-only message",
        "const n = document.querySelector('.notice.read-only');\
         return !!n && n.textContent.includes('newer version');",
    )
    .await
    .unwrap();
    wait_holds(&s, "Future intro text.").await;

    let marker = "edit-of-a-future-draft";
    type_at_end(&s, marker).await;
    // Give autosave (and a page hide) every chance to write.
    tokio::time::sleep(Duration::from_millis(800)).await;
    s.js("window.dispatchEvent(new Event('pagehide'));", vec![])
        .await
        .unwrap();
    let kept = stored(&s).await;
    assert_eq!(
        kept.get(&format!("{PREFIX}draft/future")),
        Some(&json!(future)),
        "the newer record is untouched"
    );
    assert!(page_holds(&s, marker).await, "the edit is still on screen");
    // Leaving would lose the edit: the page asks first.
    let prompts = s
        .js(
            "const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(prompts, Value::Bool(true));

    // The edits can be kept as a new draft.
    s.click(".notice.read-only .notice-save-copy").await;
    s.wait_saved().await;
    let texts = stored_texts(&s).await;
    assert!(texts.iter().any(|t| t.contains(marker)), "{texts:#?}");
    assert_eq!(
        stored(&s).await.get(&format!("{PREFIX}draft/future")),
        Some(&json!(future))
    );
    s.close().await.unwrap();
}

/// Fills the origin's storage until nothing more fits; returns the number of filler keys.
const FILL: &str = "let n = 0; for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 16, 1]) {\
      const chunk = 'x'.repeat(size);\
      for (;;) { try { localStorage.setItem('fill-' + n, chunk); n++; } catch (e) { break; } }\
    } return n;";

#[tokio::test]
async fn full_storage_keeps_the_text_and_offers_the_download() {
    let s = Session::opened().await;
    type_at_end(&s, "\nfirst").await;
    s.wait_saved().await;
    let fillers = s.js(FILL, vec![]).await.unwrap();
    assert!(fillers.as_u64().unwrap_or(0) > 0);

    let marker = "typed-into-a-full-storage";
    type_at_end(&s, &format!("\n{marker}\n{}", "y".repeat(64))).await;
    s.wait_until(
        "the storage-full message",
        "const n = document.querySelector('.notice.not-saved');\
         return !!n && n.textContent.includes('full') && !!n.querySelector('.notice-download');",
    )
    .await
    .unwrap();
    assert!(
        page_holds(&s, marker).await,
        "the text is still in the editor"
    );
    let status = s
        .js(
            "return document.querySelector('.save-status').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        status.as_str().unwrap().starts_with("Not saved"),
        "{status}"
    );

    // Export works: the download holds the unsaved text.
    s.js(
        "window.__blobs = []; const orig = URL.createObjectURL;\
         URL.createObjectURL = b => { window.__blobs.push(b); return orig.call(URL, b); };",
        vec![],
    )
    .await
    .unwrap();
    s.click(".notice.not-saved .notice-download").await;
    let downloaded = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const b = window.__blobs[0]; if (!b) { done(null); } else { b.text().then(done); }",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        downloaded.as_str().unwrap_or("").contains(marker),
        "the download holds the text"
    );

    // Once there is room again, the next change is saved, with everything typed before.
    s.js(
        "for (let i = 0; i < arguments[0]; i++) localStorage.removeItem('fill-' + i);",
        vec![fillers],
    )
    .await
    .unwrap();
    type_at_end(&s, "z").await;
    s.wait_saved().await;
    assert!(stored_texts(&s).await.iter().any(|t| t.contains(marker)));
    s.wait_until(
        "the message to go",
        "return !document.querySelector('.notice.not-saved');",
    )
    .await
    .unwrap();
    s.close().await.unwrap();
}

#[tokio::test]
async fn two_windows_see_each_others_saves_and_lose_nothing() {
    let s = Session::opened().await;
    let a = s.client.window().await.unwrap();
    type_at_end(&s, "\nalpha-from-a").await;
    s.wait_saved().await;

    // A second window on the same origin opens the same draft, with A's save in it.
    let b = s.client.new_window(true).await.unwrap().handle;
    s.client.switch_to_window(b.clone()).await.unwrap();
    open(&s).await;
    wait_holds(&s, "alpha-from-a").await;
    type_at_end(&s, "\nbeta-from-b").await;
    s.wait_saved().await;

    // A learns of B's save and offers the choice; it does not save over it.
    s.client.switch_to_window(a.clone()).await.unwrap();
    s.wait_until(
        "A to show the change from B",
        "const n = document.querySelector('.notice.conflict');\
         return !!n && n.textContent.includes('another tab');",
    )
    .await
    .unwrap();
    assert!(!page_holds(&s, "beta-from-b").await);
    s.click(".notice.conflict .notice-reload").await;
    wait_holds(&s, "beta-from-b").await;
    assert!(page_holds(&s, "alpha-from-a").await);
    type_at_end(&s, "\ngamma-from-a").await;
    s.wait_saved().await;

    // B, with its own unsaved edit, sees A's save and keeps its text as a copy.
    s.client.switch_to_window(b.clone()).await.unwrap();
    s.wait_until(
        "B to show the change from A",
        "return !!document.querySelector('.notice.conflict');",
    )
    .await
    .unwrap();
    type_at_end(&s, "\ndelta-from-b").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    // Refused to overwrite A's newer revision.
    let texts = stored_texts(&s).await;
    assert!(
        !texts.iter().any(|t| t.contains("delta-from-b")),
        "{texts:#?}"
    );
    s.click(".notice.conflict .notice-keep-copy").await;
    s.wait_saved().await;

    let texts = stored_texts(&s).await;
    assert_eq!(texts.len(), 2, "{texts:#?}");
    assert!(texts
        .iter()
        .any(|t| t.contains("gamma-from-a") && t.contains("beta-from-b")));
    assert!(texts
        .iter()
        .any(|t| t.contains("delta-from-b") && !t.contains("gamma-from-a")));
    assert!(page_holds(&s, "delta-from-b").await);
    s.client.switch_to_window(a).await.unwrap();
    assert!(page_holds(&s, "gamma-from-a").await);
    s.close().await.unwrap();
}

/// The largest issue of `$TWIR_ARCHIVE` (41 KB), else the sample repeated to that size.
fn large_issue() -> (String, String) {
    if let Some(dir) = std::env::var_os("TWIR_ARCHIVE") {
        let largest = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .max_by_key(|e| e.metadata().map_or(0, |m| m.len()))
            .expect("the archive has issues");
        let name = largest.file_name().to_string_lossy().to_string();
        return (name, std::fs::read_to_string(largest.path()).unwrap());
    }
    let sample = std::fs::read_to_string(twir_e2e::root().join("src/sample.md")).unwrap();
    let mut text = sample.clone();
    while text.len() < 41_000 {
        text.push_str(&sample[sample.find("\n## ").unwrap_or(0)..]);
    }
    ("sample repeated".into(), text)
}

#[tokio::test]
async fn fifty_large_drafts_are_listed_and_their_figures_printed() {
    let s = Session::opened().await;
    let (source, text) = large_issue();
    let record = json!({
        "schema": 2, "name": "Large", "markdown": text, "revision": 1,
        "updated_ms": 1.7e12, "focus": null, "contribution": false
    })
    .to_string();
    s.js(
        "const [p, rec] = arguments; for (let i = 0; i < 50; i++) {\
           const r = JSON.parse(rec); r.name = 'Large ' + i; r.updated_ms += i * 60000;\
           localStorage.setItem(p + 'draft/large-' + i, JSON.stringify(r)); }",
        vec![json!(PREFIX), json!(record)],
    )
    .await
    .unwrap();
    reload(&s).await;
    // The most recent draft was opened.
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("Title: "))
        .unwrap_or("")
        .trim()
        .to_string();
    s.wait_until(
        "the most recent draft to open",
        &format!(
            "const t = document.querySelector('.post-title');\
             return !!t && t.textContent === {};",
            json!(title)
        ),
    )
    .await
    .unwrap();
    s.click(".drafts-toggle").await;
    s.wait_until(
        "the drafts list",
        "return document.querySelectorAll('.draft-row').length >= 50;",
    )
    .await
    .unwrap();
    let first = figures(&s).await;
    s.click(".drafts-toggle").await;
    s.click(".drafts-toggle").await;
    let second = figures(&s).await;
    assert_eq!(first[0], json!(50), "{first}");
    println!(
        "drafts list of 50 × {} ({} bytes): opening the list read it in {} ms, \
         reopening in {} ms; the app's records use {} bytes of storage (UTF-16)",
        source,
        text.len(),
        first[1],
        second[1],
        second[2]
    );
    // Opening one from the list shows it.
    s.click(".draft-row:not(.current) .draft-open").await;
    s.wait_until(
        "another draft to open",
        "const c = document.querySelector('.draft-row.current .draft-title');\
         return !!c && c.textContent !== 'Large 49';",
    )
    .await
    .unwrap();
    s.close().await.unwrap();
}

/// Rows shown, the list's load time (ms) and the bytes used, from the drafts panel.
async fn figures(s: &Session) -> Value {
    s.js(
        "const f = document.querySelector('.drafts-figures');\
         return [document.querySelectorAll('.draft-row').length,\
           Number(f.dataset.listMs), Number(f.dataset.used)];",
        vec![],
    )
    .await
    .unwrap()
}
