//! A fix inside a module that several `module` blocks call changes every one of them. When
//! one of those callers' findings is suppressed (a human decided, with a reason, that this
//! caller keeps its value: "the legacy image cannot boot from an encrypted volume"), the fix of
//! another caller must not silently undo that decision:
//!
//! - when the value comes from a variable's default, the fix sets the variable as an argument
//!   of the failing caller's `module` block instead, so no other caller changes;
//! - otherwise (a literal inside the module) the fix needs review, and its note names every
//!   caller it also changes.
//!
//! Two findings share an edit when their fixes hold the same edit: the module's text is the
//! same for every caller. Campaign exceptions are not known to a scan: the fix engine refuses a
//! fix that resolves a finding its `FixOptions::keep` names (a campaign's excepted
//! violations).

use driftless_diagnostics::{
    Applicability, Edit, Finding, OriginKind, SourceLocation, ValueOrigin,
};
use driftless_hcl::Project;

/// Re-makes the fixes of unsuppressed findings that share an edit with a suppressed finding of
/// the same rule (see the module documentation).
pub(crate) fn protect_suppressed_callers(project: &Project, findings: &mut [Finding]) {
    let suppressed: Vec<(String, String, Vec<Edit>, Vec<SourceLocation>)> = findings
        .iter()
        .filter(|f| f.suppressed.is_some())
        .filter_map(|f| {
            let fix = f.fix.as_ref()?;
            let caller = f.address.module_prefix();
            let caller = if caller.is_empty() {
                f.address.to_string()
            } else {
                caller
            };
            let calls = f.call_chain.iter().map(|c| c.location.clone()).collect();
            Some((f.rule_id.to_string(), caller, fix.edits().to_vec(), calls))
        })
        .collect();
    if suppressed.is_empty() {
        return;
    }
    for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
        let Some(fix) = &f.fix else { continue };
        let sharing: Vec<_> = suppressed
            .iter()
            .filter(|(rule, _, edits, _)| {
                rule == f.rule_id.as_str() && edits.iter().any(|e| fix.edits().contains(e))
            })
            .collect();
        let mut shared: Vec<&str> = sharing.iter().map(|(_, c, _, _)| c.as_str()).collect();
        // `module` blocks the suppressed calls go through: an argument set there reaches
        // them too.
        let their_calls: Vec<&SourceLocation> =
            sharing.iter().flat_map(|(_, _, _, calls)| calls).collect();
        if shared.is_empty() {
            continue;
        }
        shared.sort_unstable();
        shared.dedup();
        let others = shared.join(", ");
        let kept_note = fix
            .note()
            .split(&format!(" {}", crate::checker::ORIGIN_NOTE))
            .next()
            .unwrap_or_default()
            .to_owned();
        if let Some((edit, origin, call, variable)) = through_caller(project, f, &their_calls) {
            let note = format!(
                "{kept_note} The value is the default of variable `{variable}` of a module also called as {others}, where this finding is suppressed, so the edit sets `{variable}` in {call} ({}:{}) instead and no other call changes.",
                origin.location.path, origin.location.start.line
            );
            let fix = fix.with_edits(edit, []).with_note(note.trim_start());
            f.fix = Some(fix.with_applicability(Applicability::Review));
            f.value_origin = Some(origin);
        } else {
            let note = format!(
                "{} The edit is in a module also called as {others}, where this finding is suppressed: it changes that call too. Set the value through a module argument instead, or lift the suppression.",
                fix.note()
            );
            let fix = fix
                .clone()
                .with_note(note.trim_start())
                .with_applicability(Applicability::Review);
            f.fix = Some(fix);
        }
    }
}

/// The edit that sets the variable whose default `finding`'s fix edits as an argument of the
/// innermost `module` block that calls the finding's module, with the new origin, the call's
/// name and the variable's; `None` when the value is not a variable default, the call block
/// is on one line, or it is a block the suppressed calls go through too (`shared_calls`).
fn through_caller(
    project: &Project,
    finding: &Finding,
    shared_calls: &[&SourceLocation],
) -> Option<(Edit, ValueOrigin, String, String)> {
    let origin = finding.value_origin.as_ref()?;
    if origin.kind != OriginKind::VariableDefault {
        return None;
    }
    let call = finding.call_chain.last()?;
    // A `module` block inside a module the suppressed call also goes through is theirs too.
    if shared_calls.contains(&&call.location) {
        return None;
    }
    let fix = finding.fix.as_ref()?;
    let [edit] = fix.edits() else { return None };
    if edit.path != origin.location.path || edit.range != origin.location.range {
        return None;
    }
    let module_dir = std::path::Path::new(&origin.location.path)
        .parent()
        .map(|p| project.root.join(p))?;
    let (module, _) = project.module(&module_dir);
    let variable = module?
        .variables
        .values()
        .find(|v| {
            v.file.path == origin.location.path && v.default_range() == Some(origin.location.range)
        })?
        .name
        .clone();
    let file = project.file(&call.location.path)?;
    let block = &file.text[call.location.range.start as usize..call.location.range.end as usize];
    let close = block.rfind('}')? + call.location.range.start as usize;
    let line_start = file.text[..close].rfind('\n').map_or(0, |n| n + 1);
    if !file.text[line_start..close].trim().is_empty() {
        return None;
    }
    let header_start = file.text[..call.location.range.start as usize]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    let indent: String = file.text[header_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let unit = if indent.contains('\t') || block.contains("\n\t") {
        "\t"
    } else {
        "  "
    };
    let insertion = Edit::insertion(
        call.location.path.clone(),
        u32::try_from(line_start).ok()?,
        format!("{indent}{unit}{variable} = {}\n", edit.content),
    );
    let origin = ValueOrigin {
        kind: OriginKind::ModuleArgument,
        location: call.location.clone(),
    };
    Some((insertion, origin, format!("module.{}", call.name), variable))
}
