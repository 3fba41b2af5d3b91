//! Reading other scanners' findings: AWS Security Hub ASFF, OCSF detection findings (Prowler
//! `json-ocsf`, Security Hub's OCSF), SARIF 2.1.0 (Checkov, Trivy, KICS), Checkov's JSON,
//! Prowler's CSV and any CSV export with named columns (Wiz, Orca).
//!
//! Every reader turns one input file into [`ExternalFinding`]s handed to a callback one at a
//! time, deserializing straight into small typed structs (never a whole-document
//! `serde_json::Value`), so memory stays proportional to the fields driftless keeps. The format
//! is detected from the content ([`detect`]) unless the caller names it. A malformed file gives
//! an [`IngestError`] with the 1-based line and column of the problem.

mod asff;
mod checkov;
mod csv_export;
mod ocsf;
mod sarif;
mod stream;

pub use csv_export::CsvColumns;

use driftless_diagnostics::Severity;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A finding format driftless reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingFormat {
    /// AWS Security Hub ASFF: one finding, an array, `{"Findings": [...]}`, or an EventBridge
    /// event with `detail.findings`.
    Asff,
    /// OCSF Detection Findings (class 2004): an array of findings, or one.
    Ocsf,
    /// SARIF 2.1.0.
    Sarif,
    /// Checkov's `-o json` report (one report or a list of them).
    CheckovJson,
    /// Prowler's CSV (`;`-separated, `CHECK_ID`, `STATUS`, `RESOURCE_UID`...).
    ProwlerCsv,
    /// Any CSV with the columns named by [`CsvColumns`].
    Csv,
}

impl FindingFormat {
    /// The name used on the command line (`--findings-format`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asff => "asff",
            Self::Ocsf => "ocsf",
            Self::Sarif => "sarif",
            Self::CheckovJson => "checkov",
            Self::ProwlerCsv => "prowler-csv",
            Self::Csv => "csv",
        }
    }

    /// Every format, for help texts.
    pub const ALL: [Self; 6] = [
        Self::Asff,
        Self::Ocsf,
        Self::Sarif,
        Self::CheckovJson,
        Self::ProwlerCsv,
        Self::Csv,
    ];
}

impl fmt::Display for FindingFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for FindingFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.as_str()).collect();
                format!(
                    "unknown findings format `{s}`: expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Whether the scanner says the resource failed its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingStatus {
    /// Failed: a violation to map.
    Fail,
    /// Passed: counted, not mapped.
    Pass,
    /// Neither (Security Hub `WARNING`, `NOT_AVAILABLE`, an archived or suppressed finding):
    /// counted, not mapped.
    Other,
}

/// One cloud resource a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExternalResource {
    /// Its identifier as the scanner gives it: usually an ARN
    /// (`arn:aws:ec2:us-east-1:111111111111:instance/i-0abc`), sometimes a bare id.
    pub id: String,
    /// Its type in the scanner's vocabulary: ASFF `AwsEc2Instance`, CloudFormation/OCSF
    /// `AWS::EC2::Instance`, Terraform `aws_instance`, or `Other`.
    pub resource_type: Option<String>,
    /// Region, when given.
    pub region: Option<String>,
    /// A display name, when given.
    pub name: Option<String>,
}

/// Where in source code a finding points, for scanners of code (SARIF, Checkov).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLocation {
    /// Path as the scanner gives it (relative to its scan root, sometimes with a leading `/`).
    pub path: String,
    /// 1-based first line.
    pub start_line: u32,
    /// 1-based last line (equal to `start_line` when only one is given).
    pub end_line: u32,
}

/// A finding read from another scanner's export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalFinding {
    /// The format it was read from.
    pub format: FindingFormat,
    /// The scanner: `Security Hub`, `Prowler`, `Checkov`, `Trivy`...
    pub tool: String,
    /// The finding's own id in the scanner (ASFF `Id`, OCSF `finding_info.uid`, SARIF
    /// fingerprint or `ruleId` + location).
    pub id: String,
    /// The scanner's rule or control id: `EC2.8`, `ec2_instance_imdsv2_enabled`, `CKV_AWS_79`,
    /// `AVD-AWS-0028`; for Security Hub CIS findings, `CIS <rule>` (for example `CIS 3.1`).
    pub rule: String,
    /// The title.
    pub title: String,
    /// The severity, mapped onto driftless's five (`critical`, `high`, `medium`, `low`,
    /// `info`).
    pub severity: Option<Severity>,
    /// Failed, passed or neither.
    pub status: FindingStatus,
    /// The resources it is about (ASFF and OCSF may list several; the first is the subject).
    pub resources: Vec<ExternalResource>,
    /// Where in the code, for code scanners.
    pub location: Option<CodeLocation>,
    /// The Terraform resource address the scanner names (Checkov's `resource`), if any.
    pub resource_address: Option<String>,
    /// The scanner's remediation advice, quoted in recommendations.
    pub remediation: Option<String>,
    /// A link to the scanner's documentation of the rule.
    pub remediation_url: Option<String>,
}

/// Counts of one read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestStats {
    /// Findings read.
    pub read: usize,
    /// Of those, failed.
    pub failed: usize,
    /// Of those, passed.
    pub passed: usize,
}

/// A findings file that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Not valid JSON, or JSON of another shape; `line` and `column` are 1-based.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        message: String,
    },
    /// The format could not be recognised from the content.
    #[error("{path}: {message}")]
    Unrecognized {
        /// The file.
        path: PathBuf,
        /// What was seen and what was expected.
        message: String,
    },
}

/// How to read a findings file.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The format; detected from the content when `None`.
    pub format: Option<FindingFormat>,
    /// Column names for a generic CSV export.
    pub csv_columns: Option<CsvColumns>,
}

/// How much of a file [`detect`] looks at, in bytes.
const SNIFF_BYTES: usize = 64 * 1024;

/// Recognises the format of a findings file from its first 64 KiB.
#[must_use]
pub fn detect(head: &str) -> Option<FindingFormat> {
    let text = head.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') || text.starts_with('[') {
        let has = |needle: &str| text.contains(needle);
        if has("\"runs\"") && (has("\"2.1.0\"") || has("sarif")) {
            Some(FindingFormat::Sarif)
        } else if has("\"check_type\"") || has("\"failed_checks\"") {
            Some(FindingFormat::CheckovJson)
        } else if has("\"class_uid\"") || has("\"finding_info\"") {
            Some(FindingFormat::Ocsf)
        } else if has("\"SchemaVersion\"")
            || has("\"ProductArn\"")
            || has("\"Findings\"")
            || has("\"findings\"")
        {
            Some(FindingFormat::Asff)
        } else {
            None
        }
    } else {
        let header = text.lines().next().unwrap_or_default();
        if header.contains("CHECK_ID") && header.contains(';') {
            Some(FindingFormat::ProwlerCsv)
        } else if header.contains(',') || header.contains(';') {
            Some(FindingFormat::Csv)
        } else {
            None
        }
    }
}

/// Reads the findings of `path`, calling `sink` with each.
///
/// # Errors
/// [`IngestError`] when the file cannot be read, its format cannot be recognised, or it is
/// malformed (with the line and column).
pub fn read_findings(
    path: &Path,
    options: &IngestOptions,
    sink: &mut dyn FnMut(ExternalFinding),
) -> Result<IngestStats, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut head = vec![0u8; SNIFF_BYTES];
    let mut filled = 0;
    while filled < head.len() {
        let n = file.read(&mut head[filled..]).map_err(io)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    head.truncate(filled);
    let format = match options.format {
        Some(f) => f,
        None => detect(&String::from_utf8_lossy(&head)).ok_or_else(|| IngestError::Unrecognized {
            path: path.to_path_buf(),
            message: "not a findings format driftless reads: expected ASFF, OCSF, SARIF or Checkov JSON, or a Prowler or named-column CSV (--findings-format names it)".to_owned(),
        })?,
    };
    let skip_bom = usize::from(head.starts_with(b"\xef\xbb\xbf")) * 3;
    let reader = std::io::BufReader::new(std::io::Cursor::new(head).chain(file));
    let mut reader = reader;
    std::io::copy(
        &mut (&mut reader).take(skip_bom as u64),
        &mut std::io::sink(),
    )
    .map_err(io)?;
    let mut stats = IngestStats::default();
    let mut counting = |f: ExternalFinding| {
        stats.read += 1;
        match f.status {
            FindingStatus::Fail => stats.failed += 1,
            FindingStatus::Pass => stats.passed += 1,
            FindingStatus::Other => {}
        }
        sink(f);
    };
    let result = match format {
        FindingFormat::Asff => asff::read(reader, &mut counting),
        FindingFormat::Ocsf => ocsf::read(reader, &mut counting),
        FindingFormat::Sarif => sarif::read(reader, &mut counting),
        FindingFormat::CheckovJson => checkov::read(reader, &mut counting),
        FindingFormat::ProwlerCsv => csv_export::read_prowler(reader, &mut counting),
        FindingFormat::Csv => {
            let columns = options.csv_columns.clone().ok_or_else(|| IngestError::Unrecognized {
                path: path.to_path_buf(),
                message: "a generic CSV needs --csv-columns resource=...,rule=... to name its columns".to_owned(),
            })?;
            csv_export::read_generic(reader, &columns, &mut counting)
        }
    };
    result.map_err(|e| e.at(path))?;
    Ok(stats)
}

/// A reader's error before the path is known.
#[derive(Debug)]
pub(crate) enum ReadError {
    Json(serde_json::Error),
    Csv {
        line: usize,
        column: usize,
        message: String,
    },
}

impl ReadError {
    fn at(self, path: &Path) -> IngestError {
        match self {
            Self::Json(e) if e.is_io() => IngestError::Io {
                path: path.to_path_buf(),
                source: e.into(),
            },
            Self::Json(e) => IngestError::Syntax {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            },
            Self::Csv {
                line,
                column,
                message,
            } => IngestError::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message,
            },
        }
    }
}

impl From<serde_json::Error> for ReadError {
    fn from(e: serde_json::Error) -> Self {
        Self::Json(e)
    }
}

/// `serde_json` ends its messages with " at line L column C"; the error says that already.
fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
        .to_owned()
}

/// Maps a scanner's severity word onto driftless's five.
#[must_use]
pub fn severity_from_label(label: &str) -> Option<Severity> {
    match label.trim().to_ascii_lowercase().as_str() {
        "critical" | "fatal" => Some(Severity::Critical),
        "high" | "error" => Some(Severity::High),
        "medium" | "moderate" | "warning" => Some(Severity::Medium),
        "low" | "note" => Some(Severity::Low),
        "informational" | "info" | "information" | "none" => Some(Severity::Info),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        assert_eq!(
            detect(r#"{"Findings": [{"SchemaVersion": "2018-10-08"}]}"#),
            Some(FindingFormat::Asff)
        );
        assert_eq!(
            detect(r#"[{"metadata": {"event_code": "x"}, "class_uid": 2004}]"#),
            Some(FindingFormat::Ocsf)
        );
        assert_eq!(
            detect(r#"{"version": "2.1.0", "runs": []}"#),
            Some(FindingFormat::Sarif)
        );
        assert_eq!(
            detect(r#"{"check_type": "terraform", "results": {}}"#),
            Some(FindingFormat::CheckovJson)
        );
        assert_eq!(
            detect("AUTH_METHOD;CHECK_ID;STATUS\n"),
            Some(FindingFormat::ProwlerCsv)
        );
        assert_eq!(detect("resource,rule\n"), Some(FindingFormat::Csv));
        assert_eq!(detect("hello"), None);
        assert_eq!(severity_from_label("INFORMATIONAL"), Some(Severity::Info));
    }
}
