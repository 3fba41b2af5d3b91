//! Inline suppressions as real repositories write them: driftless's own syntax, Checkov,
//! tfsec and Trivy (above the block, trailing the attribute line, with `:exp:`), KICS
//! `ignore-line`/`ignore-block`, expiry, and a suppression on one module call that must not
//! leak to another call of the same module.

use driftless_diagnostics::SuppressionSource;
use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};
use std::collections::BTreeMap;

/// Scans `files` with the IMDSv2 rule and returns, by resource address, the syntax that
/// suppressed its finding (`None` when the finding stands) and the finding's message.
fn verdicts(files: &[(&str, &str)]) -> BTreeMap<String, (Option<SuppressionSource>, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let dest = dir.path().join(path);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, text).unwrap();
    }
    let selection = Selection {
        select: vec!["aws-ec2-imdsv2-required".into()],
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
        .flat_map(|f| {
            f.instances.iter().map(move |a| {
                (
                    a.to_string(),
                    (f.suppressed.as_ref().map(|s| s.source), f.message.clone()),
                )
            })
        })
        .collect()
}

const OPTIONAL: &str = "  metadata_options {\n    http_tokens = \"optional\"";

#[test]
fn every_syntax_on_the_line_forms_repositories_use() {
    let tf = format!(
        r#"# driftless:ignore aws-ec2-imdsv2-required reason="vendor agent" expires=2099-12-31
resource "aws_instance" "driftless_above" {{}}

resource "aws_instance" "checkov_inside" {{
  # checkov:skip=CKV_AWS_79:vendor agent needs IMDSv1
  ami = "ami-0abc"
}}

#tfsec:ignore:aws-ec2-enforce-http-token-imds
resource "aws_instance" "tfsec_above" {{}}

resource "aws_instance" "tfsec_trailing" {{
{OPTIONAL} #tfsec:ignore:aws-ec2-enforce-http-token-imds
  }}
}}

# trivy:ignore:AVD-AWS-0028
resource "aws_instance" "trivy_above" {{}}

resource "aws_instance" "trivy_trailing" {{
{OPTIONAL} // trivy:ignore:AVD-AWS-0028:exp:2099-01-01
  }}
}}

resource "aws_instance" "kics_line" {{
  metadata_options {{
    # kics-scan ignore-line
    http_tokens = "optional"
  }}
}}

# kics-scan ignore-block
resource "aws_instance" "kics_block" {{}}

# a plain comment
resource "aws_instance" "open" {{}}

resource "aws_instance" "other_rule_skipped" {{
  # checkov:skip=CKV_AWS_8:only the root volume check is skipped
}}
"#
    );
    let v = verdicts(&[("main.tf", &tf)]);
    let source = |a: &str| v[a].0;
    assert_eq!(
        source("aws_instance.driftless_above"),
        Some(SuppressionSource::Driftless)
    );
    assert_eq!(
        source("aws_instance.checkov_inside"),
        Some(SuppressionSource::Checkov)
    );
    assert_eq!(
        source("aws_instance.tfsec_above"),
        Some(SuppressionSource::Tfsec)
    );
    assert_eq!(
        source("aws_instance.tfsec_trailing"),
        Some(SuppressionSource::Tfsec)
    );
    assert_eq!(
        source("aws_instance.trivy_above"),
        Some(SuppressionSource::Trivy)
    );
    assert_eq!(
        source("aws_instance.trivy_trailing"),
        Some(SuppressionSource::Trivy)
    );
    assert_eq!(
        source("aws_instance.kics_line"),
        Some(SuppressionSource::Kics)
    );
    assert_eq!(
        source("aws_instance.kics_block"),
        Some(SuppressionSource::Kics)
    );
    assert_eq!(source("aws_instance.open"), None);
    assert_eq!(
        source("aws_instance.other_rule_skipped"),
        None,
        "a skip of another check does not suppress this rule"
    );
}

#[test]
fn an_expired_suppression_stops_suppressing_and_says_so() {
    let tf = "# driftless:ignore aws-ec2-imdsv2-required reason=\"migration\" expires=2020-01-31\n\
              resource \"aws_instance\" \"a\" {}\n\n\
              #trivy:ignore:AVD-AWS-0028:exp:2021-06-30\n\
              resource \"aws_instance\" \"b\" {}\n";
    let v = verdicts(&[("main.tf", tf)]);
    assert_eq!(v["aws_instance.a"].0, None);
    assert!(
        v["aws_instance.a"]
            .1
            .contains("suppression at main.tf:1 expired on 2020-01-31"),
        "{}",
        v["aws_instance.a"].1
    );
    assert_eq!(v["aws_instance.b"].0, None);
    assert!(v["aws_instance.b"].1.contains("expired on 2021-06-30"));
}

#[test]
fn a_module_call_suppression_covers_that_call_only() {
    let main = r#"module "legacy" {
  # driftless:ignore aws-ec2-imdsv2-required reason="vendor appliance"
  source = "./modules/host"
}

module "modern" {
  source = "./modules/host"
}
"#;
    let host = "resource \"aws_instance\" \"this\" {\n  ami = \"ami-0abc\"\n}\n";
    let v = verdicts(&[("main.tf", main), ("modules/host/main.tf", host)]);
    assert_eq!(
        v["module.legacy.aws_instance.this"].0,
        Some(SuppressionSource::Driftless)
    );
    assert_eq!(
        v["module.modern.aws_instance.this"].0, None,
        "the suppression must not leak to the other call"
    );
}

#[test]
fn heredoc_text_and_bad_dates_never_suppress_and_the_comment_is_located() {
    let tf = r#"resource "aws_instance" "heredoc" {
  user_data = <<-EOT
    # driftless:ignore aws-ec2-imdsv2-required reason="this is shell, not HCL"
  EOT
}

# driftless:ignore aws-ec2-imdsv2-required expires=someday
resource "aws_instance" "bad_date" {}

resource "aws_instance" "real" {
  # driftless:ignore aws-ec2-imdsv2-required reason="appliance"
}
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), tf).unwrap();
    let selection = Selection {
        select: vec!["aws-ec2-imdsv2-required".into()],
        ..Selection::default()
    };
    let scan = scan_path(dir.path(), &LoadOptions::default(), &selection, "");
    let by = |name: &str| {
        scan.findings
            .iter()
            .find(|f| f.address.name == name)
            .unwrap()
    };
    assert!(
        by("heredoc").suppressed.is_none(),
        "a `#` inside a heredoc is text"
    );
    assert!(by("bad_date").suppressed.is_none());
    assert!(
        by("bad_date").message.contains("not a YYYY-MM-DD date"),
        "{}",
        by("bad_date").message
    );
    let s = by("real").suppressed.as_ref().unwrap();
    assert_eq!(
        (
            s.location.path.as_str(),
            s.location.start.line,
            s.location.start.column
        ),
        ("main.tf", 11, 3)
    );
}
