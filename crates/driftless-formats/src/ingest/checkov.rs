//! Checkov's JSON report (`checkov -o json`): one report `{check_type, results: {failed_checks,
//! passed_checks}}` or a list of them, one per framework.

use super::stream::stream;
use super::{
    CodeLocation, ExternalFinding, FindingFormat, FindingStatus, ReadError, severity_from_label,
};
use serde::Deserialize;
use std::io::Read;

/// One framework's report; `results` is required, so another format forced to be read as
/// Checkov's is an error, not an empty report.
#[derive(Deserialize)]
struct Report {
    results: Results,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Results {
    failed_checks: Vec<Check>,
    passed_checks: Vec<Check>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
// The fields are named as Checkov's JSON keys are.
#[allow(clippy::struct_field_names)]
struct Check {
    check_id: String,
    check_name: String,
    resource: Option<String>,
    file_path: String,
    file_line_range: Vec<u32>,
    guideline: Option<String>,
    severity: Option<String>,
}

/// Reads Checkov reports from `reader`.
pub(crate) fn read(
    reader: impl Read,
    sink: &mut dyn FnMut(ExternalFinding),
) -> Result<(), ReadError> {
    stream::<Report, _>(reader, &[], &mut |report| {
        for (checks, status) in [
            (report.results.failed_checks, FindingStatus::Fail),
            (report.results.passed_checks, FindingStatus::Pass),
        ] {
            for c in checks {
                sink(convert(c, status));
            }
        }
    })?;
    Ok(())
}

fn convert(c: Check, status: FindingStatus) -> ExternalFinding {
    let start = c.file_line_range.first().copied().unwrap_or(1);
    let end = c.file_line_range.get(1).copied().unwrap_or(start);
    let path = c.file_path.trim_start_matches('/').to_owned();
    ExternalFinding {
        format: FindingFormat::CheckovJson,
        tool: "Checkov".to_owned(),
        id: format!("{}@{}:{}", c.check_id, path, start),
        rule: c.check_id,
        title: c.check_name,
        severity: c.severity.as_deref().and_then(severity_from_label),
        status,
        resources: Vec::new(),
        location: Some(CodeLocation {
            path,
            start_line: start,
            end_line: end,
        }),
        resource_address: c.resource,
        remediation: None,
        remediation_url: c.guideline,
    }
}
