//! `driftless map` on real input: Checkov's plan-enrichment cases (plans with their .tf, the
//! expected file and line ranges from Checkov's own test), the Security Hub and Prowler samples
//! of ../shared/corpus/findings (both skipped without the corpus), and the bundled example with
//! its state and findings.

use driftless_diagnostics::ResourceAddress;
use driftless_formats::ingest::IngestOptions;
use driftless_hcl::{LoadOptions, Project, evaluate};
use driftless_map::{Located, Locator, MapOptions, Outcome, map_findings};
use driftless_state::{Redaction, StateIndex, StateSpec, load};
use driftless_testkit::files_with_extension;
use std::path::{Path, PathBuf};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/vulnerable");

fn enrichment(corpus: &Path, case: &str) -> PathBuf {
    corpus
        .join("states/checkov/tests/common/runner_registry")
        .join(case)
}

/// Locates every managed instance of `plan` (bound to root module `root` of repository
/// `repo`) and returns `(address, path, first line, last line)`.
fn locate_plan(repo: &Path, plan: &Path, root: &str) -> Vec<(String, String, u32, u32)> {
    let state = load(plan, &Redaction::new()).unwrap();
    let project = Project::load(repo, &LoadOptions::default());
    let evaluation = evaluate(&project);
    let locator = Locator::new(&evaluation);
    let mut out: Vec<_> = state
        .instances
        .iter()
        .filter(|i| i.is_managed())
        .map(|i| {
            let at = match locator.locate(root, &i.address) {
                Some(Located::Resource(r)) => r.block.location.clone(),
                Some(Located::ModuleCall { location, .. }) => location,
                None => panic!("{} not located in {}", i.address, repo.display()),
            };
            (i.address.to_string(), at.path, at.start.line, at.end.line)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn row(address: &str, path: &str, first: u32, last: u32) -> (String, String, u32, u32) {
    (address.to_owned(), path.to_owned(), first, last)
}

#[test]
fn checkov_plan_enrichment_cases_map_to_the_expected_lines() {
    let Some(corpus) = driftless_testkit::corpus() else {
        return;
    };
    let case = enrichment(&corpus, "plan_with_hcl_for_enrichment");
    assert_eq!(
        locate_plan(&case, &case.join("tfplan.json"), "."),
        [
            row(
                "aws_dynamodb_table.cross-environment-violations",
                "dynamodb.tf",
                1,
                12
            ),
            row("aws_iam_policy.policy", "iam.tf", 1, 19),
            row("aws_s3_bucket.test-bucket1", "s3.tf", 1, 17),
        ]
    );
    let case = enrichment(&corpus, "plan_with_tf_modules_for_enrichment");
    assert_eq!(
        locate_plan(&case, &case.join("tfplan.json"), "."),
        [
            // A registry module that is not downloaded: its module block.
            row(
                "module.log_group_external.aws_cloudwatch_log_group.this[0]",
                "main.tf",
                5,
                8
            ),
            row(
                "module.log_group_local.aws_cloudwatch_log_group.not_encrypted",
                "log_group/main.tf",
                1,
                2
            ),
        ]
    );
    let case = enrichment(&corpus, "plan_with_external_tf_modules_for_enrichment");
    assert_eq!(
        locate_plan(&case, &case.join("tfplan.json"), "."),
        [row(
            "module.log_group_external.aws_cloudwatch_log_group.this[0]",
            "main.tf",
            1,
            4
        )]
    );
    let case = enrichment(&corpus, "plan_module_skip_for_enrichment");
    assert_eq!(
        locate_plan(&case, &case.join("tf/tfplan.json"), "tf"),
        [row("module.m.aws_s3_bucket.b1", "mod_ref/main.tf", 1, 3)]
    );
    let case = enrichment(&corpus, "plan_with_for_each_for_enrichment");
    assert_eq!(
        locate_plan(&case, &case.join("tf_plan.json"), "original"),
        [
            row(
                r#"aws_route53_zone.example["example.com"]"#,
                "original/main.tf",
                8,
                12
            ),
            row(
                r#"aws_route53_zone.example["example2.eu"]"#,
                "original/main.tf",
                8,
                12
            ),
            // The module folder is missing from the case: its module block.
            row(
                r#"module.sg["awful_example"].aws_security_group.bad"#,
                "original/main.tf",
                18,
                24
            ),
            row(
                r#"module.sg["bad_example"].aws_security_group.bad"#,
                "original/main.tf",
                18,
                24
            ),
            row(
                r#"module.sg["terrible_example"].aws_security_group.bad"#,
                "original/main.tf",
                18,
                24
            ),
        ]
    );
}

#[test]
fn every_corpus_finding_loads_and_without_state_is_unmanaged() {
    let Some(corpus) = driftless_testkit::corpus() else {
        return;
    };
    let mut files = files_with_extension(&corpus.join("findings/securityhub-asff"), "json");
    files.extend(files_with_extension(
        &corpus.join("findings/prowler"),
        "json",
    ));
    files.push(corpus.join("findings/prowler/test_prowler_output.csv"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {}\n",
    )
    .unwrap();
    let report = map_findings(
        dir.path(),
        &files,
        &StateIndex::new(),
        &MapOptions::default(),
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.stats.read > 130, "{:?}", report.stats);
    assert!(report.stats.failed > 100, "{:?}", report.stats);
    assert_eq!(
        report.stats.unmanaged + report.stats.unresolved,
        report.stats.failed,
        "{:?}",
        report.stats
    );
    assert_eq!(report.stats.unresolved, 0);
}

#[test]
fn the_example_maps_through_its_state_and_never_shows_a_secret() {
    let example = Path::new(EXAMPLE);
    let (states, errors) = StateIndex::load(
        &[StateSpec::new(example.join("terraform.tfstate"), ".")],
        &Redaction::new(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let options = MapOptions {
        ingest: IngestOptions::default(),
        ..MapOptions::default()
    };
    let findings = [
        example.join("findings/securityhub.asff.json"),
        example.join("findings/prowler.ocsf.json"),
    ];
    let report = map_findings(example, &findings, &states, &options);
    let outcome = |rule: &str, resource: &str| -> (Outcome, Option<(String, String, u32)>) {
        let m = report
            .mapped
            .iter()
            .find(|m| m.external.rule == rule && m.external.resources[0].id.ends_with(resource))
            .unwrap_or_else(|| panic!("no {rule} on {resource}"));
        let at = m.finding.as_ref().map(|f| {
            (
                f.rule_id.to_string(),
                f.location.path.clone(),
                f.location.start.line,
            )
        });
        (m.outcome.clone(), at)
    };
    // EC2.8 on the public web instance: the module's attribute, fixed in terraform.tfvars.
    let (o, at) = outcome("EC2.8", "i-0a1b2c3d4e5f60002");
    assert_eq!(o, Outcome::MappedWithFix);
    assert_eq!(
        at,
        Some((
            "aws-ec2-imdsv2-required".into(),
            "modules/web/main.tf".into(),
            22
        ))
    );
    let web = report
        .mapped
        .iter()
        .find(|m| m.external.resources[0].id.ends_with("i-0a1b2c3d4e5f60002"))
        .unwrap();
    let finding = web.finding.as_ref().unwrap();
    assert_eq!(
        finding.address,
        r#"module.web["public"].aws_instance.this"#.parse::<ResourceAddress>().unwrap()
    );
    assert_eq!(
        finding.fix.as_ref().unwrap().edits()[0].path,
        "terraform.tfvars"
    );
    assert_eq!(finding.call_chain[0].location.start.line, 37);
    // Regression (issue "Fidelity"): the chain was the first instance's of the block's
    // finding, `web["internal"]`.
    assert_eq!(finding.call_chain[0].name, r#"web["public"]"#);
    // Prowler's RDS check, at the database's block.
    assert_eq!(
        outcome("rds_instance_no_public_access", "db:orders").1,
        Some((
            "aws-rds-public-access-disabled".into(),
            "database.tf".into(),
            8
        ))
    );
    for (rule, resource, expected) in [
        // Prowler's IMDSv2 check on the bastion, its SSH check; Security Hub's S3 and KMS ones.
        (
            "ec2_instance_imdsv2_enabled",
            "i-0a1b2c3d4e5f60003",
            Outcome::MappedWithFix,
        ),
        (
            "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
            "sg-0123456789abcdef0",
            Outcome::MappedWithFix,
        ),
        ("S3.8", "acme-finance-reports", Outcome::MappedWithFix),
        (
            "KMS.4",
            "0b7d5f3e-1111-2222-3333-444455556666",
            Outcome::MappedWithFix,
        ),
        // Resources in no state.
        ("EC2.8", "i-0fffffffffffff999", Outcome::Unmanaged),
        (
            "iam_user_mfa_enabled_console_access",
            "user/alice",
            Outcome::Unmanaged,
        ),
    ] {
        assert_eq!(outcome(rule, resource).0, expected, "{rule} on {resource}");
    }
    // Passed findings are counted, not mapped.
    assert_eq!(report.stats.not_failed, 2);
    assert!(
        report
            .mapped
            .iter()
            .all(|m| !m.external.resources[0].id.ends_with("trail/main"))
    );
    // The state holds a database password and user data; neither survives loading.
    assert!(!format!("{states:?}{report:?}").contains("s3cr3t-hunter2"));
}

/// Regression (issue "Fidelity", item 7a): a volume finding (Security Hub `EC2.3`) about an
/// instance's root volume was not mapped: the volume is no resource of the state, only the
/// `volume_id` of the instance's `root_block_device`. It now lands at the instance, with the
/// root volume rule's fix.
#[test]
fn a_finding_about_an_attached_volume_maps_to_its_instance() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-0123456789abcdef0\"\n  instance_type = \"t3.micro\"\n\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}\n",
    )
    .unwrap();
    let state = dir.path().join("terraform.tfstate");
    std::fs::write(
        &state,
        r#"{"version": 4, "resources": [{"mode": "managed", "type": "aws_instance", "name": "web",
  "instances": [{"attributes": {"id": "i-0a1b2c3d4e5f60001",
    "arn": "arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60001",
    "root_block_device": [{"volume_id": "vol-0aaaaaaaaaaaaaaa1", "encrypted": false, "volume_size": 8}]}}]}]}"#,
    )
    .unwrap();
    let findings = dir.path().join("hub.asff.json");
    std::fs::write(
        &findings,
        r#"{"Findings": [{"SchemaVersion": "2018-10-08", "Id": "f-1",
  "ProductArn": "arn:aws:securityhub:eu-west-1::product/aws/securityhub",
  "GeneratorId": "security-control/EC2.3", "AwsAccountId": "111122223333",
  "Title": "Attached Amazon EBS volumes should be encrypted at-rest",
  "Severity": {"Label": "MEDIUM"},
  "Compliance": {"Status": "FAILED", "SecurityControlId": "EC2.3"},
  "Resources": [{"Type": "AwsEc2Volume",
    "Id": "arn:aws:ec2:eu-west-1:111122223333:volume/vol-0aaaaaaaaaaaaaaa1"}]}]}"#,
    )
    .unwrap();
    let (states, errors) =
        StateIndex::load(&[StateSpec::new(&state, ".")], &Redaction::for_mapping());
    assert!(errors.is_empty(), "{errors:?}");
    let report = map_findings(dir.path(), &[findings], &states, &MapOptions::default());
    let mapped = &report.mapped[0];
    assert_eq!(
        mapped.outcome,
        Outcome::MappedWithFix,
        "{:?}",
        mapped.outcome
    );
    let finding = mapped.finding.as_ref().unwrap();
    assert_eq!(
        finding.rule_id.as_str(),
        "aws-ec2-root-volume-encryption-required"
    );
    assert_eq!(finding.address.to_string(), "aws_instance.web");
    assert_eq!(
        (finding.location.path.as_str(), finding.location.start.line),
        ("main.tf", 1)
    );
}

/// Regression (issue "Fidelity", item 7b): a bucket finding whose fault is written in the
/// bucket's split-out public access block (`block_public_acls = var.x`, passed to a registry
/// module) said the rule "finds nothing wrong in the code". It maps to the companion's
/// finding, with its fix where the value is set.
#[test]
fn a_bucket_finding_maps_to_the_companion_that_holds_the_fault() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"public_acls\" {\n  type    = bool\n  default = false\n}\n\nmodule \"logs\" {\n  source = \"terraform-aws-modules/s3-bucket/aws\"\n\n  bucket            = \"acme-logs\"\n  block_public_acls = var.public_acls\n}\n",
    )
    .unwrap();
    let state = dir.path().join("terraform.tfstate");
    std::fs::write(
        &state,
        r#"{"version": 4, "resources": [
 {"module": "module.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "this",
  "instances": [{"index_key": 0, "attributes": {"id": "acme-logs", "arn": "arn:aws:s3:::acme-logs", "bucket": "acme-logs"}}]},
 {"module": "module.logs", "mode": "managed", "type": "aws_s3_bucket_public_access_block", "name": "this",
  "instances": [{"index_key": 0, "attributes": {"id": "acme-logs", "bucket": "acme-logs"}}]}]}"#,
    )
    .unwrap();
    let findings = dir.path().join("prowler.ocsf.json");
    std::fs::write(
        &findings,
        r#"[{"status_code": "FAIL", "severity": "High", "finding_info": {"uid": "f-1", "title": "S3 Bucket Level Public Access Block"},
  "metadata": {"event_code": "s3_bucket_level_public_access_block", "product": {"name": "Prowler"}},
  "resources": [{"uid": "arn:aws:s3:::acme-logs", "type": "AwsS3Bucket"}]}]"#,
    )
    .unwrap();
    let (states, errors) =
        StateIndex::load(&[StateSpec::new(&state, ".")], &Redaction::for_mapping());
    assert!(errors.is_empty(), "{errors:?}");
    let report = map_findings(dir.path(), &[findings], &states, &MapOptions::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mapped = &report.mapped[0];
    assert_eq!(
        mapped.outcome,
        Outcome::MappedWithFix,
        "{:?}",
        mapped.outcome
    );
    let finding = mapped.finding.as_ref().unwrap();
    assert_eq!(
        finding.rule_id.as_str(),
        "aws-s3-public-access-block-required"
    );
    assert_eq!(
        finding.address.to_string(),
        "module.logs.aws_s3_bucket_public_access_block.this[0]"
    );
    let edit = &finding.fix.as_ref().unwrap().edits()[0];
    assert_eq!(
        (edit.path.as_str(), edit.content.as_str()),
        ("main.tf", "true")
    );
}

/// Regression (QA of issue "Fidelity"): `map` scanned without the states, so where `count`
/// depends on a variable the code cannot know, the finding of the instance the scanner names
/// was not found ("finds nothing wrong in the code") though `scan --state` finds it.
#[test]
fn map_reads_the_states_keys_and_values_as_scan_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"n\" {\n  type = number\n}\n\nresource \"aws_instance\" \"this\" {\n  count = var.n\n  ami   = \"ami-0123456789abcdef0\"\n\n  metadata_options {\n    http_tokens = \"required\"\n  }\n\n  root_block_device {\n    encrypted = count.index != 1\n  }\n}\n",
    )
    .unwrap();
    let state = dir.path().join("terraform.tfstate");
    let instances: Vec<String> = (0..3)
        .map(|i| {
            format!(
                r#"{{"index_key": {i}, "attributes": {{"id": "i-0{i}", "arn": "arn:aws:ec2:eu-west-1:111122223333:instance/i-0{i}",
  "root_block_device": [{{"volume_id": "vol-0n{i}", "encrypted": {}}}]}}}}"#,
                i != 1
            )
        })
        .collect();
    std::fs::write(
        &state,
        format!(
            r#"{{"version": 4, "resources": [{{"mode": "managed", "type": "aws_instance", "name": "this", "instances": [{}]}}]}}"#,
            instances.join(",")
        ),
    )
    .unwrap();
    let findings = dir.path().join("hub.asff.json");
    std::fs::write(
        &findings,
        r#"{"Findings": [{"SchemaVersion": "2018-10-08", "Id": "f-1",
  "ProductArn": "arn:aws:securityhub:eu-west-1::product/aws/securityhub",
  "GeneratorId": "security-control/EC2.3", "AwsAccountId": "111122223333",
  "Title": "Attached Amazon EBS volumes should be encrypted at-rest",
  "Compliance": {"Status": "FAILED", "SecurityControlId": "EC2.3"},
  "Resources": [{"Type": "AwsEc2Volume", "Id": "arn:aws:ec2:eu-west-1:111122223333:volume/vol-0n1"}]}]}"#,
    )
    .unwrap();
    let specs = [StateSpec::new(&state, ".")];
    let (states, errors) = StateIndex::load(&specs, &Redaction::for_mapping());
    assert!(errors.is_empty(), "{errors:?}");
    let options = MapOptions {
        states: specs.to_vec(),
        ..MapOptions::default()
    };
    let report = map_findings(dir.path(), &[findings], &states, &options);
    let finding = report.mapped[0].finding.as_ref().unwrap();
    assert_eq!(finding.address.to_string(), "aws_instance.this[1]");
    assert!(
        finding.message.contains("`encrypted = false`"),
        "{}",
        finding.message
    );
}
