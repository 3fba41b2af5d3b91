//! `driftless.toml` at the repository root: rule selection, severity and applicability
//! overrides, exception limits. Precedence: command line > environment (`DRIFTLESS_*`) > file >
//! defaults; clap applies the first two, this module the file.

use anyhow::Context as _;
use driftless_diagnostics::{Applicability, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The file's name.
pub const FILE_NAME: &str = "driftless.toml";

/// The settings `driftless.toml` may hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rules to run (ids or prefixes).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Lowest severity reported.
    pub min_severity: Option<String>,
    /// Severity per rule id.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Fix applicability per rule id (`safe`, `review` or `manual`).
    #[serde(default)]
    pub applicability: BTreeMap<String, String>,
    /// How long exceptions last (`[exceptions]`).
    pub exceptions: Option<ExceptionsConfig>,
}

/// `[exceptions]`: how long campaign exceptions last (issue 5 scope 7).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExceptionsConfig {
    /// Days an exception lasts when the request names no expiry (default 90).
    pub default_days: Option<u32>,
    /// The longest an exception may last, in days (default 365).
    pub max_days: Option<u32>,
}

impl Config {
    /// Reads `driftless.toml` in `root` (or in the folder of `root` when it is a file);
    /// defaults when there is none.
    ///
    /// # Errors
    /// When the file exists but cannot be read or is not valid (the message names the file,
    /// line and column, and what was expected).
    pub fn load(root: &Path) -> anyhow::Result<Self> {
        let dir = if root.is_file() {
            root.parent().unwrap_or(Path::new("."))
        } else {
            root
        };
        let path = dir.join(FILE_NAME);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(Self::default());
        };
        toml::from_str(&text).map_err(|e| {
            let position = e.span().map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("{line}:{column}: ")
            });
            anyhow::anyhow!(
                "{}:{}{}",
                path.display(),
                position.unwrap_or_default(),
                e.message()
            )
        })
    }

    /// The severity overrides, parsed.
    ///
    /// # Errors
    /// An unknown severity name.
    pub fn severity_overrides(&self) -> anyhow::Result<BTreeMap<String, Severity>> {
        self.severity
            .iter()
            .map(|(id, s)| {
                Ok((
                    id.clone(),
                    s.parse::<Severity>()
                        .map_err(anyhow::Error::msg)
                        .with_context(|| format!("{FILE_NAME}: severity of {id}"))?,
                ))
            })
            .collect()
    }

    /// The applicability overrides, parsed.
    ///
    /// # Errors
    /// An unknown applicability name.
    pub fn applicability_overrides(&self) -> anyhow::Result<BTreeMap<String, Applicability>> {
        self.applicability
            .iter()
            .map(|(id, s)| {
                Ok((
                    id.clone(),
                    s.parse::<Applicability>()
                        .map_err(anyhow::Error::msg)
                        .with_context(|| format!("{FILE_NAME}: applicability of {id}"))?,
                ))
            })
            .collect()
    }
}
