//! One entry of a list as a row. Closed, it is one line: tags as chips, the title, the link's
//! host (an event's date, place, group and first talk) and its problems as a count. Open, it
//! shows the entry's fields and messages. Closed rows render no inputs, so a big issue opens
//! and lays out with a fraction of the DOM nodes.
//!
//! A click (or Enter) on the closed line opens the row, with the focus in the field matching
//! what was clicked; Escape, or the focus leaving the row, closes it. Everything typed has
//! already gone through the editor, so closing loses nothing, except a value the field refused:
//! while one is shown, the row stays open.
//!
//! Code elsewhere opens a row as a person does, by clicking its closed line ([`open_entry`]):
//! `focus_entry`, the summary's jumps and the focus restored after a reload.
//!
//! The row's tools (move, duplicate, remove, move to another section) sit in a menu button;
//! Alt+↑/↓ move the entry from any of its fields or from the closed line; the handle drags.

use std::time::Duration;

use leptos::prelude::*;
use twir_format::{EntryValue, Id, Severity};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::{cfp, events, links, messages, raw, Place};
use crate::editor::Editor;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum EntryTag {
    Link,
    Pr,
    Fcp,
    Rfc,
    CfpEvent,
    Event,
    Nothing,
    Raw,
}

fn entry_tag(v: &EntryValue) -> EntryTag {
    match v {
        EntryValue::Link(_) => EntryTag::Link,
        EntryValue::Pr(_) => EntryTag::Pr,
        EntryValue::Fcp(_) => EntryTag::Fcp,
        EntryValue::Rfc(_) => EntryTag::Rfc,
        EntryValue::CfpEvent(_) => EntryTag::CfpEvent,
        EntryValue::Event(_) => EntryTag::Event,
        EntryValue::Nothing(_) => EntryTag::Nothing,
        EntryValue::Raw(_) => EntryTag::Raw,
    }
}

/// What a closed row shows: chips, then parts, each named by the field it opens (the field's
/// class is `f-<name>`).
struct Line {
    chips: Vec<String>,
    parts: Vec<(&'static str, String)>,
    /// The whole URL, the host's tooltip.
    url: String,
}

/// `https://www.example.com/a/b` → `example.com`.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string()
}

fn line(v: &EntryValue) -> Line {
    let opt = |o: &Option<String>| o.iter().cloned().collect::<Vec<_>>();
    let titled = |chips, title: &str, url: &str| Line {
        chips,
        parts: vec![("title", title.to_string()), ("url", host(url))],
        url: url.to_string(),
    };
    match v {
        EntryValue::Link(l) => titled(l.tags.clone(), &l.title, &l.url),
        EntryValue::Pr(p) => titled(opt(&p.group), &p.title, &p.url),
        EntryValue::Fcp(f) => titled(opt(&f.disposition), &f.title, &f.url),
        EntryValue::Rfc(r) => titled(opt(&r.status), &r.title, &r.url),
        EntryValue::CfpEvent(c) => Line {
            chips: Vec::new(),
            parts: vec![
                ("name", c.name.clone()),
                ("cfp-until", format!("until {}", c.cfp_until)),
                ("place", c.place.clone()),
                ("url", host(&c.url)),
            ],
            url: c.url.clone(),
        },
        EntryValue::Event(e) => {
            let date = match e.end {
                Some(end) => format!("{} – {end}", e.start),
                None => e.start.to_string(),
            };
            let location = e.location.clone().unwrap_or_default();
            let place = match e.kind.label() {
                Some(k) if location.is_empty() => k.to_string(),
                Some(k) => format!("{k} ({location})"),
                None => location,
            };
            let talk = e.talks.first().map(|t| t.title.clone()).unwrap_or_default();
            Line {
                chips: Vec::new(),
                parts: vec![
                    ("start", date),
                    ("location", place),
                    ("group", e.group.clone()),
                    ("talk-title", talk),
                ],
                url: String::new(),
            }
        }
        EntryValue::Nothing(n) => Line {
            chips: Vec::new(),
            parts: vec![("nothing", first_line(&n.text))],
            url: String::new(),
        },
        EntryValue::Raw(r) => Line {
            chips: vec!["raw".to_string()],
            parts: vec![("raw", first_line(&r.text))],
            url: String::new(),
        },
    }
}

/// What an empty part says instead (only the parts that name the entry).
fn placeholder(field: &str) -> Option<&'static str> {
    match field {
        "title" => Some("Untitled"),
        "name" => Some("Unnamed event"),
        "group" => Some("No group"),
        _ => None,
    }
}

/// Focuses, once rendered, the field of the entry `id` matching `css`, else its title, else
/// its first field.
pub(super) fn focus_field(id: Id, css: Option<String>) {
    set_timeout(
        move || {
            let sel = format!("[data-entry=\"{}\"]", id.0);
            let Ok(Some(row)) = document().query_selector(&sel) else {
                return;
            };
            let pick = |css: &str| row.query_selector(css).ok().flatten();
            let field = css
                .as_deref()
                .and_then(pick)
                .or_else(|| pick(".f-title input"))
                .or_else(|| pick("input[type=\"text\"], textarea, select"));
            if let Some(f) = field {
                let _ = f.unchecked_into::<HtmlElement>().focus();
            }
        },
        Duration::ZERO,
    );
}

/// Opens the entry row `row` (a `[data-entry]` element) when it is closed, by clicking its
/// line; says whether it did (its fields exist after the next render).
pub(crate) fn open_entry(row: &Element) -> bool {
    match row.query_selector(".f-closed") {
        Ok(Some(line)) => {
            line.unchecked_into::<HtmlElement>().click();
            true
        }
        _ => false,
    }
}

/// Gives the focus back to `el` after the row it is in was moved (moving drops focus).
fn keep_focus(el: Option<Element>) {
    let Some(el) = el else { return };
    set_timeout(
        move || {
            if el.is_connected() && document().active_element().as_ref() != Some(&el) {
                let _ = el.unchecked_into::<HtmlElement>().focus();
            }
        },
        Duration::ZERO,
    );
}

fn move_by(editor: Editor, id: Id, delta: isize) {
    let focused = document().active_element();
    editor.edit("move entry", |i| i.move_entry(id, delta));
    keep_focus(focused);
}

/// Focuses, once rendered, the closed line (or first field) of the entry `id`.
fn focus_row(id: Id) {
    focus_field(id, Some(".f-closed".to_string()));
}

/// Runs `f` after the tasks already queued and the ones they queue: the refocus of a moved
/// row (`keep_focus`, the fields' own) has run by then.
fn after_refocus(f: impl FnOnce() + 'static) {
    set_timeout(move || set_timeout(f, Duration::ZERO), Duration::ZERO);
}

/// Whether the focus is somewhere inside `el`.
fn holds_focus(el: &Element) -> bool {
    document()
        .active_element()
        .is_some_and(|a| el.contains(Some(a.unchecked_ref())))
}

/// The menu around an element (`.f-menu`), and its items.
fn menu_of(el: &Element) -> Option<Element> {
    el.closest(".f-menu").ok().flatten()
}

fn menu_items(menu: &Element) -> Vec<HtmlElement> {
    let Ok(all) = menu.query_selector_all("[role=\"menuitem\"]") else {
        return Vec::new();
    };
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(JsCast::unchecked_into)
        .collect()
}

fn focus_in(menu: &Element, css: &str) {
    if let Ok(Some(el)) = menu.query_selector(css) {
        let _ = el.unchecked_into::<HtmlElement>().focus();
    }
}

/// The element an event was dispatched at.
fn target_of(ev: &web_sys::Event) -> Option<Element> {
    ev.target().and_then(|t| t.dyn_into::<Element>().ok())
}

/// The entry's tools as a menu button: move up/down, duplicate, remove, move to another
/// section. Arrow keys move between the items, Escape closes it, Tab leaves it.
fn menu(editor: Editor, id: Id, targets: Memo<Vec<(Id, String)>>) -> AnyView {
    let shown = RwSignal::new(false);
    // Closing by a key or an item gives the focus back to the button.
    let close = move |menu: Option<Element>| {
        shown.set(false);
        if let Some(m) = menu {
            focus_in(&m, ".f-menu-button");
        }
    };
    let open_menu = move |menu: Option<Element>, last: bool| {
        shown.set(true);
        set_timeout(
            move || {
                let all = menu.as_ref().map(menu_items).unwrap_or_default();
                if let Some(el) = if last { all.last() } else { all.first() } {
                    let _ = el.focus();
                }
            },
            Duration::ZERO,
        );
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(menu) = target_of(&ev).as_ref().and_then(menu_of) else {
            return;
        };
        let key = ev.key();
        if !shown.get_untracked() {
            // On the button: the arrows open the menu (Alt+arrows move the entry).
            if matches!(key.as_str(), "ArrowDown" | "ArrowUp") && !ev.alt_key() {
                ev.prevent_default();
                open_menu(Some(menu), key == "ArrowUp");
            }
            return;
        }
        let all = menu_items(&menu);
        let at = document()
            .active_element()
            .and_then(|a| all.iter().position(|i| i.unchecked_ref::<Element>() == &a));
        let to = match (key.as_str(), at) {
            ("Escape", _) => {
                ev.prevent_default();
                ev.stop_propagation();
                close(Some(menu));
                return;
            }
            ("Tab", _) => {
                shown.set(false);
                return;
            }
            ("ArrowDown", Some(n)) => (n + 1) % all.len(),
            ("ArrowUp", Some(n)) => (n + all.len() - 1) % all.len(),
            ("Home", _) => 0,
            ("End", _) => all.len().saturating_sub(1),
            _ => return,
        };
        ev.prevent_default();
        ev.stop_propagation();
        if let Some(el) = all.get(to) {
            let _ = el.focus();
        }
    };
    // Leaving the menu (a click elsewhere, Tab) closes it.
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        let Some(menu) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        else {
            return;
        };
        after_refocus(move || {
            if !holds_focus(&menu) {
                let _ = shown.try_set(false);
            }
        });
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = target_of(&ev) else { return };
        let menu = menu_of(&el);
        if el.closest(".f-menu-button").ok().flatten().is_some() {
            if shown.get_untracked() {
                close(menu);
            } else {
                open_menu(menu, false);
            }
            return;
        }
        let Some(item) = el.closest("[data-do]").ok().flatten() else {
            return;
        };
        let what = item.get_attribute("data-do").unwrap_or_default();
        close(menu);
        match what.as_str() {
            "up" => move_by(editor, id, -1),
            "down" => move_by(editor, id, 1),
            "duplicate" => {
                if let Some(copy) = editor.edit("duplicate entry", |i| i.duplicate_entry(id)) {
                    super::focus_entry(copy, None);
                }
            }
            "remove" => {
                // The focus goes to the row that takes this one's place, else the one before.
                let row = item.closest("[data-entry]").ok().flatten();
                let next = row.and_then(|r| {
                    r.next_element_sibling()
                        .or_else(|| r.previous_element_sibling())
                });
                editor.edit("remove entry", |i| i.remove_entry(id).map(|_| ()));
                if let Some(n) = next.and_then(|n| n.get_attribute("data-entry")) {
                    if let Ok(n) = n.parse() {
                        focus_row(Id(n));
                    }
                }
            }
            to => {
                if let Ok(to) = to.parse() {
                    editor.edit("move entry to section", |i| {
                        i.move_entry_to(id, Id(to), None)
                    });
                    focus_row(id);
                }
            }
        }
    };
    // One view shape for every item; what it does is its `data-do` (a section id: move there).
    let item = |label: String, class: &'static str, what: String| {
        view! {
            <button type="button" role="menuitem" tabindex="-1" class=class data-do=what>
                {label}
            </button>
        }
    };
    let list = move || {
        shown.get().then(|| {
            let fixed = [
                ("Move up (Alt+↑)", "f-up", "up"),
                ("Move down (Alt+↓)", "f-down", "down"),
                ("Duplicate", "f-duplicate", "duplicate"),
                ("Remove (undo with Ctrl+Z)", "f-remove", "remove"),
            ]
            .into_iter()
            .map(|(label, class, what)| item(label.to_string(), class, what.to_string()));
            let moves = targets
                .get()
                .into_iter()
                .map(|(to, title)| item(format!("Move to {title}"), "f-move-to", to.0.to_string()));
            view! {
                <div class="f-menu-list" role="menu" aria-label="Entry tools">
                    {fixed.chain(moves).collect_view()}
                </div>
            }
        })
    };
    view! {
        <div class="f-menu" on:focusout=on_focus_out on:keydown=on_key on:click=on_click>
            <button
                type="button"
                class="icon f-menu-button"
                aria-haspopup="menu"
                aria-expanded=move || if shown.get() { "true" } else { "false" }
                aria-label="Entry tools"
                title="Move, duplicate, remove (Alt+↑/↓ move)"
            >
                "⋯"
            </button>
            {list}
        </div>
    }
    .into_any()
}

/// A piece of a closed line (a chip, a part, the problems): one view shape for all of them.
fn span(
    class: String,
    empty: bool,
    field: Option<&'static str>,
    tip: String,
    text: String,
) -> AnyView {
    view! {
        <span class=class class:f-s-empty=empty data-field=field title=tip>
            {text}
        </span>
    }
    .into_any()
}

/// The closed line of the entry: chips, parts and problems; a click or Enter opens the row
/// at the field of the part clicked.
fn closed_line(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    open_at: impl Fn(Option<String>) + Copy + Send + Sync + 'static,
) -> AnyView {
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let field = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("[data-field]").ok().flatten())
            .and_then(|e| e.get_attribute("data-field"));
        open_at(field.map(|f| format!(".f-{f} input, .f-{f} textarea, .f-{f} select")));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(ev.key().as_str(), "Enter" | " ") && !ev.alt_key() {
            ev.prevent_default();
            open_at(None);
        }
    };
    let content = move || {
        let Line { chips, parts, url } = value.with(|v| v.as_ref().map(line))?;
        let chips = chips
            .into_iter()
            .map(|c| span("f-chip".to_string(), false, None, c.clone(), c));
        let parts = parts.into_iter().filter_map(|(field, text)| {
            let empty = text.trim().is_empty();
            let shown = if empty {
                placeholder(field)?.to_string()
            } else {
                text
            };
            // The whole text on hover: a long one ends in an ellipsis.
            let tip = if field == "url" {
                url.clone()
            } else {
                shown.clone()
            };
            Some(span(
                format!("f-s f-s-{field}"),
                empty,
                Some(field),
                tip,
                shown,
            ))
        });
        Some(chips.chain(parts).collect_view())
    };
    // Count and worst severity of the entry's messages, from the one checks memo.
    let badge = move || {
        editor.checks_by_target().with(|m| {
            let ds = m.get(&id).filter(|ds| !ds.is_empty())?;
            let worst = ds.iter().map(|d| d.severity).max()?;
            let (n, level) = (ds.len(), worst.as_str());
            let icon = if worst == Severity::Note {
                "ⓘ"
            } else {
                "⚠"
            };
            let tip = format!(
                "{n} problem{}, worst: {level}",
                if n == 1 { "" } else { "s" }
            );
            Some(span(
                format!("f-problems {level}"),
                false,
                None,
                tip,
                format!("{icon} {n}"),
            ))
        })
    };
    view! {
        <div
            class="f-closed"
            role="button"
            tabindex="0"
            aria-expanded="false"
            title="Open to edit (Enter)"
            on:click=on_click
            on:keydown=on_key
        >
            {content}
            {badge}
        </div>
    }
    .into_any()
}

/// One entry: the drag handle, the closed line or the fields, and the tools menu.
pub(super) fn entry_row(
    editor: Editor,
    id: Id,
    place: Place,
    targets: Memo<Vec<(Id, String)>>,
    drag: RwSignal<Option<Id>>,
) -> AnyView {
    super::keys::provide_owner(id);
    let value = super::sync::entry_value(editor, id);
    let tag = Memo::new(move |_| value.with(|v| v.as_ref().map(entry_tag)));
    let open = RwSignal::new(false);
    let open_at = move |css: Option<String>| {
        open.set(true);
        focus_field(id, css);
    };
    // Closing drops the fields: never while one shows a value it refused (its text would go).
    let may_close = |row: &Element| {
        row.query_selector("[aria-invalid=\"true\"]")
            .ok()
            .flatten()
            .is_none()
    };
    let body = move || {
        let Some(tag) = tag.get() else {
            return ().into_any();
        };
        match tag {
            EntryTag::Link | EntryTag::Pr | EntryTag::Fcp | EntryTag::Rfc | EntryTag::Nothing => {
                links::entry(editor, id, value, place.kind)
            }
            EntryTag::CfpEvent => cfp::entry(editor, id, value),
            EntryTag::Event => events::entry(editor, id, value),
            EntryTag::Raw => raw::entry(editor, id, value, place.kind),
        }
    };
    let content = move || {
        if open.get() {
            view! { <div class="f-fields">{body} {messages(editor, id)} {crate::titles::note_view(editor, id)}</div> }.into_any()
        } else {
            // An update's conflict about this entry waits for a person: shown closed too.
            vec![
                closed_line(editor, id, value, open_at),
                crate::update::conflicts_at(editor, id),
            ]
            .into_any()
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            let row = ev
                .current_target()
                .and_then(|t| t.dyn_into::<Element>().ok());
            if row.is_some_and(|r| may_close(&r)) {
                ev.prevent_default();
                open.set(false);
                focus_row(id);
            }
            return;
        }
        if !ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let delta = match ev.key().as_str() {
            "ArrowUp" => -1,
            "ArrowDown" => 1,
            _ => return,
        };
        ev.prevent_default();
        move_by(editor, id, delta);
    };
    // Focus leaving the row closes it. Moving a row drops its focus for a moment (the row's
    // and the fields' refocus give it back), so judge once those have run.
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        if !open.get_untracked() {
            return;
        }
        let Some(row) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        else {
            return;
        };
        // A field (or button) the row itself re-rendered away took the focus with it: that
        // is not the focus leaving (a talk removed, a co-host added).
        let from = target_of(&ev);
        after_refocus(move || {
            let dropped = from.is_some_and(|f| !f.is_connected());
            if row.is_connected() && !dropped && !holds_focus(&row) && may_close(&row) {
                let _ = open.try_set(false);
            }
        });
    };
    let on_drag_start = move |ev: leptos::ev::DragEvent| {
        drag.set(Some(id));
        if let Some(dt) = ev.data_transfer() {
            dt.set_effect_allowed("move");
            // Some browsers only start a drag that carries data.
            let _ = dt.set_data("text/plain", &format!("entry {}", id.0));
        }
    };
    let over = RwSignal::new(false);
    let on_drag_over = move |ev: leptos::ev::DragEvent| {
        if drag.get_untracked().is_some_and(|d| d != id) {
            ev.prevent_default();
            over.set(true);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        over.set(false);
        let Some(from) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        if from == id {
            return;
        }
        ev.prevent_default();
        editor.edit("drag entry", |i| super::list::drop_before(i, from, id));
    };
    view! {
        <li
            class="f-entry"
            class:open=move || open.get()
            class:drop-target=move || over.get()
            data-entry=id.0.to_string()
            data-focus-key=super::keys::owner_key()
            on:keydown=on_key
            on:focusout=on_focus_out
            on:dragover=on_drag_over
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <span
                class="f-handle"
                draggable="true"
                title="Drag to reorder (or Alt+↑/↓)"
                aria-hidden="true"
                on:dragstart=on_drag_start
                on:dragend=move |_| drag.set(None)
            >
                "⠿"
            </span>
            {content}
            {menu(editor, id, targets)}
        </li>
    }
    .into_any()
}
