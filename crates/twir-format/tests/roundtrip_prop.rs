//! Property tests: parse never panics and `write(parse(s)) == s` for any string.

use proptest::prelude::*;
use twir_format::{parse, write};

/// Pieces of the issue format, so generated text often hits the parser's structures.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### Europe",
    "#### Compiler",
    "* ",
    "- ",
    "    * ",
    "  ",
    "[",
    "]",
    "(",
    ")",
    "](",
    "[**",
    "**](",
    "https://e.org/x",
    " | ",
    "2026-01-07",
    " - ",
    "Virtual (Berlin, DE)",
    "<!--",
    "-->",
    "```",
    "> ",
    ">",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "Title: ",
    "Number: ",
    "[video] ",
    "[merged]: ",
    "Rusty Events between ",
    "Thanks to ",
    "This week's crate is ",
    "– ",
    "Triage done by **",
    "**.",
    "<small>",
    "</small>",
    "*",
    "\u{feff}",
    "é",
    "🦀",
    "|",
    "## Upcoming Events\n",
    "### Official\n",
    "## Updates from the Rust Project\n",
    "## Call for Participation; projects and speakers\n### CFP - Events\n",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string_round_trips(s in any::<String>()) {
        prop_assert_eq!(write(&parse(&s).issue), s);
    }

    #[test]
    fn format_like_text_round_trips(s in pieces()) {
        let parsed = parse(&s);
        prop_assert_eq!(write(&parsed.issue), s.clone());
        // Parsing what was written gives the same model again.
        prop_assert_eq!(parse(&write(&parsed.issue)).issue, parsed.issue);
    }
}
