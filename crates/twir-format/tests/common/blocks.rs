//! HTML as a reader sees it, block by block, to compare the preview with the site's HTML:
//! each paragraph, heading, list item, code block, table row and rule becomes a [`Block`] with
//! its tag, how deep it sits in lists and quotes, its own text (white space collapsed,
//! entities decoded) and the targets of its links. Included by `pymd_parity.rs`.
//!
//! What a reader cannot see is left out on purpose: comments, wrapper `<div>`s and syntax
//! highlighting spans (the site's code blocks), the preview's front-matter header, and the
//! empty self-link the site nests around a heading's own link (a browser closes the outer
//! `<a>` before the inner one opens, so it shows nothing). The preview's `h-` prefix on heading
//! ids (kept against DOM clobbering) is removed from ids and `#` links.

use std::collections::BTreeMap;
use std::fmt;

/// One block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub tag: String,
    /// Lists and quotes around it.
    pub depth: usize,
    pub text: String,
    pub links: Vec<String>,
    /// A heading's id.
    pub id: String,
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}> depth {}", self.tag, self.depth)?;
        if !self.id.is_empty() {
            write!(f, " #{}", self.id)?;
        }
        let text: String = self.text.chars().take(110).collect();
        write!(f, " {text:?}")?;
        if !self.links.is_empty() {
            write!(f, " → {}", self.links.join(" "))?;
        }
        Ok(())
    }
}

const BLOCKS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "hr", "dt", "dd",
];
const CONTAINERS: &[&str] = &["ul", "ol", "blockquote", "dl"];

struct Anchor {
    href: String,
    /// Text seen inside it before it closed or another link opened in it.
    shown: bool,
    /// Still open in the browser's reading (a nested `<a>` closes the outer one).
    open: bool,
}

/// The blocks of `html` in document order.
pub fn blocks(html: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Indices into `out` of the blocks open now, innermost last.
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut skip_header = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            add_text(&mut out, &open, &mut anchors, rest, skip_header);
            break;
        };
        add_text(&mut out, &open, &mut anchors, &rest[..lt], skip_header);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            add_text(&mut out, &open, &mut anchors, rest, skip_header);
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/').trim_end_matches('/');
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        let attrs = &body[name_end..];
        if name == "header" && (closing || attr(attrs, "class") == "twir-front-matter") {
            if closing {
                skip_header = skip_header.saturating_sub(1);
            } else {
                skip_header += 1;
            }
            continue;
        }
        if skip_header > 0 {
            continue;
        }
        if CONTAINERS.contains(&name.as_str()) {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
            }
        } else if BLOCKS.contains(&name.as_str()) {
            if closing {
                if let Some(at) = open.iter().rposition(|&i| out[i].tag == name) {
                    for &i in &open[at..] {
                        finish(&mut out[i]);
                    }
                    open.truncate(at);
                }
            } else {
                out.push(Block {
                    tag: name.clone(),
                    depth,
                    text: String::new(),
                    links: Vec::new(),
                    id: attr(attrs, "id").trim_start_matches("h-").to_string(),
                });
                if name != "hr" {
                    open.push(out.len() - 1);
                }
            }
        } else if name == "a" {
            if closing {
                if let Some(a) = anchors.pop() {
                    if a.open && a.shown {
                        push_link(&mut out, &open, a.href);
                    }
                }
            } else {
                // A link inside a link: the browser ends the outer one here.
                if let Some(outer) = anchors.iter_mut().rev().find(|a| a.open) {
                    outer.open = false;
                    if outer.shown {
                        let href = outer.href.clone();
                        push_link(&mut out, &open, href);
                    }
                }
                anchors.push(Anchor {
                    href: attr(attrs, "href"),
                    shown: false,
                    open: true,
                });
            }
        } else if matches!(name.as_str(), "br" | "td" | "th") {
            // Cells and line breaks separate words.
            add_text(&mut out, &open, &mut anchors, " ", 0);
        }
    }
    for &i in &open {
        finish(&mut out[i]);
    }
    out
}

fn push_link(out: &mut [Block], open: &[usize], href: String) {
    let href = match href.strip_prefix("#h-") {
        Some(rest) => format!("#{rest}"),
        None => href,
    };
    // `ó` and `%C3%B3` are the same address to a browser.
    let href = percent_decode(&href);
    if let Some(&i) = open.last() {
        out[i].links.push(href);
    }
}

fn add_text(out: &mut Vec<Block>, open: &[usize], anchors: &mut [Anchor], raw: &str, skip: usize) {
    if skip > 0 || raw.is_empty() {
        return;
    }
    if !raw.trim().is_empty() {
        for a in anchors.iter_mut().filter(|a| a.open) {
            a.shown = true;
        }
    }
    let text = decode(raw);
    match open.last() {
        Some(&i) => out[i].text.push_str(&text),
        // Text outside any block (raw HTML on the site): a block of its own.
        None if !text.trim().is_empty() => out.push(Block {
            tag: "#text".into(),
            depth: 0,
            text,
            links: Vec::new(),
            id: String::new(),
        }),
        None => {}
    }
}

fn finish(b: &mut Block) {
    b.text = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
}

/// The value of attribute `name` in a tag's attribute text (quoted or not), decoded.
fn attr(attrs: &str, name: &str) -> String {
    let mut rest = attrs;
    while let Some(at) = rest.find(name) {
        let before_ok = rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if let (true, Some(v)) = (before_ok, after.strip_prefix('=')) {
            let v = v.trim_start();
            let value = match v.chars().next() {
                Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
                _ => v.split(char::is_whitespace).next().unwrap_or(""),
            };
            return decode(value);
        }
        rest = &rest[at + name.len()..];
    }
    String::new()
}

/// Decodes `%XX` escapes that form UTF-8 text.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |k: usize| {
            b.get(k)
                .and_then(|&c| (c as char).to_digit(16))
                .map(|d| d as u8)
        };
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(h * 16 + l);
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Decodes the character references either side writes.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e < 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
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

/// How two pages compare, block by block.
#[derive(Default)]
pub struct Tally {
    pub matched: usize,
    /// Divergences by kind: `li: depth`, `site only: p`, …
    pub kinds: BTreeMap<String, usize>,
    /// The first differences, for the report.
    pub samples: Vec<String>,
}

impl Tally {
    /// Every block compared: matched, changed pairs, and blocks on one side only.
    pub fn total(&self) -> usize {
        self.matched + self.kinds.values().sum::<usize>()
    }

    pub fn differing(&self) -> usize {
        self.kinds.values().sum()
    }

    pub fn share(&self) -> f64 {
        if self.total() == 0 {
            1.0
        } else {
            self.matched as f64 / self.total() as f64
        }
    }

    /// Aligns the site's blocks with the preview's (longest common subsequence), then pairs
    /// the unmatched ones between two matches by tag, and counts each divergence by kind.
    pub fn compare(&mut self, file: &str, site: &[Block], preview: &[Block], samples: usize) {
        let pairs = lcs(site, preview);
        self.matched += pairs.len();
        let (mut i, mut j) = (0, 0);
        for (a, b) in pairs.into_iter().chain([(site.len(), preview.len())]) {
            self.gap(file, &site[i..a], &preview[j..b], samples);
            (i, j) = (a + 1, b + 1);
        }
    }

    fn gap(&mut self, file: &str, site: &[Block], preview: &[Block], samples: usize) {
        let mut used = vec![false; preview.len()];
        let mut from = 0;
        for s in site {
            let found = (from..preview.len()).find(|&k| !used[k] && preview[k].tag == s.tag);
            match found {
                Some(k) => {
                    used[k] = true;
                    from = k + 1;
                    let p = &preview[k];
                    let mut what = Vec::new();
                    for (differs, name) in [
                        (s.depth != p.depth, "depth"),
                        (s.text != p.text, "text"),
                        (s.links != p.links, "links"),
                        (s.id != p.id, "id"),
                    ] {
                        if differs {
                            what.push(name);
                        }
                    }
                    let mut kind = format!("{}: {}", s.tag, what.join("+"));
                    if let Some(why) = accepted(s, p) {
                        kind = format!("accepted ({why}): {kind}");
                    }
                    self.note(
                        kind,
                        file,
                        &format!("site    {s}\n    preview {p}"),
                        samples,
                    );
                }
                None => self.note(
                    format!("site only: {}", s.tag),
                    file,
                    &format!("site    {s}"),
                    samples,
                ),
            }
        }
        for (k, p) in preview.iter().enumerate().filter(|(k, _)| !used[*k]) {
            let _ = k;
            self.note(
                format!("preview only: {}", p.tag),
                file,
                &format!("preview {p}"),
                samples,
            );
        }
    }

    fn note(&mut self, kind: String, file: &str, detail: &str, samples: usize) {
        if self.samples.len() < samples {
            self.samples.push(format!("{file}: [{kind}]\n    {detail}"));
        }
        *self.kinds.entry(kind).or_default() += 1;
    }

    /// The summary printed by the tests.
    pub fn report(&self, label: &str) -> String {
        let mut s = format!(
            "{label}: {}/{} blocks match ({:.3} %), {} differ\n",
            self.matched,
            self.total(),
            self.share() * 100.0,
            self.differing()
        );
        let mut kinds: Vec<_> = self.kinds.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (kind, n) in kinds {
            s.push_str(&format!("  {n:6}  {kind}\n"));
        }
        for sample in &self.samples {
            s.push_str(sample);
            s.push('\n');
        }
        s
    }
}

/// Why a changed block is a difference kept on purpose (ARCHITECTURE.md, "Preview vs. the
/// site"), if it is: a link the preview keeps inert, or raw HTML it shows as text.
fn accepted(site: &Block, preview: &Block) -> Option<&'static str> {
    let (tag, depth, id) = (&site.tag, site.depth, &site.id);
    if (tag, depth, id) != (&preview.tag, preview.depth, &preview.id) {
        return None;
    }
    let live = |href: &String| {
        let scheme = href.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        match scheme {
            Some(s) if !s.contains(['/', '?', '#']) => {
                ["http", "https", "mailto", "ftp", "irc", "ircs"].contains(&s.as_str())
            }
            _ => true,
        }
    };
    let inert: Vec<&String> = site.links.iter().filter(|h| !live(h)).collect();
    let kept: Vec<&String> = site.links.iter().filter(|h| live(h)).collect();
    if site.text == preview.text
        && !inert.is_empty()
        && kept == preview.links.iter().collect::<Vec<_>>()
    {
        return Some("inert link");
    }
    // The preview's text without what looks like tags is the site's text.
    let mut bare = String::new();
    let mut rest = preview.text.as_str();
    while let Some(lt) = rest.find('<') {
        bare.push_str(&rest[..lt]);
        let tag_like =
            rest[lt + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match rest[lt..].find('>').filter(|_| tag_like) {
            Some(gt) => rest = &rest[lt + gt + 1..],
            None => {
                bare.push('<');
                rest = &rest[lt + 1..];
            }
        }
    }
    bare.push_str(rest);
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    (site.links == preview.links && bare != preview.text && squeeze(&bare) == squeeze(&site.text))
        .then_some("raw HTML shown as text")
}

/// Index pairs of a longest common subsequence of equal blocks.
fn lcs(a: &[Block], b: &[Block]) -> Vec<(usize, usize)> {
    // Equal heads and tails first: most of a page matches, which keeps the table small.
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let (n, m) = (ma.len(), mb.len());
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * (m + 1) + j] = if ma[i] == mb[j] {
                t[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
            };
        }
    }
    let mut pairs: Vec<(usize, usize)> = (0..head).map(|k| (k, k)).collect();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if ma[i] == mb[j] {
            pairs.push((head + i, head + j));
            i += 1;
            j += 1;
        } else if t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs.extend((0..tail).map(|k| (a.len() - tail + k, b.len() - tail + k)));
    pairs
}
