//! List editing shared by every section: the list of entry rows (each in `row.rs`), drag and
//! drop between them (also into another section's list), and adding entries (empty, from a
//! pasted URL, or from pasted Markdown lines), which open with the focus in their first field.

use leptos::prelude::*;
use twir_format::{
    entries_from_markdown, BlockKind, CfpEvent, EditError, EntryValue, Event, Fcp, Id, Issue, Link,
    PlaceKind, Pr, Rfc, SectionKind, Talk,
};
use wasm_bindgen::JsCast;

use super::{focus_entry, Place};
use crate::editor::Editor;

/// Sections whose content is a list of entries (they get "Add entry" even when empty).
pub(crate) fn takes_entries(kind: SectionKind) -> bool {
    matches!(
        kind,
        SectionKind::CommunityCategory
            | SectionKind::CallsForTestingGroup
            | SectionKind::CfpProjects
            | SectionKind::CfpEvents
            | SectionKind::PrGroup
            | SectionKind::ApprovedRfcs
            | SectionKind::FcpGroup
            | SectionKind::NewRfcs
            | SectionKind::EventRegion
            | SectionKind::Jobs
    )
}

/// A new, empty entry of the kind a section holds.
fn blank_entry(kind: Option<SectionKind>, issue: &Issue) -> EntryValue {
    match kind {
        Some(SectionKind::EventRegion) => EntryValue::Event(Event {
            start: issue
                .front_matter
                .date()
                .unwrap_or_else(crate::editor::today_or_fallback),
            end: None,
            kind: PlaceKind::InPerson,
            location: Some(String::new()),
            group: String::new(),
            group_url: String::new(),
            cohosts: Vec::new(),
            talks: vec![Talk::default()],
        }),
        Some(SectionKind::CfpEvents) => EntryValue::CfpEvent(CfpEvent::default()),
        Some(SectionKind::PrGroup) => EntryValue::Pr(Pr::default()),
        Some(SectionKind::FcpGroup) => EntryValue::Fcp(Fcp {
            disposition: Some("merge".to_string()),
            ..Fcp::default()
        }),
        Some(SectionKind::NewRfcs) => EntryValue::Rfc(Rfc {
            status: Some("new".to_string()),
            ..Rfc::default()
        }),
        _ => EntryValue::Link(Link::default()),
    }
}

fn set_url(v: &mut EntryValue, url: &str) {
    let slot = match v {
        EntryValue::Link(l) => &mut l.url,
        EntryValue::Pr(p) => &mut p.url,
        EntryValue::Fcp(f) => &mut f.url,
        EntryValue::Rfc(r) => &mut r.url,
        EntryValue::CfpEvent(c) => &mut c.url,
        EntryValue::Event(e) => &mut e.group_url,
        EntryValue::Nothing(_) | EntryValue::Raw(_) => return,
    };
    *slot = url.to_string();
}

/// The CSS selector of the field to focus in a new entry of `v`'s kind.
fn first_field(v: &EntryValue) -> &'static str {
    match v {
        EntryValue::CfpEvent(_) => ".f-name input",
        EntryValue::Event(_) => ".f-group input",
        _ => ".f-title input",
    }
}

/// Adds entries made from pasted or typed text: a bare URL becomes one entry with that URL
/// (focus goes to its title); Markdown lines in the standard formats become typed entries.
pub(crate) fn add_from_text(
    editor: Editor,
    place: Place,
    text: &str,
    io: Option<crate::io::Io>,
) -> Result<(), String> {
    let Some(section) = place.section else {
        return Err("entries can only be added to a section".to_string());
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(());
    }
    let is_url = !text.contains(char::is_whitespace)
        && (text.starts_with("https://") || text.starts_with("http://"));
    if is_url {
        let url = text.to_string();
        let mut focus = ".f-title input";
        let id = editor.edit("add entry from URL", |i| {
            let mut v = blank_entry(place.kind, i);
            set_url(&mut v, &url);
            focus = match v {
                // The URL is filled: go on with the entry's name.
                EntryValue::CfpEvent(_) | EntryValue::Event(_) => first_field(&v),
                _ => ".f-title input",
            };
            i.insert_entry(section, None, v)
        });
        if let Some(id) = id {
            focus_entry(id, Some(focus));
            crate::titles::lookup(io, editor, id, &url);
        }
        return Ok(());
    }
    let kind = place.kind.unwrap_or(SectionKind::Other);
    let values = entries_from_markdown(text, kind);
    if values.is_empty() {
        return Err(
            "nothing to add: paste a URL, or Markdown list lines (starting with `* `)".to_string(),
        );
    }
    let first = editor.edit("add pasted entries", |i| {
        let mut first = None;
        for v in values {
            let id = i.insert_entry(section, None, v)?;
            first.get_or_insert(id);
        }
        Ok(first)
    });
    if let Some(Some(id)) = first {
        focus_entry(id, None);
    }
    Ok(())
}

/// "Add entry" and the paste field under a section's list.
pub(crate) fn add_controls(editor: Editor, place: Place) -> AnyView {
    let problem = RwSignal::new(None::<String>);
    let io = use_context::<crate::io::Io>();
    let add = move |_| {
        if let Some(section) = place.section {
            let mut focus = ".f-title input";
            let id = editor.edit("add entry", |i| {
                let v = blank_entry(place.kind, i);
                focus = first_field(&v);
                i.insert_entry(section, None, v)
            });
            if let Some(id) = id {
                focus_entry(id, Some(focus));
            }
        }
    };
    let take = move |el: &web_sys::HtmlInputElement, text: &str| match add_from_text(
        editor, place, text, io,
    ) {
        Ok(()) => {
            el.set_value("");
            problem.set(None);
        }
        Err(e) => problem.set(Some(e)),
    };
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text").ok()) else {
            return;
        };
        ev.prevent_default();
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            take(&el, &text);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                take(&el, &el.value());
            }
        }
    };
    view! {
        <div class="f-add">
            <button type="button" class="button small f-add-entry" on:click=add>
                "Add entry"
            </button>
            <input
                type="text"
                class="f-paste"
                data-focus-key=super::field_key("paste".to_string())
                aria-label="Add from a URL or Markdown lines (paste, or type and press Enter)"
                placeholder="Paste a URL or Markdown lines…"
                on:paste=on_paste
                on:keydown=on_key
            />
            {move || problem.get().map(|p| view! { <span class="f-invalid" role="alert">{p}</span> })}
        </div>
    }
    .into_any()
}

/// The entry being dragged (one drag at a time in the whole page).
#[derive(Clone, Copy)]
struct Dragging(RwSignal<Option<Id>>);

/// Shares one drag state among all lists of the forms, so an entry can be dropped into
/// another section's list.
pub(crate) fn provide_dragging() {
    provide_context(Dragging(RwSignal::new(None)));
}

fn dragging() -> RwSignal<Option<Id>> {
    match use_context::<Dragging>() {
        Some(d) => d.0,
        None => {
            let d = RwSignal::new(None);
            provide_context(Dragging(d));
            d
        }
    }
}

/// A list block: its entries as rows.
pub(crate) fn list_form(
    editor: Editor,
    id: Id,
    value: Memo<Option<BlockKind>>,
    place: Place,
) -> AnyView {
    let ids = Memo::new(move |_| {
        value.with(|v| match v {
            Some(BlockKind::List { entries }) => entries.iter().map(|e| e.id).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    // Other sections of the same kind, for "move to" (categories, regions, groups).
    let targets = match place.kind.filter(|k| takes_entries(*k)) {
        Some(kind) => super::sync::other_sections(editor, kind, place.section),
        None => Memo::new(|_| Vec::new()),
    };
    let drag = dragging();
    let (visible, pending) = super::progressive::shown_ids(ids);
    view! {
        <ul class="f-list" data-list=id.0.to_string() aria-label="Entries">
            {crate::ui::keyed_ids(
                visible,
                move |e| super::row::entry_row(editor, e, place, targets, drag),
            )}
        </ul>
        {pending}
    }
    .into_any()
}

/// Moves the entry `from` to the place of `to`: within one list it takes `to`'s position (so
/// dropping on a row below lands after it); into another section's list, just before `to`.
pub(super) fn drop_before(i: &mut Issue, from: Id, to: Id) -> Result<(), EditError> {
    let src = i.entry_place(from).ok_or(EditError::NotFound(from))?;
    let dst = i.entry_place(to).ok_or(EditError::NotFound(to))?;
    if src.block == dst.block {
        // Moving down: `to` shifts up by one once `from` is out of the way, so land after it.
        let delta = dst.index as isize - src.index as isize;
        return i.move_entry(from, delta);
    }
    let section = dst.section.ok_or(EditError::NotFound(to))?;
    i.move_entry_to(from, section, Some(dst.index))
}
