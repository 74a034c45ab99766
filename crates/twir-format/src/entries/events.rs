//! Event lines (`* DATE | PLACE | [Group](URL)` and talk lines under them): their parser,
//! writer and the reason a deviating one stays raw.

use crate::date::Date;
use crate::model::{Cohost, EntryValue, Event, PlaceKind, Talk};

use super::{push_display, push_link, split_link};

/// `YYYY-MM-DD` or `YYYY-MM-DD - YYYY-MM-DD`.
pub(crate) fn parse_event_dates(s: &str) -> Option<(Date, Option<Date>)> {
    match s.split_once(" - ") {
        Some((a, b)) => Some((Date::parse(a)?, Some(Date::parse(b)?))),
        None => Some((Date::parse(s)?, None)),
    }
}

/// `Virtual`, `Virtual (X)`, `Hybrid (X)`, `Virtual and In-Person (X)` or a plain place.
pub fn parse_place(s: &str) -> (PlaceKind, Option<String>) {
    for kind in [
        PlaceKind::VirtualAndInPerson,
        PlaceKind::Hybrid,
        PlaceKind::Virtual,
    ] {
        let label = kind.label().unwrap_or_default();
        if s == label {
            return (kind, None);
        }
        if let Some(inner) = s
            .strip_prefix(label)
            .and_then(|r| r.strip_prefix(" ("))
            .and_then(|r| r.strip_suffix(')'))
        {
            return (kind, Some(inner.to_string()));
        }
    }
    (PlaceKind::InPerson, Some(s.to_string()))
}

/// The place column of an event line.
pub fn format_place(kind: PlaceKind, location: Option<&str>) -> String {
    match (kind.label(), location) {
        (None, Some(l)) => l.to_string(),
        (None, None) => String::new(),
        (Some(k), None) => k.to_string(),
        (Some(k), Some(l)) => format!("{k} ({l})"),
    }
}

/// `[A](…)`, then any co-hosts each after one of [`Cohost::JOINERS`]: `[A](…) + [B](…)`.
fn parse_groups(s: &str) -> Option<(&str, &str, Vec<Cohost>)> {
    let (group, group_url, mut rest) = split_link(s)?;
    let mut cohosts = Vec::new();
    while !rest.is_empty() {
        let joiner = Cohost::JOINERS.into_iter().find(|j| rest.starts_with(j))?;
        let (name, url, r) = split_link(&rest[joiner.len()..])?;
        cohosts.push(Cohost {
            joiner: joiner.to_string(),
            name: name.to_string(),
            url: url.to_string(),
        });
        rest = r;
    }
    Some((group, group_url, cohosts))
}

pub(super) fn parse_event(lines: &[&str]) -> Option<EntryValue> {
    let first = lines.first()?.strip_prefix("* ")?;
    let mut parts = first.splitn(3, " | ");
    let (start, end) = parse_event_dates(parts.next()?)?;
    let (kind, location) = parse_place(parts.next()?);
    let (group, group_url, cohosts) = parse_groups(parts.next()?)?;
    let mut talks = Vec::with_capacity(lines.len() - 1);
    for l in &lines[1..] {
        // Titles may contain ` | ` themselves, so the line is read link by link.
        let (title, url, mut rest) = split_link(l.strip_prefix("    * ")?)?;
        let title = title.strip_prefix("**")?.strip_suffix("**")?;
        let mut also = Vec::new();
        while !rest.is_empty() {
            let (t, u, r) = split_link(rest.strip_prefix(" | ")?)?;
            also.push(Talk {
                title: t.to_string(),
                url: u.to_string(),
                also: Vec::new(),
            });
            rest = r;
        }
        talks.push(Talk {
            title: title.to_string(),
            url: url.to_string(),
            also,
        });
    }
    Some(EntryValue::Event(Event {
        start,
        end,
        kind,
        location,
        group: group.to_string(),
        group_url: group_url.to_string(),
        cohosts,
        talks,
    }))
}

/// Writes an event and its talk lines (without a final line ending).
pub(super) fn write_event(out: &mut String, e: &Event, nl: &str) {
    out.push_str("* ");
    push_display(out, e.start);
    if let Some(end) = e.end {
        out.push_str(" - ");
        push_display(out, end);
    }
    out.push_str(" | ");
    out.push_str(&format_place(e.kind, e.location.as_deref()));
    out.push_str(" | ");
    push_link(out, &e.group, &e.group_url);
    for c in &e.cohosts {
        out.push_str(&c.joiner);
        push_link(out, &c.name, &c.url);
    }
    for t in &e.talks {
        out.push_str(nl);
        out.push_str("    * [**");
        out.push_str(&t.title);
        out.push_str("**](");
        out.push_str(&t.url);
        out.push(')');
        for a in &t.also {
            out.push_str(" | ");
            push_link(out, &a.title, &a.url);
        }
    }
}

/// How an event that did not parse deviates from the standard two-line format.
pub(super) fn explain_event(lines: &[&str]) -> String {
    let first = &lines[0][2..];
    // Co-hosting groups may be joined by ` | ` too, so only the first two `|` end fields.
    let fields: Vec<&str> = first.splitn(3, '|').collect();
    if fields.len() != 3 {
        return format!(
            "the event line has {} `|`-separated fields instead of 3",
            fields.len()
        );
    }
    if first.split(" | ").count() != first.split('|').count() {
        return "a `|` is not surrounded by single spaces".to_string();
    }
    let date = fields[0].trim();
    if parse_event_dates(date).is_none() {
        return format!("the date `{date}` is not `YYYY-MM-DD` or `YYYY-MM-DD - YYYY-MM-DD`");
    }
    if parse_groups(fields[2].trim_start()).is_none() {
        return "the group is not a `[Name](URL)` link, or links joined by ` + `, ` | `, ` and `, \
                ` & `, `, ` or `; `"
            .to_string();
    }
    if lines.iter().any(|l| l.trim_end() != *l) {
        return "a line ends with spaces".to_string();
    }
    for l in &lines[1..] {
        let indent = l.len() - l.trim_start().len();
        let t = l.trim_start();
        if t.starts_with("* ") || t.starts_with("- ") {
            if indent != 4 || l.starts_with('\t') {
                return format!(
                    "a talk line is indented {indent} spaces; the standard (and Python-Markdown) needs 4"
                );
            }
            if !t.starts_with("* [**") {
                return "a talk line is not `    * [**Title**](URL)`".to_string();
            }
            if split_link(&t[2..]).is_some_and(|(title, _, _)| !title.ends_with("**")) {
                return "a talk title is not wholly in bold: `[**Title**](URL)`".to_string();
            }
        } else {
            return "a line under the event is not a talk line `    * [**Title**](URL)`"
                .to_string();
        }
    }
    "the event does not follow the standard line format".to_string()
}

#[cfg(test)]
mod tests {
    use super::super::parse_entry;
    use super::*;
    use crate::model::SectionKind;

    fn entry(lines: &[&str], kind: SectionKind) -> EntryValue {
        parse_entry(lines, kind, &mut String::new())
    }

    #[test]
    fn events_with_kinds() {
        let v = entry(
            &[
                "* 2026-09-08 - 2026-09-11 | Hybrid (Montreal, CA) | [Conf](https://c)",
                "    * [**Conf**](https://c/s)",
                "    * [**Day 2**](https://c/2)",
            ],
            SectionKind::EventRegion,
        );
        let EntryValue::Event(e) = v else {
            panic!("{v:?}")
        };
        assert_eq!(e.kind, PlaceKind::Hybrid);
        assert_eq!(e.location.as_deref(), Some("Montreal, CA"));
        assert_eq!(e.talks.len(), 2);
        assert_eq!(e.end, Date::parse("2026-09-11"));
    }

    #[test]
    fn events_hosted_by_several_groups_keep_their_joiners() {
        for joiner in Cohost::JOINERS {
            let line = format!(
                "* 2026-09-08 | Virtual (Berlin, DE) | [A | a](https://a){joiner}[B](https://b/(x)){joiner}[C](https://c)"
            );
            let lines = [line.as_str(), "    * [**Hack and Learn**](https://h)"];
            let v = entry(&lines, SectionKind::EventRegion);
            let EntryValue::Event(e) = &v else {
                panic!("{joiner:?}: {v:?}")
            };
            assert_eq!(
                (e.group.as_str(), e.group_url.as_str()),
                ("A | a", "https://a")
            );
            let names: Vec<_> = e
                .cohosts
                .iter()
                .map(|c| (c.joiner.as_str(), c.name.as_str(), c.url.as_str()))
                .collect();
            assert_eq!(
                names,
                [(joiner, "B", "https://b/(x)"), (joiner, "C", "https://c")]
            );
            assert_eq!(crate::write::write_entry(&v), lines.join("\n"));
        }
        // Anything else after the group keeps the event raw, with the reason.
        for tail in [
            " +[B](https://b)",
            " with [B](https://b)",
            " + B",
            " + [B](https://b) ",
        ] {
            let line = format!("* 2026-09-08 | Berlin, DE | [A](https://a){tail}");
            let v = entry(&[line.as_str()], SectionKind::EventRegion);
            assert!(matches!(v, EntryValue::Raw(_)), "{tail:?}: {v:?}");
        }
    }
}
