//! `driftless scan --state`: a value the code leaves unknown is read from the state, so the
//! finding still points at the code; secrets in the state are never loaded.

use serde_json::Value;
use std::process::Command;

#[test]
fn a_value_known_only_after_apply_points_at_the_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"data "aws_ssm_parameter" "imds" {
  name = "/platform/imds-tokens"
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_instance" "web" {
  ami = "ami-0abc1234"

  metadata_options {
    http_tokens = data.aws_ssm_parameter.imds.value
  }
}

resource "aws_db_instance" "orders" {
  engine              = "postgres"
  password            = var.db_password
  publicly_accessible = var.public
  storage_encrypted   = true
}

variable "public" {
  type = bool
}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("terraform.tfstate"),
        r#"{"version": 4, "resources": [
  {"mode": "managed", "type": "aws_instance", "name": "web", "instances": [{"attributes": {
    "id": "i-0abc", "arn": "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc",
    "metadata_options": [{"http_tokens": "optional", "http_endpoint": "enabled"}]}}]},
  {"mode": "managed", "type": "aws_db_instance", "name": "orders", "instances": [{"attributes": {
    "id": "db-1", "arn": "arn:aws:rds:eu-west-1:111122223333:db:orders",
    "password": "correct-horse-battery", "publicly_accessible": true, "storage_encrypted": true}}]}
]}"#,
    )
    .unwrap();
    let scan = |extra: &[&str]| -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_driftless"))
            .args([
                "scan",
                dir.path().to_str().unwrap(),
                "--format",
                "json",
                "--select",
                "aws-ec2-imdsv2-required,aws-rds-public-access-disabled",
            ])
            .args(extra)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains("correct-horse-battery"),
            "a secret of the state was printed"
        );
        serde_json::from_str(&text).unwrap()
    };
    let without = scan(&[]);
    assert_eq!(
        without["findings"].as_array().unwrap().len(),
        0,
        "unknown values stay silent without a state"
    );
    let state = format!("{}=.", dir.path().join("terraform.tfstate").display());
    let with = scan(&["--state", &state]);
    let findings = with["findings"].as_array().unwrap();
    let by_rule = |rule: &str| {
        findings
            .iter()
            .find(|f| f["rule_id"] == rule)
            .unwrap_or_else(|| panic!("no {rule}: {with:#}"))
    };
    let imds = by_rule("aws-ec2-imdsv2-required");
    assert_eq!(
        (
            imds["location"]["path"].as_str(),
            imds["location"]["start_line"].as_u64()
        ),
        (Some("main.tf"), Some(14))
    );
    assert!(
        imds["fix"].is_null() && imds["recommendation"].is_string(),
        "a value from the state cannot be edited: {imds:#}"
    );
    let public = by_rule("aws-rds-public-access-disabled");
    assert_eq!(public["location"]["start_line"], 21);
}

#[test]
fn map_refuses_a_state_bound_to_a_folder_that_does_not_exist() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/vulnerable");
    let state = format!("{example}/terraform.tfstate=nowhere");
    let out = Command::new(env!("CARGO_BIN_EXE_driftless"))
        .args([
            "map",
            example,
            "--findings",
            &format!("{example}/findings/prowler.ocsf.json"),
            "--state",
            &state,
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("root module folder `nowhere` is not a folder"),
        "{text}"
    );
}
