//! The preview must not be usable for an attack: hostile Markdown and HTML go in, and the
//! HTML that comes out is checked with a small tag scanner (allowed tags and attributes only,
//! no event handlers, no script-capable URL), plus positive checks that the newsletter's own
//! constructs still render.

mod common;
#[path = "common/html_safety.rs"]
mod html_safety;

use twir_format::{
    preview_html, preview_sections, render_markdown, Block, BlockKind, Field, FrontMatter, Id,
    Issue, Newline, Section, SectionKind,
};

use html_safety::check_safe;

/// Hostile inputs: (name, Markdown).
const HOSTILE: &[(&str, &str)] = &[
    ("script block", "<script>alert(1)</script>"),
    ("script upper case", "<SCRIPT>alert(1)</SCRIPT>"),
    (
        "script mixed case with src",
        "<ScRiPt src=//evil.example/x.js></ScRiPt>",
    ),
    ("script inline", "text <script>alert(1)</script> inline"),
    ("script unclosed", "before\n\n<script>alert(1)\n\nafter"),
    (
        "script spanning blank lines",
        "<script>\n\nalert(1)\n\n</script>",
    ),
    (
        "script with attributes inline",
        "x <script type=\"module\">alert(1)</script>",
    ),
    ("img onerror block", "<img src=x onerror=alert(1)>"),
    (
        "img onerror inline quoted",
        "see <img src=\"x\" onerror=\"alert(1)\"> here",
    ),
    ("img onerror unclosed", "see <img src=x onerror=alert(1)"),
    ("svg onload", "<svg onload=alert(1)>"),
    (
        "svg inline script",
        "a <svg><script>alert(1)</script></svg> b",
    ),
    ("iframe", "<iframe src=\"javascript:alert(1)\"></iframe>"),
    (
        "iframe inline",
        "x <iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    ),
    (
        "object",
        "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    ),
    ("embed", "<embed src=javascript:alert(1)>"),
    ("style block", "<style>body{display:none}</style>"),
    ("style inline", "x <style>*{color:red}</style> y"),
    (
        "style attribute",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
    ),
    (
        "malformed nested script",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
    ),
    (
        "malformed inline",
        "a <scr<script>ipt>alert(1)</scr</script>ipt> b",
    ),
    ("div onclick", "<div onclick=\"alert(1)\">click</div>"),
    (
        "details ontoggle",
        "<details open ontoggle=alert(1)>x</details>",
    ),
    (
        "math xlink",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    ),
    ("base tag", "<base href=\"javascript:alert(1)//\">"),
    (
        "meta refresh",
        "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    ),
    (
        "form",
        "<form action=javascript:alert(1)><input type=submit></form>",
    ),
    (
        "raw anchor javascript",
        "<a href=\"javascript:alert(1)\">x</a>",
    ),
    (
        "raw anchor entity",
        "x <a href=\"&#106;avascript:alert(1)\">x</a>",
    ),
    ("small with attributes", "<small onclick=alert(1)>x</small>"),
    (
        "small with style",
        "x <small style=\"position:fixed\">y</small>",
    ),
    ("br with handler", "x <br onmouseover=alert(1)> y"),
    ("comment then script", "<!--><script>alert(1)</script>-->"),
    (
        "comment inline then script",
        "x <!--><script>alert(1)</script>--> y",
    ),
    (
        "comment bang close",
        "<!-- --!><script>alert(1)</script> -->",
    ),
    ("cdata", "x <![CDATA[<script>alert(1)</script>]]> y"),
    ("processing instruction", "x <?php echo '<script>'; ?> y"),
    ("link javascript", "[x](javascript:alert(1))"),
    ("link javascript mixed case", "[x](JaVaScRiPt:alert(1))"),
    ("link decimal entity", "[x](&#106;avascript:alert(1))"),
    ("link hex entity", "[x](jav&#x61;script:alert(1))"),
    (
        "link all entities",
        "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    ),
    ("link named entity colon", "[x](javascript&colon;alert(1))"),
    ("link named entity tab", "[x](java&Tab;script:alert(1))"),
    ("link entity newline", "[x](java&#10;script:alert(1))"),
    ("link tab in scheme", "[x](<java\tscript:alert(1)>)"),
    ("link newline in scheme", "[x](java\nscript:alert(1))"),
    ("link leading space", "[x](< javascript:alert(1)>)"),
    ("link leading control", "[x](<\u{1}javascript:alert(1)>)"),
    ("link percent-encoded scheme", "[x](jav%61script:alert(1))"),
    ("link percent-encoded colon", "[x](javascript%3Aalert(1))"),
    (
        "link double-escaped entity",
        "[x](&amp;#106;avascript:alert(1))",
    ),
    ("link pointy", "[x](<javascript:alert(1)>)"),
    ("link vbscript", "[x](vbscript:msgbox(1))"),
    ("link VBScript", "[x](VBScript:msgbox(1))"),
    (
        "link data html",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ),
    (
        "link data upper",
        "[x](DATA:text/html,<script>alert(1)</script>)",
    ),
    ("autolink javascript", "<javascript:alert(1)>"),
    ("autolink upper", "<JAVASCRIPT:alert(1)>"),
    ("autolink vbscript", "<vbscript:msgbox(1)>"),
    ("autolink data", "<data:text/html,alert(1)>"),
    ("reference link", "[x][evil]\n\n[evil]: javascript:alert(1)"),
    (
        "reference link shortcut",
        "[evil]\n\n[evil]: JavaScript:alert(1)",
    ),
    (
        "reference link entity",
        "[x][e]\n\n[e]: &#106;avascript:alert(1)",
    ),
    ("reference image", "![x][img]\n\n[img]: javascript:alert(1)"),
    ("image javascript", "![x](javascript:alert(1))"),
    (
        "image data svg",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    ),
    ("image data png", "![x](data:image/png;base64,iVBORw0KGgo=)"),
    ("image relative", "![x](/evil.png)"),
    (
        "image inside unsafe link",
        "[![x](https://ok.example/a.png)](javascript:alert(1))",
    ),
    (
        "unsafe link inside image",
        "![a [b](javascript:alert(1)) c](https://ok.example/a.png)",
    ),
    (
        "html inside link text",
        "[<img src=x onerror=alert(1)>](https://example.com)",
    ),
    (
        "script inside link text",
        "[**b** <script>alert(1)</script>](https://example.com)",
    ),
    (
        "link title injection",
        "[x](https://example.com \"\\\" onmouseover=\\\"alert(1)\")",
    ),
    (
        "image alt injection",
        "![\" onerror=\"alert(1)](https://example.com/a.png)",
    ),
    ("heading script", "# <script>alert(1)</script>"),
    (
        "heading attributes",
        "# x {#\" onmouseover=\"alert(1) .c onclick=alert(1)}",
    ),
    ("code fence info", "```\" onmouseover=alert(1) x\ncode\n```"),
    (
        "code fence script",
        "```html\n<script>alert(1)</script>\n```",
    ),
    (
        "table cell",
        "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    ),
    (
        "table cell link",
        "| a |\n|---|\n| [x](javascript:alert(1)) |",
    ),
    ("blockquote", "> <iframe src=//evil.example></iframe>"),
    ("list item", "* <svg/onload=alert(1)>\n* [x](vbscript:x)"),
    (
        "small around unsafe link",
        "<small><a href=javascript:alert(1)>x</a></small>",
    ),
    (
        "small around md unsafe link",
        "<small>[x](javascript:alert(1))</small>",
    ),
    (
        "html block then markdown",
        "<div>\n<script>alert(1)</script>\n</div>\n\n[x](javascript:1)",
    ),
    ("null byte", "[x](java\u{0}script:alert(1)) <scr\u{0}ipt>"),
    (
        "noscript",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    ),
    ("textarea", "<textarea><script>alert(1)</script></textarea>"),
];

#[test]
fn hostile_inputs_render_safely() {
    assert!(HOSTILE.len() >= 25);
    let mut failures = Vec::new();
    for (name, md) in HOSTILE {
        let html = render_markdown(md);
        if let Err(e) = check_safe(&html) {
            failures.push(format!("{name}: {e}\n  input: {md:?}\n  output: {html:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_inputs_render_safely_in_an_issue() {
    let mut failures = Vec::new();
    for (name, md) in HOSTILE {
        // In the preamble, in a section, in a sub-section and in the front matter.
        let issue = issue(
            vec![field("Title", md), field("Number", md), field("Date", md)],
            vec![text(1, md)],
            vec![section(
                2,
                2,
                md,
                vec![text(3, md)],
                vec![section(4, 3, "Sub", vec![text(5, md)], vec![])],
            )],
        );
        let html = preview_html(&issue);
        if let Err(e) = check_safe(&html) {
            failures.push(format!("{name}: {e}\n  output: {html:?}"));
        }
        for part in preview_sections(&issue) {
            if let Err(e) = check_safe(&part.html) {
                failures.push(format!("{name} (section {:?}): {e}", part.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn raw_html_is_shown_as_text() {
    let html = render_markdown("<script>alert(1)</script>");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let html = render_markdown("a <iframe src=x> b");
    assert!(html.contains("&lt;iframe src=x&gt;"), "{html}");
    let html = render_markdown("<small class=\"x\">y</small>");
    assert!(html.contains("&lt;small class="), "{html}");
    assert!(!html.contains("<small"), "{html}");
}

#[test]
fn unsafe_links_keep_their_text() {
    let html = render_markdown("[click me](javascript:alert(1)) and [ok](https://x.example/)");
    assert!(
        html.contains("<span class=\"unsafe-link\">click me</span>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://x.example/\">ok</a>"),
        "{html}"
    );
    let html = render_markdown("![a cat](data:image/png;base64,AAAA)");
    assert!(
        html.contains("<span class=\"unsafe-image\">a cat</span>"),
        "{html}"
    );
    assert!(!html.contains("<img"), "{html}");
}

#[test]
fn small_keeps_its_tag() {
    let html = render_markdown("<small>[Discuss on r/rust](https://x.example/r)</small>");
    assert!(
        html.contains("<small><a href=\"https://x.example/r\">Discuss on r/rust</a></small>"),
        "{html}"
    );
    let html = render_markdown("<SMALL>x</SMALL>");
    assert!(html.contains("<small>x</small>"), "{html}");
}

#[test]
fn small_is_balanced() {
    // An unclosed <small> is closed at the end of its block, a stray </small> dropped.
    let html = render_markdown("a <small>b\n\nc</small> d");
    assert_eq!(html, "<p>a <small>b</small></p>\n<p>c d</p>\n");
    let html = render_markdown("<small>\n\nx");
    assert_eq!(html, "<p>x</p>\n");
}

#[test]
fn line_breaks_are_allowed() {
    for br in ["<br>", "<br/>", "<br />", "<BR>"] {
        let html = render_markdown(&format!("a{br}b"));
        assert_eq!(html, "<p>a<br />b</p>\n", "{br}");
    }
    let html = render_markdown("a<br class=x>b");
    assert!(html.contains("&lt;br class=x&gt;"), "{html}");
}

#[test]
fn comments_vanish() {
    let html = render_markdown("a <!-- inline secret --> b");
    assert_eq!(html, "<p>a  b</p>\n");
    let html = render_markdown("x\n\n<!-- multi\n\nline\n\nsecret -->\n\ny");
    assert_eq!(html, "<p>x</p>\n<p>y</p>\n");
    let html = render_markdown("<!-- a --> <b>bold</b>\n\nz");
    assert!(!html.contains("a -->"), "{html}");
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
    let html = render_markdown("<!--\nsecret\n");
    assert_eq!(html, "");
}

#[test]
fn tables_render() {
    let html = render_markdown("| a | b |\n|---|:-:|\n| 1 | 2 |\n");
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<th>a</th>"), "{html}");
    assert!(
        html.contains("<td style=\"text-align: center\">2</td>"),
        "{html}"
    );
    check_safe(&html).unwrap();
}

#[test]
fn blockquotes_render() {
    let html = render_markdown("> It's the *law*.\n\n– [someone](https://x.example/u)");
    assert!(html.contains("<blockquote>"), "{html}");
    assert!(html.contains("<em>law</em>"), "{html}");
    assert!(
        html.contains("<a href=\"https://x.example/u\">someone</a>"),
        "{html}"
    );
}

#[test]
fn normal_links_keep_href() {
    let html = render_markdown(
        "[a](https://www.rust-lang.org/) [b](http://x.example/?q=1&r=2#f) [c](/rel/path) \
         [d](#anchor) [e](mailto:x@y.example) <https://auto.example/> <me@x.example> \
         [f](../a:b) [g](irc://irc.mozilla.org/rust) [h](ftp://ftp.example/x.pdf)",
    );
    for href in [
        "https://www.rust-lang.org/",
        "http://x.example/?q=1&amp;r=2#f",
        "/rel/path",
        "#anchor",
        "mailto:x@y.example",
        "https://auto.example/",
        "mailto:me@x.example",
        "../a:b",
        "irc://irc.mozilla.org/rust",
        "ftp://ftp.example/x.pdf",
    ] {
        assert!(
            html.contains(&format!("href=\"{href}\"")),
            "{href} in {html}"
        );
    }
    assert!(!html.contains("unsafe-link"), "{html}");
    let html = render_markdown("![logo](https://x.example/logo.png \"Logo\")");
    assert!(
        html.contains("<img src=\"https://x.example/logo.png\" alt=\"logo\" title=\"Logo\" />"),
        "{html}"
    );
}

#[test]
fn headings_get_unique_ids() {
    let md = "## Updates from Rust Community\n### Rust\n### Rust\n\
              ## [Approved RFCs](https://x.example/r)\n# `code` & more!";
    let html = render_markdown(md);
    for id in [
        "<h2 id=\"h-updates-from-rust-community\">",
        "<h3 id=\"h-rust\">",
        // As the site's `toc` numbers a repeated heading.
        "<h3 id=\"h-rust_1\"><a class=\"toclink\" href=\"#h-rust_1\">Rust</a></h3>",
        // A heading that is a link gets no self-link around it (a browser would drop it).
        "<h2 id=\"h-approved-rfcs\"><a href=\"https://x.example/r\">Approved RFCs</a></h2>",
        "<h1 id=\"h-code-more\">",
    ] {
        assert!(html.contains(id), "{id} in {html}");
    }
    assert_eq!(html, render_markdown(md), "deterministic");
}

#[test]
fn reference_links_resolve_across_sections() {
    let issue = issue(
        vec![],
        vec![text(1, "See the [calendar]."), blank(2)],
        vec![
            section(
                3,
                2,
                "Updates from the Rust Project",
                vec![
                    blank(4),
                    text(
                        5,
                        "400 pull requests were [merged in the last week][merged]",
                    ),
                    blank(6),
                    text(7, "[merged]: https://github.com/search?q=is%3Apr"),
                    blank(8),
                ],
                vec![section(
                    9,
                    3,
                    "Compiler",
                    vec![text(10, "[Submit][submit_crate] one.")],
                    vec![],
                )],
            ),
            section(
                11,
                2,
                "Crate of the Week",
                vec![
                    blank(12),
                    text(13, "More [merged] and [unknown] and [Calendar][CALENDAR]."),
                    blank(14),
                    text(
                        15,
                        "[submit_crate]: https://users.rust-lang.org/t/cotw/6882",
                    ),
                    text(16, "[calendar]: https://calendar.example/"),
                    text(17, "[evil]: javascript:alert(1)"),
                    blank(18),
                    text(19, "An [evil] one."),
                ],
                vec![],
            ),
        ],
    );
    let parts = preview_sections(&issue);
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0].id, None);
    assert_eq!(parts[1].id, Some(Id(3)));
    assert_eq!(parts[2].id, Some(Id(11)));
    assert!(
        parts[0]
            .html
            .contains("<a href=\"https://calendar.example/\">calendar</a>"),
        "{}",
        parts[0].html
    );
    assert!(
        parts[1].html.contains(
            "<a href=\"https://github.com/search?q=is%3Apr\">merged in the last week</a>"
        ),
        "{}",
        parts[1].html
    );
    assert!(
        parts[1]
            .html
            .contains("<a href=\"https://users.rust-lang.org/t/cotw/6882\">Submit</a>"),
        "{}",
        parts[1].html
    );
    let cotw = &parts[2].html;
    assert!(
        cotw.contains("<a href=\"https://github.com/search?q=is%3Apr\">merged</a>"),
        "{cotw}"
    );
    assert!(cotw.contains("[unknown]"), "{cotw}");
    assert!(
        cotw.contains("<a href=\"https://calendar.example/\">Calendar</a>"),
        "{cotw}"
    );
    assert!(
        cotw.contains("<span class=\"unsafe-link\">evil</span>"),
        "{cotw}"
    );
    for part in &parts {
        check_safe(&part.html).unwrap();
    }

    // The body of the whole-issue preview is the concatenation of the parts.
    let body: String = parts.iter().map(|p| p.html.as_str()).collect();
    assert_eq!(preview_html(&issue), body);
}

#[test]
fn first_reference_definition_in_the_issue_wins() {
    // As in one CommonMark document: the first definition wins, even over a later one in
    // the section that uses the label.
    let issue = issue(
        vec![],
        vec![],
        vec![
            section(
                1,
                2,
                "A",
                vec![text(2, "[x]: https://first.example/\n\nA [x].")],
                vec![],
            ),
            section(
                3,
                2,
                "B",
                vec![text(4, "B [X][x].\n\n[x]: https://second.example/")],
                vec![],
            ),
        ],
    );
    let parts = preview_sections(&issue);
    assert!(
        parts[1]
            .html
            .contains("<a href=\"https://first.example/\">x</a>"),
        "{}",
        parts[1].html
    );
    assert!(
        parts[2]
            .html
            .contains("<a href=\"https://first.example/\">X</a>"),
        "{}",
        parts[2].html
    );
}

#[test]
fn every_section_renders_its_heading() {
    // The model has a heading without a space after `#` (as Python-Markdown reads it);
    // CommonMark would not see a heading there, so the preview adds the space.
    let mut s = section(1, 1, "", vec![text(2, "text")], vec![]);
    s.heading = "122010, which undoes".to_string();
    let parts = preview_sections(&issue(vec![], vec![], vec![s]));
    assert_eq!(
        parts[1].html,
        "<h1 id=\"h-122010-which-undoes\"><a class=\"toclink\" href=\"#h-122010-which-undoes\">\
         122010, which undoes</a></h1>\n<p>text</p>\n"
    );
}

#[test]
fn heading_ids_are_unique_across_sections() {
    let issue = issue(
        vec![],
        vec![],
        vec![
            section(
                1,
                2,
                "Calls for Testing",
                vec![],
                vec![section(2, 3, "Rust", vec![], vec![])],
            ),
            section(
                3,
                2,
                "Final Comment Period",
                vec![],
                vec![section(4, 3, "Rust", vec![], vec![])],
            ),
        ],
    );
    let parts = preview_sections(&issue);
    assert!(
        parts[1].html.contains("<h3 id=\"h-rust\">"),
        "{}",
        parts[1].html
    );
    assert!(
        parts[2].html.contains("<h3 id=\"h-rust_1\">"),
        "{}",
        parts[2].html
    );
    assert_eq!(preview_sections(&issue), parts, "deterministic");
}

#[test]
fn front_matter_header_is_escaped() {
    let issue = issue(
        vec![
            field("Title", "This Week in Rust 600 <script>alert(1)</script>"),
            field("Number", "600"),
            field("Date", "2025-05-21"),
            field("Category", "This Week in Rust"),
        ],
        vec![blank(1), text(2, "Hello and welcome!")],
        vec![],
    );
    let html = preview_html(&issue);
    assert!(
        html.starts_with(
            "<header class=\"twir-front-matter\">\n<h1 class=\"twir-title\">This Week in Rust 600 \
             &lt;script&gt;alert(1)&lt;/script&gt;</h1>\n"
        ),
        "{html}"
    );
    assert!(html.contains("Issue 600"), "{html}");
    assert!(html.contains("2025-05-21"), "{html}");
    assert!(!html.contains("Category"), "{html}");
    assert!(html.ends_with("<p>Hello and welcome!</p>\n"), "{html}");
    check_safe(&html).unwrap();

    let bare = preview_html(&issue_of(vec![], vec![text(1, "x")], vec![]));
    assert_eq!(bare, "<p>x</p>\n");
}

#[test]
fn crlf_issue_renders_like_lf() {
    let make = |newline| {
        let mut i = issue(
            vec![],
            vec![text(1, "a <!-- c -->\nb")],
            vec![section(2, 2, "S", vec![text(3, "* x\n* y")], vec![])],
        );
        i.newline = newline;
        i
    };
    let lf = preview_html(&make(Newline::Lf));
    let crlf = preview_html(&make(Newline::CrLf));
    assert_eq!(lf.replace('\r', ""), crlf.replace('\r', ""));
}

// ---------------------------------------------------------------------------------------
// Building issues.

fn field(key: &str, value: &str) -> Field {
    Field {
        key: key.to_string(),
        value: value.replace('\n', " "),
    }
}

fn text(id: u32, text: &str) -> Block {
    Block {
        id: Id(id),
        kind: BlockKind::Text {
            text: text.to_string(),
        },
    }
}

fn blank(id: u32) -> Block {
    Block {
        id: Id(id),
        kind: BlockKind::Blank { count: 1 },
    }
}

fn section(id: u32, level: u8, title: &str, blocks: Vec<Block>, children: Vec<Section>) -> Section {
    Section {
        id: Id(id),
        level,
        heading: format!(" {}", title.replace('\n', " ")),
        kind: SectionKind::Other,
        blocks,
        children,
    }
}

fn issue(fields: Vec<Field>, preamble: Vec<Block>, sections: Vec<Section>) -> Issue {
    issue_of(fields, preamble, sections)
}

fn issue_of(fields: Vec<Field>, preamble: Vec<Block>, sections: Vec<Section>) -> Issue {
    Issue {
        front_matter: FrontMatter { fields },
        preamble,
        sections,
        final_newline: true,
        next_id: 100,
        ..Issue::default()
    }
}

/// Over the archive (the own corpus, or the folder `TWIR_ARCHIVE` names): every `.md` issue's
/// preview is safe, and rendering it section by section gives the same HTML as rendering the
/// body in one go (up to line breaks between blocks).
#[test]
fn archive_renders_safely() {
    let mut failures = Vec::new();
    let mut count = 0;
    for path in common::archive().files {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable issue");
        count += 1;
        let issue = twir_format::parse(&text).issue;
        let html = preview_html(&issue);
        if let Err(e) = check_safe(&html) {
            failures.push(format!("{}: {e}", path.display()));
        }
        let whole = render_markdown(&body_of(&issue));
        let parts: String = preview_sections(&issue)
            .into_iter()
            .map(|p| p.html)
            .collect();
        if whole.replace('\n', "") != parts.replace('\n', "") {
            let (w, p) = (whole.replace('\n', ""), parts.replace('\n', ""));
            let at = w.bytes().zip(p.bytes()).take_while(|(a, b)| a == b).count();
            let ctx = |s: &str| {
                s.get(at.saturating_sub(120)..(at + 200).min(s.len()))
                    .unwrap_or("")
                    .to_string()
            };
            failures.push(format!(
                "{}: sections differ from the whole body at byte {at}:\n  whole: {}\n  parts: {}",
                path.display(),
                ctx(&w),
                ctx(&p)
            ));
        }
    }
    assert!(count > 0, "no .md file in the corpus");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What `write` produces minus the BOM and the front matter lines, with a space after the
/// `#`s of every heading (as the preview does).
fn body_of(issue: &Issue) -> String {
    fn fix(s: &mut Section) {
        if !s.heading.starts_with([' ', '\t']) {
            s.heading.insert(0, ' ');
        }
        s.children.iter_mut().for_each(fix);
    }
    let mut issue = issue.clone();
    issue.sections.iter_mut().for_each(fix);
    let text = twir_format::write(&issue);
    let mut body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for _ in &issue.front_matter.fields {
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    body.to_string()
}
