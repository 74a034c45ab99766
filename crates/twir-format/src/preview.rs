//! A safe HTML preview of an issue, rendered with pulldown-cmark (CommonMark plus tables and
//! strikethrough; the site itself uses Python-Markdown, which is not emulated).
//!
//! The output is meant to be inserted into the page of the editor, so nothing in the text can
//! run script or load active content:
//!
//! - raw HTML (blocks and inline tags) is shown as escaped text, except the exact,
//!   attribute-free tags `<small>`, `</small>`, `<br>`, `<br/>` and `<br />`; a `<small>` never
//!   stays open past the end of the block it was opened in, and a stray `</small>` is dropped;
//! - HTML comments (`<!-- … -->`, inline or spanning lines) are dropped;
//! - a link is live only when its destination is relative (no scheme before the first `/`, `?`
//!   or `#`) or uses `http:`, `https:`, `mailto:`, `ftp:`, `irc:` or `ircs:`; any other
//!   destination (`javascript:`, `vbscript:`, `data:`, …, however it is spelled: any case,
//!   entities, percent-encoding, control characters or white space inside) is rendered as its
//!   text inside `<span class="unsafe-link">`;
//! - an image is shown only when its source is an absolute `http:` or `https:` URL; otherwise
//!   its description is rendered inside `<span class="unsafe-image">`;
//! - headings get a deterministic `id` (the slug of their text, made unique within the
//!   document with `-1`, `-2`, … suffixes); `{#id}` heading attributes are not enabled.
//!
//! Every other tag in the output is one pulldown-cmark writes itself for Markdown syntax.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashSet, VecDeque};

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::{Block, FrontMatter, Id, Issue, Newline, Section};
use crate::splice::{plain_item_change, splice_item};
use crate::write::write_block;

/// The rendered HTML of one part of an issue: the preamble (`id` is `None`) or a top-level
/// section (`id` is the section's id), as returned by [`preview_sections`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHtml {
    /// The id of the top-level section, or `None` for the preamble.
    pub id: Option<Id>,
    /// The safe HTML of the part (heading and sub-sections included).
    pub html: String,
}

/// Renders Markdown to HTML that is safe to insert into the page (see the module docs for
/// what is escaped, dropped or neutralised).
///
/// Reference links resolve only against definitions in `md` itself; heading ids are unique
/// within `md`.
pub fn render_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + md.len() / 2);
    let mut slugs = Slugs::default();
    render_events(Parser::new_ext(md, options()), None, &mut slugs, &mut out);
    out
}

/// Renders a whole issue: a small header with the front matter's title, number and date
/// (escaped), followed by the body.
///
/// The body is the concatenation of [`preview_sections`], so it is exactly what the app shows
/// section by section. It renders like the text `write` produces without the front matter
/// lines, taken as one document, except that every section of the model starts with a real
/// heading: a heading line written without a space after the `#`s (`#122010, which…`, a
/// heading for the parser and for Python-Markdown but not for CommonMark) is rendered as
/// `# 122010, which…`.
pub fn preview_html(issue: &Issue) -> String {
    let chunks = issue_chunks(issue, None);
    let text_len: usize = chunks.iter().map(|(_, _, t)| t.len()).sum();
    let mut out = String::with_capacity(text_len + text_len / 2 + 256);
    front_matter_header(&issue.front_matter, &mut out);
    render_chunks(&chunks, Some(&mut out));
    out
}

/// Renders an issue part by part for a live preview: first the preamble (`id: None`, possibly
/// empty HTML), then one item per top-level section, in order.
///
/// Link reference definitions (`[merged]: https://…`) are collected from the whole issue
/// first, so a reference used in one section and defined in another still links; as in one
/// CommonMark document, the first definition of a label in the issue wins. Heading ids are
/// unique across the whole issue. Concatenating the `html` of all parts gives the body of
/// [`preview_html`].
pub fn preview_sections(issue: &Issue) -> Vec<SectionHtml> {
    render_chunks(&issue_chunks(issue, None), None)
}

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
struct CachedPart {
    /// The section this part is the text of (`None`: the preamble).
    section: Option<Id>,
    text: String,
    /// The reference definitions this part declares, in order of appearance.
    defs: Vec<(String, (String, String))>,
    /// Fingerprint of everything outside the part that its HTML depends on: the issue's
    /// reference definitions and the heading ids claimed before it.
    context: u64,
    /// Heading ids this part claimed.
    slugs: Vec<String>,
    html: String,
}

/// The reference definitions declared in one part, first first.
fn local_defs(text: &str) -> Vec<(String, (String, String))> {
    // Every definition has `]:`; most parts have none, and this spares them a parse.
    if !text.contains("]:") {
        return Vec::new();
    }
    let parser = Parser::new_ext(text, options());
    let mut defs: Vec<_> = parser.reference_definitions().iter().collect();
    defs.sort_by_key(|(_, def)| def.span.start);
    defs.into_iter()
        .map(|(label, def)| {
            let title = def.title.as_deref().unwrap_or("").to_string();
            (normalize_label(label), (def.dest.to_string(), title))
        })
        .collect()
}

/// [`preview_sections`] for a live preview: the same result, but a part whose Markdown, the
/// issue's reference definitions and the heading ids before it are unchanged since the last
/// call is taken from `cache` instead of being rendered again. One keystroke then renders one
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
            _ => local_defs(text),
        })
        .collect();
    let mut all = RefDefs::default();
    for (label, def) in local.iter().flatten() {
        all.map.entry(label.clone()).or_insert_with(|| def.clone());
    }
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
            let callback = move |link: BrokenLink<'_>| all.resolve(&link.reference);
            let parser = Parser::new_with_broken_link_callback(text, options(), Some(callback));
            let mut html = String::with_capacity(text.len() + text.len() / 2);
            render_events(parser, Some(all), slugs, &mut html);
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

/// The Markdown text of the preamble and of each section at any depth (its heading and its own
/// blocks), tagged with the id of the top-level section it belongs to and its own. A heading
/// ends every block before it, so the sections can be rendered one by one and joined: a
/// keystroke then renders only the (sub-)section it changed.
///
/// With `reuse` (the blocks that changed since `old` was made, and `old`), a part none of whose
/// blocks changed takes its text from `old` instead of writing it again.
fn issue_chunks(issue: &Issue, reuse: Option<(&[Id], &[CachedPart])>) -> Vec<Chunk> {
    struct Walk<'a> {
        nl: Newline,
        reuse: Option<(&'a [Id], &'a [CachedPart])>,
        out: Vec<Chunk>,
    }
    impl Walk<'_> {
        fn push(&mut self, top: Option<Id>, section: Option<&Section>, blocks: &[Block]) {
            let id = section.map(|s| s.id);
            let i = self.out.len();
            let unchanged = self.reuse.and_then(|(changed, old)| {
                let part = old.get(i).filter(|p| p.section == id)?;
                (!blocks.iter().any(|b| changed.contains(&b.id))).then_some(&part.text)
            });
            let text = match unchanged {
                Some(text) => {
                    debug_assert_eq!(*text, self.write(section, blocks), "a changed part reused");
                    text.clone()
                }
                None => self.write(section, blocks),
            };
            self.out.push((top, id, text));
        }

        fn write(&self, section: Option<&Section>, blocks: &[Block]) -> String {
            let mut text = String::new();
            if let Some(s) = section {
                push_heading_text(s, self.nl, &mut text);
            }
            for block in blocks {
                push_block_text(block, self.nl, &mut text);
            }
            text
        }

        fn section(&mut self, top: Id, s: &Section) {
            self.push(Some(top), Some(s), &s.blocks);
            for child in &s.children {
                self.section(top, child);
            }
        }
    }
    let mut walk = Walk {
        nl: issue.newline,
        reuse,
        out: Vec::with_capacity(issue.sections.len() * 4 + 1),
    };
    walk.push(None, None, &issue.preamble);
    for s in &issue.sections {
        walk.section(s.id, s);
    }
    walk.out
}

/// A part of the issue: its top-level section, its own section and its Markdown.
type Chunk = (Option<Id>, Option<Id>, String);

/// Adds a chunk's HTML to `parts`: to the last part when the chunk belongs to the same
/// top-level section, else as a new part.
fn push_part(parts: &mut Vec<SectionHtml>, id: Option<Id>, html: &str) {
    match parts.last_mut() {
        Some(last) if last.id == id && id.is_some() => last.html.push_str(html),
        _ => parts.push(SectionHtml {
            id,
            html: html.to_string(),
        }),
    }
}

/// Appends a block as `write` writes it, ended by a line ending.
fn push_block_text(block: &crate::model::Block, nl: Newline, out: &mut String) {
    let text = write_block(block, nl);
    out.push_str(&text);
    // Only raw text at the very end of a file lacks its line ending.
    if !text.is_empty() && !text.ends_with('\n') {
        out.push_str(nl.as_str());
    }
}

/// Appends a section's heading as `write` writes it, except that it always has a space after
/// its `#`s, so that CommonMark sees the heading the model has.
fn push_heading_text(section: &Section, nl: Newline, out: &mut String) {
    for _ in 0..section.level {
        out.push('#');
    }
    if !section.heading.starts_with([' ', '\t']) {
        out.push(' ');
    }
    out.push_str(&section.heading);
    out.push_str(nl.as_str());
}

/// The Markdown extensions the preview enables.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Link reference definitions of a whole document, keyed by normalised label.
#[derive(Default)]
struct RefDefs {
    map: BTreeMap<String, (String, String)>,
}

impl RefDefs {
    fn resolve<'t>(&self, label: &str) -> Option<(CowStr<'t>, CowStr<'t>)> {
        if self.map.is_empty() {
            return None;
        }
        let (dest, title) = self.map.get(&normalize_label(label))?;
        Some((CowStr::from(dest.clone()), CowStr::from(title.clone())))
    }
}

/// CommonMark label matching: case-insensitive, runs of white space count as one space.
fn normalize_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Renders Markdown chunks in order, sharing reference definitions and heading ids: all into
/// `joined` when given (returning no part), otherwise each into its own part.
fn render_chunks<'t>(chunks: &'t [Chunk], mut joined: Option<&mut String>) -> Vec<SectionHtml> {
    let defs: OnceCell<RefDefs> = OnceCell::new();
    let defs_ref = &defs;
    // The first pass (block structure and reference definitions) runs when a parser is
    // created; links are resolved lazily while iterating, by which time `defs` is filled.
    let mut parsers = Vec::with_capacity(chunks.len());
    for (_, _, text) in chunks {
        let callback = move |link: BrokenLink<'t>| -> Option<(CowStr<'t>, CowStr<'t>)> {
            defs_ref.get()?.resolve(&link.reference)
        };
        parsers.push(Parser::new_with_broken_link_callback(
            text.as_str(),
            options(),
            Some(callback),
        ));
    }
    let mut all = RefDefs::default();
    let mut local = Vec::new();
    for parser in &parsers {
        local.clear();
        local.extend(parser.reference_definitions().iter());
        // The parser's map has no order: sort by position so the first definition wins.
        local.sort_by_key(|(_, def)| def.span.start);
        for (label, def) in &local {
            all.map.entry(normalize_label(label)).or_insert_with(|| {
                let title = def.title.as_deref().unwrap_or("");
                (def.dest.to_string(), title.to_string())
            });
        }
    }
    drop(local);
    // Set once, just above; a second `set` cannot happen.
    let _ = defs.set(all);

    let mut slugs = Slugs::default();
    let mut parts = Vec::new();
    for ((id, _, text), parser) in chunks.iter().zip(parsers) {
        match joined.as_deref_mut() {
            Some(out) => render_events(parser, defs.get(), &mut slugs, out),
            None => {
                let mut html = String::with_capacity(text.len() + text.len() / 2);
                render_events(parser, defs.get(), &mut slugs, &mut html);
                push_part(&mut parts, *id, &html);
            }
        }
    }
    parts
}

/// Writes the escaped front-matter header (nothing when there is no title, number or date).
fn front_matter_header(fm: &FrontMatter, out: &mut String) {
    let field = |key: &str| fm.get(key).map(str::trim).filter(|v| !v.is_empty());
    let (title, number, date) = (field("Title"), field("Number"), field("Date"));
    if title.is_none() && number.is_none() && date.is_none() {
        return;
    }
    out.push_str("<header class=\"twir-front-matter\">\n");
    if let Some(title) = title {
        out.push_str("<h1 class=\"twir-title\">");
        escape_html(title, out);
        out.push_str("</h1>\n");
    }
    if number.is_some() || date.is_some() {
        out.push_str("<p class=\"twir-meta\">");
        if let Some(number) = number {
            out.push_str("<span class=\"twir-number\">Issue ");
            escape_html(number, out);
            out.push_str("</span>");
        }
        if number.is_some() && date.is_some() {
            out.push_str(" · ");
        }
        if let Some(date) = date {
            out.push_str("<span class=\"twir-date\">");
            escape_html(date, out);
            out.push_str("</span>");
        }
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape_html(text: &str, out: &mut String) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Runs the sanitizer over `events` and writes the HTML to `out`. With `defs`, reference
/// links take their destination from the document-wide definitions (first one wins).
fn render_events<'a>(
    events: impl Iterator<Item = Event<'a>>,
    defs: Option<&RefDefs>,
    slugs: &mut Slugs,
    out: &mut String,
) {
    let sanitizer = Sanitizer {
        inner: events,
        defs,
        queue: VecDeque::new(),
        slugs,
        heading: None,
        small_open: 0,
        links: Vec::new(),
        live_images: 0,
        html_block: None,
    };
    pulldown_cmark::html::push_html(out, sanitizer);
}

/// Heading ids already used in the document.
#[derive(Default)]
struct Slugs {
    used: HashSet<String>,
    /// Every id handed out, in order (the cache records which part claimed which).
    order: Vec<String>,
}

impl Slugs {
    /// A unique id for a heading whose text is `text`.
    fn unique(&mut self, text: &str) -> String {
        let slug = self.make_unique(text);
        self.order.push(slug.clone());
        slug
    }

    fn make_unique(&mut self, text: &str) -> String {
        let mut slug = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_alphanumeric() || c == '_' {
                slug.extend(c.to_lowercase());
            } else if (c.is_whitespace() || c == '-') && !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        if slug.is_empty() {
            slug.push_str("section");
        }
        // A prefix keeps ids from imported text off the app's own ids and `window` names
        // (DOM clobbering).
        slug.insert_str(0, "h-");
        if self.used.insert(slug.clone()) {
            return slug;
        }
        let base_len = slug.len();
        for n in 1u32.. {
            slug.truncate(base_len);
            slug.push('-');
            slug.push_str(&n.to_string());
            if self.used.insert(slug.clone()) {
                break;
            }
        }
        slug
    }
}

/// A heading whose events are held back until its text (and so its id) is known.
struct OpenHeading {
    /// Index of the placeholder start event in the queue.
    at: usize,
    level: pulldown_cmark::HeadingLevel,
    text: String,
}

/// How a link or image start was rendered, so its end matches.
#[derive(Clone, Copy)]
enum Opened {
    /// Live: the start and end tags are kept.
    Kept,
    /// Live image: kept, and its content is alt text.
    KeptImage,
    /// Unsafe: rendered as a `<span>` around its content.
    Span,
    /// Unsafe, inside an image's alt text: tags dropped.
    Dropped,
}

/// An event adapter that makes pulldown-cmark's events safe to write as HTML.
struct Sanitizer<'a, 's, I> {
    inner: I,
    /// Document-wide reference definitions, when rendering one part of a document.
    defs: Option<&'s RefDefs>,
    /// Events ready to be written (a heading's events are held here until its end).
    queue: VecDeque<Event<'a>>,
    slugs: &'s mut Slugs,
    heading: Option<OpenHeading>,
    /// Allowed `<small>` tags open in the current block.
    small_open: u32,
    links: Vec<Opened>,
    /// Live images open: their content is written as alt text, where tags are not wanted.
    live_images: u32,
    /// The raw text of the HTML block being read.
    html_block: Option<String>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Sanitizer<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if self.heading.is_none() {
                if let Some(event) = self.queue.pop_front() {
                    return Some(event);
                }
            }
            match self.inner.next() {
                // Fast path: most events need no change and nothing is held back.
                Some(event)
                    if self.heading.is_none()
                        && self.small_open == 0
                        && self.queue.is_empty()
                        && passes_through(&event) =>
                {
                    return Some(event)
                }
                Some(event) => self.process(event),
                None => {
                    self.close_small();
                    if let Some(h) = self.heading.take() {
                        // Unreachable with a well-formed event stream; keep the events.
                        self.queue[h.at] = Event::Start(heading_tag(h.level, String::new()));
                    }
                    return self.queue.pop_front();
                }
            }
        }
    }
}

/// Whether an event is written as it is when no `<small>` is open and no heading is held.
fn passes_through(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        Event::Start(tag) => !matches!(
            tag,
            Tag::HtmlBlock | Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(end) => !matches!(
            end,
            TagEnd::HtmlBlock | TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image
        ),
        _ => false,
    }
}

fn heading_tag<'a>(level: pulldown_cmark::HeadingLevel, id: String) -> Tag<'a> {
    Tag::Heading {
        level,
        id: (!id.is_empty()).then(|| CowStr::from(id)),
        classes: Vec::new(),
        attrs: Vec::new(),
    }
}

const SPAN_UNSAFE_LINK: &str = "<span class=\"unsafe-link\">";
const SPAN_UNSAFE_IMAGE: &str = "<span class=\"unsafe-image\">";

impl<'a, I: Iterator<Item = Event<'a>>> Sanitizer<'a, '_, I> {
    fn process(&mut self, event: Event<'a>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Html(raw) => match &mut self.html_block {
                Some(buf) => buf.push_str(&raw),
                None => {
                    // pulldown-cmark only emits `Html` inside an HTML block; be safe anyway.
                    let mut html = String::new();
                    sanitize_html_block(&raw, &mut html);
                    self.queue.push_back(Event::Html(html.into()));
                }
            },
            Event::InlineHtml(raw) => self.inline_html(raw),
            Event::Text(text) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&text);
                }
                self.queue.push_back(Event::Text(text));
            }
            Event::Code(text) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&text);
                }
                self.queue.push_back(Event::Code(text));
            }
            // Footnotes, math and task lists are not enabled; anything else pulldown-cmark
            // writes itself from escaped text.
            other => self.queue.push_back(other),
        }
    }

    fn start(&mut self, tag: Tag<'a>) {
        if is_block(&tag) {
            self.close_small();
        }
        match tag {
            Tag::HtmlBlock => self.html_block = Some(String::new()),
            Tag::Heading { level, .. } => {
                self.heading = Some(OpenHeading {
                    at: self.queue.len(),
                    level,
                    text: String::new(),
                });
                self.queue
                    .push_back(Event::Start(heading_tag(level, String::new())));
            }
            Tag::Link {
                link_type,
                mut dest_url,
                mut title,
                id,
            } => {
                self.global_def(link_type, &id, &mut dest_url, &mut title);
                let live = link_type == LinkType::Email || is_safe_link(&dest_url);
                if live {
                    self.links.push(Opened::Kept);
                    self.queue.push_back(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    self.open_unsafe(SPAN_UNSAFE_LINK);
                }
            }
            Tag::Image {
                link_type,
                mut dest_url,
                mut title,
                id,
            } => {
                self.global_def(link_type, &id, &mut dest_url, &mut title);
                if is_safe_image(&dest_url) {
                    self.links.push(Opened::KeptImage);
                    self.live_images += 1;
                    self.queue.push_back(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    self.open_unsafe(SPAN_UNSAFE_IMAGE);
                }
            }
            other => self.queue.push_back(Event::Start(other)),
        }
    }

    /// A reference link resolved by a definition in this part takes the document's first
    /// definition of its label instead, which may be in an earlier part.
    fn global_def(
        &self,
        link_type: LinkType,
        label: &str,
        dest: &mut CowStr<'a>,
        title: &mut CowStr<'a>,
    ) {
        let Some(defs) = self.defs else { return };
        if matches!(
            link_type,
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
        ) {
            if let Some((d, t)) = defs.resolve(label) {
                *dest = d;
                *title = t;
            }
        }
    }

    fn open_unsafe(&mut self, span: &'static str) {
        if self.live_images > 0 {
            self.links.push(Opened::Dropped);
        } else {
            self.links.push(Opened::Span);
            self.queue
                .push_back(Event::InlineHtml(CowStr::Borrowed(span)));
        }
    }

    fn end(&mut self, end: TagEnd) {
        if is_block_end(end) {
            self.close_small();
        }
        match end {
            TagEnd::HtmlBlock => {
                if let Some(raw) = self.html_block.take() {
                    let mut html = String::with_capacity(raw.len() + 16);
                    sanitize_html_block(&raw, &mut html);
                    if !html.is_empty() {
                        self.queue.push_back(Event::Html(html.into()));
                    }
                }
            }
            TagEnd::Heading(level) => {
                self.queue.push_back(Event::End(end));
                if let Some(h) = self.heading.take() {
                    let id = self.slugs.unique(&h.text);
                    self.queue[h.at] = Event::Start(heading_tag(level, id));
                }
            }
            TagEnd::Link | TagEnd::Image => match self.links.pop() {
                Some(Opened::Kept) => self.queue.push_back(Event::End(end)),
                Some(Opened::KeptImage) => {
                    self.live_images -= 1;
                    self.queue.push_back(Event::End(end));
                }
                Some(Opened::Span) => self
                    .queue
                    .push_back(Event::InlineHtml(CowStr::Borrowed("</span>"))),
                Some(Opened::Dropped) | None => {}
            },
            other => self.queue.push_back(Event::End(other)),
        }
    }

    fn inline_html(&mut self, raw: CowStr<'a>) {
        if is_comment(&raw) {
            return;
        }
        match allowed_tag(&raw) {
            Some((len, tag)) if len == raw.len() => {
                if self.live_images > 0 {
                    // Inside alt text: a tag would only show up as text.
                    return;
                }
                let html = match tag {
                    Allowed::SmallOpen => {
                        self.small_open += 1;
                        "<small>"
                    }
                    Allowed::SmallClose if self.small_open > 0 => {
                        self.small_open -= 1;
                        "</small>"
                    }
                    Allowed::SmallClose => return,
                    Allowed::Br => "<br />",
                };
                self.queue
                    .push_back(Event::InlineHtml(CowStr::Borrowed(html)));
            }
            // Shown as text: the HTML writer escapes it.
            _ => self.queue.push_back(Event::Text(raw)),
        }
    }

    fn close_small(&mut self) {
        for _ in 0..self.small_open {
            self.queue
                .push_back(Event::InlineHtml(CowStr::Borrowed("</small>")));
        }
        self.small_open = 0;
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The raw-HTML tags let through, written in a normalised form.
#[derive(Clone, Copy)]
enum Allowed {
    SmallOpen,
    SmallClose,
    Br,
}

/// The allowed tag at the start of `s` (ASCII case-insensitive, no attributes, no white
/// space except in `<br />`), with its length.
fn allowed_tag(s: &str) -> Option<(usize, Allowed)> {
    const TAGS: [(&str, Allowed); 5] = [
        ("<small>", Allowed::SmallOpen),
        ("</small>", Allowed::SmallClose),
        ("<br>", Allowed::Br),
        ("<br/>", Allowed::Br),
        ("<br />", Allowed::Br),
    ];
    let b = s.as_bytes();
    TAGS.iter().find_map(|&(t, kind)| {
        let head = b.get(..t.len())?;
        head.eq_ignore_ascii_case(t.as_bytes())
            .then_some((t.len(), kind))
    })
}

fn is_comment(raw: &str) -> bool {
    raw.starts_with("<!--")
}

/// Writes the raw text of an HTML block as escaped text, keeping the allowed tags and
/// dropping comments. A block with visible text is wrapped in `<p>`; a block with nothing
/// visible and no line break writes nothing.
fn sanitize_html_block(raw: &str, out: &mut String) {
    let start_len = out.len();
    let mut visible = false;
    let mut has_br = false;
    let mut small_open = 0u32;
    let mut text_start = 0;
    let mut i = 0;
    fn push_text(text: &str, out: &mut String, visible: &mut bool) {
        *visible |= !text.trim().is_empty();
        escape_html(text, out);
    }
    while let Some(off) = raw[i..].find('<') {
        let lt = i + off;
        let rest = &raw[lt..];
        if is_comment(rest) {
            push_text(&raw[text_start..lt], out, &mut visible);
            // `<!-->` and `<!--->` are complete (empty) comments too.
            i = match rest[2..].find("-->") {
                Some(e) => lt + 2 + e + 3,
                None => raw.len(),
            };
            text_start = i;
        } else if let Some((len, tag)) = allowed_tag(rest) {
            push_text(&raw[text_start..lt], out, &mut visible);
            match tag {
                Allowed::SmallOpen => {
                    small_open += 1;
                    out.push_str("<small>");
                }
                Allowed::SmallClose if small_open > 0 => {
                    small_open -= 1;
                    out.push_str("</small>");
                }
                Allowed::SmallClose => {}
                Allowed::Br => {
                    has_br = true;
                    out.push_str("<br />");
                }
            }
            i = lt + len;
            text_start = i;
        } else {
            i = lt + 1;
        }
    }
    push_text(&raw[text_start..], out, &mut visible);
    for _ in 0..small_open {
        out.push_str("</small>");
    }
    if visible {
        out.insert_str(start_len, "<p>");
        while out.ends_with(['\n', '\r']) {
            out.pop();
        }
        out.push_str("</p>\n");
    } else if !has_br {
        // Only comments, white space or empty `<small>`: nothing to show.
        out.truncate(start_len);
    }
}

/// The scheme of a URL as a browser would see it, checked conservatively.
#[derive(PartialEq, Eq)]
enum Scheme {
    /// No `:` before the first `/`, `?` or `#`: a relative reference.
    Relative,
    /// `http:` or `https:`.
    Http,
    /// `mailto:`, `ftp:`, `irc:` or `ircs:` (links only).
    NonWeb,
    /// Anything else before a `:`, including anything that is not a plain scheme name.
    Other,
}

/// Finds the scheme of `url`. Like a browser, leading C0 controls and spaces and any tab or
/// line break are ignored; to stay on the safe side, percent-encoded bytes are decoded too,
/// a `#` after a `&` is not taken as the start of a fragment, and any other character before
/// the first `:` (entity remains, controls, non-ASCII) makes the scheme unknown rather than
/// the URL relative.
fn scheme_of(url: &str) -> Scheme {
    let b = url.as_bytes();
    let mut name = [0u8; 8];
    let mut len = 0usize;
    let mut saw_amp = false;
    let mut i = 0;
    while i < b.len() && b[i] <= b' ' {
        i += 1;
    }
    while i < b.len() {
        let mut c = b[i];
        i += 1;
        if c == b'%' {
            if let (Some(h), Some(l)) = (
                b.get(i).and_then(|&x| hex(x)),
                b.get(i + 1).and_then(|&x| hex(x)),
            ) {
                c = h * 16 + l;
                i += 2;
            }
        }
        match c {
            b'\t' | b'\n' | b'\r' => {}
            // After `&`, a `#` may be a leftover character reference (`&#106;`): keep going.
            b'#' if saw_amp => len += 1,
            b'/' | b'?' | b'#' | b'\\' => return Scheme::Relative,
            b':' => {
                return match &name[..len.min(name.len())] {
                    _ if len > name.len() => Scheme::Other,
                    b"http" | b"https" => Scheme::Http,
                    b"mailto" | b"ftp" | b"irc" | b"ircs" => Scheme::NonWeb,
                    _ => Scheme::Other,
                }
            }
            _ => {
                saw_amp |= c == b'&';
                if len < name.len() {
                    name[len] = c.to_ascii_lowercase();
                }
                len += 1;
            }
        }
    }
    Scheme::Relative
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Whether a link destination may become a live `href`.
fn is_safe_link(url: &str) -> bool {
    scheme_of(url) != Scheme::Other
}

/// Whether an image source may become a live `src`: absolute `http:` or `https:` only.
fn is_safe_image(url: &str) -> bool {
    scheme_of(url) == Scheme::Http
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        for url in [
            "https://x",
            "HTTP://x",
            "/a:b",
            "a/b:c",
            "#x:y",
            "?q=a:b",
            "mailto:a@b",
            "",
            "rel",
        ] {
            assert!(is_safe_link(url), "{url}");
        }
        for url in [
            "javascript:x",
            "JaVaScRiPt:x",
            " \u{1}javascript:x",
            "java\tscript:x",
            "java\nscript:x",
            "jav%61script:x",
            "javascript%3ax",
            "&#106;avascript:x",
            "vbscript:x",
            "data:text/html,x",
            "java\u{0}script:x",
            "\u{a0}javascript:x",
            "httpx:y",
            "https\u{200b}:x",
            "averyveryverylongscheme:x",
        ] {
            assert!(!is_safe_link(url), "{url:?}");
        }
        assert!(is_safe_image("https://x/a.png"));
        assert!(!is_safe_image("/a.png"));
        assert!(!is_safe_image("data:image/png;base64,AAAA"));
    }

    #[test]
    fn slugs_are_unique_and_deterministic() {
        let mut s = Slugs::default();
        assert_eq!(
            s.unique("Updates from Rust Community"),
            "h-updates-from-rust-community"
        );
        assert_eq!(s.unique("Rust"), "h-rust");
        assert_eq!(s.unique("Rust"), "h-rust-1");
        assert_eq!(s.unique("rust"), "h-rust-2");
        assert_eq!(s.unique(" -- "), "h-section");
        assert_eq!(
            s.unique("Call for Participation; projects and speakers"),
            "h-call-for-participation-projects-and-speakers"
        );
    }

    #[test]
    fn labels_normalise() {
        assert_eq!(normalize_label("  Submit\n  Crate "), "submit crate");
    }
}
