//! The editing column as people see it: an archive issue measured at 1440×900 (one-line
//! header, where the forms start) and at 390×844 (no sideways scroll, the Forms / Preview
//! tabs, a contribution typed and exported on a phone), dark mode (background, contrast, axe-core, remembered across a reload), the
//! navigator's counts, badges and filter, and preview links that open in a new tab.
//! Screenshots go to `target/tmp/column/` (printed).

use std::path::PathBuf;

use serde_json::{json, Value};
use twir_e2e::fantoccini::key::Key;
use twir_e2e::fantoccini::Locator;
use twir_e2e::Session;

use crate::forms::{axe_serious, newest_archive_issue};

/// Gives the page a viewport of `width`×`height` CSS pixels (a phone's when `mobile`).
async fn viewport(s: &Session, width: u32, height: u32, mobile: bool) {
    s.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Opens the newest archive issue through Open… and waits for its forms.
async fn open_archive_issue(s: &Session) {
    let (path, which) = newest_archive_issue();
    eprintln!("archive issue from {which}: {}", path.display());
    s.click("#open-button").await;
    let input = s.client.find(Locator::Css("#open-file")).await.unwrap();
    input.send_keys(&path.to_string_lossy()).await.unwrap();
    s.wait_until(
        "the issue's forms",
        "return document.querySelectorAll('.f-entry').length > 10 && !document.querySelector('.io-dialog');",
    )
    .await
    .unwrap();
}

/// Saves a screenshot of the page as `name`.png in the tests' output folder.
async fn screenshot(s: &Session, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("column");
    std::fs::create_dir_all(&dir).unwrap();
    let png = s.client.screenshot().await.unwrap();
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

/// A number the page computed.
async fn number(s: &Session, script: &str) -> f64 {
    let v = s.js(script, vec![]).await.unwrap();
    v.as_f64()
        .unwrap_or_else(|| panic!("{script} gave {v}, not a number"))
}

/// How far the page scrolls sideways, in CSS pixels (0 when it fits).
async fn sideways(s: &Session) -> f64 {
    number(
        s,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    )
    .await
}

/// The WCAG contrast ratio between the body's text and background colours, and the
/// background's relative luminance.
async fn body_contrast(s: &Session) -> (f64, f64) {
    let v = s
        .js(
            "const lum = (c) => {\
               const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {\
                 v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });\
               return 0.2126 * r + 0.7152 * g + 0.0722 * b; };\
             const st = getComputedStyle(document.body);\
             const fg = lum(st.color), bg = lum(st.backgroundColor);\
             return [(Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05), bg];",
            vec![],
        )
        .await
        .unwrap();
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

#[tokio::test]
async fn the_column_fits_a_desktop_a_phone_and_the_dark() {
    let s = Session::opened().await;
    viewport(&s, 1440, 900, false).await;
    open_archive_issue(&s).await;

    let header = number(
        &s,
        "return document.querySelector('.topbar').getBoundingClientRect().height;",
    )
    .await;
    let forms_top = number(
        &s,
        "return document.querySelector('.forms .form-section').getBoundingClientRect().top;",
    )
    .await;
    eprintln!("1440×900: header {header:.0} px, forms start at {forms_top:.0} px");
    assert!(
        header <= 56.0,
        "the header takes {header} px (goal: one line, ≤ 56)"
    );
    assert!(
        forms_top <= 120.0,
        "the forms start at {forms_top} px (goal ≤ 120)"
    );
    let (light_contrast, light_bg) = body_contrast(&s).await;
    assert!(
        light_bg > 0.8,
        "light theme background luminance {light_bg}"
    );
    screenshot(&s, "desktop-light").await;

    // Dark: the toggle, then a reload keeps it.
    s.click(".theme-toggle").await;
    let (contrast, bg) = body_contrast(&s).await;
    eprintln!("contrast: light {light_contrast:.1}, dark {contrast:.1}; dark background luminance {bg:.3}");
    assert!(bg < 0.05, "dark theme background luminance {bg}");
    assert!(contrast >= 7.0, "dark theme text contrast {contrast}");
    assert_eq!(s.attr(".theme-toggle", "aria-pressed").await, "true");
    // The rendered preview keeps the newsletter's light page.
    let preview_bg = s
        .js(
            "return getComputedStyle(document.querySelector('#panel-rendered')).backgroundColor;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(preview_bg, json!("rgb(255, 255, 255)"));
    let found = axe_serious(&s).await;
    assert_eq!(found, json!([]), "axe-core violations in the dark theme");
    screenshot(&s, "desktop-dark").await;
    s.client.refresh().await.unwrap();
    s.wait_app().await;
    let (_, bg) = body_contrast(&s).await;
    assert!(bg < 0.05, "the dark theme is remembered across a reload");
    s.click(".theme-toggle").await;
    let (_, bg) = body_contrast(&s).await;
    assert!(bg > 0.8, "back to light");

    // A phone: no sideways scroll; one pane at a time.
    viewport(&s, 390, 844, true).await;
    let overflow = sideways(&s).await;
    assert!(
        overflow <= 0.0,
        "{overflow} px of sideways scroll at 390×844"
    );
    let shown = |css: &'static str| {
        format!("const e = document.querySelector('{css}'); return !!e && e.getClientRects().length > 0;")
    };
    assert_eq!(s.js(&shown(".editing"), vec![]).await.unwrap(), json!(true));
    assert_eq!(
        s.js(&shown(".preview"), vec![]).await.unwrap(),
        json!(false)
    );
    screenshot(&s, "phone-forms").await;
    s.click(".pane-tabs button:last-child").await;
    assert_eq!(
        s.js(&shown(".editing"), vec![]).await.unwrap(),
        json!(false)
    );
    assert_eq!(s.js(&shown(".preview"), vec![]).await.unwrap(), json!(true));
    let overflow = sideways(&s).await;
    assert!(
        overflow <= 0.0,
        "{overflow} px of sideways scroll in the phone's preview"
    );
    screenshot(&s, "phone-preview").await;
    s.close().await.unwrap();
}

/// The navigator row of the section titled `title`: its text (title, count, badges).
async fn nav_row(s: &Session, title: &str) -> Value {
    s.js(
        "const li = [...document.querySelectorAll('.navigator ol li')]\
           .find(li => li.querySelector('a').textContent.trim() === arguments[0]);\
         if (!li) return null;\
         const n = (c) => { const e = li.querySelector(c); return e ? Number(e.textContent) : 0; };\
         return { entries: n('.nav-count'), errors: n('.badge.error'), warnings: n('.badge.warning') };",
        vec![json!(title)],
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_navigator_counts_flags_and_finds_entries() {
    let s = Session::opened().await;
    let before = nav_row(&s, "Updates from Rust Community").await;
    assert_eq!(before["entries"], json!(4), "{before}");
    assert_eq!(before["errors"], json!(0), "{before}");
    // A tracking parameter in one of its links: the section gets a badge, others do not.
    s.open_entry(".form-section .f-entry").await;
    s.type_into(".form-section .f-entry .f-url input", "?utm_source=x")
        .await;
    s.wait_until(
        "a badge on the community section",
        "return [...document.querySelectorAll('.navigator ol li')].some(li =>\
           li.textContent.includes('Updates from Rust Community') && li.querySelector('.badge'));",
    )
    .await
    .unwrap();
    let after = nav_row(&s, "Updates from Rust Community").await;
    let flagged = after["errors"].as_u64().unwrap() + after["warnings"].as_u64().unwrap();
    assert!(flagged >= 1, "{after}");
    let events = nav_row(&s, "Upcoming Events").await;
    assert_eq!(events["errors"], json!(0), "{events}");

    // The filter finds an entry by a word of its title and takes the focus to it.
    s.type_into(".nav-filter", "kitchen").await;
    let found = s.text_containing(".nav-found", "kitchen").await;
    assert!(
        found.contains("Borrowing explained with kitchen utensils"),
        "{found}"
    );
    s.click(".nav-found button").await;
    s.wait_until(
        "the focus in the found entry",
        "const a = document.activeElement;\
         const row = a && a.closest('[data-entry]');\
         return !!row && (a.value || '').includes('kitchen');",
    )
    .await
    .unwrap();
    // By URL, and nothing for a miss.
    s.client
        .find(Locator::Css(".nav-filter"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    s.type_into(".nav-filter", "sample-crate-1-0").await;
    let found = s.text_containing(".nav-found", "Sample crate").await;
    assert!(found.contains("Project/Tooling Updates"), "{found}");
    s.type_into(".nav-filter", "zzz-nothing").await;
    s.text_containing(".nav-none", "No entry matches").await;
    s.type_into(".nav-filter", &Key::Escape.to_string()).await;
    assert_eq!(
        s.js(
            "return document.querySelector('.nav-found, .nav-none') === null;",
            vec![]
        )
        .await
        .unwrap(),
        json!(true)
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn preview_links_open_in_a_new_tab() {
    let s = Session::opened().await;
    let start = s.client.current_url().await.unwrap();
    let before = s.client.windows().await.unwrap().len();
    s.click("#preview-content a[href^='https://']").await;
    let mut after = before;
    for _ in 0..50 {
        after = s.client.windows().await.unwrap().len();
        if after > before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(after, before + 1, "a new tab opened");
    assert_eq!(
        s.client.current_url().await.unwrap(),
        start,
        "the editor's tab stayed"
    );
    // The opened tab cannot reach back to the editor.
    let handles = s.client.windows().await.unwrap();
    let editor = s.client.window().await.unwrap();
    let other = handles.into_iter().find(|h| *h != editor).unwrap();
    s.client.switch_to_window(other).await.unwrap();
    let opener = s.js("return window.opener === null;", vec![]).await;
    s.client.switch_to_window(editor).await.unwrap();
    assert_eq!(opener.unwrap(), json!(true), "the new tab has no opener");
    // A heading's own anchor stays in the page.
    s.click("#preview-content a.toclink").await;
    assert_eq!(s.client.windows().await.unwrap().len(), after);
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_contribution_fits_a_phone() {
    let s = Session::opened().await;
    viewport(&s, 390, 844, true).await;
    s.click("#new-button").await;
    s.click(".contribute-choice[data-path=\"Updates from Rust Community › Official\"]")
        .await;
    s.click("#start-contribution").await;
    s.text_containing("#io-notice", "Opened My contribution")
        .await;
    // Title and URL typed into the section's add field, with a tracking parameter: the
    // check says so where the entry is.
    crate::io::add_entry(
        &s,
        "Official",
        "* [My post on a phone](https://example.com/phone?utm_source=x)",
    )
    .await;
    s.wait_until(
        "the check's message at the entry",
        "return [...document.querySelectorAll('.f-entry .f-message, .f-entry .f-problems')]\
           .some(m => /track/i.test(m.textContent + (m.title || '')));",
    )
    .await
    .unwrap();
    let overflow = sideways(&s).await;
    assert!(
        overflow <= 0.0,
        "{overflow} px of sideways scroll in a phone's contribution"
    );
    screenshot(&s, "phone-contribution").await;
    // Export: the dialog fits the phone's width.
    s.click("#export-button").await;
    let dialog = number(
        &s,
        "const r = document.querySelector('.io-dialog').getBoundingClientRect();\
         return Math.max(r.right - window.innerWidth, -r.left);",
    )
    .await;
    assert!(dialog <= 0.0, "the export dialog sticks out by {dialog} px");
    let value = s
        .js(
            "return document.querySelector('#contribution-text').value;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        value
            .as_str()
            .unwrap_or_default()
            .contains("My post on a phone"),
        "{value}"
    );
    s.close().await.unwrap();
}
