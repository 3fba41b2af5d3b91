use crate::sample;
use driftless_diagnostics::ExternalRef;
use driftless_formats::{CSV_COLUMNS, CsvEmitter, Emit, Report, write_csv};

fn csv_of(report: &Report<'_>) -> String {
    let mut out = Vec::new();
    CsvEmitter.emit(report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn sample_report_exact_text() {
    let sample = sample::Sample::new();
    let report = sample.report_without_sources();
    assert_eq!(
        csv_of(&report),
        "severity,rule_id,message,path,start_line,start_column,address,fingerprint,suppressed,\
         fix_applicability,fix_title,fix_refused,recommendation,external_tool,external_rule,\
         external_resource_id,fix_verification\n\
         high,aws-ec2-imdsv2-required,Instance accepts IMDSv1 requests,modules/web/main.tf,6,35,\
         module.web.aws_instance.this[0],1c43b5a09183546aa4019a5e9f2b66fe,no,review,\
         Require IMDSv2 session tokens,,,,,,verified: update in place\n\
         critical,aws-s3-bucket-no-public-acl,Bucket grants public read through its ACL,s3.tf,4,12,\
         aws_s3_bucket.logs,881cdfc6e349106ed746a33d1364ec47,yes,safe,Remove the public ACL,,,,,,\n\
         medium,aws-s3-bucket-logging-enabled,Bucket access is not logged,\
         .terraform/modules/cdn/main.tf,2,42,module.cdn.aws_s3_bucket.this,\
         36c41c7d15476b642605c3667869087a,no,,,,\
         \"Set `logging` on module \"\"cdn\"\"; registry modules are never edited.\",,,,\n"
    );
}

#[test]
fn empty_report_is_the_header_only() {
    let mut out = Vec::new();
    write_csv(&Report::new("0.1.0", &[]), &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        CSV_COLUMNS.join(",") + "\n"
    );
}

#[test]
fn quoted_fields_and_external_columns_read_back_exactly() {
    let mut f = sample::imds();
    f.message = "a, \"b\"\nc\r\nd".into();
    f.fix_refused = Some("the fix adds a finding".into());
    f.fix_verification = Some(sample::ebs_replaced());
    f.external = Some(ExternalRef {
        tool: "Security Hub".into(),
        finding_id: "arn:aws:securityhub:...:finding/1".into(),
        rule: "EC2.8".into(),
        resource_id: "arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b".into(),
    });
    let findings = vec![f];
    let text = csv_of(&Report::new("0.1.0", &findings));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].iter().collect::<Vec<_>>(),
        [
            "high",
            "aws-ec2-imdsv2-required",
            "a, \"b\"\nc\r\nd",
            "modules/web/main.tf",
            "6",
            "35",
            "module.web.aws_instance.this[0]",
            "1c43b5a09183546aa4019a5e9f2b66fe",
            "no",
            "review",
            "Require IMDSv2 session tokens",
            "the fix adds a finding",
            "",
            "Security Hub",
            "EC2.8",
            "arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b",
            "verified: replaces aws_ebs_volume.scratch: `encrypted` forces replacement",
        ]
    );
}
