//! CSV exports: Prowler's `;`-separated CSV, and any CSV whose columns the user names with
//! `--csv-columns resource=...,rule=...,title=...,severity=...` (Wiz, Orca and spreadsheet
//! exports). Rows stream one at a time.

use super::{
    ExternalFinding, ExternalResource, FindingFormat, FindingStatus, ReadError, severity_from_label,
};
use std::io::Read;

/// Which column holds what, in a generic CSV export. `resource` and `rule` are required.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvColumns {
    /// The column with the resource's ARN or id.
    pub resource: String,
    /// The column with the rule or control id.
    pub rule: String,
    /// The column with the title.
    pub title: Option<String>,
    /// The column with the severity.
    pub severity: Option<String>,
    /// The column with the status (`FAIL`/`PASS`, `Open`/`Resolved`...); every row fails when
    /// absent.
    pub status: Option<String>,
    /// The column with the resource type.
    pub resource_type: Option<String>,
    /// The column with the finding's own id.
    pub id: Option<String>,
}

impl std::str::FromStr for CsvColumns {
    type Err = String;

    /// Parses `resource=Resource ID,rule=Policy,title=Title,severity=Severity`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut c = Self::default();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let (key, column) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}`: expected KEY=COLUMN (keys: resource, rule, title, severity, status, type, id)"))?;
            let column = column.trim().to_owned();
            match key.trim() {
                "resource" => c.resource = column,
                "rule" => c.rule = column,
                "title" => c.title = Some(column),
                "severity" => c.severity = Some(column),
                "status" => c.status = Some(column),
                "type" => c.resource_type = Some(column),
                "id" => c.id = Some(column),
                other => {
                    return Err(format!(
                        "unknown key `{other}`: expected resource, rule, title, severity, status, type or id"
                    ));
                }
            }
        }
        if c.resource.is_empty() || c.rule.is_empty() {
            return Err("--csv-columns needs at least resource=COLUMN and rule=COLUMN".to_owned());
        }
        Ok(c)
    }
}

fn csv_error(e: &csv::Error) -> ReadError {
    let (line, column) = e
        .position()
        .map_or((1, 1), |p| (usize::try_from(p.line()).unwrap_or(1), 1));
    ReadError::Csv {
        line,
        column,
        message: e.to_string(),
    }
}

/// A row with fewer fields than the header: a broken export (an unterminated quote swallows
/// the rest of the file into one field, a truncated line), reported at its line.
fn short_row(record: &csv::StringRecord, expected: usize) -> Result<(), ReadError> {
    if record.len() >= expected {
        return Ok(());
    }
    let line = record
        .position()
        .map_or(1, |p| usize::try_from(p.line()).unwrap_or(1));
    Err(ReadError::Csv {
        line,
        column: 1,
        message: format!(
            "expected {expected} fields as in the header, found {}",
            record.len()
        ),
    })
}

/// The header row and a reader over the rest, with `delimiter`.
fn open(reader: impl Read, delimiter: u8) -> csv::Reader<impl Read> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(reader)
}

fn status_of(text: &str) -> FindingStatus {
    match text.trim().to_ascii_uppercase().as_str() {
        "FAIL" | "FAILED" | "OPEN" | "ACTIVE" | "NEW" | "" => FindingStatus::Fail,
        "PASS" | "PASSED" | "RESOLVED" | "CLOSED" => FindingStatus::Pass,
        _ => FindingStatus::Other,
    }
}

/// Reads Prowler's CSV.
pub(crate) fn read_prowler(
    reader: impl Read,
    sink: &mut dyn FnMut(ExternalFinding),
) -> Result<(), ReadError> {
    let mut rdr = open(reader, b';');
    let headers = rdr.headers().map_err(|e| csv_error(&e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let need = |name: &str| {
        col(name).ok_or_else(|| ReadError::Csv {
            line: 1,
            column: 1,
            message: format!("no `{name}` column: expected Prowler's CSV header"),
        })
    };
    let (check, status, uid) = (need("CHECK_ID")?, need("STATUS")?, need("RESOURCE_UID")?);
    let (title, severity, rtype, name, region, fuid, muted, rem, url) = (
        col("CHECK_TITLE"),
        col("SEVERITY"),
        col("RESOURCE_TYPE"),
        col("RESOURCE_NAME"),
        col("REGION"),
        col("FINDING_UID"),
        col("MUTED"),
        col("REMEDIATION_RECOMMENDATION_TEXT"),
        col("REMEDIATION_RECOMMENDATION_URL"),
    );
    for record in rdr.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        short_row(&record, headers.len())?;
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mut verdict = status_of(record.get(status).unwrap_or_default());
        if get(muted).is_some_and(|m| m.eq_ignore_ascii_case("true")) {
            verdict = FindingStatus::Other;
        }
        let rule = record.get(check).unwrap_or_default().to_owned();
        let resource = ExternalResource {
            id: record.get(uid).unwrap_or_default().to_owned(),
            resource_type: get(rtype),
            region: get(region),
            name: get(name),
        };
        sink(ExternalFinding {
            format: FindingFormat::ProwlerCsv,
            tool: "Prowler".to_owned(),
            id: get(fuid).unwrap_or_else(|| format!("{rule}@{}", resource.id)),
            rule,
            title: get(title).unwrap_or_default(),
            severity: get(severity).as_deref().and_then(severity_from_label),
            status: verdict,
            resources: vec![resource],
            location: None,
            resource_address: None,
            remediation: get(rem),
            remediation_url: get(url),
        });
    }
    Ok(())
}

/// Reads a CSV export whose columns `columns` names; `,` or `;` separated (from the header).
pub(crate) fn read_generic(
    reader: impl Read,
    columns: &CsvColumns,
    sink: &mut dyn FnMut(ExternalFinding),
) -> Result<(), ReadError> {
    let mut reader = std::io::BufReader::new(reader);
    let mut header = String::new();
    std::io::BufRead::read_line(&mut reader, &mut header).map_err(|e| ReadError::Csv {
        line: 1,
        column: 1,
        message: e.to_string(),
    })?;
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = open(std::io::Cursor::new(header).chain(reader), delimiter);
    let headers = rdr.headers().map_err(|e| csv_error(&e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let need = |name: &str| {
        col(name).ok_or_else(|| ReadError::Csv {
            line: 1,
            column: 1,
            message: format!(
                "no column named `{name}`; the header has {}",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        })
    };
    let (resource, rule) = (need(&columns.resource)?, need(&columns.rule)?);
    let opt = |name: &Option<String>| name.as_deref().map(need).transpose();
    let (title, severity, status, rtype, id) = (
        opt(&columns.title)?,
        opt(&columns.severity)?,
        opt(&columns.status)?,
        opt(&columns.resource_type)?,
        opt(&columns.id)?,
    );
    for record in rdr.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        short_row(&record, headers.len())?;
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let resource_id = get(Some(resource)).unwrap_or_default();
        let rule_id = get(Some(rule)).unwrap_or_default();
        sink(ExternalFinding {
            format: FindingFormat::Csv,
            tool: "CSV".to_owned(),
            id: get(id).unwrap_or_else(|| format!("{rule_id}@{resource_id}")),
            rule: rule_id,
            title: get(title).unwrap_or_default(),
            severity: get(severity).as_deref().and_then(severity_from_label),
            status: status.map_or(FindingStatus::Fail, |_| {
                status_of(&get(status).unwrap_or_default())
            }),
            resources: vec![ExternalResource {
                id: resource_id,
                resource_type: get(rtype),
                region: None,
                name: None,
            }],
            location: None,
            resource_address: None,
            remediation: None,
            remediation_url: None,
        });
    }
    Ok(())
}
