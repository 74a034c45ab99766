//! Drafts that are never lost: autosave, the drafts list, recovery, and two tabs.
//!
//! Every change of the issue or its name is saved at most [`AUTOSAVE_DELAY`] after the last
//! one, and at once when the page is hidden or left. A save never overwrites what it did not
//! read: it names the revision it started from, and the store refuses when another tab saved
//! a newer one (the draft stays in memory, and the user chooses: reload theirs, or keep this
//! text as a copy). Records this build cannot read are backed up byte for byte, or (when a
//! newer build wrote them) shown read-only and never written. When the browser refuses to
//! store anything, the text stays on screen with a Download button.
//!
//! All storage goes through [`crate::storage`]; this module holds the state and the UI.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use twir_format::{
    decode_draft, salvage_draft, skeleton_after, write, DraftMeta, StoredDraft, SCHEMA_VERSION,
};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use crate::app::Editor;
use crate::files;
use crate::io::{act, action};
use crate::storage::{self, Listed, Read, SaveError, Store, WriteError};

/// How long autosave waits after the last change.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(300);

/// What the status line says.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Nothing to report yet.
    Idle,
    /// Saved at this local time (`12:03:04`).
    Saved(String),
    /// Not saved, and why.
    Failed(String),
}

/// A message about a fault, with what the user can do about it.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Saving failed (storage full or refused): the text is only in this tab.
    NotSaved(String),
    /// A stored record did not decode; its bytes are kept under `key` (with the prefix).
    Backup { key: String, why: String },
    /// Another draft was not opened because this one is not saved.
    Blocked(String),
    /// Something else worth saying once.
    Info(String),
}

/// The drafts state, in context next to the [`Editor`]. `Copy` like it.
#[derive(Clone, Copy)]
pub struct Drafts {
    editor: Editor,
    store: StoredValue<Store>,
    /// The id of the open draft.
    pub current: RwSignal<String>,
    /// The revision the open draft was loaded or last saved at.
    base: StoredValue<u64>,
    /// The (Markdown, name) last loaded or saved: anything else on screen is unsaved.
    saved: StoredValue<(String, String)>,
    /// Saved into memory only (storage unavailable): leaving the page loses it.
    memory_edits: StoredValue<bool>,
    pub status: RwSignal<Status>,
    pub notices: RwSignal<Vec<Notice>>,
    /// Why the open draft is read-only (written by a newer build).
    pub read_only: RwSignal<Option<String>>,
    /// What another tab saved over the revision this tab started from.
    pub conflict: RwSignal<Option<StoredDraft>>,
    /// The last deleted draft (id, name), for Undo.
    pub deleted: RwSignal<Option<(String, String)>>,
    pub panel_open: RwSignal<bool>,
    pub rows: RwSignal<Vec<Listed>>,
    pub trash: RwSignal<Vec<Listed>>,
    /// How long reading the list took (ms), and the bytes the app's records use.
    pub list_ms: RwSignal<f64>,
    pub used: RwSignal<usize>,
    /// Whether the browser granted persistent storage (`None`: not known / no API).
    pub persisted: RwSignal<Option<bool>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    focus: StoredValue<Option<String>>,
}

thread_local! {
    /// The drafts state of the mounted app, for hooks called from event handlers (where
    /// context is not reachable).
    static ACTIVE: RefCell<Option<Drafts>> = const { RefCell::new(None) };
}

/// The drafts state from context.
pub fn use_drafts() -> Drafts {
    expect_context::<Drafts>()
}

/// To be called by anything that replaces the whole issue with another one (open a file,
/// start a new issue): saves the open draft, and makes what comes next a new draft, so the
/// one on screen is kept in the list rather than overwritten. Returns false (and says why)
/// when the open draft could not be saved; the replacement then still becomes a new draft.
pub fn before_replace() -> bool {
    let Some(d) = ACTIVE.with(|a| *a.borrow()) else {
        return true;
    };
    let saved = d.save_now();
    d.switch_to_new(storage::new_id());
    saved
}

/// Sets up autosave and restores the last open draft into `editor`. Uses the [`Store`] in
/// context (the browser's, provided by `start`), else a store in memory.
pub fn attach(editor: Editor) -> Drafts {
    let store = use_context::<Store>().unwrap_or_else(Store::memory);
    let d = Drafts {
        editor,
        store: StoredValue::new(store.clone()),
        current: RwSignal::new(String::new()),
        base: StoredValue::new(0),
        saved: StoredValue::new((String::new(), String::new())),
        memory_edits: StoredValue::new(false),
        status: RwSignal::new(Status::Idle),
        notices: RwSignal::new(Vec::new()),
        read_only: RwSignal::new(None),
        conflict: RwSignal::new(None),
        deleted: RwSignal::new(None),
        panel_open: RwSignal::new(false),
        rows: RwSignal::new(Vec::new()),
        trash: RwSignal::new(Vec::new()),
        list_ms: RwSignal::new(0.0),
        used: RwSignal::new(0),
        persisted: RwSignal::new(None),
        timer: StoredValue::new(None),
        focus: StoredValue::new(None),
    };
    provide_context(d);
    ACTIVE.with(|a| *a.borrow_mut() = Some(d));

    if let Some(why) = store.unavailable() {
        d.status.set(Status::Failed(format!(
            "Not stored: the browser's storage is unavailable ({why}); drafts live in this tab \
             only, so download before closing it"
        )));
    }
    d.recover_damaged();
    let last = store
        .last_open()
        .filter(|id| store.read_draft(id) != Read::Missing)
        .or_else(|| store.list().first().map(|l| l.id.clone()));
    match last {
        Some(id) => {
            d.load(&id);
        }
        None => {
            // A first visit: the sample is not stored until it is changed.
            d.current.set(storage::new_id());
            d.saved.set_value(d.text_now());
        }
    }

    // Autosave: every change of the issue or the name (re)starts the timer.
    Effect::new(move |_| {
        editor.issue.track();
        editor.draft_name.track();
        d.schedule();
    });

    let storage_listener = storage::on_other_tab_change(move |c| d.other_tab_changed(c));
    let hide = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|doc| doc.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            d.save_now();
        }
    });
    let pagehide = window_event_listener(leptos::ev::pagehide, move |_| {
        d.save_now();
    });
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        d.save_now();
        if d.unsaved() {
            // Both: `preventDefault` is the standard way, `returnValue` what older engines need.
            ev.prevent_default();
            ev.set_return_value("This draft has changes that are not saved.");
        }
    });
    let focusin = window_event_listener(leptos::ev::focusin, move |ev| {
        if let Some(el) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            if let Some(k) = focus_key(&el) {
                d.focus.set_value(Some(k));
            }
        }
    });
    on_cleanup(move || {
        d.cancel_timer();
        storage_listener.remove();
        hide.remove();
        pagehide.remove();
        unload.remove();
        focusin.remove();
        ACTIVE.with(|a| {
            let mut a = a.borrow_mut();
            if a.is_some_and(|x| x.current == d.current) {
                *a = None;
            }
        });
    });

    if store.is_persistent() {
        leptos::task::spawn_local(async move {
            let granted = storage::request_persistence().await;
            let _ = d.persisted.try_set(granted);
        });
    }
    d
}

impl Drafts {
    fn store(&self) -> Store {
        self.store.get_value()
    }

    /// The (Markdown, name) on screen.
    fn text_now(&self) -> (String, String) {
        (
            self.editor.issue.with_untracked(write),
            self.editor.draft_name.get_untracked(),
        )
    }

    /// Whether leaving the page now would lose something.
    pub fn unsaved(&self) -> bool {
        let memory = !self.store().is_persistent() && self.memory_edits.get_value();
        memory || self.saved.with_value(|s| *s != self.text_now())
    }

    fn cancel_timer(&self) {
        if let Some(t) = self.timer.get_value() {
            t.clear();
        }
        self.timer.set_value(None);
    }

    fn schedule(&self) {
        self.cancel_timer();
        let d = *self;
        if let Ok(t) = set_timeout_with_handle(
            move || {
                d.timer.set_value(None);
                d.save_now();
            },
            AUTOSAVE_DELAY,
        ) {
            self.timer.set_value(Some(t));
        }
    }

    /// Saves the open draft if it changed. True when nothing is left unsaved.
    pub fn save_now(&self) -> bool {
        self.cancel_timer();
        if self.read_only.get_untracked().is_some() || self.conflict.get_untracked().is_some() {
            return !self.unsaved();
        }
        let (markdown, name) = self.text_now();
        if self.saved.with_value(|s| s.0 == markdown && s.1 == name) {
            return true;
        }
        let id = self.current.get_untracked();
        let base = self.base.get_value();
        let draft = StoredDraft {
            schema: SCHEMA_VERSION,
            name,
            markdown,
            revision: base + 1,
            updated_ms: js_sys::Date::now(),
            focus: active_focus_key().or_else(|| self.focus.get_value()),
            contribution: false,
        };
        let meta = self
            .editor
            .issue
            .with_untracked(|i| DraftMeta::of(&draft, &i.front_matter));
        let store = self.store();
        match store.save_draft(&id, &draft, &meta, base) {
            Ok(()) => {
                self.base.set_value(draft.revision);
                self.saved.set_value((draft.markdown, draft.name));
                store.set_last_open(&id);
                // With storage unavailable the status keeps saying so.
                if store.unavailable().is_none() {
                    self.status.set(Status::Saved(clock(draft.updated_ms)));
                }
                if !store.is_persistent() {
                    self.memory_edits.set_value(true);
                }
                self.notices.update(|n| {
                    n.retain(|x| !matches!(x, Notice::NotSaved(_) | Notice::Blocked(_)))
                });
                if self.panel_open.get_untracked() {
                    self.refresh_list();
                }
                true
            }
            Err(SaveError::Conflict(theirs)) => {
                self.conflict.set(Some(theirs));
                self.status.set(Status::Failed(
                    "Not saved: this draft was changed in another tab".into(),
                ));
                false
            }
            Err(SaveError::TooNew(e)) => {
                self.read_only.set(Some(e.to_string()));
                self.status
                    .set(Status::Failed("Not saved: this draft is read-only".into()));
                false
            }
            Err(SaveError::Write(e)) => {
                let why = match e {
                    WriteError::Quota => "the browser's storage for this site is full".to_string(),
                    WriteError::Other(e) => format!("the browser refused to store it ({e})"),
                };
                self.status.set(Status::Failed(format!("Not saved: {why}")));
                self.notices.update(|n| {
                    n.retain(|x| !matches!(x, Notice::NotSaved(_)));
                    n.push(Notice::NotSaved(why));
                });
                false
            }
        }
    }

    /// Opens the stored draft `id`; false when it cannot be read.
    fn load(&self, id: &str) -> bool {
        let store = self.store();
        match store.read_draft(id) {
            Read::Ok(d) => {
                self.show(id, d);
                true
            }
            Read::TooNew { error, raw } => {
                let s = salvage_draft(&raw);
                let text = s.as_ref().map(|s| s.markdown.clone()).unwrap_or_default();
                let name = s
                    .and_then(|s| s.name)
                    .unwrap_or_else(|| "Draft from a newer version".into());
                self.replace_text(&text);
                self.editor.draft_name.set(name.clone());
                self.current.set(id.to_string());
                self.base.set_value(0);
                self.saved.set_value(self.text_now());
                self.conflict.set(None);
                self.read_only.set(Some(error.to_string()));
                self.status
                    .set(Status::Failed("Read-only: saved by a newer version".into()));
                true
            }
            Read::Damaged { error, raw } => {
                self.quarantine(id, &raw, &error.to_string());
                false
            }
            Read::Missing => {
                self.notices.update(|n| {
                    n.push(Notice::Info(
                        "That draft is no longer stored (deleted in another tab?).".into(),
                    ))
                });
                false
            }
        }
    }

    /// Shows a decoded draft as the open one.
    fn show(&self, id: &str, d: StoredDraft) {
        self.cancel_timer();
        self.replace_text(&d.markdown);
        self.editor.draft_name.set(d.name.clone());
        self.editor.error.set(None);
        self.current.set(id.to_string());
        self.base.set_value(d.revision);
        self.saved.set_value(self.text_now());
        self.read_only.set(None);
        self.conflict.set(None);
        self.store().set_last_open(id);
        self.status.set(if d.updated_ms > 0.0 {
            Status::Saved(clock(d.updated_ms))
        } else {
            Status::Idle
        });
        if let Some(f) = d.focus {
            // After the editing column has rendered the draft.
            set_timeout(move || restore_focus(&f), Duration::ZERO);
        }
    }

    /// Shows another draft's text. Undo history does not cross drafts: undoing into the
    /// previous draft's text would autosave it over this one.
    fn replace_text(&self, text: &str) {
        self.editor.load_text(text);
        self.editor.history.set(Default::default());
    }

    /// Makes the text on screen a new, not yet stored draft.
    fn switch_to_new(&self, id: String) {
        self.current.set(id);
        self.base.set_value(0);
        self.saved.set_value((String::new(), String::new()));
        self.read_only.set(None);
        self.conflict.set(None);
    }

    /// Backs up damaged drafts (from an earlier visit, another app, a hand edit) and reports
    /// every backup kept.
    fn recover_damaged(&self) {
        let store = self.store();
        let mut reasons = Vec::new();
        for (id, raw, error) in store.damaged_drafts() {
            if let Some(key) = self.quarantine_quietly(&id, &raw) {
                reasons.push((key, error.to_string()));
            }
        }
        let notices: Vec<Notice> = store
            .backups()
            .into_iter()
            .map(|(k, _)| {
                let key = format!("{}{k}", storage::PREFIX);
                let why = reasons
                    .iter()
                    .find(|(rk, _)| *rk == key)
                    .map(|(_, w)| w.clone())
                    .unwrap_or_else(|| "kept from an earlier visit".into());
                Notice::Backup { key, why }
            })
            .collect();
        self.notices.update(|n| n.extend(notices));
    }

    fn quarantine_quietly(&self, id: &str, raw: &str) -> Option<String> {
        match self.store().quarantine(id, raw) {
            Ok(key) => Some(key),
            Err(e) => {
                self.notices.update(|n| {
                    n.push(Notice::Info(format!(
                        "A stored draft could not be read and could not be backed up ({e}); it \
                         is left untouched under {}draft/{id}.",
                        storage::PREFIX
                    )))
                });
                None
            }
        }
    }

    fn quarantine(&self, id: &str, raw: &str, why: &str) {
        if let Some(key) = self.quarantine_quietly(id, raw) {
            self.notices.update(|n| {
                n.push(Notice::Backup {
                    key,
                    why: why.to_string(),
                })
            });
        }
    }

    /// Reacts to a save, delete or clear made in another tab.
    fn other_tab_changed(&self, c: storage::Change) {
        let current = self.current.get_untracked();
        match c.key.as_deref() {
            None => {
                // Everything was cleared elsewhere: store this draft again.
                self.base.set_value(0);
                self.saved.set_value((String::new(), String::new()));
                self.schedule();
            }
            Some(k) if k.strip_prefix("draft/") == Some(current.as_str()) => match c.new_value {
                Some(v) => match decode_draft(&v) {
                    Ok(theirs) if theirs.revision != self.base.get_value() => {
                        if (theirs.markdown.as_str(), theirs.name.as_str())
                            == (self.text_now().0.as_str(), self.text_now().1.as_str())
                        {
                            // Same text: nothing to choose between.
                            self.base.set_value(theirs.revision);
                            self.saved.set_value((theirs.markdown, theirs.name));
                        } else {
                            self.cancel_timer();
                            self.conflict.set(Some(theirs));
                            self.status.set(Status::Failed(
                                "Not saved: this draft was changed in another tab".into(),
                            ));
                        }
                    }
                    Ok(_) => {}
                    Err(e @ twir_format::StoredError::TooNew { .. }) => {
                        self.read_only.set(Some(e.to_string()));
                    }
                    // Damaged elsewhere: the next save backs it up before writing.
                    Err(_) => {}
                },
                None => {
                    // Deleted elsewhere: the text stays here and the next change stores it again.
                    self.base.set_value(0);
                    self.status.set(Status::Failed(
                        "Deleted in another tab: your next change stores it again".into(),
                    ));
                }
            },
            Some(_) => {
                if self.panel_open.get_untracked() {
                    self.refresh_list();
                }
            }
        }
    }

    /// Replaces the text here by what the other tab saved.
    pub fn reload_theirs(&self) {
        let id = self.current.get_untracked();
        if let Read::Ok(d) = self.store().read_draft(&id) {
            self.show(&id, d);
        }
    }

    /// Keeps the text here as a new draft; the other tab's version stays under the old one.
    pub fn keep_mine_as_copy(&self) {
        let name = format!("{} (my copy)", self.editor.draft_name.get_untracked());
        self.switch_to_new(storage::new_id());
        self.editor.draft_name.set(name);
        self.save_now();
        self.refresh_list();
    }

    /// Stores a read-only draft's text (with any edits) as a new draft.
    pub fn save_as_new(&self) {
        let name = format!("{} (copy)", self.editor.draft_name.get_untracked());
        self.switch_to_new(storage::new_id());
        self.editor.draft_name.set(name);
        self.save_now();
        self.refresh_list();
    }

    /// Downloads the text on screen.
    pub fn download(&self) {
        let text = self.editor.issue.with_untracked(write);
        let name =
            files::file_name_for(self.editor.issue.with_untracked(|i| i.front_matter.date()));
        if let Err(e) = files::download(&name, &text) {
            self.editor.error.set(Some(format!("download failed: {e}")));
        }
    }

    /// Saves the open draft, then opens `id`. Refuses (with a message) when the open draft's
    /// changes could not be saved, so switching never drops text.
    pub fn open(&self, id: &str) {
        if id == self.current.get_untracked() {
            return;
        }
        if !self.save_now() {
            self.notices.update(|n| {
                n.retain(|x| !matches!(x, Notice::Blocked(_)));
                n.push(Notice::Blocked(
                    "The open draft has changes that are not stored, so no other draft was \
                     opened: download it, or resolve the message above first."
                        .into(),
                ))
            });
            return;
        }
        self.load(id);
        self.refresh_list();
    }

    /// Starts a new draft from the skeleton of the next issue.
    pub fn new_draft(&self) {
        if !self.save_now() {
            self.open("");
            return;
        }
        let Some(today) = crate::app::today() else {
            return;
        };
        let issue = skeleton_after(today);
        let name = match issue.front_matter.number() {
            Some(n) => format!("Issue {n}"),
            None => "New issue".to_string(),
        };
        self.switch_to_new(storage::new_id());
        self.replace_text(&write(&issue));
        self.editor.draft_name.set(name);
        self.save_now();
        self.refresh_list();
    }

    /// Stores a copy of draft `id` (not opened).
    pub fn duplicate(&self, id: &str) {
        if id == self.current.get_untracked() {
            self.save_now();
        }
        let store = self.store();
        let Read::Ok(mut d) = store.read_draft(id) else {
            return;
        };
        d.name = format!("{} (copy)", d.name);
        d.revision = 1;
        d.updated_ms = js_sys::Date::now();
        let issue = twir_format::parse(&d.markdown).issue;
        let meta = DraftMeta::of(&d, &issue.front_matter);
        if let Err(e) = store.save_draft(&storage::new_id(), &d, &meta, 0) {
            self.notices
                .update(|n| n.push(Notice::Info(format!("Not duplicated: {}", save_error(&e)))));
        }
        self.refresh_list();
    }

    /// Renames draft `id`.
    pub fn rename(&self, id: &str, name: &str) {
        if id == self.current.get_untracked() {
            self.editor.draft_name.set(name.to_string());
            self.save_now();
        } else {
            let store = self.store();
            let Read::Ok(mut d) = store.read_draft(id) else {
                return;
            };
            let base = d.revision;
            d.name = name.to_string();
            d.revision += 1;
            d.updated_ms = js_sys::Date::now();
            let issue = twir_format::parse(&d.markdown).issue;
            let meta = DraftMeta::of(&d, &issue.front_matter);
            if let Err(e) = store.save_draft(id, &d, &meta, base) {
                self.notices
                    .update(|n| n.push(Notice::Info(format!("Not renamed: {}", save_error(&e)))));
            }
        }
        self.refresh_list();
    }

    /// Moves draft `id` to the trash (Undo brings it back).
    pub fn delete(&self, id: &str, name: &str) {
        match self.store().trash(id) {
            Ok(()) => self.deleted.set(Some((id.to_string(), name.to_string()))),
            Err(e) => self
                .notices
                .update(|n| n.push(Notice::Info(format!("Not deleted: {e}")))),
        }
        self.refresh_list();
    }

    pub fn restore(&self, id: &str) {
        if let Err(e) = self.store().restore(id) {
            self.notices
                .update(|n| n.push(Notice::Info(format!("Not restored: {e}"))));
        }
        if self
            .deleted
            .with_untracked(|d| d.as_ref().is_some_and(|(i, _)| i == id))
        {
            self.deleted.set(None);
        }
        self.refresh_list();
    }

    pub fn purge(&self, id: &str) {
        self.store().purge(id);
        self.refresh_list();
    }

    /// Reads the drafts list (and times it: the figure is shown in the panel).
    pub fn refresh_list(&self) {
        let perf = web_sys::window().and_then(|w| w.performance());
        let t0 = perf.as_ref().map(|p| p.now()).unwrap_or(0.0);
        let store = self.store();
        let rows = store.list();
        let trash = store.trashed();
        let t1 = perf.as_ref().map(|p| p.now()).unwrap_or(0.0);
        self.rows.set(rows);
        self.trash.set(trash);
        self.list_ms.set(t1 - t0);
        self.used.set(store.bytes_used());
    }

    /// The exact bytes of a backup (key with the prefix).
    fn backup_bytes(&self, key: &str) -> Option<String> {
        self.store().get(key.strip_prefix(storage::PREFIX)?)
    }

    fn delete_backup(&self, key: &str) {
        if let Some(k) = key.strip_prefix(storage::PREFIX) {
            self.store().remove(k);
        }
        let key = key.to_string();
        self.notices
            .update(|n| n.retain(|x| !matches!(x, Notice::Backup { key: k, .. } if *k == key)));
    }
}

fn save_error(e: &SaveError) -> String {
    match e {
        SaveError::Conflict(_) => "it was changed in another tab".into(),
        SaveError::TooNew(e) => e.to_string(),
        SaveError::Write(e) => e.to_string(),
    }
}

/// `12:03:04`, local time.
fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

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
pub fn size_label(bytes: u64) -> String {
    if bytes < 1000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{:.1} KB", bytes as f64 / 1000.0)
    } else {
        format!("{:.2} MB", bytes as f64 / 1e6)
    }
}

/// What identifies a focused field across reloads: the nearest `data-focus-key` (set by the
/// forms), else the element's id; plus `@caret` in a text field.
fn focus_key(el: &Element) -> Option<String> {
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

fn active_focus_key() -> Option<String> {
    let el = web_sys::window()?.document()?.active_element()?;
    focus_key(&el)
}

/// Puts the focus (and caret) back where [`focus_key`] said it was.
fn restore_focus(saved: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (key, caret) = match saved.rsplit_once('@') {
        Some((k, c)) if c.parse::<u32>().is_ok() => (k, c.parse::<u32>().ok()),
        _ => (saved, None),
    };
    let by_key = doc
        .query_selector_all("[data-focus-key]")
        .ok()
        .and_then(|all| {
            (0..all.length())
                .filter_map(|i| all.item(i))
                .filter_map(|n| n.dyn_into::<Element>().ok())
                .find(|e| e.get_attribute("data-focus-key").as_deref() == Some(key))
        });
    let by_index = || {
        let i: u32 = key.strip_prefix("field:")?.parse().ok()?;
        let n = doc.query_selector_all(FIELDS).ok()?.item(i)?;
        n.dyn_into::<Element>().ok()
    };
    let Some(mut el) = by_key
        .or_else(|| doc.get_element_by_id(key))
        .or_else(by_index)
    else {
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
                    {action("button subtle notice-reload", "Reload theirs", act(move || d.reload_theirs()))}
                    {action("button subtle notice-keep-copy", "Keep mine as a copy", act(move || d.keep_mine_as_copy()))}
                </div>
            }
        })
    };
    let read_only = move || {
        d.read_only.get().map(|why| {
            view! {
                <div class="notice read-only" role="alert">
                    <span>{format!("Read-only: {why}.")}</span>
                    {action("button subtle notice-save-copy", "Save as a new draft", act(move || d.save_as_new()))}
                    {action("button subtle notice-download", "Download .md", act(move || d.download()))}
                </div>
            }
        })
    };
    let deleted = move || {
        d.deleted.get().map(|(id, name)| {
            view! {
                <div class="notice deleted" role="status">
                    <span>{format!("Deleted “{name}”.")}</span>
                    {action("button subtle notice-undo", "Undo", act(move || d.restore(&id)))}
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
                        {action("button subtle notice-download", "Download .md", act(move || d.download()))}
                    </div>
                }
                .into_any(),
                Notice::Blocked(why) => view! {
                    <div class="notice blocked" role="alert">
                        <span>{why}</span>
                        {action("button subtle notice-download", "Download .md", act(move || d.download()))}
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
                            {action("button subtle notice-download-backup", "Download it", act(move || {
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

/// A button that asks once more, inline (no `window.confirm`).
#[component]
fn ConfirmButton(
    label: &'static str,
    question: &'static str,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="button subtle confirm-ask"
                    on:click=move |_| asking.set(true)>{label}</button>
            }
        >
            <span class="confirm">
                {question} " "
                {action("button confirm-yes", "Delete", act(move || { asking.set(false); on_confirm.run(()); }))}
                {action("button subtle confirm-no", "Cancel", act(move || asking.set(false)))}
            </span>
        </Show>
    }
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
                            {action("button subtle trash-restore", "Restore", act(move || d.restore(&a)))}
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
        let store = d.store.get_value();
        let place = if store.is_persistent() {
            "in this browser"
        } else {
            "in this tab only"
        };
        format!(
            "{} drafts · {} used {place} (about 5 MB available) · listed in {:.1} ms",
            d.rows.with(Vec::len),
            size_label(d.used.get() as u64),
            d.list_ms.get()
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
            <p class="drafts-figures" data-list-ms=move || format!("{:.2}", d.list_ms.get())
                data-used=move || d.used.get().to_string()>{figures}</p>
        </section>
    }
}
