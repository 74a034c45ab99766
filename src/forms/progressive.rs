//! Long issues draw their entry rows over several frames. The rows drawn in one go (opening
//! an issue, the first mount) share a budget of [`FIRST`] rows in document order, which covers
//! several screens; the lists then get the rest, [`CHUNK`] rows a frame in document order, so
//! a 1,000-entry issue is on screen and answers keys long before its last row exists. A list
//! still filling shows how many rows are to come in a block of about their height, so the
//! scroll bar is right.
//!
//! Code that looks for a row in the page ([`super::focus_entry`], the summary's jumps, the
//! focus restored after a reload) takes a [`revealer`] and, when the row is not there yet,
//! has every list draw all its rows before it looks again.

use std::collections::VecDeque;
use std::time::Duration;

use leptos::prelude::*;
use twir_format::Id;

/// Rows drawn at once; later ones wait for a frame of their own.
const FIRST: usize = 150;
/// Rows added per frame, over all the lists still filling.
const CHUNK: usize = 50;
/// Height of a closed row in the placeholder (px), close to the CSS's.
const ROW_PX: usize = 32;

/// A list still filling: how many rows it shows, and its ids.
type Waiting = (RwSignal<usize>, Memo<Vec<Id>>);

/// The shared state: the rows left in this render's budget (`None` until a render takes
/// some; then refilled by a task scheduled at that moment), the reveal count, and the lists
/// still filling, in document order, with whether a fill step is scheduled.
#[derive(Clone, Copy)]
struct Rows {
    left: StoredValue<Option<usize>>,
    reveal: RwSignal<u32>,
    waiting: StoredValue<VecDeque<Waiting>>,
    filling: StoredValue<bool>,
}

/// Called once above the forms, the summary and the drafts, which all look for rows.
pub(crate) fn provide() {
    provide_context(Rows {
        left: StoredValue::new(None),
        reveal: RwSignal::new(0),
        waiting: StoredValue::new(VecDeque::new()),
        filling: StoredValue::new(false),
    });
}

/// [`provide`] unless an owner above did (the app does; a component test may mount the forms
/// alone). The forms call it, so every list below shares one state.
pub(crate) fn provide_unless_there() {
    if use_context::<Rows>().is_none() {
        provide();
    }
}

fn rows() -> Rows {
    expect_context::<Rows>()
}

impl Rows {
    /// Up to `wanted` rows from the budget of the render under way.
    fn take(self, wanted: usize) -> usize {
        let left = self.left.get_value().unwrap_or_else(|| {
            // The first list of this render: the budget is refilled for the next one.
            let left = self.left;
            set_timeout(move || _ = left.try_set_value(None), Duration::ZERO);
            FIRST
        });
        let got = wanted.min(left);
        self.left.set_value(Some(left - got));
        got
    }
}

/// Has every list draw all its rows (lists created later fill as usual). Taken where the
/// context is at hand ([`revealer`]), used later from a task that has none.
#[derive(Clone, Copy)]
pub(crate) struct Revealer(Option<RwSignal<u32>>);

impl Revealer {
    /// Every list draws all its rows, then `look` runs (in the next task, when they are).
    pub(crate) fn reveal_then(self, look: impl FnOnce() + 'static) {
        if let Some(r) = self.0 {
            r.try_update(|n| *n = n.wrapping_add(1));
        }
        set_timeout(look, Duration::ZERO);
    }
}

/// The [`Revealer`] of the forms in context.
pub(crate) fn revealer() -> Revealer {
    Revealer(use_context::<Rows>().map(|r| r.reveal))
}

/// The ids of `ids` a list shows now, and the placeholder for those still to come.
pub(crate) fn shown_ids(
    ids: Memo<Vec<Id>>,
) -> (impl Fn() -> Vec<Id> + Copy + Send + Sync + 'static, AnyView) {
    let rows = rows();
    let born = rows.reveal.get_untracked();
    let total = ids.with_untracked(Vec::len);
    let first = rows.take(total);
    let shown = RwSignal::new(if first >= total { usize::MAX } else { first });
    if first < total {
        rows.waiting.update_value(|w| w.push_back((shown, ids)));
        rows.fill();
    }
    let limit = move || {
        if rows.reveal.get() != born {
            usize::MAX
        } else {
            shown.get()
        }
    };
    let visible = move || {
        let n = limit();
        ids.with(|all| all[..n.min(all.len())].to_vec())
    };
    let waiting = move || ids.with(Vec::len).saturating_sub(limit());
    let placeholder = move || {
        let n = waiting();
        (n > 0).then(|| {
            view! {
                <div class="f-pending" aria-hidden="true" style:height=format!("{}px", n * ROW_PX)>
                    {format!("{n} more entries…")}
                </div>
            }
        })
    };
    (visible, placeholder.into_any())
}

// Filling runs from timers, possibly after the forms are gone: every access is a `try_`.
impl Rows {
    /// Schedules a fill step after the next frame, unless one is scheduled: what was drawn
    /// so far is painted before more rows are added.
    fn fill(self) {
        if self.filling.try_get_value() != Some(false) {
            return;
        }
        self.filling.try_set_value(true);
        request_animation_frame(move || set_timeout(move || self.fill_step(), Duration::ZERO));
    }

    /// Gives [`CHUNK`] rows to the lists waiting, first come first served.
    fn fill_step(self) {
        let mut budget = CHUNK;
        while budget > 0 {
            let Some((shown, ids)) = self
                .waiting
                .try_with_value(|w| w.front().copied())
                .flatten()
            else {
                break;
            };
            let (Some(now), Some(total)) =
                (shown.try_get_untracked(), ids.try_with_untracked(Vec::len))
            else {
                // The list is gone.
                self.waiting.try_update_value(|w| _ = w.pop_front());
                continue;
            };
            let give = budget.min(total.saturating_sub(now));
            budget -= give;
            if now + give >= total {
                shown.try_set(usize::MAX);
                self.waiting.try_update_value(|w| _ = w.pop_front());
            } else {
                shown.try_set(now + give);
            }
        }
        self.filling.try_set_value(false);
        if self.waiting.try_with_value(|w| !w.is_empty()) == Some(true) {
            self.fill();
        }
    }
}
