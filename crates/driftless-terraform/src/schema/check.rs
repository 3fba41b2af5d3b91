//! The checks of one planned edit: an attribute set to a value, nested blocks inserted. Edit
//! planning (`driftless_hcl::edit`) asks these before it offers an edit; each answers with
//! the first reason the edit would not be valid against the provider, or `Ok`.

use crate::schema::error::{NameProblem, SchemaError};
use crate::schema::model::{AttributeSchema, ProviderSchema};

/// The blocks of one type that the block being edited already has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlockCount {
    /// Static blocks of that type.
    pub static_blocks: u32,
    /// `dynamic` blocks of that type (each may make any number of blocks, one at least when
    /// its collection is not empty).
    pub dynamic_blocks: u32,
}

impl ProviderSchema {
    /// Checks setting attribute `path` (through nested blocks) of a `resource_type` to
    /// `value_hcl`: the attribute exists, may be set, and the value fits its type. When
    /// `introduced` (the attribute is not written yet), it must not be deprecated either.
    ///
    /// # Errors
    /// The first reason the edit is not valid.
    pub fn check_value(
        &self,
        resource_type: &str,
        path: &[&str],
        value_hcl: &str,
        introduced: bool,
    ) -> Result<&AttributeSchema, SchemaError> {
        let attribute = self.attribute(resource_type, path)?;
        if !attribute.settable() {
            return Err(NameProblem::ReadOnly.at(resource_type, path.join(".")));
        }
        if introduced && attribute.deprecated {
            return Err(NameProblem::Deprecated.at(resource_type, path.join(".")));
        }
        if attribute.attribute_type.fits_hcl(value_hcl) == Some(false) {
            return Err(SchemaError::TypeMismatch {
                resource_type: resource_type.to_owned(),
                path: path.join("."),
                expected: attribute.attribute_type.to_string(),
                value: value_hcl.to_owned(),
            });
        }
        Ok(attribute)
    }

    /// Checks inserting the nested blocks `new_blocks` (each inside the one before) into the
    /// block at `at` (`[]`: the resource block itself), which already holds `existing` blocks
    /// of type `new_blocks[0]`, with `attributes` (name, value HCL) in the innermost one: each
    /// block type exists (a nested block type, or an attribute written as blocks) and is not
    /// deprecated, the first stays within its maximum counting static and `dynamic` blocks,
    /// and every attribute passes [`ProviderSchema::check_value`].
    ///
    /// What the new blocks must hold (required attributes, nested blocks with a minimum) is
    /// not checked here: an edit may complete a block it inserts (a `provider` block inside a
    /// new `encryption_config`). Text written whole is checked for it by
    /// [`ProviderSchema::check_body`] and [`ProviderSchema::check_nested`].
    ///
    /// # Errors
    /// The first reason the edit is not valid.
    pub fn check_new_blocks(
        &self,
        resource_type: &str,
        at: &[&str],
        new_blocks: &[&str],
        attributes: &[(&str, &str)],
        existing: BlockCount,
    ) -> Result<(), SchemaError> {
        let mut path: Vec<&str> = at.to_vec();
        for (i, name) in new_blocks.iter().enumerate() {
            path.push(name);
            let nested = self.blocks_at(resource_type, &path)?;
            let dotted = || path.join(".");
            if nested.deprecated {
                return Err(NameProblem::Deprecated.at(resource_type, dotted()));
            }
            let count = if i == 0 {
                existing
            } else {
                BlockCount::default()
            };
            if let Some(max) = nested.max
                && count.static_blocks + count.dynamic_blocks >= max
            {
                return Err(SchemaError::TooManyBlocks {
                    resource_type: resource_type.to_owned(),
                    path: dotted(),
                    max,
                    static_blocks: count.static_blocks + 1,
                    dynamic_blocks: count.dynamic_blocks,
                });
            }
        }
        for (name, value) in attributes {
            path.push(name);
            self.check_value(resource_type, &path, value, true)?;
            path.pop();
        }
        Ok(())
    }
}
