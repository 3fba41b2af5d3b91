//! SARIF 2.1.0 results of code scanners (Checkov, Trivy, KICS): each result names a rule and
//! a file and line, and sometimes the resource address as a logical location.

use super::stream::stream;
use super::{
    CodeLocation, ExternalFinding, FindingFormat, FindingStatus, ReadError, severity_from_label,
};
use driftless_diagnostics::Severity;
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Read;

/// A run; `tool` is required (SARIF 2.1.0, 3.14.6), so a file of another format forced to be
/// read as SARIF is an error, not an empty run.
#[derive(Deserialize)]
struct Run {
    tool: Tool,
    #[serde(default)]
    results: Vec<SarifResult>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Tool {
    driver: Driver,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Driver {
    name: String,
    rules: Vec<Rule>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Option<Text>,
    help: Option<Text>,
    help_uri: Option<String>,
    default_configuration: Option<Configuration>,
    properties: Option<HashMap<String, serde_json::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Text {
    text: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Configuration {
    level: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    level: Option<String>,
    kind: Option<String>,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: HashMap<String, String>,
    suppressions: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Location {
    physical_location: Option<Physical>,
    logical_locations: Vec<Logical>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Option<Region>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Artifact {
    uri: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Region {
    start_line: Option<u32>,
    end_line: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Logical {
    fully_qualified_name: Option<String>,
    name: Option<String>,
}

/// Reads SARIF results from `reader`, run by run.
pub(crate) fn read(
    reader: impl Read,
    sink: &mut dyn FnMut(ExternalFinding),
) -> Result<(), ReadError> {
    stream::<Run, _>(reader, &[&["runs"]], &mut |run| {
        let rules: HashMap<&str, &Rule> = run
            .tool
            .driver
            .rules
            .iter()
            .map(|r| (r.id.as_str(), r))
            .collect();
        for r in &run.results {
            sink(convert(
                &run.tool.driver.name,
                rules.get(r.rule_id.as_str()).copied(),
                r,
            ));
        }
    })?;
    Ok(())
}

fn convert(tool: &str, rule: Option<&Rule>, r: &SarifResult) -> ExternalFinding {
    let location = r.locations.first();
    let physical = location.and_then(|l| l.physical_location.as_ref());
    let code = physical.map(|p| {
        let start = p.region.as_ref().and_then(|g| g.start_line).unwrap_or(1);
        let end = p.region.as_ref().and_then(|g| g.end_line).unwrap_or(start);
        CodeLocation {
            path: p
                .artifact_location
                .uri
                .trim_start_matches("file://")
                .to_owned(),
            start_line: start,
            end_line: end,
        }
    });
    let address = location
        .and_then(|l| l.logical_locations.first())
        .and_then(|l| l.fully_qualified_name.clone().or_else(|| l.name.clone()));
    let status = match r.kind.as_deref() {
        _ if !r.suppressions.is_empty() => FindingStatus::Other,
        Some("pass" | "notApplicable") => FindingStatus::Pass,
        _ => FindingStatus::Fail,
    };
    let severity = rule
        .and_then(|x| x.properties.as_ref())
        .and_then(|p| p.get("security-severity"))
        .and_then(|v| {
            v.as_str()
                .and_then(|s| s.parse::<f64>().ok())
                .or_else(|| v.as_f64())
        })
        .map(|score| match score {
            s if s >= 9.0 => Severity::Critical,
            s if s >= 7.0 => Severity::High,
            s if s >= 4.0 => Severity::Medium,
            s if s > 0.0 => Severity::Low,
            _ => Severity::Info,
        })
        .or_else(|| {
            r.level
                .as_deref()
                .or(rule
                    .and_then(|x| x.default_configuration.as_ref())
                    .and_then(|c| c.level.as_deref()))
                .and_then(severity_from_label)
        });
    let id = r
        .partial_fingerprints
        .values()
        .next()
        .cloned()
        .unwrap_or_else(|| {
            let at = code
                .as_ref()
                .map(|c| format!("{}:{}", c.path, c.start_line))
                .unwrap_or_default();
            format!("{}@{at}", r.rule_id)
        });
    ExternalFinding {
        format: FindingFormat::Sarif,
        tool: if tool.is_empty() {
            "SARIF".to_owned()
        } else {
            tool.to_owned()
        },
        id,
        rule: r.rule_id.clone(),
        title: rule
            .and_then(|x| x.short_description.as_ref())
            .and_then(|t| t.text.clone())
            .or_else(|| r.message.text.clone())
            .unwrap_or_default(),
        severity,
        status,
        resources: Vec::new(),
        location: code,
        resource_address: address,
        remediation: rule
            .and_then(|x| x.help.as_ref())
            .and_then(|t| t.text.clone()),
        remediation_url: rule.and_then(|x| x.help_uri.clone()),
    }
}
