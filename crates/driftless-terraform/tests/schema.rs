//! The embedded AWS provider schema: it reads, every entry parses, and the lookups, checks
//! and error texts the edit planning relies on say what they should.

use driftless_terraform::schema::file::SchemaFile;
use driftless_terraform::schema::{
    AWS_PROVIDER_SCHEMA_JSON, BlockCount, Item, NameProblem, ProviderSchema, SchemaError, aws,
};

#[test]
fn the_embedded_schema_is_one_json_document_whose_every_entry_parses() {
    let schema = aws();
    schema.check_all().unwrap();
    assert_eq!(schema.provider, "registry.terraform.io/hashicorp/aws");
    assert!(!schema.provider_version.is_empty());
    let file = SchemaFile::parse(AWS_PROVIDER_SCHEMA_JSON).unwrap();
    assert_eq!(file.resources.len(), schema.resource_types().count());
    assert!(file.resources.len() > 1000, "{}", file.resources.len());
    // The writer lays out what the lazy reader indexes.
    assert_eq!(file.to_json().unwrap(), AWS_PROVIDER_SCHEMA_JSON);
}

#[test]
fn paths_walk_through_nested_blocks() {
    let schema = aws();
    let tokens = schema
        .attribute("aws_instance", &["metadata_options", "http_tokens"])
        .unwrap();
    assert_eq!(tokens.attribute_type.to_string(), "string");
    assert!(tokens.optional);
    let encrypted = schema
        .attribute("aws_instance", &["root_block_device", "encrypted"])
        .unwrap();
    assert_eq!(encrypted.attribute_type.fits_hcl("true"), Some(true));
    assert_eq!(
        encrypted.attribute_type.fits_hcl("\"required\""),
        Some(false)
    );
    let sse = schema
        .attribute(
            "aws_s3_bucket_server_side_encryption_configuration",
            &[
                "rule",
                "apply_server_side_encryption_by_default",
                "sse_algorithm",
            ],
        )
        .unwrap();
    assert!(sse.required);
    let root = schema
        .block("aws_instance", &["root_block_device"])
        .unwrap();
    assert_eq!(root.max_blocks(), Some(1));
    // `ingress` is a set of objects, which a configuration may write as blocks.
    let ingress = schema
        .attribute("aws_security_group", &["ingress"])
        .unwrap();
    assert!(ingress.as_blocks.is_some());
    let cidrs = schema
        .attribute("aws_security_group", &["ingress", "cidr_blocks"])
        .unwrap();
    assert_eq!(cidrs.attribute_type.to_string(), "list(string)");
    assert!(matches!(
        schema.find("aws_cloudwatch_log_group", &["retention_in_days"]),
        Ok(Item::Attribute(a)) if a.attribute_type.fits_hcl("365") == Some(true)
    ));
    assert!(
        schema
            .attribute("aws_s3_bucket", &["acl"])
            .unwrap()
            .deprecated
    );
}

#[test]
fn errors_say_what_is_wrong_in_a_sentence() {
    let schema = aws();
    let unknown = schema.resource("aws_instnace").unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "The AWS provider has no resource type `aws_instnace`, so no edit is generated."
    );
    let typo = schema
        .attribute("aws_instance", &["metadata_options", "http_token"])
        .unwrap_err();
    assert_eq!(
        typo.to_string(),
        "`aws_instance` has no attribute or block `metadata_options.http_token` in the AWS provider's schema, so no edit is generated."
    );
    let through = schema.attribute("aws_instance", &["ami", "x"]).unwrap_err();
    assert!(
        matches!(through, SchemaError::Name { problem: NameProblem::NotABlock, ref path, .. } if path == "ami")
    );
    let block = schema
        .attribute("aws_instance", &["root_block_device"])
        .unwrap_err();
    assert!(matches!(
        block,
        SchemaError::Name {
            problem: NameProblem::NotAnAttribute,
            ..
        }
    ));
    let mismatch = schema
        .check_value(
            "aws_instance",
            &["metadata_options", "http_put_response_hop_limit"],
            "\"two\"",
            true,
        )
        .unwrap_err();
    assert_eq!(
        mismatch.to_string(),
        "`metadata_options.http_put_response_hop_limit` of `aws_instance` takes a value of type `number`, which `\"two\"` is not, so no edit is generated."
    );
    let read_only = schema
        .check_value("aws_instance", &["arn"], "\"x\"", true)
        .unwrap_err();
    assert!(matches!(
        read_only,
        SchemaError::Name {
            problem: NameProblem::ReadOnly,
            ..
        }
    ));
    let deprecated = schema
        .check_value("aws_s3_bucket", &["acl"], "\"private\"", true)
        .unwrap_err();
    assert_eq!(
        deprecated.to_string(),
        "`acl` of `aws_s3_bucket` is deprecated in the AWS provider, so driftless does not add it."
    );
    // Setting an attribute the configuration already writes introduces nothing.
    assert!(
        schema
            .check_value("aws_s3_bucket", &["acl"], "\"private\"", false)
            .is_ok()
    );
}

#[test]
fn a_block_beside_a_dynamic_block_of_its_type_is_one_too_many() {
    let schema = aws();
    let dynamic = BlockCount {
        static_blocks: 0,
        dynamic_blocks: 1,
    };
    let err = schema
        .check_new_blocks(
            "aws_instance",
            &[],
            &["root_block_device"],
            &[("encrypted", "true")],
            dynamic,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "`aws_instance` takes at most 1 `root_block_device` block, and a `dynamic \"root_block_device\"` block is already there: a static one beside it would make `terraform plan` fail (\"Too many root_block_device blocks\") whenever the dynamic block makes one, so no edit is generated; set it through the value that feeds the `dynamic` block."
    );
    let one = BlockCount {
        static_blocks: 1,
        dynamic_blocks: 0,
    };
    let err = schema
        .check_new_blocks(
            "aws_instance",
            &[],
            &["metadata_options"],
            &[("http_tokens", "\"required\"")],
            one,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "`aws_instance` takes at most 1 `metadata_options` block, and the edit would make 2, so no edit is generated."
    );
    schema
        .check_new_blocks(
            "aws_instance",
            &[],
            &["root_block_device"],
            &[("encrypted", "true")],
            BlockCount::default(),
        )
        .unwrap();
    // What a new block must hold is checked on text written whole.
    let body: hcl_edit::structure::Body = r#"
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = "b"
  rule {
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_key.k.arn
    }
  }
}
"#
    .parse()
    .unwrap();
    let problems = aws().check_body(&body);
    assert!(
        matches!(
            &problems[..],
            [p] if matches!(&p.error, SchemaError::Name { problem: NameProblem::MissingRequired, path, .. } if path == "rule.apply_server_side_encryption_by_default.sse_algorithm")
        ),
        "{problems:?}"
    );
}

#[test]
fn written_resources_are_validated_counting_dynamic_blocks() {
    let text = r#"
resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-0abc"
  instance_type = "t3.micro"
  ebs_optimized = "yes"
  no_such_thing = 1

  dynamic "root_block_device" {
    for_each = var.root_block_device
    content {
      encrypted = root_block_device.value.encrypted
    }
  }
  root_block_device {
    encrypted = true
  }
  lifecycle {
    ignore_changes = [ami]
  }
}

resource "random_id" "x" {
  whatever = true
}

resource "aws_security_group" "web" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  dynamic "egress" {
    for_each = var.egress
    content {
      from_port = egress.value.port
    }
  }
}
"#;
    let body: hcl_edit::structure::Body = text.parse().unwrap();
    let problems: Vec<String> = aws()
        .check_body(&body)
        .into_iter()
        .map(|p| format!("{}: {}", p.resource, p.error))
        .collect();
    assert_eq!(
        problems,
        [
            "aws_instance.web: `ebs_optimized` of `aws_instance` takes a value of type `bool`, which `\"yes\"` is not, so no edit is generated.",
            "aws_instance.web: `aws_instance` has no attribute or block `no_such_thing` in the AWS provider's schema, so no edit is generated.",
            "aws_instance.web: `aws_instance` takes at most 1 `root_block_device` block, and a `dynamic \"root_block_device\"` block is already there: a static one beside it would make `terraform plan` fail (\"Too many root_block_device blocks\") whenever the dynamic block makes one, so no edit is generated; set it through the value that feeds the `dynamic` block.",
        ]
    );
}

#[test]
fn a_text_not_laid_out_as_the_format_says_is_refused() {
    assert!(ProviderSchema::parse("{}").is_err());
    let other_format = AWS_PROVIDER_SCHEMA_JSON.replacen("\"format\":1", "\"format\":2", 1);
    assert!(ProviderSchema::parse(other_format).is_err());
}
