//! The drafts state: autosave, the list's operations, recovery, two tabs (see [`super`]).
//!
//! All storage goes through [`crate::browser::storage`]; this module holds the state.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use twir_format::{
    decode_draft, salvage_draft, skeleton_after, write, DraftMeta, StoredDraft, SCHEMA_VERSION,
};
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::focus::{active_focus_key, focus_key, restore_focus};
use crate::browser::files;
use crate::browser::storage::{self, Listed, Read, SaveError, Store, WriteError};
use crate::editor::{today_or_fallback, Editor};
use crate::update::Tracking;

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
    /// What the draft followed upstream when last loaded or saved (see `saved`).
    saved_tracking: StoredValue<Option<Arc<Tracking>>>,
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

/// The drafts state from context.
pub fn use_drafts() -> Drafts {
    expect_context::<Drafts>()
}

/// Sets up autosave into `store`, restores the last open draft into `editor`, and puts the
/// drafts state in context.
pub fn attach(editor: Editor, store: &Store) -> Drafts {
    let d = Drafts {
        editor,
        store: StoredValue::new(store.clone()),
        current: RwSignal::new(String::new()),
        base: StoredValue::new(0),
        saved: StoredValue::new((String::new(), String::new())),
        saved_tracking: StoredValue::new(None),
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
        editor.issue().track();
        editor.draft_name().track();
        editor.tracking().track();
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
    /// To be called by anything that replaces the whole issue with another one (open a file,
    /// start a new issue): saves the open draft, and makes what comes next a new draft, so the
    /// one on screen is kept in the list rather than overwritten. Returns false (and says why)
    /// when the open draft could not be saved; the replacement then still becomes a new draft.
    pub fn before_replace(&self) -> bool {
        let saved = self.save_now();
        self.switch_to_new(storage::new_id());
        saved
    }

    pub(super) fn store(&self) -> Store {
        self.store.get_value()
    }

    /// The (Markdown, name) on screen.
    fn text_now(&self) -> (String, String) {
        (
            self.editor.issue().with_untracked(write),
            self.editor.draft_name().get_untracked(),
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
        let tracking = self.editor.tracking().get_untracked();
        let same_tracking = self.saved_tracking.with_value(|t| match (t, &tracking) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        });
        if same_tracking && self.saved.with_value(|s| s.0 == markdown && s.1 == name) {
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
            base: tracking.as_ref().map(|t| t.base.clone()),
            merge: tracking.as_ref().and_then(|t| t.merge_record()),
        };
        let meta = self
            .editor
            .issue()
            .with_untracked(|i| DraftMeta::of(&draft, &i.front_matter));
        let store = self.store();
        match store.save_draft(&id, &draft, &meta, base) {
            Ok(()) => {
                self.base.set_value(draft.revision);
                self.saved.set_value((draft.markdown, draft.name));
                self.saved_tracking.set_value(tracking);
                store.set_last_open(&id);
                // With storage unavailable the status keeps saying so.
                if store.unavailable().is_none() {
                    self.status.set(Status::Saved(clock(draft.updated_ms)));
                }
                if !store.is_persistent() {
                    self.memory_edits.set_value(true);
                }
                self.notices.update(|n| {
                    n.retain(|x| !matches!(x, Notice::NotSaved(_) | Notice::Blocked(_)));
                });
                if self.panel_open.get_untracked() {
                    self.refresh_list();
                }
                true
            }
            Err(SaveError::Conflict(theirs)) => {
                self.conflict.set(Some(*theirs));
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
                self.editor.set_draft_name(&name);
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
                    ));
                });
                false
            }
        }
    }

    /// Shows a decoded draft as the open one.
    fn show(&self, id: &str, d: StoredDraft) {
        self.cancel_timer();
        self.replace_text(&d.markdown);
        self.editor
            .set_tracking(Tracking::from_record(d.base, d.merge));
        self.saved_tracking
            .set_value(self.editor.tracking().get_untracked());
        self.editor.set_draft_name(&d.name);
        self.editor.set_error(None);
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
            let reveal = crate::forms::revealer();
            set_timeout(move || restore_focus(&f, reveal), Duration::ZERO);
        }
    }

    /// Shows another draft's text (with its own, empty, undo history).
    fn replace_text(&self, text: &str) {
        self.editor.load_draft(text);
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
                    .map_or_else(|| "kept from an earlier visit".into(), |(_, w)| w.clone());
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
                    )));
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
                });
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
        let name = format!("{} (my copy)", self.editor.draft_name().get_untracked());
        self.switch_to_new(storage::new_id());
        self.editor.set_draft_name(&name);
        self.save_now();
        self.refresh_list();
    }

    /// Stores a read-only draft's text (with any edits) as a new draft.
    pub fn save_as_new(&self) {
        let name = format!("{} (copy)", self.editor.draft_name().get_untracked());
        self.switch_to_new(storage::new_id());
        self.editor.set_draft_name(&name);
        self.save_now();
        self.refresh_list();
    }

    /// Downloads the text on screen.
    pub fn download(&self) {
        let text = self.editor.issue().with_untracked(write);
        let name = files::file_name_for(
            self.editor
                .issue()
                .with_untracked(|i| i.front_matter.date()),
        );
        if let Err(e) = files::download(&name, &text) {
            self.editor.set_error(Some(format!("download failed: {e}")));
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
                ));
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
        let issue = skeleton_after(today_or_fallback());
        let name = match issue.front_matter.number() {
            Some(n) => format!("Issue {n}"),
            None => "New issue".to_string(),
        };
        self.switch_to_new(storage::new_id());
        self.replace_text(&write(&issue));
        self.editor.set_draft_name(&name);
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
            self.editor.set_draft_name(name);
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
        let t0 = perf.as_ref().map_or(0.0, web_sys::Performance::now);
        let store = self.store();
        let rows = store.list();
        let trash = store.trashed();
        let t1 = perf.as_ref().map_or(0.0, web_sys::Performance::now);
        self.rows.set(rows);
        self.trash.set(trash);
        self.list_ms.set(t1 - t0);
        self.used.set(store.bytes_used());
    }

    /// The exact bytes of a backup (key with the prefix).
    pub(super) fn backup_bytes(&self, key: &str) -> Option<String> {
        self.store().get(key.strip_prefix(storage::PREFIX)?)
    }

    pub(super) fn delete_backup(&self, key: &str) {
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
pub(super) fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}
