//! The security boundary of the preview: an adapter over pulldown-cmark's events that makes
//! them safe to insert into the editor's page, so nothing in an issue's text can run script
//! or load active content:
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
//! - headings get a deterministic `id`: `h-` and the site's slug of their text (made unique
//!   within the document with `_1`, `_2`, … as the site does); the prefix keeps ids off the
//!   app's own ids and `window` names. As on the site, a heading links to itself
//!   (`<a class="toclink" href="#h-…">`) up to its first link of its own (the site nests the
//!   two, and a browser ends the outer one where the inner one starts). `{#id}` attributes
//!   are not enabled.
//!
//! - an entity reference (`&amp;`, `&#169;`, `&copy;`: `&`, letters or digits or `#` and
//!   digits, `;`) is kept as written, as the site keeps it: in element content it can only
//!   stand for a character.
//!
//! Every other tag in the output is one pulldown-cmark's HTML writer writes itself for the
//! reader's Markdown events.

use std::collections::{HashSet, VecDeque};

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::pymd::toc_slug;

/// Escapes text for HTML element content and quoted attribute values: `&`, `<`, `>`, `"` and
/// `'` (with pulldown-cmark's own escaper, the one its HTML writer uses for the rest).
pub(super) fn push_escaped(text: &str, out: &mut String) {
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

/// Runs the sanitizer over `events` and writes the HTML to `out`.
pub(super) fn render_events<'a>(
    events: impl Iterator<Item = Event<'a>>,
    slugs: &mut Slugs,
    out: &mut String,
) {
    let sanitizer = Sanitizer {
        inner: events,
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
pub(super) struct Slugs {
    pub(super) used: HashSet<String>,
    /// Every id handed out, in order (the cache records which part claimed which).
    pub(super) order: Vec<String>,
}

impl Slugs {
    /// A unique id for a heading whose text is `text`.
    fn unique(&mut self, text: &str) -> String {
        let slug = self.make_unique(text);
        self.order.push(slug.clone());
        slug
    }

    fn make_unique(&mut self, text: &str) -> String {
        // A prefix keeps ids from imported text off the app's own ids and `window` names
        // (DOM clobbering).
        let mut id = format!("h-{}", toc_slug(text));
        // As the site's `toc`: an empty or taken id gets `_1`, and a taken `x_1` becomes `x_2`.
        while id == "h-" || self.used.contains(&id) {
            let numbered = id.rsplit_once('_').and_then(|(base, n)| {
                let n: u64 = n
                    .parse()
                    .ok()
                    .filter(|_| n.bytes().all(|b| b.is_ascii_digit()))?;
                Some(format!("{base}_{}", n.saturating_add(1)))
            });
            id = numbered.unwrap_or_else(|| format!("{id}_1"));
        }
        self.used.insert(id.clone());
        id
    }
}

/// A heading whose events are held back until its text (and so its id) is known.
struct OpenHeading {
    /// Index of the placeholder start event in the queue.
    at: usize,
    level: pulldown_cmark::HeadingLevel,
    text: String,
    /// Where its first link starts in the queue, and whether text came before it: the site's
    /// self-link then ends there (a browser ends it where the inner link starts).
    first_link: Option<(usize, bool)>,
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
        if !is_inline(&tag) {
            self.close_small();
        }
        match tag {
            Tag::HtmlBlock => self.html_block = Some(String::new()),
            Tag::Heading { level, .. } => {
                self.heading = Some(OpenHeading {
                    at: self.queue.len(),
                    level,
                    text: String::new(),
                    first_link: None,
                });
                self.queue
                    .push_back(Event::Start(heading_tag(level, String::new())));
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                if let Some(h) = self.heading.as_mut().filter(|h| h.first_link.is_none()) {
                    h.first_link = Some((self.queue.len(), !h.text.trim().is_empty()));
                }
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
                dest_url,
                title,
                id,
            } => {
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
                if let Some(h) = self.heading.take() {
                    let id = self.slugs.unique(&h.text);
                    let close = match h.first_link {
                        None => Some(self.queue.len()),
                        Some((at, true)) => Some(at),
                        Some((_, false)) => None,
                    };
                    if let Some(close) = close {
                        // The id is `h-` and ASCII letters, digits, `_` and `-`: nothing to escape.
                        let open = format!("<a class=\"toclink\" href=\"#{id}\">");
                        self.queue
                            .insert(close, Event::InlineHtml(CowStr::Borrowed("</a>")));
                        self.queue.insert(h.at + 1, Event::InlineHtml(open.into()));
                    }
                    self.queue[h.at] = Event::Start(heading_tag(level, id));
                }
                self.queue.push_back(Event::End(end));
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
        if is_entity(&raw) {
            self.queue.push_back(Event::InlineHtml(raw));
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

/// Inline elements (emphasis, links, images, …); everything else starts a block.
pub(super) fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
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

/// `&name;`, `&#123;` or `&#x1F;`, and nothing else.
fn is_entity(raw: &str) -> bool {
    let Some(body) = raw.strip_prefix('&').and_then(|r| r.strip_suffix(';')) else {
        return false;
    };
    let (digits, hex) = match body.strip_prefix('#') {
        Some(n) => match n.strip_prefix(['x', 'X']) {
            Some(h) => (h, true),
            None => (n, false),
        },
        None => {
            return !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric());
        }
    };
    !digits.is_empty()
        && digits.bytes().all(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
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
        push_escaped(text, out);
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
/// the URL relative, and so does a `&` before the first `/`, `?`, `#` or `:` (a reference
/// may stand for any of them).
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
            // After a `&`, what came before may be an encoded scheme: not taken as relative.
            b'/' | b'?' | b'#' | b'\\' if saw_amp => return Scheme::Other,
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
    // A character reference may hide the `:` (`javascript&colon;…`).
    if saw_amp {
        Scheme::Other
    } else {
        Scheme::Relative
    }
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
        assert_eq!(s.unique("Rust"), "h-rust_1");
        assert_eq!(s.unique("rust"), "h-rust_2");
        assert_eq!(s.unique("rust_2"), "h-rust_3");
        assert_eq!(s.unique(" -- "), "h--");
        assert_eq!(s.unique("☃"), "h-_1");
        assert_eq!(s.unique("!"), "h-_2");
        assert_eq!(
            s.unique("Call for Participation; projects and speakers"),
            "h-call-for-participation-projects-and-speakers"
        );
    }
}
