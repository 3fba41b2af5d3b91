//! `driftless-dev`: developer tools of driftless, not shipped.
//!
//! `driftless-dev kb [--modules DIR] [--out PATH]` traces the registry modules under `DIR`
//! (default `../shared/corpus/modules` beside the workspace) and writes the knowledge base
//! (default `crates/driftless-hcl/data/registry_modules.json`).

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
            // A development tool reports what it wrote on standard error.
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "wrote {}: {} modules, {resources} resources",
                    out.display(),
                    kb.modules.len()
                );
            }
            Ok(())
        }
    }
}
