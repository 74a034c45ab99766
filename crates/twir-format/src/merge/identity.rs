//! What makes two entries, blocks or sections "the same" across the three sides: their
//! identity keys, strictest first.

use crate::date::Date;
use crate::model::{
    Block, BlockKind, CfpEvent, Entry, EntryValue, Fcp, Link, Newline, Pr, Rfc, Section,
    SectionKind,
};
use crate::url::normalize;
use crate::write::write_section_alone;

/// How often a dated entry of a list comes before an earlier one.
pub(super) fn descents(es: &[Entry]) -> usize {
    let dates: Vec<Date> = es.iter().filter_map(|e| entry_date(&e.value)).collect();
    dates.windows(2).filter(|w| w[0] > w[1]).count()
}

/// The start date of an event, typed or raw (`* 2026-12-03 …`).
pub(super) fn entry_date(v: &EntryValue) -> Option<Date> {
    match v {
        EntryValue::Event(e) => Some(e.start),
        EntryValue::Raw(r) => Date::parse(r.text.strip_prefix("* ")?.get(..10)?),
        _ => None,
    }
}

/// A block (written as `text`) is first the same block when its text is the same, then when it is the n-th block
/// of its kind (a link definition: of its label).
pub(super) fn block_keys(b: &Block, text: &str) -> Vec<String> {
    let tag = b.kind.name();
    let exact = format!("{tag}|{text}");
    let kind = match &b.kind {
        BlockKind::LinkDef { label, .. } => format!("{tag}|{}", crate::fold_case(label)),
        _ => tag.to_string(),
    };
    vec![exact, kind]
}

/// A section without its sub-sections, and the titles of the sections it is in.
pub(super) struct Flat<'a> {
    /// The section (its `children` are not part of it here).
    pub(super) section: &'a Section,
    /// Its heading and blocks as written.
    pub(super) text: String,
    /// The titles from the top-level section down to this one, joined by `/`.
    pub(super) path: String,
    /// The title of the section it is in (empty at the top).
    pub(super) parent: String,
}

impl Flat<'_> {
    /// Its blocks as written: the text after the heading line.
    pub(super) fn body(&self) -> &str {
        let t = &self.text;
        &t[t.find('\n').map_or(t.len(), |i| i + 1)..]
    }
}

pub(super) fn flatten(sections: &[Section], nl: Newline) -> Vec<Flat<'_>> {
    fn go<'a>(ss: &'a [Section], nl: Newline, parent: &str, title: &str, out: &mut Vec<Flat<'a>>) {
        for s in ss {
            let path = if parent.is_empty() {
                s.plain_title().to_string()
            } else {
                format!("{parent}/{}", s.plain_title())
            };
            out.push(Flat {
                section: s,
                text: write_section_alone(s, nl),
                path: path.clone(),
                parent: title.to_string(),
            });
            go(&s.children, nl, &path, s.plain_title(), out);
        }
    }
    let mut out = Vec::new();
    go(sections, nl, "", "", &mut out);
    out
}

/// Sections are the same by their path of titles, then by their parent's and their own title
/// (a section above was removed), then by their own title (a heading moved to another
/// level), then, for the sections an issue has only one of, by their role (a
/// renamed heading).
pub(super) fn flat_keys(f: &Flat) -> Vec<String> {
    use SectionKind::*;
    let s = &f.section;
    let path = crate::fold_case(f.path.trim());
    let title = crate::fold_case(s.plain_title().trim());
    let single = !matches!(
        s.kind,
        Other | CommunityCategory | CallsForTestingGroup | PrGroup | FcpGroup | EventRegion
    );
    let role = if single {
        format!("role|{:?}", s.kind)
    } else {
        format!("title|{title}")
    };
    let parent = crate::fold_case(f.parent.trim());
    vec![
        format!("path|{path}"),
        format!("parent|{parent}|{title}"),
        format!("title|{title}"),
        role,
    ]
}

/// An entry's identity keys, strictest first: its exact text (`text`, as written), what it points to, then a
/// looser description (a link whose URL was corrected is still the same link).
pub(super) fn entry_keys(v: &EntryValue, text: &str) -> Vec<String> {
    let mut keys = vec![text.to_string()];
    match v {
        EntryValue::Link(Link { title, .. })
        | EntryValue::Pr(Pr { title, .. })
        | EntryValue::Fcp(Fcp { title, .. })
        | EntryValue::Rfc(Rfc { title, .. })
        | EntryValue::CfpEvent(CfpEvent { name: title, .. }) => {
            keys.extend(entry_identity(v));
            keys.push(format!("title|{title}"));
        }
        EntryValue::Event(e) => {
            let group = entry_identity(v).unwrap_or_default();
            let talks: Vec<String> = e.talks.iter().map(|t| normalize(&t.url)).collect();
            keys.push(format!("{group}|{}", talks.join(" ")));
            keys.push(group);
        }
        EntryValue::Nothing(_) => keys.push("nothing".to_string()),
        EntryValue::Raw(r) => {
            if let Some(u) = first_url(&r.text) {
                keys.push(format!("url|{}", normalize(u)));
                if let Some(d) = entry_date(v) {
                    keys.push(format!("event|{d}|{}", normalize(u)));
                }
            }
        }
    }
    keys
}

/// What makes two versions of an entry the same entry: its normalised URL (the duplicate
/// check's normalisation), an event's date and group URL, a raw line's first link. Also used
/// to describe a proposal's changes (`pull_request.rs`).
pub(crate) fn entry_identity(v: &EntryValue) -> Option<String> {
    match v {
        EntryValue::Event(e) => Some(format!("event|{}|{}", e.start, normalize(&e.group_url))),
        EntryValue::Raw(r) => first_url(&r.text).map(|u| format!("url|{}", normalize(u))),
        EntryValue::Nothing(_) => None,
        other => other.url().map(|u| format!("url|{}", normalize(u))),
    }
}

/// The target of the first Markdown link in a text.
pub(super) fn first_url(text: &str) -> Option<&str> {
    let start = text.find("](")? + 2;
    let rest = &text[start..];
    Some(&rest[..rest.find(')')?])
}

/// How a conflict's target names an entry: its identity.
pub(super) fn entry_name(v: &EntryValue) -> String {
    match v {
        EntryValue::Event(e) => format!("{} {}", e.start, normalize(&e.group_url)),
        EntryValue::Nothing(_) => "nothing".to_string(),
        EntryValue::Raw(r) => first_url(&r.text).map_or_else(
            || r.text.lines().next().unwrap_or("").to_string(),
            normalize,
        ),
        other => other.url().map(normalize).unwrap_or_default(),
    }
}
