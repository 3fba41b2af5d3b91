//! What output formats need besides findings: the rules that ran and the inputs that failed.

use crate::{CrossRefs, LineColumn, RuleId, Severity};
use serde::Serialize;
use std::fmt;

/// A rule's metadata, as every output format shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSummary {
    /// Stable id.
    pub id: RuleId,
    /// One line: what the rule requires, "EC2 instances require IMDSv2".
    pub title: String,
    /// Default severity.
    pub severity: Severity,
    /// The rule's documentation page as Markdown (its doc comment).
    pub help_markdown: String,
    /// Reference URLs (AWS documentation first).
    pub references: Vec<String>,
    /// Other tools' ids for the same requirement.
    pub cross_refs: CrossRefs,
    /// Whether the rule can generate edits (`false` for recommendation-only rules).
    pub fixable: bool,
}

/// What went wrong with one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputErrorKind {
    /// Not valid HCL or JSON; the file's findings are missing from the report.
    Syntax,
    /// Could not be read, is not UTF-8, or is binary.
    Unreadable,
    /// Read but deliberately not scanned; the message says why.
    Skipped,
    /// A module call, variable file or state that could not be resolved.
    Unresolved,
}

/// One input that could not be read, parsed or resolved. The scan goes on without it, and the
/// exit status becomes 2 (`docs/architecture.md`, "Decisions that cut across crates": exit
/// status) unless the kind is `Skipped`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// What went wrong.
    pub kind: InputErrorKind,
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// 1-based position of the problem, when known.
    pub position: Option<LineColumn>,
    /// What was expected or what failed, without the path.
    pub message: String,
}

impl InputError {
    /// Whether this error makes the exit status 2.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.kind != InputErrorKind::Skipped
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}:{}: {}", self.path, p.line, p.column, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}
