//! Suppressions written for other scanners, in the forms their users' public reports and
//! repositories show: tfsec's long ids (`#tfsec:ignore:aws-s3-enable-bucket-logging`, the id
//! tfsec v1 gave the check Trivy now calls `aws-s3-enable-logging`), several ignores on one
//! line (tfsec's own documentation), a description after the id, Terrascan's `#ts:skip=`
//! (tenable/terrascan#856 and #868), and a Checkov id a rule used to miss (`CKV_AWS_27` on an
//! SQS queue). The syntax that suppressed a finding is compared by its name (`Debug`), so that
//! the tests build against any version of the enum.

use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};
use std::collections::BTreeMap;

/// What the scan says of one finding: the syntax that suppressed it (`None` when it stands),
/// the suppression's reason and expiry.
#[derive(Debug, PartialEq, Eq)]
struct Verdict {
    source: Option<String>,
    reason: Option<String>,
    expires: Option<String>,
}

/// Scans `main.tf` = `tf` with the rules `rules` and returns each finding's verdict by
/// `rule-id resource-address`.
fn verdicts(rules: &[&str], tf: &str) -> BTreeMap<String, Verdict> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), tf).unwrap();
    let selection = Selection {
        select: rules.iter().map(|r| (*r).to_owned()).collect(),
        ..Selection::default()
    };
    let scan = scan_path(dir.path(), &LoadOptions::default(), &selection, "");
    assert!(
        scan.errors.iter().all(|e| !e.is_error()),
        "{:?}",
        scan.errors
    );
    scan.findings
        .iter()
        .map(|f| {
            (
                format!("{} {}", f.rule_id, f.address),
                Verdict {
                    source: f.suppressed.as_ref().map(|s| format!("{:?}", s.source)),
                    reason: f.suppressed.as_ref().and_then(|s| s.reason.clone()),
                    expires: f.suppressed.as_ref().and_then(|s| s.expires.clone()),
                },
            )
        })
        .collect()
}

fn source<'a>(v: &'a BTreeMap<String, Verdict>, key: &str) -> Option<&'a str> {
    v.get(key)
        .unwrap_or_else(|| panic!("no finding {key} in {v:?}"))
        .source
        .as_deref()
}

const LOGGING: &str = "aws-s3-access-logging-enabled";
const ENCRYPTION: &str = "aws-s3-encryption-required";

#[test]
fn tfsec_long_ids_trivy_ids_and_legacy_ids_name_the_s3_logging_rule() {
    // The forms public repositories use for AVD-AWS-0089: tfsec's long id, Trivy's AVD id
    // (any case, as Trivy's users write `avd-aws-0091`), Trivy's own id after tfsec's on one
    // line, and tfsec's legacy id.
    let tf = r#"#tfsec:ignore:aws-s3-enable-bucket-logging
resource "aws_s3_bucket" "tfsec_long_id" {
  bucket = "a"
}

# trivy:ignore:AVD-AWS-0089
resource "aws_s3_bucket" "trivy_avd" {
  bucket = "b"
}

#trivy:ignore:avd-aws-0089
resource "aws_s3_bucket" "trivy_avd_lower_case" {
  bucket = "c"
}

#tfsec:ignore:AWS002
resource "aws_s3_bucket" "tfsec_legacy_id" {
  bucket = "d"
}

#trivy:ignore:aws-s3-enable-logging
resource "aws_s3_bucket" "trivy_long_id" {
  bucket = "e"
}

resource "aws_s3_bucket" "open" {
  bucket = "f"
}
"#;
    let v = verdicts(&[LOGGING], tf);
    let at = |name: &str| source(&v, &format!("{LOGGING} aws_s3_bucket.{name}"));
    assert_eq!(at("tfsec_long_id"), Some("Tfsec"));
    assert_eq!(at("trivy_avd"), Some("Trivy"));
    assert_eq!(at("trivy_avd_lower_case"), Some("Trivy"));
    assert_eq!(at("tfsec_legacy_id"), Some("Tfsec"));
    assert_eq!(at("trivy_long_id"), Some("Trivy"));
    assert_eq!(at("open"), None);
}

#[test]
fn several_ignores_on_one_line_each_count() {
    // tfsec's documentation example, the same with Trivy's ids, and the form of a public
    // repository: ignores trailing the block's first line, each with its own `#`.
    let tf = r#"#tfsec:ignore:aws-s3-enable-bucket-encryption tfsec:ignore:aws-s3-enable-bucket-logging
resource "aws_s3_bucket" "documented" {
  bucket = "foobar"
}

#trivy:ignore:AVD-AWS-0088 trivy:ignore:AVD-AWS-0089
resource "aws_s3_bucket" "trivy" {
  bucket = "trivy"
}

resource "aws_s3_bucket" "trailing" { #tfsec:ignore:aws-s3-encryption-customer-key:exp:2099-07-01  #tfsec:ignore:aws-s3-enable-bucket-encryption #tfsec:ignore:aws-s3-enable-bucket-logging:exp:2099-06-15
  bucket = "carves"
}

#tfsec:ignore:aws-s3-enable-bucket-encryption tfsec:ignore:aws-s3-enable-bucket-logging:exp:2020-01-01
resource "aws_s3_bucket" "one_expired" {
  bucket = "old"
}
"#;
    let v = verdicts(&[LOGGING, ENCRYPTION], tf);
    for name in ["documented", "trivy", "trailing"] {
        for rule in [LOGGING, ENCRYPTION] {
            assert!(
                source(&v, &format!("{rule} aws_s3_bucket.{name}")).is_some(),
                "{rule} on {name}: {v:?}"
            );
        }
    }
    assert_eq!(
        v[&format!("{LOGGING} aws_s3_bucket.trailing")]
            .expires
            .as_deref(),
        Some("2099-06-15"),
        "each ignore keeps its own expiry"
    );
    assert_eq!(
        source(&v, &format!("{ENCRYPTION} aws_s3_bucket.one_expired")),
        Some("Tfsec")
    );
    assert_eq!(
        source(&v, &format!("{LOGGING} aws_s3_bucket.one_expired")),
        None,
        "the logging ignore expired"
    );
}

#[test]
fn a_description_after_the_id_is_the_reason() {
    let tf = r#"# tfsec:ignore:aws-ec2-enforce-http-token-imds - legacy agent needs IMDSv1
resource "aws_instance" "dashed" {
  ami = "ami-0abc"
}

#tfsec:ignore:aws-ec2-enforce-http-token-imds:exp:2099-01-31 vendor appliance
resource "aws_instance" "expiring" {
  ami = "ami-0abc"
}

#trivy:ignore:AVD-AWS-0028: vendor appliance
resource "aws_instance" "colon" {
  ami = "ami-0abc"
}
"#;
    let rule = "aws-ec2-imdsv2-required";
    let v = verdicts(&[rule], tf);
    let at = |name: &str| &v[&format!("{rule} aws_instance.{name}")];
    assert_eq!(
        at("dashed"),
        &Verdict {
            source: Some("Tfsec".into()),
            reason: Some("legacy agent needs IMDSv1".into()),
            expires: None
        }
    );
    assert_eq!(
        at("expiring"),
        &Verdict {
            source: Some("Tfsec".into()),
            reason: Some("vendor appliance".into()),
            expires: Some("2099-01-31".into())
        }
    );
    assert_eq!(at("colon").reason.as_deref(), Some("vendor appliance"));
}

#[test]
fn terrascan_skips_inside_the_resource_block() {
    // tenable/terrascan#856 and #868: `#ts:skip=` lines inside the resource block, several on
    // consecutive lines, with quoted and unquoted reasons, by policy id and by reference id.
    let tf = r#"resource "aws_s3_bucket" "skipped" {
  #ts:skip=AC_AWS_0497 access logs go to the central bucket
  #ts:skip=AWS.S3Bucket.IAM.High.0370 "versioning is not needed for a cache"
  bucket = "cache"
}

#ts:skip=AC_AWS_0497 above the block, where Terrascan does not look
resource "aws_s3_bucket" "above" {
  bucket = "above"
}

resource "aws_s3_bucket" "spaced" {
  # ts:skip=AC_AWS_0497 Terrascan reads `#ts:skip=` with nothing between
  bucket = "spaced"
}

resource "aws_s3_bucket" "quoted_id" {
  #ts:skip="AC_AWS_0497"
  bucket = "quoted"
}
"#;
    let versioning = "aws-s3-versioning-required";
    let v = verdicts(&[LOGGING, versioning], tf);
    assert_eq!(
        v[&format!("{LOGGING} aws_s3_bucket.skipped")],
        Verdict {
            source: Some("Terrascan".into()),
            reason: Some("access logs go to the central bucket".into()),
            expires: None
        }
    );
    assert_eq!(
        v[&format!("{versioning} aws_s3_bucket.skipped")],
        Verdict {
            source: Some("Terrascan".into()),
            reason: Some("versioning is not needed for a cache".into()),
            expires: None
        }
    );
    for name in ["above", "spaced", "quoted_id"] {
        assert_eq!(
            source(&v, &format!("{LOGGING} aws_s3_bucket.{name}")),
            None,
            "{name}: Terrascan's own parser does not honour this form"
        );
    }
}

#[test]
fn checkov_27_skips_the_sqs_encryption_rule() {
    let tf = r#"resource "aws_sqs_queue" "legacy" {
  # checkov:skip=CKV_AWS_27:consumers cannot read SSE queues yet
  name                    = "legacy"
  sqs_managed_sse_enabled = false
}
"#;
    let rule = "aws-sqs-encryption-required";
    let v = verdicts(&[rule], tf);
    assert_eq!(
        v[&format!("{rule} aws_sqs_queue.legacy")],
        Verdict {
            source: Some("Checkov".into()),
            reason: Some("consumers cannot read SSE queues yet".into()),
            expires: None
        }
    );
}

#[test]
fn checkov_skips_with_several_ids_or_another_prefix() {
    // Checkov's `COMMENT_REGEX` accepts several ids separated by commas, `bridgecrew:skip=`,
    // and a skip after other words of the comment; a reason needs its colon.
    let tf = r#"resource "aws_s3_bucket" "website" {
  # checkov:skip=CKV_AWS_20,CKV_AWS_57:public website
  bucket = "acme-website"
  acl    = "public-read"
}

resource "aws_s3_bucket" "bridgecrew" {
  # bridgecrew:skip=CKV_AWS_20:mirror of public data
  bucket = "acme-mirror"
  acl    = "public-read"
}

resource "aws_s3_bucket" "worded" {
  # public by design, checkov:skip=CKV_AWS_20
  bucket = "acme-worded"
  acl    = "public-read"
}

resource "aws_s3_bucket" "spaced" {
  # checkov:skip=CKV_AWS_20 public
  bucket = "acme-spaced"
  acl    = "public-read"
}
"#;
    let rule = "aws-s3-no-public-acl";
    let v = verdicts(&[rule], tf);
    let at = |name: &str| &v[&format!("{rule} aws_s3_bucket.{name}")];
    assert_eq!(
        at("website"),
        &Verdict {
            source: Some("Checkov".into()),
            reason: Some("public website".into()),
            expires: None
        }
    );
    assert_eq!(at("bridgecrew").source.as_deref(), Some("Checkov"));
    assert_eq!(at("worded").source.as_deref(), Some("Checkov"));
    assert_eq!(
        (
            at("spaced").source.as_deref(),
            at("spaced").reason.as_deref()
        ),
        (Some("Checkov"), None),
        "the id ends at the space; without a colon there is no reason"
    );
}
