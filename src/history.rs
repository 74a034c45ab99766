//! Undo/redo as whole snapshots of the model.
//!
//! An `Issue` is plain data, so a snapshot is a clone (the largest archive issue clones in
//! well under a millisecond); no inverse operations to get wrong. Typing is coalesced: edits
//! with the same key (one field) within [`COALESCE_MS`] of each other form one step, so undo
//! takes back a burst of typing, not one character. List operations never coalesce.
//!
//! Pure: the time is an argument, so the rules are unit-tested natively.

/// Edits of one field closer together than this (milliseconds) are one undo step.
pub const COALESCE_MS: f64 = 1000.0;

/// At most this many steps are kept (the oldest are dropped).
pub const MAX_STEPS: usize = 200;

/// The undo and redo stacks of snapshots of `T`.
#[derive(Debug, Clone)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
    /// The key and time of the last recorded edit, while it may still be extended.
    open: Option<(String, f64)>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            open: None,
        }
    }
}

impl<T> History<T> {
    /// Records that the model is about to change from `before`. With a `key` (a field being
    /// typed in) an edit that continues the previous one within [`COALESCE_MS`] adds no step.
    pub fn record(&mut self, before: T, key: Option<&str>, now: f64) {
        let continues = key.is_some_and(|key| self.continues(key, now));
        self.open = key.map(|k| (k.to_string(), now));
        self.redo.clear();
        if continues {
            return;
        }
        self.undo.push(before);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    /// Whether an edit of the field `key` at `now` would continue the open step, so that no
    /// snapshot is needed for it (see [`History::extend`]).
    pub fn continues(&self, key: &str, now: f64) -> bool {
        matches!(&self.open, Some((k, t)) if k == key && now - *t < COALESCE_MS)
    }

    /// Records an edit that [`History::continues`] the open step: the step's snapshot,
    /// taken before its first edit, stays the one undo goes back to.
    pub fn extend(&mut self, now: f64) {
        if let Some((_, t)) = &mut self.open {
            *t = now;
        }
        self.redo.clear();
    }

    /// Ends the current typing burst: the next edit starts a new step even in the same field.
    pub fn seal(&mut self) {
        self.open = None;
    }

    /// The snapshot to go back to, given the current one (kept for redo).
    pub fn undo(&mut self, current: T) -> Result<T, T> {
        match self.undo.pop() {
            Some(prev) => {
                self.redo.push(current);
                self.open = None;
                Ok(prev)
            }
            None => Err(current),
        }
    }

    /// The snapshot to go forward to, given the current one (kept for undo).
    pub fn redo(&mut self, current: T) -> Result<T, T> {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(current);
                self.open = None;
                Ok(next)
            }
            None => Err(current),
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_in_one_field_is_one_step_per_pause() {
        let mut h = History::default();
        h.record("", Some("title"), 0.0);
        h.record("a", Some("title"), 300.0);
        h.record("ab", Some("title"), 600.0);
        // A pause: a new step.
        h.record("abc", Some("title"), 2000.0);
        assert_eq!(h.undo("abcd"), Ok("abc"));
        assert_eq!(h.undo("abc"), Ok(""));
        assert!(!h.can_undo());
    }

    #[test]
    fn another_field_or_a_list_operation_starts_a_new_step() {
        let mut h = History::default();
        h.record(1, Some("title"), 0.0);
        h.record(2, Some("url"), 100.0);
        h.record(3, None, 200.0);
        h.record(4, None, 300.0);
        assert_eq!(h.undo(5), Ok(4));
        assert_eq!(h.undo(4), Ok(3));
        assert_eq!(h.undo(3), Ok(2));
        assert_eq!(h.undo(2), Ok(1));
        assert_eq!(h.undo(1), Err(1));
    }

    #[test]
    fn redo_replays_and_a_new_edit_clears_it() {
        let mut h = History::default();
        h.record(1, None, 0.0);
        assert_eq!(h.undo(2), Ok(1));
        assert!(h.can_redo());
        assert_eq!(h.redo(1), Ok(2));
        assert_eq!(h.undo(2), Ok(1));
        h.record(1, None, 10.0);
        assert!(!h.can_redo());
    }

    #[test]
    fn undo_ends_a_typing_burst() {
        let mut h = History::default();
        h.record("", Some("t"), 0.0);
        assert_eq!(h.undo("a"), Ok(""));
        h.record("", Some("t"), 10.0);
        h.record("x", Some("t"), 20.0);
        assert_eq!(h.undo("xy"), Ok(""));
    }

    #[test]
    fn keeps_a_bounded_number_of_steps() {
        let mut h = History::default();
        for i in 0..MAX_STEPS + 10 {
            h.record(i, None, i as f64);
        }
        let mut n = 0;
        let mut cur = usize::MAX;
        while let Ok(prev) = h.undo(cur) {
            cur = prev;
            n += 1;
        }
        assert_eq!(n, MAX_STEPS);
        assert_eq!(cur, 10);
    }
}
