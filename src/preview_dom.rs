//! Puts a preview part's new HTML into the page by changing only the nodes that differ.
//!
//! A keystroke changes one section of the issue, but a section (Community, say) is hundreds
//! of elements: replacing its `innerHTML` made the browser restyle, lay out and paint all of
//! them on every keystroke, and even parsing the section's HTML off-page cost a millisecond.
//! So the old and new HTML are first compared as strings, top-level node by node (see
//! [`twir_format::html_nodes`]), descending into lists: only the nodes whose HTML changed (the
//! one list item being typed in) are parsed, in a `<template>` so that their images do not
//! load, and patched into the page, where equal subtrees are kept. When the HTML does not
//! split that way, or the page's nodes do not match it, the whole part is parsed and compared
//! node by node instead.

use twir_format::{html_element_content, html_nodes};
use wasm_bindgen::JsCast;
use web_sys::{DocumentFragment, Element, HtmlTemplateElement, Node};

/// Makes the children of `el`, which show `old_html`, those of `new_html`.
pub fn patch_html_from(el: &Element, old_html: &str, new_html: &str) {
    if old_html != new_html && !patch_by_nodes(el, old_html, new_html) {
        patch_html(el, new_html);
    }
}

/// The elements whose children are compared one by one rather than parsed as a whole.
fn is_list(start_tag: &str) -> bool {
    ["<ul", "<ol", "<blockquote"]
        .iter()
        .any(|t| start_tag.starts_with(t))
}

/// Patches the children of `parent` (made from `old`) to those of `new` by comparing their
/// HTML node by node. False when the HTML or the page's nodes do not allow it; what was
/// patched until then stays, since the fallback compares with the page's nodes themselves.
fn patch_by_nodes(parent: &Node, old: &str, new: &str) -> bool {
    let (Some(olds), Some(news)) = (html_nodes(old), html_nodes(new)) else {
        return false;
    };
    let kids = parent.child_nodes();
    // Leptos leaves an empty comment after content set through `inner_html`: not part of it.
    let mut shown = kids.length();
    while shown > 0
        && kids
            .item(shown - 1)
            .is_some_and(|n| n.node_type() == Node::COMMENT_NODE)
    {
        shown -= 1;
    }
    if shown as usize != olds.len() {
        return false;
    }
    let (old_at, new_at) = (
        |k: usize| &old[olds[k].clone()],
        |k: usize| &new[news[k].clone()],
    );
    if olds.len() != news.len() {
        // An entry added or removed: keep the equal nodes at both ends, replace the middle.
        let prefix = (0..olds.len().min(news.len()))
            .take_while(|&k| old_at(k) == new_at(k))
            .count();
        let suffix = (1..=(olds.len() - prefix).min(news.len() - prefix))
            .take_while(|&k| old_at(olds.len() - k) == new_at(news.len() - k))
            .count();
        let middle = news[prefix..news.len() - suffix]
            .first()
            .zip(news[prefix..news.len() - suffix].last())
            .map_or("", |(a, b)| &new[a.start..b.end]);
        let Some(fresh) = parse_fragment(middle) else {
            return false;
        };
        let before = kids.item((olds.len() - suffix) as u32);
        for k in (prefix..olds.len() - suffix).rev() {
            if let Some(o) = kids.item(k as u32) {
                let _ = parent.remove_child(&o);
            }
        }
        let _ = parent.insert_before(&fresh, before.as_ref());
        return true;
    }
    for k in 0..olds.len() {
        let (o, n) = (old_at(k), new_at(k));
        if o == n {
            continue;
        }
        let Some(shown) = kids.item(k as u32) else {
            return false;
        };
        if let (Some((ot, oc)), Some((nt, nc))) = (html_element_content(o), html_element_content(n))
        {
            if ot == nt && is_list(ot) && patch_by_nodes(&shown, oc, nc) {
                continue;
            }
        }
        let Some(fresh) = parse_fragment(n) else {
            return false;
        };
        match fresh.first_child() {
            Some(f) if fresh.child_nodes().length() == 1 => patch_node(parent, &shown, &f),
            _ => {
                // Not one node after all: let the caller compare the whole part.
                return false;
            }
        }
    }
    true
}

/// `html` parsed off-page (in a `<template>`, so that nothing in it loads or runs).
fn parse_fragment(html: &str) -> Option<DocumentFragment> {
    let template = document().create_element("template").ok()?;
    template.set_inner_html(html);
    Some(template.unchecked_into::<HtmlTemplateElement>().content())
}

/// Makes the children of `el` those of `html`, touching only what differs.
pub fn patch_html(el: &Element, html: &str) {
    match parse_fragment(html) {
        Some(fresh) => patch_children(el.unchecked_ref(), &fresh),
        None => el.set_inner_html(html),
    }
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("the app runs in a page")
}

fn children(n: &Node) -> Vec<Node> {
    let list = n.child_nodes();
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Changes the children of `old` into those of `new` (whose nodes may be moved into `old`).
fn patch_children(old: &Node, new: &Node) {
    let (olds, news) = (children(old), children(new));
    if olds.len() == news.len() {
        for (o, n) in olds.iter().zip(&news) {
            patch_node(old, o, n);
        }
        return;
    }
    // An entry added or removed: keep the equal nodes at both ends, replace the middle.
    let prefix = olds
        .iter()
        .zip(&news)
        .take_while(|(o, n)| o.is_equal_node(Some(n)))
        .count();
    let suffix = olds[prefix..]
        .iter()
        .rev()
        .zip(news[prefix..].iter().rev())
        .take_while(|(o, n)| o.is_equal_node(Some(n)))
        .count();
    let before = olds.get(olds.len() - suffix);
    for o in &olds[prefix..olds.len() - suffix] {
        let _ = old.remove_child(o);
    }
    for n in &news[prefix..news.len() - suffix] {
        let _ = old.insert_before(n, before);
    }
}

/// Makes `o` (a child of `parent`) equal to `n`.
fn patch_node(parent: &Node, o: &Node, n: &Node) {
    if o.is_equal_node(Some(n)) {
        return;
    }
    if o.node_type() == n.node_type()
        && o.node_name() == n.node_name()
        && matches!(o.node_type(), Node::TEXT_NODE | Node::COMMENT_NODE)
    {
        o.set_node_value(n.node_value().as_deref());
        return;
    }
    if same_element(o, n) {
        patch_children(o, n);
        return;
    }
    let _ = parent.replace_child(n, o);
}

/// Whether `o` and `n` are elements with the same name and attributes (children aside).
fn same_element(o: &Node, n: &Node) -> bool {
    let (Some(o), Some(n)) = (o.dyn_ref::<Element>(), n.dyn_ref::<Element>()) else {
        return false;
    };
    if o.tag_name() != n.tag_name() {
        return false;
    }
    let names = o.get_attribute_names();
    names.length() == n.get_attribute_names().length()
        && names.iter().all(|name| {
            name.as_string()
                .is_some_and(|name| o.get_attribute(&name) == n.get_attribute(&name))
        })
}

/// Opens a link of the preview in a new tab, without a way back to this page (`noopener`)
/// and without telling the site where the click came from (`noreferrer`): checking a link
/// must never take the editor's own tab away. The heading's anchors (`#h-…`) stay in the
/// page. Modified and middle clicks keep the browser's own behaviour (they open elsewhere).
pub fn open_links_outside(ev: &web_sys::MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    if link
        .get_attribute("href")
        .is_some_and(|h| h.starts_with('#'))
    {
        return;
    }
    ev.prevent_default();
    if let Some(w) = web_sys::window() {
        let _ =
            w.open_with_url_and_target_and_features(&link.href(), "_blank", "noopener,noreferrer");
    }
}
