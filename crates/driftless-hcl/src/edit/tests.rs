//! Tests of edit planning over evaluated views.

use super::{EditPlan, PlanError, insert_after, insert_attributes, set_nested};
use crate::BlockView;
use driftless_diagnostics::{Edit, apply_edits};

/// The first resource block of `hcl`, evaluated, with the file's text.
fn first_block(hcl: &str) -> (BlockView, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), hcl).unwrap();
    let project = crate::Project::load(dir.path(), &crate::LoadOptions::default());
    let evaluation = crate::evaluate(&project);
    (evaluation.resources[0].block.clone(), hcl.to_owned())
}

fn apply(text: &str, edits: &[Edit]) -> String {
    apply_edits(text, &edits.iter().collect::<Vec<_>>())
}

#[test]
fn insert_attributes_joins_or_starts_an_aligned_group() {
    let hcl = "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket            = \"b\"\n  block_public_acls = true\n}\n";
    let (block, text) = first_block(hcl);
    let short = insert_attributes(&block, &[("x", "1".into()), ("yy", "2".into())]).unwrap();
    assert_eq!(
        apply(&text, &[short]),
        "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket            = \"b\"\n  block_public_acls = true\n  x                 = 1\n  yy                = 2\n}\n"
    );
    let long = insert_attributes(
        &block,
        &[
            ("restrict_public_buckets", "true".into()),
            ("x", "1".into()),
        ],
    )
    .unwrap();
    assert_eq!(
        apply(&text, &[long]),
        "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket            = \"b\"\n  block_public_acls = true\n\n  restrict_public_buckets = true\n  x                       = 1\n}\n"
    );
}

#[test]
fn set_nested_inserts_the_missing_blocks() {
    let hcl = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"b\"\n\n  server_side_encryption_configuration {\n    rule {\n      bucket_key_enabled = true\n    }\n  }\n}\n";
    let (block, text) = first_block(hcl);
    let path = [
        "server_side_encryption_configuration",
        "rule",
        "apply_server_side_encryption_by_default",
    ];
    let planned = set_nested(&block, &path, "sse_algorithm", "\"AES256\"").unwrap();
    assert_eq!(
        apply(&text, &planned.edits),
        "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"b\"\n\n  server_side_encryption_configuration {\n    rule {\n      bucket_key_enabled = true\n\n      apply_server_side_encryption_by_default {\n        sse_algorithm = \"AES256\"\n      }\n    }\n  }\n}\n"
    );
}

#[test]
fn combine_keeps_shared_edits_once_and_the_first_error() {
    let edit = |at: u32| Edit::insertion("main.tf", at, "x");
    let one = EditPlan::local(edit(1));
    let mut two = EditPlan::local(edit(1));
    two.edits.push(edit(5));
    let combined = EditPlan::combine([Ok(one.clone()), Ok(two)]).unwrap();
    assert_eq!(combined.edits, [edit(1), edit(5)]);
    let failed = EditPlan::combine([Ok(one), Err(PlanError::FetchedModule)]);
    assert_eq!(failed.unwrap_err(), PlanError::FetchedModule);
    assert!(EditPlan::combine([]).is_err());
}

#[test]
fn insert_after_keeps_a_trailing_comment_with_its_block() {
    let hcl =
        "resource \"aws_s3_bucket\" \"a\" {} # the bucket\n\nresource \"aws_s3_bucket\" \"b\" {}\n";
    let (block, text) = first_block(hcl);
    let edit = insert_after(&block, "resource \"x\" \"a\" {}").unwrap();
    assert_eq!(
        apply(&text, &[edit]),
        "resource \"aws_s3_bucket\" \"a\" {} # the bucket\n\nresource \"x\" \"a\" {}\n\nresource \"aws_s3_bucket\" \"b\" {}\n"
    );
}
