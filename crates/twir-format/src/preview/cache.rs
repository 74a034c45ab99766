//! The live preview's cache: a part whose Markdown and context are unchanged since the last
//! call is taken from the cache, and a part changed inside one list item has that item alone
//! rendered again (see `splice.rs`).

use crate::model::{Id, Issue};
use crate::splice::{plain_item_change, splice_item};

use super::reader::{part_defs, part_events};
use super::sanitize::{render_events, Slugs};
use super::{issue_chunks, push_part, RefDefs, SectionHtml};

/// What the last [`preview_sections_cached`] rendered, part by part, so the next call renders
/// only the parts whose Markdown changed.
#[derive(Debug, Default, Clone)]
pub struct PreviewCache {
    parts: Vec<CachedPart>,
    rendered: usize,
    spliced: usize,
}

impl PreviewCache {
    /// How many parts the last call rendered whole (the others came from the cache).
    pub fn rendered_last_time(&self) -> usize {
        self.rendered
    }

    /// How many parts the last call took from the cache with one list item rendered again.
    pub fn spliced_last_time(&self) -> usize {
        self.spliced
    }
}

#[derive(Debug, Clone)]
pub(super) struct CachedPart {
    /// The section this part is the text of (`None`: the preamble).
    pub(super) section: Option<Id>,
    pub(super) text: String,
    /// The reference definitions this part declares, in order of appearance.
    defs: Vec<(String, (String, String))>,
    /// Fingerprint of everything outside the part that its HTML depends on: the issue's
    /// reference definitions and the heading ids claimed before it.
    context: u64,
    /// Heading ids this part claimed.
    slugs: Vec<String>,
    html: String,
}

/// [`preview_sections`](super::preview_sections) for a live preview: the same result, but a
/// part whose Markdown, the issue's reference definitions and the heading ids before it are
/// unchanged since the last call is taken from `cache` instead of being rendered again. One keystroke then renders one
/// section (a sub-section, when the change is in one), or only one item of its list when the
/// change is inside one item of a plain list.
pub fn preview_sections_cached(issue: &Issue, cache: &mut PreviewCache) -> Vec<SectionHtml> {
    preview_sections_since(issue, cache, None)
}

/// [`preview_sections_cached`] told that, since the last call with this `cache`, the issue
/// changed only inside the blocks `changed` (their values, or their entries): the Markdown of
/// the other parts is then taken from the cache instead of being written again. `None` says
/// nothing is known. A wrong list gives a stale preview; debug builds check every reuse.
pub fn preview_sections_since(
    issue: &Issue,
    cache: &mut PreviewCache,
    changed: Option<&[Id]>,
) -> Vec<SectionHtml> {
    use std::hash::{Hash, Hasher};
    let reuse = changed.map(|blocks| (blocks, cache.parts.as_slice()));
    let chunks = issue_chunks(issue, reuse);
    // Where a part's text changed inside one list item only (worked out once per part).
    let item_changes: Vec<Option<(usize, String, String)>> = chunks
        .iter()
        .enumerate()
        .map(|(i, (_, _, text))| {
            let c = cache.parts.get(i).filter(|c| c.text != *text)?;
            plain_item_change(&c.text, text)
        })
        .collect();
    // A part's reference definitions: the cached ones when its text is the same, or when only
    // one list item changed and neither its old nor its new text defines anything (this spares
    // a parse of the whole part on every keystroke in a long list).
    let local: Vec<Vec<(String, (String, String))>> = chunks
        .iter()
        .zip(&item_changes)
        .enumerate()
        .map(|(i, ((_, _, text), change))| match cache.parts.get(i) {
            Some(c) if c.text == *text => c.defs.clone(),
            Some(c)
                if change
                    .as_ref()
                    .is_some_and(|(_, old, new)| !old.contains("]:") && !new.contains("]:")) =>
            {
                c.defs.clone()
            }
            _ => part_defs(text),
        })
        .collect();
    let all = RefDefs::from_parts(local.iter());
    let mut context = std::collections::hash_map::DefaultHasher::new();
    all.map.hash(&mut context);
    let mut slugs = Slugs::default();
    let mut parts = Vec::with_capacity(chunks.len());
    let mut out = Vec::with_capacity(chunks.len());
    let (mut rendered, mut spliced) = (0, 0);
    let parts_in = chunks.into_iter().zip(local).zip(item_changes);
    for (i, (((id, section, text), defs), change)) in parts_in.enumerate() {
        let ctx = context.finish();
        let all = &all;
        let render = |text: &str, slugs: &mut Slugs| {
            let mut html = String::with_capacity(text.len() + text.len() / 2);
            render_events(part_events(text, Some(all)).into_iter(), slugs, &mut html);
            html
        };
        // The same part as last time in the same context: its old HTML, with one list item
        // rendered again when only that item changed.
        let same_place = cache
            .parts
            .get(i)
            .filter(|c| c.context == ctx && c.defs == defs);
        let reused = same_place.and_then(|c| {
            if c.text == text {
                return Some(c.html.clone());
            }
            let html = splice_item(&c.text, &c.html, change.as_ref()?, |item| {
                render(item, &mut Slugs::default())
            })?;
            spliced += 1;
            Some(html)
        });
        let (html, claimed) = match (reused, same_place) {
            (Some(html), Some(c)) => {
                slugs.used.extend(c.slugs.iter().cloned());
                (html, c.slugs.clone())
            }
            _ => {
                rendered += 1;
                let before = slugs.order.len();
                let html = render(&text, &mut slugs);
                (html, slugs.order[before..].to_vec())
            }
        };
        claimed.hash(&mut context);
        push_part(&mut out, id, &html);
        parts.push(CachedPart {
            section,
            text,
            defs,
            context: ctx,
            slugs: claimed,
            html,
        });
    }
    cache.parts = parts;
    cache.rendered = rendered;
    cache.spliced = spliced;
    out
}
