//! Where the focus was: a key saved with each draft, and putting the focus back on reload.

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// What identifies a focused field across reloads: the nearest `data-focus-key` (set by the
/// forms), else the element's id; plus `@caret` in a text field.
pub(super) fn focus_key(el: &Element) -> Option<String> {
    let key = el
        .closest("[data-focus-key]")
        .ok()
        .flatten()
        .and_then(|k| k.get_attribute("data-focus-key"))
        .or_else(|| Some(el.id()).filter(|id| !id.is_empty()))
        .or_else(|| field_index(el).map(|i| format!("field:{i}")))?;
    // The drafts panel's own fields are not worth coming back to.
    if el.closest(".drafts-panel").ok().flatten().is_some() {
        return None;
    }
    let caret = if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.selection_start().ok().flatten()
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.selection_start().ok().flatten()
    } else {
        None
    };
    Some(match caret {
        Some(c) => format!("{key}@{c}"),
        None => key,
    })
}

/// Fields of the editing column, in document order: the fallback key of a field that has
/// neither a `data-focus-key` nor an id is its position here (stable while the same draft is
/// shown the same way).
const FIELDS: &str = ".editing input, .editing textarea, .editing select";

fn field_index(el: &Element) -> Option<u32> {
    let doc = web_sys::window()?.document()?;
    let all = doc.query_selector_all(FIELDS).ok()?;
    (0..all.length()).find(|&i| {
        all.item(i)
            .is_some_and(|n| n.unchecked_ref::<Element>() == el)
    })
}

pub(super) fn active_focus_key() -> Option<String> {
    let el = web_sys::window()?.document()?.active_element()?;
    focus_key(&el)
}

/// Puts the focus (and caret) back where [`focus_key`] said it was; `reveal` draws the rows
/// a long list has not drawn yet (see `forms::revealer`), when the key is not found.
pub(super) fn restore_focus(saved: &str, reveal: crate::forms::Revealer) {
    restore_focus_or_open(saved, true, Some(reveal));
}

/// [`restore_focus`]; a field of a closed entry row is not there: when `open`, its row
/// (keyed by the part of the key before the field's name) is opened and the focus put back
/// once its fields are rendered. Neither there: with `reveal`, every row is drawn and the
/// search made once more.
fn restore_focus_or_open(saved: &str, open: bool, reveal: Option<crate::forms::Revealer>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (key, caret) = match saved.rsplit_once('@') {
        Some((k, c)) if c.parse::<u32>().is_ok() => (k, c.parse::<u32>().ok()),
        _ => (saved, None),
    };
    let find_key = |key: &str| {
        doc.query_selector_all("[data-focus-key]")
            .ok()
            .and_then(|all| {
                (0..all.length())
                    .filter_map(|i| all.item(i))
                    .filter_map(|n| n.dyn_into::<Element>().ok())
                    .find(|e| e.get_attribute("data-focus-key").as_deref() == Some(key))
            })
    };
    let by_key = find_key(key);
    let by_index = || {
        let i: u32 = key.strip_prefix("field:")?.parse().ok()?;
        let n = doc.query_selector_all(FIELDS).ok()?.item(i)?;
        n.dyn_into::<Element>().ok()
    };
    let Some(mut el) = by_key
        .or_else(|| doc.get_element_by_id(key))
        .or_else(by_index)
    else {
        let row = key
            .rsplit_once(':')
            .and_then(|(owner, _)| find_key(owner))
            .filter(|row| open && crate::forms::open_entry(row));
        let saved = saved.to_string();
        if row.is_some() {
            set_timeout(
                move || restore_focus_or_open(&saved, false, None),
                Duration::ZERO,
            );
        } else if let Some(reveal) = reveal {
            reveal.reveal_then(move || restore_focus_or_open(&saved, open, None));
        }
        return;
    };
    // A keyed container: its first field.
    if el.dyn_ref::<HtmlTextAreaElement>().is_none() && el.dyn_ref::<HtmlInputElement>().is_none() {
        if let Ok(Some(field)) = el.query_selector("textarea, input, select, [tabindex]") {
            el = field;
        }
    }
    if let Some(h) = el.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
    if let Some(c) = caret {
        if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
            let _ = t.set_selection_range(c, c);
        } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            let _ = i.set_selection_range(c, c);
        }
    }
    el.scroll_into_view_with_bool(false);
}
