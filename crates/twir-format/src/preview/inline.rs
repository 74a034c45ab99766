//! Python-Markdown 3.7's inline reading, for the preview: its patterns run one after another,
//! by priority, over a block's whole text, each match replaced by a placeholder (so a later
//! pattern sees earlier matches as opaque characters); the text inside a link or emphasis is
//! read by the patterns after the one that matched it. The result is written as
//! pulldown-cmark events for the sanitizer.
//!
//! The patterns, by priority: code spans, backslash escapes (only `` \`*_{}[]()>#+-.!| ``),
//! reference links (`[text][label]`, `[text][]`), inline links, inline images, reference
//! images, short references (`[label]`), `![label]`, autolinks (`<https://…>`), e-mail
//! autolinks (`<a@b>`), hard breaks (two spaces before a line end), raw HTML tags and
//! comments, entities (kept as written, not decoded), lone `*`/`_` between spaces, then
//! emphasis and strong with `*`, and with `_` only at word boundaries.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::RefDefs;

/// Where a placeholder starts and ends (as Python-Markdown's STX and ETX).
const STX: char = '\u{2}';
const ETX: char = '\u{3}';

/// The characters a backslash escapes (Python-Markdown with `extra`'s tables: `|`).
pub(super) const ESCAPABLE: &[u8] = b"\\`*_{}[]()>#+-.!|";

/// What a placeholder stands for.
pub(super) enum Node {
    /// Text shown as it is (an escaped character, a lone `*`).
    Text(String),
    Code(String),
    /// A link; its text is data (with placeholders).
    Link {
        dest: String,
        title: String,
        text: String,
    },
    Image {
        dest: String,
        title: String,
        alt: String,
    },
    Auto {
        dest: String,
        email: bool,
    },
    Break,
    /// Raw HTML or an entity, for the sanitizer to judge.
    Html(String),
    Em(String),
    Strong(String),
}

/// Pattern indices, in priority order.
const BACKTICK: usize = 0;
const ESCAPE: usize = 1;
const REFERENCE: usize = 2;
const LINK: usize = 3;
const IMAGE: usize = 4;
const IMAGE_REF: usize = 5;
const SHORT_REF: usize = 6;
const SHORT_IMAGE_REF: usize = 7;
const AUTOLINK: usize = 8;
const AUTOMAIL: usize = 9;
const LINE_BREAK: usize = 10;
const HTML: usize = 11;
const ENTITY: usize = 12;
const NOT_STRONG: usize = 13;
const STAR: usize = 14;
const UNDERSCORE: usize = 15;
const PATTERNS: usize = 16;

/// What a pattern found at a place: a node for `start..end`, or nothing but a place to go on
/// searching from (`Skip`).
pub(super) enum Found {
    Node(usize, usize, Node),
    Skip(usize),
}

pub(super) struct Reader<'d> {
    nodes: Vec<Node>,
    defs: Option<&'d RefDefs>,
}

/// Appends the events of one block's inline text.
pub(super) fn inline_events(text: &str, defs: Option<&RefDefs>, out: &mut Vec<Event<'static>>) {
    let clean: String;
    let text = if text.contains([STX, ETX]) {
        clean = text.replace([STX, ETX], "\u{fffd}");
        &clean
    } else {
        text
    };
    let mut reader = Reader {
        nodes: Vec::new(),
        defs,
    };
    let data = reader.handle(text.to_string(), 0);
    reader.emit(&data, out);
}

fn placeholder(i: usize) -> String {
    format!("{STX}{i}{ETX}")
}

/// The node index of a placeholder starting at `at` in `data`, and where it ends.
fn placeholder_at(data: &str, at: usize) -> Option<(usize, usize)> {
    let rest = data.get(at..)?.strip_prefix(STX)?;
    let end = rest.find(ETX)?;
    let n = rest[..end].parse().ok()?;
    Some((n, at + STX.len_utf8() + end + ETX.len_utf8()))
}

pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

pub(super) fn prev_char(data: &str, at: usize) -> Option<char> {
    data.get(..at)?.chars().next_back()
}

pub(super) fn next_char(data: &str, at: usize) -> Option<char> {
    data.get(at..)?.chars().next()
}

impl Reader<'_> {
    pub(super) fn stash(&mut self, node: Node) -> String {
        self.nodes.push(node);
        placeholder(self.nodes.len() - 1)
    }

    /// Runs the patterns from `first` on over `data`, as Python-Markdown's `__handleInline`.
    fn handle(&mut self, mut data: String, first: usize) -> String {
        let mut pattern = first;
        let mut from = 0;
        // A bound on the work, whatever the input: each round replaces text by a placeholder
        // or moves on.
        let mut rounds = 0usize;
        while pattern < PATTERNS {
            rounds += 1;
            if rounds > 100_000 {
                break;
            }
            match self.find(pattern, &data, from) {
                None => {
                    pattern += 1;
                    from = 0;
                }
                Some(Found::Skip(end)) => from = end.max(from + 1),
                Some(Found::Node(start, end, node)) => {
                    let node = self.inner(node, pattern);
                    let ph = self.stash(node);
                    data.replace_range(start..end, &ph);
                    from = 0;
                }
            }
        }
        data
    }

    /// The text inside a node is read by the patterns after the one that made it.
    fn inner(&mut self, node: Node, pattern: usize) -> Node {
        match node {
            Node::Link { dest, title, text } => Node::Link {
                dest,
                title,
                text: self.handle(text, pattern + 1),
            },
            Node::Em(text) => Node::Em(self.handle_children(text, pattern)),
            Node::Strong(text) => Node::Strong(self.handle_children(text, pattern)),
            other => other,
        }
    }

    /// Emphasis: its text and its direct children's texts go through the later patterns.
    fn handle_children(&mut self, text: String, pattern: usize) -> String {
        let text = self.handle(text, pattern + 1);
        let mut i = 0;
        while let Some(off) = text.get(i..).and_then(|r| r.find(STX)) {
            let at = i + off;
            let Some((n, end)) = placeholder_at(&text, at) else {
                i = at + 1;
                continue;
            };
            if let Some(Node::Em(inner) | Node::Strong(inner)) = self.nodes.get_mut(n) {
                let inner = std::mem::take(inner);
                let done = self.handle(inner, pattern + 1);
                if let Some(Node::Em(t) | Node::Strong(t)) = self.nodes.get_mut(n) {
                    *t = done;
                }
            }
            i = end;
        }
        text
    }

    /// The first match of `pattern` in `data` at or after `from`.
    fn find(&mut self, pattern: usize, data: &str, from: usize) -> Option<Found> {
        let b = data.as_bytes();
        let mut i = from;
        while i < b.len() {
            let c = b[i];
            let found = match (pattern, c) {
                (BACKTICK, b'\\' | b'`') => backtick(data, i),
                (ESCAPE, b'\\') => Some(self.escape(data, i)),
                (REFERENCE, b'[') if prev_char(data, i) != Some('!') => {
                    self.reference(data, i, i, false)
                }
                (LINK, b'[') if prev_char(data, i) != Some('!') => self.link(data, i, i, false),
                (IMAGE, b'!') if b.get(i + 1) == Some(&b'[') => self.link(data, i, i + 1, true),
                (IMAGE_REF, b'!') if b.get(i + 1) == Some(&b'[') => {
                    self.reference(data, i, i + 1, true)
                }
                (SHORT_REF, b'[') if prev_char(data, i) != Some('!') => {
                    self.short_reference(data, i, i, false)
                }
                (SHORT_IMAGE_REF, b'!') if b.get(i + 1) == Some(&b'[') => {
                    self.short_reference(data, i, i + 1, true)
                }
                (AUTOLINK, b'<') => autolink(data, i),
                (AUTOMAIL, b'<') => automail(data, i),
                (LINE_BREAK, b' ') if data[i..].starts_with("  \n") => {
                    Some(Found::Node(i, i + 3, Node::Break))
                }
                (HTML, b'<') => html(data, i),
                (ENTITY, b'&') => entity(data, i),
                (NOT_STRONG, b'*' | b'_') => not_strong(data, i),
                (STAR, b'*') => self.emphasis(data, i, b'*'),
                (UNDERSCORE, b'_') => self.emphasis(data, i, b'_'),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
            i += 1;
            while i < b.len() && !data.is_char_boundary(i) {
                i += 1;
            }
        }
        None
    }

    fn escape(&mut self, data: &str, i: usize) -> Found {
        match next_char(data, i + 1) {
            Some(c) if c.is_ascii() && ESCAPABLE.contains(&(c as u8)) => {
                Found::Node(i, i + 2, Node::Text(c.to_string()))
            }
            Some(c) => Found::Skip(i + 1 + c.len_utf8()),
            None => Found::Skip(i + 1),
        }
    }

    /// `[text](dest "title")` (or `![alt](…)` with `image`); `bracket` is the `[`.
    fn link(&mut self, data: &str, start: usize, bracket: usize, image: bool) -> Option<Found> {
        let (text, after) = bracket_text(data, bracket + 1)?;
        let (dest, title, end) = link_target(data, after)?;
        let dest = decode_refs(&self.unescape(&dest));
        let title = title
            .map(|t| decode_refs(&self.unescape(&t)))
            .unwrap_or_default();
        Some(Found::Node(
            start,
            end,
            self.link_node(dest, title, text, image),
        ))
    }

    fn link_node(&self, dest: String, title: String, text: &str, image: bool) -> Node {
        if image {
            Node::Image {
                dest,
                title,
                alt: self.unescape(text),
            }
        } else {
            Node::Link {
                dest,
                title,
                text: text.to_string(),
            }
        }
    }

    /// `[text][label]` or `[text][]` (the label may follow after one white space).
    fn reference(
        &mut self,
        data: &str,
        start: usize,
        bracket: usize,
        image: bool,
    ) -> Option<Found> {
        let (text, after) = bracket_text(data, bracket + 1)?;
        let mut at = after;
        if let Some(c) = next_char(data, at).filter(|c| c.is_whitespace()) {
            at += c.len_utf8();
        }
        let rest = data.get(at..)?.strip_prefix('[')?;
        let close = rest.find(']')?;
        let label = &rest[..close];
        let end = at + 1 + close + 1;
        let label = if label.is_empty() { text } else { label };
        Some(self.resolve(label, text, start, end, image))
    }

    /// `[label]` alone.
    fn short_reference(
        &mut self,
        data: &str,
        start: usize,
        bracket: usize,
        image: bool,
    ) -> Option<Found> {
        let (text, end) = bracket_text(data, bracket + 1)?;
        Some(self.resolve(text, text, start, end, image))
    }

    fn resolve(&self, label: &str, text: &str, start: usize, end: usize, image: bool) -> Found {
        let found = self.defs.and_then(|d| d.get(label));
        match found {
            Some((dest, title)) => Found::Node(
                start,
                end,
                self.link_node(dest.clone(), title.clone(), text, image),
            ),
            None => Found::Skip(end),
        }
    }

    /// `data` with its placeholders replaced by their text.
    fn unescape(&self, data: &str) -> String {
        let mut out = String::with_capacity(data.len());
        self.plain(data, &mut out);
        out
    }

    fn plain(&self, data: &str, out: &mut String) {
        let mut i = 0;
        while let Some(off) = data.get(i..).and_then(|r| r.find(STX)) {
            let at = i + off;
            out.push_str(&data[i..at]);
            match placeholder_at(data, at) {
                Some((n, end)) => {
                    match self.nodes.get(n) {
                        Some(Node::Text(t) | Node::Code(t) | Node::Html(t)) => out.push_str(t),
                        Some(Node::Link { text, .. } | Node::Em(text) | Node::Strong(text)) => {
                            self.plain(text, out);
                        }
                        Some(Node::Image { alt, .. }) => out.push_str(alt),
                        Some(Node::Auto { dest, .. }) => out.push_str(dest),
                        Some(Node::Break) => out.push('\n'),
                        None => {}
                    }
                    i = end;
                }
                None => {
                    out.push(STX);
                    i = at + STX.len_utf8();
                }
            }
        }
        out.push_str(&data[i..]);
    }

    fn emit(&self, data: &str, out: &mut Vec<Event<'static>>) {
        let mut text = String::new();
        let flush = |text: &mut String, out: &mut Vec<Event<'static>>| {
            if !text.is_empty() {
                out.push(Event::Text(CowStr::from(std::mem::take(text))));
            }
        };
        let mut i = 0;
        while let Some(off) = data.get(i..).and_then(|r| r.find(STX)) {
            let at = i + off;
            text.push_str(&data[i..at]);
            let Some((n, end)) = placeholder_at(data, at) else {
                text.push(STX);
                i = at + STX.len_utf8();
                continue;
            };
            i = end;
            let Some(node) = self.nodes.get(n) else {
                continue;
            };
            if let Node::Text(t) = node {
                text.push_str(t);
                continue;
            }
            flush(&mut text, out);
            match node {
                Node::Text(_) => {}
                Node::Code(t) => out.push(Event::Code(CowStr::from(t.clone()))),
                Node::Link { dest, title, text } => {
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(dest.clone()),
                        title: CowStr::from(title.clone()),
                        id: CowStr::Borrowed(""),
                    }));
                    self.emit(text, out);
                    out.push(Event::End(TagEnd::Link));
                }
                Node::Image { dest, title, alt } => {
                    out.push(Event::Start(Tag::Image {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(dest.clone()),
                        title: CowStr::from(title.clone()),
                        id: CowStr::Borrowed(""),
                    }));
                    if !alt.is_empty() {
                        out.push(Event::Text(CowStr::from(alt.clone())));
                    }
                    out.push(Event::End(TagEnd::Image));
                }
                Node::Auto { dest, email } => {
                    out.push(Event::Start(Tag::Link {
                        link_type: if *email {
                            LinkType::Email
                        } else {
                            LinkType::Autolink
                        },
                        dest_url: CowStr::from(dest.clone()),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }));
                    out.push(Event::Text(CowStr::from(dest.clone())));
                    out.push(Event::End(TagEnd::Link));
                }
                Node::Break => out.push(Event::HardBreak),
                Node::Html(raw) => out.push(Event::InlineHtml(CowStr::from(raw.clone()))),
                Node::Em(inner) => {
                    out.push(Event::Start(Tag::Emphasis));
                    self.emit(inner, out);
                    out.push(Event::End(TagEnd::Emphasis));
                }
                Node::Strong(inner) => {
                    out.push(Event::Start(Tag::Strong));
                    self.emit(inner, out);
                    out.push(Event::End(TagEnd::Strong));
                }
            }
        }
        text.push_str(&data[i..]);
        flush(&mut text, out);
    }
}

/// Code spans, and pairs of backslashes before backticks (each pair one backslash).
fn backtick(data: &str, i: usize) -> Option<Found> {
    let b = data.as_bytes();
    if i > 0 && b[i - 1] == b'\\' {
        return None;
    }
    let run = |from: usize, c: u8| b[from..].iter().take_while(|&&x| x == c).count();
    if b[i] == b'\\' {
        let n = run(i, b'\\');
        return (n % 2 == 0 && b.get(i + n) == Some(&b'`'))
            .then(|| Found::Node(i, i + n, Node::Text("\\".repeat(n / 2))));
    }
    let n = run(i, b'`');
    // The opening run gives up backticks until a closing run of its length is found.
    for k in (1..=n).rev() {
        let s = i + k;
        let mut j = s + 1;
        while j + k <= b.len() {
            if b[j..j + k].iter().all(|&x| x == b'`')
                && b[j - 1] != b'`'
                && b.get(j + k) != Some(&b'`')
                && data.is_char_boundary(j)
            {
                let code = data.get(s..j)?.trim_matches(|c: char| c.is_whitespace());
                return Some(Found::Node(i, j + k, Node::Code(code.to_string())));
            }
            j += 1;
        }
    }
    None
}

/// The text between `[` (just before `from`) and its matching `]`, nested brackets counted,
/// and the index after the `]`.
fn bracket_text(data: &str, from: usize) -> Option<(&str, usize)> {
    let mut depth = 1usize;
    for (off, c) in data.get(from..)?.bytes().enumerate() {
        match c {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&data[from..from + off], from + off + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// `(dest "title")` at `at`: the destination, the title and the index after the `)`.
fn link_target(data: &str, at: usize) -> Option<(String, Option<String>, usize)> {
    let rest = data.get(at..)?.strip_prefix('(')?;
    let lead = rest.len() - rest.trim_start().len();
    let body_start = at + 1 + lead;
    let body = &data[body_start..];
    if let Some(inner) = body.strip_prefix('<') {
        // `(<dest> "title")`
        let close = inner.find(['>', '<'])?;
        if inner.as_bytes()[close] != b'>' {
            return None;
        }
        let dest = inner[..close].trim().to_string();
        let after = inner[close + 1..].trim_start();
        let (title, tail) = quoted(after).map_or((None, after), |(t, r)| (Some(t), r));
        let tail_trim = tail.trim_start();
        let rest_after = tail_trim.strip_prefix(')')?;
        let end = data.len() - rest_after.len();
        return Some((dest, title, end));
    }
    // Balanced parentheses up to the closing one; a quoted title may end the content.
    let mut depth = 1usize;
    let mut close = None;
    let mut quote: Option<u8> = None;
    for (off, c) in body.bytes().enumerate() {
        match c {
            b'"' | b'\'' if quote.is_none() && body[..off].ends_with([' ', '\t', '\n']) => {
                quote = Some(c);
            }
            b'(' if quote.is_none() => depth += 1,
            b')' => {
                let in_title = quote.is_some_and(|q| !body[..off].trim_end().ends_with(q as char));
                if !in_title || quote.is_none() {
                    depth -= 1;
                    if depth == 0 || quote.is_some() {
                        close = Some(off);
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let inner = &body[..close];
    let end = body_start + close + 1;
    let trimmed = inner.trim_end();
    for q in ['"', '\''] {
        if trimmed.len() >= 2 && trimmed.ends_with(q) {
            let head = &trimmed[..trimmed.len() - 1];
            if let Some(open) = head.rfind(q) {
                let before = &head[..open];
                if before.ends_with([' ', '\t', '\n']) || before.is_empty() {
                    let title: String = head[open + 1..]
                        .chars()
                        .map(|c| if c.is_whitespace() { ' ' } else { c })
                        .collect();
                    return Some((before.trim().to_string(), Some(title), end));
                }
            }
        }
    }
    Some((inner.trim().to_string(), None, end))
}

/// A title in quotes at the start of `s`, and what follows it.
fn quoted(s: &str) -> Option<(String, &str)> {
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let close = s[1..].find(q)?;
    Some((s[1..1 + close].to_string(), &s[1 + close + 1..]))
}

/// `<http://…>`, `<https://…>`, `<ftp://…>`, `<ftps://…>` (any case).
fn autolink(data: &str, i: usize) -> Option<Found> {
    let rest = &data[i + 1..];
    let lower: String = rest
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = ["https://", "http://", "ftps://", "ftp://"]
        .into_iter()
        .find(|s| lower.starts_with(s))?;
    let close = rest.find(['<', '>'])?;
    if rest.as_bytes()[close] != b'>' || close < scheme.len() {
        return None;
    }
    let dest = rest[..close].to_string();
    Some(Found::Node(
        i,
        i + 1 + close + 1,
        Node::Auto { dest, email: false },
    ))
}

/// `<name@host>`.
fn automail(data: &str, i: usize) -> Option<Found> {
    let rest = &data[i + 1..];
    let at = rest.find(['<', '>', ' ', '!', '@'])?;
    if rest.as_bytes()[at] != b'@' || at == 0 {
        return None;
    }
    let host = &rest[at + 1..];
    let close = host.find(['<', '>', ' ', '@'])?;
    if host.as_bytes()[close] != b'>' || close == 0 {
        return None;
    }
    let mut dest = rest[..at + 1 + close].to_string();
    if dest.starts_with("mailto:") {
        dest.drain(..7);
    }
    Some(Found::Node(
        i,
        i + 1 + at + 1 + close + 1,
        Node::Auto { dest, email: true },
    ))
}

/// A raw HTML tag (`<x …>`, `</x>`) or comment (`<!-- … -->`).
fn html(data: &str, i: usize) -> Option<Found> {
    let rest = &data[i + 1..];
    if let Some(body) = rest.strip_prefix("!--") {
        let end = body.find("-->")?;
        if body[..end].contains("<!--") {
            return None;
        }
        let len = 1 + 3 + end + 3;
        return Some(Found::Node(
            i,
            i + len,
            Node::Html(data[i..i + len].to_string()),
        ));
    }
    let name = rest.strip_prefix('/').unwrap_or(rest);
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // A name of anything but `<>@ `, then optionally a space and anything but `<>`.
    let name_end = name.find(['<', '>', '@', ' '])?;
    let after_name = &name[name_end..];
    let close = match after_name.as_bytes()[0] {
        b'>' => name_end,
        b' ' => {
            name_end
                + after_name
                    .find(['<', '>'])
                    .filter(|&e| after_name.as_bytes()[e] == b'>')?
        }
        _ => return None,
    };
    let len = (rest.len() - name.len()) + 1 + close + 1;
    Some(Found::Node(
        i,
        i + len,
        Node::Html(data[i..i + len].to_string()),
    ))
}

/// `&name;`, `&#123;`, `&#x1F;`: kept as written.
fn entity(data: &str, i: usize) -> Option<Found> {
    let rest = &data[i + 1..];
    let semi = rest.find(';')?;
    let body = &rest[..semi];
    let ok = if let Some(num) = body.strip_prefix('#') {
        match num.strip_prefix('x') {
            Some(hex) => !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()),
            None => !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()),
        }
    } else {
        !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    ok.then(|| {
        Found::Node(
            i,
            i + semi + 2,
            Node::Html(data[i..i + semi + 2].to_string()),
        )
    })
}

/// One to three `*` or `_` with white space (or the text's ends) on both sides: text.
fn not_strong(data: &str, i: usize) -> Option<Found> {
    if prev_char(data, i).is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let c = data.as_bytes()[i];
    let n = data[i..].bytes().take_while(|&x| x == c).count();
    // The regex takes at most three and then needs white space or the end.
    let n = n.min(3);
    let after = next_char(data, i + n);
    (after.is_none_or(char::is_whitespace))
        .then(|| Found::Node(i, i + n, Node::Text(data[i..i + n].to_string())))
}

/// A link's destination or title as a browser reads the site's attribute: numeric character
/// references and `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` decoded (other named ones stay
/// as written, and the sanitizer takes a `&` before the scheme's end as unsafe).
fn decode_refs(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let decoded = rest.find(';').and_then(|semi| {
            let body = &rest[1..semi];
            let c = match body.strip_prefix('#') {
                Some(n) => match n.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse::<u32>().ok(),
                }
                .filter(|_| !n.is_empty() && !n.starts_with('+'))
                .map(|v| {
                    char::from_u32(v)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{fffd}')
                }),
                None => match body {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => None,
                },
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
