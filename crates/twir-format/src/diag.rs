//! Diagnostics shared by the parser and validation.

use serde::{Deserialize, Serialize};

use crate::check::Fix;
use crate::model::Id;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information: why something is kept as raw text, a hint.
    Note,
    /// Probably wrong; publishing is still possible.
    Warning,
    /// Breaks a rule of the newsletter.
    Error,
}

/// A message about a place in an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable rule id (`raw-entry`, `utm-param`, …).
    pub code: String,
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
    /// 1-based line in the written text.
    pub line: usize,
    /// 1-based column (in characters) on that line.
    pub col: usize,
    /// The entry, block or section it concerns, when there is one.
    pub target: Option<Id>,
    /// A quick fix, where one is obvious.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}
