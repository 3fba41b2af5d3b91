//! Finding interchange for driftless: what a scan found, written in formats other tools read.
//!
//! Every writer takes the same borrowed [`Report`] (findings, input errors, the rules that ran,
//! the findings fixed in this run):
//!
//! - [`json`]: driftless's own versioned JSON report, documented field by field in
//!   `docs/json-output.md` at the workspace root;
//! - [`sarif`]: SARIF 2.1.0 for code-scanning services, with fixes as `artifactChanges`;
//! - [`junit`]: JUnit XML for CI test reports, one testsuite per rule;
//! - [`csv`]: one row per finding, for spreadsheets;
//! - [`markdown`]: a summary and a table for a pull-request comment, within GitHub's size limit;
//! - [`text`]: the terminal report, a code frame per finding with its fix as a patch.
//!
//! JSON and SARIF are built as a [`serde_json::Value`]; the others are written as text.
//! Each format also implements [`Emit`], so the CLI picks one at run time through one trait
//! object instead of a match per format. The crate depends on `driftless-diagnostics` only:
//! the scanner, the fix engine and the HCL model stay out of it, and a writer reads file texts
//! through [`SourceFiles`].
//!
//! # Example
//! ```
//! use driftless_formats::{Emit, Report, SarifEmitter};
//! let report = Report::new("0.1.0", &[]);
//! let mut out = Vec::new();
//! SarifEmitter.emit(&report, &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("\"version\": \"2.1.0\""));
//! ```
#![warn(missing_docs)]

pub mod csv;
pub mod ingest;
pub mod json;
pub mod junit;
pub mod markdown;
mod report;
pub mod sarif;
pub mod text;

pub use csv::{CSV_COLUMNS, CsvEmitter, write_csv};
pub use json::{JSON_SCHEMA_VERSION, JsonEmitter, to_json, write_json};
pub use junit::{JunitEmitter, to_junit, write_junit};
pub use markdown::{GITHUB_COMMENT_LIMIT, MarkdownEmitter, to_markdown, write_markdown};
pub use report::{Report, SourceFiles, Summary};
pub use sarif::{SarifEmitter, to_sarif, write_sarif};
pub use text::{TextEmitter, text_summary, to_text};

use std::io;

/// An output format: writes a whole [`Report`] to a byte stream.
pub trait Emit {
    /// Writes `report` to `out` as one document followed by a newline.
    ///
    /// # Errors
    /// Returns the I/O error of `out` (a closed pipe shows up as
    /// [`io::ErrorKind::BrokenPipe`], which the CLI treats as success).
    fn emit(&self, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()>;
}

/// Writes `value` pretty-printed (two-space indent) to `out`, followed by a newline.
fn write_pretty(value: &serde_json::Value, out: &mut dyn io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}
