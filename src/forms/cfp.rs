//! Calls for papers of events: name, URL, CFP closing date, place, event date.

use leptos::prelude::*;
use twir_format::{EntryValue, Id};

use super::{entry_field, lens, row};
use crate::editor::Editor;

pub(crate) fn entry(editor: Editor, id: Id, value: Memo<Option<EntryValue>>) -> AnyView {
    let f = |label, class, l| entry_field(editor, id, value, label, class, l);
    row(
        "f-cfp",
        "Call for papers",
        vec![
            f(
                "Event name",
                "name",
                lens!(EntryValue, EntryValue::CfpEvent, name),
            ),
            f("URL", "url", lens!(EntryValue, EntryValue::CfpEvent, url)),
            f(
                "CFP open until (YYYY-MM-DD)",
                "cfp-until",
                lens!(EntryValue, EntryValue::CfpEvent, cfp_until),
            ),
            f(
                "Place (City, State, Country)",
                "place",
                lens!(EntryValue, EntryValue::CfpEvent, place),
            ),
            f(
                "Event date (YYYY-MM-DD)",
                "event-date",
                lens!(EntryValue, EntryValue::CfpEvent, event_date),
            ),
        ],
    )
}
