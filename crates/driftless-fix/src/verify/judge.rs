//! Reading a plan of the fixed configuration against the fixes: which changes each fix makes,
//! and which fixes replace or delete what they do not declare.

use crate::key::{FixKey, key};
use driftless_diagnostics::{Applicability, Finding, PlannedChange, Verification};
use driftless_terraform::plan::{AttributePath, Plan, PlanAction, ResourceChange};
use std::collections::BTreeMap;

/// What verifying the fixes of one root module came to.
#[derive(Debug, Clone)]
pub(super) enum RootOutcome {
    /// It planned, unfixed and fixed; the plan was read against the fixes.
    Judged(Judged),
    /// It cannot be planned here (a registry module, a data source that needs the cloud's
    /// API, another provider, ...): why.
    Unavailable(String),
}

/// What one root module's plan says about its fixes.
#[derive(Debug, Clone, Default)]
pub(super) struct Judged {
    /// Fixes to take out, with the reason.
    pub(super) refused: Vec<(Finding, String)>,
    /// The changes each fix makes in this root module.
    pub(super) changes: BTreeMap<FixKey, Vec<PlannedChange>>,
    /// The user's state file the root module was planned against, as given.
    pub(super) state_file: Option<String>,
}

/// The changes of `fixed` (the plan of the fixed configuration) that the unfixed
/// configuration does not make (`baseline`: its residual against the prior state, or its
/// plan against the given state): no-ops, data source reads and the baseline's own changes
/// are left out.
///
/// When the unfixed configuration already changes an instance (code not yet applied to the
/// given state), only what the fixes add is theirs: the changed paths and replace paths the
/// baseline's change lacks, and an update when the baseline already replaces the instance and
/// the fixes add nothing that forces it.
pub(super) fn fix_changes(
    root: &str,
    fixed: &Plan,
    baseline: &[ResourceChange],
) -> Vec<PlannedChange> {
    fixed
        .changes
        .iter()
        .filter(|c| c.deposed.is_none() && !matches!(c.action, PlanAction::NoOp | PlanAction::Read))
        .filter_map(|c| {
            let pending = baseline
                .iter()
                .find(|b| b.deposed.is_none() && b.address == c.address);
            let Some(pending) = pending else {
                return Some(planned_change(
                    root,
                    c,
                    c.action,
                    &c.replace_paths,
                    &c.changed_paths,
                ));
            };
            let forcing: Vec<AttributePath> = c
                .replace_paths
                .iter()
                .filter(|p| !pending.replace_paths.contains(p))
                .cloned()
                .collect();
            let mut changed: Vec<AttributePath> = c
                .changed_paths
                .iter()
                .filter(|p| !pending.changed_paths.contains(p))
                .cloned()
                .collect();
            if changed.is_empty() {
                if forcing.is_empty() && pending.action == c.action {
                    return None;
                }
                // The changed paths are the outermost ones, so a path the baseline already
                // changes (a block it makes unknown) can hide what the fixes force.
                changed.clone_from(&forcing);
            }
            let action = if c.action.is_destructive()
                && pending.action.is_destructive()
                && forcing.is_empty()
            {
                PlanAction::Update
            } else {
                c.action
            };
            Some(planned_change(root, c, action, &forcing, &changed))
        })
        .collect()
}

fn planned_change(
    root: &str,
    change: &ResourceChange,
    action: PlanAction,
    replace_paths: &[AttributePath],
    changed_paths: &[AttributePath],
) -> PlannedChange {
    PlannedChange {
        root_module: root.to_owned(),
        address: change.address.clone(),
        action,
        replace_paths: replace_paths.iter().map(ToString::to_string).collect(),
        changed_paths: changed_paths.iter().map(ToString::to_string).collect(),
    }
}

/// Gives each change to the fixes whose finding names its instance, or whose edits write the
/// resource (a fix that adds an `aws_s3_bucket_versioning` beside its bucket). A change no finding names
/// (a fix that edits a variable, a local or a module other resources read) goes to the fixes
/// with an edit outside their resource's block, or, when there is none, is returned as
/// unexplained.
pub(super) fn assign(
    changes: Vec<PlannedChange>,
    findings: &[&Finding],
) -> (BTreeMap<FixKey, Vec<PlannedChange>>, Vec<PlannedChange>) {
    let mut assigned: BTreeMap<FixKey, Vec<PlannedChange>> =
        findings.iter().map(|f| (key(f), Vec::new())).collect();
    let mut unexplained = Vec::new();
    let spilling: Vec<&&Finding> = findings.iter().filter(|f| edits_outside_block(f)).collect();
    for change in changes {
        let owners: Vec<&&Finding> = findings
            .iter()
            .filter(|f| names_instance(f, &change) || writes_resource(f, &change))
            .collect();
        let owners = if owners.is_empty() {
            spilling.clone()
        } else {
            owners
        };
        if owners.is_empty() {
            unexplained.push(change);
            continue;
        }
        for owner in owners {
            assigned.entry(key(owner)).or_default().push(change.clone());
        }
    }
    (assigned, unexplained)
}

/// A replacement or deletion no fix declares, and the fixes that may cause it.
#[derive(Debug)]
pub(super) struct Undeclared<'a> {
    /// The change.
    pub(super) change: PlannedChange,
    /// The fixes whose finding names its instance, or every fix of the root module when none
    /// does.
    pub(super) suspects: Vec<&'a Finding>,
}

/// The destructive changes (replace, delete) of a plan that no fix accounts for. A replacement
/// is accounted for when one of the fixes whose finding names the instance declares it
/// ([`driftless_diagnostics::Fix::replacing`]) and needs review; a deletion never is.
pub(super) fn undeclared<'a>(
    assigned: &BTreeMap<FixKey, Vec<PlannedChange>>,
    unexplained: &[PlannedChange],
    findings: &[&'a Finding],
) -> Vec<Undeclared<'a>> {
    let mut out: Vec<Undeclared<'a>> = Vec::new();
    let destructive = assigned
        .values()
        .flatten()
        .chain(unexplained)
        .filter(|c| c.action.is_destructive());
    for change in destructive {
        if out.iter().any(|u| u.change.address == change.address) {
            continue;
        }
        let owners: Vec<&'a Finding> = findings
            .iter()
            .copied()
            .filter(|f| assigned.get(&key(f)).is_some_and(|c| c.contains(change)))
            .collect();
        let declared = change.action != PlanAction::Delete
            && owners.iter().any(|f| {
                f.fix.as_ref().is_some_and(|x| {
                    x.declares_replacement() && x.applicability() != Applicability::Safe
                })
            });
        if declared {
            continue;
        }
        out.push(Undeclared {
            change: change.clone(),
            suspects: if owners.is_empty() {
                findings.to_vec()
            } else {
                owners
            },
        });
    }
    out
}

/// Why a fix is taken out for `change`, a replacement or deletion it causes and does not
/// declare: "Terraform plans to replace" and the instance, what forces it, and why that is
/// refused (see the tests).
pub(super) fn undeclared_reason(finding: &Finding, change: &PlannedChange) -> String {
    let forces = if change.replace_paths.is_empty() {
        String::new()
    } else {
        format!(" ({})", change.describe())
    };
    let why = match &finding.fix {
        Some(fix) if fix.declares_replacement() && change.action != PlanAction::Delete => {
            "a fix that replaces a resource needs review, not `safe`"
        }
        _ => "which this fix does not declare: it must not destroy the running resource",
    };
    format!(
        "Terraform plans to {} {}{forces}, {why}",
        verb(change.action),
        change.address
    )
}

pub(super) fn verb(action: PlanAction) -> &'static str {
    if action == PlanAction::Delete {
        "delete"
    } else {
        "replace"
    }
}

/// Whether the change is to an instance the finding names (its block's instances in its own
/// root module).
fn names_instance(finding: &Finding, change: &PlannedChange) -> bool {
    super::roots::normal(&finding.root_module) == change.root_module
        && (finding.address == change.address || finding.instances.contains(&change.address))
}

/// Whether the fix writes the block of the change's resource: an edit holds
/// `resource "TYPE" "NAME"` and the resource sits in the finding's module instance.
fn writes_resource(finding: &Finding, change: &PlannedChange) -> bool {
    let address = &change.address;
    let header = format!(
        "resource \"{}\" \"{}\"",
        address.resource_type, address.name
    );
    super::roots::normal(&finding.root_module) == change.root_module
        && address.module_path == finding.address.module_path
        && finding
            .fix
            .iter()
            .flat_map(driftless_diagnostics::Fix::edits)
            .any(|e| e.content.contains(&header))
}

/// Whether the fix edits a value other resources may read: an edit outside its resource's
/// block (a variable, a tfvars entry, a local, a module argument) that does not write a
/// resource block of its own.
fn edits_outside_block(finding: &Finding) -> bool {
    let block = &finding.block;
    finding
        .fix
        .iter()
        .flat_map(driftless_diagnostics::Fix::edits)
        .any(|e| {
            let outside = e.path != block.path
                || e.range.start < block.range.start
                || e.range.end > block.range.end;
            outside && !e.content.contains("resource \"")
        })
}

/// The verification of `finding`'s fix from the outcomes of the root modules it touches:
/// planned when every one planned, skipped (naming the root module) when one could not be.
pub(super) fn verification(
    tool: &str,
    finding: &Finding,
    roots: &[(String, RootOutcome)],
) -> Verification {
    let k = key(finding);
    let mut changes = Vec::new();
    let mut state_files: Vec<String> = Vec::new();
    for (root, outcome) in roots {
        match outcome {
            RootOutcome::Unavailable(reason) => {
                return Verification::Skipped {
                    reason: format!("root module {root} cannot be planned: {reason}"),
                };
            }
            RootOutcome::Judged(judged) => {
                changes.extend(judged.changes.get(&k).into_iter().flatten().cloned());
                state_files.extend(judged.state_file.clone());
            }
        }
    }
    changes.sort_by(|a, b| (&a.root_module, &a.address).cmp(&(&b.root_module, &b.address)));
    changes.dedup();
    state_files.sort();
    state_files.dedup();
    Verification::Planned {
        tool: tool.to_owned(),
        root_modules: roots.iter().map(|(r, _)| r.clone()).collect(),
        state_files,
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftless_diagnostics::ReplaceOrder;
    use driftless_hcl::LoadOptions;
    use driftless_rules::{Selection, scan_path};

    const MAIN_TF: &str = r#"variable "tokens" {
  default = "optional"
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = var.tokens
  }
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "us-east-1a"
  size              = 10
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
"#;

    /// The findings of the sample with a fix, by rule id.
    fn findings() -> BTreeMap<String, Finding> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), MAIN_TF).unwrap();
        let scan = scan_path(
            dir.path(),
            &LoadOptions::default(),
            &Selection::default(),
            "",
        );
        scan.findings
            .into_iter()
            .filter(|f| f.fix.is_some())
            .map(|f| (f.rule_id.to_string(), f))
            .collect()
    }

    fn change(address: &str, action: PlanAction, replace: &[&str]) -> PlannedChange {
        PlannedChange {
            root_module: ".".into(),
            address: address.parse().unwrap(),
            action,
            replace_paths: replace.iter().map(|s| (*s).to_owned()).collect(),
            changed_paths: Vec::new(),
        }
    }

    const REPLACE: PlanAction = PlanAction::Replace(ReplaceOrder::DeleteThenCreate);

    #[test]
    fn changes_go_to_the_fixes_that_name_their_instance_or_edit_outside_their_block() {
        let all = findings();
        let imds = &all["aws-ec2-imdsv2-required"];
        let ebs = &all["aws-ebs-encryption-required"];
        // The IMDS fix edits the variable's default: outside its block.
        assert!(edits_outside_block(imds));
        assert!(!edits_outside_block(ebs));
        let (assigned, unexplained) = assign(
            vec![
                change("aws_instance.web", PlanAction::Update, &[]),
                change("aws_ebs_volume.scratch", REPLACE, &["encrypted"]),
                change("aws_instance.other", PlanAction::Update, &[]),
            ],
            &[imds, ebs],
        );
        let addresses = |f: &Finding| -> Vec<String> {
            assigned[&key(f)]
                .iter()
                .map(|c| c.address.to_string())
                .collect()
        };
        assert_eq!(addresses(imds), ["aws_instance.web", "aws_instance.other"]);
        assert_eq!(addresses(ebs), ["aws_ebs_volume.scratch"]);
        assert!(unexplained.is_empty());
        // Without a fix that edits outside its block, an unnamed change is unexplained.
        let (_, unexplained) = assign(
            vec![change("aws_instance.other", PlanAction::Update, &[])],
            &[ebs],
        );
        assert_eq!(unexplained.len(), 1);
    }

    #[test]
    fn a_resource_a_fix_writes_is_that_fixs_change_not_a_spilling_fixs() {
        let all = findings();
        let imds = &all["aws-ec2-imdsv2-required"];
        let versioning = &all["aws-s3-versioning-required"];
        assert!(
            !edits_outside_block(versioning),
            "a new resource block is not a spill"
        );
        let (assigned, unexplained) = assign(
            vec![change(
                "aws_s3_bucket_versioning.logs",
                PlanAction::Create,
                &[],
            )],
            &[imds, versioning],
        );
        assert_eq!(assigned[&key(versioning)].len(), 1);
        assert!(assigned[&key(imds)].is_empty());
        assert!(unexplained.is_empty());
    }

    #[test]
    fn a_replacement_is_accounted_for_only_by_a_fix_that_declares_it_and_needs_review() {
        let all = findings();
        let ebs = &all["aws-ebs-encryption-required"];
        assert!(ebs.fix.as_ref().unwrap().declares_replacement());
        let replaced = change("aws_ebs_volume.scratch", REPLACE, &["encrypted"]);
        let assigned = BTreeMap::from([(key(ebs), vec![replaced.clone()])]);
        assert!(undeclared(&assigned, &[], &[ebs]).is_empty());

        let mut safe = ebs.clone();
        safe.fix = safe.fix.map(|f| f.with_applicability(Applicability::Safe));
        let assigned = BTreeMap::from([(key(&safe), vec![replaced.clone()])]);
        let found = undeclared(&assigned, &[], &[&safe]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            undeclared_reason(&safe, &found[0].change),
            "Terraform plans to replace aws_ebs_volume.scratch (replace (destroy, then create): \
             `encrypted` forces replacement), a fix that replaces a resource needs review, not `safe`"
        );

        let imds = &all["aws-ec2-imdsv2-required"];
        let instance = change("aws_instance.web", REPLACE, &["ami"]);
        let assigned = BTreeMap::from([(key(imds), vec![instance])]);
        let found = undeclared(&assigned, &[], &[imds]);
        assert_eq!(found[0].suspects.len(), 1);
        assert_eq!(
            undeclared_reason(imds, &found[0].change),
            "Terraform plans to replace aws_instance.web (replace (destroy, then create): `ami` \
             forces replacement), which this fix does not declare: it must not destroy the \
             running resource"
        );
    }

    #[test]
    fn a_deletion_is_never_declared_and_an_unexplained_one_suspects_every_fix() {
        let all = findings();
        let ebs = &all["aws-ebs-encryption-required"];
        let imds = &all["aws-ec2-imdsv2-required"];
        let deleted = change("aws_ebs_volume.scratch", PlanAction::Delete, &[]);
        let assigned = BTreeMap::from([(key(ebs), vec![deleted.clone()])]);
        assert_eq!(undeclared(&assigned, &[], &[ebs]).len(), 1);
        let found = undeclared(&BTreeMap::new(), &[deleted], &[ebs, imds]);
        assert_eq!(found[0].suspects.len(), 2);
    }

    #[test]
    fn the_baseline_changes_are_not_the_fixes() {
        let plan = Plan::from_json(
            r#"{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [
              {"address": "aws_instance.web", "provider_name": "registry.terraform.io/hashicorp/aws",
               "change": {"actions": ["update"], "before": {"tags": {}}, "after": {"tags": {"a": "b"}}, "after_unknown": {}}},
              {"address": "aws_ebs_volume.scratch", "provider_name": "registry.terraform.io/hashicorp/aws",
               "change": {"actions": ["no-op"], "before": {}, "after": {}, "after_unknown": {}}}]}"#,
        )
        .unwrap();
        assert_eq!(fix_changes("envs/prod", &plan, &[]).len(), 1);
        assert_eq!(
            fix_changes("envs/prod", &plan, &[])[0].root_module,
            "envs/prod"
        );
        assert!(fix_changes("envs/prod", &plan, &plan.changes).is_empty());
    }

    /// A plan of one `aws_instance.web` change: `actions`, the `after` object's extra
    /// members, and its `replace_paths`.
    fn instance_plan(actions: &str, after: &str, replace: &str) -> Plan {
        Plan::from_json(&format!(
            r#"{{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [
              {{"address": "aws_instance.web", "provider_name": "registry.terraform.io/hashicorp/aws",
               "change": {{"actions": {actions}, "before": {{"security_groups": null, "metadata_options": [{{"http_tokens": "optional"}}]}},
                "after": {{"security_groups": [] {after}}}, "after_unknown": {{}}, "replace_paths": {replace}}}}}]}}"#
        ))
        .unwrap()
    }

    /// Regression (`scan --diff --state`): against a state the unfixed code already replaces
    /// the instance; every fix of that instance was reported as replacing it, with the
    /// baseline's replace paths.
    #[test]
    fn against_a_pending_change_a_fix_is_given_only_what_it_adds() {
        let pending = instance_plan(
            r#"["delete", "create"]"#,
            r#", "metadata_options": [{"http_tokens": "optional"}]"#,
            r#"[["security_groups"]]"#,
        );
        let tokens = instance_plan(
            r#"["delete", "create"]"#,
            r#", "metadata_options": [{"http_tokens": "required"}]"#,
            r#"[["security_groups"]]"#,
        );
        let own = fix_changes(".", &tokens, &pending.changes);
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].action, PlanAction::Update);
        assert_eq!(own[0].changed_paths, ["metadata_options[0].http_tokens"]);
        assert!(own[0].replace_paths.is_empty());

        let encrypted = instance_plan(
            r#"["delete", "create"]"#,
            r#", "metadata_options": [{"http_tokens": "optional"}], "root_block_device": [{"encrypted": true}]"#,
            r#"[["security_groups"], ["root_block_device", 0, "encrypted"]]"#,
        );
        let own = fix_changes(".", &encrypted, &pending.changes);
        assert_eq!(own[0].action, REPLACE);
        assert_eq!(own[0].replace_paths, ["root_block_device[0].encrypted"]);
        assert_eq!(own[0].changed_paths, ["root_block_device"]);

        assert!(fix_changes(".", &pending, &pending.changes).is_empty());
    }
}
