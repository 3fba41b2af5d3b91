//! `--verify`, `--no-verify`, `--terraform`, `--provider-mirror`: whether fixes are checked
//! with Terraform, for `scan --fix`/`--diff` and `campaign propose`.

use crate::args::VerifyArgs;
use anyhow::bail;
use driftless_fix::Verify;
use driftless_terraform::RunnerOptions;

impl VerifyArgs {
    /// [`Verify::No`] with `--no-verify`; otherwise Terraform and the mirror as found
    /// ([`Verify::discover`]), [`Verify::Unavailable`] when they are not, unless `--verify`
    /// requires them.
    ///
    /// # Errors
    /// `--verify` given and Terraform or the provider mirror not found.
    pub fn resolve(&self) -> anyhow::Result<Verify> {
        if self.no_verify {
            return Ok(Verify::No);
        }
        let options = RunnerOptions {
            terraform: self.terraform.clone(),
            mirror: self.provider_mirror.clone(),
            ..RunnerOptions::default()
        };
        let verify = Verify::discover(&options);
        if let (true, Some(reason)) = (self.verify, verify.skipped_because()) {
            bail!("--verify: {reason}");
        }
        Ok(verify)
    }
}

/// [`VerifyArgs::resolve`] for the fixes `command` pushes for review (`campaign propose`,
/// the web UI's propose): `--no-verify` is [`Verify::Unavailable`], so the pull request tells
/// its reviewer the fixes were not checked.
///
/// # Errors
/// As [`VerifyArgs::resolve`].
pub fn for_review(args: &VerifyArgs, command: &str) -> anyhow::Result<Verify> {
    Ok(match args.resolve()? {
        Verify::No => Verify::Unavailable(format!("`{command}` ran with --no-verify")),
        verify => verify,
    })
}

/// The line that says fixes were not verified, and why: `verification skipped: Terraform was
/// not found ... (--no-verify to silence this line)`. `None` when they were, or when
/// `--no-verify` was given.
#[must_use]
pub fn skipped_line(verify: &Verify) -> Option<String> {
    verify
        .skipped_because()
        .map(|reason| format!("verification skipped: {reason} (--no-verify silences this line)"))
}
