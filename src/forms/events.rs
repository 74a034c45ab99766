//! Upcoming events (dates, kind of place, location, group, talks) and the events window.
//!
//! Events stay sorted by date: the core's `update_entry` moves an edited event to its place
//! in its region, and the row (keyed by id) moves with it.

use leptos::prelude::*;
use twir_format::{BlockKind, Cohost, Date, EntryValue, Event, Id, PlaceKind, Talk};

use super::parts::{edit_value, part_lens, parts, Parts};
use super::{block_field, entry_field, row, BlockLens, EntryLens};
use crate::editor::Editor;

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

fn talk(v: &EntryValue, n: usize) -> Option<&Talk> {
    ev(v).and_then(|e| e.talks.get(n))
}

fn talk_mut(v: &mut EntryValue, n: usize) -> Option<&mut Talk> {
    ev_mut(v).and_then(|e| e.talks.get_mut(n))
}

fn cohost(v: &EntryValue, n: usize) -> Option<&Cohost> {
    ev(v).and_then(|e| e.cohosts.get(n))
}

fn cohost_mut(v: &mut EntryValue, n: usize) -> Option<&mut Cohost> {
    ev_mut(v).and_then(|e| e.cohosts.get_mut(n))
}

static TALKS: Parts = Parts {
    name: "Talks",
    class: "",
    item_class: "f-talk",
    noun: "talk",
    remove_class: "f-remove-talk",
    add: ("Add talk", "f-add-talk"),
    min: 1,
    count: |v| ev(v).map_or(0, |e| e.talks.len()),
    push: |v| {
        if let Some(e) = ev_mut(v) {
            e.talks.push(Talk::default());
        }
    },
    remove: |v, n| {
        if let Some(e) = ev_mut(v) {
            e.talks.remove(n);
        }
    },
    fields: [
        (
            "Talk title",
            "talk-title",
            part_lens!(talk, talk_mut, title),
        ),
        ("Talk URL", "talk-url", part_lens!(talk, talk_mut, url)),
    ],
    extra: None,
};

static COHOSTS: Parts = Parts {
    name: "Co-hosting groups",
    class: "f-cohosts",
    item_class: "f-talk f-cohost",
    noun: "co-host",
    remove_class: "f-remove-cohost",
    add: ("Add co-hosting group", "f-add-cohost"),
    min: 0,
    count: |v| ev(v).map_or(0, |e| e.cohosts.len()),
    push: |v| {
        if let Some(e) = ev_mut(v) {
            e.cohosts.push(Cohost {
                joiner: Cohost::JOINERS[0].to_string(),
                name: String::new(),
                url: String::new(),
            });
        }
    },
    remove: |v, n| {
        if let Some(e) = ev_mut(v) {
            e.cohosts.remove(n);
        }
    },
    fields: [
        (
            "Co-host group",
            "cohost-name",
            part_lens!(cohost, cohost_mut, name),
        ),
        (
            "Co-host URL",
            "cohost-url",
            part_lens!(cohost, cohost_mut, url),
        ),
    ],
    extra: Some(joiner_select),
};

/// How co-host `n` is joined to the group before it (` + `, ` | `, ` and `…).
fn joiner_select(editor: Editor, id: Id, value: Memo<Option<EntryValue>>, n: usize) -> AnyView {
    let current = move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|v| cohost(v, n))
                .map(|c| c.joiner.clone())
        })
    };
    let on_change =
        move |e: leptos::ev::Targeted<leptos::ev::Event, web_sys::HtmlSelectElement>| {
            let Some(joiner) = Cohost::JOINERS.get(e.target().value().parse().unwrap_or(0)) else {
                return;
            };
            edit_value(editor, id, value, "co-host joiner", |v| {
                if let Some(c) = cohost_mut(v, n) {
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
            parts(editor, id, value, &COHOSTS),
            parts(editor, id, value, &TALKS),
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
