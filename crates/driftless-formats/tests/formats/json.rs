use crate::sample::{self, S3, WEB};
use driftless_diagnostics::Severity;
use driftless_formats::{Emit, JsonEmitter, Report, to_json, write_json};
use serde_json::{Value, json};
use std::collections::BTreeSet;

#[test]
fn summary_counts_open_suppressed_fixable_and_errors() {
    let (findings, errors, fixed) = (sample::findings(), sample::errors(), sample::fixed());
    let report = Report::new("0.1.0", &findings)
        .with_errors(&errors)
        .with_fixed(&fixed);
    let s = report.summary();
    assert_eq!((s.findings, s.open, s.suppressed), (3, 2, 1));
    // The suppressed critical finding is not counted by severity, nor as fixable.
    assert_eq!(s.count(Severity::Critical), 0);
    assert_eq!(s.count(Severity::High), 1);
    assert_eq!(s.count(Severity::Medium), 1);
    assert_eq!((s.fixable, s.fixable_review), (0, 1));
    assert_eq!((s.fixed, s.errors, s.skipped), (1, 1, 1));

    let mut refused = sample::findings();
    refused[0].fix_refused = Some("the fix adds a finding".into());
    assert_eq!(
        Report::new("0.1.0", &refused).summary().fixable_review,
        0,
        "a refused fix is not fixable"
    );
}

#[test]
fn top_level_and_summary() {
    let (findings, errors, fixed, rules) = (
        sample::findings(),
        sample::errors(),
        sample::fixed(),
        sample::rules(),
    );
    let report = Report::new("1.2.3", &findings)
        .with_errors(&errors)
        .with_fixed(&fixed)
        .with_rules(&rules);
    let v = to_json(&report);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "tool",
            "summary",
            "findings",
            "fixed",
            "errors",
            "rules"
        ]
    );
    assert_eq!(v["schema_version"], 1);
    assert_eq!(
        v["tool"],
        json!({ "name": "driftless", "version": "1.2.3" })
    );
    assert_eq!(
        v["summary"],
        json!({
            "findings": 3, "open": 2,
            "by_severity": { "critical": 0, "high": 1, "medium": 1, "low": 0, "info": 0 },
            "suppressed": 1, "fixable": 0, "fixable_review": 1, "fixed": 1, "errors": 1, "skipped": 1,
            "verified": 2, "not_verified": 0,
        })
    );
    assert_eq!(
        v["fixed"][0]["message"],
        "Instance accepts IMDSv1 requests (fixed)"
    );
    assert_eq!(
        v["rules"][0]["cross_refs"]["checkov"],
        json!(["CKV_AWS_79"])
    );
    assert_eq!(v["rules"][1]["cross_refs"]["trivy"], json!([]));
}

#[test]
fn finding_fields() {
    let findings = sample::findings();
    let sources = sample::sources();
    let v = to_json(&Report::new("0.1.0", &findings).with_sources(&sources));
    let f = &v["findings"][0];
    assert_eq!(f["rule_id"], "aws-ec2-imdsv2-required");
    assert_eq!(f["severity"], "high");
    assert_eq!(f["address"], "module.web.aws_instance.this[0]");
    assert_eq!(f["block_address"], "module.web.aws_instance.this");
    assert_eq!(
        f["instances"],
        json!([
            "module.web.aws_instance.this[0]",
            "module.web.aws_instance.this[1]"
        ])
    );
    assert_eq!(f["root_module"], ".");
    assert_eq!(f["fingerprint"], findings[0].fingerprint.as_str());
    assert_eq!(
        f["fingerprint"], "1c43b5a09183546aa4019a5e9f2b66fe",
        "as in docs/json-output.md"
    );
    assert_eq!(f["issue_kind"], "incorrect_value");
    let start = u64::from(findings[0].location.range.start);
    assert_eq!(
        f["location"],
        json!({
            "path": WEB, "start_line": 6, "start_column": 35, "end_line": 6, "end_column": 50,
            "start_byte": start, "end_byte": start + 15,
        })
    );
    assert_eq!(f["block"]["start_line"], 1);
    assert_eq!(f["block"]["end_line"], 9);
    assert_eq!(f["call_chain"][0]["name"], "web");
    assert_eq!(f["call_chain"][0]["location"]["path"], "main.tf");
    assert_eq!(f["value_origin"]["kind"], "tfvars");
    assert_eq!(f["value_origin"]["location"]["start_column"], 15);
    assert_eq!(f["recommendation"], Value::Null);
    assert_eq!(f["fix_refused"], Value::Null);
    assert_eq!(f["suppressed"], Value::Null);

    let fix = &f["fix"];
    assert_eq!(fix["applicability"], "review");
    assert_eq!(fix["title"], "Require IMDSv2 session tokens");
    let edits = fix["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 3);
    // Sorted by path then offset: the two edits to the module, then the tfvars one.
    let hop = sample::range(WEB, "64", 0);
    assert_eq!(
        edits[0],
        json!({
            "path": WEB, "start_byte": hop.start, "end_byte": hop.end,
            "start_line": 7, "start_column": 35, "end_line": 7, "end_column": 37, "content": "1",
        })
    );
    assert_eq!(
        (&edits[1]["start_line"], &edits[1]["start_column"]),
        (&json!(8), &json!(1))
    );
    assert_eq!(edits[1]["start_byte"], edits[1]["end_byte"], "an insertion");
    assert_eq!(edits[2]["path"], "terraform.tfvars");
    assert_eq!(edits[2]["content"], "\"required\"");
    assert_eq!(
        (&edits[2]["start_byte"], &edits[2]["end_byte"]),
        (&json!(14), &json!(24))
    );

    let suppressed = &v["findings"][1]["suppressed"];
    assert_eq!(suppressed["source"], "checkov");
    assert_eq!(suppressed["reason"], "public website logs");
    assert_eq!(suppressed["expires"], "2027-01-31");
    assert_eq!(suppressed["location"]["path"], S3);
    assert_eq!(v["findings"][1]["fix"]["edits"][0]["content"], "");

    let recommended = &v["findings"][2];
    assert_eq!(recommended["fix"], Value::Null);
    assert_eq!(
        recommended["recommendation"],
        findings[2].recommendation.as_deref().unwrap()
    );
    // Columns count characters: `équipe` before the value takes 6 columns and 7 bytes.
    assert_eq!(recommended["location"]["start_column"], 42);
    assert_eq!(recommended["location"]["end_column"], 53);
}

#[test]
fn fix_verification_planned_replaced_and_skipped() {
    let mut findings = vec![sample::imds(), sample::imds(), sample::logging()];
    findings[1].fix_verification = Some(sample::ebs_replaced());
    let mut fixed = sample::fixed();
    fixed[0].fix_verification = Some(sample::not_verified());
    let v = to_json(&Report::new("0.1.0", &findings).with_fixed(&fixed));
    assert_eq!(
        v["findings"][0]["fix_verification"]["changes"][1],
        json!({
            "root_module": ".", "address": "module.web.aws_instance.this[1]", "action": "update",
            "replace_order": null, "replace_paths": [],
            "changed_paths": ["metadata_options[0].http_tokens"],
        })
    );
    assert_eq!(
        v["findings"][1]["fix_verification"],
        json!({
            "status": "planned",
            "summary": "verified: replaces aws_ebs_volume.scratch: `encrypted` forces replacement",
            "tool": "terraform 1.11.4",
            "root_modules": ["."],
            "changes": [{
                "root_module": ".", "address": "aws_ebs_volume.scratch", "action": "replace",
                "replace_order": "delete_then_create", "replace_paths": ["encrypted"],
                "changed_paths": ["encrypted"],
            }],
        })
    );
    assert_eq!(v["findings"][2]["fix_verification"], Value::Null);
    assert_eq!(
        v["fixed"][0]["fix_verification"],
        json!({
            "status": "skipped",
            "summary": "not verified: Terraform was not found on PATH (--terraform or DRIFTLESS_TERRAFORM names it).",
            "reason": "Terraform was not found on PATH (--terraform or DRIFTLESS_TERRAFORM names it).",
        })
    );
    assert_eq!(
        (&v["summary"]["verified"], &v["summary"]["not_verified"]),
        (&json!(2), &json!(1))
    );
}

#[test]
fn edit_positions_need_the_source_text() {
    let findings = sample::findings();
    let fixed = sample::fixed();
    let sources = sample::sources();
    let without = to_json(&Report::new("0.1.0", &findings));
    assert_eq!(
        without["findings"][0]["fix"]["edits"][0]["start_line"],
        Value::Null
    );
    assert_eq!(
        without["findings"][0]["fix"]["edits"][0]["start_byte"],
        sample::range(WEB, "64", 0).start
    );
    // Fixed findings refer to the text before the fix, so the current text gives no positions.
    let with = to_json(
        &Report::new("0.1.0", &findings)
            .with_fixed(&fixed)
            .with_sources(&sources),
    );
    assert_eq!(with["findings"][0]["fix"]["edits"][0]["start_line"], 7);
    assert_eq!(
        with["fixed"][0]["fix"]["edits"][0]["start_line"],
        Value::Null
    );
    // An edit past the end of the known text gets no position either.
    let mut short = sources.clone();
    short.insert(WEB.into(), "resource {}\n".into());
    let v = to_json(&Report::new("0.1.0", &findings).with_sources(&short));
    assert_eq!(v["findings"][0]["fix"]["edits"][0]["end_line"], Value::Null);
}

#[test]
fn errors_and_writer() {
    let errors = sample::errors();
    let report = Report::new("0.1.0", &[]).with_errors(&errors);
    let mut out = Vec::new();
    write_json(&report, &mut out).unwrap();
    let mut emitted = Vec::new();
    JsonEmitter.emit(&report, &mut emitted).unwrap();
    assert_eq!(out, emitted);
    assert!(out.ends_with(b"}\n"));
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        v["errors"][0],
        json!({ "kind": "syntax", "path": "broken.tf", "line": 3, "column": 5, "message": "expected `}`", "is_error": true })
    );
    assert_eq!(v["errors"][1]["kind"], "skipped");
    assert_eq!(v["errors"][1]["line"], Value::Null);
    assert_eq!(v["errors"][1]["is_error"], false);
}

/// Every key the JSON report can contain is documented in `docs/json-output.md`.
#[test]
fn every_field_is_documented() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/json-output.md"
    ))
    .unwrap();
    let mut keys = BTreeSet::new();
    collect_keys(&to_json(&sample::Sample::new().report()), &mut keys);
    // A skipped verification has its own keys.
    let mut skipped = sample::imds();
    skipped.fix_verification = Some(sample::not_verified());
    collect_keys(&to_json(&Report::new("0.1.0", &[skipped])), &mut keys);
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "fields missing from docs/json-output.md: {missing:?}"
    );
    assert!(keys.len() > 50, "the sample reaches every nested object");
}

fn collect_keys(v: &Value, keys: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                keys.insert(k.clone());
                collect_keys(child, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_keys(i, keys)),
        _ => {}
    }
}
