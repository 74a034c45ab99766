//! Diagnostics shared by the parser and validation.

use std::fmt;

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

impl Severity {
    /// The lowercase name (`note`, `warning`, `error`), as in JSON and in `twir check`'s output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message about a place in an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable rule id (`raw-entry`, `tracking-param`, …; see [`crate::RULES`]).
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
