//! Drafts and caches in `localStorage`.
//!
//! Invariant: this is the only module of the app that touches `localStorage` (and the
//! `storage` event and `navigator.storage`), so what is kept between visits is decided in one
//! place. It talks to `web_sys::Storage` directly rather than through gloo-storage: gloo's
//! `raw()` throws when storage is disabled (a fault we must survive), and its `get`/`set`
//! JSON-encode values, while a damaged record must be backed up byte for byte.
//!
//! Keys (all under [`PREFIX`]; the schema version lives in each record, not in the key, so an
//! older build still sees — and refuses to overwrite — a record written by a newer one):
//! - `draft/<id>`: a [`StoredDraft`] (the Markdown is the truth);
//! - `meta/<id>`: its [`DraftMeta`] for the drafts list (a cache, rebuilt from the draft);
//! - `last-open`: the id of the draft open last;
//! - `trash/<id>`, `trash-meta/<id>`: deleted drafts, until deleted for good;
//! - `backup/<id>.<ms>`: the exact bytes of a record that did not decode.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use twir_format::{
    decode_draft, decode_meta, encode_draft, encode_meta, DraftMeta, StoredDraft, StoredError,
};
use wasm_bindgen::{JsCast, JsValue};

/// Every key of the app starts with this.
pub const PREFIX: &str = "twir-editor/";

/// Where records live: the browser's `localStorage`, or a map in memory when that is
/// unavailable (and in component tests, which must not share state between mounts).
#[derive(Clone)]
enum Backend {
    Local,
    Memory(Arc<Mutex<BTreeMap<String, String>>>),
}

/// The app's storage. Cheap to clone; `Send + Sync` so it can live in signals and context.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    /// Why the browser's storage is not used, when it is not.
    unavailable: Option<String>,
}

/// Why a write failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The origin's storage is full.
    Quota,
    /// Anything else the browser threw (storage disabled after start, …).
    Other(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Quota => f.write_str("the browser's storage for this site is full"),
            WriteError::Other(e) => write!(f, "the browser refused to store it ({e})"),
        }
    }
}

/// A stored draft as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    Missing,
    Ok(StoredDraft),
    /// Written by a newer build: never overwritten. `raw` is kept for export.
    TooNew {
        error: StoredError,
        raw: String,
    },
    /// Does not decode: to be backed up.
    Damaged {
        error: StoredError,
        raw: String,
    },
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// Another tab saved a newer revision: nothing was written.
    Conflict(Box<StoredDraft>),
    /// A newer build's record is there: nothing was written.
    TooNew(StoredError),
    Write(WriteError),
}

/// One line of the drafts list.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub id: String,
    pub meta: DraftMeta,
    /// The record needs a newer build (opened read-only).
    pub too_new: bool,
}

fn js_error(e: &JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", d.name(), d.message());
    }
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

fn is_quota(e: &JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>()
        .is_some_and(|d| d.name() == "QuotaExceededError" || d.code() == 22)
}

fn local() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err("this browser offers no localStorage".into()),
        Err(e) => Err(js_error(&e)),
    }
}

impl Store {
    /// The browser's `localStorage` when it can be read and written; otherwise memory, with
    /// the reason in [`Store::unavailable`].
    pub fn browser() -> Store {
        let probe = local().and_then(|s| {
            let key = format!("{PREFIX}probe");
            s.set_item(&key, "1").map_err(|e| {
                if is_quota(&e) {
                    // Full is not unavailable: drafts can still be read, and saves report it.
                    String::new()
                } else {
                    js_error(&e)
                }
            })?;
            let _ = s.remove_item(&key);
            Ok(())
        });
        match probe {
            Ok(()) => Store {
                backend: Backend::Local,
                unavailable: None,
            },
            Err(e) if e.is_empty() => Store {
                backend: Backend::Local,
                unavailable: None,
            },
            Err(e) => Store {
                unavailable: Some(e),
                ..Store::memory()
            },
        }
    }

    /// An empty store in memory (nothing survives the page).
    pub fn memory() -> Store {
        Store {
            backend: Backend::Memory(Arc::default()),
            unavailable: None,
        }
    }

    /// A store in memory standing in for a browser storage that refused to work, with why.
    pub fn in_memory_because(why: &str) -> Store {
        Store {
            unavailable: Some(why.to_string()),
            ..Store::memory()
        }
    }

    /// Whether records survive a reload.
    pub fn is_persistent(&self) -> bool {
        matches!(self.backend, Backend::Local)
    }

    /// Why the browser's storage is not used (`None` when it is, or for a deliberate memory
    /// store).
    pub fn unavailable(&self) -> Option<&str> {
        self.unavailable.as_deref()
    }

    /// The raw value of `key` (without the prefix).
    pub fn get(&self, key: &str) -> Option<String> {
        let key = format!("{PREFIX}{key}");
        match &self.backend {
            Backend::Local => local().ok()?.get_item(&key).ok().flatten(),
            Backend::Memory(m) => m.lock().ok()?.get(&key).cloned(),
        }
    }

    /// Stores `value` under `key` (without the prefix).
    pub fn set(&self, key: &str, value: &str) -> Result<(), WriteError> {
        let key = format!("{PREFIX}{key}");
        match &self.backend {
            Backend::Local => {
                let s = local().map_err(WriteError::Other)?;
                s.set_item(&key, value).map_err(|e| {
                    if is_quota(&e) {
                        WriteError::Quota
                    } else {
                        WriteError::Other(js_error(&e))
                    }
                })
            }
            Backend::Memory(m) => {
                if let Ok(mut m) = m.lock() {
                    m.insert(key, value.to_string());
                }
                Ok(())
            }
        }
    }

    /// Removes `key` (without the prefix).
    pub fn remove(&self, key: &str) {
        let key = format!("{PREFIX}{key}");
        match &self.backend {
            Backend::Local => {
                if let Ok(s) = local() {
                    let _ = s.remove_item(&key);
                }
            }
            Backend::Memory(m) => {
                if let Ok(mut m) = m.lock() {
                    m.remove(&key);
                }
            }
        }
    }

    /// The keys (without the prefix) that start with `PREFIX` + `start`.
    pub fn keys(&self, start: &str) -> Vec<String> {
        let full = format!("{PREFIX}{start}");
        let all: Vec<String> = match &self.backend {
            Backend::Local => {
                let Ok(s) = local() else { return Vec::new() };
                let n = s.length().unwrap_or(0);
                (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
            }
            Backend::Memory(m) => m
                .lock()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
        };
        let mut keys: Vec<String> = all
            .into_iter()
            .filter(|k| k.starts_with(&full))
            .map(|k| k[PREFIX.len()..].to_string())
            .collect();
        twir_format::sort_by(&mut keys, Ord::cmp);
        keys
    }

    /// Space the app's records take, in bytes (browsers count UTF-16 code units of keys and
    /// values against the quota).
    pub fn bytes_used(&self) -> usize {
        self.keys("")
            .iter()
            .map(|k| {
                let v = self.get(k).unwrap_or_default();
                (PREFIX.len() + k.encode_utf16().count() + v.encode_utf16().count()) * 2
            })
            .sum()
    }

    /// Reads the draft `id`.
    pub fn read_draft(&self, id: &str) -> Read {
        let Some(raw) = self.get(&format!("draft/{id}")) else {
            return Read::Missing;
        };
        match decode_draft(&raw) {
            Ok(d) => Read::Ok(d),
            Err(error @ StoredError::TooNew { .. }) => Read::TooNew { error, raw },
            Err(error) => Read::Damaged { error, raw },
        }
    }

    /// Saves `draft` (whose `revision` must be `base + 1`) over revision `base` of `id`,
    /// refusing to overwrite a newer revision or a newer schema. A damaged record in the way is
    /// backed up first.
    pub fn save_draft(
        &self,
        id: &str,
        draft: &StoredDraft,
        meta: &DraftMeta,
        base: u64,
    ) -> Result<(), SaveError> {
        match self.read_draft(id) {
            Read::Ok(stored) if stored.revision != base => {
                return Err(SaveError::Conflict(Box::new(stored)));
            }
            Read::TooNew { error, .. } => return Err(SaveError::TooNew(error)),
            Read::Damaged { raw, .. } => {
                self.backup(id, &raw).map_err(SaveError::Write)?;
            }
            Read::Ok(_) | Read::Missing => {}
        }
        self.set(&format!("draft/{id}"), &encode_draft(draft))
            .map_err(SaveError::Write)?;
        // The list record is a cache: if it does not fit, the list rebuilds it from the draft.
        let _ = self.set(&format!("meta/{id}"), &encode_meta(meta));
        Ok(())
    }

    /// Keeps the exact bytes of a record that did not decode under `backup/<id>.<ms>`; returns
    /// that key.
    pub fn backup(&self, id: &str, raw: &str) -> Result<String, WriteError> {
        // The same bytes are backed up once.
        if let Some(k) = self
            .keys(&format!("backup/{id}."))
            .into_iter()
            .find(|k| self.get(k).as_deref() == Some(raw))
        {
            return Ok(k);
        }
        let key = format!("backup/{id}.{}", js_sys::Date::now() as u64);
        self.set(&key, raw)?;
        Ok(key)
    }

    /// Moves a damaged draft out of the way: backed up byte for byte, then removed from the
    /// drafts (only once the backup is written). Returns the backup's key (with the prefix).
    pub fn quarantine(&self, id: &str, raw: &str) -> Result<String, WriteError> {
        let key = self.backup(id, raw)?;
        self.remove(&format!("draft/{id}"));
        self.remove(&format!("meta/{id}"));
        Ok(format!("{PREFIX}{key}"))
    }

    /// The backups of damaged records: (key without prefix, exact bytes).
    pub fn backups(&self) -> Vec<(String, String)> {
        self.keys("backup/")
            .into_iter()
            .filter_map(|k| self.get(&k).map(|v| (k, v)))
            .collect()
    }

    pub fn last_open(&self) -> Option<String> {
        self.get("last-open")
    }

    pub fn set_last_open(&self, id: &str) {
        if self.last_open().as_deref() != Some(id) {
            let _ = self.set("last-open", id);
        }
    }

    /// The drafts list, most recently changed first. Damaged drafts are left out (the caller
    /// quarantines them: see [`Store::damaged_drafts`]).
    pub fn list(&self) -> Vec<Listed> {
        self.list_of("draft/", "meta/")
    }

    /// The deleted drafts, most recently changed first.
    pub fn trashed(&self) -> Vec<Listed> {
        self.list_of("trash/", "trash-meta/")
    }

    fn list_of(&self, drafts: &str, metas: &str) -> Vec<Listed> {
        let mut out: Vec<Listed> = self
            .keys(drafts)
            .into_iter()
            .filter_map(|k| {
                let id = k[drafts.len()..].to_string();
                let meta = self
                    .get(&format!("{metas}{id}"))
                    .and_then(|m| decode_meta(&m).ok());
                // Trust the cached record only while it describes the draft's current revision:
                // reading the revision costs a look at the draft's first bytes, not a decode.
                let raw = self.get(&k)?;
                if let Some(meta) = meta.filter(|m| stored_revision(&raw) == Some(m.revision)) {
                    return Some(Listed {
                        id,
                        meta,
                        too_new: false,
                    });
                }
                match decode_draft(&raw) {
                    Ok(d) => {
                        let issue = twir_format::parse(&d.markdown).issue;
                        let meta = DraftMeta::of(&d, &issue.front_matter);
                        let _ = self.set(&format!("{metas}{id}"), &encode_meta(&meta));
                        Some(Listed {
                            id,
                            meta,
                            too_new: false,
                        })
                    }
                    Err(StoredError::TooNew { .. }) => {
                        let s = twir_format::salvage_draft(&raw);
                        Some(Listed {
                            id,
                            meta: DraftMeta {
                                schema: s.as_ref().and_then(|s| s.schema).unwrap_or(0) as u32,
                                name: s
                                    .as_ref()
                                    .and_then(|s| s.name.clone())
                                    .unwrap_or_else(|| "Draft from a newer version".into()),
                                number: None,
                                date: None,
                                updated_ms: 0.0,
                                size: s.map_or(0, |s| s.markdown.len() as u64),
                                revision: 0,
                                contribution: false,
                            },
                            too_new: true,
                        })
                    }
                    Err(_) => None,
                }
            })
            .collect();
        twir_format::sort_by(&mut out, |a, b| {
            b.meta.updated_ms.total_cmp(&a.meta.updated_ms)
        });
        out
    }

    /// Drafts whose record does not decode at all: (id, bytes, why).
    pub fn damaged_drafts(&self) -> Vec<(String, String, StoredError)> {
        self.keys("draft/")
            .into_iter()
            .filter_map(|k| {
                let id = k["draft/".len()..].to_string();
                match self.read_draft(&id) {
                    Read::Damaged { error, raw } => Some((id, raw, error)),
                    _ => None,
                }
            })
            .collect()
    }

    /// Moves `from/<id>` (and its list record) to `to/<id>`.
    fn move_draft(&self, id: &str, from: (&str, &str), to: (&str, &str)) -> Result<(), WriteError> {
        let raw = self.get(&format!("{}{id}", from.0)).unwrap_or_default();
        self.set(&format!("{}{id}", to.0), &raw)?;
        if let Some(meta) = self.get(&format!("{}{id}", from.1)) {
            let _ = self.set(&format!("{}{id}", to.1), &meta);
        }
        self.remove(&format!("{}{id}", from.0));
        self.remove(&format!("{}{id}", from.1));
        Ok(())
    }

    /// Deletes a draft into the trash (it stays restorable until purged).
    pub fn trash(&self, id: &str) -> Result<(), WriteError> {
        self.move_draft(id, ("draft/", "meta/"), ("trash/", "trash-meta/"))
    }

    /// Brings a deleted draft back.
    pub fn restore(&self, id: &str) -> Result<(), WriteError> {
        self.move_draft(id, ("trash/", "trash-meta/"), ("draft/", "meta/"))
    }

    /// Deletes a draft from the trash for good.
    pub fn purge(&self, id: &str) {
        self.remove(&format!("trash/{id}"));
        self.remove(&format!("trash-meta/{id}"));
    }
}

/// The `revision` of a draft record without decoding its (large) Markdown: the writer puts
/// `revision` after `markdown`, so it is looked up from the end.
pub fn stored_revision(raw: &str) -> Option<u64> {
    let at = raw.rfind("\"revision\":")? + "\"revision\":".len();
    let digits: String = raw[at..]
        .chars()
        .skip_while(|c| c.is_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A new draft id: the time plus a random part, so two tabs never pick the same one.
pub fn new_id() -> String {
    let now = js_sys::Date::now() as u64;
    let rand = (js_sys::Math::random() * 1e9) as u64;
    format!("{}-{}", radix36(now), radix36(rand))
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// A change another tab made to a key of ours.
#[derive(Debug, Clone)]
pub struct Change {
    /// The key without the prefix; `None` when the whole storage was cleared.
    pub key: Option<String>,
    pub new_value: Option<String>,
}

/// Calls `f` for each change another tab makes to the app's keys (the `storage` event fires
/// only in the other tabs of the origin). Remove the listener with the returned handle.
pub fn on_other_tab_change(f: impl Fn(Change) + 'static) -> leptos::prelude::WindowListenerHandle {
    leptos::prelude::window_event_listener(leptos::ev::storage, move |ev| {
        let key = ev.key();
        if let Some(k) = &key {
            if !k.starts_with(PREFIX) {
                return;
            }
        }
        f(Change {
            key: key.map(|k| k[PREFIX.len()..].to_string()),
            new_value: ev.new_value(),
        });
    })
}

/// Asks the browser to keep this site's storage under pressure (`navigator.storage.persist()`);
/// `None` when the browser has no such API.
pub async fn request_persistence() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let already = wasm_bindgen_futures::JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?;
    if already.as_bool() == Some(true) {
        return Some(true);
    }
    let granted = wasm_bindgen_futures::JsFuture::from(storage.persist().ok()?)
        .await
        .ok()?;
    granted.as_bool()
}

#[cfg(test)]
mod tests {
    use super::*;
    use twir_format::SCHEMA_VERSION;

    #[test]
    fn the_revision_is_read_without_decoding_the_text() {
        let d = StoredDraft {
            schema: SCHEMA_VERSION,
            name: "n".into(),
            markdown: "\"revision\":99 in the text".into(),
            revision: 12,
            updated_ms: 1.7e12,
            focus: None,
            contribution: false,
            base: None,
            merge: None,
        };
        assert_eq!(stored_revision(&encode_draft(&d)), Some(12));
        assert_eq!(stored_revision("{}"), None);
    }

    #[test]
    fn ids_are_written_in_base_36() {
        assert_eq!(radix36(0), "0");
        assert_eq!(radix36(35), "z");
        assert_eq!(radix36(36 * 36), "100");
    }
}
