//! The one input of every writer: a borrowed view of what a scan produced, and its counts.

use driftless_diagnostics::{
    Applicability, Edit, Finding, InputError, InputErrorKind, LineColumn, LineIndex, RuleSummary,
    Severity, Verification,
};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;

/// The current text of scanned files, by repository-relative path (`/` separators), so writers
/// can give 1-based line and column positions for fix edits, which carry byte ranges only.
///
/// Implemented for `BTreeMap<String, String>` and `HashMap<String, String>`; the CLI can
/// implement it for its configuration model.
pub trait SourceFiles {
    /// The text of the file at `path` as read from disk, or `None` when it is not known.
    fn text(&self, path: &str) -> Option<&str>;
}

impl SourceFiles for BTreeMap<String, String> {
    fn text(&self, path: &str) -> Option<&str> {
        self.get(path).map(String::as_str)
    }
}

impl<S: BuildHasher> SourceFiles for HashMap<String, String, S> {
    fn text(&self, path: &str) -> Option<&str> {
        self.get(path).map(String::as_str)
    }
}

/// What one scan produced, borrowed from the caller; every format writes one.
///
/// Build it with [`Report::new`] and the `with_*` methods, or as a struct literal.
#[derive(Clone, Copy)]
pub struct Report<'a> {
    /// The driftless version that produced the report, `0.1.0`.
    pub tool_version: &'a str,
    /// The findings left after fixes, suppressed ones included (their `suppressed` is set), in
    /// the order they are to be shown.
    pub findings: &'a [Finding],
    /// Inputs that could not be read, parsed or resolved, and inputs deliberately skipped.
    pub errors: &'a [InputError],
    /// The rules that ran, in the order formats list them; may be empty.
    pub rules: &'a [RuleSummary],
    /// Findings whose fix was applied in this run (`--fix`); their locations and edits refer to
    /// the files as they were before the fix. Empty when nothing was fixed.
    pub fixed: &'a [Finding],
    /// The current file texts, used only to give line and column positions of fix edits; when
    /// `None` (or a file is missing) those positions are left out.
    pub sources: Option<&'a dyn SourceFiles>,
}

impl<'a> Report<'a> {
    /// A report of `findings` by driftless `tool_version`, with no errors, no rules, nothing
    /// fixed and no source texts.
    #[must_use]
    pub fn new(tool_version: &'a str, findings: &'a [Finding]) -> Self {
        Self {
            tool_version,
            findings,
            errors: &[],
            rules: &[],
            fixed: &[],
            sources: None,
        }
    }

    /// Sets the input errors.
    #[must_use]
    pub fn with_errors(mut self, errors: &'a [InputError]) -> Self {
        self.errors = errors;
        self
    }

    /// Sets the rules that ran.
    #[must_use]
    pub fn with_rules(mut self, rules: &'a [RuleSummary]) -> Self {
        self.rules = rules;
        self
    }

    /// Sets the findings fixed in this run.
    #[must_use]
    pub fn with_fixed(mut self, fixed: &'a [Finding]) -> Self {
        self.fixed = fixed;
        self
    }

    /// Sets the current file texts, for line and column positions of fix edits.
    #[must_use]
    pub fn with_sources(mut self, sources: &'a dyn SourceFiles) -> Self {
        self.sources = Some(sources);
        self
    }

    /// Counts the findings and errors; see [`Summary`] for what each number counts.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            findings: self.findings.len(),
            open: 0,
            by_severity: Severity::ALL.into_iter().map(|s| (s, 0)).collect(),
            suppressed: 0,
            fixable: 0,
            fixable_review: 0,
            fixed: self.fixed.len(),
            errors: self.errors.iter().filter(|e| e.is_error()).count(),
            skipped: self
                .errors
                .iter()
                .filter(|e| e.kind == InputErrorKind::Skipped)
                .count(),
            verified: 0,
            not_verified: 0,
        };
        let tally = self.verification_tally();
        summary.verified = tally.by_tool.values().sum();
        summary.not_verified = tally.skipped.values().sum();
        for finding in self.findings {
            if finding.suppressed.is_some() {
                summary.suppressed += 1;
                continue;
            }
            summary.open += 1;
            *summary.by_severity.entry(finding.severity).or_default() += 1;
            if finding.fix_refused.is_some() {
                continue;
            }
            match finding
                .fix
                .as_ref()
                .map(driftless_diagnostics::Fix::applicability)
            {
                Some(Applicability::Safe) => summary.fixable += 1,
                Some(Applicability::Review) => summary.fixable_review += 1,
                Some(Applicability::Manual) | None => {}
            }
        }
        summary
    }

    /// The verifications of the fixes this report shows: [`Report::fixed`] and the open
    /// findings of [`Report::findings`] that carry one, refused fixes left out.
    pub(crate) fn verification_tally(&self) -> VerificationTally<'a> {
        let mut tally = VerificationTally::default();
        let open = self.findings.iter().filter(|f| f.suppressed.is_none());
        for v in open.chain(self.fixed).filter_map(shown_verification) {
            match v {
                Verification::Planned { tool, .. } => {
                    *tally.by_tool.entry(tool.as_str()).or_default() += 1;
                }
                Verification::Skipped { reason } => {
                    *tally.skipped.entry(reason.as_str()).or_default() += 1;
                }
            }
        }
        tally
    }

    /// A cache of line indexes over [`Report::sources`], for [`EditPositions::of`].
    pub(crate) fn edit_positions(&self) -> EditPositions<'a> {
        EditPositions {
            sources: self.sources,
            indexes: HashMap::new(),
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("tool_version", &self.tool_version)
            .field("findings", &self.findings)
            .field("errors", &self.errors)
            .field(
                "rules",
                &self.rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            )
            .field("fixed", &self.fixed)
            .field("sources", &self.sources.is_some())
            .finish()
    }
}

/// The counts a report ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Every entry of [`Report::findings`], suppressed ones included.
    pub findings: usize,
    /// Findings that are not suppressed.
    pub open: usize,
    /// Open (not suppressed) findings by severity; all five severities are keys.
    pub by_severity: BTreeMap<Severity, usize>,
    /// Findings silenced by an inline suppression.
    pub suppressed: usize,
    /// Open findings with a `safe` fix that was not refused: what `--fix` would apply.
    pub fixable: usize,
    /// Open findings with a `review` fix that was not refused: what
    /// `--fix --applicability review` would apply in addition.
    pub fixable_review: usize,
    /// Findings fixed in this run ([`Report::fixed`]).
    pub fixed: usize,
    /// Input errors that make the exit status 2 (every kind but `skipped`).
    pub errors: usize,
    /// Inputs deliberately skipped.
    pub skipped: usize,
    /// Fixes Terraform planned: fixed findings and open findings (their fix not refused) whose
    /// `fix_verification` is [`Verification::Planned`].
    pub verified: usize,
    /// Fixes verification was asked for but not done: fixed findings and open findings (their
    /// fix not refused) whose `fix_verification` is [`Verification::Skipped`].
    pub not_verified: usize,
}

impl Summary {
    /// The number of open findings of `severity`.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity.get(&severity).copied().unwrap_or(0)
    }
}

/// The verification people are shown for `f`'s fix: none for a refused fix (it is not
/// proposed, whatever was planned before it was refused).
pub(crate) fn shown_verification(f: &Finding) -> Option<&Verification> {
    f.fix_refused
        .is_none()
        .then_some(f.fix_verification.as_ref())
        .flatten()
}

/// How the fixes of a report were verified: planned fixes by tool (`terraform 1.11.4`), skipped
/// ones by reason.
#[derive(Debug, Default)]
pub(crate) struct VerificationTally<'a> {
    pub(crate) by_tool: BTreeMap<&'a str, usize>,
    pub(crate) skipped: BTreeMap<&'a str, usize>,
}

impl VerificationTally<'_> {
    /// The counts in words, one clause each, or none when no fix carries a verification:
    /// "12 fixes verified by terraform 1.11.4", "1 fix not verified: Terraform was not found"
    /// (the reason is given when every skipped fix shares it).
    pub(crate) fn clauses(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .by_tool
            .iter()
            .map(|(tool, n)| format!("{n} {} verified by {tool}", fixes(*n)))
            .collect();
        let skipped: usize = self.skipped.values().sum();
        if let [(reason, _)] = self.skipped.iter().collect::<Vec<_>>().as_slice() {
            let reason = reason.trim_end_matches('.');
            out.push(format!(
                "{skipped} {} not verified: {reason}",
                fixes(skipped)
            ));
        } else if skipped > 0 {
            out.push(format!(
                "{skipped} {} not verified (each says why)",
                fixes(skipped)
            ));
        }
        out
    }
}

fn fixes(n: usize) -> &'static str {
    if n == 1 { "fix" } else { "fixes" }
}

/// Line and column positions of edits, from the report's source texts, indexing each file once.
pub(crate) struct EditPositions<'a> {
    sources: Option<&'a dyn SourceFiles>,
    indexes: HashMap<String, LineIndex>,
}

impl EditPositions<'_> {
    /// The 1-based start and end (exclusive column) of `edit`, or `None` when the file's text is
    /// unknown or the edit's byte range is not inside it on character boundaries.
    pub(crate) fn of(&mut self, edit: &Edit) -> Option<(LineColumn, LineColumn)> {
        let text = self.sources?.text(&edit.path)?;
        let range = edit.range.to_usize();
        if range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            return None;
        }
        let index = self
            .indexes
            .entry(edit.path.clone())
            .or_insert_with(|| LineIndex::new(text));
        Some((
            index.line_column(text, edit.range.start),
            index.line_column(text, edit.range.end),
        ))
    }
}
