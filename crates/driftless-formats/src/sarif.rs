//! SARIF 2.1.0 for code-scanning services (GitHub code scanning, GitLab, Azure DevOps, IDEs).
//!
//! One run; the rules that ran as `tool.driver.rules`; each finding as a result with its
//! location (1-based lines, columns in Unicode code points as `columnKind` says, and the 0-based
//! byte range), its resource address as a logical location, the value origin and module calls
//! as related locations, the fingerprint as `partialFingerprints["driftless/v1"]`, its fix as
//! `fixes[].artifactChanges` (byte regions, exact), and an inline suppression as
//! `suppressions[]`. Input errors become tool execution notifications.
//!
//! A result's `properties` (a SARIF property bag) also hold `issueKind`, `blockAddress`,
//! `rootModule`, `instances`, `applicability` and `impactNote` of its fix, `recommendation`,
//! `fixRefused`, `external` (for `driftless map`) and, when fixes were verified,
//! `fixVerification`: the JSON report's `fix_verification` object (`docs/json-output.md`) with
//! camelCase keys: `status` (`planned` or `skipped`), `summary` (its one line, "verified:
//! update in place"), then `tool`, `rootModules` and `changes[]` (`rootModule`, `address`,
//! `action`, `replaceOrder`, `replacePaths`, `changedPaths`), or `reason`. The run's
//! `properties.summary` is the JSON report's `summary`, verified and not verified fixes counted.
//!
//! Paths are repository-relative URIs against the base id `%SRCROOT%`. The output validates
//! against the OASIS schema (`data/schemas/sarif-schema-2.1.0.json` in the repository, checked
//! by this crate's tests).
//! Specification: <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>.

use crate::json::{cross_refs, summary, verification};
use crate::{Emit, Report};
use driftless_diagnostics::{
    Finding, Fix, InputError, InputErrorKind, RuleId, RuleSummary, Severity, SourceLocation,
    Suppressed,
};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;

/// The `$schema` written at the top of every SARIF log.
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` key of a finding's fingerprint; a new fingerprint scheme gets a new
/// key (`driftless/v2`) so that services keep matching the old one.
pub const FINGERPRINT_KEY: &str = "driftless/v1";

/// The `uriBaseId` of every artifact location: the root of the scanned repository.
pub const SRCROOT: &str = "%SRCROOT%";

/// Builds the SARIF 2.1.0 log of `report`.
///
/// `findings` become results (suppressed ones with `suppressions`); `fixed` findings are not
/// results (they are gone from the code) and are only counted in `runs[0].properties.summary`.
/// A finding whose rule is not in `report.rules` still gets a minimal rule descriptor, so
/// every `ruleIndex` is valid.
///
/// # Example
/// ```
/// use driftless_formats::{Report, to_sarif};
/// let log = to_sarif(&Report::new("0.1.0", &[]));
/// assert_eq!(log["version"], "2.1.0");
/// assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "driftless");
/// assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
/// ```
#[must_use]
pub fn to_sarif(report: &Report<'_>) -> Value {
    let mut rules: Vec<Value> = report.rules.iter().map(reporting_descriptor).collect();
    let mut rule_index: HashMap<&RuleId, usize> = HashMap::new();
    for (i, r) in report.rules.iter().enumerate() {
        rule_index.entry(&r.id).or_insert(i);
    }
    for f in report.findings {
        rule_index.entry(&f.rule_id).or_insert_with(|| {
            rules.push(minimal_descriptor(&f.rule_id, f.severity));
            rules.len() - 1
        });
    }
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, rule_index[&f.rule_id]))
        .collect();
    let notifications: Vec<Value> = report.errors.iter().map(notification).collect();
    json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "driftless",
                    "version": report.tool_version,
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": !report.errors.iter().any(InputError::is_error),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "summary": summary(&report.summary()) },
        }],
    })
}

/// Writes the SARIF log of `report` to `out`, pretty-printed, followed by a newline.
///
/// # Errors
/// Returns the I/O error of `out`.
pub fn write_sarif(report: &Report<'_>, mut out: impl io::Write) -> io::Result<()> {
    crate::write_pretty(&to_sarif(report), &mut out)
}

/// SARIF 2.1.0 as an [`Emit`] format.
#[derive(Debug, Clone, Copy, Default)]
pub struct SarifEmitter;

impl Emit for SarifEmitter {
    fn emit(&self, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        write_sarif(report, out)
    }
}

/// The numeric `security-severity` property GitHub code scanning reads (a CVSS-like score as a
/// string: critical `9.5`, high `8.0`, medium `5.5`, low `3.0`, info `1.0`).
#[must_use]
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// The rule's `name`: its id in CamelCase, `aws-ec2-imdsv2-required` -> `AwsEc2Imdsv2Required`.
fn rule_name(id: &str) -> String {
    id.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// The first paragraph of `markdown` that is not a heading, its lines joined by spaces.
fn first_paragraph(markdown: &str) -> Option<String> {
    let mut lines: Vec<&str> = Vec::new();
    for line in markdown.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with("```") {
            if !lines.is_empty() {
                break;
            }
            continue;
        }
        lines.push(line);
    }
    (!lines.is_empty()).then(|| lines.join(" "))
}

fn tags(severity: Severity) -> Value {
    json!(["security", "terraform", severity.as_str()])
}

fn reporting_descriptor(r: &RuleSummary) -> Value {
    let full = first_paragraph(&r.help_markdown).unwrap_or_else(|| r.title.clone());
    let help = if r.help_markdown.trim().is_empty() {
        r.title.clone()
    } else {
        r.help_markdown.clone()
    };
    let mut d = json!({
        "id": r.id.as_str(),
        "name": rule_name(r.id.as_str()),
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": full },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": { "level": r.severity.sarif_level() },
        "properties": {
            "tags": tags(r.severity),
            "security-severity": security_severity(r.severity),
            "crossRefs": cross_refs(&r.cross_refs),
            "references": r.references,
            "fixable": r.fixable,
        },
    });
    if let Some(uri) = r
        .references
        .iter()
        .find(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        d["helpUri"] = uri.as_str().into();
    }
    d
}

/// The descriptor of a rule that found something but is not in `Report::rules`.
fn minimal_descriptor(id: &RuleId, severity: Severity) -> Value {
    json!({
        "id": id.as_str(),
        "name": rule_name(id.as_str()),
        "shortDescription": { "text": id.as_str() },
        "defaultConfiguration": { "level": severity.sarif_level() },
        "properties": {
            "tags": tags(severity),
            "security-severity": security_severity(severity),
        },
    })
}

/// `path` as a relative URI reference: every byte outside RFC 3986's unreserved characters,
/// sub-delimiters, `@` and `/` percent-encoded (`:` too, so no segment reads as a scheme).
fn path_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn artifact_location(path: &str) -> Value {
    json!({ "uri": path_uri(path), "uriBaseId": SRCROOT })
}

fn region(loc: &SourceLocation) -> Value {
    json!({
        "startLine": loc.start.line,
        "startColumn": loc.start.column,
        "endLine": loc.end.line,
        "endColumn": loc.end.column,
        "byteOffset": loc.range.start,
        "byteLength": loc.range.len(),
    })
}

fn physical_location(loc: &SourceLocation) -> Value {
    json!({ "artifactLocation": artifact_location(&loc.path), "region": region(loc) })
}

/// The result's primary location, with the whole block as context when it encloses the region.
fn primary_location(f: &Finding) -> Value {
    let mut physical = physical_location(&f.location);
    let block = &f.block;
    if block.path == f.location.path
        && block.range.start <= f.location.range.start
        && f.location.range.end <= block.range.end
    {
        physical["contextRegion"] = region(block);
    }
    json!({
        "physicalLocation": physical,
        "logicalLocations": [{
            "fullyQualifiedName": f.address.to_string(),
            "kind": "resource",
        }],
    })
}

fn related_locations(f: &Finding) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(origin) = &f.value_origin {
        out.push(json!({
            "id": out.len() + 1,
            "physicalLocation": physical_location(&origin.location),
            "message": { "text": format!("The value is set in {}", origin.kind.describe()) },
        }));
    }
    for call in &f.call_chain {
        out.push(json!({
            "id": out.len() + 1,
            "physicalLocation": physical_location(&call.location),
            "message": { "text": format!("Module call `{}` (source `{}`)", call.name, call.source) },
        }));
    }
    out
}

/// What the fix does and what it can break: the title and the note joined into sentences.
fn fix_description(fix: &Fix) -> Option<String> {
    match (fix.title().trim(), fix.note().trim()) {
        ("", "") => None,
        (title, "") => Some(title.to_owned()),
        ("", note) => Some(note.to_owned()),
        (title, note) if title.ends_with(['.', '!', '?']) => Some(format!("{title} {note}")),
        (title, note) => Some(format!("{title}. {note}")),
    }
}

fn sarif_fix(fix: &Fix) -> Value {
    // `Fix::edits` is sorted by path, so the edits of one file are adjacent.
    let mut changes: Vec<(&str, Vec<Value>)> = Vec::new();
    for edit in fix.edits() {
        let mut replacement = json!({
            "deletedRegion": { "byteOffset": edit.range.start, "byteLength": edit.range.len() },
        });
        if !edit.content.is_empty() {
            replacement["insertedContent"] = json!({ "text": edit.content });
        }
        match changes.last_mut() {
            Some((path, replacements)) if *path == edit.path => replacements.push(replacement),
            _ => changes.push((&edit.path, vec![replacement])),
        }
    }
    let artifact_changes: Vec<Value> = changes
        .into_iter()
        .map(|(path, replacements)| json!({ "artifactLocation": artifact_location(path), "replacements": replacements }))
        .collect();
    let mut out = json!({ "artifactChanges": artifact_changes });
    if let Some(text) = fix_description(fix) {
        out["description"] = json!({ "text": text });
    }
    out
}

fn suppression(s: &Suppressed) -> Value {
    let mut properties = Map::new();
    properties.insert("source".into(), json!(s.source));
    if let Some(expires) = &s.expires {
        properties.insert("expires".into(), expires.as_str().into());
    }
    let mut out = json!({
        "kind": "inSource",
        "status": "accepted",
        "location": { "physicalLocation": physical_location(&s.location) },
        "properties": properties,
    });
    if let Some(reason) = &s.reason {
        out["justification"] = reason.as_str().into();
    }
    out
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let mut properties = Map::new();
    properties.insert("issueKind".into(), json!(f.issue_kind));
    properties.insert(
        "blockAddress".into(),
        f.address.block_address().to_string().into(),
    );
    properties.insert("rootModule".into(), f.root_module.as_str().into());
    properties.insert(
        "instances".into(),
        json!(
            f.instances
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        ),
    );
    if let Some(x) = &f.external {
        properties.insert(
            "external".into(),
            json!({"tool": x.tool, "findingId": x.finding_id, "rule": x.rule, "resourceId": x.resource_id}),
        );
    }
    if let Some(fix) = &f.fix {
        properties.insert("applicability".into(), fix.applicability().as_str().into());
        if !fix.note().is_empty() {
            properties.insert("impactNote".into(), fix.note().into());
        }
    }
    if let Some(text) = &f.recommendation {
        properties.insert("recommendation".into(), text.as_str().into());
    }
    if let Some(reason) = &f.fix_refused {
        properties.insert("fixRefused".into(), reason.as_str().into());
    }
    if let Some(v) = &f.fix_verification {
        properties.insert("fixVerification".into(), camel_case_keys(verification(v)));
    }
    let mut out = json!({
        "ruleId": f.rule_id.as_str(),
        "ruleIndex": rule_index,
        "level": f.severity.sarif_level(),
        "message": { "text": f.message },
        "locations": [primary_location(f)],
        "partialFingerprints": { FINGERPRINT_KEY: f.fingerprint.as_str() },
        "properties": properties,
    });
    let related = related_locations(f);
    if !related.is_empty() {
        out["relatedLocations"] = related.into();
    }
    if let Some(fix) = &f.fix {
        out["fixes"] = json!([sarif_fix(fix)]);
    }
    if let Some(s) = &f.suppressed {
        out["suppressions"] = json!([suppression(s)]);
    }
    out
}

/// `value` with every object key, at every depth, from `snake_case` to camelCase
/// (`replace_paths` -> `replacePaths`); values are kept as they are.
fn camel_case_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (camel_case(&k), camel_case_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_case_keys).collect()),
        other => other,
    }
}

fn camel_case(key: &str) -> String {
    let mut parts = key.split('_');
    let first = parts.next().unwrap_or_default().to_owned();
    first + &rule_name(&parts.collect::<Vec<_>>().join("-"))
}

/// One input error as a tool execution notification: `error` level unless skipped (`note`).
fn notification(e: &InputError) -> Value {
    let phrase = match e.kind {
        InputErrorKind::Syntax => "syntax error",
        InputErrorKind::Unreadable => "unreadable",
        InputErrorKind::Skipped => "skipped",
        InputErrorKind::Unresolved => "unresolved",
    };
    let mut physical = json!({ "artifactLocation": artifact_location(&e.path) });
    if let Some(p) = e.position {
        physical["region"] = json!({ "startLine": p.line, "startColumn": p.column });
    }
    json!({
        "level": if e.is_error() { "error" } else { "note" },
        "message": { "text": format!("{phrase}: {e}") },
        "locations": [{ "physicalLocation": physical }],
        "properties": { "kind": e.kind },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_camel_case() {
        assert_eq!(rule_name("aws-ec2-imdsv2-required"), "AwsEc2Imdsv2Required");
        assert_eq!(
            rule_name("aws-s3-bucket-public-access-block"),
            "AwsS3BucketPublicAccessBlock"
        );
    }

    #[test]
    fn keys_become_camel_case_and_values_stay() {
        let v = json!({ "root_modules": ["a_b"], "changes": [{ "replace_order": "delete_then_create" }], "status": "x" });
        assert_eq!(
            camel_case_keys(v),
            json!({ "rootModules": ["a_b"], "changes": [{ "replaceOrder": "delete_then_create" }], "status": "x" })
        );
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri("modules/web/main.tf"), "modules/web/main.tf");
        assert_eq!(path_uri("env prod/a#b.tf"), "env%20prod/a%23b.tf");
        assert_eq!(path_uri("c:/ré.tf"), "c%3A/r%C3%A9.tf");
        assert_eq!(path_uri("50%.tfvars"), "50%25.tfvars");
    }

    #[test]
    fn full_description_is_the_first_paragraph() {
        let md = "## What it checks\n`aws_instance` blocks whose\nmetadata accepts IMDSv1.\n\n## Why it matters\nSSRF.\n";
        assert_eq!(
            first_paragraph(md).as_deref(),
            Some("`aws_instance` blocks whose metadata accepts IMDSv1.")
        );
        assert_eq!(first_paragraph("## Only headings\n"), None);
    }

    #[test]
    fn fix_description_joins_title_and_note() {
        use driftless_diagnostics::{Edit, TextRange};
        let fix = Fix::review(Edit::replacement("m.tf", TextRange::new(0, 1), "x"), []);
        assert_eq!(fix_description(&fix), None);
        let titled = fix.clone().with_title("Require IMDSv2 session tokens");
        assert_eq!(
            fix_description(&titled).as_deref(),
            Some("Require IMDSv2 session tokens")
        );
        let both = titled.with_note("IMDSv1 clients stop receiving credentials.");
        assert_eq!(
            fix_description(&both).as_deref(),
            Some("Require IMDSv2 session tokens. IMDSv1 clients stop receiving credentials.")
        );
        let noted = fix.with_note("Edits terraform.tfvars.");
        assert_eq!(
            fix_description(&noted).as_deref(),
            Some("Edits terraform.tfvars.")
        );
    }
}
