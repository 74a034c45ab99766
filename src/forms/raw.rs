//! Prose and text kept as written: Text and Comment blocks, raw blocks and raw entries (with
//! the reason they are raw, and "Convert to typed" where the core offers the typed form).

use std::rc::Rc;

use leptos::prelude::*;
use twir_format::{
    entries_from_markdown, typed_equivalent, BlockKind, EntryValue, Id, RawEntry, SectionKind,
};

use super::{block_field, input, BlockLens};
use crate::editor::Editor;

const TEXT: BlockLens = (
    |b| match b {
        BlockKind::Text { text } | BlockKind::Comment { text } | BlockKind::Raw { text, .. } => {
            text.clone()
        }
        _ => String::new(),
    },
    |b, s| {
        match b {
            BlockKind::Text { text } | BlockKind::Comment { text } => *text = s.to_string(),
            // Raw text keeps its own line endings; what the browser gives back is `\n`, so a
            // raw block written with `\r\n` keeps them.
            BlockKind::Raw { text, .. } => {
                *text = if text.contains("\r\n") {
                    s.replace("\r\n", "\n").replace('\n', "\r\n")
                } else {
                    s.to_string()
                }
            }
            _ => {}
        }
        Ok(())
    },
);

pub(crate) fn block(
    editor: Editor,
    id: Id,
    value: Memo<Option<BlockKind>>,
    comment: bool,
) -> AnyView {
    let reason = move || {
        value.with(|v| match v {
            Some(BlockKind::Raw { reason, .. }) => {
                Some(view! { <p class="f-reason">"Kept as written: " {reason.clone()}</p> })
            }
            _ => None,
        })
    };
    let label = match value.get_untracked() {
        Some(BlockKind::Raw { .. }) => "Text kept as written",
        _ if comment => "Comment (not published)",
        _ => "Text (Markdown)",
    };
    view! {
        <div class="f-text-block">
            {block_field(editor, id, value, label, "text", true, TEXT)}
            {reason}
        </div>
    }
    .into_any()
}

/// A raw entry: its lines in a text area, why it is raw, and "Convert to typed".
pub(crate) fn entry(
    editor: Editor,
    id: Id,
    value: Memo<Option<EntryValue>>,
    kind: Option<SectionKind>,
) -> AnyView {
    let kind = kind.unwrap_or(SectionKind::Other);
    let raw = Memo::new(move |_| {
        value.with(|v| match v {
            Some(EntryValue::Raw(r)) => Some(r.clone()),
            _ => None,
        })
    });
    let shown = Signal::derive(move || {
        raw.with(|r| r.as_ref().map(|r| r.text.clone()).unwrap_or_default())
    });
    let set = Rc::new(move |s: &str| {
        // Only this entry is parsed again, for a fresh reason; it stays raw until converted,
        // so the form does not change under the caret.
        let reason = match entries_from_markdown(s, kind).as_slice() {
            [EntryValue::Raw(r)] => r.reason.clone(),
            [v] if v.is_typed() => {
                "follows the standard format: convert it to edit it as fields".to_string()
            }
            _ => "not a single list item".to_string(),
        };
        let v = EntryValue::Raw(RawEntry {
            text: s.to_string(),
            reason,
        });
        editor.type_entry(id, &format!("{}.raw", id.0), v);
        Ok(())
    });
    let convertible = Memo::new(move |_| {
        raw.with(|r| {
            r.as_ref()
                .is_some_and(|r| typed_equivalent(&r.text, kind).is_some())
        })
    });
    let convert = move |_| {
        editor.edit("convert to typed", |i| i.convert_raw_entry(id));
        super::focus_entry(id, None);
    };
    view! {
        <div class="f-row f-raw">
            {input("Entry kept as written", "raw", true, shown, set)}
            <p class="f-reason">
                "Kept as written: "
                {move || raw.with(|r| r.as_ref().map(|r| r.reason.clone()).unwrap_or_default())}
            </p>
            {move || convertible.get().then(|| view! {
                <button type="button" class="button small f-convert" on:click=convert>
                    "Convert to typed"
                </button>
            })}
        </div>
    }
    .into_any()
}
