//! A rule is declared once — id, severity, summary — and reported by name, so a diagnostic's
//! severity can only be its rule's.

use crate::diag::{Diagnostic, Severity};
use crate::model::Id;

use super::Fix;

/// One validation rule, as listed in [`RULES`](super::RULES).
#[derive(Debug)]
pub(crate) struct Rule {
    /// Stable id, the diagnostic's `code`.
    pub id: &'static str,
    pub severity: Severity,
    /// What the rule checks, in a few words.
    pub summary: &'static str,
}

impl Rule {
    /// A diagnostic of this rule at a 1-based `(line, column)`, with the rule's id and severity.
    pub(crate) fn at(
        &self,
        (line, col): (usize, usize),
        target: Option<Id>,
        message: String,
        fix: Option<Fix>,
    ) -> Diagnostic {
        Diagnostic {
            code: self.id.to_string(),
            severity: self.severity,
            message,
            line,
            col,
            target,
            fix,
        }
    }
}

/// Declares rules, each as a `static NAME: Rule` with its doc comments:
///
/// ```text
/// declare_rule! {
///     pub(super) TRACKING_PARAM, "tracking-param", Error, "community link with utm_ …";
/// }
/// ```
///
/// Every rule `check` reports is also named in `RULES` (`check/mod.rs`).
macro_rules! declare_rule {
    ($(
        $(#[$doc:meta])*
        $vis:vis $name:ident, $id:literal, $severity:ident, $summary:literal;
    )*) => {
        $(
            $(#[$doc])*
            $vis static $name: $crate::check::rule::Rule = $crate::check::rule::Rule {
                id: $id,
                severity: $crate::diag::Severity::$severity,
                summary: $summary,
            };
        )*
    };
}

pub(crate) use declare_rule;
