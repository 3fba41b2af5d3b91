//! CSV for spreadsheets and quick scripts: a header row, then one row per finding.
//!
//! The columns are [`CSV_COLUMNS`], in that order. Suppressed findings are rows too
//! (`suppressed` is `yes`); findings fixed in this run and input errors are not rows. Fields are
//! quoted by the `csv` crate when they hold a comma, a quote or a line break (RFC 4180), and
//! lines end with `\n`. Values are written as they are: a spreadsheet that evaluates a cell
//! starting with `=` does so on its own.

use crate::{Emit, Report};
use driftless_diagnostics::{Finding, Verification};
use std::io;

/// The header row: the name of every column, in order.
///
/// `fix_applicability` and `fix_title` are empty when the finding has no fix; `fix_refused`
/// gives the reason a fix was taken out (then `--fix` does not apply it). The `external_*`
/// columns name the other scanner's tool, rule and resource of a finding read by
/// `driftless map`, and are empty for `driftless scan`. `fix_verification` is the one line of
/// what Terraform's plan says the fix does ("verified: update in place", "not verified: " and
/// why), empty when fixes were not verified; it comes last so the other columns keep their
/// positions.
pub const CSV_COLUMNS: [&str; 17] = [
    "severity",
    "rule_id",
    "message",
    "path",
    "start_line",
    "start_column",
    "address",
    "fingerprint",
    "suppressed",
    "fix_applicability",
    "fix_title",
    "fix_refused",
    "recommendation",
    "external_tool",
    "external_rule",
    "external_resource_id",
    "fix_verification",
];

/// Writes `report` as CSV to `out`: the header row, then one row per finding.
///
/// # Errors
/// Returns the I/O error of `out`.
///
/// # Example
/// ```
/// use driftless_formats::{Report, write_csv};
/// let mut out = Vec::new();
/// write_csv(&Report::new("0.1.0", &[]), &mut out).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("severity,rule_id,message,path,"));
/// ```
pub fn write_csv(report: &Report<'_>, out: impl io::Write) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(CSV_COLUMNS).map_err(into_io)?;
    for f in report.findings {
        writer.write_record(row(f)).map_err(into_io)?;
    }
    writer.flush()
}

/// CSV as an [`Emit`] format.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvEmitter;

impl Emit for CsvEmitter {
    fn emit(&self, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        write_csv(report, out)
    }
}

/// The fields of one finding, in [`CSV_COLUMNS`] order.
fn row(f: &Finding) -> [String; 17] {
    let external = f.external.as_ref();
    let text = |s: Option<&str>| s.unwrap_or_default().to_owned();
    [
        f.severity.as_str().to_owned(),
        f.rule_id.as_str().to_owned(),
        f.message.clone(),
        f.location.path.clone(),
        f.location.start.line.to_string(),
        f.location.start.column.to_string(),
        f.address.to_string(),
        f.fingerprint.as_str().to_owned(),
        if f.suppressed.is_some() { "yes" } else { "no" }.to_owned(),
        text(f.fix.as_ref().map(|x| x.applicability().as_str())),
        text(f.fix.as_ref().map(driftless_diagnostics::Fix::title)),
        text(f.fix_refused.as_deref()),
        text(f.recommendation.as_deref()),
        text(external.map(|x| x.tool.as_str())),
        text(external.map(|x| x.rule.as_str())),
        text(external.map(|x| x.resource_id.as_str())),
        f.fix_verification
            .as_ref()
            .map(Verification::summary)
            .unwrap_or_default(),
    ]
}

/// The I/O error inside a `csv` error; records of plain strings cannot fail otherwise.
fn into_io(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}
