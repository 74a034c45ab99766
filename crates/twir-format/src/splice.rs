//! Rendering one list item again instead of its whole part: a keystroke in a list of a hundred
//! merged PRs then parses one item, not the list.
//!
//! It applies only where the result is certain to equal a full render: the old and new
//! Markdown of a part differ inside one item of the part's only top-level list, the list is
//! tight (no blank line, nothing but items and their indented lines), and the new item renders
//! alone to one `<li>` without headings. Anything else returns `None` and the part is rendered
//! whole. `tests/preview_cache.rs` compares the result with full renders, archive-wide.

use crate::html_nodes::{html_element_content, html_nodes};

fn is_item_start(line: &str) -> bool {
    line.starts_with("* ")
}

/// An ATX heading line (`### Title`).
fn is_heading(line: &str) -> bool {
    let rest = line.trim_start_matches('#');
    (1..=6).contains(&(line.len() - rest.len())) && rest.starts_with([' ', '\t', '\r', '\n'])
}

/// An indented line that continues the item above. A line with an item marker indented less
/// than 4 spaces is not one: the site's renderer (and so the preview) makes it an item of the
/// same list.
fn is_continuation(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let t = line.trim();
    let marker = t.starts_with(['*', '-', '+'])
        || t.starts_with(|c: char| c.is_ascii_digit()) && t.contains('.');
    line.starts_with("  ") && !t.is_empty() && !(indent < 4 && marker)
}

/// Lines that end a list without continuing its last item lazily.
fn ends_list(line: Option<&&str>) -> bool {
    line.is_none_or(|l| l.trim().is_empty())
}

/// The index of a part's only list item whose text changed from `old` to `new`, and its old
/// and new text; `None` unless exactly that changed and the list is tight and alone.
fn changed_item(old: &str, new: &str) -> Option<(usize, String, String)> {
    let o: Vec<&str> = old.split_inclusive('\n').collect();
    let n: Vec<&str> = new.split_inclusive('\n').collect();
    let head = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    if head == o.len() && head == n.len() {
        return None;
    }
    let room = o.len().min(n.len()) - head;
    let tail = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    // The item holding the first changed line: it starts there or above it.
    let start = if o.get(head).is_some_and(|l| is_item_start(l))
        && n.get(head).is_some_and(|l| is_item_start(l))
    {
        head
    } else {
        let s = (0..head).rev().find(|&i| !is_continuation(o[i]))?;
        if !is_item_start(o[s]) {
            return None;
        }
        s
    };
    let item_end = |lines: &[&str]| {
        (start + 1..lines.len())
            .find(|&i| !is_continuation(lines[i]))
            .unwrap_or(lines.len())
    };
    let (end_o, end_n) = (item_end(&o), item_end(&n));
    if o.len() - tail > end_o || n.len() - tail > end_n {
        return None;
    }
    if !tight_single_list(&o) || !tight_single_list(&n) {
        return None;
    }
    // An item added next to an equal one could pass for a changed item.
    let items = |lines: &[&str]| lines.iter().filter(|l| is_item_start(l)).count();
    if items(&o) != items(&n) {
        return None;
    }
    let index = o[..start].iter().filter(|l| is_item_start(l)).count();
    Some((index, o[start..end_o].concat(), n[start..end_n].concat()))
}

/// [`changed_item`], when neither the old nor the new item has a fence or HTML: those could
/// run on past the item (over the blank line after the list, or over the next items' lines
/// when the old "item" was no item at all), which the item's text alone would not show.
pub(crate) fn plain_item_change(old: &str, new: &str) -> Option<(usize, String, String)> {
    let (index, old_item, new_item) = changed_item(old, new)?;
    let plain = |t: &str| !["```", "~~~", "<"].iter().any(|m| t.contains(m));
    (plain(&old_item) && plain(&new_item)).then_some((index, old_item, new_item))
}

/// Whether the items of `lines` form one run with nothing but their indented lines between,
/// that ends where no line could continue its last item.
fn tight_single_list(lines: &[&str]) -> bool {
    let Some(first) = lines.iter().position(|l| is_item_start(l)) else {
        return false;
    };
    // Right after a paragraph line, some items would not start a list at all.
    let clean_start = first
        .checked_sub(1)
        .is_none_or(|i| lines[i].trim().is_empty() || is_heading(lines[i]));
    let end = (first..lines.len())
        .find(|&i| !is_item_start(lines[i]) && !is_continuation(lines[i]))
        .unwrap_or(lines.len());
    // After a blank line, an indented line would still belong to the last item (and make the
    // list loose).
    let next = lines[end..].iter().find(|l| !l.trim().is_empty());
    clean_start
        && ends_list(lines.get(end))
        && !next.is_some_and(|l| l.starts_with([' ', '\t']))
        && !lines[end..].iter().any(|l| is_item_start(l))
}

/// `old_html` (rendered from `old_text`) with the list item that `change` (from
/// [`plain_item_change`] of `old_text` and the new text) names rendered again by `render` and
/// put in its place; `None` when that is not certain to equal a full render of the new text.
pub(crate) fn splice_item(
    old_text: &str,
    old_html: &str,
    (index, old_item, item): &(usize, String, String),
    render: impl Fn(&str) -> String,
) -> Option<String> {
    let index = *index;
    let nodes = html_nodes(old_html)?;
    let mut lists = nodes
        .iter()
        .filter(|r| old_html[(*r).clone()].starts_with("<ul>"));
    let list = lists.next()?.clone();
    if lists.next().is_some() {
        return None;
    }
    let (open, content) = html_element_content(&old_html[list.clone()])?;
    let content_at = list.start + open.len();
    let items: Vec<_> = html_nodes(content)?
        .into_iter()
        .filter(|r| content[r.clone()].starts_with("<li"))
        .collect();
    let count = old_text
        .split_inclusive('\n')
        .filter(|l| is_item_start(l))
        .count();
    if items.len() != count {
        return None;
    }
    let old_li = items.get(index)?.clone();
    // Heading ids are numbered through the issue: the item must neither have nor get one.
    let has_heading = |html: &str| (1..=6).any(|h| html.contains(&format!("<h{h}")));
    if content[old_li.clone()].starts_with("<li>\n<p>") || has_heading(&content[old_li.clone()]) {
        return None;
    }
    // The old item alone must render to the very `<li>` it has in the list: then the list's
    // items are the `* ` lines, in order, and nothing around the item changes how it renders.
    if render(old_item) != format!("<ul>\n{}\n</ul>\n", &content[old_li.clone()]) {
        return None;
    }
    let fresh = render(item);
    let inner = fresh.strip_prefix("<ul>\n")?.strip_suffix("</ul>\n")?;
    let new_li = inner.strip_suffix('\n')?;
    let alone = html_nodes(new_li)?.len() == 1 && new_li.starts_with("<li>");
    if !alone || has_heading(new_li) || new_li.starts_with("<li>\n<p>") {
        return None;
    }
    let (from, to) = (content_at + old_li.start, content_at + old_li.end);
    let mut html = String::with_capacity(old_html.len() + new_li.len());
    html.push_str(&old_html[..from]);
    html.push_str(new_li);
    html.push_str(&old_html[to..]);
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_one_changed_item() {
        let old = "### A\n* [a](x)\n* [b](y)\n    * [**t**](z)\n* [c](w)\n";
        let new = "### A\n* [a](x)\n* [bb](y)\n    * [**t**](z)\n* [c](w)\n";
        assert_eq!(
            changed_item(old, new),
            Some((
                1,
                "* [b](y)\n    * [**t**](z)\n".to_string(),
                "* [bb](y)\n    * [**t**](z)\n".to_string()
            ))
        );
        // A changed indented line belongs to the item above it; an added one too.
        let talk = "### A\n* [a](x)\n* [b](y)\n    * [**tt**](z)\n* [c](w)\n";
        assert_eq!(changed_item(old, talk).map(|(i, ..)| i), Some(1));
        let more = "### A\n* [a](x)\n* [b](y)\n    * [**t**](z)\n    * [**u**](v)\n* [c](w)\n";
        assert_eq!(changed_item(old, more).map(|(i, ..)| i), Some(1));
    }

    #[test]
    fn items_with_fences_or_html_are_not_plain() {
        let old = "### A\n* [a](x)\n* [b](y)\n";
        assert!(plain_item_change(old, "### A\n* [aa](x)\n* [b](y)\n").is_some());
        for new in [
            "### A\n* ~~~\n* [b](y)\n",
            "### A\n* ```\n* [b](y)\n",
            "### A\n* <!--\n* [b](y)\n",
        ] {
            assert!(changed_item(old, new).is_some(), "{new:?}");
            assert_eq!(plain_item_change(old, new), None, "{new:?}");
            assert_eq!(plain_item_change(new, old), None, "{new:?}");
        }
    }

    #[test]
    fn anything_else_is_not_an_item_change() {
        let old = "### A\n* [a](x)\n* [b](y)\n";
        for new in [
            "### B\n* [a](x)\n* [b](y)\n",             // the heading
            "### A\n* [a](x)\n* [b](y)\n* [c](z)\n",   // an added item
            "### A\n* [a](x)\n\n* [b](y)\n",           // loose now
            "### A\n* [aa](x)\n* [bb](y)\n",           // two items
            "### A\n* [a](x)\n* [b](y)\nlazy text\n",  // continues the last item lazily
            "### A\n* [a](x)\n* [b](y)\n\n* [c](z)\n", // a second list
            old,
        ] {
            assert_eq!(changed_item(old, new), None, "{new:?}");
        }
        // The item is alone in its change, but its list is loose or continued lazily.
        for (old, new) in [
            (
                "### A\n* [a](x)\n\n* [b](y)\n",
                "### A\n* [aa](x)\n\n* [b](y)\n",
            ),
            (
                "### A\n* [a](x)\n* [b](y)\nlazy\n",
                "### A\n* [a](x)\n* [bb](y)\nlazy\n",
            ),
        ] {
            assert_eq!(changed_item(old, new), None, "{new:?}");
        }
    }
}
