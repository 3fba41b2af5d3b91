//! The shared vocabulary of driftless.
//!
//! Every other crate speaks in these types: byte ranges into a file ([`TextRange`]), the
//! 1-based positions humans read ([`LineIndex`], [`SourceLocation`]), the edits a fix makes
//! ([`Edit`], [`Fix`], [`Applicability`]), what a rule reports ([`Finding`], [`Severity`],
//! [`RuleId`]), Terraform's resource addresses ([`ResourceAddress`]) and what Terraform's plan
//! says about a fix ([`Verification`]). The crate depends on
//! nothing above it (`docs/architecture.md`, "Decisions that cut across crates": the
//! vocabulary is shared, not converted), so state readers, output formats and rules can share
//! these types without cycles.
#![warn(missing_docs)]

mod address;
mod apply;
mod edit;
mod finding;
mod fix;
mod line_index;
mod location;
mod report;
mod rule_id;
mod secret;
mod text;
mod verification;

pub use address::{AddressParseError, InstanceKey, ModuleStep, ResourceAddress, ResourceMode};
pub use apply::{Applied, apply_edits, apply_fixes};
pub use edit::Edit;
pub use finding::{
    CallSite, CrossRefs, ExternalRef, Finding, Fingerprint, IssueKind, OriginKind, Severity,
    Suppressed, SuppressionSource, ValueOrigin,
};
pub use fix::{Applicability, Fix};
pub use line_index::{LineColumn, LineIndex};
pub use location::SourceLocation;
pub use report::{InputError, InputErrorKind, RuleSummary};
pub use rule_id::{RuleId, RuleIdError};
pub use secret::is_secret_name;
pub use text::TextRange;
pub use verification::{PlanAction, PlannedChange, ReplaceOrder, Verification};
