//! driftless's own JSON report: every field of every finding, for scripts and other tools.
//!
//! The shape is versioned by `schema_version` ([`JSON_SCHEMA_VERSION`]) and documented field by
//! field in `docs/json-output.md` at the workspace root. Additive changes (a new field, a new
//! enum value documented as possible) keep the version; renaming, removing or retyping a field,
//! or changing a field's meaning, bumps it.

use crate::report::EditPositions;
use crate::{Emit, Report, Summary};
use driftless_diagnostics::{
    CallSite, CrossRefs, Finding, Fix, InputError, PlanAction, PlannedChange, RuleSummary,
    Severity, SourceLocation, Suppressed, ValueOrigin, Verification,
};
use serde_json::{Map, Value, json};
use std::io;

/// The version of the JSON report's shape, written as `schema_version`; bumped on any change
/// that is not purely additive.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// Builds the JSON report of `report` (shape: `docs/json-output.md`).
///
/// # Example
/// ```
/// use driftless_formats::{Report, to_json};
/// let value = to_json(&Report::new("0.1.0", &[]));
/// assert_eq!(value["schema_version"], 1);
/// assert_eq!(value["tool"]["name"], "driftless");
/// assert_eq!(value["summary"]["open"], 0);
/// ```
#[must_use]
pub fn to_json(report: &Report<'_>) -> Value {
    let mut positions = report.edit_positions();
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| finding(f, Some(&mut positions)))
        .collect();
    // Fixed findings' edits refer to the files before the fix, not to the current texts.
    let fixed: Vec<Value> = report.fixed.iter().map(|f| finding(f, None)).collect();
    json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": { "name": "driftless", "version": report.tool_version },
        "summary": summary(&report.summary()),
        "findings": findings,
        "fixed": fixed,
        "errors": report.errors.iter().map(input_error).collect::<Vec<_>>(),
        "rules": report.rules.iter().map(rule).collect::<Vec<_>>(),
    })
}

/// Writes the JSON report of `report` to `out`, pretty-printed, followed by a newline.
///
/// # Errors
/// Returns the I/O error of `out`.
pub fn write_json(report: &Report<'_>, mut out: impl io::Write) -> io::Result<()> {
    crate::write_pretty(&to_json(report), &mut out)
}

/// The JSON report as an [`Emit`] format.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonEmitter;

impl Emit for JsonEmitter {
    fn emit(&self, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        write_json(report, out)
    }
}

/// `summary`: the counts of [`Summary`], severities highest first.
pub(crate) fn summary(s: &Summary) -> Value {
    let by_severity: Map<String, Value> = Severity::ALL
        .iter()
        .rev()
        .map(|&sev| (sev.as_str().to_owned(), s.count(sev).into()))
        .collect();
    json!({
        "findings": s.findings,
        "open": s.open,
        "by_severity": by_severity,
        "suppressed": s.suppressed,
        "fixable": s.fixable,
        "fixable_review": s.fixable_review,
        "fixed": s.fixed,
        "errors": s.errors,
        "skipped": s.skipped,
        "verified": s.verified,
        "not_verified": s.not_verified,
    })
}

fn location(loc: &SourceLocation) -> Value {
    json!({
        "path": loc.path,
        "start_line": loc.start.line,
        "start_column": loc.start.column,
        "end_line": loc.end.line,
        "end_column": loc.end.column,
        "start_byte": loc.range.start,
        "end_byte": loc.range.end,
    })
}

/// One finding; `positions` gives edit line/columns (`None` for fixed findings).
fn finding(f: &Finding, positions: Option<&mut EditPositions<'_>>) -> Value {
    json!({
        "rule_id": f.rule_id.as_str(),
        "severity": f.severity.as_str(),
        "message": f.message,
        "address": f.address.to_string(),
        "block_address": f.address.block_address().to_string(),
        "instances": f.instances.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "root_module": f.root_module,
        "fingerprint": f.fingerprint.as_str(),
        "location": location(&f.location),
        "block": location(&f.block),
        "issue_kind": f.issue_kind,
        "call_chain": f.call_chain.iter().map(call_site).collect::<Vec<_>>(),
        "value_origin": f.value_origin.as_ref().map(value_origin),
        "fix": f.fix.as_ref().map(|fix| self::fix(fix, positions)),
        "recommendation": f.recommendation,
        "fix_refused": f.fix_refused,
        "fix_verification": f.fix_verification.as_ref().map(verification),
        "suppressed": f.suppressed.as_ref().map(suppressed),
        "external": f.external.as_ref().map(|x| json!({
            "tool": x.tool,
            "finding_id": x.finding_id,
            "rule": x.rule,
            "resource_id": x.resource_id,
        })),
    })
}

fn call_site(c: &CallSite) -> Value {
    json!({ "name": c.name, "source": c.source, "location": location(&c.location) })
}

fn value_origin(o: &ValueOrigin) -> Value {
    json!({ "kind": o.kind, "location": location(&o.location) })
}

fn fix(fix: &Fix, mut positions: Option<&mut EditPositions<'_>>) -> Value {
    let edits: Vec<Value> = fix
        .edits()
        .iter()
        .map(|edit| {
            let pos = positions.as_mut().and_then(|p| p.of(edit));
            json!({
                "path": edit.path,
                "start_byte": edit.range.start,
                "end_byte": edit.range.end,
                "start_line": pos.map(|(s, _)| s.line),
                "start_column": pos.map(|(s, _)| s.column),
                "end_line": pos.map(|(_, e)| e.line),
                "end_column": pos.map(|(_, e)| e.column),
                "content": edit.content,
            })
        })
        .collect();
    json!({
        "applicability": fix.applicability().as_str(),
        "title": fix.title(),
        "note": fix.note(),
        "edits": edits,
    })
}

/// `fix_verification`: what Terraform's plan says the fix does, or why it was not planned. The
/// keys are `snake_case`; SARIF writes the same object with camelCase keys.
pub(crate) fn verification(v: &Verification) -> Value {
    match v {
        Verification::Planned {
            tool,
            root_modules,
            state_files,
            changes,
        } => {
            let mut planned = json!({
                "status": "planned",
                "summary": v.summary(),
                "tool": tool,
                "root_modules": root_modules,
                "changes": changes.iter().map(planned_change).collect::<Vec<_>>(),
            });
            if !state_files.is_empty() {
                planned["state_files"] = json!(state_files);
            }
            planned
        }
        Verification::Skipped { reason } => json!({
            "status": "skipped",
            "summary": v.summary(),
            "reason": reason,
        }),
    }
}

fn planned_change(c: &PlannedChange) -> Value {
    let replace_order = match c.action {
        PlanAction::Replace(order) => Some(order),
        _ => None,
    };
    json!({
        "root_module": c.root_module,
        "address": c.address.to_string(),
        "action": c.action.as_str(),
        "replace_order": replace_order,
        "replace_paths": c.replace_paths,
        "changed_paths": c.changed_paths,
    })
}

fn suppressed(s: &Suppressed) -> Value {
    json!({
        "source": s.source,
        "reason": s.reason,
        "expires": s.expires,
        "location": location(&s.location),
    })
}

fn input_error(e: &InputError) -> Value {
    json!({
        "kind": e.kind,
        "path": e.path,
        "line": e.position.map(|p| p.line),
        "column": e.position.map(|p| p.column),
        "message": e.message,
        "is_error": e.is_error(),
    })
}

/// `cross_refs`: other tools' ids by tool, every tool a key (empty arrays included).
pub(crate) fn cross_refs(c: &CrossRefs) -> Value {
    json!({
        "checkov": c.checkov,
        "trivy": c.trivy,
        "kics": c.kics,
        "prowler": c.prowler,
        "security_hub": c.security_hub,
        "terrascan": c.terrascan,
    })
}

fn rule(r: &RuleSummary) -> Value {
    json!({
        "id": r.id.as_str(),
        "title": r.title,
        "severity": r.severity.as_str(),
        "fixable": r.fixable,
        "references": r.references,
        "cross_refs": cross_refs(&r.cross_refs),
    })
}
