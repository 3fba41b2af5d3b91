//! Regression (QA of issue "Fidelity"): a bucket inside a local module whose split-out
//! resources are declared by the caller (`bucket = module.site.id`) was reported as having
//! none, and the fix added a second one inside the module.

use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};

const MODULE: &str = "variable \"name\" {\n  type = string\n}\n\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = var.name\n}\n\noutput \"id\" {\n  value = aws_s3_bucket.this.id\n}\n";

fn findings(root_tf: &str, module_tf: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), root_tf).unwrap();
    std::fs::create_dir_all(dir.path().join("modules/bucket")).unwrap();
    std::fs::write(dir.path().join("modules/bucket/main.tf"), module_tf).unwrap();
    let scan = scan_path(
        dir.path(),
        &LoadOptions::default(),
        &Selection {
            select: vec![
                "aws-s3-public-access-block-required".into(),
                "aws-s3-versioning-required".into(),
            ],
            ..Selection::default()
        },
        "",
    );
    scan.findings
        .iter()
        .map(|f| (f.rule_id.to_string(), f.address.to_string()))
        .collect()
}

#[test]
fn a_companion_that_names_the_module_output_configures_the_bucket_inside() {
    let root = "module \"site\" {\n  source = \"./modules/bucket\"\n  name   = \"acme-site\"\n}\n\nresource \"aws_s3_bucket_public_access_block\" \"site\" {\n  bucket                  = module.site.id\n  block_public_acls       = false\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n\nresource \"aws_s3_bucket_versioning\" \"site\" {\n  bucket = module.site.id\n\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n";
    assert_eq!(
        findings(root, MODULE),
        [(
            "aws-s3-public-access-block-required".to_owned(),
            "aws_s3_bucket_public_access_block.site".to_owned()
        )]
    );
    // With two buckets in the module, the output may be either: each still needs its own.
    let two = format!(
        "{MODULE}\nresource \"aws_s3_bucket\" \"other\" {{\n  bucket = \"acme-other\"\n}}\n"
    );
    let found = findings(root, &two);
    assert!(
        found.contains(&(
            "aws-s3-versioning-required".to_owned(),
            "module.site.aws_s3_bucket.other".to_owned()
        )),
        "{found:?}"
    );
}
