//! Placeholder until the safe renderer lands (owned by the preview work).
use crate::model::{Id, Issue};

/// Rendered HTML of one top-level section.
pub struct SectionHtml {
    pub id: Option<Id>,
    pub html: String,
}

/// Renders Markdown to HTML.
pub fn render_markdown(_md: &str) -> String {
    String::new()
}

/// Renders the whole issue.
pub fn preview_html(_issue: &Issue) -> String {
    String::new()
}

/// Renders each top-level section.
pub fn preview_sections(_issue: &Issue) -> Vec<SectionHtml> {
    Vec::new()
}
