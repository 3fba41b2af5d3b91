//! The context a rule runs in: the evaluated configuration and where findings go.

use crate::meta::RuleMeta;
use driftless_diagnostics::{Finding, Fingerprint, Fix, IssueKind, SourceLocation};
use driftless_hcl::edit::EditPlan;
use driftless_hcl::{Evaluation, Resource};

/// Given to a rule's check: the whole evaluation (to look at sibling resources) and the sink
/// for findings.
pub struct Checker<'a> {
    /// Every resource instance of the scan.
    pub evaluation: &'a Evaluation,
    rule: &'static RuleMeta,
    repo: &'a str,
    pub(crate) findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(evaluation: &'a Evaluation, rule: &'static RuleMeta, repo: &'a str) -> Self {
        Self {
            evaluation,
            rule,
            repo,
            findings: Vec::new(),
        }
    }

    /// The resources of `resource`'s module instance of type `resource_type`.
    pub fn siblings(
        &self,
        resource: &'a Resource,
        resource_type: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        self.evaluation.siblings(resource, resource_type)
    }

    /// Reports a finding of the running rule on `resource`, at `location`, and returns it so
    /// the rule can attach a fix or a recommendation.
    // The one `expect` is on the finding pushed just before it (`Vec::push_mut` needs Rust 1.95).
    #[allow(clippy::missing_panics_doc)]
    pub fn report(
        &mut self,
        resource: &Resource,
        issue_kind: IssueKind,
        location: &SourceLocation,
        message: impl Into<String>,
    ) -> &mut Finding {
        let module = self.evaluation.module_of(resource);
        let fingerprint = Fingerprint::new(
            self.repo,
            &module.root_module,
            &self.rule.id,
            &resource.address,
        );
        self.findings.push(Finding {
            rule_id: self.rule.id.clone(),
            severity: self.rule.severity,
            message: message.into(),
            address: resource.address.clone(),
            root_module: module.root_module.clone(),
            location: location.clone(),
            block: resource.block.location.clone(),
            issue_kind,
            call_chain: module.call_chain.clone(),
            value_origin: None,
            fix: None,
            recommendation: None,
            fix_refused: None,
            fix_verification: None,
            suppressed: None,
            instances: vec![resource.address.clone()],
            fingerprint,
            external: None,
        });
        self.findings.last_mut().expect("just pushed")
    }
}

/// How the sentence [`attach_fix`] appends to a fix's note for a value set outside the block
/// starts ("The value is set in a variable default at variables.tf:3, ...").
pub(crate) const ORIGIN_NOTE: &str = "The value is set in ";

/// Attaches a planned edit to `finding` as a fix built by `make` (which sets applicability,
/// title and note), or, when no edit could be planned, the reason (the error's `Display`
/// text: a [`PlanError`](driftless_hcl::edit::PlanError), or a rule's own reason) as a
/// recommendation prefixed by `advice`.
pub fn attach_fix(
    finding: &mut Finding,
    planned: Result<EditPlan, impl std::fmt::Display>,
    advice: &str,
    make: impl FnOnce(Fix) -> Fix,
) {
    match planned {
        Ok(planned) => {
            let mut edits = planned.edits.into_iter();
            let Some(first) = edits.next() else { return };
            let mut fix = make(Fix::safe(first, edits));
            if let Some(origin) = &planned.origin {
                fix.append_note(&format!(
                    "{ORIGIN_NOTE}{} at {}:{}, so the edit is there and changes every resource and attribute that uses it.",
                    origin.kind.describe(),
                    origin.location.path,
                    origin.location.start.line
                ));
                // A value set outside the block may feed attributes no rule checks: a human
                // looks before it changes.
                if fix.applicability() == driftless_diagnostics::Applicability::Safe {
                    fix = fix.with_applicability(driftless_diagnostics::Applicability::Review);
                }
            }
            finding.value_origin = planned.origin;
            finding.fix = Some(fix);
        }
        Err(reason) => {
            finding.recommendation = Some(format!("{advice} {reason}").trim().to_owned());
        }
    }
}
