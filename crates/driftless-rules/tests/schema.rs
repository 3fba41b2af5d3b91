//! The catalog against the AWS provider schema (the one the binary embeds): a rule may name,
//! read and write only resource types, attributes and blocks the provider has.
//!
//! - Every rule's `resource_types` are resource types of the provider.
//! - Reads: every fixture, good or bad, is valid against the schema as far as names go (no
//!   resource type, attribute or nested block the provider lacks). A rule reads an attribute
//!   only where its fixtures write it: every rule that reads a value has fixtures setting it
//!   to a good, a bad and an unknown value (`good_unknown`), so an attribute a rule reads but
//!   the provider lacks shows up as an unknown name in a fixture. This checks what the rules
//!   actually exercise, with nothing to keep in step beside the rule's code.
//! - Writes: every fix every rule proposes on its `bad_*` fixtures is applied on its own to
//!   the fixture's files, and the patched files must have no schema problem the original did
//!   not have (an unknown attribute, a value of another type, one block too many counting
//!   `dynamic` blocks, a required attribute or block missing from what the fix writes, a
//!   deprecated attribute or block introduced). The attribute paths the fixes set are
//!   collected and must be found in the schema too. And no finding of a `bad_*` fixture may
//!   carry, instead of a fix, a recommendation saying the schema rejected the edit for a
//!   reason that does not depend on the configuration: that is the rule writing what the
//!   provider never accepts.

use driftless_diagnostics::{Edit, apply_edits};
use driftless_hcl::LoadOptions;
use driftless_rules::fixtures::{Case, cases, files_under};
use driftless_rules::{Selection, all_rules, scan_path};
use driftless_terraform::schema::{NameProblem, Problem, SchemaError, aws};
use hcl_edit::structure::Body;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[test]
fn every_rule_names_resource_types_the_provider_has() {
    let schema = aws();
    let mut failures = Vec::new();
    for rule in all_rules() {
        let m = rule.meta();
        // Data sources are read, never edited: the schema holds resources only.
        for resource_type in m.resource_types.iter().filter(|t| !t.starts_with("data.")) {
            if let Err(e) = schema.resource(resource_type) {
                failures.push(format!("{}: {e}", m.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The problems of a `.tf` file's text, counted (two instances of one problem count twice).
fn problems(text: &str) -> Result<BTreeMap<Problem, usize>, String> {
    let body: Body = text.parse().map_err(|e| format!("does not parse: {e}"))?;
    let mut counts = BTreeMap::new();
    for problem in aws().check_body(&body) {
        *counts.entry(problem).or_default() += 1;
    }
    Ok(counts)
}

/// Names that fixtures write for a newer AWS provider than the schema's (5.100.0): each with
/// the reason the fixture needs it. No rule reads or writes them; they are in the fixtures so
/// that the rules see configurations written for provider 6.
const NEWER_PROVIDER: &[(&str, &str, &str)] = &[
    (
        "aws_ebs_encryption_by_default",
        "region",
        "provider 6's per-resource Region: one resource per Region through for_each",
    ),
    (
        "aws_ecr_repository",
        "image_tag_mutability_exclusion_filter",
        "provider 6's tag mutability exclusions, which the rule leaves to a recommendation",
    ),
];

/// Whether a problem says a name is not in the schema (and is not a listed newer name).
fn unknown_name(error: &SchemaError) -> bool {
    match error {
        SchemaError::Name {
            problem: NameProblem::Unknown,
            resource_type,
            path,
        } => !NEWER_PROVIDER
            .iter()
            .any(|(t, p, _)| t == resource_type && p == path),
        SchemaError::UnknownResourceType { .. }
        | SchemaError::Name {
            problem: NameProblem::NotAnAttribute | NameProblem::NotABlock,
            ..
        } => true,
        _ => false,
    }
}

/// The `.tf` files of a case copied to `dir`: repository-relative path → text.
fn tf_files(dir: &Path) -> BTreeMap<String, String> {
    files_under(dir)
        .unwrap()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).unwrap();
            (rel, text)
        })
        .collect()
}

#[test]
fn every_fixture_names_only_what_the_provider_has() {
    let mut failures = Vec::new();
    for case in cases().unwrap() {
        let dir = tempfile::tempdir().unwrap();
        case.copy_to(dir.path()).unwrap();
        for (path, text) in tf_files(dir.path()) {
            // `.terraform/modules` holds fetched modules, which are not the rule's fixture.
            if path.starts_with(".terraform/") {
                continue;
            }
            match problems(&text) {
                Ok(found) => failures.extend(
                    found
                        .keys()
                        .filter(|p| unknown_name(&p.error))
                        .map(|p| format!("{} {path}: {}: {}", case.name(), p.resource, p.error)),
                ),
                Err(e) => failures.push(format!("{} {path}: {e}", case.name())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `(resource type, dotted attribute path, value text)` of every attribute written in the
/// resource blocks of `body`; a `dynamic` block's content counts as a block of its label.
fn attributes(body: &Body) -> BTreeSet<(String, String, String)> {
    fn walk(
        resource_type: &str,
        prefix: &str,
        body: &Body,
        out: &mut BTreeSet<(String, String, String)>,
    ) {
        for attr in body.attributes() {
            let meta = ["count", "for_each", "provider", "depends_on"];
            if prefix.is_empty() && meta.contains(&attr.key.as_str()) {
                continue;
            }
            out.insert((
                resource_type.to_owned(),
                format!("{prefix}{}", attr.key.as_str()),
                attr.value.to_string().trim().to_owned(),
            ));
        }
        for block in body.blocks() {
            let (name, inner) = match block.ident.as_str() {
                "dynamic" => (
                    block.labels.first().map(|l| l.as_str().to_owned()),
                    block.body.get_blocks("content").next().map(|c| &c.body),
                ),
                "lifecycle" | "provisioner" | "connection" if prefix.is_empty() => (None, None),
                ident => (Some(ident.to_owned()), Some(&block.body)),
            };
            if let (Some(name), Some(inner)) = (name, inner) {
                walk(resource_type, &format!("{prefix}{name}."), inner, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    for block in body.get_blocks("resource") {
        if let Some(resource_type) = block.labels.first() {
            walk(resource_type.as_str(), "", &block.body, &mut out);
        }
    }
    out
}

/// The texts of the schema errors that do not depend on the configuration being edited: a
/// finding whose recommendation carries one asked for an edit the provider never accepts (an
/// unknown name, a value of another type, a deprecated or computed attribute). One block too
/// many beside a `dynamic` block depends on the configuration, and is a fine recommendation.
const REJECTED_WRITES: &[&str] = &[
    "The AWS provider has no resource type",
    "in the AWS provider's schema, so no edit is generated.",
    "is a block, not an attribute",
    "is an attribute, not a block",
    "is computed by the provider and cannot be set",
    "takes a value of type",
    "is deprecated in the AWS provider",
];

/// What one fix does to the case's files: the schema problems it introduces, and the
/// attribute paths it sets in resource blocks.
fn check_fix(
    before: &BTreeMap<String, String>,
    edits: &[Edit],
    set: &mut BTreeSet<(String, String)>,
) -> Vec<String> {
    let mut by_path: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for edit in edits {
        by_path.entry(edit.path.as_str()).or_default().push(edit);
    }
    let mut failures = Vec::new();
    for (path, edits) in by_path {
        let Some(original) = before.get(path) else {
            // A `.tfvars` file: no resource block in it.
            continue;
        };
        let patched = apply_edits(original, &edits);
        let (old, new) = match (problems(original), problems(&patched)) {
            (Ok(old), Ok(new)) => (old, new),
            (_, Err(e)) | (Err(e), _) => {
                failures.push(format!("{path}: {e}"));
                continue;
            }
        };
        for (problem, count) in &new {
            if old.get(problem).copied().unwrap_or(0) < *count {
                failures.push(format!("{path}: {}: {}", problem.resource, problem.error));
            }
        }
        let (Ok(old), Ok(new)) = (original.parse::<Body>(), patched.parse::<Body>()) else {
            continue;
        };
        let written = attributes(&old);
        for (resource_type, attribute, value) in attributes(&new) {
            if !written.contains(&(resource_type.clone(), attribute.clone(), value)) {
                set.insert((resource_type, attribute));
            }
        }
    }
    failures
}

#[test]
fn every_fix_of_every_rule_passes_the_schema() {
    let mut failures = Vec::new();
    let mut set: BTreeSet<(String, String)> = BTreeSet::new();
    let mut fixes = 0;
    for case in cases().unwrap().iter().filter(|c| Case::is_bad(c)) {
        let dir = tempfile::tempdir().unwrap();
        case.copy_to(dir.path()).unwrap();
        let before = tf_files(dir.path());
        let selection = Selection {
            select: vec![case.rule_id.clone()],
            ..Selection::default()
        };
        let scan = scan_path(dir.path(), &LoadOptions::default(), &selection, "");
        for finding in &scan.findings {
            let rejected = finding
                .recommendation
                .as_deref()
                .filter(|r| REJECTED_WRITES.iter().any(|t| r.contains(t)));
            if let Some(recommendation) = rejected {
                failures.push(format!(
                    "{} ({} on {}): the rule asks for an edit the schema rejects: {recommendation}",
                    case.name(),
                    finding.rule_id,
                    finding.address
                ));
            }
            let Some(fix) = &finding.fix else { continue };
            fixes += 1;
            for failure in check_fix(&before, fix.edits(), &mut set) {
                failures.push(format!(
                    "{} ({} on {}): {failure}",
                    case.name(),
                    finding.rule_id,
                    finding.address
                ));
            }
        }
    }
    for (resource_type, attribute) in &set {
        let path: Vec<&str> = attribute.split('.').collect();
        if aws().covers(resource_type)
            && let Err(e) = aws().attribute(resource_type, &path)
        {
            failures.push(format!("a fix sets {resource_type} {attribute}: {e}"));
        }
    }
    assert!(fixes > 0 && !set.is_empty(), "no fix found on the fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
