//! KMS rules: customer managed keys.
