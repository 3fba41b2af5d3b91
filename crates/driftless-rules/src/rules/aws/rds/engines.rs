//! What the `engine` of an `aws_db_instance` says about the settings that apply to it.
//!
//! An `aws_db_instance` whose engine is `aurora`, `aurora-mysql` or `aurora-postgresql` is a
//! member of an Aurora DB cluster: its backup retention, deletion protection and IAM database
//! authentication are the cluster's, and the instance-level arguments do not apply
//! (`BackupRetentionPeriod`, `DeletionProtection` and `EnableIAMDatabaseAuthentication` in
//! <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>).

use driftless_hcl::BlockView;

/// The engine of an `aws_db_instance` block, as far as it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// `engine` is absent or `null` (a read replica or a snapshot restore inherits it).
    Absent,
    /// `engine` is set to a value not known before apply.
    Unknown,
    /// The engine name.
    Known(String),
}

impl Engine {
    /// Reads `engine` from `block`.
    #[must_use]
    pub fn of(block: &BlockView) -> Self {
        match block.value("engine") {
            None => Self::Absent,
            Some(v) if v.is_null() => Self::Absent,
            Some(v) => v
                .as_str()
                .map_or(Self::Unknown, |s| Self::Known(s.into_owned())),
        }
    }

    /// Whether the engine is known to be an Aurora engine (`aurora`, `aurora-mysql`,
    /// `aurora-postgresql`); `None` when it is not known.
    #[must_use]
    pub fn is_aurora(&self) -> Option<bool> {
        match self {
            Self::Absent => Some(false),
            Self::Unknown => None,
            Self::Known(name) => Some(name.starts_with("aurora")),
        }
    }
}
