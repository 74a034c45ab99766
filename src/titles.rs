//! Titles from GitHub links: a pull request or issue URL typed or pasted into an entry fills
//! an empty title with GitHub's (`GET {api}/repos/o/r/issues/N`, as `entry_title` makes it), and
//! offers GitHub's when the entry has another ("GitHub's title: … — Use it"); it never
//! overwrites a title silently. Offline or rate-limited: a quiet note at the entry, nothing
//! lost.

use std::time::Duration;

use leptos::prelude::*;
use twir_format::{
    github_item, normalize_url, parse_item_title, title_from_github, Id, TitleFromGitHub,
};

use crate::editor::Editor;
use crate::io::Io;
use crate::ui::{button, handler};

/// What GitHub said about an entry's title, shown at that entry.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleNote {
    pub entry: Id,
    /// GitHub's title, offered in place of the entry's.
    pub offer: Option<String>,
    pub text: String,
}

/// Typing pauses this long before a URL is looked up (a typed URL passes through shorter
/// numbers; GitHub allows 60 requests an hour).
const PAUSE: Duration = Duration::from_millis(500);

/// Looks up the title of `url` for the entry `id` after a pause, if the URL is still the
/// entry's then.
pub fn lookup(io: Option<Io>, editor: Editor, id: Id, url: &str) {
    let Some(io) = io else {
        return;
    };
    if github_item(url).is_none() {
        if io
            .title_note
            .with_untracked(|n| n.as_ref().is_some_and(|n| n.entry == id))
        {
            io.title_note.set(None);
        }
        return;
    }
    let url = url.to_string();
    set_timeout(
        move || {
            if !still_url(editor, id, &url) {
                return;
            }
            let Some(item) = github_item(&url) else {
                return;
            };
            let gh = io.github.get_untracked();
            leptos::task::spawn_local(async move {
                let answer = gh.api_get(&item.api_path()).await;
                if !still_url(editor, id, &url) {
                    return;
                }
                let note = |offer, text: String| {
                    Some(TitleNote {
                        entry: id,
                        offer,
                        text,
                    })
                };
                match answer.map(|a| parse_item_title(&a.text)) {
                    Ok(Some(title)) => {
                        let Some(value) = editor
                            .issue()
                            .with_untracked(|i| i.entry(id).map(|e| e.value.clone()))
                        else {
                            return;
                        };
                        match title_from_github(&value, &title) {
                            TitleFromGitHub::Fill(v) => {
                                editor.edit("title from GitHub", |i| i.update_entry(id, v));
                                io.title_note
                                    .set(note(None, "Title filled from GitHub.".into()));
                            }
                            TitleFromGitHub::Differs(t) => {
                                io.title_note
                                    .set(note(Some(t.clone()), format!("GitHub's title: {t}")));
                            }
                            TitleFromGitHub::Same | TitleFromGitHub::NoTitle => {
                                io.title_note.set(None);
                            }
                        }
                    }
                    Ok(None) => io.title_note.set(None),
                    Err(e) => io
                        .title_note
                        .set(note(None, format!("No title from GitHub: {e}"))),
                }
            });
        },
        PAUSE,
    );
}

fn still_url(editor: Editor, id: Id, url: &str) -> bool {
    editor.issue().with_untracked(|i| {
        i.entry(id)
            .and_then(|e| e.value.url().map(normalize_url))
            .is_some_and(|u| u == normalize_url(url))
    })
}

/// The note (and the offer) for the entry `id`, when there is one.
pub fn note_view(editor: Editor, id: Id) -> AnyView {
    let Some(io) = use_context::<Io>() else {
        return ().into_any();
    };
    crate::ui::reactive_view(move || {
        let Some(n) = io.title_note.get().filter(|n| n.entry == id) else {
            return ().into_any();
        };
        let use_it = n.offer.clone().map(|t| {
            button(
                "link-button title-use",
                "Use it",
                handler(move || {
                    let Some(mut v) = editor
                        .issue()
                        .with_untracked(|i| i.entry(id).map(|e| e.value.clone()))
                    else {
                        return;
                    };
                    if let Some(title) = title_of(&mut v) {
                        *title = t.clone();
                    }
                    editor.edit("use GitHub's title", |i| i.update_entry(id, v));
                    io.title_note.set(None);
                }),
            )
        });
        view! { <p class="f-title-note" role="status">{n.text} " " {use_it}</p> }.into_any()
    })
}

fn title_of(v: &mut twir_format::EntryValue) -> Option<&mut String> {
    use twir_format::EntryValue as V;
    match v {
        V::Link(l) => Some(&mut l.title),
        V::Pr(p) => Some(&mut p.title),
        V::Fcp(f) => Some(&mut f.title),
        V::Rfc(r) => Some(&mut r.title),
        _ => None,
    }
}
