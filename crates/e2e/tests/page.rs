//! The page itself: it loads under its own Content-Security-Policy with no console error,
//! typing reaches the preview and the Markdown tab, and hostile Markdown runs no script.

use serde_json::{json, Value};
use twir_e2e::Session;

/// The text area of the introduction's prose (a Text block in the forms).
const INTRO_TEXT: &str = "#form-intro .f-text textarea";

/// The text of the rendered preview.
const PREVIEW_TEXT: &str = "return document.querySelector('#preview-content').textContent;";

#[tokio::test]
async fn page_loads_with_no_console_errors_under_its_csp() {
    let s = Session::opened().await;
    // The CSP is the page's own (not relaxed for the test), and the app ran under it.
    let csp = s
        .js(
            "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');\
             return m ? m.content : null;",
            vec![],
        )
        .await
        .unwrap();
    let csp = csp.as_str().expect("index.html has a CSP meta tag");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .expect("the CSP has a script-src directive");
    assert_eq!(script_src, "script-src 'self' 'wasm-unsafe-eval'", "{csp}");
    // Production may reach GitHub only: no local address, nothing over plain http.
    let connect_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("connect-src "))
        .expect("the CSP has a connect-src directive");
    assert!(
        !connect_src.contains("127.0.0.1") && !connect_src.contains("http:"),
        "{connect_src}"
    );
    let text = s.js(PREVIEW_TEXT, vec![]).await.unwrap();
    assert!(
        text.as_str().unwrap_or("").contains("Crate of the Week"),
        "the sample issue is rendered: {text}"
    );

    let log = s.browser_log().await.unwrap();
    let errors: Vec<_> = log.iter().filter(|e| e.level == "SEVERE").collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // The log is really read: an error logged now shows up in it.
    s.js("console.error('e2e log probe');", vec![])
        .await
        .unwrap();
    let log = s.browser_log().await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.level == "SEVERE" && e.message.contains("e2e log probe")),
        "the browser log does not report console errors: {log:#?}"
    );
    s.close().await.unwrap();
}

#[tokio::test]
async fn typing_updates_the_preview_and_the_markdown_tab() {
    let s = Session::opened().await;
    let marker = "zebra quartz marker";
    let before = s.js(PREVIEW_TEXT, vec![]).await.unwrap();
    assert!(!before.as_str().unwrap().contains(marker));

    // Type real keys at the end of the introduction's text area (a Text block's form).
    let area = s
        .client
        .find(fantoccini_locator(INTRO_TEXT))
        .await
        .expect("the introduction has a text area");
    area.click().await.unwrap();
    s.js(
        "const t = document.querySelector('#form-intro .f-text textarea'); t.focus();\
         t.setSelectionRange(t.value.length, t.value.length);",
        vec![],
    )
    .await
    .unwrap();
    area.send_keys(&format!("\n{marker}\n")).await.unwrap();

    s.wait_until(
        "the preview to show the typed text",
        &format!(
            "return document.querySelector('#preview-content').textContent.includes('{marker}');"
        ),
    )
    .await
    .unwrap();

    // The Markdown tab shows exactly what export writes: the typed line is in it.
    s.client
        .find(fantoccini_locator("#tab-panel-raw"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.wait_until(
        "the Markdown tab to show the typed text",
        &format!(
            "const r = document.querySelector('#panel-raw pre');\
             return !!r && r.textContent.includes('\\n{marker}\\n');"
        ),
    )
    .await
    .unwrap();
    s.close().await.unwrap();
}

/// Payloads that must stay inert; each would set `window.__pwned` (or open an alert) if it ran.
const HOSTILE: &str = r#"HOSTILE-START

<script>window.__pwned = 'script'</script>

<img src="missing.png" onerror="window.__pwned = 'img'">

<svg onload="window.__pwned = 'svg'"><circle r="1"/></svg>

<iframe src="javascript:parent.__pwned = 'iframe'"></iframe>

<details open ontoggle="window.__pwned = 'details'">toggle</details>

<a href="javascript:window.__pwned = 'anchor'">raw anchor</a>

* [alert link](javascript:alert(1))
* [mixed case link](JaVaScRiPt:window.__pwned='mixed')
* [entity link](&#106;avascript:window.__pwned='entity')
* [vbscript link](vbscript:msgbox(1))
* [data link](data:text/html,<script>alert(1)</script>)
* <img src=x onerror=window.__pwned='unquoted'>

HOSTILE-END
"#;

#[tokio::test]
async fn hostile_markdown_does_not_run_script() {
    let s = Session::opened().await;
    // Append the payload to the introduction's text, as a paste would.
    s.js(
        "const t = document.querySelector('#form-intro .f-text textarea');\
         t.value = t.value + '\\n' + arguments[0];\
         t.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(HOSTILE)],
    )
    .await
    .unwrap();
    s.wait_until(
        "the preview to show the payload",
        "return document.querySelector('#preview-content').textContent.includes('HOSTILE-END');",
    )
    .await
    .unwrap();

    // Click every link the payload produced: a live `javascript:` link would run (or alert,
    // which makes the next command fail).
    s.js(
        "for (const a of document.querySelectorAll('#preview-content a')) {\
           if (/link|anchor/.test(a.textContent)) a.click();\
         }",
        vec![],
    )
    .await
    .unwrap();
    // Let failed image loads and toggle events fire before looking (they are asynchronous).
    s.client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)));",
            vec![],
        )
        .await
        .unwrap();

    let flag = s
        .js(
            "return window.__pwned === undefined ? null : String(window.__pwned);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(flag, Value::Null, "a payload ran");

    let found = s
        .js(
            "const p = document.querySelector('#preview-content');\
             const bad = [...p.querySelectorAll('script, iframe, svg, object, embed, details, img[onerror], [onload], [ontoggle], [onerror]')]\
               .map(e => e.outerHTML);\
             for (const a of p.querySelectorAll('a[href]')) {\
               const h = a.getAttribute('href').trim().toLowerCase();\
               if (/^(javascript|vbscript|data):/.test(h) || h.includes('&#')) bad.push(a.outerHTML);\
             }\
             return bad;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(found, json!([]), "payload elements in the preview");
    s.close().await.unwrap();
}

fn fantoccini_locator(css: &str) -> twir_e2e::fantoccini::Locator<'_> {
    twir_e2e::fantoccini::Locator::Css(css)
}
