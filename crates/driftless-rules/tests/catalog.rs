//! The catalog test: what reviewers would forget, checked for every rule. Cross-reference ids
//! are checked against the other tools' own id lists in the repository's `data/xref` (their
//! sources are named in `data/README.md`), because a wrong cross-reference maps a finding to
//! the wrong fix.

use driftless_rules::{FixAvailability, all_rules};
use std::collections::{BTreeMap, BTreeSet, HashSet};

const XREF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/xref");

/// The values of column `col` of a tab-separated file with a header line.
fn column(file: &str, col: usize) -> HashSet<String> {
    let text =
        std::fs::read_to_string(format!("{XREF}/{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
    text.lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(col))
        .map(|s| s.trim().to_owned())
        .collect()
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = BTreeSet::new();
    for rule in all_rules() {
        let m = rule.meta();
        assert!(
            driftless_diagnostics::RuleId::is_well_formed(m.id.as_str()),
            "{}",
            m.id
        );
        assert!(
            m.id.as_str().starts_with("aws-"),
            "{}: ids start with the provider",
            m.id
        );
        for id in std::iter::once(m.id.as_str()).chain(m.aliases.iter().copied()) {
            assert!(seen.insert(id.to_owned()), "duplicate id or alias {id}");
        }
        assert!(!m.resource_types.is_empty(), "{}: no resource type", m.id);
    }
    let ids: Vec<&str> = all_rules().iter().map(|r| r.meta().id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "registry.rs keeps the rules sorted by id");
}

#[test]
fn every_doc_has_its_sections_and_references() {
    for rule in all_rules() {
        let m = rule.meta();
        let doc = m.doc_markdown();
        for section in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "Use instead:",
            "## References",
        ] {
            assert!(doc.contains(section), "{}: doc lacks `{section}`", m.id);
        }
        if m.fix == FixAvailability::None {
            assert!(
                !doc.contains("## Fix safety"),
                "{}: a recommendation-only rule has no fix safety",
                m.id
            );
        } else {
            assert!(doc.contains("## Fix\n"), "{}: doc lacks `## Fix`", m.id);
        }
        if doc.contains("`review`") || doc.contains("`manual`") {
            assert!(
                doc.contains("## Fix safety"),
                "{}: a fix that is not safe explains why in `## Fix safety`",
                m.id
            );
        }
        assert!(!m.references.is_empty(), "{}: no reference URL", m.id);
        for url in m.references {
            assert!(
                url.starts_with("https://") && !url.contains(' '),
                "{}: `{url}` is not a URL",
                m.id
            );
            assert!(
                doc.contains(url),
                "{}: reference {url} is not in the doc",
                m.id
            );
        }
        assert!(
            m.title.len() < 90 && !m.title.ends_with('.'),
            "{}: title is one short line",
            m.id
        );
    }
}

#[test]
fn cross_references_exist_in_the_other_tools() {
    let checkov = column("checkov_aws_terraform_checks.tsv", 0);
    let trivy: HashSet<String> = column("trivy_aws_checks.tsv", 0)
        .into_iter()
        .chain(column("trivy_aws_checks.tsv", 1))
        .chain(column("trivy_aws_checks.tsv", 2))
        .chain(tfsec_ids().into_values().flatten())
        .collect();
    let kics = column("kics_aws_queries.tsv", 2);
    let prowler = column("prowler_aws_checks.tsv", 0);
    let hub = column("securityhub_fsbp_to_prowler.tsv", 0);
    let terrascan: HashSet<String> = column("terrascan_aws_policies.tsv", 0)
        .into_iter()
        .chain(column("terrascan_aws_policies.tsv", 1))
        .collect();
    let checkov_types: Vec<(String, String)> =
        std::fs::read_to_string(format!("{XREF}/checkov_aws_terraform_checks.tsv"))
            .unwrap()
            .lines()
            .skip(1)
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                Some((
                    cols.first()?.to_string(),
                    format!("{}\t{}", cols.get(1)?, cols.get(2)?),
                ))
            })
            .collect();
    for rule in all_rules() {
        let m = rule.meta();
        let x = &m.cross_refs;
        for (ids, known, tool) in [
            (x.checkov, &checkov, "Checkov"),
            (x.trivy, &trivy, "Trivy"),
            (x.kics, &kics, "KICS"),
            (x.prowler, &prowler, "Prowler"),
            (x.security_hub, &hub, "Security Hub"),
            (x.terrascan, &terrascan, "Terrascan"),
        ] {
            for id in ids {
                assert!(
                    known.contains(*id),
                    "{}: {tool} id {id} does not exist",
                    m.id
                );
            }
        }
        for id in m.suppressed_by {
            assert!(
                [&checkov, &trivy, &kics, &terrascan]
                    .iter()
                    .any(|known| known.contains(*id)),
                "{}: suppressed_by id {id} is no Checkov, Trivy, tfsec, KICS or Terrascan id",
                m.id
            );
            assert!(
                !x.iter().any(|(_, x)| x == *id),
                "{}: {id} is both a cross-reference and in suppressed_by",
                m.id
            );
        }
        // A Checkov check must look at at least one resource type the rule reads.
        for id in x
            .checkov
            .iter()
            .chain(m.suppressed_by.iter().filter(|id| checkov.contains(**id)))
        {
            let types: Vec<String> = checkov_types
                .iter()
                .filter(|(c, _)| c == id)
                .flat_map(|(_, t)| {
                    let (kind, list) = t.split_once('\t').unwrap();
                    list.split(',').map(move |ty| {
                        if kind == "data" {
                            format!("data.{ty}")
                        } else {
                            ty.to_owned()
                        }
                    })
                })
                .collect();
            assert!(
                types.iter().any(|t| m.resource_types.contains(&t.as_str())),
                "{}: Checkov {id} reads {types:?}, none of which the rule reads",
                m.id
            );
        }
    }
}

/// Every id tfsec v1.28 (defsec v0.84.1) matched an ignore against, by AVD id: the long id,
/// the aliases and the legacy ids (`data/xref/tfsec_aws_checks.tsv`).
fn tfsec_ids() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(format!("{XREF}/tfsec_aws_checks.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let ids = cols[1..]
                .iter()
                .flat_map(|c| c.split(','))
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect();
            (cols[0].to_owned(), ids)
        })
        .collect()
}

/// A rule that cross-references an AVD id lists every id Trivy or tfsec accept for that
/// check in `trivy:ignore:`/`tfsec:ignore:` (Trivy's id and long id, tfsec's long id, aliases
/// and legacy ids), since users of either tool wrote any of them: `#tfsec:ignore:aws-s3-enable-bucket-logging`
/// names the check Trivy now calls `aws-s3-enable-logging`.
#[test]
fn a_trivy_cross_reference_lists_every_id_trivy_and_tfsec_accept() {
    let text = std::fs::read_to_string(format!("{XREF}/trivy_aws_checks.tsv")).unwrap();
    let mut accepted: BTreeMap<String, Vec<String>> = tfsec_ids();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        accepted
            .entry(cols[1].to_owned())
            .or_default()
            .extend([cols[0].to_owned(), cols[2].to_owned()]);
    }
    let mut missing = Vec::new();
    for rule in all_rules() {
        let m = rule.meta();
        for list in [m.cross_refs.trivy, m.suppressed_by] {
            for avd in list.iter().filter(|id| id.starts_with("AVD-")) {
                for id in accepted.get(*avd).into_iter().flatten() {
                    if !list.contains(&id.as_str()) {
                        missing.push(format!("{}: {id} (for {avd})", m.id));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing Trivy/tfsec ids:\n{}",
        missing.join("\n")
    );
}

/// Terrascan's policies (`data/xref/terrascan_aws_policies.tsv`): `#ts:skip=` accepts a
/// policy's `id` and its older `reference_id` (Terrascan's `pkg/policy/opa/engine.go`), so a
/// rule that lists one lists both, and the policy reads a resource type the rule reads. The
/// metadata of `AC_AWS_0447` (ECR tags immutable) names `aws_cloudtrail`, but its Rego reads
/// `aws_ecr_repository`; that of `AC_AWS_0466` and `AC_AWS_0467` names
/// `aws_elasticcache_replication_group`, a misspelling of the type their Rego reads.
#[test]
fn terrascan_ids_come_in_pairs_and_read_the_rules_resource_types() {
    let text = std::fs::read_to_string(format!("{XREF}/terrascan_aws_policies.tsv")).unwrap();
    let policies: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    for rule in all_rules() {
        let m = rule.meta();
        let listed: Vec<&str> = m
            .cross_refs
            .terrascan
            .iter()
            .chain(m.suppressed_by)
            .copied()
            .collect();
        for p in policies.iter().filter(|p| listed.contains(&p[0])) {
            let (id, reference, resource_type) = (p[0], p[1], p[2]);
            assert!(
                listed.contains(&reference),
                "{}: Terrascan {id} is listed without its reference id {reference}",
                m.id
            );
            let resource_type = match id {
                "AC_AWS_0447" => "aws_ecr_repository",
                "AC_AWS_0466" | "AC_AWS_0467" => "aws_elasticache_replication_group",
                _ => resource_type,
            };
            assert!(
                m.resource_types.contains(&resource_type),
                "{}: Terrascan {id} reads {resource_type}, which the rule does not read",
                m.id
            );
        }
        for id in listed.iter().filter(|id| id.starts_with("AC_")) {
            assert!(
                policies.iter().any(|p| p[0] == *id),
                "{}: no Terrascan policy {id}",
                m.id
            );
        }
    }
}

#[test]
fn every_rule_says_why_it_matters_for_pull_request_bodies() {
    for rule in all_rules() {
        let m = rule.meta();
        let why = m.section("Why it matters").unwrap_or_default();
        assert!(why.len() > 20, "{}: `## Why it matters` is {why:?}", m.id);
        assert!(
            !why.contains("## "),
            "{}: the section runs into the next",
            m.id
        );
    }
}
