//! A small hand-built scan of four files, shared by the format tests.

use driftless_diagnostics::{
    CallSite, CrossRefs, Edit, Finding, Fingerprint, Fix, InputError, InputErrorKind, IssueKind,
    LineColumn, LineIndex, OriginKind, PlanAction, PlannedChange, ReplaceOrder, ResourceAddress,
    RuleId, RuleSummary, Severity, SourceLocation, Suppressed, SuppressionSource, TextRange,
    ValueOrigin, Verification,
};
use driftless_formats::Report;
use std::collections::BTreeMap;

pub(crate) const MAIN_TF: &str = "module \"web\" {\n  source = \"./modules/web\"\n}\n";

pub(crate) const WEB_TF: &str = "\
resource \"aws_instance\" \"this\" {
  count = 2
  ami   = var.ami

  metadata_options {
    http_tokens                 = var.http_tokens
    http_put_response_hop_limit = 64
  }
}
";

pub(crate) const TFVARS: &str = "http_tokens = \"optional\"\n";

pub(crate) const S3_TF: &str = "\
# checkov:skip=CKV_AWS_20:public website logs
resource \"aws_s3_bucket\" \"logs\" {
  bucket = \"équipe-logs\"
  acl    = \"public-read\"
}
";

/// A registry module (never edited): its finding gets a recommendation, not a fix.
pub(crate) const CDN_TF: &str = "\
resource \"aws_s3_bucket\" \"this\" {
  settings = { équipe = \"web\", logging = var.logging }
}
";

pub(crate) const WEB: &str = "modules/web/main.tf";
pub(crate) const S3: &str = "s3.tf";
pub(crate) const CDN: &str = ".terraform/modules/cdn/main.tf";

pub(crate) fn text_of(path: &str) -> &'static str {
    match path {
        "main.tf" => MAIN_TF,
        WEB => WEB_TF,
        "terraform.tfvars" => TFVARS,
        S3 => S3_TF,
        CDN => CDN_TF,
        other => panic!("no sample file {other}"),
    }
}

/// The current texts of every sample file, for edit positions.
pub(crate) fn sources() -> BTreeMap<String, String> {
    ["main.tf", WEB, "terraform.tfvars", S3, CDN]
        .into_iter()
        .map(|p| (p.to_owned(), text_of(p).to_owned()))
        .collect()
}

/// The byte range of the `nth` (0-based) occurrence of `needle` in `path`'s text.
pub(crate) fn range(path: &str, needle: &str, nth: usize) -> TextRange {
    let text = text_of(path);
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} in {path}"))
        .0;
    TextRange::from_usize(start..start + needle.len())
}

pub(crate) fn loc(path: &str, needle: &str) -> SourceLocation {
    let text = text_of(path);
    SourceLocation::new(path, text, &LineIndex::new(text), range(path, needle, 0))
}

/// The location of the block that starts with `header` and ends at the first `\n}\n` after it.
pub(crate) fn block(path: &str, header: &str) -> SourceLocation {
    let text = text_of(path);
    let start = text.find(header).expect("header");
    let end = start + text[start..].find("\n}\n").expect("block end") + 2;
    SourceLocation::new(
        path,
        text,
        &LineIndex::new(text),
        TextRange::from_usize(start..end),
    )
}

pub(crate) const IMDS: RuleId = RuleId::from_static("aws-ec2-imdsv2-required");
pub(crate) const ACL: RuleId = RuleId::from_static("aws-s3-bucket-no-public-acl");
/// Not among the report's rules: SARIF must still describe it.
pub(crate) const LOGGING: RuleId = RuleId::from_static("aws-s3-bucket-logging-enabled");

/// `IMDSv1` on a module's instances, the value set in `terraform.tfvars`; a `review` fix with three
/// edits in two files.
pub(crate) fn imds() -> Finding {
    let address: ResourceAddress = "module.web.aws_instance.this[0]".parse().unwrap();
    let fix = Fix::review(
        Edit::replacement(
            "terraform.tfvars",
            range("terraform.tfvars", "\"optional\"", 0),
            "\"required\"",
        ),
        [
            Edit::replacement(WEB, range(WEB, "64", 0), "1"),
            Edit::insertion(
                WEB,
                range(WEB, "= 64\n", 0).end,
                "    http_endpoint               = \"enabled\"\n",
            ),
        ],
    )
    .with_title("Require IMDSv2 session tokens")
    .with_note("IMDSv1 clients stop receiving credentials. The value is set in terraform.tfvars.");
    Finding {
        rule_id: IMDS,
        severity: Severity::High,
        message: "Instance accepts IMDSv1 requests".into(),
        fingerprint: Fingerprint::new("", ".", &IMDS, &address),
        external: None,
        address,
        root_module: ".".into(),
        location: loc(WEB, "var.http_tokens"),
        block: block(WEB, "resource \"aws_instance\""),
        issue_kind: IssueKind::IncorrectValue,
        call_chain: vec![CallSite {
            name: "web".into(),
            source: "./modules/web".into(),
            location: block("main.tf", "module \"web\""),
        }],
        value_origin: Some(ValueOrigin {
            kind: OriginKind::Tfvars,
            location: loc("terraform.tfvars", "\"optional\""),
        }),
        fix: Some(fix),
        recommendation: None,
        fix_refused: None,
        fix_verification: Some(imds_verified()),
        suppressed: None,
        instances: vec![
            "module.web.aws_instance.this[0]".parse().unwrap(),
            "module.web.aws_instance.this[1]".parse().unwrap(),
        ],
    }
}

/// Terraform's plan of the IMDS fix: both instances updated in place.
pub(crate) fn imds_verified() -> Verification {
    let change = |address: &str| PlannedChange {
        root_module: ".".into(),
        address: address.parse().unwrap(),
        action: PlanAction::Update,
        replace_paths: vec![],
        changed_paths: vec!["metadata_options[0].http_tokens".into()],
    };
    Verification::Planned {
        tool: "terraform 1.11.4".into(),
        root_modules: vec![".".into()],
        state_files: Vec::new(),
        changes: vec![
            change("module.web.aws_instance.this[0]"),
            change("module.web.aws_instance.this[1]"),
        ],
    }
}

/// A plan that replaces an EBS volume because `encrypted` changed.
pub(crate) fn ebs_replaced() -> Verification {
    Verification::Planned {
        tool: "terraform 1.11.4".into(),
        root_modules: vec![".".into()],
        state_files: Vec::new(),
        changes: vec![PlannedChange {
            root_module: ".".into(),
            address: "aws_ebs_volume.scratch".parse().unwrap(),
            action: PlanAction::Replace(ReplaceOrder::DeleteThenCreate),
            replace_paths: vec!["encrypted".into()],
            changed_paths: vec!["encrypted".into()],
        }],
    }
}

/// Verification asked for but not possible.
pub(crate) fn not_verified() -> Verification {
    Verification::Skipped {
        reason: "Terraform was not found on PATH (--terraform or DRIFTLESS_TERRAFORM names it)."
            .into(),
    }
}

/// A public ACL silenced by a Checkov comment; a `safe` fix deletes the line.
pub(crate) fn acl() -> Finding {
    let address = ResourceAddress::managed("aws_s3_bucket", "logs");
    let line = range(S3, "  acl    = \"public-read\"\n", 0);
    Finding {
        rule_id: ACL,
        severity: Severity::Critical,
        message: "Bucket grants public read through its ACL".into(),
        fingerprint: Fingerprint::new("", ".", &ACL, &address),
        external: None,
        instances: vec![address.clone()],
        address,
        root_module: ".".into(),
        location: loc(S3, "\"public-read\""),
        block: block(S3, "resource \"aws_s3_bucket\""),
        issue_kind: IssueKind::IncorrectValue,
        call_chain: vec![],
        value_origin: None,
        fix: Some(Fix::safe(Edit::deletion(S3, line), []).with_title("Remove the public ACL")),
        recommendation: None,
        fix_refused: None,
        fix_verification: None,
        suppressed: Some(Suppressed {
            source: SuppressionSource::Checkov,
            reason: Some("public website logs".into()),
            expires: Some("2027-01-31".into()),
            location: loc(S3, "# checkov:skip=CKV_AWS_20:public website logs"),
        }),
    }
}

/// Logging off inside a registry module: a recommendation only.
pub(crate) fn logging() -> Finding {
    let address: ResourceAddress = "module.cdn.aws_s3_bucket.this".parse().unwrap();
    Finding {
        rule_id: LOGGING,
        severity: Severity::Medium,
        message: "Bucket access is not logged".into(),
        fingerprint: Fingerprint::new("", ".", &LOGGING, &address),
        external: None,
        instances: vec![address.clone()],
        address,
        root_module: ".".into(),
        location: loc(CDN, "var.logging"),
        block: block(CDN, "resource \"aws_s3_bucket\""),
        issue_kind: IssueKind::IncorrectValue,
        call_chain: vec![],
        value_origin: None,
        fix: None,
        recommendation: Some(
            "Set `logging` on module \"cdn\"; registry modules are never edited.".into(),
        ),
        fix_refused: None,
        fix_verification: None,
        suppressed: None,
    }
}

pub(crate) fn findings() -> Vec<Finding> {
    vec![imds(), acl(), logging()]
}

/// A finding fixed in this run.
pub(crate) fn fixed() -> Vec<Finding> {
    let mut f = imds();
    f.message = "Instance accepts IMDSv1 requests (fixed)".into();
    vec![f]
}

pub(crate) fn errors() -> Vec<InputError> {
    vec![
        InputError {
            kind: InputErrorKind::Syntax,
            path: "broken.tf".into(),
            position: Some(LineColumn { line: 3, column: 5 }),
            message: "expected `}`".into(),
        },
        InputError {
            kind: InputErrorKind::Skipped,
            path: "big.tf.json".into(),
            position: None,
            message: "larger than 8 MiB".into(),
        },
    ]
}

/// Every part of the sample scan, owned, for tests that write the whole report.
pub(crate) struct Sample {
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
    pub fixed: Vec<Finding>,
    pub rules: Vec<RuleSummary>,
    pub sources: BTreeMap<String, String>,
}

impl Sample {
    pub(crate) fn new() -> Self {
        Self {
            findings: findings(),
            errors: errors(),
            fixed: fixed(),
            rules: rules(),
            sources: sources(),
        }
    }

    /// The whole report: findings, errors, fixed findings, rules and source texts.
    pub(crate) fn report(&self) -> Report<'_> {
        self.report_without_sources().with_sources(&self.sources)
    }

    /// The report of findings, errors, fixed findings and rules, without the source texts
    /// (edits have byte offsets, no line and column).
    pub(crate) fn report_without_sources(&self) -> Report<'_> {
        Report::new("0.1.0", &self.findings)
            .with_errors(&self.errors)
            .with_fixed(&self.fixed)
            .with_rules(&self.rules)
    }
}

pub(crate) fn rules() -> Vec<RuleSummary> {
    vec![
        RuleSummary {
            id: IMDS,
            title: "EC2 instances require IMDSv2".into(),
            severity: Severity::High,
            help_markdown: "## What it checks\n`aws_instance` blocks whose metadata service\naccepts IMDSv1.\n\n## Why it matters\nSSRF reads credentials.\n".into(),
            references: vec![
                "Security Hub EC2.8".into(),
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html".into(),
            ],
            cross_refs: CrossRefs {
                checkov: &["CKV_AWS_79"],
                trivy: &["AVD-AWS-0028"],
                security_hub: &["EC2.8"],
                ..CrossRefs::default()
            },
            fixable: true,
        },
        RuleSummary {
            id: ACL,
            title: "S3 buckets have no public ACL".into(),
            severity: Severity::Critical,
            help_markdown: String::new(),
            references: vec![],
            cross_refs: CrossRefs::default(),
            fixable: true,
        },
    ]
}
