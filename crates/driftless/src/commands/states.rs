//! The state files `scan` and `map` read: `--state FILE[=ROOT]` and `--state-dir DIR`.

use anyhow::Context as _;
use driftless_diagnostics::InputError;
use driftless_state::{StateSpec, discover};
use std::path::Path;

/// The state files that `--state` (`states`) and `--state-dir` (`state_dir`) name, and an
/// input error when the folder cannot be searched (the files named one by one still count).
///
/// # Errors
/// A `--state` value that does not parse.
pub(crate) fn state_specs(
    states: &[String],
    state_dir: Option<&Path>,
) -> anyhow::Result<(Vec<StateSpec>, Vec<InputError>)> {
    let mut specs: Vec<StateSpec> = states
        .iter()
        .map(|s| s.parse::<StateSpec>())
        .collect::<Result<_, _>>()
        .context("--state")?;
    let mut errors: Vec<InputError> = Vec::new();
    if let Some(dir) = state_dir {
        match discover(dir) {
            Ok(found) => specs.extend(found),
            Err(e) => errors.push(e.to_input_error(dir.display().to_string())),
        }
    }
    Ok((specs, errors))
}
