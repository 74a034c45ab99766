//! "Update from GitHub": a draft opened from GitHub remembers its base (the upstream text
//! and blob SHA); an update merges the current upstream draft into the local one with the
//! core's three-way [`merge`], as one undo step, and keeps the conflicts open until each is
//! settled with "Keep mine / Take theirs / Keep both" at the entry it concerns.
//!
//! The open conflicts live in the editor's state as the [`Merged`] value, and in the stored
//! record as its inputs ([`OpenMerge`]), so a reload computes the same merge again.

use std::collections::HashSet;

use leptos::prelude::*;
use twir_format::{
    changes_between, insert_contribution, merge, parse, write, write_entry, write_with_map, Base,
    BlockKind, ChangeKind, Conflict, Diagnostic, Id, Issue, Keep, Merged, Mode, OpenMerge, Settled,
    Severity,
};

use crate::browser::github::FetchError;
use crate::browser::upstream::{fetch_file, Fetched};
use crate::editor::Editor;
use crate::io::Io;
use crate::ui::{reactive_view, status_line, StatusMessage};

/// The rule id of an open conflict in the checks.
pub const CONFLICT_RULE: &str = "merge-conflict";

/// What a draft follows upstream.
#[derive(Clone, Debug, PartialEq)]
pub struct Tracking {
    pub base: Base,
    /// The last update, while some of its conflicts are open.
    pub open: Option<Open>,
}

/// An update with open conflicts: its stored inputs and the merge they give.
#[derive(Clone, Debug, PartialEq)]
pub struct Open {
    pub record: OpenMerge,
    pub merged: Merged,
}

impl Tracking {
    /// The state of a stored draft's `base` and `merge`.
    pub fn from_record(base: Option<Base>, merge: Option<OpenMerge>) -> Option<Tracking> {
        let base = base?;
        let open = merge.map(|record| Open {
            merged: record.replay(&base.text),
            record,
        });
        Some(Tracking { base, open })
    }

    /// A draft that is `fetched`'s text, with nothing open: the base of later updates.
    pub fn read(fetched: Fetched) -> Tracking {
        Tracking {
            base: Base {
                path: fetched.path,
                sha: fetched.sha,
                text: fetched.text,
            },
            open: None,
        }
    }

    /// The open merge's record, for storing.
    pub fn merge_record(&self) -> Option<OpenMerge> {
        self.open.as_ref().map(|o| o.record.clone())
    }
}

/// An open conflict and where it is: the entry, block or section holding our side (`None`:
/// the front matter, or something we removed), and its line.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub at: Option<Id>,
    pub line: usize,
    pub conflict: Conflict,
}

/// Finds each conflict's place: the line where our side starts in the written issue, and the
/// finest thing (entry, else block, else section) that starts at or before it.
pub fn place_conflicts(issue: &Issue, conflicts: &[Conflict]) -> Vec<Placed> {
    let (text, map) = write_with_map(issue);
    let mut marks: Vec<(usize, u8, Id)> = Vec::new();
    let blocks = |marks: &mut Vec<(usize, u8, Id)>, bs: &[twir_format::Block]| {
        for b in bs {
            marks.extend(map.line(b.id).map(|l| (l, 1, b.id)));
            if let BlockKind::List { entries } = &b.kind {
                marks.extend(
                    entries
                        .iter()
                        .filter_map(|e| map.line(e.id).map(|l| (l, 2, e.id))),
                );
            }
        }
    };
    blocks(&mut marks, &issue.preamble);
    for (_, s) in issue.sections_flat() {
        marks.extend(map.line(s.id).map(|l| (l, 0, s.id)));
        blocks(&mut marks, &s.blocks);
    }
    conflicts
        .iter()
        .map(|c| {
            let line = c
                .ours
                .as_deref()
                .filter(|o| !o.trim().is_empty())
                .and_then(|o| {
                    text.match_indices(o)
                        .find(|(at, _)| *at == 0 || text[..*at].ends_with('\n'))
                })
                .map(|(at, _)| text[..at].matches('\n').count() + 1);
            let at = line.filter(|l| *l >= map.body_start).and_then(|l| {
                marks
                    .iter()
                    .filter(|m| m.0 <= l)
                    .max_by_key(|m| (m.0, m.1))
                    .map(|m| m.2)
            });
            Placed {
                at,
                line: line.unwrap_or(1),
                conflict: c.clone(),
            }
        })
        .collect()
}

/// The open conflicts as errors of the checks (rule [`CONFLICT_RULE`]).
pub fn conflict_diagnostics(placed: &[Placed]) -> Vec<Diagnostic> {
    placed
        .iter()
        .map(|p| Diagnostic {
            code: CONFLICT_RULE.into(),
            severity: Severity::Error,
            message: format!(
                "Changed here and on GitHub differently ({}): keep mine, take theirs, or keep both.",
                p.conflict.target
            ),
            line: p.line,
            col: 1,
            target: p.at,
            fix: None,
        })
        .collect()
}

/// "14 entries added upstream, 2 changed, 1 conflict".
pub fn what_came_in(base: &Issue, upstream: &Issue, conflicts: usize) -> String {
    let changes = changes_between(base, upstream);
    let n = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} added upstream, {} changed, {} removed, {}",
        plural(n(ChangeKind::Added), "entry", "entries"),
        n(ChangeKind::Changed),
        n(ChangeKind::Removed),
        plural(conflicts, "conflict", "conflicts"),
    )
}

/// Merges `fetched` (the upstream draft now) into the editor's issue: one undo step, and the
/// fetched text becomes the base. Returns what came in.
pub fn apply_update(editor: Editor, base: &Base, fetched: Fetched) -> String {
    let local = editor.issue().with_untracked(write);
    let merged = merge(&base.text, &local, &fetched.text);
    let came_in = what_came_in(
        &parse(&base.text).issue,
        &parse(&fetched.text).issue,
        merged.conflicts.len(),
    );
    let open = (!merged.is_clean()).then(|| Open {
        record: OpenMerge {
            base: base.text.clone(),
            ours: local,
            settled: Vec::new(),
        },
        merged: merged.clone(),
    });
    let path = fetched.path.clone();
    editor.replace_tracked(
        merged.issue().clone(),
        Tracking {
            open,
            ..Tracking::read(fetched)
        },
    );
    format!("Updated from {path}: {came_in}.")
}

/// Settles the open conflict `target` (one undo step). Edits made since the update are kept:
/// they are merged with the settlement, and when one touches the conflict itself nothing
/// changes and the error says so.
pub fn resolve(editor: Editor, target: &str, keep: Keep) {
    let Some(t) = editor.tracking().get_untracked() else {
        return;
    };
    let Some(open) = &t.open else {
        return;
    };
    let before = open.merged.text();
    let mut merged = open.merged.clone();
    if merged.resolve(target, keep.resolution()).is_err() {
        return;
    }
    let current = editor.issue().with_untracked(write);
    let issue = if current == before {
        merged.issue().clone()
    } else {
        let m = merge(&before, &current, &merged.text());
        if !m.is_clean() {
            editor.set_error(Some(
                "This conflict was edited since the update, so no side was taken: keep editing it by hand, or undo those edits first.".into(),
            ));
            return;
        }
        m.issue().clone()
    };
    let mut record = open.record.clone();
    record.settled.push(Settled {
        target: target.to_string(),
        keep,
    });
    let open = (!merged.is_clean()).then_some(Open { record, merged });
    editor.replace_tracked(
        issue,
        Tracking {
            base: t.base.clone(),
            open,
        },
    );
}

/// The three buttons of one conflict, with both sides' text.
pub fn conflict_view(editor: Editor, c: &Conflict) -> AnyView {
    let target = c.target.clone();
    let side = |s: &Option<String>| match s {
        Some(t) => t.trim_end().to_string(),
        None => "(removed)".to_string(),
    };
    let choose = |keep: Keep, class: &'static str, label: &'static str| {
        let target = target.clone();
        view! {
            <button type="button" class=format!("button small {class}")
                on:click=move |_| resolve(editor, &target, keep)>{label}</button>
        }
    };
    view! {
        <div class="merge-conflict" role="group" aria-label="Merge conflict" data-conflict=c.target.clone()>
            <p class="conflict-title">"Changed here and on GitHub differently"</p>
            <p class="conflict-side">"Mine: "<code class="conflict-ours">{side(&c.ours)}</code></p>
            <p class="conflict-side">"Theirs: "<code class="conflict-theirs">{side(&c.theirs)}</code></p>
            {choose(Keep::Ours, "conflict-mine", "Keep mine")}
            " "
            {choose(Keep::Theirs, "conflict-theirs-button", "Take theirs")}
            " "
            {choose(Keep::Both, "conflict-both", "Keep both")}
        </div>
    }
    .into_any()
}

/// The conflicts placed at `target`, shown under its form.
pub fn conflicts_at(editor: Editor, target: Id) -> AnyView {
    reactive_view(move || {
        let mine: Vec<AnyView> = editor.conflicts().with(|ps| {
            ps.iter()
                .filter(|p| p.at == Some(target))
                .map(|p| conflict_view(editor, &p.conflict))
                .collect()
        });
        mine.into_any()
    })
}

/// The conflicts that no form shows (front matter, things we removed), above the forms.
pub fn unplaced_conflicts(editor: Editor) -> AnyView {
    reactive_view(move || {
        let list: Vec<AnyView> = editor.conflicts().with(|ps| {
            ps.iter()
                .filter(|p| p.at.is_none())
                .map(|p| conflict_view(editor, &p.conflict))
                .collect()
        });
        if list.is_empty() {
            return ().into_any();
        }
        view! { <div class="conflicts" id="unplaced-conflicts">{list}</div> }.into_any()
    })
}

/// The "Update from GitHub" button and what it says.
pub fn update_actions(editor: Editor, io: Io) -> AnyView {
    let status: StatusMessage = RwSignal::new(None);
    let moved_to = RwSignal::new(None::<String>);
    let update = move |_| {
        let Some(t) = editor.tracking().get_untracked() else {
            return;
        };
        let open = t.open.as_ref().map_or(0, |o| o.merged.conflicts.len());
        if open > 0 {
            status.set(Some(Err(format!(
                "Settle the {open} open conflict{} of the last update first (Keep mine, Take theirs or Keep both at each).",
                if open == 1 { "" } else { "s" }
            ))));
            return;
        }
        let gh = io.github.get_untracked();
        status.set(Some(Ok(format!("Reading {} from GitHub…", t.base.path))));
        moved_to.set(None);
        leptos::task::spawn_local(async move {
            match fetch_file(&gh, &t.base.path).await {
                Ok(f) if f.sha == t.base.sha => status.set(Some(Ok(format!(
                    "{} is unchanged on GitHub since it was last read: nothing to update.",
                    t.base.path
                )))),
                Ok(f) => status.set(Some(Ok(apply_update(editor, &t.base, f)))),
                Err(FetchError::NotFound { .. }) => {
                    let newest = gh.current_draft().await.ok().flatten();
                    let mut msg = format!(
                        "{} is no longer on GitHub: it was probably published and a new draft started. Nothing was changed here.",
                        t.base.path
                    );
                    match &newest {
                        Some(p) => msg.push_str(&format!(
                            " The current draft is {p}: you can move the entries you added into it."
                        )),
                        None => msg.push_str(" There is no other draft in draft/ yet."),
                    }
                    moved_to.set(newest);
                    status.set(Some(Err(msg)));
                }
                Err(e) => status.set(Some(Err(format!(
                    "Not updated: {e} Nothing was changed here."
                )))),
            }
        });
    };
    let move_entries = move |_| {
        let (Some(path), Some(t)) = (moved_to.get_untracked(), editor.tracking().get_untracked())
        else {
            return;
        };
        let gh = io.github.get_untracked();
        status.set(Some(Ok(format!("Reading {path}…"))));
        leptos::task::spawn_local(async move {
            match fetch_file(&gh, &path).await {
                Ok(f) => {
                    let added = editor
                        .issue()
                        .with_untracked(|i| entries_added(&parse(&t.base.text).issue, i));
                    let mut whole = parse(&f.text).issue;
                    let placed = insert_contribution(&mut whole, &added).len();
                    let name = path.rsplit('/').next().unwrap_or(&path).to_string();
                    io.open(editor, &write(&whole), &name, Mode::Editor);
                    editor.set_tracking(Some(Tracking::read(f)));
                    moved_to.set(None);
                    status.set(Some(Ok(format!(
                        "Opened {path} with your {placed} added entr{} in it; the old draft stays in the drafts list.",
                        if placed == 1 { "y" } else { "ies" }
                    ))));
                }
                Err(e) => status.set(Some(Err(e.to_string()))),
            }
        });
    };
    let move_button = reactive_view(move || match moved_to.get() {
        Some(p) => view! {
            <button type="button" class="button" id="move-entries" on:click=move_entries>
                {format!("Move my entries to {p}")}
            </button>
        }
        .into_any(),
        None => ().into_any(),
    });
    let disabled = move || editor.tracking().with(Option::is_none);
    vec![
        view! {
            <button type="button" class="button" id="update-button" disabled=disabled
                title="Merge the current draft on GitHub into this one" on:click=update>
                "Update from GitHub"
            </button>
        }
        .into_any(),
        move_button,
        status_line("update-status", status),
    ]
    .into_any()
}

/// `issue` with only the entries that are not in `base` (compared by their text), as a
/// contribution to insert into another draft.
fn entries_added(base: &Issue, issue: &Issue) -> Issue {
    let mut known = HashSet::new();
    for (_, s) in base.sections_flat() {
        for b in &s.blocks {
            if let BlockKind::List { entries } = &b.kind {
                known.extend(entries.iter().map(|e| write_entry(&e.value)));
            }
        }
    }
    let mut out = issue.clone();
    fn keep_new(sections: &mut [twir_format::Section], known: &HashSet<String>) {
        for s in sections {
            for b in &mut s.blocks {
                if let BlockKind::List { entries } = &mut b.kind {
                    entries.retain(|e| !known.contains(&write_entry(&e.value)));
                }
            }
            keep_new(&mut s.children, known);
        }
    }
    keep_new(&mut out.sections, &known);
    out
}
