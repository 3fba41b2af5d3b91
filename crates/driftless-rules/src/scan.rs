//! Running the selected rules over an evaluated configuration: findings de-duplicated by
//! fingerprint (the instances of one block become one finding with several instance keys),
//! suppressions applied, sorted by file and line.

use crate::checker::Checker;
use crate::registry::Selection;
use crate::suppression::{self, Verdict};
use driftless_diagnostics::{Edit, Finding, Fix, InputError, ResourceAddress, ResourceMode};
use driftless_hcl::{Evaluation, LoadOptions, Project, evaluate};
use driftless_state::{Redaction, StateError, StateIndex, StateSpec};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// A loaded, evaluated and checked repository.
#[derive(Debug)]
pub struct Scan {
    /// The loaded repository (its files, for rendering and fixing).
    pub project: Project,
    /// Every resource instance.
    pub evaluation: Evaluation,
    /// Findings, suppressed ones included (see [`Finding::suppressed`]).
    pub findings: Vec<Finding>,
    /// Inputs that could not be read, parsed or resolved, and files skipped.
    pub errors: Vec<InputError>,
}

/// Loads, evaluates and checks the repository at `root`.
///
/// `repo` names the repository in fingerprints (empty for a plain local scan).
#[must_use]
pub fn scan_path(root: &Path, options: &LoadOptions, selection: &Selection, repo: &str) -> Scan {
    scan_path_with_states(root, options, selection, repo, &[]).0
}

/// The current instances of each resource block in the states, by root module folder and
/// the block's address without any key, in the states' order.
fn instance_addresses(
    index: &StateIndex,
) -> HashMap<(String, ResourceAddress), Vec<ResourceAddress>> {
    let mut out: HashMap<(String, ResourceAddress), Vec<ResourceAddress>> = HashMap::new();
    for (root, state) in index.states() {
        for instance in state.instances.iter().filter(|i| i.deposed.is_none()) {
            out.entry((root.to_owned(), instance.address.block_address()))
                .or_default()
                .push(instance.address.clone());
        }
    }
    for addresses in out.values_mut() {
        let mut seen = HashSet::new();
        addresses.retain(|a| seen.insert(a.clone()));
    }
    out
}

/// Of `known` (a block's instances in a state), those `address` stands for: the same key
/// wherever `address` has one.
fn stood_for(address: &ResourceAddress, known: &[ResourceAddress]) -> Vec<ResourceAddress> {
    known
        .iter()
        .filter(|k| {
            k.module_path.len() == address.module_path.len()
                && k.module_path
                    .iter()
                    .zip(&address.module_path)
                    .all(|(k, a)| a.key.is_none() || a.key == k.key)
                && (address.key.is_none() || address.key == k.key)
        })
        .cloned()
        .collect()
}

/// Whether an attribute or variable name says it holds a secret ([`SECRET_NAMES`]).
fn is_secret_name(name: &str) -> bool {
    SECRET_NAMES.iter().any(|s| name.contains(s))
}

/// Names of attributes that hold secrets: never loaded from a state, even when the code
/// leaves them unknown: state files carry secrets, which must never reach findings, diffs or
/// logs.
const SECRET_NAMES: &[&str] = &[
    "password",
    "secret",
    "private_key",
    "user_data",
    "auth_token",
    "access_key",
    "key_material",
    "credential",
];

/// Like [`scan_path`], and where the code leaves a value unknown (a variable without value, a
/// data source, another resource's attribute), reads it from `states` (`scan --state`), so
/// that a value known only after apply still gives a finding that points at the code. Only
/// the attributes the code leaves unknown are loaded from a state, and never one whose name
/// says it holds a secret; values read this way have no origin, so their findings carry a
/// recommendation rather than an edit. A plan's `variables` are the values of its root
/// module's variables (those not declared `sensitive` and whose names do not say they hold a
/// secret), as `-var` would give them; and where `count` or `for_each` depends on something
/// the code cannot know, the state's or plan's instances of that block give its instance keys.
/// Returns the state files that could not be read.
#[must_use]
pub fn scan_path_with_states(
    root: &Path,
    options: &LoadOptions,
    selection: &Selection,
    repo: &str,
    states: &[StateSpec],
) -> (Scan, Vec<StateError>) {
    let mut project = Project::load(root, options);
    let mut evaluation = evaluate(&project);
    let mut state_errors = Vec::new();
    if !states.is_empty() {
        let mut redaction = Redaction::new();
        for r in &evaluation.resources {
            let names: Vec<String> = r
                .block
                .unknown_names()
                .into_iter()
                .filter(|n| !is_secret_name(n))
                .collect();
            if !names.is_empty() {
                redaction = redaction.allow(&r.address.resource_type, names);
            }
        }
        for spec in states {
            if let Some(module) = project.root_module(&spec.root_dir) {
                redaction = redaction.allow_variables(
                    module
                        .variables
                        .values()
                        .filter(|v| !v.sensitive && !is_secret_name(&v.name))
                        .map(|v| v.name.clone()),
                );
            }
        }
        let (index, errors) = StateIndex::load(states, &redaction);
        state_errors = errors;
        // A plan's variables are the root module's values, as `-var` gives them.
        for (root_dir, state) in index.states() {
            if !state.variables.is_empty() {
                project
                    .root_values
                    .entry(root_dir.to_owned())
                    .or_default()
                    .extend(state.variables.clone());
            }
        }
        if !project.root_values.is_empty() {
            evaluation = evaluate(&project);
        }
        // Where the code leaves `count`/`for_each` unknown (a resource's or a module call's),
        // the state's instances give the keys.
        let known = instance_addresses(&index);
        let roots: Vec<String> = evaluation
            .module_instances
            .iter()
            .map(|m| m.root_module.clone())
            .collect();
        evaluation.expand_unknown_repetitions(|r| {
            known
                .get(&(roots[r.module_instance].clone(), r.address.block_address()))
                .map(|k| stood_for(&r.address, k))
                .unwrap_or_default()
        });
        for i in 0..evaluation.resources.len() {
            let root = evaluation
                .module_of(&evaluation.resources[i])
                .root_module
                .clone();
            let values = index.get(&root, &evaluation.resources[i].address).map(|m| {
                m.instance
                    .attributes
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<serde_json::Map<_, _>>()
            });
            if let Some(values) = values {
                evaluation.resources[i].block.overlay(&values);
            }
        }
    }
    let findings = run_rules(&project, &evaluation, selection, repo);
    let mut errors = project.errors.clone();
    errors.extend(evaluation.errors.iter().cloned());
    errors.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
    errors.dedup();
    (
        Scan {
            project,
            evaluation,
            findings,
            errors,
        },
        state_errors,
    )
}

/// `fix` with its edits widened where needed so that the runs of `=` and of trailing comments
/// they touch stay aligned as `terraform fmt` aligns them
/// ([`driftless_hcl::edit::align_edits`]).
fn formatted(project: &Project, fix: Fix) -> Fix {
    match driftless_hcl::edit::align_edits(fix.edits(), |path| project.file(path)) {
        Some(edits) => {
            let mut edits = edits.into_iter();
            match edits.next() {
                Some(first) => fix.with_edits(first, edits),
                None => fix,
            }
        }
        None => fix,
    }
}

/// `a` with the edits of `b` it lacks, at the lower applicability of the two; `None` when `b`
/// adds nothing, an edit of `b` overlaps one of `a`, or `a` has 256 edits already (those
/// instances wait for the next pass of `--fix`).
fn merge_fixes(a: &Fix, b: &Fix) -> Option<Fix> {
    // Past a few hundred edits the merge would grow quadratic; later passes of `--fix` take
    // the rest.
    if a.edits().len() >= 256 {
        return None;
    }
    let new: Vec<&Edit> = b
        .edits()
        .iter()
        .filter(|e| !a.edits().contains(e))
        .collect();
    if new.is_empty()
        || new
            .iter()
            .any(|e| a.edits().iter().any(|x| x.conflicts_with(e)))
    {
        return None;
    }
    let mut edits = a.edits().iter().chain(new).cloned();
    let first = edits.next()?;
    let merged = a
        .with_edits(first, edits)
        .with_applicability(a.applicability().min(b.applicability()));
    Some(if b.declares_replacement() {
        merged.replacing()
    } else {
        merged
    })
}

/// The resource type key rules list: `aws_instance`, or `data.aws_iam_policy_document`.
fn type_key(mode: ResourceMode, ty: &str) -> String {
    match mode {
        ResourceMode::Managed => ty.to_owned(),
        ResourceMode::Data => format!("data.{ty}"),
    }
}

/// Runs the rules of `selection` over `evaluation`.
#[must_use]
pub fn run_rules(
    project: &Project,
    evaluation: &Evaluation,
    selection: &Selection,
    repo: &str,
) -> Vec<Finding> {
    let rules = selection.rules();
    let raw: Vec<Finding> = rules
        .par_iter()
        .flat_map_iter(|rule| {
            let meta = rule.meta();
            let mut cx = Checker::new(evaluation, meta, repo);
            for resource in &evaluation.resources {
                let key = type_key(resource.address.mode, &resource.address.resource_type);
                if meta.resource_types.contains(&key.as_str()) {
                    rule.check(&mut cx, resource);
                }
            }
            cx.findings
        })
        .collect();
    // One finding per fingerprint; the instance keys of every instance that fired.
    let mut by_fingerprint: BTreeMap<String, Finding> = BTreeMap::new();
    for f in raw {
        match by_fingerprint.get_mut(f.fingerprint.as_str()) {
            // Instances arrive in evaluation order; duplicates go in the sort below. Instances
            // whose value is set in different places need different edits: one fix carries
            // them all, so every output shows what `--fix` will do.
            Some(existing) => {
                existing.instances.extend(f.instances);
                let merged = existing
                    .fix
                    .as_ref()
                    .zip(f.fix.as_ref())
                    .and_then(|(a, b)| merge_fixes(a, b));
                if let Some(merged) = merged {
                    existing.fix = Some(merged);
                }
            }
            None => {
                by_fingerprint.insert(f.fingerprint.as_str().to_owned(), f);
            }
        }
    }
    let today = suppression::today();
    let mut findings: Vec<Finding> = by_fingerprint.into_values().collect();
    for f in &mut findings {
        f.instances.sort();
        f.instances.dedup();
        let Some(rule) = crate::registry::find_rule(f.rule_id.as_str()) else {
            continue;
        };
        f.severity = selection.severity_of(rule.meta());
        if let Some(&a) = selection.applicability_overrides.get(f.rule_id.as_str()) {
            f.fix = f.fix.take().map(|fix| fix.with_applicability(a));
        }
        let Some(file) = project.file(&f.block.path) else {
            continue;
        };
        let call_files: Vec<_> = f
            .call_chain
            .iter()
            .map(|c| project.file(&c.location.path))
            .collect();
        match suppression::check(rule.meta(), f, &file, &call_files, &today) {
            Verdict::Suppressed(s) => f.suppressed = Some(s),
            Verdict::Expired(s) => {
                tracing::info!(rule = %f.rule_id, "suppression at {}:{} expired on {}", s.location.path, s.location.start.line, s.expires.as_deref().unwrap_or(""));
                let date = s.expires.as_deref().unwrap_or("an earlier date");
                let at = format!("{}:{}", s.location.path, s.location.start.line);
                let _ = if suppression::is_date(date) {
                    write!(f.message, " (its suppression at {at} expired on {date})")
                } else {
                    write!(
                        f.message,
                        " (its suppression at {at} has expiry `{date}`, not a YYYY-MM-DD date, so it suppresses nothing)"
                    )
                };
            }
            Verdict::None => {}
        }
    }
    crate::shared_module::protect_suppressed_callers(project, &mut findings);
    findings.retain(|f| selection.min_severity.is_none_or(|min| f.severity >= min));
    for f in &mut findings {
        f.fix = f.fix.take().map(|fix| formatted(project, fix));
    }
    findings.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.start.line,
            &a.rule_id,
            &a.address,
        )
            .cmp(&(
                &b.location.path,
                b.location.start.line,
                &b.rule_id,
                &b.address,
            ))
    });
    findings
}
