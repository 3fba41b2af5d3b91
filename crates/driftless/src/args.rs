//! The command line, as typed clap definitions; `--help` comes from these doc comments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Human-in-the-loop remediation of cloud misconfigurations in Terraform/OpenTofu code.
#[derive(Debug, Parser)]
#[command(name = "driftless", version, about, long_about = None)]
pub struct Cli {
    /// Log more (-v: info, -vv: debug); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a Terraform/OpenTofu repository for misconfigurations, and fix them with --fix.
    Scan(ScanArgs),
    /// List the rule catalog.
    Rules(RulesArgs),
    /// Print one rule's documentation.
    Rule {
        /// The rule id, `aws-ec2-imdsv2-required`.
        id: String,
    },
    /// Map findings from cloud scanners (Security Hub, Prowler, Wiz...) through Terraform state
    /// to the code that caused them.
    Map(MapArgs),
    /// Run the whole loop on the bundled vulnerable example: scan, show the fixes, apply them
    /// in a scratch copy and scan again.
    Demo(DemoArgs),
}

/// Output formats of `scan` and `map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames with the fix as a diff, for people.
    Text,
    /// The versioned JSON report (docs/json-output.md).
    Json,
    /// SARIF 2.1.0, with fixes, fingerprints and suppressions.
    Sarif,
    /// JUnit XML for CI test reports: a testsuite per rule, a failing testcase per finding.
    Junit,
    /// CSV: a header, then one row per finding.
    Csv,
    /// A summary and a findings table for a pull-request comment (within 65,536 characters).
    Markdown,
}

impl Format {
    /// The writer of a format, or `None` for `text` (rendered from more than a
    /// [`driftless_formats::Report`]: the files, the diff, the fix summary).
    #[must_use]
    pub fn emitter(self) -> Option<Box<dyn driftless_formats::Emit>> {
        match self {
            Self::Text => None,
            Self::Json => Some(Box::new(driftless_formats::JsonEmitter)),
            Self::Sarif => Some(Box::new(driftless_formats::SarifEmitter)),
            Self::Junit => Some(Box::new(driftless_formats::JunitEmitter)),
            Self::Csv => Some(Box::new(driftless_formats::CsvEmitter)),
            Self::Markdown => Some(Box::new(driftless_formats::MarkdownEmitter::default())),
        }
    }
}

/// Applicability thresholds on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ApplicabilityArg {
    /// Only fixes that keep the configuration's meaning.
    Safe,
    /// Also fixes that can break clients or replace resources.
    Review,
}

/// `driftless scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The repository (or one folder or file of it) to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text, env = "DRIFTLESS_FORMAT")]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Apply the fixes (safe ones; with --applicability review, also those that need review).
    #[arg(long)]
    pub fix: bool,
    /// Show the fixes as a unified diff without writing anything.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// The least applicability --fix and --diff apply.
    #[arg(long, value_enum, default_value_t = ApplicabilityArg::Safe)]
    pub applicability: ApplicabilityArg,
    /// Rules to run: ids or id prefixes (`aws-s3`), comma-separated.
    #[arg(long, value_delimiter = ',', env = "DRIFTLESS_SELECT")]
    pub select: Vec<String>,
    /// Rules not to run: ids or id prefixes, comma-separated.
    #[arg(long, value_delimiter = ',', env = "DRIFTLESS_IGNORE")]
    pub ignore: Vec<String>,
    /// Report only findings of this severity or higher.
    #[arg(long, env = "DRIFTLESS_SEVERITY")]
    pub severity: Option<String>,
    /// A variable file applied after terraform.tfvars and *.auto.tfvars (repeatable).
    #[arg(long = "var-file")]
    pub var_files: Vec<PathBuf>,
    /// Also show findings silenced by inline suppressions.
    #[arg(long)]
    pub show_suppressed: bool,
    /// A state or plan JSON file (`FILE=ROOT_DIR`, repeatable): where the code leaves a value
    /// unknown, the rules read it from the state, so a value known only after apply still
    /// gives a finding that points at the code. Not with --fix or --diff.
    #[arg(long = "state", conflicts_with_all = ["fix", "diff"])]
    pub states: Vec<String>,
    /// A folder to search for state files, each bound to the folder that holds it.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub state_dir: Option<std::path::PathBuf>,
    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// `driftless rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the catalog as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `driftless demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to copy the example (a new temporary folder by default; kept afterwards).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// `driftless map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    /// The repository holding the Terraform code.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// A findings file: ASFF, OCSF, SARIF, Checkov JSON, Prowler CSV or a named-column CSV
    /// (repeatable).
    #[arg(long = "findings", required = true)]
    pub findings: Vec<PathBuf>,
    /// The findings format, when detection from the content is not wanted: asff, ocsf, sarif,
    /// checkov, prowler-csv or csv.
    #[arg(long)]
    pub findings_format: Option<String>,
    /// The columns of a generic CSV: `resource=COLUMN,rule=COLUMN[,title=..,severity=..,status=..,type=..,id=..]`.
    #[arg(long)]
    pub csv_columns: Option<String>,
    /// A state or plan JSON file, bound to the root module folder that owns it
    /// (`FILE=ROOT_DIR`, repository-relative; `.` by default). Repeatable.
    #[arg(long = "state")]
    pub states: Vec<String>,
    /// A folder to search for state files (`terraform.tfstate`, `*.tfstate`); each is bound to
    /// the folder that holds it, relative to this one.
    #[arg(long)]
    pub state_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text, env = "DRIFTLESS_FORMAT")]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// A variable file applied after terraform.tfvars and *.auto.tfvars (repeatable).
    #[arg(long = "var-file")]
    pub var_files: Vec<PathBuf>,
}
