//! The finding readers on the public samples in ../shared/corpus/findings (skipped without
//! the corpus) and on inputs we write: every shape, every status, malformed files with line and
//! column.

use driftless_diagnostics::Severity;
use driftless_formats::ingest::{
    CsvColumns, ExternalFinding, FindingFormat, FindingStatus, IngestError, IngestOptions,
    read_findings,
};
use driftless_testkit::files_with_extension;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The corpus's `findings` folder; `None`, the test skipped, without the corpus.
fn findings_dir() -> Option<PathBuf> {
    driftless_testkit::corpus().map(|corpus| corpus.join("findings"))
}

fn read(path: &Path, options: &IngestOptions) -> Result<Vec<ExternalFinding>, IngestError> {
    let mut out = Vec::new();
    read_findings(path, options, &mut |f| out.push(f))?;
    Ok(out)
}

#[test]
fn every_security_hub_sample_loads() {
    let Some(findings_dir) = findings_dir() else {
        return;
    };
    let files = files_with_extension(&findings_dir.join("securityhub-asff"), "json");
    assert_eq!(
        files.len(),
        124,
        "the corpus holds 109 findings files and 15 events"
    );
    let mut total = 0;
    let mut failed = 0;
    for file in &files {
        let findings = read(file, &IngestOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!findings.is_empty(), "{}", file.display());
        for f in &findings {
            assert_eq!(f.format, FindingFormat::Asff);
            assert!(
                !f.rule.is_empty(),
                "{}: a finding without rule",
                file.display()
            );
            assert!(
                !f.resources.is_empty() && !f.resources[0].id.is_empty(),
                "{}",
                file.display()
            );
        }
        total += findings.len();
        failed += findings
            .iter()
            .filter(|f| f.status == FindingStatus::Fail)
            .count();
    }
    assert!(total >= 124 && failed > 0, "{total} read, {failed} failed");
}

#[test]
fn security_hub_control_finding_fields() {
    let Some(findings_dir) = findings_dir() else {
        return;
    };
    let path = findings_dir.join("securityhub-asff/aws-asr/simtest/simdata/afsbp-ec2.8.json");
    let f = &read(&path, &IngestOptions::default()).unwrap()[0];
    assert_eq!(f.rule, "EC2.8");
    assert_eq!(f.tool, "Security Hub");
    assert_eq!(f.severity, Some(Severity::High));
    assert_eq!(f.status, FindingStatus::Fail);
    assert_eq!(
        f.resources[0].id,
        "arn:aws:ec2:us-east-1:111111111111:instance/i-077c4d5f32561ac45"
    );
    assert_eq!(
        f.resources[0].resource_type.as_deref(),
        Some("AwsEc2Instance")
    );
    assert_eq!(
        f.remediation_url.as_deref(),
        Some("https://docs.aws.amazon.com/console/securityhub/EC2.8/remediation")
    );
    let cis = &read(
        &path.with_file_name("cis-31.json"),
        &IngestOptions::default(),
    )
    .unwrap()[0];
    assert_eq!(cis.rule, "CIS 3.1");
}

#[test]
fn prowler_ocsf_csv_and_asff_samples() {
    let Some(findings_dir) = findings_dir() else {
        return;
    };
    let dir = findings_dir.join("prowler");
    let ocsf = read(
        &dir.join("test_prowler_output.ocsf.json"),
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(ocsf.len(), 3);
    assert_eq!(ocsf[0].format, FindingFormat::Ocsf);
    assert_eq!(ocsf[0].rule, "accessanalyzer_enabled");
    assert_eq!(ocsf[0].tool, "Prowler");
    assert_eq!(ocsf[0].status, FindingStatus::Fail);
    assert_eq!(ocsf[0].resources[0].id, "arn:aws:iam::123456789012:root");
    let csv = read(
        &dir.join("test_prowler_output.csv"),
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(csv.len(), 3);
    assert_eq!(csv[0].format, FindingFormat::ProwlerCsv);
    assert_eq!(csv[0].rule, "accessanalyzer_enabled");
    assert_eq!(csv[0].severity, Some(Severity::Low));
    let ids = |v: &[ExternalFinding]| {
        v.iter()
            .map(|f| (f.rule.clone(), f.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&ocsf),
        ids(&csv),
        "the OCSF and CSV samples hold the same findings"
    );
    let asff = read(
        &dir.join("docs_example.asff.json"),
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(asff[0].rule, "rds_instance_minor_version_upgrade_enabled");
    assert_eq!(asff[0].tool, "Prowler");
}

#[test]
fn malformed_json_gives_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{\"Findings\": [\n  {\"SchemaVersion\": \"2018-10-08\", \"Id\": \"a\"},\n  {\"Id\": }\n]}\n").unwrap();
    let err = read(&path, &IngestOptions::default()).unwrap_err();
    match &err {
        IngestError::Syntax { line, column, .. } => assert_eq!((*line, *column), (3, 10), "{err}"),
        other => panic!("{other}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("{}:3:10: ", path.display())),
        "{err}"
    );
}

#[test]
fn sarif_and_checkov_json() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("trivy.sarif");
    std::fs::write(
        &sarif,
        r#"{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{
            "tool": {"driver": {"name": "Trivy", "rules": [{"id": "AVD-AWS-0028", "shortDescription": {"text": "IMDSv2"},
              "helpUri": "https://avd.aquasec.com/misconfig/aws-0028", "properties": {"security-severity": "8.0"}}]}},
            "results": [{"ruleId": "AVD-AWS-0028", "level": "error", "message": {"text": "Instance does not require IMDS access to require a token"},
              "locations": [{"physicalLocation": {"artifactLocation": {"uri": "main.tf"}, "region": {"startLine": 3, "endLine": 9}}}]},
              {"ruleId": "AVD-AWS-0028", "suppressions": [{"kind": "inSource"}], "message": {"text": "x"}}]}]}"#,
    )
    .unwrap();
    let found = read(&sarif, &IngestOptions::default()).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].tool, "Trivy");
    assert_eq!(found[0].severity, Some(Severity::High));
    assert_eq!(
        found[0]
            .location
            .as_ref()
            .map(|l| (l.path.as_str(), l.start_line, l.end_line)),
        Some(("main.tf", 3, 9))
    );
    assert_eq!(
        found[1].status,
        FindingStatus::Other,
        "a suppressed result is not a failure"
    );

    let checkov = dir.path().join("checkov.json");
    std::fs::write(
        &checkov,
        r#"[{"check_type": "terraform", "results": {"failed_checks": [{"check_id": "CKV_AWS_79", "check_name": "IMDSv1",
            "resource": "aws_instance.web", "file_path": "/main.tf", "file_line_range": [1, 4]}], "passed_checks": []}}]"#,
    )
    .unwrap();
    let found = read(&checkov, &IngestOptions::default()).unwrap();
    assert_eq!(
        found[0].resource_address.as_deref(),
        Some("aws_instance.web")
    );
    assert_eq!(found[0].location.as_ref().unwrap().path, "main.tf");
}

#[test]
fn generic_csv_with_named_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wiz.csv");
    std::fs::write(
        &path,
        "Resource ID,Policy,Title,Severity,Status\n\
         arn:aws:s3:::acme-logs,S3.8,\"Block public access, please\",HIGH,Open\n\
         arn:aws:s3:::acme-web,S3.8,Block public access,HIGH,Resolved\n",
    )
    .unwrap();
    let columns: CsvColumns =
        "resource=Resource ID,rule=Policy,title=Title,severity=Severity,status=Status"
            .parse()
            .unwrap();
    let options = IngestOptions {
        format: None,
        csv_columns: Some(columns),
    };
    let found = read(&path, &options).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].title, "Block public access, please");
    assert_eq!(
        (found[0].status, found[1].status),
        (FindingStatus::Fail, FindingStatus::Pass)
    );
    let err = read(&path, &IngestOptions::default()).unwrap_err();
    assert!(err.to_string().contains("--csv-columns"), "{err}");
    let bad: Result<CsvColumns, _> = "resource=X".parse();
    assert!(bad.unwrap_err().contains("rule=COLUMN"));
}

#[test]
fn a_large_asff_file_streams() {
    // 20,000 findings; the reader holds one at a time.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let mut text = String::from("{\"Findings\": [");
    for i in 0..20_000 {
        if i > 0 {
            text.push(',');
        }
        write!(
            text,
            r#"{{"SchemaVersion": "2018-10-08", "Id": "f{i}", "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub", "GeneratorId": "g", "Title": "t", "Compliance": {{"Status": "FAILED", "SecurityControlId": "EC2.8"}}, "ProductFields": {{"ControlId": "EC2.8"}}, "Resources": [{{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:1:instance/i-{i}"}}]}}"#
        )
        .unwrap();
    }
    text.push_str("]}");
    std::fs::write(&path, text).unwrap();
    let mut n = 0;
    let stats = read_findings(&path, &IngestOptions::default(), &mut |f| {
        assert_eq!(f.rule, "EC2.8");
        n += 1;
    })
    .unwrap();
    assert_eq!((n, stats.failed), (20_000, 20_000));
}

#[test]
fn a_forced_wrong_format_is_an_error() {
    let Some(findings_dir) = findings_dir() else {
        return;
    };
    let asff = findings_dir.join("securityhub-asff/aws-asr/simtest/simdata/afsbp-ec2.8.json");
    for format in [
        FindingFormat::Sarif,
        FindingFormat::CheckovJson,
        FindingFormat::Ocsf,
    ] {
        let err = read(
            &asff,
            &IngestOptions {
                format: Some(format),
                csv_columns: None,
            },
        )
        .unwrap_err();
        assert!(matches!(err, IngestError::Syntax { .. }), "{format}: {err}");
    }
}

#[test]
fn a_short_csv_row_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(
        &path,
        "Resource,Rule,Title\narn:aws:s3:::a,S3.8,ok\n\"unterminated,S3.8\n",
    )
    .unwrap();
    let columns: CsvColumns = "resource=Resource,rule=Rule,title=Title".parse().unwrap();
    let err = read(
        &path,
        &IngestOptions {
            format: None,
            csv_columns: Some(columns),
        },
    )
    .unwrap_err();
    match &err {
        IngestError::Syntax { line, message, .. } => {
            assert_eq!(*line, 3, "{err}");
            assert!(message.contains("expected 3 fields"), "{err}");
        }
        other => panic!("{other}"),
    }
}
