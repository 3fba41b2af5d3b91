use crate::sample::{self, CDN, S3, WEB};
use crate::sarif_schema::{assert_valid_sarif, sarif_validator};
use driftless_diagnostics::{Edit, TextRange, apply_edits};
use driftless_formats::{Emit, Report, SarifEmitter, to_sarif, write_sarif};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn full_log() -> Value {
    to_sarif(&sample::Sample::new().report())
}

#[test]
fn validates_against_the_oasis_schema() {
    let log = full_log();
    assert_valid_sarif(&log);
    assert_valid_sarif(&to_sarif(&Report::new("0.1.0", &[])));
    // A replacement and a skipped verification validate too.
    let mut findings = vec![sample::imds(), sample::imds()];
    findings[0].fix_verification = Some(sample::ebs_replaced());
    findings[1].fix_verification = Some(sample::not_verified());
    let verified = to_sarif(&Report::new("0.1.0", &findings));
    assert_valid_sarif(&verified);
    let results = &verified["runs"][0]["results"];
    assert_eq!(
        results[0]["properties"]["fixVerification"]["changes"][0]["replaceOrder"],
        "delete_then_create"
    );
    assert_eq!(
        results[1]["properties"]["fixVerification"],
        json!({
            "status": "skipped",
            "summary": "not verified: Terraform was not found on PATH (--terraform or DRIFTLESS_TERRAFORM names it).",
            "reason": "Terraform was not found on PATH (--terraform or DRIFTLESS_TERRAFORM names it).",
        })
    );
    assert_eq!(
        verified["runs"][0]["properties"]["summary"]["not_verified"],
        1
    );
    // The validator is not vacuous: it rejects a wrong level and a path that is no URI.
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_validator().is_valid(&bad));
    let mut bad = log;
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "a b.tf".into();
    assert!(!sarif_validator().is_valid(&bad));
}

#[test]
fn header_and_driver() {
    let log = full_log();
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "driftless");
    assert_eq!(driver["version"], "0.1.0");
    assert_eq!(
        driver["informationUri"],
        "https://example.invalid/driftless"
    );
    assert_eq!(run["properties"]["summary"]["fixed"], 1);
    assert_eq!(
        run["results"].as_array().unwrap().len(),
        3,
        "fixed findings are not results"
    );
}

#[test]
fn rules_are_reporting_descriptors() {
    let log = full_log();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(
        rules.len(),
        3,
        "two given, one made up for the finding whose rule is missing"
    );
    let imds = &rules[0];
    assert_eq!(imds["id"], "aws-ec2-imdsv2-required");
    assert_eq!(imds["name"], "AwsEc2Imdsv2Required");
    assert_eq!(
        imds["shortDescription"]["text"],
        "EC2 instances require IMDSv2"
    );
    assert_eq!(
        imds["fullDescription"]["text"],
        "`aws_instance` blocks whose metadata service accepts IMDSv1."
    );
    assert!(
        imds["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("## What it checks\n")
    );
    assert_eq!(imds["help"]["text"], imds["help"]["markdown"]);
    assert_eq!(
        imds["helpUri"],
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html",
        "the first reference that is a URL"
    );
    assert_eq!(imds["defaultConfiguration"]["level"], "error");
    assert_eq!(
        imds["properties"]["tags"],
        json!(["security", "terraform", "high"])
    );
    assert_eq!(imds["properties"]["security-severity"], "8.0");
    assert_eq!(
        imds["properties"]["crossRefs"]["checkov"],
        json!(["CKV_AWS_79"])
    );
    assert_eq!(
        imds["properties"]["crossRefs"]["security_hub"],
        json!(["EC2.8"])
    );

    let acl = &rules[1];
    assert_eq!(acl["properties"]["security-severity"], "9.5");
    assert_eq!(
        acl["fullDescription"]["text"], "S3 buckets have no public ACL",
        "no doc: the title"
    );
    assert_eq!(acl.get("helpUri"), None);

    let made_up = &rules[2];
    assert_eq!(made_up["id"], "aws-s3-bucket-logging-enabled");
    assert_eq!(made_up["defaultConfiguration"]["level"], "warning");
    assert_eq!(made_up["properties"]["security-severity"], "5.5");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let indexes: Vec<&Value> = results.iter().map(|r| &r["ruleIndex"]).collect();
    assert_eq!(indexes, [&json!(0), &json!(1), &json!(2)]);
}

#[test]
fn result_location_fingerprint_and_properties() {
    let findings = sample::findings();
    let log = full_log();
    let r = &log["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "aws-ec2-imdsv2-required");
    assert_eq!(r["level"], "error");
    assert_eq!(r["message"]["text"], "Instance accepts IMDSv1 requests");
    let loc = &r["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"],
        json!({ "uri": WEB, "uriBaseId": "%SRCROOT%" })
    );
    let start = findings[0].location.range.start;
    assert_eq!(
        loc["physicalLocation"]["region"],
        json!({ "startLine": 6, "startColumn": 35, "endLine": 6, "endColumn": 50, "byteOffset": start, "byteLength": 15 })
    );
    assert_eq!(loc["physicalLocation"]["contextRegion"]["startLine"], 1);
    assert_eq!(loc["physicalLocation"]["contextRegion"]["endLine"], 9);
    assert_eq!(
        loc["logicalLocations"],
        json!([{ "fullyQualifiedName": "module.web.aws_instance.this[0]", "kind": "resource" }])
    );
    assert_eq!(
        r["partialFingerprints"],
        json!({ "driftless/v1": findings[0].fingerprint.as_str() })
    );
    assert_eq!(
        r["partialFingerprints"]["driftless/v1"]
            .as_str()
            .unwrap()
            .len(),
        32
    );

    let related = r["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(related[0]["id"], 1);
    assert_eq!(
        related[0]["message"]["text"],
        "The value is set in a tfvars entry"
    );
    assert_eq!(
        related[0]["physicalLocation"]["artifactLocation"]["uri"],
        "terraform.tfvars"
    );
    assert_eq!(related[0]["physicalLocation"]["region"]["startColumn"], 15);
    assert_eq!(related[1]["id"], 2);
    assert_eq!(
        related[1]["message"]["text"],
        "Module call `web` (source `./modules/web`)"
    );
    assert_eq!(
        related[1]["physicalLocation"]["artifactLocation"]["uri"],
        "main.tf"
    );

    let changes = [
        "module.web.aws_instance.this[0]",
        "module.web.aws_instance.this[1]",
    ]
    .map(|address| {
        json!({
            "rootModule": ".", "address": address, "action": "update",
            "replaceOrder": null, "replacePaths": [],
            "changedPaths": ["metadata_options[0].http_tokens"],
        })
    });
    assert_eq!(
        r["properties"],
        json!({
            "issueKind": "incorrect_value",
            "blockAddress": "module.web.aws_instance.this",
            "rootModule": ".",
            "instances": ["module.web.aws_instance.this[0]", "module.web.aws_instance.this[1]"],
            "applicability": "review",
            "impactNote": "IMDSv1 clients stop receiving credentials. The value is set in terraform.tfvars.",
            "fixVerification": {
                "status": "planned",
                "summary": "verified: update in place",
                "tool": "terraform 1.11.4",
                "rootModules": ["."],
                "changes": changes,
            },
        })
    );
    assert_eq!(r.get("suppressions"), None);

    // Columns are characters, byte offsets are bytes: `équipe` is 6 columns and 7 bytes.
    let cdn = &log["runs"][0]["results"][2];
    let region = &cdn["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startColumn"], &region["endColumn"]),
        (&json!(42), &json!(53))
    );
    let line_start = sample::CDN_TF.find("  settings").unwrap();
    assert_eq!(region["byteOffset"], line_start + 42);
    assert_eq!(region["byteLength"], 11);
    assert_eq!(
        cdn["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        CDN
    );
    assert_eq!(
        cdn["properties"]["recommendation"],
        findings[2].recommendation.as_deref().unwrap()
    );
    assert_eq!(cdn.get("fixes"), None);
    assert_eq!(cdn.get("relatedLocations"), None);
    assert_eq!(cdn["properties"].get("applicability"), None);
}

#[test]
fn fixes_are_exact_byte_replacements_grouped_by_file() {
    let log = full_log();
    let fixes = log["runs"][0]["results"][0]["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 1);
    assert_eq!(
        fixes[0]["description"]["text"],
        "Require IMDSv2 session tokens. IMDSv1 clients stop receiving credentials. The value is set in terraform.tfvars."
    );
    let changes = fixes[0]["artifactChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "one change per file");
    assert_eq!(
        changes[0]["artifactLocation"],
        json!({ "uri": WEB, "uriBaseId": "%SRCROOT%" })
    );
    let hop = sample::range(WEB, "64", 0);
    let after_hop = sample::range(WEB, "= 64\n", 0).end;
    assert_eq!(
        changes[0]["replacements"],
        json!([
            { "deletedRegion": { "byteOffset": hop.start, "byteLength": 2 }, "insertedContent": { "text": "1" } },
            {
                "deletedRegion": { "byteOffset": after_hop, "byteLength": 0 },
                "insertedContent": { "text": "    http_endpoint               = \"enabled\"\n" },
            },
        ])
    );
    assert_eq!(changes[1]["artifactLocation"]["uri"], "terraform.tfvars");
    assert_eq!(
        changes[1]["replacements"],
        json!([{ "deletedRegion": { "byteOffset": 14, "byteLength": 10 }, "insertedContent": { "text": "\"required\"" } }])
    );

    // Applying the SARIF replacements gives the same text as applying the fix's edits.
    let sarif_edits: Vec<Edit> = changes
        .iter()
        .flat_map(|c| {
            let path = c["artifactLocation"]["uri"].as_str().unwrap().to_owned();
            c["replacements"].as_array().unwrap().iter().map(move |r| {
                let offset =
                    u32::try_from(r["deletedRegion"]["byteOffset"].as_u64().unwrap()).unwrap();
                let length =
                    u32::try_from(r["deletedRegion"]["byteLength"].as_u64().unwrap()).unwrap();
                let text = r["insertedContent"]["text"].as_str().unwrap_or_default();
                Edit::replacement(path.clone(), TextRange::new(offset, offset + length), text)
            })
        })
        .collect();
    let fix = sample::imds().fix.unwrap();
    for path in [WEB, "terraform.tfvars"] {
        let by_fix: Vec<&Edit> = fix.edits().iter().filter(|e| e.path == path).collect();
        let by_sarif: Vec<&Edit> = sarif_edits.iter().filter(|e| e.path == path).collect();
        assert_eq!(
            apply_edits(sample::text_of(path), &by_sarif),
            apply_edits(sample::text_of(path), &by_fix)
        );
    }
    assert!(
        apply_edits(
            sample::TFVARS,
            &sarif_edits
                .iter()
                .filter(|e| e.path == "terraform.tfvars")
                .collect::<Vec<_>>()
        )
        .contains("\"required\"")
    );
}

#[test]
fn suppressed_finding_has_an_in_source_suppression() {
    let log = full_log();
    let r = &log["runs"][0]["results"][1];
    assert_eq!(r["level"], "error", "critical");
    let suppressions = r["suppressions"].as_array().unwrap();
    assert_eq!(suppressions.len(), 1);
    let s = &suppressions[0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["status"], "accepted");
    assert_eq!(s["justification"], "public website logs");
    assert_eq!(
        s["properties"],
        json!({ "source": "checkov", "expires": "2027-01-31" })
    );
    assert_eq!(
        s["location"]["physicalLocation"]["artifactLocation"]["uri"],
        S3
    );
    assert_eq!(s["location"]["physicalLocation"]["region"]["startLine"], 1);
    // A deletion has no inserted content.
    let line = sample::range(S3, "  acl    = \"public-read\"\n", 0);
    assert_eq!(
        r["fixes"][0]["artifactChanges"][0]["replacements"],
        json!([{ "deletedRegion": { "byteOffset": line.start, "byteLength": line.len() } }])
    );
    assert_eq!(
        r["fixes"][0]["description"]["text"],
        "Remove the public ACL"
    );
    assert_eq!(r["properties"]["applicability"], "safe");
    assert_eq!(
        r["properties"].get("impactNote"),
        None,
        "empty notes are left out"
    );
}

#[test]
fn input_errors_are_tool_execution_notifications() {
    let log = full_log();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(
        notes[0],
        json!({
            "level": "error",
            "message": { "text": "syntax error: broken.tf:3:5: expected `}`" },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": "broken.tf", "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": 3, "startColumn": 5 },
            } }],
            "properties": { "kind": "syntax" },
        })
    );
    assert_eq!(notes[1]["level"], "note");
    assert_eq!(
        notes[1]["message"]["text"],
        "skipped: big.tf.json: larger than 8 MiB"
    );
    assert_eq!(
        notes[1]["locations"][0]["physicalLocation"].get("region"),
        None
    );

    // Skipped inputs alone do not make the run fail.
    let skipped = [sample::errors().remove(1)];
    let log = to_sarif(&Report::new("0.1.0", &[]).with_errors(&skipped));
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn writer_and_emitter_agree() {
    let findings = sample::findings();
    let sources: BTreeMap<String, String> = sample::sources();
    let report = Report::new("0.1.0", &findings).with_sources(&sources);
    let mut written = Vec::new();
    write_sarif(&report, &mut written).unwrap();
    let mut emitted = Vec::new();
    SarifEmitter.emit(&report, &mut emitted).unwrap();
    assert_eq!(written, emitted);
    assert!(written.ends_with(b"}\n"));
    let parsed: Value = serde_json::from_slice(&written).unwrap();
    assert_eq!(parsed, to_sarif(&report));
}
