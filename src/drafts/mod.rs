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
//! - `state`: the [`Drafts`] state and every change of it (save, open, rename, trash, …);
//! - `focus`: the key of the focused field saved with a draft, and restoring it on reload;
//! - `views`: the status line, the banners and the drafts panel.

mod focus;
mod state;
mod views;

pub use state::{attach, use_drafts, Drafts, Notice, Status, AUTOSAVE_DELAY};
pub use views::DraftsBar;
