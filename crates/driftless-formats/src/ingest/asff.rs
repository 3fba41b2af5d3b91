//! AWS Security Hub findings in the AWS Security Finding Format
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html>):
//! one finding, an array, `{"Findings": [...]}` (`get-findings` output), or an EventBridge
//! event with `detail.findings`. Prowler's ASFF output has the same shape.

use super::stream::stream;
use super::{
    ExternalFinding, ExternalResource, FindingFormat, FindingStatus, ReadError, severity_from_label,
};
use serde::Deserialize;
use std::io::Read;

/// One finding; `Id` is required (ASFF), so another format forced to be read as ASFF is an
/// error.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Finding {
    id: String,
    #[serde(default)]
    product_arn: String,
    #[serde(default)]
    product_name: Option<String>,
    #[serde(default)]
    generator_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    severity: Option<SeverityField>,
    #[serde(default)]
    compliance: Option<Compliance>,
    #[serde(default)]
    record_state: Option<String>,
    #[serde(default)]
    workflow: Option<Workflow>,
    #[serde(default)]
    product_fields: ProductFields,
    #[serde(default)]
    remediation: Option<Remediation>,
    #[serde(default)]
    resources: Vec<Resource>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct SeverityField {
    label: Option<String>,
    original: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct Compliance {
    status: Option<String>,
    security_control_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct Workflow {
    status: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProductFields {
    #[serde(rename = "ControlId")]
    control_id: Option<String>,
    #[serde(rename = "RuleId")]
    rule_id: Option<String>,
    #[serde(rename = "StandardsGuideArn")]
    standards_guide_arn: Option<String>,
    #[serde(rename = "ProviderName")]
    provider_name: Option<String>,
    #[serde(rename = "aws/securityhub/ProductName")]
    product_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct Remediation {
    recommendation: Option<Recommendation>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct Recommendation {
    text: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
// `type` is a keyword, and `kind` would hide which field of the format this is.
#[allow(clippy::struct_field_names)]
struct Resource {
    #[serde(rename = "Type")]
    resource_type: Option<String>,
    id: String,
    region: Option<String>,
}

/// Reads ASFF findings from `reader`.
pub(crate) fn read(
    reader: impl Read,
    sink: &mut dyn FnMut(ExternalFinding),
) -> Result<(), ReadError> {
    stream::<Finding, _>(
        reader,
        &[&["Findings"], &["detail", "findings"]],
        &mut |f| sink(convert(f)),
    )?;
    Ok(())
}

fn convert(f: Finding) -> ExternalFinding {
    let tool = f
        .product_fields
        .provider_name
        .clone()
        .or_else(|| f.product_fields.product_name.clone())
        .or_else(|| f.product_name.clone())
        .unwrap_or_else(|| {
            f.product_arn
                .rsplit('/')
                .next()
                .unwrap_or("ASFF")
                .to_owned()
        });
    let rule = rule_id(&f);
    // Compliance.Status is the verdict of control findings; other findings are failures
    // while active and not resolved or suppressed.
    let archived = f.record_state.as_deref() == Some("ARCHIVED");
    let closed = matches!(
        f.workflow.as_ref().and_then(|w| w.status.as_deref()),
        Some("RESOLVED" | "SUPPRESSED")
    );
    let status = match f.compliance.as_ref().and_then(|c| c.status.as_deref()) {
        _ if archived || closed => FindingStatus::Other,
        Some("FAILED") | None => FindingStatus::Fail,
        Some("PASSED") => FindingStatus::Pass,
        Some(_) => FindingStatus::Other,
    };
    let severity = f
        .severity
        .as_ref()
        .and_then(|s| s.label.as_deref().or(s.original.as_deref()))
        .and_then(severity_from_label);
    let recommendation = f.remediation.and_then(|r| r.recommendation);
    ExternalFinding {
        format: FindingFormat::Asff,
        tool,
        id: f.id,
        rule,
        title: f.title,
        severity,
        status,
        resources: f
            .resources
            .into_iter()
            .map(|r| ExternalResource {
                id: r.id,
                resource_type: r.resource_type,
                region: r.region,
                name: None,
            })
            .collect(),
        location: None,
        resource_address: None,
        remediation: recommendation.as_ref().and_then(|r| r.text.clone()),
        remediation_url: recommendation.and_then(|r| r.url),
    }
}

/// The control id: the consolidated `Compliance.SecurityControlId`, the FSBP `ControlId`, the
/// CIS `RuleId` (as `CIS <id>`), or for Prowler `prowler-<check>` generator ids the check.
fn rule_id(f: &Finding) -> String {
    if let Some(id) = f
        .compliance
        .as_ref()
        .and_then(|c| c.security_control_id.clone())
    {
        return id;
    }
    if let Some(id) = &f.product_fields.control_id {
        return id.clone();
    }
    if let Some(id) = &f.product_fields.rule_id {
        let cis = f
            .product_fields
            .standards_guide_arn
            .as_deref()
            .is_some_and(|a| a.contains("cis-aws-foundations"));
        return if cis { format!("CIS {id}") } else { id.clone() };
    }
    if let Some(check) = f.generator_id.strip_prefix("prowler-") {
        return check.to_owned();
    }
    f.generator_id
        .rsplit('/')
        .next()
        .unwrap_or(&f.generator_id)
        .to_owned()
}
