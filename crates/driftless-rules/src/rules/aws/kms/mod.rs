//! KMS rules: customer managed keys.

pub mod key_rotation_required;
