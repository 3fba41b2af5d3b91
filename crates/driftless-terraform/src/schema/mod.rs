//! The AWS provider's schema as data: every resource type of the provider, its attributes
//! (type, required/optional/computed, sensitive, deprecated) and nested block types (nesting
//! mode, min/max items), recursively, shipped inside the binary so that edits are checked
//! without Terraform installed.
//!
//! `driftless-dev schema` writes it from `terraform providers schema -json` into
//! `crates/driftless-terraform/data/aws_provider_schema.json` ([`file`](mod@file) describes the format);
//! [`aws`] parses the embedded copy once, on first use.
//!
//! # Layers
//!
//! ```text
//! error      SchemaError (the user's sentence), SchemaFileError
//!   │
//! types      AttributeType (Terraform's type expressions), Literal (an HCL value as written)
//!   │
//! file       the file format (read and written)
//!   │
//! model      ProviderSchema, BlockSchema, AttributeSchema, NestedBlockSchema: lookups by path
//!   ├── check      one planned edit: an attribute set, nested blocks inserted
//!   └── validate   written resource blocks (hcl-edit), static and `dynamic` blocks counted
//! ```
//!
//! # Example
//! ```
//! use driftless_terraform::schema::{aws, Item};
//! let schema = aws();
//! let tokens = schema.attribute("aws_instance", &["metadata_options", "http_tokens"]).unwrap();
//! assert_eq!(tokens.attribute_type.fits_hcl("\"required\""), Some(true));
//! let root = schema.block("aws_instance", &["root_block_device"]).unwrap();
//! assert_eq!(root.max_blocks(), Some(1));
//! assert!(matches!(
//!     schema.find("aws_instance", &["root_block_device", "encrypted"]),
//!     Ok(Item::Attribute(_))
//! ));
//! ```

mod check;
mod error;
pub mod file;
mod model;
mod types;
mod validate;

pub use check::BlockCount;
pub use error::{NameProblem, SchemaError, SchemaFileError};
pub use model::{AttributeSchema, BlockSchema, Item, NestedBlockSchema, ProviderSchema};
pub use types::{AttributeType, Literal};
pub use validate::Problem;

use std::sync::OnceLock;

/// The committed schema file of the AWS provider, embedded in the binary.
pub const AWS_PROVIDER_SCHEMA_JSON: &str = include_str!("../../data/aws_provider_schema.json");

/// The AWS provider's schema, indexed from [`AWS_PROVIDER_SCHEMA_JSON`] on the first call
/// (once per process, never per scan); each resource type is parsed on its first lookup.
///
/// # Panics
/// Only if the embedded file does not parse, which this crate's tests rule out.
#[must_use]
pub fn aws() -> &'static ProviderSchema {
    static SCHEMA: OnceLock<ProviderSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        ProviderSchema::parse(AWS_PROVIDER_SCHEMA_JSON)
            .expect("the embedded AWS provider schema parses (checked by the crate's tests)")
    })
}
