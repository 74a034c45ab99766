//! Property tests for the preview's Markdown reader (Python-Markdown's reading, `preview/`):
//! any string, and strings built from the Markdown it reads, render without panicking, and
//! the HTML passes the safety scanner.

#[path = "common/html_safety.rs"]
mod html_safety;

use html_safety::check_safe;
use proptest::prelude::*;
use twir_format::{preview_html, render_markdown};

/// Pieces of Markdown that reach every pattern and block of the reader.
const PIECES: &[&str] = &[
    "# ",
    "## x ##",
    "\n",
    "\n\n",
    "    ",
    "  \n",
    "\t",
    "* ",
    "- ",
    "+ ",
    "1. ",
    "> ",
    ">",
    "```",
    "~~~",
    "```rust\n",
    "| a | b |\n",
    "|---|:-:|\n",
    "| ",
    " |",
    "---\n",
    "===\n",
    "***",
    "**",
    "*",
    "___",
    "__",
    "_",
    "`",
    "``",
    "\\",
    "\\*",
    "\\<",
    "[",
    "]",
    "(",
    ")",
    "](",
    "][",
    "[]",
    "![",
    "[x]: https://e.org/x \"t\"\n",
    "[x]",
    "https://e.org/",
    "\"t\"",
    "'",
    "<",
    ">",
    "</",
    "<small>",
    "</small>",
    "<br>",
    "<div>",
    "<!--",
    "-->",
    "<https://e.org>",
    "<a@b.org>",
    "&amp;",
    "&copy;",
    "&#106;",
    "&",
    ";",
    "javascript:",
    "\u{2}",
    "\u{3}",
    "1\u{3}",
    "é",
    "🦀",
    "word",
    " ",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn any_string_renders_safely(s in any::<String>()) {
        let html = render_markdown(&s);
        prop_assert!(check_safe(&html).is_ok(), "{:?} -> {:?}", s, html);
    }

    #[test]
    fn markdown_like_text_renders_safely(s in pieces()) {
        let html = render_markdown(&s);
        prop_assert!(check_safe(&html).is_ok(), "{:?} -> {:?}: {:?}", s, html, check_safe(&html));
        let issue = twir_format::parse(&s).issue;
        let html = preview_html(&issue);
        prop_assert!(check_safe(&html).is_ok(), "{:?} -> {:?}", s, html);
    }
}
