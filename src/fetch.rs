//! "Fetch from GitHub": the Rust Project lists of a week (merged pull requests by group, calls
//! for testing, approved RFCs, final comment periods, new RFCs) from GitHub's search, as a
//! checklist; "Add selected" puts the picked items into their subsections as one undo step.
//!
//! The core plans the five searches and reads the answers (`twir_format::fetch_searches`,
//! `parse_search`, `LabelEvents`, `add_fetched`); this module runs them one after the other
//! through [`GitHub::api_get`], counts what GitHub says is left, and caches each week's results
//! in storage (`github-week/START..END`).

use leptos::prelude::*;
use twir_format::{
    add_fetched, already_present, decode_fetched, encode_fetched, entry_urls, events_path,
    fetch_searches, label_of, link_rel, merged_search_url, parse_search, report_window, target_of,
    Date, EventsStep, Fetched, FetchedWeek, Found, Gather, LabelEvents, Target, Window,
};

use crate::browser::github::{FetchError, GitHub};
use crate::editor::Editor;
use crate::io::Io;
use crate::ui::{button_with_id, container, handler, heading, labelled_input, modal, paragraph};
use crate::ui::{reactive_view, status_line, StatusMessage};

/// At most this many pages of one search (100 results each).
const MAX_PAGES: u32 = 10;

fn cache_key(w: &Window) -> String {
    format!("github-week/{}", w.range())
}

/// What GitHub said is left of its limits, after the last answer.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Left {
    core: Option<u32>,
    search: Option<u32>,
}

impl Left {
    fn text(self) -> String {
        let n = |v: Option<u32>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
        format!(
            "GitHub allows {} more requests this hour and {} more searches this minute.",
            n(self.core),
            n(self.search)
        )
    }
}

/// A request failed: what to say.
fn failure(e: &FetchError, search: bool) -> String {
    match e {
        FetchError::RateLimited { reset } if search => format!(
            "GitHub's search limit without an account (10 searches a minute) is used up. Try again {}. Nothing was changed.",
            reset.as_ref().map_or_else(|| "in a minute".to_string(), |t| format!("after {t}"))
        ),
        _ => format!("Fetching stopped: {e} Nothing was changed."),
    }
}

struct Run {
    gh: GitHub,
    requests: u32,
    left: RwSignal<Left>,
}

impl Run {
    async fn get(&mut self, url: &str) -> Result<crate::browser::github::ApiAnswer, String> {
        self.requests += 1;
        let search = url.contains("search/issues");
        let answer = self
            .gh
            .api_get(url)
            .await
            .map_err(|e| failure(&e, search))?;
        let n = answer.remaining;
        match answer.resource.as_deref() {
            Some("search") => self.left.update(|l| l.search = n),
            _ => self.left.update(|l| l.core = n),
        }
        Ok(answer)
    }

    /// Whether `label` was added to the item within `w`, reading its events' pages as the
    /// core's [`LabelEvents`] asks (at most `MAX_EVENT_PAGES`, each one request); `None` when
    /// that many pages did not tell.
    async fn labeled(
        &mut self,
        repo: &str,
        number: u64,
        label: &str,
        w: &Window,
    ) -> Result<Option<bool>, String> {
        let mut scan = LabelEvents::new(label, *w);
        let mut url = events_path(repo, number);
        loop {
            let answer = self.get(&url).await?;
            match scan.page(&answer.text, answer.link.as_deref()) {
                EventsStep::Get(next) => url = next,
                EventsStep::Done(within) => return Ok(Some(within)),
                EventsStep::Capped => return Ok(None),
            }
        }
    }
}

/// Runs a full fetch of the week `w`, saying how far it got in `status`.
async fn fetch_week(
    gh: GitHub,
    w: Window,
    status: StatusMessage,
    left: RwSignal<Left>,
) -> Result<FetchedWeek, String> {
    let mut run = Run {
        gh,
        requests: 0,
        left,
    };
    let mut week = FetchedWeek {
        window: w,
        merged_count: None,
        items: Vec::new(),
        incomplete: false,
        requests: 0,
    };
    let plan = fetch_searches(&w);
    for (n, search) in plan.iter().enumerate() {
        status.set(Some(Ok(format!(
            "Searching GitHub ({} of {})…",
            n + 1,
            plan.len()
        ))));
        let q = twir_format::percent_encode(&search.query);
        let per_page = if search.gather == Gather::Count {
            1
        } else {
            100
        };
        let mut next = Some(format!("search/issues?q={q}&per_page={per_page}"));
        let mut pages = 0;
        while let Some(url) = next.take() {
            let answer = run.get(&url).await?;
            let page = parse_search(&answer.text).ok_or_else(|| {
                "GitHub's search answer was not in the expected shape. Nothing was changed."
                    .to_string()
            })?;
            week.incomplete |= page.incomplete_results;
            if search.gather == Gather::Count {
                week.merged_count = Some(page.total_count);
                break;
            }
            for item in page.items {
                let Some(target) = target_of(search.gather, &item) else {
                    continue;
                };
                let labeled = match label_of(search.gather) {
                    Some(label) => run.labeled(&item.repo, item.number, label, &w).await?,
                    None => Some(true),
                };
                week.items.push(Fetched {
                    target,
                    found: item.found,
                    in_week: labeled == Some(true),
                    label_unknown: labeled.is_none(),
                });
            }
            pages += 1;
            if pages < MAX_PAGES {
                next = answer.link.as_deref().and_then(|l| link_rel(l, "next"));
            }
        }
    }
    week.requests = run.requests;
    week.sort();
    Ok(week)
}

/// Said wherever a week's results are shown while GitHub said they are incomplete, fresh or
/// from the cache.
fn missing_note(week: &FetchedWeek) -> &'static str {
    if week.incomplete {
        " (GitHub says some results may be missing: its search timed out)"
    } else {
        ""
    }
}

/// The "Fetch from GitHub…" button of the "Updates from the Rust Project" form.
pub fn fetch_button(io: Option<Io>) -> AnyView {
    match io {
        Some(io) => button_with_id(
            "fetch-button",
            "button subtle",
            "Fetch from GitHub…",
            handler(move || io.dialog.set(Some(crate::io::Dialog::Fetch))),
        ),
        None => ().into_any(),
    }
}

/// The dialog's state.
#[derive(Clone, Copy)]
struct State {
    start: RwSignal<String>,
    end: RwSignal<String>,
    week: RwSignal<Option<FetchedWeek>>,
    picked: RwSignal<Vec<bool>>,
    status: StatusMessage,
    left: RwSignal<Left>,
}

impl State {
    fn window(&self) -> Option<Window> {
        let start = Date::parse(self.start.get_untracked().trim())?;
        let end = Date::parse(self.end.get_untracked().trim())?;
        (start <= end).then_some(Window { start, end })
    }

    fn show(&self, week: FetchedWeek) {
        self.picked
            .set(week.items.iter().map(|i| i.in_week).collect());
        self.week.set(Some(week));
    }
}

/// The "Fetch from GitHub" dialog.
pub fn fetch_dialog(editor: Editor, io: Io) -> AnyView {
    let date = editor.issue().with_untracked(|i| i.front_matter.date());
    let w = date.and_then(report_window);
    let state = State {
        start: RwSignal::new(w.map(|w| w.start.to_string()).unwrap_or_default()),
        end: RwSignal::new(w.map(|w| w.end.to_string()).unwrap_or_default()),
        week: RwSignal::new(None),
        picked: RwSignal::new(Vec::new()),
        status: RwSignal::new(None),
        left: RwSignal::new(Left::default()),
    };
    if let Some(w) = w {
        if let Some(week) = io
            .store
            .with_value(|s| s.get(&cache_key(&w)))
            .as_deref()
            .and_then(decode_fetched)
        {
            state.status.set(Some(Ok(format!("The results of an earlier fetch of this week ({} requests); Fetch reads them again{}.", week.requests, missing_note(&week)))));
            state.show(week);
        }
    }
    let run = handler(move || {
        let Some(w) = state.window() else {
            state.status.set(Some(Err(
                "The week's start and end must be dates (YYYY-MM-DD), the start first.".into(),
            )));
            return;
        };
        let gh = io.github.get_untracked();
        leptos::task::spawn_local(async move {
            let began = js_sys::Date::now();
            match fetch_week(gh, w, state.status, state.left).await {
                Ok(week) => {
                    let secs = (js_sys::Date::now() - began) / 1000.0;
                    let _ = io
                        .store
                        .with_value(|s| s.set(&cache_key(&w), &encode_fetched(&week)));
                    state.status.set(Some(Ok(format!(
                        "Fetched {} items with {} requests in {} s{}.",
                        week.items.len(),
                        week.requests,
                        twir_format::fixed(secs, 1),
                        missing_note(&week)
                    ))));
                    state.show(week);
                }
                Err(msg) => state.status.set(Some(Err(msg))),
            }
        });
    });
    let add = handler(move || add_selected(editor, io, state));
    let window_row = container(
        "io-row fetch-week",
        vec![
            labelled_input("fetch-start", "Week from", "YYYY-MM-DD", state.start),
            labelled_input("fetch-end", "to", "YYYY-MM-DD", state.end),
            button_with_id("fetch-run", "button", "Fetch", run),
        ],
    );
    let left = reactive_view(move || {
        let l = state.left.get();
        if l == Left::default() {
            return ().into_any();
        }
        paragraph("io-status fetch-left", l.text())
    });
    let results = reactive_view(move || match state.week.get() {
        Some(week) => results_view(editor, io, state, &week),
        None => ().into_any(),
    });
    modal(
        "fetch-dialog",
        "Fetch from GitHub",
        io.close_dialog(),
        vec![
            paragraph(
                "io-hint",
                "The Rust Project's lists of the week from GitHub's search, without an account (GitHub allows 60 requests an hour and 10 searches a minute).".into(),
            ),
            window_row,
            status_line("fetch-status", state.status),
            left,
            results,
            button_with_id("fetch-add", "button primary", "Add selected", add),
        ],
    )
}

/// The merged count and the checklist, grouped by list.
fn results_view(editor: Editor, io: Io, state: State, week: &FetchedWeek) -> AnyView {
    let present = editor.issue().with_untracked(entry_urls);
    let web = io.github.with_untracked(|g| g.repo.web_base.clone());
    let mut out = Vec::new();
    if let Some(n) = week.merged_count {
        out.push(crate::ui::new_tab_link(
            "fetch-merged",
            "fetch-merged",
            "merged pull requests",
            merged_search_url(&web, &week.window),
            None,
        ));
        out.push(paragraph(
            "fetch-count",
            format!("{n} pull requests were merged in the week."),
        ));
    }
    let mut last: Option<Target> = None;
    for (n, item) in week.items.iter().enumerate() {
        if last != Some(item.target) {
            out.push(heading(group_name(item.target)));
            last = Some(item.target);
        }
        let dup = already_present(&present, &item.found.url);
        let note = if dup {
            " (already in the issue)"
        } else if item.label_unknown {
            " (when it was labelled is not known: too many events to read; check it on GitHub)"
        } else if !item.in_week {
            " (labelled before this week)"
        } else {
            ""
        };
        out.push(check_row(state, n, &item.found, note, dup));
    }
    if week.items.is_empty() {
        out.push(paragraph("io-hint", "Nothing found for this week.".into()));
    }
    container("fetch-results", out)
}

fn group_name(t: Target) -> &'static str {
    match t {
        Target::PrGroup(h) => h,
        Target::CallsForTesting(h) => match h {
            "Rust" => "Calls for Testing: Rust",
            "Cargo" => "Calls for Testing: Cargo",
            "Rustup" => "Calls for Testing: Rustup",
            _ => "Calls for Testing: RFCs",
        },
        Target::ApprovedRfcs => "Approved RFCs",
        Target::Fcp(team) => team,
        Target::NewRfcs => "New and Updated RFCs",
    }
}

/// One item of the checklist.
fn check_row(state: State, n: usize, found: &Found, note: &'static str, dup: bool) -> AnyView {
    let checked = move || !dup && state.picked.with(|p| p.get(n).copied().unwrap_or(false));
    view! {
        <label class="fetch-item" class:fetch-dup=dup>
            <input type="checkbox" disabled=dup prop:checked=checked
                on:change:target=move |ev| {
                    let on = ev.target().checked();
                    state.picked.update(|p| if let Some(x) = p.get_mut(n) { *x = on });
                }/>
            " " {found.title.clone()} <small>{note}</small>
        </label>
    }
    .into_any()
}

fn add_selected(editor: Editor, io: Io, state: State) {
    let Some(week) = state.week.get_untracked() else {
        state.status.set(Some(Err("Fetch the week first.".into())));
        return;
    };
    let picked = state.picked.get_untracked();
    let chosen: Vec<(Target, Found)> = week
        .items
        .iter()
        .zip(picked)
        .filter(|(_, on)| *on)
        .map(|(i, _)| (i.target, i.found.clone()))
        .collect();
    let web = io.github.with_untracked(|g| g.repo.web_base.clone());
    let link = merged_search_url(&web, &week.window);
    let merged = week.merged_count.map(|n| (n, link.as_str()));
    // Tried on a copy first: when nothing changes, no undo step is made.
    let mut next = editor.issue().get_untracked();
    let added = match add_fetched(&mut next, &chosen, merged) {
        Ok(a) => a,
        Err(e) => {
            state
                .status
                .set(Some(Err(format!("Nothing was added: {e}"))));
            return;
        }
    };
    if editor.issue().with_untracked(|i| *i != next) {
        editor.edit("add from GitHub", move |i| {
            *i = next;
            Ok(())
        });
    }
    let mut msg = format!(
        "Added {} entr{}",
        added.added,
        if added.added == 1 { "y" } else { "ies" }
    );
    if added.skipped > 0 {
        msg.push_str(&format!("; {} already in the issue", added.skipped));
    }
    if !added.created.is_empty() {
        msg.push_str(&format!("; new subsections: {}", added.created.join(", ")));
    }
    msg.push('.');
    if added.not_placed.is_empty() {
        state.status.set(Some(Ok(msg)));
    } else {
        let lists: Vec<String> = added
            .not_placed
            .iter()
            .map(|(h, n)| format!("{h} ({n})"))
            .collect();
        msg.push_str(&format!(
            " Not added, as this issue has no section for them (add \"Updates from the Rust Project\" or \"Calls for Testing\" first): {}.",
            lists.join(", ")
        ));
        state.status.set(Some(Err(msg)));
    }
    // The checklist marks what is in the issue now.
    state.week.set(Some(week));
}
