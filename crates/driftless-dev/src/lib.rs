//! Developer tools of driftless: not shipped, not a dependency of any shipped crate.
//!
//! [`kb`] generates the registry module knowledge base that `driftless-hcl` embeds
//! (`crates/driftless-hcl/data/registry_modules.json`), reading the modules' sources through
//! [`driftless_hcl::trace`]. [`schema`] generates the AWS provider schema that
//! `driftless-terraform` embeds (`crates/driftless-terraform/data/aws_provider_schema.json`)
//! from `terraform providers schema -json`. [`layers`] finds import circles between the
//! modules of a crate (`tests/layers.rs` keeps the workspace free of them). [`evaluation`]
//! dumps driftless's evaluated view of a configuration and compares it with Terraform's plan.
//! [`coverage`] writes `docs/coverage.md` from the catalog and the other tools' id lists.
#![warn(missing_docs)]

pub mod coverage;
pub mod evaluation;
pub mod kb;
pub mod layers;
pub mod schema;

use std::path::PathBuf;

/// The workspace root (two folders above this crate).
#[must_use]
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .components()
        .collect()
}

/// `../shared/corpus/modules` beside the workspace.
#[must_use]
pub fn default_modules_dir() -> PathBuf {
    workspace_root().join("../shared/corpus/modules")
}

/// The committed knowledge base, `crates/driftless-hcl/data/registry_modules.json`.
#[must_use]
pub fn default_out() -> PathBuf {
    workspace_root().join("crates/driftless-hcl/data/registry_modules.json")
}

/// The committed AWS provider schema, `crates/driftless-terraform/data/aws_provider_schema.json`.
#[must_use]
pub fn default_schema_out() -> PathBuf {
    workspace_root().join("crates/driftless-terraform/data/aws_provider_schema.json")
}

/// The listed disagreements of the evaluation check, `crates/driftless-dev/data/evaluation_exceptions.tsv`.
#[must_use]
pub fn evaluation_exceptions_file() -> PathBuf {
    workspace_root().join("crates/driftless-dev/data/evaluation_exceptions.tsv")
}

/// The root modules the evaluation check skips, `crates/driftless-dev/data/evaluation_skipped.tsv`.
#[must_use]
pub fn evaluation_skipped_file() -> PathBuf {
    workspace_root().join("crates/driftless-dev/data/evaluation_skipped.tsv")
}

/// `../shared/corpus` beside the workspace.
#[must_use]
pub fn default_corpus_dir() -> PathBuf {
    workspace_root().join("../shared/corpus")
}
