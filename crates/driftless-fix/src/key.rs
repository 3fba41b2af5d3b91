//! The identity of a fix across passes and plans: the finding's rule and fingerprint.

use driftless_diagnostics::Finding;

/// The identity of a fix target across passes: rule and fingerprint.
pub(crate) type FixKey = (String, String);

/// The [`FixKey`] of a finding.
pub(crate) fn key(f: &Finding) -> FixKey {
    (f.rule_id.to_string(), f.fingerprint.to_string())
}
