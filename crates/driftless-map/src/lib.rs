//! `driftless map`: findings from cloud security scanners, mapped through Terraform state to
//! the code that caused them (`docs/architecture.md`, "Data flow": finding, ARN or id, state,
//! address, block, the rule that cross-references it).
//!
//! For each failed finding read by `driftless_formats::ingest`:
//! - a cloud finding (ASFF, OCSF, Prowler CSV) names an ARN or id; the
//!   [`StateIndex`](driftless_state::StateIndex) turns it into a resource address with its
//!   instance key and the root module whose state holds it;
//! - a code finding (SARIF, Checkov) names a file and line, and Checkov also the address;
//! - the address leads to the evaluated resource block (through every module call in between)
//!   and, when a driftless rule cross-references the scanner's rule, to that rule's finding
//!   with its fix; otherwise the finding gets a recommendation quoting the scanner's advice;
//! - a resource in no state is listed as unmanaged, one in a state but not in the code as
//!   unresolved, with the reason. Passed findings are counted, never mapped.

#![warn(missing_docs)]

pub mod locate;
mod resolve;
pub mod xref;

pub use locate::{Located, Locator};
pub use resolve::{MapOptions, MapReport, MapStats, Mapped, Outcome, map_findings};
pub use xref::{RuleIndex, terraform_type};
