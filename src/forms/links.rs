//! Link-like entries: community links (title, URL, prefix tags), merged PRs, FCP items,
//! RFCs and "nothing this week" lines.

use leptos::prelude::*;
use twir_format::{EntryValue, Id, Link, SectionKind, SubLink};

use super::parts::{part_lens, parts, Parts};
use super::{entry_field, entry_field_as, lens, row, EntryLens};
use crate::editor::Editor;

/// The prefix tags offered as toggles; any other tag (a language, `ZH`) is free text.
const KNOWN_TAGS: [&str; 3] = ["video", "audio", "series"];

fn is_known(t: &str) -> bool {
    KNOWN_TAGS.iter().any(|k| k.eq_ignore_ascii_case(t))
}

fn tags(v: &EntryValue) -> Option<&Vec<String>> {
    match v {
        EntryValue::Link(l) => Some(&l.tags),
        _ => None,
    }
}

fn tags_mut(v: &mut EntryValue) -> Option<&mut Vec<String>> {
    match v {
        EntryValue::Link(l) => Some(&mut l.tags),
        _ => None,
    }
}

/// Turns the known tag `tag` on or off; known tags go before the free ones.
fn toggle(v: &mut EntryValue, tag: &str, on: bool) {
    let Some(tags) = tags_mut(v) else { return };
    tags.retain(|t| !t.eq_ignore_ascii_case(tag));
    if on {
        let at = tags.iter().take_while(|t| is_known(t)).count();
        tags.insert(at, tag.to_string());
    }
}

const OTHER_TAGS: EntryLens = (
    |v| {
        tags(v).map_or_else(String::new, |t| {
            t.iter()
                .filter(|t| !is_known(t))
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        })
    },
    |v, s| {
        if s.contains(['[', ']']) {
            return Err("tags without brackets, separated by spaces (e.g. ZH)".to_string());
        }
        if let Some(tags) = tags_mut(v) {
            tags.retain(|t| is_known(t));
            tags.extend(s.split_whitespace().map(str::to_string));
        }
        Ok(())
    },
);

fn tag_toggle(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    tag: &'static str,
) -> AnyView {
    let checked = move || {
        value.with(|v| {
            v.as_ref()
                .and_then(tags)
                .is_some_and(|t| t.iter().any(|x| x.eq_ignore_ascii_case(tag)))
        })
    };
    let on_change =
        move |ev: leptos::ev::Targeted<leptos::ev::Event, web_sys::HtmlInputElement>| {
            let on = ev.target().checked();
            let Some(mut v) = value.get_untracked() else {
                return;
            };
            toggle(&mut v, tag, on);
            editor.edit("toggle tag", |i| i.update_entry(id, v));
        };
    view! {
        <label class=format!("toggle f-tag-{tag}")>
            <input
                type="checkbox"
                data-focus-key=super::field_key(format!("tag-{tag}"))
                prop:checked=checked
                on:change:target=on_change
            />
            {format!("[{tag}]")}
        </label>
    }
    .into_any()
}

fn opt_get(o: &Option<String>) -> String {
    o.clone().unwrap_or_default()
}

fn opt_set(o: &mut Option<String>, s: &str) {
    *o = (!s.trim().is_empty()).then(|| s.trim().to_string());
}

const PR_GROUP: EntryLens = (
    |v| match v {
        EntryValue::Pr(p) => opt_get(&p.group),
        _ => String::new(),
    },
    |v, s| {
        if let EntryValue::Pr(p) = v {
            opt_set(&mut p.group, s);
        }
        Ok(())
    },
);

const FCP_DISPOSITION: EntryLens = (
    |v| match v {
        EntryValue::Fcp(f) => opt_get(&f.disposition),
        _ => String::new(),
    },
    |v, s| {
        if let EntryValue::Fcp(f) = v {
            opt_set(&mut f.disposition, s);
        }
        Ok(())
    },
);

const RFC_STATUS: EntryLens = (
    |v| match v {
        EntryValue::Rfc(r) => opt_get(&r.status),
        _ => String::new(),
    },
    |v, s| {
        if let EntryValue::Rfc(r) = v {
            opt_set(&mut r.status, s);
        }
        Ok(())
    },
);

/// The fields of a link-like entry.
/// The text of a "nothing this week" line; it may run over several lines, but an empty line
/// would end the list item (and the italics) early.
const NOTHING: EntryLens = (
    |v| match v {
        EntryValue::Nothing(n) => n.text.clone(),
        _ => String::new(),
    },
    |v, s| {
        if s.trim().is_empty() {
            return Err(
                "write what there was none of, e.g. No RFCs were approved this week.".into(),
            );
        }
        if s.split('\n').any(|l| l.trim().is_empty()) {
            return Err("an empty line would end the entry: remove it".into());
        }
        if let EntryValue::Nothing(n) = v {
            n.text = s.to_string();
        }
        Ok(())
    },
);

fn link(v: &EntryValue) -> Option<&Link> {
    match v {
        EntryValue::Link(l) => Some(l),
        _ => None,
    }
}

fn link_mut(v: &mut EntryValue) -> Option<&mut Link> {
    match v {
        EntryValue::Link(l) => Some(l),
        _ => None,
    }
}

fn sub(v: &EntryValue, n: usize) -> Option<&SubLink> {
    link(v).and_then(|l| l.subs.get(n))
}

fn sub_mut(v: &mut EntryValue, n: usize) -> Option<&mut SubLink> {
    link_mut(v).and_then(|l| l.subs.get_mut(n))
}

/// The links under a call for testing (tracking issue, testing steps).
static SUBS: Parts = Parts {
    name: "Links underneath",
    class: "f-subs",
    item_class: "f-talk f-sub",
    noun: "link underneath",
    remove_class: "f-remove-sub",
    add: ("Add a link underneath", "f-add-sub"),
    min: 0,
    count: |v| link(v).map_or(0, |l| l.subs.len()),
    push: |v| {
        if let Some(l) = link_mut(v) {
            l.subs.push(SubLink::default());
        }
    },
    remove: |v, n| {
        if let Some(l) = link_mut(v) {
            l.subs.remove(n);
        }
    },
    fields: [
        (
            "Title (e.g. Testing steps)",
            "sub-title",
            part_lens!(sub, sub_mut, title),
        ),
        ("URL", "sub-url", part_lens!(sub, sub_mut, url)),
    ],
    extra: None,
};

pub(crate) fn entry(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    kind: Option<SectionKind>,
) -> AnyView {
    let Some(v) = value.get_untracked() else {
        return ().into_any();
    };
    let f = |label, class, l| entry_field(editor, id, value, label, class, l);
    match v {
        EntryValue::Link(l) => {
            let mut fields = vec![
                row(
                    "f-tags",
                    "Prefix tags",
                    vec![
                        tag_toggle(editor, id, value, "video"),
                        tag_toggle(editor, id, value, "audio"),
                        tag_toggle(editor, id, value, "series"),
                        f("Other tags (e.g. ZH)", "lang", OTHER_TAGS),
                    ],
                ),
                f("Title", "title", lens!(EntryValue, EntryValue::Link, title)),
                f("URL", "url", lens!(EntryValue, EntryValue::Link, url)),
            ];
            if !l.note.is_empty() {
                fields.push(f(
                    "After the link",
                    "note",
                    lens!(EntryValue, EntryValue::Link, note),
                ));
            }
            let testing = matches!(
                kind,
                Some(SectionKind::CallsForTesting | SectionKind::CallsForTestingGroup)
            );
            if testing || !l.subs.is_empty() {
                fields.push(parts(editor, id, value, &SUBS));
            }
            row("f-link", "Link", fields)
        }
        EntryValue::Pr(p) => {
            let mut fields = Vec::new();
            if p.group.is_some() {
                fields.push(f("Group", "group", PR_GROUP));
            }
            fields.push(f(
                "Title",
                "title",
                lens!(EntryValue, EntryValue::Pr, title),
            ));
            fields.push(f("URL", "url", lens!(EntryValue, EntryValue::Pr, url)));
            if !p.note.is_empty() {
                fields.push(f(
                    "After the link",
                    "note",
                    lens!(EntryValue, EntryValue::Pr, note),
                ));
            }
            row("f-pr", "Pull request", fields)
        }
        EntryValue::Fcp(_) => row(
            "f-fcp",
            "Final comment period",
            vec![
                f("Disposition", "disposition", FCP_DISPOSITION),
                f("Title", "title", lens!(EntryValue, EntryValue::Fcp, title)),
                f("URL", "url", lens!(EntryValue, EntryValue::Fcp, url)),
            ],
        ),
        EntryValue::Rfc(_) => row(
            "f-rfc",
            "RFC",
            vec![
                f("Status (new, updated)", "status", RFC_STATUS),
                f("Title", "title", lens!(EntryValue, EntryValue::Rfc, title)),
                f("URL", "url", lens!(EntryValue, EntryValue::Rfc, url)),
            ],
        ),
        EntryValue::Nothing(_) => entry_field_as(
            editor,
            id,
            value,
            ("Nothing this week (in italics)", "nothing", true),
            NOTHING,
        ),
        _ => ().into_any(),
    }
}
