//! The drafts UI: the status line, the fault banners and the drafts panel.

use leptos::prelude::*;

use super::state::{clock, use_drafts, Notice, Status};
use crate::browser::files;
use crate::ui::{button, handler, ConfirmButton};

/// `today 12:03` or `2026-11-24 12:03`, local time.
fn when(ms: f64) -> String {
    if ms <= 0.0 {
        return "unknown".into();
    }
    let d = js_sys::Date::new(&ms.into());
    let now = js_sys::Date::new_0();
    let same_day = d.get_full_year() == now.get_full_year()
        && d.get_month() == now.get_month()
        && d.get_date() == now.get_date();
    let time = format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
    if same_day {
        format!("today {time}")
    } else {
        format!(
            "{}-{:02}-{:02} {time}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )
    }
}

/// `41.2 KB`.
fn size_label(bytes: u64) -> String {
    if bytes < 1000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} KB", twir_format::fixed(bytes as f64 / 1000.0, 1))
    } else {
        format!("{} MB", twir_format::fixed(bytes as f64 / 1e6, 2))
    }
}

/// The status line, the Drafts button with its panel, and the fault messages.
#[component]
pub fn DraftsBar() -> impl IntoView {
    let d = use_drafts();
    let status = move || match d.status.get() {
        Status::Idle => "Not changed yet".to_string(),
        Status::Saved(t) => format!("Saved {t}"),
        Status::Failed(why) => why,
    };
    let failed = move || matches!(d.status.get(), Status::Failed(_));
    let persisted = move || match d.persisted.get() {
        Some(true) => "Browser storage: persistent (kept under storage pressure)",
        Some(false) => {
            "Browser storage: best effort (the browser may clear it when space runs low)"
        }
        None => "Browser storage: persistence unknown",
    };
    let toggle = move |_| {
        let open = !d.panel_open.get_untracked();
        if open {
            d.refresh_list();
        }
        d.panel_open.set(open);
    };
    view! {
        <div class="drafts-bar">
            <button
                type="button"
                class="button subtle drafts-toggle"
                aria-expanded=move || if d.panel_open.get() { "true" } else { "false" }
                aria-controls="drafts-panel"
                on:click=toggle
            >
                "Drafts"
            </button>
            <span class="save-status" class:failed=failed role="status" title=persisted>
                {status}
            </span>
        </div>
        <Banners/>
        <Show when=move || d.panel_open.get()>
            <DraftsPanel/>
        </Show>
    }
}

/// Conflict, read-only, undo and fault messages, each with its actions.
#[component]
fn Banners() -> impl IntoView {
    let d = use_drafts();
    let conflict = move || {
        d.conflict.get().map(|theirs| {
            view! {
                <div class="notice conflict" role="alert">
                    <span>
                        {format!(
                            "This draft was changed in another tab (saved {}). Your text here is \
                             kept and not saved over it.",
                            clock(theirs.updated_ms)
                        )}
                    </span>
                    {button("button subtle notice-reload", "Reload theirs", handler(move || d.reload_theirs()))}
                    {button("button subtle notice-keep-copy", "Keep mine as a copy", handler(move || d.keep_mine_as_copy()))}
                </div>
            }
        })
    };
    let read_only = move || {
        d.read_only.get().map(|why| {
            view! {
                <div class="notice read-only" role="alert">
                    <span>{format!("Read-only: {why}.")}</span>
                    {button("button subtle notice-save-copy", "Save as a new draft", handler(move || d.save_as_new()))}
                    {button("button subtle notice-download", "Download .md", handler(move || d.download()))}
                </div>
            }
        })
    };
    let deleted = move || {
        d.deleted.get().map(|(id, name)| {
            view! {
                <div class="notice deleted" role="status">
                    <span>{format!("Deleted “{name}”.")}</span>
                    {button("button subtle notice-undo", "Undo", handler(move || d.restore(&id)))}
                    <button type="button" class="link-button" aria-label="Dismiss"
                        on:click=move |_| d.deleted.set(None)>"×"</button>
                </div>
            }
        })
    };
    let notices = move || {
        d.notices
            .get()
            .into_iter()
            .map(|n| match n {
                Notice::NotSaved(why) => view! {
                    <div class="notice not-saved" role="alert">
                        <span>
                            {format!(
                                "Not saved: {why}. Your text is safe in this tab; download it, or \
                                 delete drafts (and empty the trash) to make room."
                            )}
                        </span>
                        {button("button subtle notice-download", "Download .md", handler(move || d.download()))}
                    </div>
                }
                .into_any(),
                Notice::Blocked(why) => view! {
                    <div class="notice blocked" role="alert">
                        <span>{why}</span>
                        {button("button subtle notice-download", "Download .md", handler(move || d.download()))}
                    </div>
                }
                .into_any(),
                Notice::Backup { key, why } => {
                    let name = format!("{}.json", key.replace('/', "_"));
                    let k1 = key.clone();
                    let k2 = key.clone();
                    view! {
                        <div class="notice backup" role="alert" data-key=key.clone()>
                            <span>
                                {format!(
                                    "A stored draft could not be read ({why}). Its exact bytes are \
                                     kept under “{key}”."
                                )}
                            </span>
                            {button("button subtle notice-download-backup", "Download it", handler(move || {
                                    if let Some(bytes) = d.backup_bytes(&k1) {
                                        let _ = files::download(&name, &bytes);
                                    }
                                }))}
                            <ConfirmButton
                                label="Delete the backup"
                                question="Delete these bytes for good?"
                                on_confirm=Callback::new(move |_| d.delete_backup(&k2))
                            />
                        </div>
                    }
                    .into_any()
                }
                Notice::Info(text) => {
                    let t = text.clone();
                    view! {
                        <div class="notice info" role="status">
                            <span>{text}</span>
                            <button type="button" class="link-button" aria-label="Dismiss"
                                on:click=move |_| d.notices.update(|n| n.retain(|x| *x != Notice::Info(t.clone())))>"×"</button>
                        </div>
                    }
                    .into_any()
                }
            })
            .collect_view()
    };
    view! { <div class="drafts-notices">{conflict} {read_only} {deleted} {notices}</div> }
}

/// The drafts list: open, rename, duplicate, delete; the trash; storage figures.
#[component]
fn DraftsPanel() -> impl IntoView {
    let d = use_drafts();
    let rows = move || {
        let current = d.current.get();
        d.rows
            .get()
            .into_iter()
            .map(|l| {
                let is_current = l.id == current;
                let issue = match (l.meta.number, l.meta.date.clone()) {
                    (Some(n), Some(date)) => format!("Issue {n} · {date}"),
                    (Some(n), None) => format!("Issue {n}"),
                    (None, Some(date)) => date,
                    (None, None) => "no number or date".into(),
                };
                let (id1, id3, id4) = (l.id.clone(), l.id.clone(), l.id.clone());
                // Copy, for the rename field (re-created each time it is shown).
                let id2 = StoredValue::new(l.id.clone());
                let name = l.meta.name.clone();
                let name2 = name.clone();
                let renaming = RwSignal::new(false);
                view! {
                    <li class="draft-row" class:current=is_current data-draft-id=l.id.clone()>
                        <div class="draft-main">
                            <Show
                                when=move || renaming.get()
                                fallback={
                                    let name = name.clone();
                                    move || view! { <span class="draft-title">{name.clone()}</span> }
                                }
                            >
                                <input
                                    class="draft-rename-input"
                                    type="text"
                                    aria-label="New name"
                                    prop:value=name2.clone()
                                    on:change:target=move |ev| {
                                        renaming.set(false);
                                        d.rename(&id2.get_value(), &ev.target().value());
                                    }
                                />
                            </Show>
                            <span class="draft-facts">
                                {issue} " · changed " {when(l.meta.updated_ms)} " · "
                                {size_label(l.meta.size)}
                                {l.too_new.then_some(" · newer version (read-only)")}
                                {is_current.then_some(" · open")}
                            </span>
                        </div>
                        <div class="draft-actions">
                            <button type="button" class="button subtle draft-open"
                                disabled=is_current on:click=move |_| d.open(&id1)>"Open"</button>
                            <button type="button" class="button subtle draft-rename"
                                disabled=l.too_new on:click=move |_| renaming.set(true)>"Rename"</button>
                            <button type="button" class="button subtle draft-duplicate"
                                disabled=l.too_new on:click=move |_| d.duplicate(&id3)>"Duplicate"</button>
                            <button type="button" class="button subtle draft-delete"
                                disabled=is_current
                                title=if is_current { "Open another draft to delete this one" } else { "" }
                                on:click=move |_| d.delete(&id4, &l.meta.name)>"Delete"</button>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    let trash = move || {
        let items = d.trash.get();
        (!items.is_empty()).then(|| {
            let n = items.len();
            let lis = items
                .into_iter()
                .map(|l| {
                    let (a, b) = (l.id.clone(), l.id.clone());
                    view! {
                        <li class="trash-row" data-draft-id=l.id.clone()>
                            <span>{l.meta.name.clone()} " · " {size_label(l.meta.size)}</span>
                            {button("button subtle trash-restore", "Restore", handler(move || d.restore(&a)))}
                            <ConfirmButton
                                label="Delete for good"
                                question="Delete this draft for good?"
                                on_confirm=Callback::new(move |_| d.purge(&b))
                            />
                        </li>
                    }
                })
                .collect_view();
            view! {
                <details class="drafts-trash">
                    <summary>{format!("Trash ({n})")}</summary>
                    <ul>{lis}</ul>
                </details>
            }
        })
    };
    let figures = move || {
        let store = d.store();
        let place = if store.is_persistent() {
            "in this browser"
        } else {
            "in this tab only"
        };
        format!(
            "{} drafts · {} used {place} (about 5 MB available) · listed in {} ms",
            d.rows.with(Vec::len),
            size_label(d.used.get() as u64),
            twir_format::fixed(d.list_ms.get(), 1)
        )
    };
    view! {
        <section class="drafts-panel" id="drafts-panel" aria-label="Drafts">
            <div class="drafts-head">
                <h2>"Drafts"</h2>
                <button type="button" class="button drafts-new" on:click=move |_| d.new_draft()>
                    "New draft"
                </button>
                <button type="button" class="link-button" aria-label="Close"
                    on:click=move |_| d.panel_open.set(false)>"×"</button>
            </div>
            <ul class="drafts-list">{rows}</ul>
            {trash}
            <p class="drafts-figures" data-list-ms=move || twir_format::fixed(d.list_ms.get(), 2)
                data-used=move || d.used.get().to_string()>{figures}</p>
        </section>
    }
}
