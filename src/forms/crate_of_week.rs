//! Crate of the Week (name, URL, description) and "Thanks to" lines (name, URL, rest).

use leptos::prelude::*;
use twir_format::{BlockKind, Id};

use super::{block_field, block_lens, row};
use crate::editor::Editor;

pub(crate) fn block(
    editor: Editor,
    id: Id,
    value: Memo<Option<BlockKind>>,
    thanks: bool,
) -> AnyView {
    let f = |label, class, l| block_field(editor, id, value, label, class, false, l);
    if thanks {
        row(
            "f-thanks",
            "Thanks to",
            vec![
                f("Thanks to (name)", "thanks-name", block_lens!(Thanks, name)),
                f("Their link", "thanks-url", block_lens!(Thanks, url)),
                f("Rest of the line", "thanks-rest", block_lens!(Thanks, rest)),
            ],
        )
    } else {
        row(
            "f-cotw",
            "Crate of the week",
            vec![
                f("Crate", "crate-name", block_lens!(CrateOfTheWeek, name)),
                f("Crate URL", "crate-url", block_lens!(CrateOfTheWeek, url)),
                f(
                    "Description (after the link)",
                    "crate-description",
                    block_lens!(CrateOfTheWeek, description),
                ),
            ],
        )
    }
}
