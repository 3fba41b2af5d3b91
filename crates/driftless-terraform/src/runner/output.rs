//! Reading what Terraform prints with `-json`: the diagnostics of `init` and `plan` (one JSON
//! object a line) and of `validate` (one document), with their file names mapped from the
//! scratch copy back to the repository, and a failure turned into the [`RunError`] a caller
//! branches on.

use super::copy;
use super::error::{RunError, Stage};
use super::process::DEAD_PROXY;
use crate::diagnostic::{DiagnosticLocation, DiagnosticSeverity, TerraformDiagnostic};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// Maps a file name Terraform prints (relative to the folder it ran in, the root module's
/// copy) to a repository-relative path.
pub(crate) struct Relocate<'a> {
    /// The root module, repository-relative.
    pub(crate) root: &'a str,
    /// The copy of the repository in the scratch folder.
    pub(crate) copy: &'a Path,
}

impl Relocate<'_> {
    pub(crate) fn path(&self, filename: &str) -> String {
        let path = Path::new(filename);
        if path.is_absolute() {
            return path.strip_prefix(self.copy).map_or_else(
                |_| filename.to_owned(),
                |rel| rel.to_string_lossy().replace('\\', "/"),
            );
        }
        copy::join(self.root, &filename.replace('\\', "/")).unwrap_or_else(|| filename.to_owned())
    }
}

/// The diagnostics among the JSON lines `init -json` or `plan -json` printed, each once (a
/// plan reports a warning of its configuration check again while planning).
pub(crate) fn streamed(stdout: &str, relocate: &Relocate<'_>) -> Vec<TerraformDiagnostic> {
    let mut seen = std::collections::HashSet::new();
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|v| v.get("type").and_then(Value::as_str) == Some("diagnostic"))
        .filter_map(|v| diagnostic(v.get("diagnostic")?, relocate))
        .filter(|d| seen.insert(d.clone()))
        .collect()
}

/// The diagnostics of the document `validate -json` printed.
pub(crate) fn validated(
    stdout: &str,
    relocate: &Relocate<'_>,
) -> Result<Vec<TerraformDiagnostic>, RunError> {
    let document: Value = serde_json::from_str(stdout).map_err(|e| RunError::Output {
        stage: Stage::Validate,
        reason: format!("not JSON ({e})"),
    })?;
    let Some(Value::Array(items)) = document.get("diagnostics") else {
        return Err(RunError::Output {
            stage: Stage::Validate,
            reason: "no `diagnostics` list".to_owned(),
        });
    };
    Ok(items
        .iter()
        .filter_map(|d| diagnostic(d, relocate))
        .collect())
}

/// One diagnostic object of Terraform's JSON, its file name mapped by `relocate`; `None` when
/// `value` has no diagnostic's shape.
fn diagnostic(value: &Value, relocate: &Relocate<'_>) -> Option<TerraformDiagnostic> {
    let raw = RawDiagnostic::deserialize(value).ok()?;
    let severity = match raw.severity.as_str() {
        "error" => DiagnosticSeverity::Error,
        "warning" => DiagnosticSeverity::Warning,
        _ => return None,
    };
    Some(TerraformDiagnostic {
        severity,
        summary: raw.summary,
        detail: raw.detail,
        address: raw.address,
        location: raw.range.map(|range| DiagnosticLocation {
            path: relocate.path(&range.filename),
            line: range.start.line,
            column: range.start.column,
        }),
    })
}

#[derive(Deserialize)]
struct RawDiagnostic {
    severity: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    range: Option<RawRange>,
}

#[derive(Deserialize)]
struct RawRange {
    filename: String,
    start: RawPosition,
}

#[derive(Deserialize)]
struct RawPosition {
    line: u32,
    column: u32,
}

/// The error of a command that failed with `diagnostics` (errors and warnings) and printed
/// `tail` at its end: the API call the offline provider refused, a provider the mirror lacks,
/// or Terraform's rejection; [`RunError::Failed`] when there is no error diagnostic.
pub(crate) fn failure(
    stage: Stage,
    mut diagnostics: Vec<TerraformDiagnostic>,
    mirror: &Path,
    status: String,
    tail: String,
) -> RunError {
    let proxy = DEAD_PROXY.trim_start_matches("http://");
    if let Some(call) = diagnostics
        .iter()
        .find(|d| d.is_error() && (d.summary.contains(proxy) || d.detail.contains(proxy)))
    {
        let summary = call
            .summary
            .split(", exceeded maximum number of attempts")
            .next()
            .unwrap_or_default();
        return RunError::NeedsApi {
            caller: call
                .address
                .clone()
                .unwrap_or_else(|| "the configuration".to_owned()),
            location: call.location.clone(),
            summary: summary.to_owned(),
        };
    }
    if let Some((provider, detail)) = diagnostics.iter().find_map(missing_provider) {
        return RunError::ProviderNotInMirror {
            provider,
            mirror: mirror.to_path_buf(),
            detail,
        };
    }
    if !diagnostics.iter().any(TerraformDiagnostic::is_error) {
        return RunError::Failed {
            stage,
            status,
            output: tail,
        };
    }
    diagnostics.sort_by_key(|d| !d.is_error());
    RunError::Rejected { stage, diagnostics }
}

/// `init`'s "Failed to query available provider packages": the provider and why.
fn missing_provider(d: &TerraformDiagnostic) -> Option<(String, String)> {
    if !d.is_error() || d.summary != "Failed to query available provider packages" {
        return None;
    }
    let rest = d.detail.split("for provider ").nth(1)?;
    let (provider, why) = rest.split_once(": ")?;
    let why = why.lines().next().unwrap_or_default().trim();
    Some((provider.to_owned(), why.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relocate() -> Relocate<'static> {
        Relocate {
            root: "envs/prod",
            copy: Path::new("/tmp/s/repo"),
        }
    }

    #[test]
    fn file_names_map_back_to_the_repository() {
        assert_eq!(relocate().path("main.tf"), "envs/prod/main.tf");
        assert_eq!(
            relocate().path("../../modules/vol/main.tf"),
            "modules/vol/main.tf"
        );
        assert_eq!(relocate().path("/tmp/s/repo/modules/x.tf"), "modules/x.tf");
        assert_eq!(relocate().path("../../../x.tf"), "../../../x.tf");
        assert_eq!(relocate().path("/etc/x"), "/etc/x");
    }

    /// The failure of a command that printed `out` and the end `tail`.
    fn failed(stage: Stage, out: &str, tail: &str) -> RunError {
        let diagnostics = streamed(out, &relocate());
        failure(
            stage,
            diagnostics,
            Path::new("/m"),
            "exit status: 1".into(),
            tail.into(),
        )
    }

    #[test]
    fn a_diagnostic_is_read_and_relocated() {
        let value = serde_json::json!({"severity": "warning", "summary": "Deprecated attribute",
            "detail": "", "address": "aws_s3_bucket.b",
            "range": {"filename": "../../modules/b/main.tf", "start": {"line": 4, "column": 3, "byte": 81},
                      "end": {"line": 4, "column": 8, "byte": 86}},
            "snippet": {"values": []}});
        let d = diagnostic(&value, &relocate()).unwrap();
        assert_eq!(d.severity, DiagnosticSeverity::Warning);
        assert_eq!(d.address.as_deref(), Some("aws_s3_bucket.b"));
        assert_eq!(d.to_string(), "modules/b/main.tf:4:3: Deprecated attribute");
        assert!(diagnostic(&serde_json::json!({"severity": "fatal"}), &relocate()).is_none());
    }

    #[test]
    fn an_api_call_through_the_dead_proxy_is_needs_api() {
        let out = r#"{"@level":"info","type":"version"}
{"@level":"error","type":"diagnostic","diagnostic":{"severity":"error","summary":"reading EC2 AMIs: operation error EC2: DescribeImages, exceeded maximum number of attempts, 1, https response error StatusCode: 0, RequestID: , request send failed, Post \"https://ec2.eu-west-1.amazonaws.com/\": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused","detail":"","address":"data.aws_ami.ubuntu","range":{"filename":"main.tf","start":{"line":9,"column":25,"byte":216},"end":{"line":9,"column":26,"byte":217}}}}"#;
        let e = failed(Stage::Plan, out, "");
        let RunError::NeedsApi {
            caller,
            location,
            summary,
        } = &e
        else {
            panic!("{e}")
        };
        assert_eq!(caller, "data.aws_ami.ubuntu");
        assert_eq!(
            location.as_ref(),
            Some(&DiagnosticLocation {
                path: "envs/prod/main.tf".into(),
                line: 9,
                column: 25
            })
        );
        assert_eq!(
            summary,
            "reading EC2 AMIs: operation error EC2: DescribeImages"
        );
        assert_eq!(
            e.to_string(),
            "envs/prod/main.tf:9:25: data.aws_ami.ubuntu needs the provider's API to plan, which \
             driftless never calls: reading EC2 AMIs: operation error EC2: DescribeImages"
        );
    }

    #[test]
    fn a_provider_the_mirror_lacks() {
        let out = r#"{"type":"diagnostic","diagnostic":{"severity":"error","summary":"Failed to query available provider packages","detail":"Could not retrieve the list of available versions for provider hashicorp/aws: no available releases match the given constraints ~> 4.0\n\nTo see which modules ..."}}"#;
        let e = failed(Stage::Init, out, "");
        assert_eq!(
            e.to_string(),
            "the provider mirror /m has no release of hashicorp/aws this configuration accepts: no \
             available releases match the given constraints ~> 4.0"
        );
    }

    #[test]
    fn errors_come_first_and_no_error_is_a_plain_failure() {
        let out = r#"{"type":"diagnostic","diagnostic":{"severity":"warning","summary":"Deprecated"}}
{"type":"diagnostic","diagnostic":{"severity":"error","summary":"Unsupported argument","detail":"No \"bogus\" here.","range":{"filename":"../../modules/vol/main.tf","start":{"line":4,"column":3}}}}"#;
        let e = failed(Stage::Validate, out, "");
        let RunError::Rejected { diagnostics, .. } = &e else {
            panic!("{e}")
        };
        assert!(diagnostics[0].is_error() && !diagnostics[1].is_error());
        assert_eq!(
            e.to_string(),
            "terraform validate failed: modules/vol/main.tf:4:3: Unsupported argument: No \"bogus\" here."
        );
        let e = failed(Stage::Init, "", "boom");
        assert_eq!(
            e.to_string(),
            "terraform init failed (exit status: 1): boom"
        );
    }
}
