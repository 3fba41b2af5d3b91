//! JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure DevOps, CircleCI).
//!
//! One `<testsuite>` per rule (its id as the name): the rules that ran, in [`Report::rules`]
//! order, then any rule that found something without being listed. Each finding is a
//! `<testcase>` named after its resource address (classname: the rule id, `file` and `line`:
//! its location) holding a `<failure message="..." type="severity">` whose text is the
//! location `path:line:column`, the message and the fix (applicability, title, impact note, and
//! the verification's line, "verified: update in place", when fixes were verified) or the
//! recommendation; a suppressed finding holds `<skipped message="suppressed by ...">`
//! instead. A rule that ran and found nothing gets one passing testcase named after the rule,
//! so that no suite is empty. Input errors make a last suite, `driftless.inputs`, with an
//! `<error>` per input that failed and a `<skipped>` per input deliberately skipped.
//!
//! Findings fixed in this run are not testcases (they are gone from the code). The document
//! has no timestamps or durations, so the same scan always writes the same bytes.
//!
//! Written by hand: text and attribute values escape `&`, `<`, `>`, `"` and `'`; tabs, line
//! feeds and carriage returns in attributes become character references (so parsers keep
//! them); the control characters XML 1.0 cannot carry at all become U+FFFD.

use crate::report::shown_verification;
use crate::{Emit, Report};
use driftless_diagnostics::{Finding, InputError, InputErrorKind, RuleId, SuppressionSource};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;

/// The name of the testsuite that holds the input errors.
pub const INPUTS_SUITE: &str = "driftless.inputs";

/// Builds the JUnit XML document of `report`, ending with a newline.
///
/// # Example
/// ```
/// use driftless_formats::{Report, to_junit};
/// let xml = to_junit(&Report::new("0.1.0", &[]));
/// assert!(xml.contains(r#"<testsuites name="driftless" tests="0" failures="0" errors="0" skipped="0">"#));
/// ```
#[must_use]
pub fn to_junit(report: &Report<'_>) -> String {
    let mut order: Vec<&RuleId> = Vec::new();
    let mut by_rule: HashMap<&RuleId, Vec<&Finding>> = HashMap::new();
    for id in report.rules.iter().map(|r| &r.id) {
        by_rule.entry(id).or_insert_with(|| {
            order.push(id);
            Vec::new()
        });
    }
    for f in report.findings {
        by_rule
            .entry(&f.rule_id)
            .or_insert_with(|| {
                order.push(&f.rule_id);
                Vec::new()
            })
            .push(f);
    }
    let mut suites: Vec<Suite> = order
        .iter()
        .map(|id| rule_suite(id, &by_rule[id]))
        .collect();
    if !report.errors.is_empty() {
        suites.push(inputs_suite(report.errors));
    }

    let total = |count: fn(&Suite) -> usize| suites.iter().map(count).sum::<usize>();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"driftless\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        total(|s| s.tests),
        total(|s| s.failures),
        total(|s| s.errors),
        total(|s| s.skipped),
    );
    for suite in &suites {
        out.push_str(&suite.xml);
    }
    out.push_str("</testsuites>\n");
    out
}

/// Writes the JUnit XML document of `report` to `out`, followed by a newline.
///
/// # Errors
/// Returns the I/O error of `out`.
pub fn write_junit(report: &Report<'_>, mut out: impl io::Write) -> io::Result<()> {
    out.write_all(to_junit(report).as_bytes())
}

/// JUnit XML as an [`Emit`] format.
#[derive(Debug, Clone, Copy, Default)]
pub struct JunitEmitter;

impl Emit for JunitEmitter {
    fn emit(&self, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        write_junit(report, out)
    }
}

/// One rendered `<testsuite>` and its counts.
struct Suite {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
    xml: String,
}

impl Suite {
    fn new(name: &str, tests: usize, failures: usize, errors: usize, skipped: usize) -> Self {
        let mut xml = String::new();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">",
            escape(name),
        );
        Self {
            tests,
            failures,
            errors,
            skipped,
            xml,
        }
    }

    fn finish(mut self) -> Self {
        self.xml.push_str("  </testsuite>\n");
        self
    }
}

fn rule_suite(id: &RuleId, findings: &[&Finding]) -> Suite {
    let skipped = findings.iter().filter(|f| f.suppressed.is_some()).count();
    let failures = findings.len() - skipped;
    let mut suite = Suite::new(id.as_str(), findings.len().max(1), failures, 0, skipped);
    let rule = escape(id.as_str());
    if findings.is_empty() {
        let _ = writeln!(
            suite.xml,
            "    <testcase name=\"{rule}\" classname=\"{rule}\"/>"
        );
    }
    for f in findings {
        let loc = &f.location;
        let _ = writeln!(
            suite.xml,
            "    <testcase name=\"{}\" classname=\"{rule}\" file=\"{}\" line=\"{}\">",
            escape(&f.address.to_string()),
            escape(&loc.path),
            loc.start.line,
        );
        if let Some(s) = &f.suppressed {
            let mut message = format!("suppressed by {}", source_name(s.source));
            if let Some(reason) = &s.reason {
                let _ = write!(message, ": {reason}");
            }
            if let Some(expires) = &s.expires {
                let _ = write!(message, " (expires {expires})");
            }
            let _ = writeln!(
                suite.xml,
                "      <skipped message=\"{}\"/>",
                escape(&message)
            );
        } else {
            let _ = writeln!(
                suite.xml,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&f.message),
                f.severity.as_str(),
                escape_text(&failure_text(f)),
            );
        }
        suite.xml.push_str("    </testcase>\n");
    }
    suite.finish()
}

/// The failure's text: location, message, then the fix (with what Terraform's plan says it
/// does, when it was verified) or the recommendation.
fn failure_text(f: &Finding) -> String {
    let mut text = format!("{}\n{}", f.location, f.message);
    if let Some(fix) = &f.fix {
        let _ = write!(text, "\nFix ({}): {}", fix.applicability(), fix.title());
        if !fix.note().is_empty() {
            let _ = write!(text, "\n{}", fix.note());
        }
    }
    if let Some(v) = shown_verification(f) {
        let _ = write!(text, "\n{}", v.summary());
    }
    if let Some(reason) = &f.fix_refused {
        let _ = write!(text, "\nFix refused: {reason}");
    }
    if let Some(recommendation) = &f.recommendation {
        let _ = write!(text, "\nRecommendation: {recommendation}");
    }
    text
}

fn source_name(source: SuppressionSource) -> &'static str {
    match source {
        SuppressionSource::Driftless => "driftless:ignore",
        SuppressionSource::Checkov => "checkov:skip",
        SuppressionSource::Tfsec => "tfsec:ignore",
        SuppressionSource::Trivy => "trivy:ignore",
        SuppressionSource::Kics => "kics-scan ignore",
        SuppressionSource::Terrascan => "ts:skip",
    }
}

fn inputs_suite(errors: &[InputError]) -> Suite {
    let failed = errors.iter().filter(|e| e.is_error()).count();
    let mut suite = Suite::new(INPUTS_SUITE, errors.len(), 0, failed, errors.len() - failed);
    for e in errors {
        let kind = match e.kind {
            InputErrorKind::Syntax => "syntax",
            InputErrorKind::Unreadable => "unreadable",
            InputErrorKind::Skipped => "skipped",
            InputErrorKind::Unresolved => "unresolved",
        };
        let _ = writeln!(
            suite.xml,
            "    <testcase name=\"{}\" classname=\"{INPUTS_SUITE}\" file=\"{}\"{}>",
            escape(&e.path),
            escape(&e.path),
            e.position
                .map(|p| format!(" line=\"{}\"", p.line))
                .unwrap_or_default(),
        );
        if e.is_error() {
            let _ = writeln!(
                suite.xml,
                "      <error message=\"{}\" type=\"{kind}\">{}</error>",
                escape(&e.message),
                escape_text(&e.to_string()),
            );
        } else {
            let _ = writeln!(
                suite.xml,
                "      <skipped message=\"{}\"/>",
                escape(&e.message)
            );
        }
        suite.xml.push_str("    </testcase>\n");
    }
    suite.finish()
}

/// `text` escaped for an XML 1.0 attribute value (or text content).
///
/// The five markup characters become entity references; tab, line feed and carriage return
/// become character references (attribute normalization would turn them into spaces, and
/// end-of-line handling would drop the carriage return); the other C0 controls and U+FFFE and
/// U+FFFF, which XML 1.0 cannot represent, become U+FFFD.
///
/// # Example
/// ```
/// use driftless_formats::junit::escape;
/// assert_eq!(escape("a < b & \"c\"\n"), "a &lt; b &amp; &quot;c&quot;&#10;");
/// ```
#[must_use]
pub fn escape(text: &str) -> String {
    escape_with(text, false)
}

/// `text` escaped for text content: as [`escape`], but tabs and line feeds stay as they are.
fn escape_text(text: &str) -> String {
    escape_with(text, true)
}

fn escape_with(text: &str, keep_whitespace: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' if keep_whitespace => out.push(c),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_text};

    #[test]
    fn escapes_markup_whitespace_and_controls() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
        assert_eq!(escape("x\ty\nz\r"), "x&#9;y&#10;z&#13;");
        assert_eq!(
            escape("\u{0}\u{1b}[31m\u{ffff}é"),
            "\u{fffd}\u{fffd}[31m\u{fffd}é"
        );
        assert_eq!(escape("]]>"), "]]&gt;");
        assert_eq!(escape_text("a\tb\nc\r\n<"), "a\tb\nc&#13;\n&lt;");
    }
}
