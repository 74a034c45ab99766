//! Splitting the preview's HTML into its top-level nodes, so that a live preview can compare
//! the old and new HTML of a section piece by piece and hand the page's HTML parser only the
//! pieces that changed.

use std::ops::Range;

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content the HTML parser does not read as markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// The byte ranges of the top-level nodes of `html`: each element with all its content, and
/// each run of text between elements, in order, covering the whole string. Parsing `html` as
/// the children of a `<div>` gives exactly one node per range.
///
/// Meant for the HTML this crate renders (balanced, escaped text, no comments). `None` when
/// the markup is anything else (an unclosed or mismatched tag, a comment, `<` that does not
/// start a tag, an element whose content is raw text): the caller then parses it whole.
///
/// ```
/// let html = "<h3 id=\"a\">A</h3>\n<ul>\n<li>x<br>y</li>\n</ul>\n";
/// let parts: Vec<&str> = twir_format::html_nodes(html)
///     .unwrap()
///     .into_iter()
///     .map(|r| &html[r])
///     .collect();
/// assert_eq!(parts, ["<h3 id=\"a\">A</h3>", "\n", "<ul>\n<li>x<br>y</li>\n</ul>", "\n"]);
/// ```
pub fn html_nodes(html: &str) -> Option<Vec<Range<usize>>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let closing = b.get(i + 1) == Some(&b'/');
        let name_at = i + 1 + usize::from(closing);
        let mut j = name_at;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == name_at {
            // A comment, a doctype or a bare `<`: not what the renderer writes.
            return None;
        }
        let name = &html[name_at..j];
        let end = tag_end(b, j)?;
        let self_closing = b[end - 2] == b'/';
        if open.is_empty() && i > start {
            out.push(start..i);
            start = i;
        }
        if closing {
            let top = open.pop()?;
            if !top.eq_ignore_ascii_case(name) {
                return None;
            }
        } else if RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            return None;
        } else if !(self_closing || VOID.iter().any(|v| v.eq_ignore_ascii_case(name))) {
            open.push(name);
        }
        if open.is_empty() {
            out.push(start..end);
            start = end;
        }
        i = end;
    }
    if !open.is_empty() {
        return None;
    }
    if start < b.len() {
        out.push(start..b.len());
    }
    Some(out)
}

/// The index just past the `>` that ends a tag, searching from `from` and skipping quoted
/// attribute values (which may hold `>`).
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &c) in b.iter().enumerate().skip(from) {
        match (quote, c) {
            (None, b'>') => return Some(k + 1),
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    None
}

/// The start tag that `node` (one of [`html_nodes`]' pieces) begins with, and the content
/// between it and its end tag; `None` for text and for void elements.
///
/// ```
/// assert_eq!(
///     twir_format::html_element_content("<ul class=\"x\">\n<li>a</li>\n</ul>"),
///     Some(("<ul class=\"x\">", "\n<li>a</li>\n"))
/// );
/// assert_eq!(twir_format::html_element_content("text"), None);
/// ```
pub fn html_element_content(node: &str) -> Option<(&str, &str)> {
    if !node.starts_with('<') || node.starts_with("</") {
        return None;
    }
    let name_end = node[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map(|p| p + 1)?;
    let name = &node[1..name_end];
    let close = format!("</{name}>");
    if !node.ends_with(&close) {
        return None;
    }
    let tag_end = tag_end(node.as_bytes(), name_end)?;
    let content_end = node.len() - close.len();
    (tag_end <= content_end).then(|| (&node[..tag_end], &node[tag_end..content_end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(html: &str) -> Option<Vec<&str>> {
        html_nodes(html).map(|v| v.into_iter().map(|r| &html[r]).collect())
    }

    #[test]
    fn splits_elements_and_the_text_between() {
        assert_eq!(
            parts("<p>a <em>b</em></p>\n<ul>\n<li><ul><li>c</li></ul></li>\n</ul>").unwrap(),
            [
                "<p>a <em>b</em></p>",
                "\n",
                "<ul>\n<li><ul><li>c</li></ul></li>\n</ul>"
            ]
        );
        assert_eq!(parts("just text").unwrap(), ["just text"]);
        assert_eq!(parts("").unwrap(), Vec::<&str>::new());
        assert_eq!(
            parts("a<br>b<hr />c").unwrap(),
            ["a", "<br>", "b", "<hr />", "c"]
        );
    }

    #[test]
    fn quoted_attribute_values_may_hold_angle_brackets() {
        assert_eq!(
            parts("<a href=\"x>y\" title='<b>'>t</a>\n").unwrap(),
            ["<a href=\"x>y\" title='<b>'>t</a>", "\n"]
        );
    }

    #[test]
    fn refuses_what_it_cannot_split_safely() {
        for bad in [
            "<p>unclosed",
            "</p>",
            "<p>a</div>",
            "<!-- c -->",
            "a < b",
            "<p",
            "<script>x</script>",
            "<textarea><p></textarea>",
        ] {
            assert_eq!(html_nodes(bad), None, "{bad}");
        }
    }

    #[test]
    fn element_content() {
        assert_eq!(
            html_element_content("<ol start=\"3\">\n<li>a</li>\n</ol>"),
            Some(("<ol start=\"3\">", "\n<li>a</li>\n"))
        );
        assert_eq!(html_element_content("<br>"), None);
        assert_eq!(html_element_content("<p>a</li>"), None);
    }

    #[test]
    fn splits_the_rendered_preview_of_every_part() {
        let issue = crate::parse(
            "Title: T\nNumber: 1\nDate: 2030-01-02\nCategory: This Week in Rust\n\n\
             Intro <b>bold</b> & <!-- hidden -->\n\n## Links\n\n### Official\n\n\
             * [A](https://a.example) <script>x</script>\n* [B](https://b.example)\n\n\
             | a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nlet a = 1 < 2;\n```\n\n\
             > quote\n\n    * nested\n",
        )
        .issue;
        for part in crate::preview_sections(&issue) {
            let nodes = html_nodes(&part.html).unwrap_or_else(|| panic!("{}", part.html));
            assert_eq!(nodes.concat_len(), part.html.len());
        }
    }

    trait ConcatLen {
        fn concat_len(&self) -> usize;
    }
    impl ConcatLen for Vec<Range<usize>> {
        fn concat_len(&self) -> usize {
            // Contiguous and complete.
            let mut at = 0;
            for r in self {
                assert_eq!(r.start, at);
                at = r.end;
            }
            at
        }
    }
}
