//! Written configuration against the schema: every `resource` block of a body, its
//! attributes (known names, settable, literal values of their type, deprecation, required
//! ones present) and nested blocks (known types, static plus `dynamic` blocks within their
//! minimum and maximum), recursively. Edit planning checks the resource blocks it inserts
//! whole with it; the catalog test checks every fixture before and after its fixes.

use crate::schema::check::BlockCount;
use crate::schema::error::{NameProblem, SchemaError};
use crate::schema::model::{BlockSchema, ProviderSchema};
use crate::schema::types::Literal;
use hcl_edit::structure::{Block, BlockLabel, Body};
use std::collections::BTreeMap;

/// Meta-arguments of a resource block: Terraform's, not the provider's.
const META_ARGUMENTS: &[&str] = &["count", "for_each", "provider", "depends_on"];

/// Meta-blocks of a resource block.
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// One disagreement of a written resource block with the schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The block's address without instance keys: `aws_instance.web`.
    pub resource: String,
    /// What disagrees.
    pub error: SchemaError,
}

impl ProviderSchema {
    /// Whether this schema covers `resource_type`: its name starts with the provider's local
    /// name (`aws_` for `registry.terraform.io/hashicorp/aws`). Types of other providers are
    /// not checked.
    #[must_use]
    pub fn covers(&self, resource_type: &str) -> bool {
        let local = self.provider.rsplit('/').next().unwrap_or_default();
        resource_type
            .strip_prefix(local)
            .is_some_and(|rest| rest.starts_with('_'))
    }

    /// The problems of every `resource` block of `body` whose type this schema covers
    /// ([`ProviderSchema::covers`]), in source order.
    #[must_use]
    pub fn check_body(&self, body: &Body) -> Vec<Problem> {
        let mut out = Vec::new();
        for block in body.get_blocks("resource") {
            let labels: Vec<&str> = block.labels.iter().map(BlockLabel::as_str).collect();
            if let [resource_type, name] = labels[..] {
                out.extend(self.check_resource(block).into_iter().map(|error| Problem {
                    resource: format!("{resource_type}.{name}"),
                    error,
                }));
            }
        }
        out
    }

    /// The problems of one `resource "TYPE" "NAME" { ... }` block; none for a type this
    /// schema does not cover.
    #[must_use]
    pub fn check_resource(&self, block: &Block) -> Vec<SchemaError> {
        let Some(resource_type) = block.labels.first().map(BlockLabel::as_str) else {
            return Vec::new();
        };
        if !self.covers(resource_type) {
            return Vec::new();
        }
        let schema = match self.resource(resource_type) {
            Ok(schema) => schema,
            Err(error) => return vec![error],
        };
        let mut out = Vec::new();
        let mut walk = Walk {
            resource_type,
            path: Vec::new(),
            out: &mut out,
        };
        walk.body(schema, &block.body, true);
        out
    }

    /// The problems of the nested block `block` written at `path` (its type last:
    /// `["default_action"]`) of a `resource_type`.
    #[must_use]
    pub fn check_nested(
        &self,
        resource_type: &str,
        path: &[&str],
        block: &Block,
    ) -> Vec<SchemaError> {
        if !self.covers(resource_type) {
            return Vec::new();
        }
        let nested = match self.block(resource_type, path) {
            Ok(nested) => nested,
            Err(error) => return vec![error],
        };
        let mut out = Vec::new();
        if nested.block.deprecated {
            out.push(NameProblem::Deprecated.at(resource_type, path.join(".")));
        }
        let mut walk = Walk {
            resource_type,
            path: path.iter().map(|p| (*p).to_owned()).collect(),
            out: &mut out,
        };
        walk.body(&nested.block, &block.body, false);
        out
    }
}

/// A walk through one resource block, collecting problems.
struct Walk<'a> {
    resource_type: &'a str,
    /// The nested block types down to the body being walked.
    path: Vec<String>,
    out: &'a mut Vec<SchemaError>,
}

impl Walk<'_> {
    /// The dotted path of `name` in the body being walked.
    fn dotted(&self, name: &str) -> String {
        let mut parts = self.path.clone();
        parts.push(name.to_owned());
        parts.join(".")
    }

    fn push(&mut self, kind: NameProblem, name: &str) {
        let error = kind.at(self.resource_type, self.dotted(name));
        self.out.push(error);
    }

    /// Checks `body` against `schema`; `top` for the resource block itself.
    fn body(&mut self, schema: &BlockSchema, body: &Body, top: bool) {
        for attr in body.attributes() {
            let name = attr.key.as_str();
            if top && META_ARGUMENTS.contains(&name) {
                continue;
            }
            let Some(attribute) = schema.attributes.get(name) else {
                if schema.blocks.contains_key(name) {
                    self.push(NameProblem::NotAnAttribute, name);
                } else {
                    self.push(NameProblem::Unknown, name);
                }
                continue;
            };
            if !attribute.settable() {
                self.push(NameProblem::ReadOnly, name);
            }
            if attribute.deprecated {
                self.push(NameProblem::Deprecated, name);
            }
            if !attribute
                .attribute_type
                .accepts(&Literal::from_expression(&attr.value))
            {
                let error = SchemaError::TypeMismatch {
                    resource_type: self.resource_type.to_owned(),
                    path: self.dotted(name),
                    expected: attribute.attribute_type.to_string(),
                    value: attr.value.to_string().trim().to_owned(),
                };
                self.out.push(error);
            }
        }
        for (name, attribute) in &schema.attributes {
            let written = body.get_attribute(name).is_some()
                || (attribute.as_blocks.is_some()
                    && body.blocks().any(|b| block_name(b) == Some(name)));
            if attribute.required && !written {
                self.push(NameProblem::MissingRequired, name);
            }
        }
        let mut counts: BTreeMap<String, BlockCount> = BTreeMap::new();
        for block in body.blocks() {
            let ident = block.ident.as_str();
            if top && META_BLOCKS.contains(&ident) {
                continue;
            }
            let Some(name) = block_name(block).map(str::to_owned) else {
                continue;
            };
            let content = if ident == "dynamic" {
                counts.entry(name.clone()).or_default().dynamic_blocks += 1;
                block.body.get_blocks("content").next().map(|c| &c.body)
            } else {
                counts.entry(name.clone()).or_default().static_blocks += 1;
                Some(&block.body)
            };
            let Some(nested) = schema.blocks_named(&name) else {
                if schema.attributes.contains_key(&name) {
                    self.push(NameProblem::NotABlock, &name);
                } else {
                    self.push(NameProblem::Unknown, &name);
                }
                continue;
            };
            if nested.deprecated {
                self.push(NameProblem::Deprecated, &name);
            }
            if let Some(content) = content {
                self.path.push(name);
                self.body(nested.body, content, false);
                self.path.pop();
            }
        }
        for (name, nested) in &schema.blocks {
            let count = counts.get(name).copied().unwrap_or_default();
            let total = count.static_blocks + count.dynamic_blocks;
            if let Some(max) = nested.max_blocks().filter(|max| total > *max) {
                let error = SchemaError::TooManyBlocks {
                    resource_type: self.resource_type.to_owned(),
                    path: self.dotted(name),
                    max,
                    static_blocks: count.static_blocks,
                    dynamic_blocks: count.dynamic_blocks,
                };
                self.out.push(error);
            }
            if total < nested.min_items {
                let error = SchemaError::TooFewBlocks {
                    resource_type: self.resource_type.to_owned(),
                    path: self.dotted(name),
                    min: nested.min_items,
                };
                self.out.push(error);
            }
        }
    }
}

/// The type of blocks `block` writes: its own, or for `dynamic "x"`, `x`.
fn block_name(block: &Block) -> Option<&str> {
    if block.ident.as_str() == "dynamic" {
        block.labels.first().map(BlockLabel::as_str)
    } else {
        Some(block.ident.as_str())
    }
}
