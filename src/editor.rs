//! The editor's state: one [`Editor`] in context, read by every component.
//!
//! The state is plain model values in signals (the model types never hold signals). The
//! signals are private: components read them through the accessors (read-only [`Reader`]s) and
//! change them only through the methods here, so every change of the issue goes through the
//! core's edit API and the undo history. Nothing in this module builds a view.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::reactive::effect::ImmediateEffect;
use twir_format::{check, parse, Context, Date, Diagnostic, EditError, Id, Issue, Mode, PastIssue};

use crate::doc::{replace_piece, Piece};
use crate::history::History;
use crate::update::{conflict_diagnostics, place_conflicts, Placed, Tracking};

/// An undo step: the issue and what was known of its upstream then (an update and each
/// settled conflict change both, so undo takes back both).
type Snapshot = (Issue, Option<Arc<Tracking>>);

/// How long typing pauses before the checks (summary and inline messages) follow.
pub const VALIDATION_PAUSE: Duration = Duration::from_millis(150);

/// The date used when the browser's clock cannot be read (never seen in practice): a
/// Wednesday, so a skeleton started from it is dated like a real issue.
pub const CLOCK_FALLBACK: (i32, u8, u8) = (2026, 1, 7);

/// Today's local date, read from the browser's clock at each call (a tab may stay open for
/// days, so no caller keeps it).
pub fn today() -> Option<Date> {
    let d = js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as i32,
        (d.get_month() + 1) as u8,
        d.get_date() as u8,
    )
}

/// [`today`], or [`CLOCK_FALLBACK`] when the clock cannot be read.
pub fn today_or_fallback() -> Date {
    let (y, m, d) = CLOCK_FALLBACK;
    today()
        .or_else(|| Date::new(y, m, d))
        .expect("CLOCK_FALLBACK is a valid date")
}

/// The editor from context.
pub fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// The state of the editor. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The issue being edited: the single source of truth.
    issue: RwSignal<Issue>,
    /// What the parser noticed in the current text.
    parse_notes: RwSignal<Vec<Diagnostic>>,
    /// The name of this draft (the opened file's name, or what the editor typed).
    draft_name: RwSignal<String>,
    /// The last problem with a file action, shown in the header.
    error: RwSignal<Option<String>>,
    /// Undo/redo snapshots of `issue` and `tracking` (see [`crate::history`]).
    history: RwSignal<History<Snapshot>>,
    /// The upstream draft this one follows and the last update's open conflicts (see
    /// [`crate::update`]); `None` for a draft not opened from GitHub.
    tracking: RwSignal<Option<Arc<Tracking>>>,
    /// The open conflicts and where they are in the issue, following it like the checks.
    conflicts: Memo<Vec<Placed>>,
    /// Earlier issues for duplicate-link detection (filled by "load recent issues" / imports).
    past_issues: RwSignal<Vec<PastIssue>>,
    /// Editing a whole issue, or a contribution (only some entries): picks the check rules.
    mode: RwSignal<Mode>,
    /// The one validation of the issue (rules of `mode`, today's date), read by the summary
    /// and the inline messages alike; it follows the issue after a pause in typing.
    checks: Memo<Vec<Diagnostic>>,
    /// `checks` by the id of the entry, block or section they concern.
    checks_by_target: Memo<HashMap<Id, Vec<Diagnostic>>>,
    /// How many times `check` ran (tests assert that typing does not run it per keystroke).
    check_runs: StoredValue<u64>,
    /// The date the checks last judged against, to run them again when the day changes.
    checked_on: StoredValue<Option<Date>>,
    /// Bumped when `checks` should follow the issue again (a pause after edits).
    validated: RwSignal<u64>,
    /// Edits so far, to tell whether a pause has passed since the last one.
    edits: StoredValue<u64>,
    /// While an edit made by [`Editor::edit_typing_in`] runs: the one block it may change.
    scope: StoredValue<Option<Id>>,
    /// The blocks changed since the live preview last rendered (`None`: anything may have);
    /// see [`Editor::take_preview_changes`].
    preview_changes: StoredValue<Option<Vec<Id>>>,
}

/// A read-only view of one of the editor's signals: the reading methods of `RwSignal`, and no
/// way to write. (Not a `ReadSignal`: `RwSignal::read_only()` makes a new arena slot per call,
/// and a second signal type compiles a second copy of every read method into the wasm.)
pub struct Reader<T: 'static>(RwSignal<T>);

impl<T: 'static> Clone for Reader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Reader<T> {}

impl<T: Send + Sync + 'static> Reader<T> {
    /// Reads the value, tracked.
    #[inline]
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.0.with(f)
    }

    /// Reads the value without tracking it.
    #[inline]
    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.0.with_untracked(f)
    }

    /// Subscribes the running effect or memo to changes without reading.
    #[inline]
    pub fn track(&self) {
        self.0.track();
    }
}

impl<T: Clone + Send + Sync + 'static> Reader<T> {
    /// A clone of the value, tracked.
    #[inline]
    pub fn get(&self) -> T {
        self.0.get()
    }

    /// A clone of the value, untracked.
    #[inline]
    pub fn get_untracked(&self) -> T {
        self.0.get_untracked()
    }
}

impl Editor {
    /// An editor holding the issue parsed from `text`, in editor mode.
    pub fn new(text: &str, draft_name: &str) -> Self {
        let parsed = parse(text);
        let issue = RwSignal::new(parsed.issue);
        let draft_name = RwSignal::new(draft_name.to_string());
        let past_issues = RwSignal::new(Vec::<PastIssue>::new());
        let mode = RwSignal::new(Mode::Editor);
        let validated = RwSignal::new(0u64);
        let check_runs = StoredValue::new(0u64);
        let checked_on = StoredValue::new(None);
        let tracking = RwSignal::new(None::<Arc<Tracking>>);
        let conflicts = Memo::new(move |_| {
            validated.track();
            tracking.with(|t| match t.as_ref().and_then(|t| t.open.as_ref()) {
                Some(open) if !open.merged.conflicts.is_empty() => {
                    issue.with_untracked(|i| place_conflicts(i, &open.merged.conflicts))
                }
                _ => Vec::new(),
            })
        });
        // Validation follows the issue after a pause in typing, off the keystroke → preview
        // path (see `Editor::schedule_validation`); `validated` says when. The mode, the
        // earlier issues and the draft name (only its `.md` form matters) are tracked directly.
        let checks = Memo::new(move |_| {
            validated.track();
            let mode = mode.get();
            let today = today();
            checked_on.set_value(today);
            let ctx = Context {
                today,
                mode,
                history: past_issues.get(),
                // Only a real file name can be compared with the date; a contribution has none
                // (the core also skips the front matter rules in contributor mode).
                file_name: match mode {
                    Mode::Contributor => None,
                    _ => draft_name.with(|n| n.ends_with(".md").then(|| n.clone())),
                },
            };
            check_runs.update_value(|n| *n += 1);
            let mut found = issue.with_untracked(|i| check(i, &ctx));
            // Open merge conflicts count as errors, so the summary lists them and export warns.
            conflicts.with(|c| found.splice(0..0, conflict_diagnostics(c)));
            found
        });
        let checks_by_target = Memo::new(move |_| {
            let mut map: HashMap<Id, Vec<Diagnostic>> = HashMap::new();
            checks.with(|ds| {
                for d in ds {
                    if let Some(t) = d.target {
                        map.entry(t).or_default().push(d.clone());
                    }
                }
            });
            map
        });
        let parse_notes = RwSignal::new(parsed.diagnostics);
        let error = RwSignal::new(None);
        let editor = Editor {
            issue,
            parse_notes,
            draft_name,
            error,
            history: RwSignal::new(History::default()),
            tracking,
            conflicts,
            past_issues,
            mode,
            checks,
            checks_by_target,
            check_runs,
            checked_on,
            validated,
            edits: StoredValue::new(0),
            scope: StoredValue::new(None),
            preview_changes: StoredValue::new(None),
        };
        // Inside every change of the issue: typing names the one block it changes, any other
        // change (undo, a file opened, a list operation) may have changed anything.
        ImmediateEffect::new_scoped(move || {
            editor.issue.track();
            let block = editor.scope.get_value();
            editor
                .preview_changes
                .update_value(|changes| match (changes.as_mut(), block) {
                    (Some(list), Some(block)) => list.push(block),
                    _ => *changes = None,
                });
        });
        // A tab left open overnight comes back to checks judged against yesterday (a call for
        // papers closed since, say): run them again when it is shown on another day.
        let shown = window_event_listener(leptos::ev::visibilitychange, move |_| {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible && editor.checked_on.try_get_value().flatten() != today() {
                editor.schedule_validation();
            }
        });
        on_cleanup(move || shown.remove());
        editor
    }

    // ---- Reading -------------------------------------------------------------------------

    /// The issue (read-only; change it with [`Editor::edit`] and friends).
    pub fn issue(&self) -> Reader<Issue> {
        Reader(self.issue)
    }

    /// What the parser noticed in the text last loaded or edited as Markdown.
    pub fn parse_notes(&self) -> Reader<Vec<Diagnostic>> {
        Reader(self.parse_notes)
    }

    pub fn draft_name(&self) -> Reader<String> {
        Reader(self.draft_name)
    }

    /// The last problem with a file action, shown in the header.
    pub fn error(&self) -> Reader<Option<String>> {
        Reader(self.error)
    }

    pub fn past_issues(&self) -> Reader<Vec<PastIssue>> {
        Reader(self.past_issues)
    }

    pub fn mode(&self) -> Reader<Mode> {
        Reader(self.mode)
    }

    /// The upstream draft this one follows, with the last update's open conflicts.
    pub fn tracking(&self) -> Reader<Option<Arc<Tracking>>> {
        Reader(self.tracking)
    }

    /// The open merge conflicts, placed at the entry, block or section holding our side.
    pub fn conflicts(&self) -> Memo<Vec<Placed>> {
        self.conflicts
    }

    /// The validation of the issue with the rules of the current mode (see the field).
    pub fn checks(&self) -> Memo<Vec<Diagnostic>> {
        self.checks
    }

    /// [`Editor::checks`] by the id of the entry, block or section they concern.
    pub fn checks_by_target(&self) -> Memo<HashMap<Id, Vec<Diagnostic>>> {
        self.checks_by_target
    }

    /// How many times the checks ran so far.
    pub fn check_runs(&self) -> u64 {
        self.check_runs.get_value()
    }

    /// Whether there is a step to undo (tracked).
    pub fn can_undo(&self) -> bool {
        self.history.with(History::can_undo)
    }

    /// Whether there is an undone step to redo (tracked).
    pub fn can_redo(&self) -> bool {
        self.history.with(History::can_redo)
    }

    // ---- Changing ------------------------------------------------------------------------

    pub fn set_draft_name(&self, name: &str) {
        self.draft_name.set(name.to_string());
    }

    /// Shows `message` as the last problem (`None` clears it).
    pub fn set_error(&self, message: Option<String>) {
        self.error.set(message);
    }

    /// Replaces the earlier issues duplicate detection compares against.
    pub fn set_past_issues(&self, past: Vec<PastIssue>) {
        self.past_issues.set(past);
    }

    /// Adds earlier issues, each replacing one of the same name, kept in date order.
    pub fn add_past_issues(&self, past: Vec<PastIssue>) {
        self.past_issues.update(|h| {
            for p in past {
                h.retain(|q| q.name != p.name);
                // An insertion, not a sort: one less sort in the bundle.
                let at = h.iter().position(|q| q.date > p.date).unwrap_or(h.len());
                h.insert(at, p);
            }
        });
    }

    /// Shows `text` as the issue named `name`, edited in `mode` (one undo step). Its checks
    /// run at once, so whoever opened it can report what they found.
    pub fn open(&self, text: &str, name: &str, mode: Mode) {
        self.load_text(text);
        // Whoever opened it from GitHub sets the base afterwards.
        self.tracking.set(None);
        self.draft_name.set(name.to_string());
        self.error.set(None);
        self.mode.set(mode);
        self.validate_now();
    }

    /// Replaces the whole issue by the one parsed from `text` (one undo step).
    pub fn load_text(&self, text: &str) {
        let parsed = parse(text);
        self.commit(None, parsed.issue);
        self.parse_notes.set(parsed.diagnostics);
    }

    /// Shows another draft's text with an empty undo history: undoing into the previous
    /// draft's text would autosave it over this one.
    pub fn load_draft(&self, text: &str) {
        self.load_text(text);
        self.tracking.set(None);
        self.history.set(History::default());
    }

    /// Sets what the draft follows upstream without an undo step (a draft loaded, a base
    /// remembered after opening or exporting).
    pub fn set_tracking(&self, tracking: Option<Tracking>) {
        self.tracking.set(tracking.map(Arc::new));
        self.validate_now();
    }

    /// Replaces the issue and what it follows upstream together, as one undo step (an update
    /// from GitHub, a settled conflict). Its checks and conflicts follow at once.
    pub fn replace_tracked(&self, issue: Issue, tracking: Tracking) {
        self.commit(None, issue);
        self.tracking.set(Some(Arc::new(tracking)));
        self.parse_notes.set(Vec::new());
        self.validate_now();
    }

    /// Makes one change through the edit API as one undo step (list operations, buttons).
    /// On failure the issue is unchanged and the error is shown.
    pub fn edit<T>(
        &self,
        label: &str,
        f: impl FnOnce(&mut Issue) -> Result<T, EditError>,
    ) -> Option<T> {
        self.apply(None, label, f)
    }

    /// Like [`Editor::edit`], for typing in the field named `key`: edits of the same field
    /// without a pause are one undo step.
    pub fn edit_typing<T>(
        &self,
        key: &str,
        f: impl FnOnce(&mut Issue) -> Result<T, EditError>,
    ) -> Option<T> {
        self.apply(Some(key), key, f)
    }

    /// Like [`Editor::edit_typing`], for an edit that changes nothing but the block `block`
    /// (its value, or the value and order of its entries): the forms then compare that block
    /// alone with what they show, instead of the whole issue (see [`crate::forms`]' `sync`).
    fn edit_typing_in<T>(
        &self,
        block: Id,
        key: &str,
        f: impl FnOnce(&mut Issue) -> Result<T, EditError>,
    ) -> Option<T> {
        self.scope.set_value(Some(block));
        let out = self.apply(Some(key), key, f);
        self.scope.set_value(None);
        out
    }

    /// Typing in a field of the entry `id` (named `key`): its new value.
    pub fn type_entry(&self, id: Id, key: &str, value: twir_format::EntryValue) {
        let block = self
            .issue
            .with_untracked(|i| i.entry_place(id).map(|p| p.block));
        let edit = |i: &mut Issue| i.update_entry(id, value);
        match block {
            Some(block) => self.edit_typing_in(block, key, edit),
            None => self.edit_typing(key, edit),
        };
    }

    /// Typing in a field of the block `id` (named `key`): its new value.
    pub fn type_block(&self, id: Id, key: &str, kind: twir_format::BlockKind) {
        self.edit_typing_in(id, key, |i| i.update_block(id, kind));
    }

    /// The block the edit in progress is confined to, if any ([`Editor::edit_typing_in`]).
    pub(crate) fn edit_scope(&self) -> Option<Id> {
        self.scope.get_value()
    }

    /// The blocks changed since the last call (`None`: anything may have changed), for the
    /// one live preview ([`twir_format::preview_sections_since`]).
    pub(crate) fn take_preview_changes(&self) -> Option<Vec<Id>> {
        self.preview_changes
            .try_update_value(|changes| changes.replace(Vec::new()))
            .flatten()
    }

    fn apply<T>(
        &self,
        key: Option<&str>,
        label: &str,
        f: impl FnOnce(&mut Issue) -> Result<T, EditError>,
    ) -> Option<T> {
        let mut f = Some(f);
        let mut out = None;
        self.apply_erased(key, label, &mut |i| {
            if let Some(f) = f.take() {
                out = Some(f(i)?);
            }
            Ok(())
        });
        out
    }

    /// The body of [`Editor::apply`], not generic: one copy in the wasm instead of one per
    /// call site.
    fn apply_erased(
        &self,
        key: Option<&str>,
        label: &str,
        f: &mut dyn FnMut(&mut Issue) -> Result<(), EditError>,
    ) {
        let now = js_sys::Date::now();
        let result = if key.is_some_and(|k| self.history.with_untracked(|h| h.continues(k, now))) {
            // More typing in the same field: the step's snapshot is already taken, so the
            // issue is edited in place instead of cloned (a large issue's clone and drop cost
            // a millisecond per keystroke). The edit API changes nothing when it fails.
            let done = self.issue.try_maybe_update(|i| {
                let r = f(i);
                (r.is_ok(), r)
            });
            if matches!(done, Some(Ok(()))) {
                self.history.update_untracked(|h| h.extend(now));
                self.schedule_validation();
            }
            done.unwrap_or(Ok(()))
        } else {
            let mut next = self.issue.get_untracked();
            f(&mut next).map(|()| self.commit(key, next))
        };
        if let Err(e) = result {
            self.error.set(Some(format!("{label}: {e}")));
        }
    }

    fn commit(&self, key: Option<&str>, next: Issue) {
        let mut before = None;
        self.issue
            .update(|cur| before = Some(std::mem::replace(cur, next)));
        let now = js_sys::Date::now();
        if let Some(before) = before {
            let tracking = self.tracking.get_untracked();
            self.history
                .update(|h| h.record((before, tracking), key, now));
        }
        self.schedule_validation();
    }

    /// Validates again once no edit came for [`VALIDATION_PAUSE`]: checking the whole issue
    /// on every keystroke would slow typing in a large issue. Every change of the issue
    /// (`commit`, typing in place, undo/redo) calls this.
    fn schedule_validation(&self) {
        let n = self.edits.get_value() + 1;
        self.edits.set_value(n);
        let (edits, validated) = (self.edits, self.validated);
        set_timeout(
            move || {
                if edits.try_get_value() == Some(n) {
                    validated.try_set(n);
                }
            },
            VALIDATION_PAUSE,
        );
    }

    /// Validates the issue as it is now, without waiting for a pause; a pause already
    /// scheduled then does nothing (its edit is no longer the last).
    fn validate_now(&self) {
        let n = self.edits.get_value() + 1;
        self.edits.set_value(n);
        self.validated.set(n);
    }

    /// Goes back one step; false when there is none.
    pub fn undo(&self) -> bool {
        self.step(true)
    }

    /// Goes forward one undone step; false when there is none.
    pub fn redo(&self) -> bool {
        self.step(false)
    }

    fn step(&self, back: bool) -> bool {
        let possible = self
            .history
            .with_untracked(|h| if back { h.can_undo() } else { h.can_redo() });
        if !possible {
            return false;
        }
        let current = (self.issue.get_untracked(), self.tracking.get_untracked());
        let mut to = None;
        self.history.update(|h| {
            to = if back {
                h.undo(current)
            } else {
                h.redo(current)
            }
            .ok();
        });
        match to {
            Some((issue, tracking)) => {
                self.issue.set(issue);
                if !self.tracking.with_untracked(|t| same(t, &tracking)) {
                    self.tracking.set(tracking);
                }
                self.schedule_validation();
                true
            }
            None => false,
        }
    }

    /// Applies an edit of one piece: the whole text is parsed again, so the model stays the
    /// only truth and every derived view (preview, raw tab, navigator) follows.
    pub fn edit_piece(&self, piece: Piece, edited: &str) {
        let text = self
            .issue
            .with_untracked(|i| replace_piece(i, piece, edited));
        let parsed = parse(&text);
        let key = format!("piece-{piece:?}");
        self.commit(Some(&key), parsed.issue);
        self.parse_notes.set(parsed.diagnostics);
    }
}

/// Whether two tracking states are the same one (snapshots share the `Arc`).
fn same(a: &Option<Arc<Tracking>>, b: &Option<Arc<Tracking>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}
