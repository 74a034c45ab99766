//! A small scanner of the preview's HTML, as a browser's tokenizer would read it: only
//! allowed tags and attributes, no event handler, no script-capable URL (however encoded), no
//! comment, doctype or processing instruction. Included by `preview_hostile.rs`.

/// Tags the preview may contain: what pulldown-cmark writes for Markdown, plus the allowed
/// raw tags and the preview's own wrappers.
const ALLOWED_TAGS: &[&str] = &[
    "p",
    "a",
    "img",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
    "small",
    "span",
    "header",
];

/// Attributes the preview may contain.
const ALLOWED_ATTRS: &[&str] = &[
    "href", "src", "alt", "title", "id", "class", "style", "start",
];

struct TagInfo {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Checks the HTML: only allowed tags and attributes, no event handler, no script-capable
/// URL, no comment, doctype or processing instruction.
pub fn check_safe(html: &str) -> Result<(), String> {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<iframe", "<svg", "<object", "<style", "<embed", "<math", "<form", "<base",
        "<meta", "<link", "<!--", "<?", "<!",
    ] {
        if lower.contains(bad) {
            return Err(format!("contains {bad:?}"));
        }
    }
    for tag in scan_tags(html)? {
        if !ALLOWED_TAGS.contains(&tag.name.as_str()) {
            return Err(format!("tag <{}>", tag.name));
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                return Err(format!("event handler {name} on <{}>", tag.name));
            }
            if !ALLOWED_ATTRS.contains(&name.as_str()) {
                return Err(format!("attribute {name} on <{}>", tag.name));
            }
            let decoded = decode_entities(value);
            match name.as_str() {
                "href" | "src" => {
                    let squeezed: String = percent_decode(&decoded)
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    for scheme in ["javascript:", "vbscript:", "data:", "livescript:"] {
                        if squeezed.starts_with(scheme) {
                            return Err(format!("{name}={value:?} on <{}>", tag.name));
                        }
                    }
                    if name == "src"
                        && !squeezed.starts_with("https:")
                        && !squeezed.starts_with("http:")
                    {
                        return Err(format!("non-http src {value:?}"));
                    }
                }
                // pulldown-cmark's table cell alignment is the only style allowed.
                "style" => {
                    let aligns = [
                        "text-align: left",
                        "text-align: center",
                        "text-align: right",
                    ];
                    if !aligns.contains(&decoded.as_str()) {
                        return Err(format!("style {value:?}"));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Finds the tags as a browser's tokenizer would (`<` then a letter or `/` and a letter).
fn scan_tags(html: &str) -> Result<Vec<TagInfo>, String> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() {
                return Err(format!("unterminated tag <{name}"));
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let a_start = j;
            j += 1; // an attribute name may start with `=`
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=')
            {
                j += 1;
            }
            let a_name = html[a_start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v_start = j + 1;
                        let end = html[v_start..]
                            .find(q as char)
                            .ok_or_else(|| format!("unterminated value in <{name}"))?;
                        value = html[v_start..v_start + end].to_string();
                        j = v_start + end + 1;
                    }
                    _ => {
                        let v_start = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        value = html[v_start..j].to_string();
                    }
                }
            }
            attrs.push((a_name, value));
        }
        tags.push(TagInfo { name, attrs });
        i = j;
    }
    Ok(tags)
}

/// Decodes character references, repeatedly, to be on the safe side.
fn decode_entities(s: &str) -> String {
    let mut cur = s.to_string();
    loop {
        let next = decode_once(&cur);
        if next == cur {
            return cur;
        }
        cur = next;
    }
}

fn decode_once(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse().ok().and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
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

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn the_checker_catches_attacks() {
    for bad in [
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&amp;#106;avascript:alert(1)\">x</a>",
        "<a href=\"java&#9;script:alert(1)\">x</a>",
        "<a href=' JAVASCRIPT:alert(1)'>x</a>",
        "<a href=\"jav%61script:x\">x</a>",
        "<SCRIPT>",
        "<svg/onload=alert(1)>",
        "<p/onclick=alert(1)>",
        "<img src=\"data:image/png;base64,AAAA\" />",
        "<img src=\"/local.png\" />",
        "<td style=\"background:url(javascript:x)\">",
        "<!-- x -->",
        "<div>",
    ] {
        assert!(check_safe(bad).is_err(), "{bad}");
    }
    check_safe("<p>a &lt;script&gt; <a href=\"https://x\" title=\"on\">b</a></p>").unwrap();
}
