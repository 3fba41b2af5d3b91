//! `driftless-dev`: developer tools of driftless, not shipped.
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

use anyhow::Context as _;
use clap::{Parser, Subcommand};
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
}

fn main() -> anyhow::Result<()> {
    match Args::parse().command {
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

/// A development tool reports what it wrote on standard error.
#[allow(clippy::print_stderr)]
fn report(line: &str) {
    eprintln!("{line}");
}
