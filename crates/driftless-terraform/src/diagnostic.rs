//! Terraform's diagnostics (errors and warnings) as driftless keeps them: severity, summary,
//! detail, and where in the repository they point (the runner reads them from Terraform's
//! output and maps the scratch copy's paths back to the repository's).
//!
//! Terraform writes them in its machine-readable output (`-json`:
//! <https://developer.hashicorp.com/terraform/internals/machine-readable-ui#diagnostic>). The
//! summary and detail are Terraform's words, kept as they are: they are the message a refused
//! fix shows.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticSeverity {
    /// The command failed.
    Error,
    /// The command went on.
    Warning,
}

/// Where a diagnostic points: a file and the 1-based line and column of the start of its range.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DiagnosticLocation {
    /// Repository-relative path with `/` separators (`modules/db/main.tf`) for a file of the
    /// repository; a file driftless added to the scratch copy keeps its own name, and a path
    /// outside the copy is kept as Terraform wrote it.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl fmt::Display for DiagnosticLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// One diagnostic of Terraform.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TerraformDiagnostic {
    /// Error or warning.
    pub severity: DiagnosticSeverity,
    /// Terraform's one-line summary, `Unsupported argument`.
    pub summary: String,
    /// Terraform's explanation; may be empty or span lines.
    pub detail: String,
    /// The resource or provider configuration it is about, as Terraform writes it
    /// (`data.aws_ami.ubuntu`, `provider["registry.terraform.io/hashicorp/aws"]`), when given.
    pub address: Option<String>,
    /// Where it points, when it points somewhere.
    pub location: Option<DiagnosticLocation>,
}

impl TerraformDiagnostic {
    /// Whether it is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == DiagnosticSeverity::Error
    }
}

impl fmt::Display for TerraformDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        f.write_str(&self.summary)?;
        let detail = self.detail.trim();
        if !detail.is_empty() {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_reads_as_location_summary_and_detail() {
        let mut d = TerraformDiagnostic {
            severity: DiagnosticSeverity::Error,
            summary: "Unsupported argument".into(),
            detail: "An argument named \"bogus\" is not expected here.\n".into(),
            address: None,
            location: Some(DiagnosticLocation {
                path: "modules/vol/main.tf".into(),
                line: 4,
                column: 3,
            }),
        };
        assert!(d.is_error());
        assert_eq!(
            d.to_string(),
            "modules/vol/main.tf:4:3: Unsupported argument: An argument named \"bogus\" is not \
             expected here."
        );
        d.location = None;
        d.detail = String::new();
        assert_eq!(d.to_string(), "Unsupported argument");
    }
}
