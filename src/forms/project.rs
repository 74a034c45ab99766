//! The special lines of "Updates from the Rust Project" and link definitions: the merged-PR
//! count, perf triage's author, revision range and report link, `[label]: url` lines.

use leptos::prelude::*;
use twir_format::{BlockKind, Id};

use super::{block_field, block_lens, row, BlockLens};
use crate::editor::Editor;

const COUNT: BlockLens = (
    |b| match b {
        BlockKind::MergedCount { count, .. } => count.to_string(),
        _ => String::new(),
    },
    |b, s| {
        let n: u32 = s
            .trim()
            .parse()
            .map_err(|_| "a whole number of pull requests".to_string())?;
        if let BlockKind::MergedCount { count, .. } = b {
            *count = n;
        }
        Ok(())
    },
);

pub(crate) fn block(editor: Editor, id: Id, value: Memo<Option<BlockKind>>) -> AnyView {
    let f = |label, class, l| block_field(editor, id, value, label, class, false, l);
    match value.get_untracked() {
        Some(BlockKind::MergedCount { .. }) => row(
            "f-merged",
            "Merged pull requests",
            vec![
                f("Pull requests merged", "merged-count", COUNT),
                f(
                    "Rest of the line",
                    "merged-rest",
                    block_lens!(MergedCount, rest),
                ),
            ],
        ),
        Some(BlockKind::LinkDef { .. }) => row(
            "f-linkdef",
            "Link definition",
            vec![
                f("Link label", "def-label", block_lens!(LinkDef, label)),
                f("Link URL", "def-url", block_lens!(LinkDef, url)),
            ],
        ),
        Some(BlockKind::TriageBy { .. }) => {
            f("Triage done by", "triage-by", block_lens!(TriageBy, author))
        }
        Some(BlockKind::RevisionRange { .. }) => row(
            "f-revisions",
            "Revision range",
            vec![
                f(
                    "Revision range",
                    "rev-label",
                    block_lens!(RevisionRange, label),
                ),
                f(
                    "Revision range URL",
                    "rev-url",
                    block_lens!(RevisionRange, url),
                ),
            ],
        ),
        Some(BlockKind::FullReport { .. }) => f(
            "Full report URL",
            "report-url",
            block_lens!(FullReport, url),
        ),
        _ => ().into_any(),
    }
}
