//! Tests of edit planning over evaluated views.

use super::{
    EditPlan, PlanError, insert_after, insert_attributes, insert_block, set_attribute, set_nested,
};
use crate::BlockView;
use driftless_diagnostics::{Edit, apply_edits};
use driftless_terraform::schema::SchemaError;

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
    // A resource type of another provider: the provider schema checks nothing, so made-up
    // attribute names show the alignment alone.
    let hcl = "resource \"example_public_access_block\" \"a\" {\n  bucket            = \"b\"\n  block_public_acls = true\n}\n";
    let (block, text) = first_block(hcl);
    let short = insert_attributes(&block, &[("x", "1".into()), ("yy", "2".into())]).unwrap();
    assert_eq!(
        apply(&text, &[short]),
        "resource \"example_public_access_block\" \"a\" {\n  bucket            = \"b\"\n  block_public_acls = true\n  x                 = 1\n  yy                = 2\n}\n"
    );
    let long = insert_attributes(
        &block,
        &[
            ("restrict_public_buckets", "true".into()),
            ("x", "1".into()),
        ],
    )
    .unwrap();
    // A longer key joins the group, which the scan re-aligns around it (`align_edits`).
    let aligned = super::align_edits(&[long], |_| Some(block.file.clone())).unwrap();
    assert_eq!(
        apply(&text, &aligned),
        "resource \"example_public_access_block\" \"a\" {\n  bucket                  = \"b\"\n  block_public_acls       = true\n  restrict_public_buckets = true\n  x                       = 1\n}\n"
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

#[test]
fn an_edit_the_provider_schema_rejects_is_not_offered() {
    let hcl = "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket = \"b\"\n}\n";
    let (block, _) = first_block(hcl);
    let unknown = insert_attributes(&block, &[("block_public_acl", "true".into())]).unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "`aws_s3_bucket_public_access_block` has no attribute or block `block_public_acl` in the AWS provider's schema, so no edit is generated."
    );
    let mismatch = set_attribute(&block, "block_public_acls", "\"yes\"").unwrap_err();
    assert!(matches!(
        mismatch,
        PlanError::Schema(SchemaError::TypeMismatch { .. })
    ));
    assert!(set_attribute(&block, "block_public_acls", "true").is_ok());
}

#[test]
fn no_static_block_goes_beside_a_dynamic_block_of_a_type_that_allows_one() {
    let hcl = "variable \"root\" {\n  default = []\n}\n\nresource \"aws_instance\" \"a\" {\n  ami = \"ami-1\"\n\n  dynamic \"root_block_device\" {\n    for_each = var.root\n    content {\n      volume_size = root_block_device.value.size\n    }\n  }\n}\n";
    let (block, _) = first_block(hcl);
    assert!(block.block("root_block_device").is_none());
    assert_eq!(block.dynamic_blocks, ["root_block_device"]);
    let refused = set_nested(&block, &["root_block_device"], "encrypted", "true").unwrap_err();
    assert!(
        matches!(
            refused,
            PlanError::Schema(SchemaError::TooManyBlocks {
                max: 1,
                dynamic_blocks: 1,
                ..
            })
        ),
        "{refused}"
    );
    // A block type without a maximum takes one more.
    assert!(
        insert_block(
            &block,
            &["ebs_block_device"],
            &[("device_name", "\"/dev/sdb\"".into())]
        )
        .is_ok()
    );
}

#[test]
fn a_resource_inserted_whole_is_checked_as_written() {
    let hcl = "resource \"aws_vpc\" \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n";
    let (block, _) = first_block(hcl);
    let bad = "resource \"aws_flow_log\" \"a\" {\n  vpc_id       = aws_vpc.a.id\n  traffic_type = [\"ALL\"]\n}";
    assert!(matches!(
        insert_after(&block, bad),
        Err(PlanError::Schema(SchemaError::TypeMismatch { .. }))
    ));
    let good = "resource \"aws_flow_log\" \"a\" {\n  vpc_id       = aws_vpc.a.id\n  traffic_type = \"ALL\"\n}";
    assert!(insert_after(&block, good).is_ok());
}
