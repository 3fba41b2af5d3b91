//! The driftless rule catalog.
//!
//! A rule is one file under `src/rules/<provider>/<service>/`, declared with
//! [`declare_rule!`]: its `///` comment is its documentation page, its metadata names its
//! severity, the resource types it reads and the ids other tools give the same requirement,
//! and its check reads the normalised resource view ([`driftless_hcl::BlockView`]) and
//! reports findings with a fix (edits planned by [`driftless_hcl::edit`]: "this attribute of
//! this resource should be V") or a recommendation ([`attach_fix`] turns a plan's error into
//! it). Registering a
//! rule is one line in [`registry`]. Its fixtures sit in a folder of the same name beside it
//! (`bad_*`/`good_*`, with `# expect: <rule-id>` on each line a finding must point at).
#![warn(missing_docs)]

pub mod checker;
pub mod fixtures;
pub mod meta;
pub mod registry;
pub mod rule;
pub mod rules;
pub mod scan;
mod shared_module;
pub mod suppression;

pub use checker::{Checker, attach_fix};
pub use meta::{FixAvailability, RuleMeta, RuleStatus};
pub use registry::{Selection, all_rules, find_rule};
pub use rule::Rule;
pub use scan::{Scan, run_rules, scan_path, scan_path_with_states};

/// The folder holding the rule sources and their fixture folders, for tests and tooling.
#[must_use]
pub fn rules_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules")
}
