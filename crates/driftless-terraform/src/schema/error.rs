//! Why an edit disagrees with the provider schema, and why the embedded schema cannot be read.
//!
//! The `Display` text of a [`SchemaError`] is the end of the recommendation a finding carries
//! when its fix is not offered, so it is a sentence a user reads: it names the resource type,
//! the attribute or block (its path through nested blocks, dotted) and the reason.

/// Why an edit (an attribute set, a block inserted, a resource added) is not valid against
/// the provider schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
pub enum SchemaError {
    /// The provider has no resource of this type.
    #[error("The AWS provider has no resource type `{resource_type}`, so no edit is generated.")]
    UnknownResourceType {
        /// The resource type, `aws_instance`.
        resource_type: String,
    },
    /// One name at a path is wrong: unknown, an attribute where a block is meant or the
    /// reverse, computed only, required and missing, or deprecated.
    #[error("{}", describe(*.problem, .resource_type, .path))]
    Name {
        /// What is wrong with it.
        problem: NameProblem,
        /// The resource type, `aws_instance`.
        resource_type: String,
        /// The path through nested blocks, dotted: `metadata_options.http_tokens`.
        path: String,
    },
    /// The value does not have the attribute's type.
    #[error(
        "`{path}` of `{resource_type}` takes a value of type `{expected}`, which `{value}` is not, so no edit is generated."
    )]
    TypeMismatch {
        /// The resource type.
        resource_type: String,
        /// The path, dotted.
        path: String,
        /// The attribute's type in Terraform's syntax: `bool`, `list(string)`.
        expected: String,
        /// The HCL of the value.
        value: String,
    },
    /// More blocks of this type than the provider accepts: counting the static blocks (the
    /// new one included) and the `dynamic` blocks of that name, each of which may make one.
    #[error("{}", too_many(.resource_type, .path, *.max, *.static_blocks, *.dynamic_blocks))]
    TooManyBlocks {
        /// The resource type.
        resource_type: String,
        /// The block's path, dotted: `root_block_device`.
        path: String,
        /// The most blocks of this type the provider accepts.
        max: u32,
        /// The static blocks of this type there would be, the new one included.
        static_blocks: u32,
        /// The `dynamic` blocks of this type beside them.
        dynamic_blocks: u32,
    },
    /// Fewer blocks of this type than the provider requires (a new block without a nested
    /// block it needs, or a deletion of the last one).
    #[error(
        "`{resource_type}` needs at least {min} `{path}` block{}, so no edit is generated.",
        plural(*.min)
    )]
    TooFewBlocks {
        /// The resource type.
        resource_type: String,
        /// The block's path, dotted.
        path: String,
        /// The fewest blocks of this type the provider accepts.
        min: u32,
    },
}

/// The text of [`SchemaError::TooManyBlocks`].
fn too_many(resource_type: &str, path: &str, max: u32, static_blocks: u32, dynamic: u32) -> String {
    let name = path.rsplit('.').next().unwrap_or(path);
    let limit = format!(
        "`{resource_type}` takes at most {max} `{path}` block{}",
        plural(max)
    );
    if dynamic > 0 {
        format!(
            "{limit}, and a `dynamic \"{name}\"` block is already there: a static one beside it would make `terraform plan` fail (\"Too many {name} blocks\") whenever the dynamic block makes one, so no edit is generated; set it through the value that feeds the `dynamic` block."
        )
    } else {
        format!("{limit}, and the edit would make {static_blocks}, so no edit is generated.")
    }
}

/// `"s"` for a count other than one.
fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Why a schema file cannot be read. The embedded schema is checked by the tests, so this
/// reaches a user only through `driftless-dev`.
#[derive(Debug, thiserror::Error)]
pub enum SchemaFileError {
    /// The file is not the JSON the format describes.
    #[error("the provider schema is not valid: {0}")]
    Json(#[from] serde_json::Error),
    /// The file is JSON but says something the format does not allow.
    #[error("the provider schema is not valid: {0}")]
    Invalid(String),
}

/// What is wrong with one name ([`SchemaError::Name`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameProblem {
    /// No attribute or nested block of that name there.
    Unknown,
    /// A nested block where an attribute is meant.
    NotAnAttribute,
    /// An attribute where a nested block is meant.
    NotABlock,
    /// An attribute the provider computes, which the configuration cannot set.
    ReadOnly,
    /// A required attribute a new block or resource does not set.
    MissingRequired,
    /// A deprecated attribute or block, which driftless does not add.
    Deprecated,
}

impl NameProblem {
    /// The error about `path` (dotted) of a `resource_type`.
    pub(crate) fn at(self, resource_type: &str, path: String) -> SchemaError {
        SchemaError::Name {
            problem: self,
            resource_type: resource_type.to_owned(),
            path,
        }
    }
}

/// The text of [`SchemaError::Name`].
fn describe(problem: NameProblem, resource_type: &str, path: &str) -> String {
    match problem {
        NameProblem::Unknown => format!(
            "`{resource_type}` has no attribute or block `{path}` in the AWS provider's schema, so no edit is generated."
        ),
        NameProblem::NotAnAttribute => format!(
            "`{path}` of `{resource_type}` is a block, not an attribute, so no edit is generated."
        ),
        NameProblem::NotABlock => format!(
            "`{path}` of `{resource_type}` is an attribute, not a block, so no edit is generated."
        ),
        NameProblem::ReadOnly => format!(
            "`{path}` of `{resource_type}` is computed by the provider and cannot be set, so no edit is generated."
        ),
        NameProblem::MissingRequired => format!(
            "`{path}` of `{resource_type}` is required and the new block does not set it, so no edit is generated."
        ),
        NameProblem::Deprecated => format!(
            "`{path}` of `{resource_type}` is deprecated in the AWS provider, so driftless does not add it."
        ),
    }
}
