//! Contributor mode: someone who only adds a link, an event or a call for papers starts a
//! *contribution* (just the section headings they chose), fills it in the editing column, and
//! exports exactly those lines under their headings, with the edit link of the current draft;
//! or the whole current draft with the entries inserted where they belong.

use leptos::prelude::*;
use twir_format::{
    contribution, contribution_sections, contribution_text, edit_url, insert_contribution, parse,
    write, Mode, Placement,
};

use crate::browser::files;
use crate::browser::github::GitHub;
use crate::editor::Editor;
use crate::io::{errors_warning, propose_view, Io, Upstream};
use crate::ui::{
    button_with_id, container, copy_to_clipboard, handler, heading, new_tab_link, paragraph,
    reactive_view, status_line, StatusMessage,
};

/// Checkboxes for the sections that take contributions, and the button that starts one.
pub fn start_contribution(editor: Editor, io: Io) -> AnyView {
    let chosen = RwSignal::new(Vec::<Vec<String>>::new());
    let start = handler(move || {
        let picked = chosen.get_untracked();
        if !picked.is_empty() {
            io.start(
                editor,
                &contribution(&picked),
                "My contribution",
                Mode::Contributor,
            );
        }
    });
    let boxes = contribution_sections()
        .into_iter()
        .map(|path| {
            let label = path.join(" › ");
            view! {
                <li><label>
                    <input type="checkbox" class="contribute-choice" data-path=label.clone()
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            chosen.update(|c| {
                                c.retain(|p| *p != path);
                                if on { c.push(path.clone()) }
                            });
                        }/>
                    " " {label}
                </label></li>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    container(
        "io-part",
        vec![
            heading("A contribution"),
            paragraph("io-help", "Adding a link, an event or a call for papers? Pick the sections, write your entries under their headings, then export: you get just those lines for the current draft.".into()),
            view! { <ul class="io-checks">{boxes}</ul> }.into_any(),
            button_with_id("start-contribution", "button", "Start a contribution", start),
        ],
    )
}

/// The contribution's lines, the current draft's edit link, and the whole draft with the
/// entries inserted.
pub fn export_contribution(editor: Editor, io: Io) -> AnyView {
    let text = editor.issue().with_untracked(contribution_text);
    let status: StatusMessage = RwSignal::new(None);
    // The draft the edit link points at: the one opened from GitHub, else the newest listed.
    let draft = RwSignal::new(
        io.upstream
            .with_untracked(|u| u.as_ref().map(|u| u.path.clone())),
    );
    let draft_status: StatusMessage = RwSignal::new(None);
    if draft.get_untracked().is_none() {
        let gh = io.github.get_untracked();
        leptos::task::spawn_local(async move {
            match gh.current_draft().await {
                Ok(Some(p)) => draft.set(Some(p)),
                Ok(None) => {
                    draft_status.set(Some(Err("There is no draft in draft/ right now.".into())));
                }
                Err(e) => draft_status.set(Some(Err(e.to_string()))),
            }
        });
    }
    // The whole draft with the entries in it: its path, text and what was placed where.
    let merged = RwSignal::new(None::<(String, String, String)>);
    let insert = handler(move || {
        let gh = io.github.get_untracked();
        status.set(Some(Ok("Reading the current draft…".into())));
        leptos::task::spawn_local(async move {
            let upstream = match fetch_upstream(io, &gh).await {
                Ok(u) => u,
                Err(e) => return status.set(Some(Err(e))),
            };
            let mut whole = parse(&upstream.text).issue;
            let placements = editor
                .issue()
                .with_untracked(|c| insert_contribution(&mut whole, c));
            let placed = placements
                .iter()
                .filter(|p| matches!(p, Placement::Placed { .. }))
                .count();
            let missing: Vec<String> = placements
                .iter()
                .filter_map(|p| match p {
                    Placement::NoSection { path } => Some(path.join(" › ")),
                    Placement::Placed { .. } => None,
                })
                .collect();
            let mut note = format!(
                "{placed} entr{} placed in {}.",
                if placed == 1 { "y" } else { "ies" },
                upstream.path
            );
            if !missing.is_empty() {
                note.push_str(&format!(
                    " Not placed (the draft has no such section): {}; paste those lines by hand.",
                    missing.join(", ")
                ));
            }
            status.set(None);
            merged.set(Some((upstream.path, write(&whole), note)));
        });
    });
    let edit_link = reactive_view(move || match draft.get() {
        Some(p) => {
            let url = io.github.with_untracked(|g| edit_url(&g.repo, &p));
            view! {
                <p>"The current draft is " <code id="current-draft">{p}</code> ": "
                    {new_tab_link("draft-edit-link", "", "edit it on GitHub", url, None)}
                    " and paste your lines under the same headings."</p>
            }
            .into_any()
        }
        None => ().into_any(),
    });
    let whole = reactive_view(move || {
        let Some((path, whole, note)) = merged.get() else {
            return ().into_any();
        };
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let for_download = whole.clone();
        let download = handler(move || {
            if let Err(e) = files::download(&name, &for_download) {
                status.set(Some(Err(format!("Download failed: {e}"))));
            }
        });
        container(
            "io-merged",
            vec![
                view! { <p class="io-status" id="placed-note">{note}</p> }.into_any(),
                button_with_id("merged-download", "button", "Download the draft", download),
                propose_view(io, &path, whole, &path, status),
            ],
        )
    });
    let copy = copy_to_clipboard(text.clone(), status, "Your lines are on the clipboard.");
    container(
        "io-contribution",
        vec![
            errors_warning(editor),
            paragraph("io-help", "Your entries under their headings, ready to paste into the current draft:".into()),
            view! {
                <textarea id="contribution-text" class="io-output" readonly rows="8" spellcheck="false"
                    prop:value=text></textarea>
            }
            .into_any(),
            button_with_id("contribution-copy", "button", "Copy my lines", copy),
            edit_link,
            status_line("draft-status", draft_status),
            heading("Or the whole draft with your entries"),
            button_with_id("insert-into-draft", "button", "Put my entries into the current draft", insert),
            whole,
            status_line("export-status", status),
        ],
    )
}

/// The current text of the draft opened from GitHub, else of the newest one in `draft/`:
/// always read now, so the entries go into the draft as it is at export, not a stale copy.
async fn fetch_upstream(io: Io, gh: &GitHub) -> Result<Upstream, String> {
    let path = match io
        .upstream
        .with_untracked(|u| u.as_ref().map(|u| u.path.clone()))
    {
        Some(p) => p,
        None => gh
            .current_draft()
            .await
            .map_err(|e| e.to_string())?
            .ok_or("There is no draft in draft/ right now.")?,
    };
    let text = gh.file(&path).await.map_err(|e| e.to_string())?;
    let u = Upstream { path, text };
    io.upstream.set(Some(u.clone()));
    Ok(u)
}
