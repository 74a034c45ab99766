//! Upcoming events (dates, kind of place, location, group, talks) and the events window.
//!
//! Events stay sorted by date: the core's `update_entry` moves an edited event to its place
//! in its region, and the row (keyed by id) moves with it.

use std::rc::Rc;

use leptos::prelude::*;
use twir_format::{BlockKind, Date, EntryValue, Event, Id, PlaceKind, Talk};

use super::{block_field, entry_field, input_keyed, row, BlockLens, EntryLens};
use crate::app::Editor;

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s.trim()).ok_or_else(|| "a date as YYYY-MM-DD".to_string())
}

fn ev(v: &EntryValue) -> Option<&Event> {
    match v {
        EntryValue::Event(e) => Some(e),
        _ => None,
    }
}

fn ev_mut(v: &mut EntryValue) -> Option<&mut Event> {
    match v {
        EntryValue::Event(e) => Some(e),
        _ => None,
    }
}

const START: EntryLens = (
    |v| ev(v).map(|e| e.start.to_string()).unwrap_or_default(),
    |v, s| {
        let d = parse_date(s)?;
        if let Some(e) = ev_mut(v) {
            e.start = d;
        }
        Ok(())
    },
);

const END: EntryLens = (
    |v| {
        ev(v)
            .and_then(|e| e.end)
            .map(|d| d.to_string())
            .unwrap_or_default()
    },
    |v, s| {
        let d = if s.trim().is_empty() {
            None
        } else {
            Some(parse_date(s)?)
        };
        if let Some(e) = ev_mut(v) {
            e.end = d;
        }
        Ok(())
    },
);

const LOCATION: EntryLens = (
    |v| ev(v).and_then(|e| e.location.clone()).unwrap_or_default(),
    |v, s| {
        if let Some(e) = ev_mut(v) {
            // Only a purely virtual event goes without a place.
            e.location = if s.is_empty() && e.kind == PlaceKind::Virtual {
                None
            } else {
                Some(s.to_string())
            };
        }
        Ok(())
    },
);

const GROUP: EntryLens = (
    |v| ev(v).map(|e| e.group.clone()).unwrap_or_default(),
    |v, s| {
        if let Some(e) = ev_mut(v) {
            e.group = s.to_string();
        }
        Ok(())
    },
);

const GROUP_URL: EntryLens = (
    |v| ev(v).map(|e| e.group_url.clone()).unwrap_or_default(),
    |v, s| {
        if let Some(e) = ev_mut(v) {
            e.group_url = s.to_string();
        }
        Ok(())
    },
);

fn kind_label(k: PlaceKind) -> &'static str {
    k.label().unwrap_or("In person")
}

fn kind_select(editor: Editor, id: Id, value: Memo<Option<EntryValue>>) -> AnyView {
    let current = move || value.with(|v| v.as_ref().and_then(ev).map(|e| e.kind));
    let on_change =
        move |e: leptos::ev::Targeted<leptos::ev::Event, web_sys::HtmlSelectElement>| {
            let i: usize = e.target().value().parse().unwrap_or(0);
            let Some(kind) = PlaceKind::ALL.get(i).copied() else {
                return;
            };
            let Some(mut v) = value.get_untracked() else {
                return;
            };
            if let Some(ev) = ev_mut(&mut v) {
                ev.kind = kind;
                if kind != PlaceKind::Virtual && ev.location.is_none() {
                    ev.location = Some(String::new());
                }
            }
            editor.edit("event kind", |i| i.update_entry(id, v));
        };
    view! {
        <label class="field f-kind">
            <span class="f-label">"Kind"</span>
            <select data-focus-key=super::field_key("kind".to_string()) on:change:target=on_change>
                {PlaceKind::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        let k = *k;
                        view! {
                            <option value=i.to_string() selected=move || current() == Some(k)>
                                {kind_label(k)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}

/// One field of talk `n` of the event `id` (`url` picks the URL, else the title).
fn talk_field(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    n: usize,
    url: bool,
) -> AnyView {
    let pick = move |t: &Talk| if url { t.url.clone() } else { t.title.clone() };
    let shown = Signal::derive(move || {
        value.with(|v| {
            v.as_ref()
                .and_then(ev)
                .and_then(|e| e.talks.get(n))
                .map(pick)
                .unwrap_or_default()
        })
    });
    let class = if url { "talk-url" } else { "talk-title" };
    let set = Rc::new(move |s: &str| {
        let Some(mut v) = value.get_untracked() else {
            return Ok(());
        };
        if let Some(t) = ev_mut(&mut v).and_then(|e| e.talks.get_mut(n)) {
            if url {
                t.url = s.to_string();
            } else {
                t.title = s.to_string();
            }
        }
        editor.type_entry(id, &format!("{}.{class}.{n}", id.0), v);
        Ok(())
    });
    // One key per talk: an event has several talk fields of each kind.
    input_keyed(
        if url { "Talk URL" } else { "Talk title" },
        class,
        false,
        shown,
        set,
        super::field_key(format!("{class}{n}")),
    )
}

fn edit_talks(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    f: impl FnOnce(&mut Vec<Talk>),
) {
    let Some(mut v) = value.get_untracked() else {
        return;
    };
    if let Some(e) = ev_mut(&mut v) {
        f(&mut e.talks);
    }
    editor.edit("talks", |i| i.update_entry(id, v));
}

fn talks(editor: Editor, id: Id, value: Memo<Option<EntryValue>>) -> AnyView {
    let count =
        Memo::new(move |_| value.with(|v| v.as_ref().and_then(ev).map_or(0, |e| e.talks.len())));
    let rows = move || {
        (0..count.get())
            .map(|n| {
                view! {
                    <li class="f-talk">
                        {talk_field(editor, id, value, n, false)}
                        {talk_field(editor, id, value, n, true)}
                        <button
                            type="button"
                            class="icon f-remove-talk"
                            aria-label=format!("Remove talk {}", n + 1)
                            disabled=move || count.get() < 2
                            on:click=move |_| edit_talks(editor, id, value, |t| {
                                if n < t.len() && t.len() > 1 {
                                    t.remove(n);
                                }
                            })
                        >
                            "✕"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="f-talks" role="group" aria-label="Talks">
            <ul>{rows}</ul>
            <button
                type="button"
                class="button small f-add-talk"
                on:click=move |_| edit_talks(editor, id, value, |t| t.push(Talk::default()))
            >
                "Add talk"
            </button>
        </div>
    }
    .into_any()
}

pub(crate) fn entry(editor: Editor, id: Id, value: Memo<Option<EntryValue>>) -> AnyView {
    let f = |label, class, l| entry_field(editor, id, value, label, class, l);
    row(
        "f-event",
        "Event",
        vec![
            f("Date (YYYY-MM-DD)", "start", START),
            f("End date (optional)", "end", END),
            kind_select(editor, id, value),
            f("Location (City, State, Country)", "location", LOCATION),
            f("Group", "group", GROUP),
            f("Group URL", "group-url", GROUP_URL),
            talks(editor, id, value),
        ],
    )
}

const WINDOW_START: BlockLens = (
    |b| match b {
        BlockKind::EventsWindow { start, .. } => start.to_string(),
        _ => String::new(),
    },
    |b, s| {
        let d = parse_date(s)?;
        if let BlockKind::EventsWindow { start, .. } = b {
            *start = d;
        }
        Ok(())
    },
);

const WINDOW_END: BlockLens = (
    |b| match b {
        BlockKind::EventsWindow { end, .. } => end.to_string(),
        _ => String::new(),
    },
    |b, s| {
        let d = parse_date(s)?;
        if let BlockKind::EventsWindow { end, .. } = b {
            *end = d;
        }
        Ok(())
    },
);

/// "Rusty Events between START - END".
pub(crate) fn window(editor: Editor, id: Id, value: Memo<Option<BlockKind>>) -> AnyView {
    row(
        "f-window",
        "Events window",
        vec![
            block_field(
                editor,
                id,
                value,
                "Events from (YYYY-MM-DD)",
                "window-start",
                false,
                WINDOW_START,
            ),
            block_field(
                editor,
                id,
                value,
                "Events until (YYYY-MM-DD)",
                "window-end",
                false,
                WINDOW_END,
            ),
        ],
    )
}
