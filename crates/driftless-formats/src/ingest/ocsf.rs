//! OCSF Detection Findings (class 2004, <https://schema.ocsf.io/classes/detection_finding>), as
//! Prowler's `json-ocsf` output and Security Hub's OCSF findings write them: an array, or one.

use super::stream::stream;
use super::{
    ExternalFinding, ExternalResource, FindingFormat, FindingStatus, ReadError, severity_from_label,
};
use serde::Deserialize;
use std::io::Read;

/// One detection finding; `metadata` is required (OCSF base event), so another format forced
/// to be read as OCSF is an error.
#[derive(Deserialize)]
// The fields are named as OCSF's keys are (`finding_info`).
#[allow(clippy::struct_field_names)]
struct Finding {
    #[serde(default)]
    message: Option<String>,
    metadata: Metadata,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    status_code: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    finding_info: FindingInfo,
    #[serde(default)]
    resources: Vec<Resource>,
    #[serde(default)]
    remediation: Option<Remediation>,
    #[serde(default)]
    compliance: Option<Compliance>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Metadata {
    event_code: Option<String>,
    product: Product,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Product {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FindingInfo {
    uid: String,
    title: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
// `type` is a keyword, and `kind` would hide which field of the format this is.
#[allow(clippy::struct_field_names)]
struct Resource {
    uid: String,
    #[serde(rename = "type")]
    resource_type: Option<String>,
    region: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Remediation {
    desc: Option<String>,
    references: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Compliance {
    status: Option<String>,
    control: Option<String>,
}

/// Reads OCSF detection findings from `reader`.
pub(crate) fn read(
    reader: impl Read,
    sink: &mut dyn FnMut(ExternalFinding),
) -> Result<(), ReadError> {
    stream::<Finding, _>(reader, &[], &mut |f| sink(convert(f)))?;
    Ok(())
}

fn convert(f: Finding) -> ExternalFinding {
    let verdict = f
        .status_code
        .as_deref()
        .or(f.compliance.as_ref().and_then(|c| c.status.as_deref()));
    let suppressed = matches!(f.status.as_deref(), Some("Suppressed" | "Resolved"));
    let status = match verdict.map(str::to_ascii_uppercase).as_deref() {
        _ if suppressed => FindingStatus::Other,
        Some("FAIL" | "FAILED") => FindingStatus::Fail,
        Some("PASS" | "PASSED") => FindingStatus::Pass,
        _ => FindingStatus::Other,
    };
    let rule = f
        .metadata
        .event_code
        .clone()
        .or_else(|| f.compliance.as_ref().and_then(|c| c.control.clone()))
        .unwrap_or_default();
    let url = f.remediation.as_ref().and_then(|r| {
        r.references
            .iter()
            .find(|u| u.starts_with("https://"))
            .cloned()
    });
    ExternalFinding {
        format: FindingFormat::Ocsf,
        tool: f.metadata.product.name.unwrap_or_else(|| "OCSF".to_owned()),
        id: f.finding_info.uid,
        rule,
        title: f.finding_info.title.or(f.message).unwrap_or_default(),
        severity: f.severity.as_deref().and_then(severity_from_label),
        status,
        resources: f
            .resources
            .into_iter()
            .map(|r| ExternalResource {
                id: r.uid,
                resource_type: r.resource_type,
                region: r.region,
                name: r.name,
            })
            .collect(),
        location: None,
        resource_address: None,
        remediation: f.remediation.and_then(|r| r.desc),
        remediation_url: url,
    }
}
