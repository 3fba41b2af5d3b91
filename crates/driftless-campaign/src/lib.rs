#![allow(clippy::pedantic, unreachable_pub)] // TEMPORARY: removed when the store rewrite lands
//! Campaigns: a named remediation effort over rules and repositories (DESIGN.md glossary).
//!
//! - [`model`]: users, repositories, campaigns, violations, remediations, exceptions,
//!   snapshots and the audit log, as stored;
//! - [`store`]: the [`Store`] trait and its SQLite and PostgreSQL implementations, and
//!   [`store::open`], which picks one by URL;
//! - `testing` (cargo feature `testing`): a throwaway PostgreSQL server and fresh databases
//!   for tests, shared with the CLI's end-to-end tests.
#![warn(missing_docs)]

pub mod exception;
pub mod model;
pub mod ownership;
pub mod report;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod workflow;

pub use model::*;
pub use store::{Store, StoreError};
