//! Puts a preview part's new HTML into the page by changing only the nodes that differ.
//!
//! A keystroke changes one section of the issue, but a section (Community, say) is hundreds
//! of elements: replacing its `innerHTML` made the browser restyle, lay out and paint all of
//! them on every keystroke. Here the new HTML is parsed off-page (in a `<template>`, so its
//! images do not load) and compared with the shown nodes; equal subtrees are kept, so typing in
//! a link title changes one text node of the preview.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTemplateElement, Node};

/// Makes the children of `el` those of `html`, touching only what differs.
pub fn patch_html(el: &Element, html: &str) {
    let Ok(template) = document().create_element("template") else {
        el.set_inner_html(html);
        return;
    };
    template.set_inner_html(html);
    let fresh: Node = template
        .unchecked_into::<HtmlTemplateElement>()
        .content()
        .into();
    patch_children(el.unchecked_ref(), &fresh);
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
