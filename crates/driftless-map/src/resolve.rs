//! Resolution: external finding -> state instance -> resource address -> the block that
//! declares it -> driftless's finding and fix, or a recommendation.

use crate::locate::{Located, Locator};
use crate::xref::{RuleIndex, terraform_type};
use driftless_diagnostics::{
    CallSite, ExternalRef, Finding, Fingerprint, InputError, InputErrorKind, IssueKind, LineColumn,
    ResourceAddress, RuleId, Severity, SourceLocation,
};
use driftless_formats::ingest::{
    ExternalFinding, FindingStatus, IngestError, IngestOptions, read_findings,
};
use driftless_hcl::{LoadOptions, Resource};
use driftless_rules::{Rule, Scan, Selection, scan_path_with_states};
use driftless_state::StateIndex;
use driftless_state::StateSpec;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How to map.
#[derive(Debug, Clone, Default)]
pub struct MapOptions {
    /// How to load the repository.
    pub load: LoadOptions,
    /// The rules that run (their findings carry the fixes).
    pub selection: Selection,
    /// The repository's name in fingerprints.
    pub repo: String,
    /// How to read the findings files.
    pub ingest: IngestOptions,
    /// The state files of the `StateIndex` given to [`map_findings`], which the scan reads
    /// too, as `scan --state` does: the values the code leaves unknown and the instance keys
    /// of a `count`/`for_each` it cannot know, so a mapped finding finds the driftless finding
    /// on its instance. A file that cannot be read is the caller's error to report (it loaded
    /// the index from the same files).
    pub states: Vec<StateSpec>,
}

/// What became of one failed external finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Mapped to the code, with driftless's fix.
    MappedWithFix,
    /// Mapped to the code; a recommendation, no edit.
    MappedWithoutFix,
    /// The resource is in no state: nothing in this repository manages it (codify it, or it
    /// belongs to another repository).
    Unmanaged,
    /// In a state, but no block of the code declares it; the reason says what was looked for.
    Unresolved(String),
}

/// One failed external finding and what became of it.
#[derive(Debug, Clone)]
pub struct Mapped {
    /// The scanner's finding.
    pub external: ExternalFinding,
    /// What became of it.
    pub outcome: Outcome,
    /// The driftless finding it maps to (with `external` set), when mapped.
    pub finding: Option<Finding>,
}

/// The counts `driftless map` ends with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MapStats {
    /// Findings read from every file.
    pub read: usize,
    /// Of those, failed (the ones mapped).
    pub failed: usize,
    /// Passed, or neither failed nor passed (counted, not mapped).
    pub not_failed: usize,
    /// Mapped with a fix.
    pub mapped_with_fix: usize,
    /// Mapped with a recommendation only.
    pub mapped_without_fix: usize,
    /// About resources in no state.
    pub unmanaged: usize,
    /// In a state but not in the code.
    pub unresolved: usize,
}

/// The result of a map run.
#[derive(Debug)]
pub struct MapReport {
    /// driftless's own scan of the repository (files, evaluation, findings).
    pub scan: Scan,
    /// Every failed external finding, in the order read.
    pub mapped: Vec<Mapped>,
    /// The counts.
    pub stats: MapStats,
    /// Findings files that could not be read (and the scan's own input errors).
    pub errors: Vec<InputError>,
}

impl MapReport {
    /// The driftless findings of the mapped external findings, one per external finding, in
    /// the order read (two scanners' findings on the same block give two findings).
    #[must_use]
    pub fn findings(&self) -> Vec<Finding> {
        self.mapped
            .iter()
            .filter_map(|m| m.finding.clone())
            .collect()
    }
}

/// Scans `root`, reads every findings file, and maps each failed finding through `states`.
#[must_use]
pub fn map_findings(
    root: &Path,
    findings_files: &[PathBuf],
    states: &StateIndex,
    options: &MapOptions,
) -> MapReport {
    let (scan, _) = scan_path_with_states(
        root,
        &options.load,
        &options.selection,
        &options.repo,
        &options.states,
    );
    let mut errors = scan.errors.clone();
    let mut external = Vec::new();
    let mut counts = MapStats::default();
    for path in findings_files {
        match read_findings(path, &options.ingest, &mut |f| {
            if f.status == FindingStatus::Fail {
                external.push(f);
            }
        }) {
            Ok(s) => {
                counts.read += s.read;
                counts.failed += s.failed;
                counts.not_failed += s.read - s.failed;
            }
            Err(IngestError::Syntax {
                line,
                column,
                message,
                ..
            }) => errors.push(InputError {
                kind: InputErrorKind::Syntax,
                path: path.display().to_string(),
                position: Some(LineColumn {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                }),
                message,
            }),
            Err(e) => errors.push(InputError {
                kind: InputErrorKind::Unreadable,
                path: path.display().to_string(),
                position: None,
                message: with_causes(&e),
            }),
        }
    }
    let cx = Resolver::new(&scan, states, options);
    let mapped: Vec<Mapped> = external.into_iter().map(|e| cx.resolve(e)).collect();
    for m in &mapped {
        match m.outcome {
            Outcome::MappedWithFix => counts.mapped_with_fix += 1,
            Outcome::MappedWithoutFix => counts.mapped_without_fix += 1,
            Outcome::Unmanaged => counts.unmanaged += 1,
            Outcome::Unresolved(_) => counts.unresolved += 1,
        }
    }
    MapReport {
        scan,
        mapped,
        stats: counts,
        errors,
    }
}

struct Resolver<'a> {
    scan: &'a Scan,
    states: &'a StateIndex,
    rules: RuleIndex,
    repo: &'a str,
    locator: Locator<'a>,
    /// (root module, rule id, block address) -> index of driftless's finding.
    findings: HashMap<(&'a str, &'a str, String), usize>,
    /// Repository-relative paths of the scanned files.
    paths: Vec<&'a str>,
}

impl<'a> Resolver<'a> {
    fn new(scan: &'a Scan, states: &'a StateIndex, options: &'a MapOptions) -> Self {
        let eval = &scan.evaluation;
        let findings = scan
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                (
                    (
                        f.root_module.as_str(),
                        f.rule_id.as_str(),
                        f.address.block_address().to_string(),
                    ),
                    i,
                )
            })
            .collect();
        let paths = eval
            .resources
            .iter()
            .map(|r| r.block.location.path.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Self {
            scan,
            states,
            rules: RuleIndex::new(driftless_rules::all_rules()),
            repo: &options.repo,
            locator: Locator::new(eval),
            findings,
            paths,
        }
    }

    fn resolve(&self, external: ExternalFinding) -> Mapped {
        if let Some(location) = &external.location {
            return self.resolve_code(
                external.clone(),
                &location.path,
                location.start_line,
                location.end_line,
            );
        }
        let Some(subject) = external.resources.first() else {
            return Mapped {
                outcome: Outcome::Unresolved("the finding names no resource".to_owned()),
                finding: None,
                external,
            };
        };
        let wanted_type = subject.resource_type.as_deref().and_then(terraform_type);
        let mut matches = self.states.resolve(&subject.id);
        if let Some(ty) =
            wanted_type.filter(|ty| matches.iter().any(|m| m.instance.resource_type() == *ty))
        {
            matches.retain(|m| m.instance.resource_type() == ty);
        }
        matches.retain(|m| m.instance.is_managed() && m.instance.deposed.is_none());
        let Some(m) = matches.first() else {
            return Mapped {
                outcome: Outcome::Unmanaged,
                finding: None,
                external,
            };
        };
        let address = m.instance.address.clone();
        match self.locator.locate(m.root_dir, &address) {
            Some(Located::Resource(resource)) => self.with_rule(external, resource, &address),
            Some(call @ Located::ModuleCall { .. }) => {
                self.in_module_call(external, m.root_dir, &address, call)
            }
            None => {
                let reason = format!(
                    "{} is in state {} (root module {}), but no block of that root module declares it",
                    address,
                    m.state.path.display(),
                    m.root_dir
                );
                Mapped {
                    outcome: Outcome::Unresolved(reason),
                    finding: None,
                    external,
                }
            }
        }
    }

    /// A finding of a code scanner: the block that covers its lines (or that its address names).
    fn resolve_code(&self, external: ExternalFinding, path: &str, first: u32, last: u32) -> Mapped {
        let path = path.trim_start_matches("./").trim_start_matches('/');
        let file = self.paths.iter().find(|p| **p == path).or_else(|| {
            self.paths
                .iter()
                .find(|p| p.ends_with(&format!("/{path}")) || path.ends_with(&format!("/{p}")))
        });
        let eval = &self.scan.evaluation;
        let candidates: Vec<&Resource> = eval
            .resources
            .iter()
            .filter(|r| file.is_some_and(|f| r.block.location.path == *f))
            .filter(|r| r.block.location.start.line <= last && first <= r.block.location.end.line)
            .collect();
        let named = external
            .resource_address
            .as_deref()
            .and_then(|a| a.parse::<ResourceAddress>().ok());
        let resource = candidates
            .iter()
            .find(|r| {
                named
                    .as_ref()
                    .is_some_and(|n| r.address.block_address() == n.block_address())
            })
            .or_else(|| candidates.first())
            .copied();
        if let Some(r) = resource {
            let address = r.address.clone();
            self.with_rule(external, r, &address)
        } else {
            let reason =
                format!("no resource block covers {path}:{first}-{last} in the scanned repository");
            Mapped {
                outcome: Outcome::Unresolved(reason),
                finding: None,
                external,
            }
        }
    }

    fn with_rule(
        &self,
        external: ExternalFinding,
        resource: &Resource,
        address: &ResourceAddress,
    ) -> Mapped {
        let eval = &self.scan.evaluation;
        let root = eval.module_of(resource).root_module.as_str();
        let rules = self
            .rules
            .rules_for(&external.rule, Some(resource.resource_type()));
        let block = address.block_address().to_string();
        for rule in &rules {
            if let Some(&i) = self
                .findings
                .get(&(root, rule.meta().id.as_str(), block.clone()))
            {
                // The chain of this instance's module calls, not the first instance's.
                return mapped_to(
                    &self.scan.findings[i],
                    address.clone(),
                    Some(&eval.module_of(resource).call_chain),
                    external,
                );
            }
        }
        // The fault may be written in a split-out companion of the resource (a bucket's
        // public access block): that companion's finding of the same rule.
        for rule in &rules {
            if let Some((companion, at)) = self.companion_finding(rule.meta().id.as_str(), resource)
            {
                return mapped_to(companion, at, None, external);
            }
        }
        // No driftless finding on this block: a rule covers the requirement but the code does
        // not show the problem (unknown before apply, or already changed), or no rule covers it.
        let advice = advice(&external);
        let recommendation = match rules.first() {
            Some(rule) => format!(
                "driftless rule {} checks this requirement but finds nothing wrong in the code: the value is known only after apply, or the code already changed since the scanner ran. Check the deployed value against the code, then re-run the scan. {advice}",
                rule.meta().id
            ),
            None => format!(
                "No driftless rule covers {} {}, so no edit is proposed. {advice}",
                external.tool, external.rule
            ),
        };
        let unfixed = Unfixed {
            header: resource.block.header.clone(),
            block: resource.block.location.clone(),
            call_chain: eval.module_of(resource).call_chain.clone(),
            recommendation,
        };
        self.without_fix(external, &rules, root, address, unfixed)
    }
}

impl Resolver<'_> {
    /// A finding of rule `rule` on a split-out companion that configures `resource`, with the
    /// companion instance it is about: the one with `resource`'s
    /// instance key when the companion repeats with it (`for_each = aws_s3_bucket.b`), else
    /// the finding's own; the first such finding in the scan's order.
    fn companion_finding(
        &self,
        rule: &str,
        resource: &Resource,
    ) -> Option<(&Finding, ResourceAddress)> {
        let eval = &self.scan.evaluation;
        let root = eval.module_of(resource).root_module.as_str();
        let mut fallback = None;
        for f in self.scan.findings.iter().filter(|f| {
            f.rule_id.as_str() == rule
                && f.root_module == root
                && f.address.resource_type != resource.address.resource_type
        }) {
            let configures = |at: &ResourceAddress| {
                eval.of_type(&at.resource_type).any(|other| {
                    other.address == *at
                        && eval.module_of(other).root_module == root
                        && driftless_rules::rules::aws::companions::configures(
                            eval, resource, other,
                        )
                })
            };
            if let Some(at) = f
                .instances
                .iter()
                .find(|a| a.key.is_some() && a.key == resource.address.key && configures(a))
            {
                return Some((f, at.clone()));
            }
            let keyed =
                resource.address.key.is_some() && f.instances.iter().any(|a| a.key.is_some());
            if fallback.is_none() && !keyed && configures(&f.address) {
                fallback = Some((f, f.address.clone()));
            }
        }
        fallback
    }

    /// A resource inside a module whose code the repository does not hold: the finding points
    /// at the `module` block, and the advice is to change the call's arguments.
    fn in_module_call(
        &self,
        external: ExternalFinding,
        root: &str,
        address: &ResourceAddress,
        call: Located<'_>,
    ) -> Mapped {
        let Located::ModuleCall {
            name,
            source,
            location,
            header,
            call_chain,
        } = call
        else {
            unreachable!("called with a module call")
        };
        let rules = self
            .rules
            .rules_for(&external.rule, Some(&address.resource_type));
        let recommendation = format!(
            "{address} is declared inside module \"{name}\" ({source}), whose code is not in this repository (a registry or git module that is not downloaded, or a missing folder), so driftless edits nothing there: change it through the arguments of the module block at {}:{}, or upgrade the module. {}",
            location.path,
            location.start.line,
            advice(&external)
        );
        let unfixed = Unfixed {
            header,
            block: location,
            call_chain,
            recommendation,
        };
        self.without_fix(external, &rules, root, address, unfixed)
    }

    /// `external` mapped to `address` (in root module `root`) with no edit: a finding of the
    /// first of `rules` (or, with none, of an `external-...` rule id) at `unfixed`'s place,
    /// with its recommendation. The scanner's severity wins; else the rule's, else medium.
    fn without_fix(
        &self,
        external: ExternalFinding,
        rules: &[&'static dyn Rule],
        root: &str,
        address: &ResourceAddress,
        unfixed: Unfixed,
    ) -> Mapped {
        let rule_id = rules.first().map_or_else(
            || external_rule_id(&external.tool, &external.rule),
            |r| r.meta().id.clone(),
        );
        let severity = external
            .severity
            .or_else(|| rules.first().map(|r| r.meta().severity))
            .unwrap_or(Severity::Medium);
        let finding = Finding {
            fingerprint: Fingerprint::new(self.repo, root, &rule_id, address),
            rule_id,
            severity,
            message: if external.title.is_empty() {
                external.rule.clone()
            } else {
                external.title.clone()
            },
            address: address.clone(),
            root_module: root.to_owned(),
            location: unfixed.header,
            block: unfixed.block,
            issue_kind: IssueKind::IncorrectValue,
            call_chain: unfixed.call_chain,
            value_origin: None,
            fix: None,
            recommendation: Some(unfixed.recommendation),
            fix_refused: None,
            fix_verification: None,
            suppressed: None,
            instances: vec![address.clone()],
            external: Some(external_ref(&external)),
        };
        Mapped {
            external,
            outcome: Outcome::MappedWithoutFix,
            finding: Some(finding),
        }
    }
}

/// `external` mapped to driftless's finding `source` at instance `at` (with `call_chain` when
/// given): `source` cloned without its instance list (a 50,000-instance block would otherwise
/// be copied once per external finding), with or without a fix as `source` has one.
fn mapped_to(
    source: &Finding,
    at: ResourceAddress,
    call_chain: Option<&[CallSite]>,
    external: ExternalFinding,
) -> Mapped {
    let mut finding = source.clone_without_instances();
    finding.instances.push(at.clone());
    finding.address = at;
    if let Some(chain) = call_chain {
        finding.call_chain = chain.to_vec();
    }
    finding.external = Some(external_ref(&external));
    let outcome = if finding.fix.is_some() {
        Outcome::MappedWithFix
    } else {
        Outcome::MappedWithoutFix
    };
    Mapped {
        external,
        outcome,
        finding: Some(finding),
    }
}

/// Where a finding that gets no edit points, and what it recommends instead.
struct Unfixed {
    /// The block's header line.
    header: SourceLocation,
    /// The whole block.
    block: SourceLocation,
    /// The module calls above it, outermost first.
    call_chain: Vec<CallSite>,
    /// What to do instead of an edit.
    recommendation: String,
}

fn external_ref(external: &ExternalFinding) -> ExternalRef {
    ExternalRef {
        tool: external.tool.clone(),
        finding_id: external.id.clone(),
        rule: external.rule.clone(),
        resource_id: external
            .resources
            .first()
            .map(|r| r.id.clone())
            .unwrap_or_default(),
    }
}

/// The scanner's own advice, quoted.
fn advice(external: &ExternalFinding) -> String {
    match (&external.remediation, &external.remediation_url) {
        (Some(t), Some(u)) => format!("{}: {t} ({u})", external.tool),
        (Some(t), None) => format!("{}: {t}", external.tool),
        (None, Some(u)) => format!("{}: see {u}", external.tool),
        (None, None) => format!("{} gives no remediation advice.", external.tool),
    }
}

/// An error's message followed by its causes: "cannot read x.json: No such file or directory".
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// A rule id for a finding no driftless rule covers: `external-<tool>-<rule>` in kebab-case
/// (`external-security-hub-cis-3-1`).
fn external_rule_id(tool: &str, rule: &str) -> RuleId {
    let slug: String = format!("external {tool} {rule}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    RuleId::parse(&slug).unwrap_or_else(|_| RuleId::from_static("external-finding-unknown"))
}
