//! Terraform state and plan JSON, read into a [`StateIndex`] that maps cloud ids and ARNs to
//! resource addresses, secrets dropped on read (`docs/architecture.md`, "Data flow").
//!
//! - [`load`] / [`parse`] read one file: state format version 4, `terraform show -json` of a
//!   state, or of a plan; UTF-8 with or without byte order mark, or UTF-16 ([`decode`]).
//! - [`Redaction`] says what survives: ids, ARNs, names, location, and the attributes the
//!   rules read. Everything else is skipped while parsing and never stored.
//! - [`StateIndex`] looks instances up by ARN (unique), id (all candidates, each with the root
//!   module directory of its state) and address, and builds ARNs for types whose state lacks
//!   one ([`derived_arn`]).
//! - [`StateSpec`] and [`discover`] bind each state to its root module directory.
//!
//! # Example
//! ```
//! use driftless_state::{Redaction, StateIndex, parse};
//! let text = r#"{"version": 4, "resources": [{"mode": "managed", "type": "aws_db_instance",
//!   "name": "orders", "instances": [{"attributes": {"id": "db-XYZ", "identifier": "orders",
//!   "arn": "arn:aws:rds:eu-west-1:111122223333:db:orders", "password": "hunter2",
//!   "storage_encrypted": false}}]}]}"#;
//! let redaction = Redaction::new().allow("aws_db_instance", ["storage_encrypted"]);
//! let state = parse(text.into(), "terraform.tfstate".as_ref(), &redaction).unwrap();
//! let mut index = StateIndex::new();
//! index.insert(state, "envs/prod");
//! let db = index.by_arn("arn:aws:rds:eu-west-1:111122223333:db:orders").unwrap();
//! assert_eq!(db.instance.address.to_string(), "aws_db_instance.orders");
//! assert_eq!(db.instance.attributes["storage_encrypted"], false);
//! assert!(!format!("{index:?}").contains("hunter2"));
//! ```
#![warn(missing_docs)]

mod arn;
mod decode;
mod error;
mod index;
mod model;
mod read;
mod redaction;
mod spec;
mod top;

pub use arn::{Arn, ArnContext, DerivedKind, S3_BUCKET_COMPANIONS, derived_arn, region_of_zone};
pub use decode::{Encoding, decode, detect};
pub use error::{StateError, StateErrorKind};
pub use index::{Match, MatchedBy, StateIndex};
pub use model::{ResourceInstance, State, StateFormat, ValuesFrom};
pub use read::{load, parse};
pub use redaction::{IDENTITY_ATTRIBUTES, LOCATION_ATTRIBUTES, NAME_ATTRIBUTES, Redaction};
pub use spec::{StateSpec, StateSpecError, discover, normalize_root_dir};
