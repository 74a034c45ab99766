//! Upcoming events and calls for papers: the events window, regions, each event's date,
//! order, place and links, and the dates of CFP events.

use crate::date::Date;
use crate::entries::parse_event_dates;
use crate::model::{BlockKind, CfpEvent, Entry, Event, Issue, Section, SectionKind};

use super::links::EMPTY_LINK;
use super::rule::declare_rule;
use super::{Checker, Fix, FixEdit};

declare_rule! {
    /// A raw entry in an events section (elsewhere: `raw-entry`).
    pub(super) EVENT_FORMAT, "event-format", Warning, "event not in the standard two-line format";
    pub(super) EVENT_WINDOW, "event-window", Warning, "event outside the Rusty Events window";
    pub(super) EVENTS_WINDOW_DATES, "events-window-dates", Error,
        "window is not the issue date + 4 weeks";
    pub(super) EVENTS_UNSORTED, "events-unsorted", Warning, "events of a region not sorted by date";
    pub(super) UNKNOWN_REGION, "unknown-region", Warning, "events under an unknown region heading";
    pub(super) PLACE_FORMAT, "place-format", Warning, "event place not City, CC or City, ST, CC";
    pub(super) CFP_CLOSED, "cfp-closed", Warning, "CFP closing date already past";
    pub(super) CFP_DATES, "cfp-dates", Error, "CFP dates malformed or event before the CFP closes";
}

const KNOWN_REGIONS: &[&str] = &[
    "Virtual",
    "Africa",
    "Asia",
    "Europe",
    "North America",
    "South America",
    "Oceania",
];

/// The dates of the issue's `Rusty Events between START - END` line.
pub(super) fn events_window(issue: &Issue) -> Option<(Date, Date)> {
    let s = issue.section_of_kind(SectionKind::UpcomingEvents)?;
    s.blocks.iter().find_map(|b| match b.kind {
        BlockKind::EventsWindow { start, end, .. } => Some((start, end)),
        _ => None,
    })
}

impl Checker<'_> {
    /// A region heading must be one of the known regions.
    pub(super) fn region(&mut self, s: &Section) {
        if s.kind == SectionKind::EventRegion && !KNOWN_REGIONS.contains(&s.plain_title()) {
            let bare = s.plain_title().trim_end_matches(':');
            let msg = if KNOWN_REGIONS.contains(&bare) {
                format!("write the region heading as `{bare}`, without the colon")
            } else {
                format!(
                    "`{}` is not one of the regions ({})",
                    s.title(),
                    KNOWN_REGIONS.join(", ")
                )
            };
            self.at(s.id, "", &UNKNOWN_REGION, msg, None);
        }
    }

    /// The `Rusty Events between` window must run from the issue date for 4 weeks.
    pub(super) fn window(&mut self, s: &Section) {
        let Some(date) = self.date else { return };
        for b in &s.blocks {
            if let BlockKind::EventsWindow { start, end, tail } = &b.kind {
                let want_end = date.add_days(28);
                if *start != date || Some(*end) != want_end {
                    let Some(want_end) = want_end else { continue };
                    let fix = Fix {
                        label: format!("Set the window to {date} - {want_end}"),
                        edit: FixEdit::Block {
                            id: b.id,
                            kind: BlockKind::EventsWindow {
                                start: date,
                                end: want_end,
                                tail: tail.clone(),
                            },
                        },
                    };
                    self.at(b.id, "", &EVENTS_WINDOW_DATES,
                        format!("the events window should be {date} - {want_end} (the issue date + 4 weeks)"),
                        Some(fix));
                }
            }
        }
    }

    /// One event: inside the window, sorted after `last` (the latest start so far in its
    /// list), a well-formed place, every link named and addressed.
    pub(super) fn event_rules(&mut self, e: &Entry, ev: &Event, last: &mut Option<Date>) {
        if let Some((start, end)) = self.window {
            let last_day = ev.end.unwrap_or(ev.start);
            if ev.start > end || last_day < start {
                self.at(e.id, "", &EVENT_WINDOW,
                    format!("the event on {} is outside the window {start} - {end}: remove it or fix its date", ev.start), None);
            }
        }
        if let Some(prev) = *last {
            if ev.start < prev {
                self.at(
                    e.id,
                    "",
                    &EVENTS_UNSORTED,
                    format!(
                        "the event on {} comes after one on {prev}: events are sorted by date",
                        ev.start
                    ),
                    None,
                );
            }
        }
        *last = Some(ev.start.max(last.unwrap_or(ev.start)));
        if let Some(loc) = ev.location.as_deref().filter(|l| !place_ok(l)) {
            self.at(e.id, loc, &PLACE_FORMAT,
                format!("write the place as `City, CC` or `City, ST, CC` (a two-letter country code), not `{loc}`"), None);
        }
        let blank = |name: &str, url: &str| name.trim().is_empty() || url.trim().is_empty();
        let message = if blank(&ev.group, &ev.group_url) {
            Some("the event has no group name or URL".to_string())
        } else {
            ev.cohosts
                .iter()
                .position(|c| blank(&c.name, &c.url))
                .map(|i| format!("the event's group {} has no name or URL", i + 2))
        };
        if let Some(message) = message {
            self.at(e.id, "", &EMPTY_LINK, message, None);
        }
        for t in &ev.talks {
            if t.title.trim().is_empty() || t.url.trim().is_empty() {
                self.at(
                    e.id,
                    "",
                    &EMPTY_LINK,
                    "a talk has no title or URL".into(),
                    None,
                );
            }
        }
    }

    /// One CFP event: well-formed dates, the event after the CFP closes, not closed yet.
    pub(super) fn cfp_rules(&mut self, e: &Entry, c: &CfpEvent) {
        let until = Date::parse(c.cfp_until.trim());
        let when = parse_event_dates(c.event_date.trim()).map(|(d, _)| d);
        if until.is_none() {
            self.at(
                e.id,
                &c.cfp_until,
                &CFP_DATES,
                format!("the CFP closing date `{}` is not YYYY-MM-DD", c.cfp_until),
                None,
            );
        }
        if when.is_none() {
            self.at(
                e.id,
                &c.event_date,
                &CFP_DATES,
                format!(
                    "the event date `{}` is not YYYY-MM-DD (or YYYY-MM-DD - YYYY-MM-DD)",
                    c.event_date
                ),
                None,
            );
        }
        if let (Some(u), Some(w)) = (until, when) {
            if w < u {
                self.at(
                    e.id,
                    &c.event_date,
                    &CFP_DATES,
                    format!("the event ({w}) is before its CFP closes ({u})"),
                    None,
                );
            }
        }
        if let (Some(u), Some(today)) = (until, self.ctx.today) {
            if u < today {
                self.at(
                    e.id,
                    &c.cfp_until,
                    &CFP_CLOSED,
                    format!("the CFP closed on {u}: remove the entry"),
                    None,
                );
            }
        }
    }
}

/// `City, CC` or `City, ST, CC`: two or three parts, the last two capital letters.
fn place_ok(loc: &str) -> bool {
    let parts: Vec<&str> = loc.split(", ").collect();
    let cc = parts.last().copied().unwrap_or("");
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| !p.trim().is_empty() && p.trim() == *p)
        && cc.len() == 2
        && cc.bytes().all(|b| b.is_ascii_uppercase())
}
