//! Quote of the Week (quote lines, attribution), the older editors line, "Discuss on r/rust".

use leptos::prelude::*;
use twir_format::{BlockKind, EditError, Id, Person};

use super::{block_field, block_lens, row, BlockLens};
use crate::editor::Editor;

const QUOTE: BlockLens = (
    |b| match b {
        BlockKind::Quote { lines } => lines.join("\n"),
        _ => String::new(),
    },
    |b, s| {
        if let BlockKind::Quote { lines } = b {
            *lines = s.split('\n').map(str::to_string).collect();
        }
        Ok(())
    },
);

/// One editor per line as `name url` (the URL is the last word).
const EDITORS: BlockLens = (
    |b| match b {
        BlockKind::EditorsLine { editors } => editors
            .iter()
            .map(|p| format!("{} {}", p.name, p.url))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    },
    |b, s| {
        let mut people = Vec::new();
        for line in s.lines().filter(|l| !l.trim().is_empty()) {
            let Some((name, url)) = line.trim().rsplit_once(' ') else {
                return Err(format!("“{line}”: a name, a space and a URL"));
            };
            people.push(Person {
                name: name.trim().to_string(),
                url: url.to_string(),
            });
        }
        if let BlockKind::EditorsLine { editors } = b {
            *editors = people;
        }
        Ok(())
    },
);

pub(crate) fn block(editor: Editor, id: Id, value: Memo<Option<BlockKind>>) -> AnyView {
    let f = |label, class, l| block_field(editor, id, value, label, class, false, l);
    match value.get_untracked() {
        Some(BlockKind::Quote { .. }) => block_field(
            editor,
            id,
            value,
            "Quote (one line per line)",
            "quote",
            true,
            QUOTE,
        ),
        Some(BlockKind::Attribution { .. }) => row(
            "f-attribution",
            "Quote author",
            vec![
                f("Author", "author", block_lens!(Attribution, author)),
                f("Author link", "author-url", block_lens!(Attribution, url)),
            ],
        ),
        Some(BlockKind::EditorsLine { .. }) => block_field(
            editor,
            id,
            value,
            "Editors (one per line: name URL)",
            "editors",
            true,
            EDITORS,
        ),
        Some(BlockKind::Discuss { .. }) => f(
            "Discuss on r/rust URL",
            "discuss",
            block_lens!(Discuss, url),
        ),
        _ => ().into_any(),
    }
}

/// "Add quote": the quote, its author and the thanks line, in the standard layout (a section
/// from the skeleton has none yet).
pub(crate) fn add_quote(editor: Editor, section: Id) -> AnyView {
    let add = move |_| {
        editor.edit("add quote", |i| {
            let s = i.section(section).ok_or(EditError::NotFound(section))?;
            // After the blank line under the heading.
            let at = usize::from(matches!(
                s.blocks.first().map(|b| &b.kind),
                Some(BlockKind::Blank { .. })
            ));
            let blocks = [
                BlockKind::Quote {
                    lines: vec![String::new()],
                },
                BlockKind::Blank { count: 1 },
                BlockKind::Attribution {
                    dash: "–".to_string(),
                    author: String::new(),
                    url: String::new(),
                    rest: String::new(),
                },
                BlockKind::Blank { count: 1 },
                BlockKind::Thanks {
                    name: String::new(),
                    url: String::new(),
                    rest: " for the suggestion!".to_string(),
                },
                BlockKind::Blank { count: 1 },
                BlockKind::Text {
                    text: "[Please submit quotes and vote for next week!](https://users.rust-lang.org/t/twir-quote-of-the-week/328)".to_string(),
                },
                BlockKind::Blank { count: 1 },
            ];
            for (n, b) in blocks.into_iter().enumerate() {
                i.insert_block(Some(section), Some(at + n), b)?;
            }
            Ok(())
        });
        super::set_timeout_focus(".f-quote textarea");
    };
    view! {
        <button type="button" class="button small f-add-quote" on:click=add>
            "Add quote"
        </button>
    }
    .into_any()
}
