//! A generated stress issue for the bench (`twir-bench --stress`): the core's skeleton of an
//! issue (the archive's section layout) filled with far more community links and events than
//! any published issue has. Every name and address is made up (`.example` hosts).

use twir_format::{skeleton, write, Date};

/// Community links in the stress issue, spread over the community categories.
pub const LINKS: usize = 600;
/// Events in the stress issue, spread over the regions and the issue's four weeks.
pub const EVENTS: usize = 400;

const TOPICS: [&str; 12] = [
    "borrow checking",
    "async traits",
    "iterator chains",
    "custom allocators",
    "procedural macros",
    "network stacks",
    "SIMD lanes",
    "linker scripts",
    "typestate APIs",
    "kernel drivers",
    "test harnesses",
    "compile times",
];
const OPENERS: [&str; 6] = [
    "Notes on",
    "A field guide to",
    "Rethinking",
    "What rewriting {} taught me",
    "Taming {} in production",
    "Sketches of",
];
const TAGS: [&str; 5] = ["", "[video] ", "[audio] ", "[series] ", "[ES] "];
const CITIES: [&str; 14] = [
    "Lyon, FR",
    "Bergen, NO",
    "Osaka, JP",
    "Pune, IN",
    "Accra, GH",
    "Nairobi, KE",
    "Austin, TX, US",
    "Halifax, NS, CA",
    "Hobart, AU",
    "Recife, BR",
    "Ghent, BE",
    "Tartu, EE",
    "Tucson, AZ, US",
    "Porto, PT",
];

/// The stress issue's Markdown: issue 600 of 2025-06-04 with [`LINKS`] links and [`EVENTS`]
/// events.
pub fn issue() -> String {
    let date = Date::parse("2025-06-04").expect("a valid date");
    let text = write(&skeleton(600, date));
    let mut out = String::with_capacity(text.len() + 200 * (LINKS + EVENTS));
    let mut part = "";
    let (mut links, mut events) = (0, 0);
    let lines: Vec<&str> = text.lines().collect();
    // The headings to fill: (part, how many of them).
    let categories = headings_under(&lines, "## Updates from Rust Community");
    let regions = headings_under(&lines, "## Upcoming Events");
    let (mut category, mut region) = (0, 0);
    for line in &lines {
        out.push_str(line);
        out.push('\n');
        if let Some(title) = line.strip_prefix("## ") {
            part = title;
            continue;
        }
        if !line.starts_with("### ") {
            continue;
        }
        if part == "Updates from Rust Community" {
            let n = share(LINKS, categories, category);
            category += 1;
            for _ in 0..n {
                out.push_str(&link_line(links));
                links += 1;
            }
        } else if part == "Upcoming Events" {
            let n = share(EVENTS, regions, region);
            let virtual_region = line == &"### Virtual";
            for k in 0..n {
                // Sorted by date within the region, as the editors keep them.
                let day = date.add_days((k * 28 / n.max(1)) as i64).unwrap_or(date);
                out.push_str(&event_line(events, day, virtual_region));
                events += 1;
            }
            region += 1;
        }
    }
    out
}

/// How many `###` headings follow the `##` heading `part` before the next `##`.
fn headings_under(lines: &[&str], part: &str) -> usize {
    lines
        .iter()
        .skip_while(|l| **l != part)
        .skip(1)
        .take_while(|l| !l.starts_with("## ") && !l.starts_with("# "))
        .filter(|l| l.starts_with("### "))
        .count()
}

/// The `i`-th of `parts` shares of `total`, the first ones one larger when it does not divide.
fn share(total: usize, parts: usize, i: usize) -> usize {
    let parts = parts.max(1);
    total / parts + usize::from(i < total % parts)
}

fn link_line(i: usize) -> String {
    let topic = TOPICS[i % TOPICS.len()];
    let opener = OPENERS[(i / TOPICS.len()) % OPENERS.len()];
    let title = if opener.contains("{}") {
        opener.replace("{}", topic)
    } else {
        format!("{opener} {topic}")
    };
    let tag = TAGS[i % TAGS.len()];
    let slug = topic.replace(' ', "-").to_lowercase();
    format!(
        "* {tag}[{title}](https://blog-{}.example/posts/{i}-{slug})\n",
        i % 37
    )
}

fn event_line(i: usize, day: Date, virtual_region: bool) -> String {
    let city = CITIES[i % CITIES.len()];
    let name = city.split(',').next().unwrap_or(city);
    let place = if virtual_region {
        format!("Virtual ({city})")
    } else {
        city.to_string()
    };
    let slug = name.to_lowercase().replace(' ', "-");
    format!(
        "* {day} | {place} | [Rust {name}](https://meet.example/rust-{slug}-{i})\n    \
         * [**Talk night {i}**](https://meet.example/rust-{slug}-{i}/events/{i})\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stress_issue_types_every_link_and_event_and_round_trips() {
        let text = issue();
        let parsed = twir_format::parse(&text);
        assert_eq!(write(&parsed.issue), text);
        let stats = twir_format::stats(&parsed.issue);
        assert_eq!(stats.links.typed, LINKS, "{stats:?}");
        assert_eq!(stats.links.raw, 0, "{stats:?}");
        assert_eq!(stats.events.typed, EVENTS, "{stats:?}");
        assert_eq!(stats.events.raw, 0, "{stats:?}");
    }
}
