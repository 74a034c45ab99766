//! Upcoming events (dates, kind of place, location, group, talks) and the events window.
//!
//! Events stay sorted by date: the core's `update_entry` moves an edited event to its place
//! in its region, and the row (keyed by id) moves with it.

use std::rc::Rc;

use leptos::prelude::*;
use twir_format::{BlockKind, Cohost, Date, EntryValue, Event, Id, PlaceKind, Talk};

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

/// Reads and writes one field of the `n`th talk or co-host of an event.
type PartLens = (
    fn(&Event, usize) -> Option<String>,
    fn(&mut Event, usize, &str),
);

const TALK_TITLE: PartLens = (
    |e, n| e.talks.get(n).map(|t| t.title.clone()),
    |e, n, s| {
        if let Some(t) = e.talks.get_mut(n) {
            t.title = s.to_string();
        }
    },
);

const TALK_URL: PartLens = (
    |e, n| e.talks.get(n).map(|t| t.url.clone()),
    |e, n, s| {
        if let Some(t) = e.talks.get_mut(n) {
            t.url = s.to_string();
        }
    },
);

const COHOST_NAME: PartLens = (
    |e, n| e.cohosts.get(n).map(|c| c.name.clone()),
    |e, n, s| {
        if let Some(c) = e.cohosts.get_mut(n) {
            c.name = s.to_string();
        }
    },
);

const COHOST_URL: PartLens = (
    |e, n| e.cohosts.get(n).map(|c| c.url.clone()),
    |e, n, s| {
        if let Some(c) = e.cohosts.get_mut(n) {
            c.url = s.to_string();
        }
    },
);

/// One field of the `n`th talk or co-host of the event `id`.
fn part_field(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    n: usize,
    (label, class): (&'static str, &'static str),
    (get, set): PartLens,
) -> AnyView {
    let shown = Signal::derive(move || {
        value.with(|v| {
            v.as_ref()
                .and_then(ev)
                .and_then(|e| get(e, n))
                .unwrap_or_default()
        })
    });
    let write = Rc::new(move |s: &str| {
        let Some(mut v) = value.get_untracked() else {
            return Ok(());
        };
        if let Some(e) = ev_mut(&mut v) {
            set(e, n, s);
        }
        editor.type_entry(id, &format!("{}.{class}.{n}", id.0), v);
        Ok(())
    });
    // One key per part: an event has several fields of each kind.
    input_keyed(
        label,
        class,
        false,
        shown,
        write,
        super::field_key(format!("{class}{n}")),
    )
}

/// One change to the event `id` (adding or removing a talk or a co-host), as one undo step.
fn edit_event(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    label: &str,
    f: impl FnOnce(&mut Event),
) {
    let Some(mut v) = value.get_untracked() else {
        return;
    };
    if let Some(e) = ev_mut(&mut v) {
        f(e);
    }
    editor.edit(label, |i| i.update_entry(id, v));
}

fn talks(editor: Editor, id: Id, value: Memo<Option<EntryValue>>) -> AnyView {
    let count =
        Memo::new(move |_| value.with(|v| v.as_ref().and_then(ev).map_or(0, |e| e.talks.len())));
    let rows = move || {
        (0..count.get())
            .map(|n| {
                view! {
                    <li class="f-talk">
                        {part_field(editor, id, value, n, ("Talk title", "talk-title"), TALK_TITLE)}
                        {part_field(editor, id, value, n, ("Talk URL", "talk-url"), TALK_URL)}
                        <button
                            type="button"
                            class="icon f-remove-talk"
                            aria-label=format!("Remove talk {}", n + 1)
                            disabled=move || count.get() < 2
                            on:click=move |_| edit_event(editor, id, value, "talks", |e| {
                                if n < e.talks.len() && e.talks.len() > 1 {
                                    e.talks.remove(n);
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
                on:click=move |_| edit_event(editor, id, value, "talks", |e| e.talks.push(Talk::default()))
            >
                "Add talk"
            </button>
        </div>
    }
    .into_any()
}

/// How co-host `n` is joined to the group before it (` + `, ` | `, ` and `…).
fn joiner_select(editor: Editor, id: Id, value: Memo<Option<EntryValue>>, n: usize) -> AnyView {
    let current = move || {
        value.with(|v| {
            v.as_ref()
                .and_then(ev)
                .and_then(|e| e.cohosts.get(n))
                .map(|c| c.joiner.clone())
        })
    };
    let on_change =
        move |e: leptos::ev::Targeted<leptos::ev::Event, web_sys::HtmlSelectElement>| {
            let Some(joiner) = Cohost::JOINERS.get(e.target().value().parse().unwrap_or(0)) else {
                return;
            };
            edit_event(editor, id, value, "co-host joiner", |e| {
                if let Some(c) = e.cohosts.get_mut(n) {
                    c.joiner = joiner.to_string();
                }
            });
        };
    view! {
        <label class="field f-joiner">
            <span class="f-label">"Joined by"</span>
            <select
                data-focus-key=super::field_key(format!("joiner{n}"))
                on:change:target=on_change
            >
                {Cohost::JOINERS
                    .iter()
                    .enumerate()
                    .map(|(i, j)| {
                        view! {
                            <option
                                value=i.to_string()
                                selected=move || current().as_deref() == Some(*j)
                            >
                                {j.trim()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}

/// Further groups hosting the event together with the first one.
fn cohosts(editor: Editor, id: Id, value: Memo<Option<EntryValue>>) -> AnyView {
    let count =
        Memo::new(move |_| value.with(|v| v.as_ref().and_then(ev).map_or(0, |e| e.cohosts.len())));
    let rows = move || {
        (0..count.get())
            .map(|n| {
                view! {
                    <li class="f-talk f-cohost">
                        {joiner_select(editor, id, value, n)}
                        {part_field(editor, id, value, n, ("Co-host group", "cohost-name"), COHOST_NAME)}
                        {part_field(editor, id, value, n, ("Co-host URL", "cohost-url"), COHOST_URL)}
                        <button
                            type="button"
                            class="icon f-remove-cohost"
                            aria-label=format!("Remove co-host {}", n + 1)
                            on:click=move |_| edit_event(editor, id, value, "co-hosts", |e| {
                                if n < e.cohosts.len() {
                                    e.cohosts.remove(n);
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
    let add = Cohost {
        joiner: Cohost::JOINERS[0].to_string(),
        name: String::new(),
        url: String::new(),
    };
    view! {
        <div class="f-talks f-cohosts" role="group" aria-label="Co-hosting groups">
            <ul>{rows}</ul>
            <button
                type="button"
                class="button small f-add-cohost"
                on:click=move |_| {
                    let add = add.clone();
                    edit_event(editor, id, value, "co-hosts", |e| e.cohosts.push(add))
                }
            >
                "Add co-hosting group"
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
            cohosts(editor, id, value),
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
