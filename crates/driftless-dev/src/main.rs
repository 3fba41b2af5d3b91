//! `driftless-dev`: developer tools of driftless, not shipped.
//!
//! `driftless-dev coverage [--out PATH]` writes `docs/coverage.md`: the rule covering each
//! Security Hub FSBP control and Trivy AWS check, and how much of each tool's id space the
//! catalog's cross-references reach.
//!
//! `driftless-dev kb [--modules DIR] [--out PATH]` traces the registry modules under `DIR`
//! (default `../shared/corpus/modules` beside the workspace) and writes the knowledge base
//! (default `crates/driftless-hcl/data/registry_modules.json`).
//!
//! `driftless-dev schema [--from FILE | --terraform BIN --mirror DIR] [--provider-version V]
//! [--out PATH]` writes the AWS provider schema (default
//! `crates/driftless-terraform/data/aws_provider_schema.json`) from the output of
//! `terraform providers schema -json`, read from `FILE` or by running Terraform against the
//! local provider mirror `DIR`.
//!
//! `driftless-dev evaluated DIR [--root R]` prints driftless's evaluated view of the root
//! modules of the repository `DIR` (or of root module `R` alone) as JSON: every managed
//! resource instance and every attribute value driftless holds as Known.
//!
//! `driftless-dev agreement [--corpus DIR | --no-corpus] [--write]` plans every rule fixture
//! case and every root module of the corpus with the real Terraform (as
//! `DRIFTLESS_TERRAFORM` and `DRIFTLESS_PROVIDER_MIRROR` say), compares the plans with
//! driftless's view and prints the agreement figures, the disagreements no exception lists and
//! the listed ones that no longer happen; `--write` rewrites
//! `crates/driftless-dev/data/evaluation_skipped.tsv`.

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use driftless_dev::evaluation;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "driftless-dev",
    about = "Developer tools of driftless (not shipped)"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `docs/coverage.md`: the rule covering each Security Hub FSBP control and
    /// Trivy AWS check, and the share of every tool's id space the catalog reaches.
    Coverage {
        /// Where to write it.
        #[arg(long, default_value_os_t = driftless_dev::workspace_root().join("docs/coverage.md"))]
        out: PathBuf,
    },
    /// Regenerate the registry module knowledge base by tracing the modules' own sources.
    Kb {
        /// The folder holding one `terraform-aws-<name>` folder a module.
        #[arg(long, default_value_os_t = driftless_dev::default_modules_dir())]
        modules: PathBuf,
        /// Where to write the JSON.
        #[arg(long, default_value_os_t = driftless_dev::default_out())]
        out: PathBuf,
    },
    /// Regenerate the AWS provider schema from `terraform providers schema -json`.
    Schema {
        /// Read this output of `terraform providers schema -json` instead of running Terraform.
        #[arg(long, conflicts_with_all = ["terraform", "mirror"])]
        from: Option<PathBuf>,
        /// The Terraform version to record with `--from` (Terraform's own when it runs).
        #[arg(long, requires = "from", default_value = "unknown")]
        terraform_version: String,
        /// The Terraform or OpenTofu binary to run.
        #[arg(long, env = "DRIFTLESS_TERRAFORM", default_value = "terraform")]
        terraform: PathBuf,
        /// The local filesystem mirror holding `registry.terraform.io/hashicorp/aws`.
        #[arg(
            long,
            env = "DRIFTLESS_PROVIDER_MIRROR",
            required_unless_present = "from"
        )]
        mirror: Option<PathBuf>,
        /// The AWS provider version (default: the committed schema's).
        #[arg(long)]
        provider_version: Option<String>,
        /// Where to write the schema.
        #[arg(long, default_value_os_t = driftless_dev::default_schema_out())]
        out: PathBuf,
    },
    /// Print driftless's evaluated view of a repository's root modules as JSON.
    Evaluated {
        /// The repository.
        dir: PathBuf,
        /// Only this root module (repository-relative, `.` for the repository's root).
        #[arg(long)]
        root: Option<String>,
    },
    /// Compare driftless's evaluation with Terraform's plan on every rule fixture and corpus
    /// root module, and print the agreement figures.
    Agreement {
        /// The public test corpus.
        #[arg(long, default_value_os_t = driftless_dev::default_corpus_dir())]
        corpus: PathBuf,
        /// Compare the rule fixtures only.
        #[arg(long, conflicts_with = "corpus")]
        no_corpus: bool,
        /// Rewrite `crates/driftless-dev/data/evaluation_skipped.tsv`.
        #[arg(long, conflicts_with = "only")]
        write: bool,
        /// Only the cases whose name contains this text
        /// (`fixtures/aws/s3/`, `corpus/modules/terraform-aws-vpc/`).
        #[arg(long)]
        only: Option<String>,
    },
}

fn main() -> anyhow::Result<()> {
    match Args::parse().command {
        Command::Evaluated { dir, root } => {
            let project =
                driftless_hcl::Project::load(&dir, &driftless_hcl::LoadOptions::default());
            let views = evaluation::views(&driftless_hcl::evaluate(&project));
            let json: Vec<serde_json::Value> = project
                .roots
                .iter()
                .filter(|r| root.as_ref().is_none_or(|want| want == *r))
                .map(|r| {
                    views.get(r).map_or_else(
                        || serde_json::json!({ "root_module": r, "instances": [] }),
                        evaluation::EvaluatedView::to_json,
                    )
                })
                .collect();
            if let Some(root) = root.filter(|_| json.is_empty()) {
                anyhow::bail!("{}: no root module `{root}`", dir.display());
            }
            print(&serde_json::to_string_pretty(&json)?);
            Ok(())
        }
        Command::Agreement {
            corpus,
            no_corpus,
            write,
            only,
        } => agreement(&corpus, no_corpus, write, only.as_deref()),
        Command::Coverage { out } => {
            let text = driftless_dev::coverage::generate(
                &driftless_dev::workspace_root().join("data/xref"),
            )
            .context("reading data/xref")?;
            std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
            report(&format!("wrote {}", out.display()));
            Ok(())
        }
        Command::Kb { modules, out } => {
            let json = driftless_dev::kb::generate(&modules)
                .with_context(|| format!("tracing the modules in {}", modules.display()))?;
            std::fs::write(&out, json).with_context(|| format!("writing {}", out.display()))?;
            let kb: driftless_hcl::knowledge_base::KnowledgeBase =
                serde_json::from_str(&std::fs::read_to_string(&out)?)?;
            let resources: usize = kb.modules.iter().map(|m| m.resources.len()).sum();
            report(&format!(
                "wrote {}: {} modules, {resources} resources",
                out.display(),
                kb.modules.len()
            ));
            Ok(())
        }
        Command::Schema {
            from,
            terraform_version,
            terraform,
            mirror,
            provider_version,
            out,
        } => {
            let provider_version = provider_version
                .unwrap_or_else(|| driftless_terraform::schema::aws().provider_version.clone());
            let (json, terraform_version) = match (from, mirror) {
                (Some(from), _) => (
                    std::fs::read_to_string(&from)
                        .with_context(|| format!("reading {}", from.display()))?,
                    terraform_version,
                ),
                (None, Some(mirror)) => driftless_dev::schema::read_with_terraform(
                    &terraform,
                    &mirror,
                    &provider_version,
                )?,
                (None, None) => anyhow::bail!("--mirror or --from is required"),
            };
            let text =
                driftless_dev::schema::generate(&json, &provider_version, &terraform_version)?;
            std::fs::write(&out, &text).with_context(|| format!("writing {}", out.display()))?;
            let schema = driftless_terraform::schema::ProviderSchema::parse(text)?;
            report(&format!(
                "wrote {}: {} resource types of the AWS provider {provider_version} (Terraform {terraform_version})",
                out.display(),
                schema.resource_types().count(),
            ));
            Ok(())
        }
    }
}

/// Runs the evaluation check: see `driftless-dev agreement --help`.
fn agreement(
    corpus: &std::path::Path,
    no_corpus: bool,
    write: bool,
    only: Option<&str>,
) -> anyhow::Result<()> {
    let runner =
        driftless_terraform::Runner::discover(&driftless_terraform::RunnerOptions::default())?;
    let mut cases = evaluation::fixture_cases().context("copying the rule fixtures")?;
    if !no_corpus {
        cases.extend(
            evaluation::corpus_cases(corpus)
                .with_context(|| format!("reading the corpus at {}", corpus.display()))?,
        );
    }
    cases.retain(|c| only.is_none_or(|only| c.name.contains(only)));
    let started = std::time::Instant::now();
    let results = evaluation::run(&runner, &cases, evaluation::THREADS)?;
    let exceptions_file = driftless_dev::evaluation_exceptions_file();
    let exceptions = evaluation::parse_exceptions(
        &std::fs::read_to_string(&exceptions_file)
            .with_context(|| format!("reading {}", exceptions_file.display()))?,
    )?;
    let (unlisted, stale) = evaluation::check_exceptions(&results, &exceptions);
    let skipped = evaluation::skipped_tsv(&results);
    if write {
        let path = driftless_dev::evaluation_skipped_file();
        std::fs::write(&path, &skipped).with_context(|| format!("writing {}", path.display()))?;
    }
    let invalid = evaluation::fixture_problems(&results);
    print(&format!(
        "skipped:\n{}\n{}\n{} root modules in {} s\n\nnot listed in {}:\n{}\nlisted, no longer happening:\n{}\nrule fixtures that do not plan (or are listed in CANNOT_PLAN and plan):\n{}",
        evaluation::report::data_lines(&skipped, &results).join("\n"),
        evaluation::Figures::of(&results),
        results.len(),
        started.elapsed().as_secs(),
        "crates/driftless-dev/data/evaluation_exceptions.tsv",
        evaluation::report::disagreement_lines(&unlisted),
        evaluation::report::exception_lines(&stale),
        invalid.join("\n"),
    ));
    let failed = results
        .iter()
        .filter(|r| matches!(&r.outcome, Err(s) if s.kind == evaluation::SkipKind::Failed))
        .count();
    if !unlisted.is_empty() || !stale.is_empty() || failed > 0 || !invalid.is_empty() {
        anyhow::bail!(
            "{} disagreements not listed, {} listed ones no longer happening, {failed} root modules failed to plan, {} rule fixture problems",
            unlisted.len(),
            stale.len(),
            invalid.len()
        );
    }
    Ok(())
}

/// Prints `text` on standard output.
#[allow(clippy::print_stdout)]
fn print(text: &str) {
    println!("{text}");
}

/// A development tool reports what it wrote on standard error.
#[allow(clippy::print_stderr)]
fn report(line: &str) {
    eprintln!("{line}");
}
