//! The site's renderer (Python-Markdown 3.7) reads some Markdown unlike CommonMark. Before a
//! part goes to pulldown-cmark, [`prepare`] rewrites its text into CommonMark that reads the
//! way Python-Markdown reads the original, and records which list items Python-Markdown
//! wraps in `<p>`; `paragraphs.rs` applies that to pulldown-cmark's events.
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
//! - A backslash escapes only `` \`*_{}[]()>#+-.!| ``; before anything else it is shown.
//! - A heading needs its `#` in the first column; ` # x` is text.
//! - A comment line with anything after `-->`, even a space, takes the lines below it into
//!   one paragraph.
//!
//! Parts never share a block (each starts at a heading), so a part is prepared alone.

use std::borrow::Cow;

/// A part's text as CommonMark, and for each list item of it in document order whether
/// Python-Markdown wraps the item's text in `<p>` (empty when no item is).
pub(super) struct Prepared {
    pub(super) text: String,
    pub(super) loose: Vec<bool>,
}

struct List<'a> {
    ordered: bool,
    items: Vec<Item<'a>>,
}

struct Item<'a> {
    /// The text after the marker, then the lines that continue it, as written.
    text: Vec<&'a str>,
    /// Its text is wrapped in `<p>`.
    loose: bool,
    children: Vec<Child<'a>>,
}

enum Child<'a> {
    List(List<'a>),
    Para(Vec<&'a str>),
}

enum Top<'a> {
    Blank,
    /// Written as it is (code, comments, reference definitions); `inline` lines get the
    /// escape rewriting (headings).
    Verbatim {
        lines: Vec<&'a str>,
        inline: bool,
    },
    /// A paragraph-like block: nothing may interrupt it.
    Para(Vec<&'a str>),
    List(List<'a>),
}

/// Rewrites a part's Markdown (see the module comment).
pub(super) fn prepare(md: &str) -> Prepared {
    let norm = normalize(md);
    let lines: Vec<&str> = norm.split('\n').collect();
    let tops = blocks(&lines);
    let mut out = Prepared {
        text: String::with_capacity(norm.len() + 64),
        loose: Vec::new(),
    };
    for top in &tops {
        match top {
            Top::Blank => out.text.push('\n'),
            Top::Verbatim { lines, inline } => {
                for l in lines {
                    if *inline {
                        fix_escapes(l, &mut out.text);
                    } else {
                        out.text.push_str(l);
                    }
                    out.text.push('\n');
                }
            }
            Top::Para(lines) => para(lines, 0, &mut out.text),
            Top::List(list) => emit_list(list, 0, &mut out),
        }
    }
    // Every line was written with a line end; the text's last line has none (it is empty
    // when the text ends with one).
    out.text.pop();
    if !out.loose.contains(&true) {
        out.loose.clear();
    }
    out
}

/// Line ends as Python reads a file (`\r\n` and `\r` become `\n`), tabs expanded to 4
/// columns, lines of spaces emptied (as Python-Markdown does first).
fn normalize(md: &str) -> Cow<'_, str> {
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

fn indent_of(line: &str) -> usize {
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

/// A marker with nothing after it (`*`, `1.`): CommonMark's empty item, Python-Markdown's text.
fn is_bare_marker(t: &str) -> bool {
    matches!(t, "*" | "-" | "+")
        || t.strip_suffix('.')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// An item line at 0–3 spaces: its text and whether it is numbered.
fn item_line(line: &str) -> Option<(&str, bool)> {
    (indent_of(line) <= 3).then(|| after_marker(line.trim_start_matches(' ')))?
}

/// An item line indented 4–7 spaces: a nested item.
fn nested_item_line(line: &str) -> bool {
    (4..=7).contains(&indent_of(line)) && after_marker(line.trim_start_matches(' ')).is_some()
}

fn is_fence(line: &str) -> Option<(u8, usize)> {
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
fn is_rule(t: &str) -> bool {
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

fn is_link_def(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    indent_of(line) <= 3
        && t.starts_with('[')
        && t.find("]:")
            .is_some_and(|e| e > 1 && !t[1..e].contains(']'))
}

/// Splits the lines into Python-Markdown's top-level blocks.
fn blocks<'a>(lines: &[&'a str]) -> Vec<Top<'a>> {
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
        if let Some((c, n)) = is_fence(line) {
            let end = (i + 1..lines.len())
                .find(|&j| is_fence(lines[j]).is_some_and(|(d, m)| d == c && m >= n))
                .map_or(lines.len(), |j| j + 1);
            tops.push(Top::Verbatim {
                lines: lines[i..end].to_vec(),
                inline: false,
            });
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
            tops.push(Top::Verbatim {
                lines: lines[i..=end].to_vec(),
                inline: false,
            });
            open_list = None;
            i = end + 1;
            if !after.is_empty() {
                // Not a block of its own: the lines below join it in a paragraph.
                let stop = block_end(lines, i);
                if stop > i {
                    tops.push(Top::Para(lines[i..stop].to_vec()));
                }
                i = stop;
            }
            continue;
        }
        if is_heading(line) || is_break(line) {
            tops.push(Top::Verbatim {
                lines: vec![line],
                inline: true,
            });
            open_list = None;
            i += 1;
            continue;
        }
        let end = block_end(lines, i);
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
                None => tops.push(Top::Verbatim {
                    lines: block.to_vec(),
                    inline: false,
                }),
            }
        } else if block.iter().all(|l| is_link_def(l)) {
            // Definitions leave no element behind: a list may still continue after them.
            tops.push(Top::Verbatim {
                lines: block.to_vec(),
                inline: false,
            });
        } else {
            tops.push(Top::Para(block.to_vec()));
            open_list = None;
        }
    }
    tops
}

/// Where the block starting at `i` ends: a blank line, a heading, a fence or a comment.
fn block_end(lines: &[&str], i: usize) -> usize {
    (i..lines.len())
        .find(|&j| {
            let l = lines[j];
            l.is_empty()
                || (j > i
                    && (is_heading(l)
                        || is_fence(l).is_some()
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
fn detab(line: &str, n: usize) -> &str {
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

fn emit_list(list: &List<'_>, indent: usize, out: &mut Prepared) {
    let marker = if list.ordered { "1. " } else { "* " };
    let content = indent + marker.len();
    for item in &list.items {
        out.loose
            .push(item.loose || item.children.iter().any(|c| matches!(c, Child::Para(_))));
        push_spaces(indent, &mut out.text);
        out.text.push_str(marker);
        inline_line(item.text[0], false, &mut out.text);
        out.text.push('\n');
        for l in &item.text[1..] {
            push_spaces(content, &mut out.text);
            inline_line(l.trim_start(), true, &mut out.text);
            out.text.push('\n');
        }
        for child in &item.children {
            match child {
                Child::List(inner) => emit_list(inner, content, out),
                Child::Para(lines) => {
                    out.text.push('\n');
                    para(lines, content, &mut out.text);
                }
            }
        }
    }
}

fn push_spaces(n: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A paragraph at `indent`: its lines continue it whatever they start with.
fn para(lines: &[&str], indent: usize, out: &mut String) {
    for l in lines {
        push_spaces(indent, out);
        inline_line(l.trim_start(), true, out);
        out.push('\n');
    }
}

/// One line of inline text. Markers that would start a list (and, with `continues`, a
/// heading or a fence) are escaped: Python-Markdown reads them as text here.
fn inline_line(t: &str, continues: bool, out: &mut String) {
    if continues && !is_rule(t) {
        if let Some(rest) = t.strip_prefix(['*', '-', '+']) {
            if rest.is_empty() || rest.starts_with(' ') {
                out.push('\\');
            }
        } else if t.starts_with('#') || is_fence(t).is_some() {
            out.push('\\');
        } else {
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let rest = &t[digits..];
            if digits > 0
                && (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")")
            {
                out.push_str(&t[..digits]);
                out.push('\\');
                return fix_escapes(rest, out);
            }
        }
    } else if !continues && (after_marker(t).is_some() || is_bare_marker(t)) && !is_rule(t) {
        // `* * text`: kept as text (a nested list here would shift the items' `<p>` flags).
        out.push('\\');
    }
    fix_escapes(t, out);
}

/// The characters a backslash escapes in Python-Markdown (with `extra`'s tables: `|`).
const ESCAPABLE: &[u8] = b"\\`*_{}[]()>#+-.!|";

/// Copies `line`, doubling a backslash before punctuation Python-Markdown does not escape
/// (`\<` shows its backslash there); code spans are copied as they are.
fn fix_escapes(line: &str, out: &mut String) {
    if !line.contains('\\') {
        out.push_str(line);
        return;
    }
    let b = line.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let closer = find_run(b, i + n, n);
                i = closer.map_or(i + n, |e| e + n);
            }
            b'\\' if i + 1 < b.len() && b[i + 1].is_ascii_punctuation() => {
                if !ESCAPABLE.contains(&b[i + 1]) {
                    out.push_str(&line[copied..i]);
                    out.push('\\');
                    copied = i;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    out.push_str(&line[copied..]);
}

/// The start of the next run of exactly `n` backticks at or after `from`.
fn find_run(b: &[u8], mut from: usize, n: usize) -> Option<usize> {
    while from < b.len() {
        if b[from] == b'`' {
            let m = b[from..].iter().take_while(|&&c| c == b'`').count();
            if m == n {
                return Some(from);
            }
            from += m;
        } else {
            from += 1;
        }
    }
    None
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

    fn text(md: &str) -> String {
        prepare(md).text
    }

    #[test]
    fn items_indented_two_spaces_are_siblings() {
        assert_eq!(text("* a\n  * b\n   * c\n"), "* a\n* b\n* c\n");
        assert_eq!(text("* a\n    * b\n      * c\n"), "* a\n  * b\n  * c\n");
        assert_eq!(text("* a\n    * b\n        * c\n"), "* a\n  * b\n    * c\n");
    }

    #[test]
    fn items_after_a_paragraph_line_are_text() {
        assert_eq!(text("Approved:\n* None.\n"), "Approved:\n\\* None.\n");
        assert_eq!(text("a\n1. b\n #### c\n"), "a\n1\\. b\n\\#### c\n");
        assert_eq!(text("<!-- x --> \n* a\n"), "<!-- x --> \n\\* a\n");
        assert_eq!(text("<!-- x -->\n* a\n"), "<!-- x -->\n* a\n");
    }

    #[test]
    fn items_next_to_a_blank_line_get_paragraphs() {
        let p = prepare("* a\n* b\n\n* c\n* d\n");
        assert_eq!(p.text, "* a\n* b\n* c\n* d\n\n");
        assert_eq!(p.loose, vec![false, true, true, false]);
        let p = prepare("* a\n\n    more\n* b\n");
        assert_eq!(p.text, "* a\n\n  more\n  \\* b\n\n");
        assert_eq!(p.loose, vec![true]);
        assert!(prepare("* a\n* b\n").loose.is_empty());
    }

    #[test]
    fn backslashes_before_other_punctuation_stay() {
        assert_eq!(
            text("a \\<b\\> `\\<c` \\_ \\| \\\\"),
            "a \\\\<b\\> `\\<c` \\_ \\| \\\\"
        );
    }

    #[test]
    fn line_ends_and_tabs_are_normalised() {
        assert_eq!(text("a\r\n\r\n\tb\r  \r\nc"), "a\n\n    b\n\nc");
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
        ] {
            let p = prepare(md);
            let _ = super::super::render_markdown(md);
            assert!(p.loose.is_empty() || p.loose.contains(&true), "{md:?}");
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
