//! A rule's metadata: its id, severity, status, the resource types it reads, whether it
//! fixes, its references and the ids other tools give the same requirement, and its
//! documentation page (the rule's `///` comment, with fixed sections).

use driftless_diagnostics::{CrossRefs, RuleId, RuleSummary, Severity};

/// Where a rule is in its life. Its id never changes or gets reused: a deprecated rule keeps
/// its id, and a renamed one keeps the old id as an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleStatus {
    /// New; may still change.
    Preview {
        /// Version that introduced it.
        since: &'static str,
    },
    /// Stable.
    Stable {
        /// Version that stabilised it.
        since: &'static str,
    },
    /// Kept for its id; no longer run by default.
    Deprecated {
        /// Version that deprecated it.
        since: &'static str,
    },
}

/// Whether a rule can generate edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// Generates edits whenever the edit site is known and editable.
    Always,
    /// Generates edits in some cases only.
    Sometimes,
    /// Never generates edits: its findings carry a recommendation.
    None,
}

/// A rule's metadata. `doc` is the rule's documentation page (its `///` comment), with the
/// sections `## What it checks`, `## Why it matters`, `## Example`, `## Fix`, `## Fix safety`
/// (unless the fix is safe) and `## References`.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id.
    pub id: RuleId,
    /// One line, what the rule requires: "EC2 instances require IMDSv2".
    pub title: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Life-cycle status.
    pub status: RuleStatus,
    /// Resource types the rule reads (its check runs on these only).
    pub resource_types: &'static [&'static str],
    /// Whether it fixes.
    pub fix: FixAvailability,
    /// Other tools' ids for the same requirement.
    pub cross_refs: CrossRefs,
    /// Other tools' ids (any tool's: `CKV_AWS_27`, `AVD-AWS-0096`) of checks that read the same
    /// resource type and the same setting as this rule but are not the same requirement (they
    /// also fail blocks this rule passes, such as an SQS queue that leaves encryption to the
    /// SQS default): a suppression of one of them, such as `checkov:skip=CKV_AWS_27`, is the
    /// author's decision about that setting and silences this rule too, but they are not
    /// cross-references, since `map` would take their other findings for this rule's. Each
    /// rule's `## References` says how its checks differ.
    pub suppressed_by: &'static [&'static str],
    /// Reference URLs, the AWS documentation first.
    pub references: &'static [&'static str],
    /// Former ids, still honoured in suppressions and exceptions.
    pub aliases: &'static [&'static str],
    /// The documentation page, Markdown.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation with the one-space indent of `///` lines removed.
    #[must_use]
    pub fn doc_markdown(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }

    /// The text of the doc section `## {heading}` (e.g. `Why it matters`), trimmed; `None`
    /// when the doc has no such section.
    #[must_use]
    pub fn section(&self, heading: &str) -> Option<String> {
        let doc = self.doc_markdown();
        let mut lines = doc.lines();
        lines.find(|l| l.trim_start_matches('#').trim() == heading && l.starts_with("## "))?;
        let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
        Some(body.join("\n").trim().to_owned())
    }

    /// The summary every output format shows.
    #[must_use]
    pub fn summary(&self) -> RuleSummary {
        RuleSummary {
            id: self.id.clone(),
            title: self.title.to_owned(),
            severity: self.severity,
            help_markdown: self.doc_markdown(),
            references: self.references.iter().map(|s| (*s).to_owned()).collect(),
            cross_refs: self.cross_refs.clone(),
            fixable: self.fix != FixAvailability::None,
        }
    }
}
