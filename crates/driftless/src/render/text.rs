//! The terminal report: one code frame per finding (annotate-snippets, as rustc and ruff),
//! the fix as a patch with its applicability and impact note, the module call chain, and a
//! closing summary.

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use driftless_diagnostics::{
    Applicability, Edit, Finding, Fix, InputError, ResourceAddress, Severity, SourceLocation,
};
use driftless_hcl::SourceFile;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

/// What the text report shows besides the findings.
pub struct TextOptions {
    /// Show suppressed findings too.
    pub show_suppressed: bool,
    /// Use colours.
    pub color: bool,
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

/// Renders the whole report.
#[must_use]
pub fn render(
    findings: &[Finding],
    errors: &[InputError],
    files: &BTreeMap<String, Arc<SourceFile>>,
    options: &TextOptions,
) -> String {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for e in errors {
        let word = if e.is_error() { "error" } else { "note" };
        let _ = writeln!(out, "{word}: {e}");
    }
    if !errors.is_empty() {
        out.push('\n');
    }
    // One code frame per rule, location and fix: a module evaluated from several root
    // modules, or a block with many instances, is one place to change.
    let mut groups: Vec<(&Finding, Vec<&ResourceAddress>)> = Vec::new();
    let mut index: HashMap<FrameKey<'_>, usize> = HashMap::new();
    for f in findings
        .iter()
        .filter(|f| options.show_suppressed || f.suppressed.is_none())
    {
        let key = (
            f.rule_id.as_str(),
            &f.location,
            f.suppressed.is_some(),
            f.fix.as_ref().map(Fix::edits),
        );
        match index.get(&key) {
            Some(&i) => groups[i].1.extend(f.instances.iter()),
            None => {
                index.insert(key, groups.len());
                groups.push((f, f.instances.iter().collect()));
            }
        }
    }
    for (f, addresses) in &groups {
        out.push_str(&renderer.render(&finding_report(f, addresses, files)));
        out.push_str("\n\n");
    }
    out.push_str(&summary(findings, errors));
    out
}

fn finding_report<'a>(
    f: &'a Finding,
    addresses: &[&ResourceAddress],
    files: &'a BTreeMap<String, Arc<SourceFile>>,
) -> Vec<Group<'a>> {
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
    match files.get(&f.location.path) {
        Some(file) => elements.push(annotate_snippets::Element::from(
            Snippet::source(file.text.as_str())
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
        let chain: Vec<String> = f
            .call_chain
            .iter()
            .map(|c| {
                format!(
                    "module.{} ({}:{})",
                    c.name, c.location.path, c.location.start.line
                )
            })
            .collect();
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
        let how = match fix.applicability() {
            Applicability::Safe => "safe: applied by --fix",
            Applicability::Review => "needs review: applied by --fix --applicability review",
            Applicability::Manual => "manual: never applied",
        };
        let mut by_path: BTreeMap<&str, Vec<&driftless_diagnostics::Edit>> = BTreeMap::new();
        for e in fix.edits() {
            by_path.entry(e.path.as_str()).or_default().push(e);
        }
        let mut help = Vec::new();
        for (path, edits) in by_path {
            if let Some(file) = files.get(path) {
                let patches = edits
                    .iter()
                    .map(|e| Patch::new(e.range.to_usize(), e.content.as_str()));
                help.push(annotate_snippets::Element::from(
                    Snippet::source(file.text.as_str())
                        .path(path)
                        .patches(patches),
                ));
            }
        }
        if !fix.note().is_empty() {
            help.push(Level::NOTE.message(fix.note()).into());
        }
        groups.push(
            Level::HELP
                .secondary_title(format!("{} ({how})", fix.title()))
                .elements(help),
        );
    }
    groups
}

/// The closing summary: counts by severity, what `--fix` would do, suppressions and errors.
#[must_use]
pub fn summary(findings: &[Finding], errors: &[InputError]) -> String {
    let open: Vec<&Finding> = findings.iter().filter(|f| f.suppressed.is_none()).collect();
    let suppressed = findings.len() - open.len();
    let mut out = String::new();
    if open.is_empty() {
        out.push_str("No findings.");
    } else {
        let counts: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter_map(|s| {
                let n = open.iter().filter(|f| f.severity == *s).count();
                (n > 0).then(|| format!("{n} {s}"))
            })
            .collect();
        let _ = write!(
            out,
            "Found {} finding{} ({}).",
            open.len(),
            plural(open.len()),
            counts.join(", ")
        );
        let fixable = |a: Applicability| {
            open.iter()
                .filter(|f| {
                    f.fix_refused.is_none()
                        && f.fix.as_ref().is_some_and(|x| x.applicability() == a)
                })
                .count()
        };
        let (safe, review) = (fixable(Applicability::Safe), fixable(Applicability::Review));
        if safe > 0 {
            let _ = write!(out, " {safe} fixable with --fix.");
        }
        if review > 0 {
            let _ = write!(out, " {review} more with --fix --applicability review.");
        }
    }
    if suppressed > 0 {
        let _ = write!(
            out,
            " {suppressed} suppressed (--show-suppressed lists them)."
        );
    }
    let failed = errors.iter().filter(|e| e.is_error()).count();
    if failed > 0 {
        let _ = write!(
            out,
            " {failed} input{} could not be read or parsed.",
            plural(failed)
        );
    }
    out.push('\n');
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
