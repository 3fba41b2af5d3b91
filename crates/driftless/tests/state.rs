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

/// The code of `fixes_are_planned_against_the_state_given_for_their_root_module`: an instance
/// whose IMDS tokens are optional and whose root volume is not encrypted.
const PENDING_MAIN_TF: &str = r#"resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "optional"
  }
}
"#;

/// Its state: the instance as last applied, without the `security_groups` and
/// `ipv6_addresses` the code now leaves to the provider (so the unfixed code already
/// replaces it), with a tag holding a secret, and a bucket the code no longer has (so the
/// unfixed code deletes it).
const PENDING_STATE: &str = r#"{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 3,
  "lineage": "4c1d8e2a-0000-4000-8000-000000000001",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "aws_instance",
      "name": "web",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": [
        {
          "schema_version": 1,
          "attributes": {
            "id": "i-0a1b2c3d4e5f60001",
            "ami": "ami-0123456789abcdef0",
            "instance_type": "t3.micro",
            "tags": {"deploy-token": "correct-horse-battery"},
            "metadata_options": [
              {
                "http_endpoint": "enabled",
                "http_protocol_ipv6": "disabled",
                "http_put_response_hop_limit": 1,
                "http_tokens": "optional",
                "instance_metadata_tags": "disabled"
              }
            ]
          }
        }
      ]
    },
    {
      "mode": "managed",
      "type": "aws_s3_bucket",
      "name": "legacy",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": [
        {"schema_version": 0, "attributes": {"id": "acme-legacy-logs", "bucket": "acme-legacy-logs"}}
      ]
    }
  ]
}
"#;

/// `scan --diff --state`: Terraform plans each fix against the state given for its root
/// module, and a fix is given only what it adds to the changes the unfixed code already
/// makes to that state: the pending replacement of the instance and deletion of the bucket
/// are not the fixes'.
#[test]
fn fixes_are_planned_against_the_state_given_for_their_root_module() {
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), PENDING_MAIN_TF).unwrap();
    let state_path = dir.path().join("terraform.tfstate");
    std::fs::write(&state_path, PENDING_STATE).unwrap();
    std::fs::write(dir.path().join("broken.tfstate"), "{\"version\": 4,").unwrap();
    let state = state_path.display().to_string();
    let diff = |rule: &str, extra: &[&str]| -> (Option<i32>, Value) {
        let out = Command::new(env!("CARGO_BIN_EXE_driftless"))
            .args([
                "scan",
                dir.path().to_str().unwrap(),
                "--diff",
                "--applicability",
                "review",
                "--select",
                rule,
                "--verify",
                "--terraform",
                tools.binary.to_str().unwrap(),
                "--provider-mirror",
                tools.mirror.to_str().unwrap(),
                "--format",
                "json",
            ])
            .args(extra)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !text.contains("correct-horse-battery") && !stderr.contains("correct-horse-battery"),
            "a secret of the state was printed"
        );
        let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        (out.status.code(), report)
    };
    let verification = |report: &Value| -> Value {
        let fixed = report["fixed"].as_array().unwrap();
        assert_eq!(fixed.len(), 1, "{report:#}");
        fixed[0]["fix_verification"].clone()
    };

    let (code, report) = diff(
        "aws-ec2-imdsv2-required",
        &["--state", &format!("{state}=.")],
    );
    assert_eq!(code, Some(0), "{report:#}");
    let imds = verification(&report);
    assert_eq!(
        imds["summary"],
        format!("verified against {state}: update in place")
    );
    assert_eq!(imds["state_files"], serde_json::json!([state]));
    assert_eq!(
        imds["changes"],
        serde_json::json!([{
            "root_module": ".",
            "address": "aws_instance.web",
            "action": "update",
            "replace_order": null,
            "replace_paths": [],
            "changed_paths": ["metadata_options[0].http_tokens"],
        }])
    );

    let (_, report) = diff(
        "aws-ec2-root-volume-encryption-required",
        &["--state", &format!("{state}=.")],
    );
    assert_eq!(
        verification(&report)["summary"],
        format!(
            "verified against {state}: replaces aws_instance.web: \
             `root_block_device[0].encrypted` forces replacement"
        )
    );

    // Without a state, against the unfixed plan.
    let (_, report) = diff("aws-ec2-imdsv2-required", &[]);
    let imds = verification(&report);
    assert_eq!(imds["summary"], "verified: update in place");
    assert!(imds.get("state_files").is_none(), "{imds:#}");

    // A state that does not load is an input error, and the fixes are still planned, against
    // the unfixed plan.
    let broken = dir.path().join("broken.tfstate");
    let (code, report) = diff(
        "aws-ec2-imdsv2-required",
        &["--state", &format!("{}=.", broken.display())],
    );
    assert_eq!(code, Some(2), "{report:#}");
    assert!(
        report["errors"][0]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("broken.tfstate")),
        "{report:#}"
    );
    assert_eq!(
        verification(&report)["summary"],
        "verified: update in place"
    );

    assert_eq!(
        std::fs::read_to_string(&state_path).unwrap(),
        PENDING_STATE,
        "the state is never written"
    );
}

/// `scan DIR --format json --select RULE` with `extra`, parsed; a secret in the inputs must
/// not be printed.
fn scan_json(dir: &std::path::Path, rule: &str, extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_driftless"))
        .args([
            "scan",
            dir.to_str().unwrap(),
            "--format",
            "json",
            "--select",
            rule,
        ])
        .args(extra)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("correct-horse"), "a secret was printed");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The addresses of the findings of `report`.
fn addresses(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["address"].as_str().unwrap().to_owned())
        .collect()
}

const QUEUES_TF: &str = r#"variable "queues" {
  type = map(object({ sse = bool }))
}

variable "queue_password" {
  type      = string
  sensitive = true
  default   = "x"
}

resource "aws_sqs_queue" "q" {
  for_each                = var.queues
  name                    = each.key
  sqs_managed_sse_enabled = each.value.sse
}
"#;

/// Regression (checkov#2230): `for_each` over a variable the code cannot know lost the
/// instance keys, and with them a finding only one key has. The state's instances give the
/// keys; the state's values, the finding.
#[test]
fn a_state_gives_the_keys_the_code_leaves_unknown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), QUEUES_TF).unwrap();
    std::fs::write(
        dir.path().join("terraform.tfstate"),
        r#"{"version": 4, "resources": [{"mode": "managed", "type": "aws_sqs_queue", "name": "q",
  "instances": [
    {"index_key": "one", "attributes": {"id": "https://sqs/one", "name": "one", "sqs_managed_sse_enabled": true}},
    {"index_key": "two", "attributes": {"id": "https://sqs/two", "name": "two", "sqs_managed_sse_enabled": false}}]}]}"#,
    )
    .unwrap();
    let rule = "aws-sqs-encryption-required";
    assert!(addresses(&scan_json(dir.path(), rule, &[])).is_empty());
    let state = format!("{}=.", dir.path().join("terraform.tfstate").display());
    let report = scan_json(dir.path(), rule, &["--state", &state]);
    assert_eq!(addresses(&report), [r#"aws_sqs_queue.q["two"]"#]);
    assert_eq!(report["findings"][0]["location"]["start_line"], 14);
}

/// Regression (trivy#7222): the plan's `variables` were ignored, so `count = var.env ==
/// "test" ? 1 : 0` with `env = "test1"` in the plan still reported the resource. They are the
/// root module's values now; a variable declared `sensitive` is never read from the plan.
#[test]
fn a_plans_variables_are_the_root_modules_values() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        format!(
            r#"variable "env" {{
  type = string
}}

resource "aws_sqs_queue" "test_only" {{
  count                   = var.env == "test" ? 1 : 0
  name                    = "test-only"
  sqs_managed_sse_enabled = false
}}

{QUEUES_TF}"#
        ),
    )
    .unwrap();
    let plan = dir.path().join("plan.json");
    let write_plan = |env: &str| {
        std::fs::write(
            &plan,
            format!(
                r#"{{"format_version": "1.2", "terraform_version": "1.11.4",
  "variables": {{"env": {{"value": "{env}"}},
    "queues": {{"value": {{"one": {{"sse": true}}, "two": {{"sse": false}}}}}},
    "queue_password": {{"value": "correct-horse-battery"}}}},
  "planned_values": {{"root_module": {{}}}}, "resource_changes": []}}"#
            ),
        )
        .unwrap();
    };
    let rule = "aws-sqs-encryption-required";
    let state = format!("{}=.", plan.display());
    // Without the plan, `count` is unknown: one instance stands for all and is reported.
    assert_eq!(
        addresses(&scan_json(dir.path(), rule, &[])),
        ["aws_sqs_queue.test_only"]
    );
    write_plan("test1");
    assert_eq!(
        addresses(&scan_json(dir.path(), rule, &["--state", &state])),
        [r#"aws_sqs_queue.q["two"]"#]
    );
    write_plan("test");
    assert_eq!(
        addresses(&scan_json(dir.path(), rule, &["--state", &state])),
        ["aws_sqs_queue.test_only[0]", r#"aws_sqs_queue.q["two"]"#]
    );
}

/// As `a_state_gives_the_keys_the_code_leaves_unknown`, for a module call's `for_each`: the
/// resources of `module.q` stood for every key of it.
#[test]
fn a_state_gives_the_keys_of_a_module_call_the_code_leaves_unknown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"queues\" {\n  type = map(object({ sse = bool }))\n}\n\nmodule \"q\" {\n  source   = \"./modules/queue\"\n  for_each = var.queues\n  name     = each.key\n  sse      = each.value.sse\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("modules/queue")).unwrap();
    std::fs::write(
        dir.path().join("modules/queue/main.tf"),
        "variable \"name\" {}\nvariable \"sse\" {}\n\nresource \"aws_sqs_queue\" \"this\" {\n  name                    = var.name\n  sqs_managed_sse_enabled = var.sse\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("terraform.tfstate"),
        r#"{"version": 4, "resources": [{"module": "module.q[\"one\"]", "mode": "managed", "type": "aws_sqs_queue", "name": "this",
  "instances": [{"attributes": {"id": "https://sqs/one", "name": "one", "sqs_managed_sse_enabled": true}}]},
 {"module": "module.q[\"two\"]", "mode": "managed", "type": "aws_sqs_queue", "name": "this",
  "instances": [{"attributes": {"id": "https://sqs/two", "name": "two", "sqs_managed_sse_enabled": false}}]}]}"#,
    )
    .unwrap();
    let rule = "aws-sqs-encryption-required";
    let state = format!("{}=.", dir.path().join("terraform.tfstate").display());
    let report = scan_json(dir.path(), rule, &["--state", &state]);
    assert_eq!(
        addresses(&report),
        [r#"module.q["two"].aws_sqs_queue.this"#]
    );
}
