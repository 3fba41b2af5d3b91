//! Registry modules without `.terraform/`: a known module is evaluated from the knowledge
//! base, an unknown one stays "not downloaded".

use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};

fn scan(hcl: &str) -> driftless_rules::Scan {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), hcl).unwrap();
    scan_path(
        dir.path(),
        &LoadOptions::default(),
        &Selection::default(),
        "",
    )
}

#[test]
fn a_module_the_knowledge_base_does_not_know_is_not_downloaded() {
    let scan = scan(
        "module \"topic\" {\n  source  = \"terraform-aws-modules/sns/aws\"\n  version = \"~> 6.0\"\n\n  name = \"t\"\n}\n",
    );
    assert!(scan.findings.is_empty());
    assert!(
        scan.errors
            .iter()
            .any(|e| e.to_string().contains("is not downloaded")),
        "{:?}",
        scan.errors
    );
    // A submodule the knowledge base does not have, of a module it has.
    let scan = scan_path_of("terraform-aws-modules/s3-bucket/aws//modules/nothing-here");
    assert!(
        scan.errors
            .iter()
            .any(|e| e.to_string().contains("is not downloaded"))
    );
}

fn scan_path_of(source: &str) -> driftless_rules::Scan {
    scan(&format!("module \"m\" {{\n  source = \"{source}\"\n}}\n"))
}

#[test]
fn a_known_module_gives_resources_at_module_addresses() {
    let scan = scan_path_of("terraform-aws-modules/s3-bucket/aws");
    assert!(scan.errors.is_empty(), "{:?}", scan.errors);
    let addresses: Vec<String> = scan
        .evaluation
        .resources
        .iter()
        .map(|r| r.address.to_string())
        .collect();
    assert!(
        addresses.contains(&"module.m.aws_s3_bucket.this[0]".to_owned()),
        "{addresses:?}"
    );
    assert!(addresses.contains(&"module.m.aws_s3_bucket_public_access_block.this[0]".to_owned()));
    // No logging configured: no logging resource.
    assert!(
        !addresses
            .iter()
            .any(|a| a.contains("aws_s3_bucket_logging"))
    );
}

#[test]
fn findings_point_at_the_argument_and_fixes_edit_the_call() {
    let hcl = "module \"b\" {\n  source = \"terraform-aws-modules/s3-bucket/aws\"\n\n  bucket             = \"logs\"\n  ignore_public_acls = false\n}\n";
    let scan = scan(hcl);
    let f = scan
        .findings
        .iter()
        .find(|f| f.rule_id.as_str() == "aws-s3-public-access-block-required")
        .expect("a finding on the public access block");
    assert_eq!(f.location.start.line, 5);
    assert_eq!(
        f.address.to_string(),
        "module.b.aws_s3_bucket_public_access_block.this[0]"
    );
    let fix = f.fix.as_ref().expect("a fix");
    assert!(
        fix.edits()
            .iter()
            .all(|e| e.path == "main.tf" && e.content == "true")
    );
}

/// Regression (issue "Fidelity", item 8): `backup_retention_period = 0` passed to the
/// terraform-aws-modules RDS module gave no finding, though the same value on the resource
/// does: the module sets it through `var.blue_green_update != null ? coalesce(var.x, 1) :
/// var.x`, which the knowledge base recorded as unknown.
#[test]
fn an_input_both_branches_of_a_conditional_pass_on_is_traced() {
    let scan = scan(
        "module \"db\" {\n  source  = \"terraform-aws-modules/rds/aws\"\n  version = \"6.10.0\"\n\n  identifier              = \"orders\"\n  engine                  = \"postgres\"\n  instance_class          = \"db.t3.micro\"\n  allocated_storage       = 20\n  backup_retention_period = 0\n}\n",
    );
    let finding = scan
        .findings
        .iter()
        .find(|f| f.rule_id.as_str() == "aws-rds-backup-retention-sufficient")
        .expect("a backup retention finding");
    assert_eq!(
        finding.address.to_string(),
        "module.db.module.db_instance.aws_db_instance.this[0]"
    );
    assert_eq!(finding.location.start.line, 9);
    let edits = finding.fix.as_ref().unwrap().edits();
    assert_eq!(
        (edits[0].path.as_str(), edits[0].content.as_str()),
        ("main.tf", "7")
    );
}
