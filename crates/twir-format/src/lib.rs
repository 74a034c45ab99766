//! `twir-format`: the pure core of twir-editor.
//!
//! A lossless, typed model of a *This Week in Rust* issue: [`parse`] turns any text into an
//! [`Issue`] plus diagnostics and never fails; [`write`] turns it back into exactly the same
//! text; the edit API (methods on [`Issue`]) changes it without hand-editing Markdown;
//! [`preview_html`] renders it safely.
//!
//! This crate has no browser, UI or clock dependency: "today" is always passed in.

mod check;
mod date;
mod diag;
mod draft;
mod edit;
mod entries;
mod fixed;
mod fold;
mod html_nodes;
mod json;
mod merge;
mod model;
mod outline;
mod parse;
mod preview;
mod project_fetch;
mod propose;
mod pull_request;
mod rust_project;
mod sort;
mod splice;
mod stats;
mod stored;
mod url;
mod write;

pub use check::{check, Context, Fix, FixEdit, Mode, PastIssue, RULES};
pub use date::{date_of_number, expected_number, Date, Weekday};
pub use diag::{Diagnostic, Severity};
pub use draft::{
    contribution, contribution_sections, contribution_text, insert_contribution, next_issue,
    skeleton, skeleton_after, Placement,
};
pub use edit::EditError;
pub use edit::EntryPlace;
pub use entries::{entries_from_markdown, format_place, parse_place, typed_equivalent};
pub use fixed::fixed;
pub use fold::{fold_case, fold_char};
pub use html_nodes::{html_element_content, html_nodes};
pub use merge::{merge, merge_lines, Conflict, ConflictRef, Merged, NoSuchConflict, Resolution};
pub use model::{
    Block, BlockKind, CfpEvent, Cohost, Entry, EntryValue, Event, Fcp, Field, FrontMatter, Id,
    Issue, Link, Newline, Nothing, Person, PlaceKind, Pr, RawEntry, Rfc, Section, SectionKind,
    SubLink, Talk,
};
pub use outline::{find_entries, outline, FoundEntry, Outline};
pub use parse::{classify_section, parse, Parsed};
pub use preview::{
    preview_html, preview_sections, preview_sections_cached, preview_sections_since,
    render_markdown, PreviewCache, SectionHtml,
};
pub use project_fetch::{
    add_fetched, decode_fetched, encode_fetched, entry_urls, events_path, fetch_searches, label_of,
    labeled_within, link_rel, parse_item_title, parse_search, target_of, title_from_github, Added,
    EventsStep, Fetched, FetchedWeek, FoundItem, Gather, LabelEvents, PlannedSearch, SearchPage,
    TitleFromGitHub, MAX_EVENT_PAGES,
};
pub use propose::{
    draft_path, edit_url, issue_file_name, percent_encode, propose, Proposal, Repo, MAX_PREFILL_URL,
};
pub use pull_request::{
    changes_between, pr_body, pr_branch, pr_title, Change, ChangeKind, TokenScopes,
};
pub use rust_project::{
    already_present, entry_for, entry_title, github_item, merged_count_query, merged_search_url,
    pr_group, report_window, Found, GitHubItem, Target, Window, CFT_REPOS, FCP_REPOS, PR_REPOS,
};
pub use sort::sort_by;
pub use stats::{stats, Count, Stats};
pub use stored::{
    decode_draft, decode_meta, encode_draft, encode_meta, salvage_draft, Base, DraftMeta, Keep,
    OpenMerge, Salvaged, Settled, StoredDraft, StoredError, SCHEMA_VERSION,
};
pub use url::{normalize as normalize_url, without_tracking};
pub use write::{write, write_block, write_entry, write_section, write_with_map, SourceMap};
