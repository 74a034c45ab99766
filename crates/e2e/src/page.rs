//! What a test does with the page, as a person would: open the app, click, type, read what it
//! shows. One definition of each, shared by every end-to-end test.

use std::path::Path;

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::{Csp, Session};

impl Session {
    /// A browser on the release build with the app loaded; panics with the reason otherwise
    /// (for tests, where there is nothing to recover).
    pub async fn opened() -> Session {
        Session::opened_with("", None).await
    }

    /// Like [`Session::opened`], with a query string (`?github_api=…`) and, optionally, a
    /// folder that receives downloads without asking. A query points the app at the local
    /// GitHub stand-in, so the page then gets the test-only policy ([`Csp::LocalApis`]).
    pub async fn opened_with(query: &str, downloads: Option<&Path>) -> Session {
        let csp = if query.is_empty() {
            Csp::Production
        } else {
            Csp::LocalApis
        };
        let s = Session::start_for_test(downloads, csp)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        s.open_app_with(query)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        s
    }

    /// Waits for the element `css`, scrolls it to the middle of the view and clicks it.
    pub async fn click(&self, css: &str) {
        self.wait_until(
            &format!("{css} to appear"),
            &format!("return document.querySelector({}) !== null;", json!(css)),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        self.js(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&el).expect("an element is JSON")],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        el.click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Opens the entry row `row` (a CSS selector) as a person does, by clicking its one-line
    /// summary, and waits for its fields; a row already open is left as it is.
    pub async fn open_entry(&self, row: &str) {
        let closed = format!("{row} > .f-closed");
        let open = self
            .js(
                "return !!document.querySelector(arguments[0] + ' > .f-fields');",
                vec![json!(row)],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if open != Value::Bool(true) {
            self.click(&closed).await;
        }
        // A row the app draws again (the restored draft replacing the first one drawn, on a
        // loaded machine) comes back closed: click its summary again, as a person would.
        self.wait_until(
            &format!("{row} to open"),
            &format!(
                "const r = document.querySelector({row});\
                 if (!r) return false;\
                 if (r.querySelector(':scope > .f-fields')) return true;\
                 const c = r.querySelector(':scope > .f-closed'); if (c) c.click();\
                 return false;",
                row = json!(row)
            ),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Opens `draft/<name>` from GitHub through Open… → "List the drafts"; returns the names
    /// the list showed, in its order.
    pub async fn open_github_draft(&self, name: &str) -> Value {
        self.click("#open-button").await;
        self.click("#list-drafts").await;
        self.wait_until(
            "the drafts to be listed",
            "return document.querySelectorAll('#draft-list .draft-choice').length > 0;",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let listed = self
            .js(
                "const all = [...document.querySelectorAll('#draft-list .draft-choice')];\
                 const names = all.map(b => b.textContent);\
                 const b = all.find(b => b.textContent === arguments[0]);\
                 if (b) b.click();\
                 return names;",
                vec![json!(name)],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        self.text_containing("#io-notice", &format!("Opened {name}"))
            .await;
        listed
    }

    /// Types real keys at the end of the form field that shows `value`, opening first the
    /// entry row whose closed line shows it (its text, or a part's full value on hover).
    pub async fn type_into_field(&self, value: &str, keys: &str) {
        let closed = self
            .js(
                "document.querySelectorAll('[data-e2e-row]').forEach(e => e.removeAttribute('data-e2e-row'));\
                 const r = [...document.querySelectorAll('.f-entry')].find(r => {\
                   const c = r.querySelector(':scope > .f-closed');\
                   return c && (c.textContent.includes(arguments[0])\
                     || [...c.querySelectorAll('.f-s')].some(e => e.title === arguments[0])); });\
                 if (!r) return false; r.setAttribute('data-e2e-row', ''); return true;",
                vec![json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if closed == Value::Bool(true) {
            self.open_entry("[data-e2e-row]").await;
        }
        let found = self
            .js(
                "document.querySelectorAll('#e2e-target').forEach(e => e.removeAttribute('id'));\
                 const f = [...document.querySelectorAll('input.f-input, textarea.f-input')].find(e => e.value === arguments[0]);\
                 if (!f) return false; f.id = 'e2e-target'; f.focus(); f.setSelectionRange(f.value.length, f.value.length); return true;",
                vec![json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found, Value::Bool(true), "a form field shows {value:?}");
        self.client
            .find(Locator::Css("#e2e-target"))
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Waits for the field `css` and types real keys into it, after what it already holds
    /// (the caret is put at the end first, as after Ctrl+End). A new entry's row opens a
    /// moment after "Add entry", hence the wait.
    pub async fn type_into(&self, css: &str, keys: &str) {
        self.wait_until(
            &format!("{css} to appear"),
            &format!("return document.querySelector({}) !== null;", json!(css)),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        self.js(
            "const e = arguments[0]; e.scrollIntoView({block: 'center'}); e.focus();\
             if (e.setSelectionRange && e.type !== 'checkbox') e.setSelectionRange(e.value.length, e.value.length);",
            vec![serde_json::to_value(&el).expect("an element is JSON")],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        el.send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    /// The Markdown the app would export, as its Markdown tab shows it (the rendered tab is
    /// shown again afterwards).
    pub async fn markdown(&self) -> String {
        self.click("#tab-panel-raw").await;
        self.wait_until(
            "the Markdown tab",
            "return !!document.querySelector('#panel-raw pre');",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let text = self
            .js(
                "return document.querySelector('#panel-raw pre').textContent;",
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        self.click("#tab-panel-rendered").await;
        text.as_str()
            .expect("the Markdown tab shows text")
            .to_string()
    }

    /// Waits until the text of `css` contains `needle`, and returns that text.
    pub async fn text_containing(&self, css: &str, needle: &str) -> String {
        let script = format!(
            "const e = document.querySelector({}); return e !== null && e.textContent.includes({});",
            json!(css),
            json!(needle)
        );
        let waited = self
            .wait_until(&format!("{css} to say {needle:?}"), &script)
            .await;
        let now = self.text_of(css).await;
        match waited {
            Ok(()) => now.unwrap_or_default(),
            Err(e) => panic!("{e}; it says {now:?}"),
        }
    }

    /// The text of the first element matching `css`, if there is one.
    pub async fn text_of(&self, css: &str) -> Option<String> {
        let v = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                vec![json!(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        v.as_str().map(str::to_string)
    }

    /// The attribute `name` of the element `css`; panics when either is missing.
    pub async fn attr(&self, css: &str, name: &str) -> String {
        let v = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                vec![json!(css), json!(name)],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        match v {
            Value::String(s) => s,
            _ => panic!("no {name} on {css}"),
        }
    }

    /// Waits until the app is up: its editing column and its save status line.
    pub async fn wait_app(&self) {
        self.wait_until(
            "the app",
            "return !!document.querySelector('.save-status') && !!document.querySelector('.editing');",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Waits until the status line says the draft is saved.
    pub async fn wait_saved(&self) {
        self.wait_until(
            "the status line to say Saved",
            "const e = document.querySelector('.save-status'); return !!e && e.textContent.startsWith('Saved ');",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
}
