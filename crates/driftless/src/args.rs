//! The command line, as typed clap definitions; `--help` comes from these doc comments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Human-in-the-loop remediation of cloud misconfigurations in Terraform/OpenTofu code.
#[derive(Debug, Parser)]
#[command(name = "driftless", version, about, long_about = None)]
pub struct Cli {
    /// Log more (-v: info, -vv: debug); `RUST_LOG` overrides.
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
        /// The rule id, `aws-ec2-imdsv2-required`, or another tool's id it covers (`EC2.8`,
        /// `CKV_AWS_79`, `AVD-AWS-0028`, `ec2_instance_imdsv2_enabled`).
        id: String,
    },
    /// Map findings from cloud scanners (Security Hub, Prowler, Wiz...) through Terraform state
    /// to the code that caused them.
    Map(MapArgs),
    /// Run the whole loop on the bundled vulnerable example: scan, show the fixes, apply them
    /// in a scratch copy and scan again.
    Demo(DemoArgs),
    /// Campaigns: track violations across repositories, propose fixes as pull requests.
    Campaign(CampaignArgs),
    /// Exceptions: request, approve, deny, list.
    Exception(ExceptionArgs),
    /// Violations tracked by campaigns: list, show, assign.
    Violation(ViolationArgs),
    /// Users of the campaign store and their roles.
    User(UserArgs),
    /// Repositories campaigns scan.
    Repo(RepoArgs),
    /// Serve the web UI and the JSON API (`/api/v1`) on the campaign store.
    Serve(ServeArgs),
    /// API tokens for CI (`Authorization: Bearer ...`): create, list, revoke.
    Token(TokenArgs),
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
// Command-line switches are booleans by nature; each is one flag.
#[allow(clippy::struct_excessive_bools)]
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
    /// gives a finding that points at the code. With --fix or --diff, Terraform plans the
    /// fixes of `ROOT_DIR` against this state when it is a state file (`terraform.tfstate`,
    /// `terraform state pull`), never writing it.
    #[arg(long = "state")]
    pub states: Vec<String>,
    /// A folder to search for state files, each bound to the folder that holds it.
    #[arg(long)]
    pub state_dir: Option<std::path::PathBuf>,
    /// How fixes are checked with Terraform.
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// How `--fix`, `--diff` and `campaign propose` check fixes with Terraform: by default when
/// Terraform (or OpenTofu) and a local mirror of the AWS provider are found, each fix's
/// configuration is planned offline before it is shown or written.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// Require verification: fail when Terraform or the provider mirror is not found.
    #[arg(long, conflicts_with = "no_verify")]
    pub verify: bool,
    /// Do not check fixes with Terraform.
    #[arg(long)]
    pub no_verify: bool,
    /// The Terraform or OpenTofu binary (default: `$DRIFTLESS_TERRAFORM`, else `terraform`,
    /// else `tofu` on the PATH).
    #[arg(long, value_name = "PATH")]
    pub terraform: Option<PathBuf>,
    /// The local provider mirror holding registry.terraform.io/hashicorp/aws (default:
    /// `$DRIFTLESS_PROVIDER_MIRROR`, else Terraform's implied mirror folders).
    #[arg(long, value_name = "DIR")]
    pub provider_mirror: Option<PathBuf>,
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
    /// Where the demo serves its campaign's web UI at the end (port 0 picks a free one).
    /// When the default port is taken, a free port is used instead.
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<String>,
    /// End after the report instead of serving the web UI (for scripts and tests).
    #[arg(long, conflicts_with = "listen")]
    pub no_serve: bool,
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

/// Where the campaign store is and who acts: shared by `campaign`, `exception`,
/// `violation`, `user` and `repo`.
#[derive(Debug, Args, Clone)]
pub struct StoreArgs {
    /// The store: `sqlite:PATH` or `postgres://user@host/db`. Default: SQLite in
    /// `.driftless/driftless.db` under the working directory.
    #[arg(
        long,
        env = "DRIFTLESS_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// The user to act as (a user name, e-mail or git identity). Default: the e-mail of
    /// `git config user.email`.
    #[arg(
        long = "as",
        env = "DRIFTLESS_USER",
        global = true,
        value_name = "USER"
    )]
    pub actor: Option<String>,
    /// driftless's data folder (mirrors of repositories). Default: `.driftless`.
    #[arg(long, env = "DRIFTLESS_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
}

/// Output of listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table.
    Table,
    /// JSON.
    Json,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// An aligned table.
    Table,
    /// JSON.
    Json,
    /// CSV: one row per dimension and key.
    Csv,
    /// Markdown tables for a pull request or issue comment.
    Markdown,
}

/// `driftless campaign`.
#[derive(Debug, Args)]
pub struct CampaignArgs {
    /// Store and actor.
    #[command(flatten)]
    pub store: StoreArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: CampaignCommand,
}

/// `driftless campaign ...`.
#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Create a campaign (state draft until its first sync).
    Create(CampaignCreateArgs),
    /// List campaigns with their progress.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one campaign: scope, progress, remediations.
    Show {
        /// The campaign name.
        name: String,
    },
    /// Scan every repository in scope at its default branch and update the violations (or
    /// map other scanners' findings through state to the code, with --findings).
    Sync(SyncArgs),
    /// Apply the fixes in a temporary worktree, push `driftless/<campaign>` and open or
    /// update the pull request, per repository (or per owner).
    Propose(ProposeArgs),
    /// Check which pull requests merged, then sync.
    Verify {
        /// The campaign name.
        name: String,
    },
    /// Counts by status, severity, owner, repository and rule; burndown; overdue.
    Report(ReportArgs),
    /// Close a campaign: kept for reports, no longer synced.
    Close {
        /// The campaign name.
        name: String,
    },
}

/// `driftless campaign create`.
#[derive(Debug, Args)]
pub struct CampaignCreateArgs {
    /// A unique name: lowercase letters, digits and `-` (`imdsv2`); it names the branch
    /// `driftless/<name>`.
    pub name: String,
    /// What the campaign is for.
    #[arg(long, short, default_value = "")]
    pub description: String,
    /// Rules in scope (ids or prefixes; repeatable). Default: every rule.
    #[arg(long = "select", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Rules left out (ids or prefixes; repeatable).
    #[arg(long = "ignore", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The least severity in scope.
    #[arg(long)]
    pub severity: Option<String>,
    /// Repository name globs in scope (repeatable). Default: every registered repository.
    #[arg(long = "repo", value_name = "GLOB")]
    pub repositories: Vec<String>,
    /// Days to fix per severity, e.g. `critical=7` (repeatable).
    #[arg(long = "due", value_name = "SEVERITY=DAYS", value_delimiter = ',')]
    pub due: Vec<String>,
    /// Who owns what CODEOWNERS and blame do not assign.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Count inline suppressions (self-suppressed, not approved) as outstanding
    /// violations, and fix them in pull requests.
    #[arg(long)]
    pub count_suppressed: bool,
}

/// `driftless campaign sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The campaign name.
    pub name: String,
    /// Findings of another scanner (ASFF, OCSF, SARIF, Checkov JSON, Prowler CSV, named-column
    /// CSV; repeatable): their failed findings that map to the code through --state become the
    /// violations, instead of driftless's own scan. Such a sync never closes a violation.
    #[arg(long = "findings")]
    pub findings: Vec<PathBuf>,
    /// The findings format, when detection from the content is not wanted: asff, ocsf, sarif,
    /// checkov, prowler-csv or csv.
    #[arg(long, requires = "findings")]
    pub findings_format: Option<String>,
    /// The columns of a generic CSV: `resource=COLUMN,rule=COLUMN[,...]` (as `driftless map`).
    #[arg(long, requires = "findings")]
    pub csv_columns: Option<String>,
    /// A state (`terraform.tfstate`, `show -json` or plan JSON), optionally bound to a root
    /// module folder of the repository: `FILE[=ROOT]` (repeatable).
    #[arg(long = "state", requires = "findings")]
    pub states: Vec<String>,
}

/// Who a `propose` branch is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    /// One branch and pull request per repository.
    Repository,
    /// One branch and pull request per owner in each repository.
    Owner,
}

/// `driftless campaign propose`.
#[derive(Debug, Args)]
pub struct ProposeArgs {
    /// The campaign name.
    pub name: String,
    /// The least applicability applied.
    #[arg(long, value_enum, default_value_t = ApplicabilityArg::Safe)]
    pub applicability: ApplicabilityArg,
    /// One branch per repository, or per owner.
    #[arg(long, value_enum, default_value_t = GroupBy::Repository)]
    pub group_by: GroupBy,
    /// Only these violations (ids; repeatable).
    #[arg(long = "violation", value_delimiter = ',')]
    pub violations: Vec<i64>,
    /// Only these repositories (names; repeatable).
    #[arg(long = "repo")]
    pub repositories: Vec<String>,
    /// How fixes are checked with Terraform (the pull request says what each plan does, or
    /// that verification was skipped and why).
    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// `driftless campaign report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The campaign name.
    pub name: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Also draw the burndown into this SVG file.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
}

/// `driftless exception`.
#[derive(Debug, Args)]
pub struct ExceptionArgs {
    /// Store and actor.
    #[command(flatten)]
    pub store: StoreArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: ExceptionCommand,
}

/// `driftless exception ...`.
#[derive(Debug, Subcommand)]
pub enum ExceptionCommand {
    /// Ask to accept a violation for a while (default 90 days).
    Request {
        /// The violation id.
        violation: i64,
        /// Why the violation is acceptable.
        #[arg(long)]
        reason: String,
        /// The last day of the exception, `YYYY-MM-DD`.
        #[arg(long)]
        expires: Option<String>,
    },
    /// Approve a requested exception (security role).
    Approve {
        /// The exception id.
        id: i64,
        /// A comment.
        #[arg(long)]
        note: Option<String>,
    },
    /// Deny a requested exception (security role).
    Deny {
        /// The exception id.
        id: i64,
        /// A comment.
        #[arg(long)]
        note: Option<String>,
    },
    /// List exceptions.
    List {
        /// Only this campaign's.
        #[arg(long)]
        campaign: Option<String>,
        /// Only these states (requested, approved, denied, expired).
        #[arg(long, value_delimiter = ',')]
        state: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

/// `driftless violation`.
#[derive(Debug, Args)]
pub struct ViolationArgs {
    /// Store and actor.
    #[command(flatten)]
    pub store: StoreArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: ViolationCommand,
}

/// `driftless violation ...`.
#[derive(Debug, Subcommand)]
pub enum ViolationCommand {
    /// List violations.
    List(ViolationListArgs),
    /// Show one violation: location, fix, owner, history.
    Show {
        /// The violation id.
        id: i64,
    },
    /// Assign a violation to an owner (kept across syncs).
    Assign {
        /// The violation id.
        id: i64,
        /// The owner: a user name, e-mail or CODEOWNERS handle.
        owner: String,
    },
}

/// `driftless violation list`.
#[derive(Debug, Args)]
pub struct ViolationListArgs {
    /// Only this campaign's.
    #[arg(long)]
    pub campaign: Option<String>,
    /// Only these statuses (open, `fix_proposed`, `in_review`, fixed, excepted, `wont_fix`).
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    /// Only these severities.
    #[arg(long, value_delimiter = ',')]
    pub severity: Vec<String>,
    /// Only these owners.
    #[arg(long, value_delimiter = ',')]
    pub owner: Vec<String>,
    /// Only the acting user's (by their name, e-mail and git identities).
    #[arg(long)]
    pub mine: bool,
    /// Only this repository's.
    #[arg(long)]
    pub repo: Option<String>,
    /// Only this rule's.
    #[arg(long)]
    pub rule: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 200)]
    pub limit: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `driftless user`.
#[derive(Debug, Args)]
pub struct UserArgs {
    /// Store and actor.
    #[command(flatten)]
    pub store: StoreArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: UserCommand,
}

/// `driftless user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (admins and security users; only admins add admins; the first user must
    /// be an admin or a security user).
    Add {
        /// Login name.
        name: String,
        /// E-mail address.
        #[arg(long)]
        email: String,
        /// admin, security, developer or viewer.
        #[arg(long)]
        role: String,
        /// Other identities: commit e-mails, CODEOWNERS handles (repeatable).
        #[arg(long = "identity", value_delimiter = ',')]
        identities: Vec<String>,
        /// Read a password for the web UI from standard input (its first line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's web UI password, read from standard input (its first line); ends their
    /// sessions. Admins set anyone's, other users their own.
    Passwd {
        /// The user's login name.
        name: String,
    },
    /// List users.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

/// `driftless repo`.
#[derive(Debug, Args)]
pub struct RepoArgs {
    /// Store and actor.
    #[command(flatten)]
    pub store: StoreArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: RepoCommand,
}

/// `driftless repo ...`.
#[derive(Debug, Subcommand)]
pub enum RepoCommand {
    /// Register a repository (or update the one with this name).
    Add {
        /// A short unique name.
        name: String,
        /// Where to fetch and push: a local path or any git URL.
        url: String,
        /// The branch campaigns scan (default: the remote's HEAD).
        #[arg(long)]
        branch: Option<String>,
        /// github, gitlab, gitea or push-only.
        #[arg(long, default_value = "push-only")]
        forge: String,
        /// The forge API base URL, when not the default (GitHub Enterprise, self-hosted).
        #[arg(long)]
        api_url: Option<String>,
        /// The repository's path on the forge: `owner/name` (default: from the URL).
        #[arg(long)]
        slug: Option<String>,
    },
    /// List repositories.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

/// `driftless serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Store (`--as` is not used: users log in).
    #[command(flatten)]
    pub store: StoreArgs,
    /// The address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", env = "DRIFTLESS_LISTEN")]
    pub listen: String,
    /// Mark the session cookie `Secure`: set it when users reach the server over HTTPS
    /// (through a reverse proxy that terminates TLS).
    #[arg(long, env = "DRIFTLESS_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// How the fixes users propose from the web UI are checked with Terraform.
    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// `driftless token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Store and actor.
    #[command(flatten)]
    pub store: StoreArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: TokenCommand,
}

/// `driftless token ...`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token acting as the user (`--as`), or as `--for USER` (admins), and
    /// print it once: only its hash is stored.
    Create {
        /// What the token is for: `ci-infra-prod`.
        name: String,
        /// The user the token acts as (admins only; default: the acting user).
        #[arg(long = "for", value_name = "USER")]
        user: Option<String>,
    },
    /// List API tokens: an admin's list holds everyone's.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Revoke an API token (its owner or an admin).
    Revoke {
        /// The token's id (from `token list`).
        id: i64,
    },
}
