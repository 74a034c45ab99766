//! The site's renderer (Python-Markdown 3.7) cuts a part's text into blocks unlike
//! CommonMark; [`blocks`] cuts it as Python-Markdown does, into the tree `reader.rs` writes.
//!
//! What it follows (Python-Markdown's block parser, in short): the text is split into blocks
//! at blank lines, headings, fences and comment lines.
//! - A block is a list only when its first line is an item (`* `, `- `, `+ `, `1. ` after at
//!   most 3 spaces); a paragraph keeps any item lines after its first line as text.
//! - In a list, every item line indented 0–3 spaces is an item of that list (so items indented
//!   2 spaces are not nested), lines indented 4–7 spaces start a nested list, and any other
//!   line continues the item above.
//! - A list block after a list block (only blank lines between) continues that list: the last
//!   item before the blank and the first after it get `<p>`; a block indented 4 spaces after a
//!   list belongs to its last item (which then gets `<p>` too).
//! - A heading needs its `#` in the first column; ` # x` is text.
//! - A comment line with anything after `-->`, even a space, takes the lines below it into
//!   one paragraph.
//! - Fences are read at the top level only (`fenced_code` runs before the block parser): in a
//!   quote, a fence is text.
//!
//! Parts never share a block (each starts at a heading), so a part is read alone.

use std::borrow::Cow;

pub(super) struct List<'a> {
    pub(super) ordered: bool,
    pub(super) items: Vec<Item<'a>>,
}

pub(super) struct Item<'a> {
    /// The text after the marker, then the lines that continue it, as written.
    pub(super) text: Vec<&'a str>,
    /// Its text is wrapped in `<p>`.
    pub(super) loose: bool,
    pub(super) children: Vec<Child<'a>>,
}

pub(super) enum Child<'a> {
    List(List<'a>),
    Para(Vec<&'a str>),
}

pub(super) enum Top<'a> {
    Blank,
    /// A `#` heading line.
    Heading(&'a str),
    /// A rule that splits a block (`***`, `- - -`).
    Rule,
    /// A fenced code block, fences included (the closing one may be missing).
    Fence(Vec<&'a str>),
    /// Comment lines (and what follows `-->` on the last).
    Comment(Vec<&'a str>),
    /// Reference definitions only.
    Defs(Vec<&'a str>),
    /// A block indented 4 spaces (code).
    Indented(Vec<&'a str>),
    /// A paragraph-like block: nothing may interrupt it.
    Para(Vec<&'a str>),
    List(List<'a>),
}

/// Line ends as Python reads a file (`\r\n` and `\r` become `\n`), tabs expanded to 4
/// columns, lines of spaces emptied (as Python-Markdown does first).
pub(super) fn normalize(md: &str) -> Cow<'_, str> {
    let space_line = |l: &str| !l.is_empty() && l.bytes().all(|b| b == b' ');
    // One pass over the bytes: most parts need none of it.
    let (mut clean, mut spaces_only, mut empty) = (true, true, true);
    for b in md.bytes() {
        match b {
            b'\r' | b'\t' => clean = false,
            b'\n' => {
                clean &= empty || !spaces_only;
                (spaces_only, empty) = (true, true);
            }
            b' ' => empty = false,
            _ => (spaces_only, empty) = (false, false),
        }
    }
    if clean && (empty || !spaces_only) {
        return Cow::Borrowed(md);
    }
    let unified = md.replace("\r\n", "\n").replace('\r', "\n");
    let mut s = String::with_capacity(unified.len());
    for (i, l) in unified.split('\n').enumerate() {
        if i > 0 {
            s.push('\n');
        }
        if l.contains('\t') {
            let start = s.len();
            let mut col = 0usize;
            for c in l.chars() {
                if c == '\t' {
                    let n = 4 - col % 4;
                    s.extend(std::iter::repeat_n(' ', n));
                    col += n;
                } else {
                    s.push(c);
                    col += 1;
                }
            }
            if space_line(&s[start..]) {
                s.truncate(start);
            }
        } else if !space_line(l) {
            s.push_str(l);
        }
    }
    Cow::Owned(s)
}

pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The text after an item marker (`*`, `-`, `+` or `1.` and at least one space) at the
/// start of `rest`, and whether the marker is a number.
fn after_marker(rest: &str) -> Option<(&str, bool)> {
    let (body, ordered) = match rest.as_bytes().first()? {
        b'*' | b'-' | b'+' => (&rest[1..], false),
        b'0'..=b'9' => {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (rest[digits..].strip_prefix('.')?, true)
        }
        _ => return None,
    };
    body.starts_with(' ')
        .then(|| (body.trim_start_matches(' '), ordered))
}

/// An item line at 0–3 spaces: its text and whether it is numbered.
fn item_line(line: &str) -> Option<(&str, bool)> {
    (indent_of(line) <= 3).then(|| after_marker(line.trim_start_matches(' ')))?
}

/// An item line indented 4–7 spaces: a nested item.
fn nested_item_line(line: &str) -> bool {
    (4..=7).contains(&indent_of(line)) && after_marker(line.trim_start_matches(' ')).is_some()
}

pub(super) fn is_fence(line: &str) -> Option<(u8, usize)> {
    let c = *line.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = line.len() - line.trim_start_matches(c as char).len();
    (n >= 3).then_some((c, n))
}

fn is_heading(line: &str) -> bool {
    line.starts_with('#')
}

/// A thematic break (`***`, `- - -`, `___`), which both renderers take as a rule.
pub(super) fn is_rule(t: &str) -> bool {
    // Most lines start with something else: decide on the first byte.
    if !t.trim_start_matches(' ').starts_with(['*', '-', '_']) {
        return false;
    }
    let t = t.trim();
    let Some(c) = t.chars().next().filter(|c| matches!(c, '*' | '-' | '_')) else {
        return false;
    };
    t.chars().filter(|&x| x == c).count() >= 3 && t.chars().all(|x| x == c || x == ' ')
}

/// A rule that splits a block (`***`, `* * *`, `_ _ _`, `- - -`): a run of `-` alone may
/// underline a heading instead, so it is left to the block.
fn is_break(line: &str) -> bool {
    indent_of(line) <= 3 && is_rule(line) && !line.trim().chars().all(|c| c == '-')
}

pub(super) fn is_link_def(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    indent_of(line) <= 3
        && t.starts_with('[')
        && t.find("]:")
            .is_some_and(|e| e > 1 && !t[1..e].contains(']'))
}

/// Splits the lines into Python-Markdown's top-level blocks (`nested`: inside a quote, where
/// fences are text).
pub(super) fn blocks<'a>(lines: &[&'a str], nested: bool) -> Vec<Top<'a>> {
    let mut tops: Vec<Top<'a>> = Vec::new();
    // The list a following list block or indented block continues.
    let mut open_list: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.is_empty() {
            tops.push(Top::Blank);
            i += 1;
            continue;
        }
        if let Some((c, n)) = is_fence(line).filter(|_| !nested) {
            let end = (i + 1..lines.len())
                .find(|&j| is_fence(lines[j]).is_some_and(|(d, m)| d == c && m >= n))
                .map_or(lines.len(), |j| j + 1);
            tops.push(Top::Fence(lines[i..end].to_vec()));
            open_list = None;
            i = end;
            continue;
        }
        if line.starts_with("<!--") {
            let end = (i..lines.len())
                .find(|&j| lines[j].contains("-->"))
                .unwrap_or(lines.len() - 1);
            let close = lines[end];
            let after = &close[close.find("-->").map_or(close.len(), |e| e + 3)..];
            tops.push(Top::Comment(lines[i..=end].to_vec()));
            open_list = None;
            i = end + 1;
            if !after.is_empty() {
                // Not a block of its own: the lines below join it in a paragraph.
                let stop = block_end(lines, i, nested);
                if stop > i {
                    tops.push(Top::Para(lines[i..stop].to_vec()));
                }
                i = stop;
            }
            continue;
        }
        if is_heading(line) || is_break(line) {
            tops.push(if is_heading(line) {
                Top::Heading(line)
            } else {
                Top::Rule
            });
            open_list = None;
            i += 1;
            continue;
        }
        let end = block_end(lines, i, nested);
        let block = &lines[i..end];
        i = end;
        if item_line(block[0]).is_some() {
            let list = parse_list(block);
            match open_list.and_then(|k| match &mut tops[k] {
                Top::List(l) => Some(l),
                _ => None,
            }) {
                Some(prev) => continue_list(prev, list),
                None => {
                    open_list = Some(tops.len());
                    tops.push(Top::List(list));
                }
            }
        } else if indent_of(block[0]) >= 4 {
            match open_list.and_then(|k| match &mut tops[k] {
                Top::List(l) => Some(l),
                _ => None,
            }) {
                Some(prev) => list_indent(prev, block),
                None => tops.push(Top::Indented(block.to_vec())),
            }
        } else if block.iter().all(|l| is_link_def(l)) {
            // Definitions leave no element behind: a list may still continue after them.
            tops.push(Top::Defs(block.to_vec()));
        } else {
            tops.push(Top::Para(block.to_vec()));
            open_list = None;
        }
    }
    tops
}

/// Where the block starting at `i` ends: a blank line, a heading, a fence or a comment.
fn block_end(lines: &[&str], i: usize, nested: bool) -> usize {
    (i..lines.len())
        .find(|&j| {
            let l = lines[j];
            l.is_empty()
                || (j > i
                    && (is_heading(l)
                        || (!nested && is_fence(l).is_some())
                        || l.starts_with("<!--")
                        || is_break(l)))
        })
        .unwrap_or(lines.len())
}

/// A list block after a list: the same list, with `<p>` on both sides of the gap.
fn continue_list<'a>(prev: &mut List<'a>, mut next: List<'a>) {
    if let Some(last) = prev.items.last_mut() {
        last.loose |= has_text(last);
    }
    if let Some(first) = next.items.first_mut() {
        first.loose = true;
    }
    prev.items.append(&mut next.items);
}

fn has_text(item: &Item<'_>) -> bool {
    item.text.iter().any(|l| !l.trim().is_empty())
}

/// A block indented by 4 or more spaces after a list: it goes as deep into the last items as
/// its indentation says.
fn list_indent<'a>(top: &mut List<'a>, block: &[&'a str]) {
    let levels = indent_of(block[0]) / 4;
    // Descend while the last item has a nested list and the block is indented deeper.
    let mut depth = 0;
    let mut probe: &List<'a> = top;
    while levels > depth + 1 {
        match probe.items.last().and_then(|it| it.children.last()) {
            Some(Child::List(inner)) => {
                probe = inner;
                depth += 1;
            }
            _ => break,
        }
    }
    let mut list = top;
    for _ in 0..depth {
        list = match list.items.last_mut().and_then(|it| it.children.last_mut()) {
            Some(Child::List(inner)) => inner,
            _ => return,
        };
    }
    let level = depth + 1;
    let detabbed: Vec<&'a str> = block.iter().map(|l| detab(l, level * 4)).collect();
    let Some(item) = list.items.last_mut() else {
        return;
    };
    item.loose |= has_text(item);
    if item_line(detabbed[0]).is_some() {
        let nested = parse_list(&detabbed);
        match item.children.last_mut() {
            Some(Child::List(inner)) => continue_list(inner, nested),
            _ => item.children.push(Child::List(nested)),
        }
    } else {
        item.loose = true;
        item.children.push(Child::Para(detabbed));
    }
}

/// `line` without `n` leading spaces when it has them.
pub(super) fn detab(line: &str, n: usize) -> &str {
    if indent_of(line) >= n {
        &line[n..]
    } else {
        line
    }
}

/// A list block: items at 0–3 spaces, nested blocks at 4–7, other lines continue.
fn parse_list<'a>(block: &[&'a str]) -> List<'a> {
    let ordered = item_line(block[0]).is_some_and(|(_, o)| o);
    let mut items: Vec<Item<'a>> = Vec::new();
    // Lines of the nested block under the last item, not parsed yet.
    let mut nested: Vec<&'a str> = Vec::new();
    let flush = |items: &mut Vec<Item<'a>>, nested: &mut Vec<&'a str>| {
        if nested.is_empty() {
            return;
        }
        let lines: Vec<&'a str> = nested.drain(..).map(|l| detab(l, 4)).collect();
        if let Some(item) = items.last_mut() {
            let inner = parse_list(&lines);
            match item.children.last_mut() {
                Some(Child::List(l)) => l.items.extend(inner.items),
                _ => item.children.push(Child::List(inner)),
            }
        }
    };
    for &line in block {
        if let Some((text, _)) = item_line(line) {
            flush(&mut items, &mut nested);
            items.push(Item {
                text: vec![text],
                loose: false,
                children: Vec::new(),
            });
        } else if nested_item_line(line) || !nested.is_empty() {
            nested.push(line);
        } else if let Some(item) = items.last_mut() {
            item.text.push(line);
        }
    }
    flush(&mut items, &mut nested);
    List { ordered, items }
}

/// Python-Markdown's `toc` slug of a heading's text: letters (accents dropped, other
/// non-ASCII characters left out), digits, `_` and `-`, lowercase, runs of spaces and `-`
/// made one `-`.
pub(super) fn toc_slug(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_ascii() { Some(c) } else { fold_latin(c) };
        if let Some(c) = c.filter(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-') || c.is_ascii_whitespace()
        }) {
            kept.push(c.to_ascii_lowercase());
        }
    }
    let mut slug = String::with_capacity(kept.len());
    let mut gap = false;
    for c in kept.trim_matches(|c: char| c.is_ascii_whitespace()).chars() {
        if c == '-' || c.is_ascii_whitespace() {
            gap = true;
        } else {
            if gap {
                slug.push('-');
                gap = false;
            }
            slug.push(c);
        }
    }
    if gap {
        slug.push('-');
    }
    slug
}

/// The base letter of an accented Latin-1 or Latin Extended-A letter (what NFKD plus
/// dropping non-ASCII leaves of it).
fn fold_latin(c: char) -> Option<char> {
    const FROM: &str = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž";
    const TO: &str = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz";
    FROM.chars()
        .position(|x| x == c)
        .and_then(|i| TO.chars().nth(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        super::super::render_markdown(md)
    }

    #[test]
    fn items_indented_two_spaces_are_siblings() {
        assert_eq!(
            html("* a\n  * b\n   * c\n"),
            "<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>\n"
        );
        assert_eq!(
            html("* a\n    * b\n        * c\n"),
            "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn items_after_a_paragraph_line_are_text() {
        assert_eq!(html("Approved:\n* None.\n"), "<p>Approved:\n* None.</p>\n");
        assert_eq!(html("a\n1. b\n #### c\n"), "<p>a\n1. b\n #### c</p>\n");
        assert_eq!(html("<!-- x --> \n* a\n"), "<p>* a</p>\n");
        assert_eq!(html("<!-- x -->\n* a\n"), "<ul>\n<li>a</li>\n</ul>\n");
    }

    #[test]
    fn items_next_to_a_blank_line_get_paragraphs() {
        assert_eq!(
            html("* a\n* b\n\n* c\n* d\n"),
            "<ul>\n<li>a</li>\n<li>\n<p>b</p>\n</li>\n<li>\n<p>c</p>\n</li>\n<li>d</li>\n</ul>\n"
        );
        assert_eq!(
            html("* a\n\n    more\n* b\n"),
            "<ul>\n<li>\n<p>a</p>\n<p>more\n* b</p>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn backslashes_before_other_punctuation_stay() {
        assert_eq!(
            html("a \\<b\\> `\\<c` \\_ \\| \\\\"),
            "<p>a \\&lt;b&gt; <code>\\&lt;c</code> _ | \\</p>\n"
        );
    }

    #[test]
    fn line_ends_and_tabs_are_normalised() {
        assert_eq!(normalize("a\r\n\r\n\tb\r  \r\nc"), "a\n\n    b\n\nc");
    }

    #[test]
    fn odd_inputs_read_without_panicking() {
        for md in [
            "",
            "\n",
            "*",
            "* ",
            "1.",
            "-\t",
            "\r",
            "* a\r  * b\r\r    * c",
            "é\\",
            "\\",
            "`",
            "* a\n\n        deep\n\n    * b\n\n            * c\n\n  para",
            "<!--",
            "<!-- x",
            "<!-- x --> é\n* a",
            "```\n* a",
            "    * a\n\n    * b",
            "* é\n    é\n  \u{a0}* x",
            "1. a\n* b\n\n- c\n\n    1. d\n\n\t\t* e",
            "# h\n* a\n\n# h\n\n    x",
            "> a\n> ```\n> b\n> ```",
            "| a |\n|---|\n| `|` | x |",
            "***a*b** __a_b___ *`*`* [a](<b> 'c') [x][] ![y]",
            "\u{2}0\u{3} \u{2}99\u{3} \u{3}",
        ] {
            let _ = html(md);
        }
    }

    #[test]
    fn slugs_follow_toc() {
        assert_eq!(
            toc_slug("Call for Participation; projects and speakers"),
            "call-for-participation-projects-and-speakers"
        );
        assert_eq!(
            toc_slug("Project/Tooling Updates"),
            "projecttooling-updates"
        );
        assert_eq!(toc_slug("CFP - Events"), "cfp-events");
        assert_eq!(toc_slug("Café  über_x"), "cafe-uber_x");
        assert_eq!(toc_slug("☃"), "");
    }
}
