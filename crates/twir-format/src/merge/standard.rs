//! Where a plain line merge conflicts, people resolve by hand, and while they are at it they
//! write the entries they touch in the standard format: `* ` as the bullet (not `-`, `+`, a
//! bullet glued to the link or indented by a space, or none at all before a link), no space
//! at the start of a link's title, ` | ` between an event's fields. The merge does the same,
//! and only there: the lines a side changed inside a stretch where the whole-file line merge
//! (git's) conflicts. Everything else stays byte for byte.

use std::collections::HashSet;

use super::{diff3, FastHash};
use crate::model::SectionKind;
use crate::parse::{classify_section, heading_level, is_fence};

/// Where the whole-file line merge conflicts, and ours and theirs with their lines there in
/// the standard format.
pub(super) struct Hot {
    /// Ours and theirs rewritten; `None` when no line needed it.
    pub(super) sides: Option<(String, String)>,
    /// The heading lines (without line ending) of the sections holding a line either side
    /// changed inside a conflict of the line merge.
    pub(super) headings: HashSet<String, FastHash>,
    /// A conflict holds an entry with a `-` or `+` bullet: people keep those as written about
    /// as often as they rewrite them (and often edit more around them), so the merge is not
    /// sure how the conflict will be resolved.
    pub(super) unsure: bool,
}

/// Finds the lines each side changed inside the line merge's conflicts and writes them in the
/// standard format.
pub(super) fn standardise(b: &[&str], o: &[&str], t: &[&str], chunks: &[diff3::Chunk]) -> Hot {
    let mut hot_o = vec![Touch::No; o.len()];
    let mut hot_t = vec![Touch::No; t.len()];
    for c in chunks {
        let (cb, co, ct) = (&b[c.base.clone()], &o[c.ours.clone()], &t[c.theirs.clone()]);
        if c.stable || co == ct {
            continue;
        }
        let conflict = co != cb && ct != cb;
        let touch = if conflict {
            Touch::InConflict
        } else {
            Touch::Changed
        };
        let sides = [
            (&mut hot_o, c.ours.clone(), co),
            (&mut hot_t, c.theirs.clone(), ct),
        ];
        for (hot, range, side) in sides {
            for (k, l) in range.zip(side) {
                if !cb.contains(l) {
                    hot[k] = touch;
                }
            }
        }
    }
    let mut headings = HashSet::default();
    let mut unsure = false;
    let (so, co) = rewrite(o, &hot_o, &mut headings, &mut unsure);
    let (st, ct) = rewrite(t, &hot_t, &mut headings, &mut unsure);
    Hot {
        sides: (co || ct).then_some((so, st)),
        headings,
        unsure,
    }
}

/// How a side's line takes part in the line merge.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Touch {
    /// Unchanged from base.
    No,
    /// Changed (or added) where the other side did not change anything.
    Changed,
    /// Changed inside a stretch the other side changed too: a conflict.
    InConflict,
}

/// The lines joined, those marked written in the standard format; whether any changed.
fn rewrite(
    lines: &[&str],
    hot: &[Touch],
    headings: &mut HashSet<String, FastHash>,
    unsure: &mut bool,
) -> (String, bool) {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len()).sum());
    let mut changed = false;
    for ((l, (kind, heading)), hot) in lines.iter().zip(sections(lines)).zip(hot) {
        if *hot == Touch::InConflict {
            if let Some(h) = heading {
                headings.insert(bare(lines[h]).to_string());
            }
        }
        let std = (*hot == Touch::InConflict)
            .then(|| standard_line(l, kind))
            .flatten();
        if std.is_some() && dash_bullet(l) {
            *unsure = true;
        }
        match std {
            Some(s) => {
                changed = true;
                out.push_str(&s);
            }
            None => out.push_str(l),
        }
    }
    (out, changed)
}

/// A line without its ending.
fn bare(l: &str) -> &str {
    l.trim_end_matches(['\n', '\r'])
}

/// The kind of section each line is in (as the parser would classify it; headings inside
/// fences and comments are skipped) and the index of its heading line.
fn sections(lines: &[&str]) -> Vec<(SectionKind, Option<usize>)> {
    let mut stack: Vec<(u8, SectionKind, usize)> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut comment = false;
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let text = bare(l);
        if let Some((c, n)) = fence {
            if is_fence(text).is_some_and(|(c2, n2)| c2 == c && n2 >= n) {
                fence = None;
            }
        } else if comment {
            comment = !text.contains("-->");
        } else if let Some(f) = is_fence(text) {
            fence = Some(f);
        } else if text.starts_with("<!--") {
            comment = !text.contains("-->");
        } else if let Some(level) = heading_level(text) {
            while stack.last().is_some_and(|(lv, _, _)| *lv >= level) {
                stack.pop();
            }
            let parent = stack.last().map(|(_, k, _)| *k);
            let kind = classify_section(text[level as usize..].trim(), parent);
            stack.push((level, kind, i));
        }
        out.push(
            stack
                .last()
                .map_or((SectionKind::Other, None), |(_, k, h)| (*k, Some(*h))),
        );
    }
    out
}

/// Whether a line starts with a `-` or `+` bullet.
fn dash_bullet(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with("- ") || t.starts_with("+ ")
}

/// A list entry's first line in the standard format, when it is one and deviates from it.
pub(super) fn standard_line(line: &str, kind: SectionKind) -> Option<String> {
    use SectionKind::*;
    let event = matches!(kind, EventRegion | UpcomingEvents);
    let listed = event
        || matches!(
            kind,
            Community
                | CommunityCategory
                | CallsForTesting
                | CallsForTestingGroup
                | CfpProjects
                | CfpEvents
                | PrGroup
                | FcpGroup
                | NewRfcs
                | ApprovedRfcs
        );
    let ending = &line[line.trim_end_matches(['\n', '\r']).len()..];
    let text = &line[..line.len() - ending.len()];
    let indent = text.len() - text.trim_start().len();
    if !listed || indent > 3 || text.starts_with('\t') {
        return None;
    }
    let body = text.trim_start();
    let bulleted = ["* ", "- ", "+ "]
        .iter()
        .find_map(|b| body.strip_prefix(b))
        .or_else(|| body.strip_prefix('*').filter(|r| r.starts_with('[')));
    let body = match bulleted {
        Some(rest) => rest.trim_start(),
        // A link on its own line in a list section is an entry without its bullet.
        None if body.starts_with('[') => body,
        None => return None,
    };
    if !body.contains("](") {
        return None;
    }
    let mut body = match body.strip_prefix("[ ") {
        Some(rest) => format!("[{}", rest.trim_start()),
        None => body.to_string(),
    };
    if event && body.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        body = body
            .split('|')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" | ");
    }
    let std = format!("* {body}{ending}");
    (std != line).then_some(std)
}

/// The merged text with the sections under `headings` that hold only a list spaced as the
/// format has it: no blank line inside the list, one blank line after it before the next
/// heading (the blank lines between heading and list stay as merged). That is how people leave a category where they resolved a
/// conflict by hand (two sides appended entries, each with its own blank lines).
pub(super) fn respace(text: &str, headings: &HashSet<String, FastHash>) -> Option<String> {
    if headings.is_empty() {
        return None;
    }
    let lines = super::lines(text);
    let secs = sections(&lines);
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        let (_, head) = secs[i];
        // The body of the section whose heading is line i: up to the next line in another.
        let end = (i + 1..lines.len())
            .find(|&k| secs[k].1 != head)
            .unwrap_or(lines.len());
        let body = &lines[(i + 1).min(end)..end];
        let is_heading = head == Some(i);
        let listed = |l: &&str| {
            let t = bare(l);
            t.trim().is_empty() || entries_line(t)
        };
        let has_list = body.iter().any(|l| entries_line(bare(l)));
        if !is_heading
            || !headings.contains(bare(lines[i]))
            || !has_list
            || !body.iter().all(listed)
            || !body
                .first()
                .is_some_and(|l| entries_line(bare(l)) || bare(l).is_empty())
        {
            out.push_str(lines[i]);
            i += 1;
            continue;
        }
        out.push_str(lines[i]);
        let nl = if lines[i].ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let before = out.len();
        let lead = body
            .iter()
            .take_while(|l| bare(l).trim().is_empty())
            .count();
        let mut kept: String = body[..lead].concat();
        for l in body.iter().filter(|l| !bare(l).trim().is_empty()) {
            kept.push_str(l);
        }
        out.push_str(&kept);
        if end < lines.len() {
            out.push_str(nl);
        } else {
            let trailing = body.iter().rev().take_while(|l| bare(l).trim().is_empty());
            for l in trailing.collect::<Vec<_>>().into_iter().rev() {
                out.push_str(l);
            }
        }
        changed |= out[before..] != body.concat();
        i = end;
    }
    changed.then_some(out)
}

/// A line of a list: an entry's first line or an indented continuation.
fn entries_line(t: &str) -> bool {
    crate::entries::is_bullet(t) || (t.starts_with(' ') && !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_get_the_standard_bullet_and_spacing() {
        let cat = SectionKind::CommunityCategory;
        let std = |l: &str, k| standard_line(l, k);
        assert_eq!(
            std("- [A](https://a)\n", cat).as_deref(),
            Some("* [A](https://a)\n")
        );
        assert_eq!(
            std("*[A](https://a)", cat).as_deref(),
            Some("* [A](https://a)")
        );
        assert_eq!(
            std(" * [ A](https://a)", cat).as_deref(),
            Some("* [A](https://a)")
        );
        assert_eq!(
            std("[video] [A](https://a)", cat).as_deref(),
            Some("* [video] [A](https://a)")
        );
        assert_eq!(std("* [A](https://a)", cat), None);
        assert_eq!(std("Some prose without a link", cat), None);
        assert_eq!(std("- [A](https://a)", SectionKind::Other), None);
        assert_eq!(
            std("    * [**Talk**](https://t)", SectionKind::EventRegion),
            None
        );
        assert_eq!(
            std(
                "- 2026-12-03 |  Ghent, BE| [G](https://g)",
                SectionKind::EventRegion
            )
            .as_deref(),
            Some("* 2026-12-03 | Ghent, BE | [G](https://g)")
        );
    }

    #[test]
    fn a_list_where_a_conflict_was_resolved_is_one_block() {
        let text = "## A\n### B\n* [1](u)\n\n* [2](u)\n\n\n### C\n* [3](u)\n\n* [4](u)\n";
        let hot: HashSet<String, FastHash> = ["### B".to_string()].into_iter().collect();
        let spaced = respace(text, &hot).expect("respaced");
        assert_eq!(
            spaced,
            "## A\n### B\n* [1](u)\n* [2](u)\n\n### C\n* [3](u)\n\n* [4](u)\n"
        );
    }
}
