//! The terminal report, for people: one code frame per finding (annotate-snippets, as rustc
//! and ruff draw them), the fix as a patch with its applicability and impact note, the module
//! call chain, and a closing summary line.
//!
//! Findings of one rule at one location with the same fix (a module evaluated from several
//! root modules, a block with many instances) share one frame, whose label lists the other
//! addresses (three, then "and N more"). Input errors come first, one line each. A finding
//! whose file text is not in [`Report::sources`] gets its location as a note instead of a frame,
//! and a fix's patch is shown only for the files whose text is known.
//!
//! A fix Terraform checked (`Finding::fix_verification`) ends its help with the verification's
//! one line, "verified: update in place" or "not verified: " and why; when the fixes of this
//! run carry verifications, a "Fixes in this run:" section lists each with its line.
//!
//! The summary counts what [`Report::summary`] counts: open findings by severity, what `--fix`
//! and `--fix --applicability review` would fix, how many fixes Terraform verified (by tool) or
//! did not (and why), suppressed findings and input errors.

use crate::report::shown_verification;
use crate::{Emit, Report, SourceFiles};
use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use driftless_diagnostics::{
    Applicability, Edit, Finding, Fix, ResourceAddress, Severity, SourceLocation, Verification,
};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io;

/// The text report as an [`Emit`] format, with what it shows besides the open findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextEmitter {
    /// Show suppressed findings too (as notes, `(suppressed)` after the message); the summary
    /// counts them either way.
    pub show_suppressed: bool,
    /// Colour the report with ANSI escapes.
    pub color: bool,
}

impl Emit for TextEmitter {
    fn emit(&self, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(to_text(report, *self).as_bytes())
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Critical | Severity::High => Level::ERROR,
        Severity::Medium => Level::WARNING,
        Severity::Low | Severity::Info => Level::NOTE,
    }
}

/// What makes two findings one code frame: rule, location, suppressed or not, and the fix.
type FrameKey<'a> = (&'a str, &'a SourceLocation, bool, Option<&'a [Edit]>);

/// Renders `report` as text: the input errors, the fixes of this run when they carry
/// verifications, one code frame per finding (suppressed ones only with
/// `options.show_suppressed`), then [`text_summary`]. Uses only the report's
/// findings, errors and sources.
///
/// # Example
/// ```
/// use driftless_formats::{Report, TextEmitter, to_text};
/// assert_eq!(to_text(&Report::new("0.1.0", &[]), TextEmitter::default()), "No findings.\n");
/// ```
#[must_use]
pub fn to_text(report: &Report<'_>, options: TextEmitter) -> String {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for e in report.errors {
        let word = if e.is_error() { "error" } else { "note" };
        let _ = writeln!(out, "{word}: {e}");
    }
    if !report.errors.is_empty() {
        out.push('\n');
    }
    out.push_str(&fixed_section(report.fixed));
    // One code frame per rule, location and fix: a module evaluated from several root
    // modules, or a block with many instances, is one place to change.
    let mut groups: Vec<Frame<'_>> = Vec::new();
    let mut index: HashMap<FrameKey<'_>, usize> = HashMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| options.show_suppressed || f.suppressed.is_none())
    {
        let key = (
            f.rule_id.as_str(),
            &f.location,
            f.suppressed.is_some(),
            f.fix.as_ref().map(Fix::edits),
        );
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(Frame {
                finding: f,
                addresses: Vec::new(),
                verifications: Vec::new(),
            });
            groups.len() - 1
        });
        let frame = &mut groups[i];
        frame.addresses.extend(f.instances.iter());
        if let Some(v) = shown_verification(f)
            && !frame.verifications.contains(&v)
        {
            frame.verifications.push(v);
        }
    }
    for frame in &groups {
        out.push_str(&renderer.render(&finding_report(frame, report.sources)));
        out.push_str("\n\n");
    }
    out.push_str(&text_summary(report));
    out
}

/// The findings one code frame shows: the first, every instance address, and the distinct
/// verifications of their fix (a module evaluated from several root modules can have several).
struct Frame<'a> {
    finding: &'a Finding,
    addresses: Vec<&'a ResourceAddress>,
    verifications: Vec<&'a Verification>,
}

/// "Fixes in this run:" and, per rule, location and verification, the first address (and how
/// many more) and the verification's line; empty when no fixed finding carries a verification.
fn fixed_section(fixed: &[Finding]) -> String {
    let mut entries: Vec<(String, &ResourceAddress, usize, String)> = Vec::new();
    for f in fixed {
        let Some(v) = shown_verification(f) else {
            continue;
        };
        let head = format!(
            "{} at {}:{}",
            f.rule_id, f.location.path, f.location.start.line
        );
        let line = v.summary();
        match entries
            .iter_mut()
            .find(|(h, _, _, l)| *h == head && *l == line)
        {
            Some(entry) => entry.2 += f.instances.len().max(1),
            None => entries.push((head, &f.address, f.instances.len().max(1) - 1, line)),
        }
    }
    if entries.is_empty() {
        return String::new();
    }
    let mut out = String::from("Fixes in this run:\n");
    for (head, address, more, line) in entries {
        let more = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        let _ = writeln!(out, "  {head}: {address}{more}\n    {line}");
    }
    out.push('\n');
    out
}

fn finding_report<'a>(frame: &Frame<'a>, sources: Option<&'a dyn SourceFiles>) -> Vec<Group<'a>> {
    let (f, addresses) = (frame.finding, &frame.addresses);
    let text_of = |path: &str| sources.and_then(|s| s.text(path));
    let title_level = if f.suppressed.is_some() {
        Level::NOTE
    } else {
        level(f.severity)
    };
    let title = if f.suppressed.is_some() {
        format!("{} (suppressed)", f.message)
    } else {
        f.message.clone()
    };
    let mut label = f.address.to_string();
    let others: Vec<String> = addresses
        .iter()
        .filter(|a| ***a != f.address)
        .map(ToString::to_string)
        .collect();
    if !others.is_empty() {
        let shown = others
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = others.len().saturating_sub(3);
        let _ = if more > 0 {
            write!(label, " (and {shown} and {more} more)")
        } else {
            write!(label, " (and {shown})")
        };
    }
    let mut primary = title_level.primary_title(title).id(f.rule_id.as_str());
    let mut elements = Vec::new();
    match text_of(&f.location.path) {
        Some(text) => elements.push(annotate_snippets::Element::from(
            Snippet::source(text)
                .path(f.location.path.as_str())
                .fold(true)
                .annotation(
                    AnnotationKind::Primary
                        .span(f.location.range.to_usize())
                        .label(label),
                ),
        )),
        None => elements.push(
            Level::NOTE
                .message(format!("at {} ({label})", f.location))
                .into(),
        ),
    }
    elements.push(
        Level::NOTE
            .message(format!("severity {}", f.severity))
            .into(),
    );
    if !f.call_chain.is_empty() {
        let chain: Vec<String> = f.call_chain.iter().map(ToString::to_string).collect();
        elements.push(
            Level::NOTE
                .message(format!("called through {}", chain.join(" → ")))
                .into(),
        );
    }
    if let Some(s) = &f.suppressed {
        let mut text = format!(
            "suppressed by a {:?} comment at {}:{}",
            s.source, s.location.path, s.location.start.line
        )
        .to_lowercase();
        if let Some(r) = &s.reason {
            let _ = write!(text, ": {r}");
        }
        elements.push(Level::NOTE.message(text).into());
    }
    if let Some(reason) = &f.fix_refused {
        elements.push(
            Level::WARNING
                .message(format!("its fix was refused: {reason}"))
                .into(),
        );
    }
    if let Some(r) = &f.recommendation {
        elements.push(Level::HELP.message(r.clone()).into());
    }
    primary = primary.id(f.rule_id.as_str());
    let mut groups = vec![Group::with_title(primary).elements(elements)];
    if let Some(fix) = &f.fix {
        // A suppressed finding's fix is shown for reference: `--fix` leaves it alone.
        let how = match (fix.applicability(), f.suppressed.is_some()) {
            (Applicability::Safe, false) => "safe: applied by --fix",
            (Applicability::Review, false) => {
                "needs review: applied by --fix --applicability review"
            }
            (Applicability::Safe, true) => "safe, but not applied while suppressed",
            (Applicability::Review, true) => "needs review, but not applied while suppressed",
            (Applicability::Manual, _) => "manual: never applied",
        };
        let mut by_path: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
        for e in fix.edits() {
            by_path.entry(e.path.as_str()).or_default().push(e);
        }
        let mut help = Vec::new();
        for (path, edits) in by_path {
            if let Some(text) = text_of(path) {
                let patches = edits
                    .iter()
                    .map(|e| Patch::new(e.range.to_usize(), e.content.as_str()));
                help.push(annotate_snippets::Element::from(
                    Snippet::source(text).path(path).patches(patches),
                ));
            }
        }
        if !fix.note().is_empty() {
            help.push(Level::NOTE.message(fix.note()).into());
        }
        for v in &frame.verifications {
            help.push(verification_level(v).message(v.summary()).into());
        }
        groups.push(
            Level::HELP
                .secondary_title(format!("{} ({how})", fix.title()))
                .elements(help),
        );
    }
    groups
}

/// A warning for a plan that destroys or replaces something, a note otherwise.
fn verification_level(v: &Verification) -> Level<'static> {
    match v {
        Verification::Planned { changes, .. }
            if changes.iter().any(|c| c.action.is_destructive()) =>
        {
            Level::WARNING
        }
        _ => Level::NOTE,
    }
}

/// The closing line of the text report, newline included: `No findings.` or `Found N
/// findings (by severity).`, then what `--fix` and `--fix --applicability review` would fix,
/// how many fixes Terraform verified or did not (`1 fix verified by terraform 1.11.4.`), the
/// suppressed findings and the inputs that failed, each only when there are any.
///
/// # Example
/// ```
/// use driftless_formats::{Report, text_summary};
/// assert_eq!(text_summary(&Report::new("0.1.0", &[])), "No findings.\n");
/// ```
#[must_use]
pub fn text_summary(report: &Report<'_>) -> String {
    let summary = report.summary();
    let mut out = String::new();
    if summary.open == 0 {
        out.push_str("No findings.");
    } else {
        let counts: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter_map(|s| {
                let n = summary.count(*s);
                (n > 0).then(|| format!("{n} {s}"))
            })
            .collect();
        let _ = write!(
            out,
            "Found {} finding{} ({}).",
            summary.open,
            plural(summary.open),
            counts.join(", ")
        );
        if summary.fixable > 0 {
            let _ = write!(out, " {} fixable with --fix.", summary.fixable);
        }
        if summary.fixable_review > 0 {
            let _ = write!(
                out,
                " {} more with --fix --applicability review.",
                summary.fixable_review
            );
        }
    }
    for clause in report.verification_tally().clauses() {
        let _ = write!(out, " {clause}.");
    }
    if summary.suppressed > 0 {
        let _ = write!(
            out,
            " {} suppressed (--show-suppressed lists them).",
            summary.suppressed
        );
    }
    if summary.errors > 0 {
        let _ = write!(
            out,
            " {} input{} could not be read or parsed.",
            summary.errors,
            plural(summary.errors)
        );
    }
    out.push('\n');
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
