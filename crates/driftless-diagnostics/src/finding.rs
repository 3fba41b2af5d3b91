//! What a rule reports: one finding about one resource instance.

use crate::{Fix, ResourceAddress, RuleId, SourceLocation, Verification};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::{self, Write as _};
use std::str::FromStr;

/// How bad a finding is (`critical`, `high`, `medium`, `low`, `info`), ordered
/// `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; no risk on its own.
    Info,
    /// Defence in depth.
    Low,
    /// A weakness that needs another flaw to be exploited.
    Medium,
    /// Exposes data or credentials on its own.
    High,
    /// Public exposure of data or full account compromise.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Self; 5] = [
        Self::Info,
        Self::Low,
        Self::Medium,
        Self::High,
        Self::Critical,
    ];

    /// The lowercase name used everywhere.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// The SARIF `level`: critical/high -> error, medium -> warning, low/info -> note.
    #[must_use]
    pub fn sarif_level(self) -> &'static str {
        match self {
            Self::Critical | Self::High => "error",
            Self::Medium => "warning",
            Self::Low | Self::Info => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown severity `{s}`: expected critical, high, medium, low or info")
            })
    }
}

/// What kind of misconfiguration a finding is, which decides where it points and what kind of
/// edit fixes it (after KICS's `issueType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// An attribute has the wrong value; the finding points at the value, the fix replaces it.
    IncorrectValue,
    /// An attribute or block is absent and its default is wrong; the finding points at the
    /// deepest enclosing block that exists, the fix inserts.
    MissingAttribute,
    /// An attribute should not be there; the fix deletes it.
    RedundantAttribute,
}

/// Other tools' ids for the same requirement, used by `map` and shown in every output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CrossRefs {
    /// Checkov check ids, `CKV_AWS_79`.
    pub checkov: &'static [&'static str],
    /// Trivy and tfsec ids, every form `trivy:ignore:` and `tfsec:ignore:` accept: the AVD id
    /// (`AVD-AWS-0028`), Trivy's id (`AWS-0028`) and long id (`aws-ec2-enforce-http-token-imds`),
    /// and tfsec's long id, aliases and legacy id where they differ (`aws-s3-enable-bucket-logging`,
    /// `AWS002`).
    pub trivy: &'static [&'static str],
    /// KICS query ids (UUIDs).
    pub kics: &'static [&'static str],
    /// Prowler check ids, `ec2_instance_imdsv2_enabled`.
    pub prowler: &'static [&'static str],
    /// AWS Security Hub control ids, `EC2.8`.
    pub security_hub: &'static [&'static str],
    /// Terrascan policy ids, each policy's `id` (`AC_AWS_0207`) and its older `reference_id`
    /// (`AWS.S3Bucket.EncryptionandKeyManagement.High.0405`), both of which `#ts:skip=` accepts.
    pub terrascan: &'static [&'static str],
}

impl CrossRefs {
    /// Every id as `(tool, id)` pairs, tools in a fixed order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        [
            ("checkov", self.checkov),
            ("trivy", self.trivy),
            ("kics", self.kics),
            ("prowler", self.prowler),
            ("securityhub", self.security_hub),
            ("terrascan", self.terrascan),
        ]
        .into_iter()
        .flat_map(|(tool, ids)| ids.iter().map(move |id| (tool, *id)))
    }
}

/// One `module` block on the way from the root module to the resource.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CallSite {
    /// The module call's name, `web` for `module "web"`, with the instance key if any.
    pub name: String,
    /// The call's `source` argument, `./modules/web`.
    pub source: String,
    /// The `module` block in the calling module.
    pub location: SourceLocation,
}

/// `module.<name> (<path>:<line>)`, the way reports and the campaign store write one step of a
/// call chain: `module.web (main.tf:12)`.
impl fmt::Display for CallSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "module.{} ({}:{})",
            self.name, self.location.path, self.location.start.line
        )
    }
}

/// Where a value that a rule read was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginKind {
    /// A literal in the resource block itself.
    Literal,
    /// The `default` of a `variable` block.
    VariableDefault,
    /// An entry of a `.tfvars` file (`terraform.tfvars`, `*.auto.tfvars` or `--var-file`).
    Tfvars,
    /// A `locals` entry.
    Local,
    /// An argument of the `module` block that calls the resource's module.
    ModuleArgument,
}

impl OriginKind {
    /// A short phrase for notes: "the variable default".
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Literal => "the resource block",
            Self::VariableDefault => "a variable default",
            Self::Tfvars => "a tfvars entry",
            Self::Local => "a local value",
            Self::ModuleArgument => "the calling module's argument",
        }
    }
}

/// Where the value at fault is set, when that is not the resource block itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValueOrigin {
    /// What kind of site.
    pub kind: OriginKind,
    /// The expression that sets the value.
    pub location: SourceLocation,
}

/// Which syntax suppressed a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionSource {
    /// `# driftless:ignore <rule-id>`.
    Driftless,
    /// `# checkov:skip=CKV_AWS_79:reason`.
    Checkov,
    /// `# tfsec:ignore:...`.
    Tfsec,
    /// `# trivy:ignore:...`.
    Trivy,
    /// `# kics-scan ignore-line` / `ignore-block`.
    Kics,
    /// `#ts:skip=AC_AWS_0207 reason`, Terrascan's in-file instrumentation, inside the resource
    /// block (<https://runterrascan.io/docs/usage/in-file_instrumentation/>).
    Terrascan,
}

/// An inline suppression that silenced a finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Suppressed {
    /// The syntax that matched.
    pub source: SuppressionSource,
    /// The reason written in the comment, if any.
    pub reason: Option<String>,
    /// Expiry date `YYYY-MM-DD`, if any.
    pub expires: Option<String>,
    /// The comment itself.
    pub location: SourceLocation,
}

/// The identity of a violation: repository + root-module path + rule + block address
/// (`docs/architecture.md`, "Words": violation); never a line number, so it survives edits
/// above it.
///
/// Shown as 32 lowercase hex digits (the first 128 bits of a SHA-256).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of `rule` on `address` (instance key dropped) in root module `root`
    /// (repository-relative directory, `.` for the repository root) of repository `repo`
    /// (empty for a plain local scan; campaigns pass their repository's name).
    #[must_use]
    pub fn new(repo: &str, root: &str, rule: &RuleId, address: &ResourceAddress) -> Self {
        let mut h = Sha256::new();
        for part in [
            repo,
            root,
            rule.as_str(),
            &address.block_address().to_string(),
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let digest = h.finalize();
        let mut hex = String::with_capacity(32);
        for b in &digest[..16] {
            // Writing to a `String` cannot fail.
            let _ = write!(hex, "{b:02x}");
        }
        Self(hex)
    }

    /// The hex text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The finding of another scanner that a driftless finding was mapped from (`driftless map`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExternalRef {
    /// The scanner: `Security Hub`, `Prowler`, `Checkov`.
    pub tool: String,
    /// The finding's own id in that scanner (an ASFF `Id`, an OCSF `finding_info.uid`).
    pub finding_id: String,
    /// The scanner's rule or control id: `EC2.8`, `ec2_instance_imdsv2_enabled`.
    pub rule: String,
    /// The cloud resource it is about: an ARN or an id (empty for code scanners).
    pub resource_id: String,
}

/// One result of one rule about one resource block, with everything needed to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that fired.
    pub rule_id: RuleId,
    /// The rule's severity, after configuration overrides.
    pub severity: Severity,
    /// What is wrong with this resource: "Instance accepts IMDSv1 requests".
    pub message: String,
    /// The first instance that fired; all of them are in `instances`.
    pub address: ResourceAddress,
    /// The root module the resource was evaluated from, repository-relative (`.` for the root).
    pub root_module: String,
    /// The primary location: the value at fault, or the deepest enclosing block that exists.
    pub location: SourceLocation,
    /// The whole block that declares the resource.
    pub block: SourceLocation,
    /// What kind of misconfiguration.
    pub issue_kind: IssueKind,
    /// Module calls from the root module to the resource's module, outermost first.
    pub call_chain: Vec<CallSite>,
    /// Where the value at fault is set, when not in the block itself.
    pub value_origin: Option<ValueOrigin>,
    /// The fix, when edits can be generated.
    pub fix: Option<Fix>,
    /// What to do, when no edit can be generated.
    pub recommendation: Option<String>,
    /// Why the fix was refused (by the re-scan gate, or by Terraform), when it was.
    pub fix_refused: Option<String>,
    /// What Terraform's plan says the fix does, when fixes were verified (`--verify`).
    pub fix_verification: Option<Verification>,
    /// The inline suppression that silences the finding, if any.
    pub suppressed: Option<Suppressed>,
    /// The address of every instance of the block that fired (resource and module
    /// `count`/`for_each` keys differ), sorted; one entry when the block has no instances.
    pub instances: Vec<ResourceAddress>,
    /// The violation identity.
    pub fingerprint: Fingerprint,
    /// The other scanner's finding this one was mapped from, for `driftless map`.
    pub external: Option<ExternalRef>,
}

impl Finding {
    /// A copy with an empty `instances` list: cheap for a block with thousands of instances.
    #[must_use]
    pub fn clone_without_instances(&self) -> Self {
        Self {
            rule_id: self.rule_id.clone(),
            severity: self.severity,
            message: self.message.clone(),
            address: self.address.clone(),
            root_module: self.root_module.clone(),
            location: self.location.clone(),
            block: self.block.clone(),
            issue_kind: self.issue_kind,
            call_chain: self.call_chain.clone(),
            value_origin: self.value_origin.clone(),
            fix: self.fix.clone(),
            recommendation: self.recommendation.clone(),
            fix_refused: self.fix_refused.clone(),
            fix_verification: self.fix_verification.clone(),
            suppressed: self.suppressed.clone(),
            instances: Vec::new(),
            fingerprint: self.fingerprint.clone(),
            external: self.external.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_instance_keys() {
        let rule = RuleId::from_static("aws-ec2-imdsv2-required");
        let a: ResourceAddress = r#"module.w["a"].aws_instance.x[0]"#.parse().unwrap();
        let b: ResourceAddress = r#"module.w["b"].aws_instance.x[1]"#.parse().unwrap();
        assert_eq!(
            Fingerprint::new("", ".", &rule, &a),
            Fingerprint::new("", ".", &rule, &b)
        );
        assert_ne!(
            Fingerprint::new("", "env/prod", &rule, &a),
            Fingerprint::new("", ".", &rule, &a)
        );
        assert_eq!(Fingerprint::new("", ".", &rule, &a).as_str().len(), 32);
    }
}
