//! The catalog test: what reviewers would forget, checked for every
//! rule. Cross-reference ids are checked against the other tools' own id lists in
//! `../shared/xref`, because a wrong cross-reference maps a finding to the wrong fix.

use driftless_rules::{FixAvailability, all_rules};
use std::collections::{BTreeSet, HashSet};

const XREF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/xref");

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
        .collect();
    let kics = column("kics_aws_queries.tsv", 2);
    let prowler = column("prowler_aws_checks.tsv", 0);
    let hub = column("securityhub_fsbp_to_prowler.tsv", 0);
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
        ] {
            for id in ids {
                assert!(
                    known.contains(*id),
                    "{}: {tool} id {id} does not exist",
                    m.id
                );
            }
        }
        // A Checkov check must look at at least one resource type the rule reads.
        for id in x.checkov {
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
