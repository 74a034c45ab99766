//! End-to-end flows of the section forms in headless Chromium (release build in `dist/`):
//! compose an issue through the forms only, edit one link of an archive issue, the closed rows'
//! heights on an archive issue, reorder by keyboard with undo/redo, a quick fix for a tracking
//! parameter, and an axe-core audit.

use std::path::PathBuf;

use serde_json::{json, Value};
use twir_e2e::fantoccini::key::Key;
use twir_e2e::fantoccini::Locator;
use twir_e2e::Session;

/// Selects what the field holds and types `value` over it.
async fn replace_in(s: &Session, css: &str, value: &str) {
    // Focus and select in one step, once the field is there (a new entry's row opens a
    // moment after "Add entry").
    s.wait_until(
        &format!("{css} to take the focus"),
        &format!(
            "const e = document.querySelector({css});\
             if (!e) return false;\
             e.scrollIntoView({{block: 'center'}}); e.focus(); e.select();\
             return document.activeElement === e;",
            css = json!(css)
        ),
    )
    .await
    .unwrap();
    s.client
        .active_element()
        .await
        .unwrap()
        .send_keys(value)
        .await
        .unwrap();
}

/// The CSS selector of the form of the section titled `title`.
async fn section(s: &Session, title: &str) -> String {
    let id = s
        .js(
            "for (const h of document.querySelectorAll('.form-section > .f-heading')) {\
               if (h.textContent.trim() === arguments[0]) return h.parentElement.id;\
             }\
             return null;",
            vec![json!(title)],
        )
        .await
        .unwrap();
    format!(
        "#{}",
        id.as_str()
            .unwrap_or_else(|| panic!("no section form titled {title}"))
    )
}

/// The selector of the last entry row directly in the section `sec`.
fn last_entry(sec: &str) -> String {
    format!("{sec} > .f-block .f-list > .f-entry:last-child")
}

/// "Add entry" in the section `sec`; waits until the app has opened the new row with the
/// focus in its first field `first` (so that what the test types next cannot land in a
/// field the app focuses a moment later), and gives the row's selector.
async fn add_entry(s: &Session, sec: &str, first: &str) -> String {
    s.click(&format!("{sec} .f-add-entry")).await;
    let row = last_entry(sec);
    let field = format!("{row} {first}");
    s.wait_until(
        &format!("{field} to have the focus"),
        &format!(
            "const e = document.querySelector({});\
             return e !== null && document.activeElement === e;",
            json!(field)
        ),
    )
    .await
    .unwrap();
    row
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[tokio::test]
async fn compose_a_small_issue_through_the_forms_only() {
    let s = Session::opened().await;
    // Start from the skeleton (the "empty" issue with the standard sections).
    s.click("#new-button").await;
    s.click("#new-skeleton").await;
    s.wait_until(
        "the skeleton's forms",
        "return [...document.querySelectorAll('.f-heading')].some(h => h.textContent === 'Foundation');",
    )
    .await
    .unwrap();

    // Front matter: the date; number and title follow.
    replace_in(&s, ".f-front-matter .f-date input", "2027-04-21").await;

    // Community links: one from a pasted URL (focus lands on its title), one added by hand.
    let official = section(&s, "Official").await;
    s.type_into(
        &format!("{official} .f-paste"),
        &format!("https://example.com/official-news{}", Key::Enter),
    )
    .await;
    s.wait_until(
        "focus on the new entry's title",
        "return document.activeElement.closest('.f-title') !== null;",
    )
    .await
    .unwrap();
    s.client
        .active_element()
        .await
        .unwrap()
        .send_keys("Official news of the week")
        .await
        .unwrap();

    let thoughts = section(&s, "Observations/Thoughts").await;
    let row = add_entry(&s, &thoughts, ".f-title input").await;
    s.type_into(&format!("{row} .f-title input"), "Thinking about lifetimes")
        .await;
    s.type_into(
        &format!("{row} .f-url input"),
        "https://example.org/lifetimes",
    )
    .await;
    s.click(&format!("{row} .f-tag-video input")).await;

    // Crate of the Week and its thanks.
    s.type_into(".f-cotw .f-crate-name input", "tinycrate")
        .await;
    s.type_into(
        ".f-cotw .f-crate-url input",
        "https://crates.io/crates/tinycrate",
    )
    .await;
    replace_in(
        &s,
        ".f-cotw .f-crate-description input",
        ", a crate that is small.",
    )
    .await;
    s.type_into(".f-thanks .f-thanks-name input", "a reader")
        .await;
    s.type_into(
        ".f-thanks .f-thanks-url input",
        "https://example.com/reader",
    )
    .await;

    // A CFP for an event.
    let cfp = section(&s, "CFP - Events").await;
    let row = add_entry(&s, &cfp, ".f-name input").await;
    s.type_into(&format!("{row} .f-name input"), "RustWeek")
        .await;
    s.type_into(
        &format!("{row} .f-url input"),
        "https://example.com/rustweek",
    )
    .await;
    s.type_into(&format!("{row} .f-cfp-until input"), "2027-05-01")
        .await;
    s.type_into(&format!("{row} .f-place input"), "Utrecht, NL")
        .await;
    s.type_into(&format!("{row} .f-event-date input"), "2027-06-01")
        .await;

    // Project updates: the merged count, a PR pasted as Markdown.
    replace_in(&s, ".f-merged .f-merged-count input", "1").await;
    let compiler = section(&s, "Compiler").await;
    s.type_into(
        &format!("{compiler} .f-paste"),
        &format!(
            "* [make a thing faster](https://github.com/rust-lang/rust/pull/1){}",
            Key::Enter
        ),
    )
    .await;

    // Events: the window, then one event in Europe with a talk.
    replace_in(&s, ".f-window .f-window-start input", "2027-04-21").await;
    replace_in(&s, ".f-window .f-window-end input", "2027-05-19").await;
    let europe = section(&s, "Europe").await;
    let row = add_entry(&s, &europe, ".f-group input").await;
    replace_in(&s, &format!("{row} .f-start input"), "2027-04-22").await;
    s.type_into(&format!("{row} .f-location input"), "Berlin, DE")
        .await;
    s.type_into(&format!("{row} .f-group input"), "Rust Berlin")
        .await;
    s.type_into(
        &format!("{row} .f-group-url input"),
        "https://example.com/berlin",
    )
    .await;
    s.type_into(&format!("{row} .f-talk-title input"), "Rust Hack and Learn")
        .await;
    s.type_into(
        &format!("{row} .f-talk-url input"),
        "https://example.com/berlin/1",
    )
    .await;

    // Quote of the Week.
    s.click(".f-add-quote").await;
    s.type_into(".f-quote textarea", "Small steps, safe steps.")
        .await;
    s.type_into(".f-attribution .f-author input", "Ferris")
        .await;
    s.type_into(
        ".f-attribution .f-author-url input",
        "https://example.com/ferris",
    )
    .await;
    let quote = section(&s, "Quote of the Week").await;
    s.type_into(&format!("{quote} .f-thanks-name input"), "llogiq")
        .await;
    s.type_into(
        &format!("{quote} .f-thanks-url input"),
        "https://example.com/vote",
    )
    .await;

    let got = s.markdown().await;
    let path = fixture("composed.md");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        got,
        want,
        "the composed issue differs from {}",
        path.display()
    );
    s.close().await.unwrap();
}

/// The newest issue of `$TWIR_ARCHIVE`, else of the project's own corpus (the core's archive
/// tests use the same fallback), and which of the two it came from.
pub(crate) fn newest_archive_issue() -> (PathBuf, &'static str) {
    let (dir, which) = match std::env::var_os("TWIR_ARCHIVE") {
        Some(d) => (PathBuf::from(d), "TWIR_ARCHIVE"),
        None => (
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../twir-format/tests/corpus"),
            "the project's own corpus",
        ),
    };
    // The browser's file input takes only canonical paths.
    let dir = dir
        .canonicalize()
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let newest = files
        .pop()
        .unwrap_or_else(|| panic!("no .md issue in {}", dir.display()));
    (newest, which)
}

#[tokio::test]
async fn edit_one_link_title_of_an_archive_issue() {
    let (path, which) = newest_archive_issue();
    eprintln!("archive issue from {which}: {}", path.display());
    let original = std::fs::read_to_string(&path).unwrap();
    let s = Session::opened().await;
    s.click("#open-button").await;
    let input = s.client.find(Locator::Css("#open-file")).await.unwrap();
    input.send_keys(&path.to_string_lossy()).await.unwrap();
    // The first community link of the file, as the form shows it.
    let first = original
        .lines()
        .skip_while(|l| !l.starts_with("## Updates from Rust Community"))
        // Past the section's comment (its example links are not entries): the first category.
        .skip_while(|l| !l.starts_with("### "))
        .find(|l| l.starts_with("* ["))
        .expect("the issue has a community link")
        .to_string();
    let title = first
        .trim_start_matches("* ")
        .rsplit_once("](")
        .unwrap()
        .0
        .rsplit_once('[')
        .unwrap()
        .1
        .to_string();
    // Its row, closed to one line showing the title, opened as a person would.
    s.wait_until(
        "the issue's forms",
        &format!(
            "return [...document.querySelectorAll('.f-entry .f-s-title')].some(t => t.textContent === {});",
            json!(title)
        ),
    )
    .await
    .unwrap();
    let row = s
        .js(
            "const t = [...document.querySelectorAll('.f-entry .f-s-title')]\
               .find(t => t.textContent === arguments[0]);\
             t.closest('.f-entry').id = 'the-row';\
             return true;",
            vec![json!(title)],
        )
        .await
        .unwrap();
    assert_eq!(row, Value::Bool(true));
    s.open_entry("#the-row").await;
    s.type_into("#the-row .f-link .f-title input", " (edited)")
        .await;

    let written = s.markdown().await;
    let a: Vec<&str> = original.split('\n').collect();
    let b: Vec<&str> = written.split('\n').collect();
    assert_eq!(a.len(), b.len(), "the number of lines changed");
    let diff: Vec<(usize, &str, &str)> = a
        .iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(n, (x, y))| (n + 1, *x, *y))
        .collect();
    // Lines keep their own ending (a CRLF file stays CRLF).
    let cr = if original.contains("\r\n") { "\r" } else { "" };
    let want = first.replace(&format!("[{title}]("), &format!("[{title} (edited)]("));
    assert_eq!(diff.len(), 1, "exactly one line differs: {diff:#?}");
    assert_eq!(diff[0].1, format!("{first}{cr}"));
    assert_eq!(diff[0].2, format!("{want}{cr}"));
    s.close().await.unwrap();
}

/// The heights (px) of the closed rows of sections of `kind` (`data-kind`) in view once the
/// first such row is scrolled to the top: content-visibility skips rows out of view, which
/// then report a placeholder height.
async fn closed_row_heights(s: &Session, kind: &str) -> Vec<f64> {
    let rows = format!("[data-kind=\"{kind}\"] .f-list > .f-entry");
    s.js(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});",
        vec![json!(rows)],
    )
    .await
    .unwrap();
    let v = s
        .js(
            "return [...document.querySelectorAll(arguments[0])]\
               .filter(r => { const b = r.getBoundingClientRect();\
                              return b.top >= 0 && b.bottom <= innerHeight; })\
               .map(r => {\
                 if (!r.querySelector(':scope > .f-closed') || r.querySelector('input, textarea, select')) return -1;\
                 return r.getBoundingClientRect().height;\
               });",
            vec![json!(rows)],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// On an archive issue at 1440×900, every entry shows as one closed line: a community link
/// row at most 48 px high, an event row at most 56 px (they were 145 and 289 px with all
/// their fields shown).
#[tokio::test]
async fn closed_rows_of_an_archive_issue_are_compact() {
    let (path, which) = newest_archive_issue();
    eprintln!("archive issue from {which}: {}", path.display());
    let s = Session::opened().await;
    s.client.set_window_size(1440, 900).await.unwrap();
    s.click("#open-button").await;
    let input = s.client.find(Locator::Css("#open-file")).await.unwrap();
    input.send_keys(&path.to_string_lossy()).await.unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    s.text_containing("#io-notice", &format!("Opened {name}"))
        .await;
    s.wait_until(
        "the issue's link and event rows",
        "return !!document.querySelector('[data-kind=\"CommunityCategory\"] .f-entry .f-s-title')\
           && !!document.querySelector('[data-kind=\"EventRegion\"] .f-entry .f-s-group');",
    )
    .await
    .unwrap();
    let viewport = s
        .js("return [innerWidth, innerHeight];", vec![])
        .await
        .unwrap();
    for (kind, name, goal) in [
        ("CommunityCategory", "community link", 48.0),
        ("EventRegion", "event", 56.0),
    ] {
        let heights = closed_row_heights(&s, kind).await;
        assert!(!heights.is_empty(), "no {name} row in view");
        assert!(
            heights.iter().all(|h| *h > 0.0),
            "every {name} row in view is closed, without fields: {heights:?}"
        );
        let max = heights.iter().copied().fold(0.0, f64::max);
        println!(
            "closed {name} rows at viewport {viewport}: {} in view, first {:.1} px, max {max:.1} px (goal ≤ {goal} px)",
            heights.len(),
            heights[0]
        );
        assert!(
            max <= goal,
            "a closed {name} row is {max} px high: {heights:?}"
        );
    }
    s.close().await.unwrap();
}

/// The URLs of the entries in the section `sec`, in order: an open row's field, a closed
/// row's host tooltip.
async fn urls(s: &Session, sec: &str) -> Vec<String> {
    let v = s
        .js(
            "return [...document.querySelectorAll(arguments[0] + ' .f-entry')].map(r => {\
               const i = r.querySelector('.f-url input');\
               return i ? i.value : r.querySelector('.f-s-url').title;\
             });",
            vec![json!(sec)],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn reorder_by_keyboard_then_undo_and_redo() {
    let s = Session::opened().await;
    let sec = section(&s, "Project/Tooling Updates").await;
    let before = urls(&s, &sec).await;
    assert_eq!(before.len(), 2, "{before:?}");
    s.open_entry(&format!("{sec} .f-entry:first-child")).await;
    let first_title = format!("{sec} .f-entry:first-child .f-title input");
    s.click(&first_title).await;
    // Alt+↓ moves the entry (the focus stays in its field); Null releases Alt.
    s.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&format!("{}{}{}", Key::Alt, Key::Down, Key::Null))
        .await
        .unwrap();
    let swapped = vec![before[1].clone(), before[0].clone()];
    assert_eq!(urls(&s, &sec).await, swapped);
    let md = s.markdown().await;
    let (p0, p1) = (md.find(&before[0]).unwrap(), md.find(&before[1]).unwrap());
    assert!(p1 < p0, "the Markdown follows the new order");

    // Ctrl+Z undoes the move, Ctrl+Shift+Z redoes it; the keys go to the page.
    let body = s.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&format!("{}z{}", Key::Control, Key::Null))
        .await
        .unwrap();
    assert_eq!(urls(&s, &sec).await, before);
    body.send_keys(&format!("{}{}z{}", Key::Control, Key::Shift, Key::Null))
        .await
        .unwrap();
    assert_eq!(urls(&s, &sec).await, swapped);
    // The buttons do the same.
    s.click("#undo").await;
    assert_eq!(urls(&s, &sec).await, before);
    s.click("#redo").await;
    assert_eq!(urls(&s, &sec).await, swapped);
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_tracking_parameter_is_flagged_and_fixed_in_place() {
    let s = Session::opened().await;
    let sec = section(&s, "Official").await;
    s.open_entry(&format!("{sec} .f-entry:first-child")).await;
    let url = format!("{sec} .f-entry:first-child .f-url input");
    s.type_into(&url, "?utm_source=x").await;
    let rule = format!("{sec} .f-entry:first-child .f-message.error[data-rule=\"tracking-param\"]");
    s.wait_until(
        "the tracking-parameter error under the link",
        &format!("return !!document.querySelector({});", json!(rule)),
    )
    .await
    .unwrap();
    s.click(&format!("{rule} .f-fix")).await;
    s.wait_until(
        "the error to disappear",
        &format!("return !document.querySelector({});", json!(rule)),
    )
    .await
    .unwrap();
    let value = s
        .js(
            "return document.querySelector(arguments[0]).value;",
            vec![json!(url)],
        )
        .await
        .unwrap();
    assert!(!value.as_str().unwrap().contains("utm_"), "{value}");
    assert!(!s.markdown().await.contains("utm_source"));
    s.close().await.unwrap();
}

#[tokio::test]
async fn axe_finds_no_serious_or_critical_violations() {
    let s = Session::opened().await;
    // Show an inline error and a raw entry, so their markup is audited too, and the closed
    // rows with their problem counts and an open tools menu.
    let sec = section(&s, "Official").await;
    s.open_entry(&format!("{sec} .f-entry:first-child")).await;
    s.type_into(
        &format!("{sec} .f-entry:first-child .f-url input"),
        "?utm_source=x",
    )
    .await;
    s.type_into(
        &format!("{sec} .f-paste"),
        &format!("- [dash](https://example.com/d){}", Key::Enter),
    )
    .await;
    s.wait_until(
        "the first link's problem count, closed",
        &format!(
            "return !!document.querySelector({});",
            json!(format!("{sec} .f-entry:first-child .f-problems.error"))
        ),
    )
    .await
    .unwrap();
    s.click(&format!("{sec} .f-entry:last-child .f-menu-button"))
        .await;
    let found = axe_serious(&s).await;
    assert_eq!(found, json!([]), "axe-core violations");
    s.close().await.unwrap();
}

/// Waits until the preview pane is scrolled down to the section `id` (the number in the form's
/// `#form-<id>`): the section's start is inside the pane, below its sticky tabs.
async fn wait_preview_shows(s: &Session, id: &str) {
    s.wait_until(
        &format!("the preview to show section {id}"),
        &format!(
            "const pane = document.querySelector('.preview');\
             const t = document.querySelector('[data-section=\"' + {id} + '\"]');\
             if (!pane || !t) return false;\
             const p = pane.getBoundingClientRect(), r = t.getBoundingClientRect();\
             const tabs = pane.querySelector('.tabs').getBoundingClientRect();\
             return pane.scrollTop > 0 && r.top >= tabs.bottom - 1 && r.top < p.bottom - 20;",
            id = json!(id)
        ),
    )
    .await
    .unwrap();
}

/// The ids of the top-level section forms, in order.
async fn top_sections(s: &Session) -> Vec<String> {
    let v = s
        .js(
            "return [...document.querySelectorAll('.forms > .form-section.level-0')]\
               .map(e => e.id.replace('form-', ''));",
            vec![],
        )
        .await
        .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn focusing_a_field_or_picking_a_section_scrolls_the_preview_to_it() {
    let s = Session::opened().await;
    let tops = top_sections(&s).await;
    assert!(tops.len() >= 3, "{tops:?}");
    let scrollable = s
        .js(
            "const p = document.querySelector('.preview'); p.scrollTop = 0;\
             return p.scrollHeight > p.clientHeight + 200;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(scrollable, Value::Bool(true), "the preview must scroll");

    // A field of a sub-section of the last section: the preview follows to that section.
    let last = tops.last().unwrap().clone();
    s.click(&format!(
        "#form-{last} input.f-input, #form-{last} textarea"
    ))
    .await;
    wait_preview_shows(&s, &last).await;

    // The navigator: a section further up (the preview scrolls back to it).
    let other = tops[tops.len() - 2].clone();
    s.js("document.querySelector('.preview').scrollTop = 0;", vec![])
        .await
        .unwrap();
    s.click(&format!(".navigator a[href='#form-{other}']"))
        .await;
    wait_preview_shows(&s, &other).await;
    s.close().await.unwrap();
}

/// In an ordinary window, every field of a crowded entry (an event with co-hosts and talks, a
/// call for testing with links underneath) lies inside its row, closed or open: none is cut
/// off at the edge.
#[tokio::test]
async fn crowded_entries_keep_every_field_in_view() {
    let s = Session::opened().await;
    s.client.set_window_size(1280, 800).await.unwrap();
    s.click("#open-button").await;
    let input = s.client.find(Locator::Css("#open-file")).await.unwrap();
    input
        .send_keys(&fixture("crowded.md").to_string_lossy())
        .await
        .unwrap();
    s.wait_until(
        "the crowded entries' rows",
        "return document.querySelectorAll('.forms .f-entry .f-closed').length === 2;",
    )
    .await
    .unwrap();
    s.js(
        "document.querySelectorAll('.forms .f-entry').forEach((r, n) => r.id = 'crowded-' + n);",
        vec![],
    )
    .await
    .unwrap();
    // Each row closed (its line and menu button), then open (every field).
    let mut out = Vec::new();
    for open in [false, true] {
        for n in 0..2 {
            let row = format!("#crowded-{n}");
            if open {
                s.open_entry(&row).await;
            }
            let bad = s
                .js(
                    "const bad = [];\
                     const row = document.querySelector(arguments[0]);\
                     row.scrollIntoView({block: 'center'});\
                     const r = row.getBoundingClientRect();\
                     if (arguments[1] && row.querySelectorAll('.f-cohost, .f-sub').length !== 2) {\
                       bad.push(arguments[0] + ' open without its two co-hosts or links underneath');\
                     }\
                     for (const f of row.querySelectorAll('.field, button, .f-closed')) {\
                       const b = f.getBoundingClientRect();\
                       if (b.width === 0 || b.left < r.left - 1 || b.right > r.right + 1) {\
                         bad.push((f.className || f.tagName) + ' ' + Math.round(b.left) + '..' + Math.round(b.right) + ' in ' + Math.round(r.left) + '..' + Math.round(r.right));\
                       }\
                     }\
                     return bad;",
                    vec![json!(row), json!(open)],
                )
                .await
                .unwrap();
            out.extend(bad.as_array().unwrap().iter().cloned());
        }
    }
    let out = Value::Array(out);
    assert_eq!(out, json!([]), "fields outside their row");
    s.close().await.unwrap();
}

/// axe-core's serious and critical findings on the page as it is now (an empty list when none).
pub(crate) async fn axe_serious(s: &Session) -> Value {
    let axe_path = twir_e2e::root().join("node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `npm install`)", axe_path.display()));
    // WebDriver's execute runs the library as the script's body, which the page's CSP
    // (no inline script) does not govern.
    s.js(&format!("{axe}\n;window.__axe = axe; return true;"), vec![])
        .await
        .unwrap();
    s.client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             window.__axe.run(document, { resultTypes: ['violations'] }).then(r => done(\
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')\
                 .map(v => ({ id: v.id, impact: v.impact, help: v.help,\
                              nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))\
             ), e => done([{ id: 'axe-failed', help: String(e) }]));",
            vec![],
        )
        .await
        .unwrap()
}
