//! The schema as the checks read it: resource types, their attributes and nested block types,
//! recursively, with shared bodies resolved (one `Arc` for a body the file writes once).
//!
//! Reading is lazy: [`ProviderSchema::parse`] only finds where each entry of the file is (a
//! scan of its lines); a resource type's body is parsed the first time it is looked up, and a
//! shared body the first time a resource that uses it is. A scan that checks edits on a few
//! resource types parses those few, not the 1,500 of the provider.

use crate::schema::error::{NameProblem, SchemaError, SchemaFileError};
#[cfg(doc)]
use crate::schema::file::SchemaFile;
use crate::schema::file::{AttributeEntry, BodyEntry, BodyRef, Index, NestedEntry, NestingMode};
use crate::schema::types::AttributeType;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A provider's resource schemas.
#[derive(Debug)]
pub struct ProviderSchema {
    /// The provider's source address, `registry.terraform.io/hashicorp/aws`.
    pub provider: String,
    /// The provider version, `5.100.0`.
    pub provider_version: String,
    /// The Terraform version that read it.
    pub terraform_version: String,
    text: Cow<'static, str>,
    shared: Vec<Entry>,
    /// Sorted by type.
    resources: Vec<(String, Entry)>,
}

/// One body of the file: where its JSON is, and the body once parsed.
#[derive(Debug)]
struct Entry {
    range: Range<usize>,
    body: OnceLock<Arc<BlockSchema>>,
}

impl Entry {
    fn new(range: Range<usize>) -> Self {
        Self {
            range,
            body: OnceLock::new(),
        }
    }
}

/// A block's body: a resource's, or a nested block type's.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockSchema {
    /// Attribute name → attribute.
    pub attributes: BTreeMap<String, AttributeSchema>,
    /// Nested block type → how it nests and its body.
    pub blocks: BTreeMap<String, NestedBlockSchema>,
    /// Whether the block type is deprecated.
    pub deprecated: bool,
}

/// One attribute.
// The flags are the schema's own, each independent of the others.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeSchema {
    /// Its type.
    pub attribute_type: AttributeType,
    /// The configuration must set it.
    pub required: bool,
    /// The configuration may set it.
    pub optional: bool,
    /// The provider computes it (when not set, for an optional one).
    pub computed: bool,
    /// Its value is sensitive.
    pub sensitive: bool,
    /// It is deprecated.
    pub deprecated: bool,
    /// It is written to the provider and never stored in the state.
    pub write_only: bool,
    /// For a list or set of objects, the body each element takes when the configuration
    /// writes the attribute as nested blocks (Terraform's "attributes as blocks": `ingress {
    /// ... }` in an `aws_security_group`): the object's attributes, all optional.
    pub as_blocks: Option<Arc<BlockSchema>>,
}

impl AttributeSchema {
    /// Whether the configuration may set it (required or optional; not computed only).
    #[must_use]
    pub fn settable(&self) -> bool {
        self.required || self.optional
    }
}

/// A nested block type.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedBlockSchema {
    /// How its blocks repeat.
    pub nesting: NestingMode,
    /// The fewest blocks of this type.
    pub min_items: u32,
    /// The most blocks of this type as the schema writes it (`None`: no maximum).
    pub max_items: Option<u32>,
    /// The body of each block.
    pub block: Arc<BlockSchema>,
}

impl NestedBlockSchema {
    /// The most blocks of this type a configuration may write: one for the `single` and
    /// `group` nesting modes, else the schema's maximum (`None`: no maximum).
    #[must_use]
    pub fn max_blocks(&self) -> Option<u32> {
        match self.nesting {
            NestingMode::Single | NestingMode::Group => Some(1),
            NestingMode::List | NestingMode::Set | NestingMode::Map => self.max_items,
        }
    }
}

/// What a configuration may write as blocks of one name: a nested block type, or an
/// attribute written as blocks ([`AttributeSchema::as_blocks`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Blocks<'a> {
    /// The body of each block.
    pub(crate) body: &'a BlockSchema,
    /// The most blocks ([`NestedBlockSchema::max_blocks`]).
    pub(crate) max: Option<u32>,
    /// Whether the block type (or the attribute) is deprecated.
    pub(crate) deprecated: bool,
}

impl BlockSchema {
    /// What the configuration may write as blocks named `name` in this body.
    pub(crate) fn blocks_named(&self, name: &str) -> Option<Blocks<'_>> {
        if let Some(nested) = self.blocks.get(name) {
            return Some(Blocks {
                body: &nested.block,
                max: nested.max_blocks(),
                deprecated: nested.block.deprecated,
            });
        }
        let attribute = self.attributes.get(name)?;
        attribute.as_blocks.as_deref().map(|body| Blocks {
            body,
            max: None,
            deprecated: attribute.deprecated,
        })
    }
}

/// What a path names: an attribute or a nested block type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    /// An attribute.
    Attribute(&'a AttributeSchema),
    /// A nested block type.
    Block(&'a NestedBlockSchema),
}

impl ProviderSchema {
    /// Indexes a schema file's text (as [`SchemaFile::to_json`] lays it out): reads the header
    /// and finds each entry, parsing none.
    ///
    /// # Errors
    /// When `text` is not laid out as the format says or is of another format version.
    pub fn parse(text: impl Into<Cow<'static, str>>) -> Result<Self, SchemaFileError> {
        let text = text.into();
        let index = Index::new(&text)?;
        Ok(Self {
            provider: index.header.provider,
            provider_version: index.header.provider_version,
            terraform_version: index.header.terraform_version,
            shared: index.shared.into_iter().map(Entry::new).collect(),
            resources: index
                .resources
                .into_iter()
                .map(|(name, range)| (name, Entry::new(range)))
                .collect(),
            text,
        })
    }

    /// Parses every entry (what lookups do lazily), so that a file that would fail a lookup
    /// fails here.
    ///
    /// # Errors
    /// The first entry that is not a body of the format, or refers to a shared body that is
    /// not before it.
    pub fn check_all(&self) -> Result<(), SchemaFileError> {
        for i in 0..self.shared.len() {
            self.shared_body(i)?;
        }
        for (_, entry) in &self.resources {
            self.resource_body(entry)?;
        }
        Ok(())
    }

    /// Every resource type, sorted.
    pub fn resource_types(&self) -> impl Iterator<Item = &str> {
        self.resources.iter().map(|(name, _)| name.as_str())
    }

    /// The body of resource type `resource_type`, parsed on its first lookup.
    ///
    /// # Errors
    /// [`SchemaError::UnknownResourceType`].
    ///
    /// # Panics
    /// When the entry of `resource_type` is not valid JSON of the format; the embedded file is
    /// checked by [`ProviderSchema::check_all`] in the crate's tests.
    pub fn resource(&self, resource_type: &str) -> Result<&BlockSchema, SchemaError> {
        let at = self
            .resources
            .binary_search_by(|(name, _)| name.as_str().cmp(resource_type))
            .map_err(|_| SchemaError::UnknownResourceType {
                resource_type: resource_type.to_owned(),
            })?;
        let body = self
            .resource_body(&self.resources[at].1)
            .unwrap_or_else(|e| panic!("the schema of `{resource_type}`: {e}"));
        Ok(body)
    }

    /// What `path` names in resource type `resource_type`: every element but the last is a
    /// nested block type (`["rule", "apply_server_side_encryption_by_default",
    /// "sse_algorithm"]`), the last an attribute or a nested block type.
    ///
    /// # Errors
    /// [`SchemaError::UnknownResourceType`]; [`SchemaError::Name`] (`Unknown`) when a name is not
    /// there (or `path` is empty); [`SchemaError::Name`] (`NotABlock`) when the path goes through an
    /// attribute.
    pub fn find(&self, resource_type: &str, path: &[&str]) -> Result<Item<'_>, SchemaError> {
        let mut body = self.resource(resource_type)?;
        let error =
            |upto: usize, kind: NameProblem| kind.at(resource_type, path[..=upto].join("."));
        let Some((last, through)) = path.split_last() else {
            return Err(NameProblem::Unknown.at(resource_type, String::new()));
        };
        for (i, name) in through.iter().enumerate() {
            body = match (body.blocks.get(*name), body.attributes.get(*name)) {
                (Some(nested), _) => &nested.block,
                (None, Some(attribute)) => match &attribute.as_blocks {
                    Some(elements) => elements,
                    None => return Err(error(i, NameProblem::NotABlock)),
                },
                (None, None) => return Err(error(i, NameProblem::Unknown)),
            };
        }
        let at = path.len() - 1;
        match (body.attributes.get(*last), body.blocks.get(*last)) {
            (Some(attribute), _) => Ok(Item::Attribute(attribute)),
            (None, Some(nested)) => Ok(Item::Block(nested)),
            (None, None) => Err(error(at, NameProblem::Unknown)),
        }
    }

    /// The attribute at `path` (see [`ProviderSchema::find`]).
    ///
    /// # Errors
    /// As [`ProviderSchema::find`]; [`SchemaError::Name`] (`NotAnAttribute`) when it names a block.
    pub fn attribute(
        &self,
        resource_type: &str,
        path: &[&str],
    ) -> Result<&AttributeSchema, SchemaError> {
        match self.find(resource_type, path)? {
            Item::Attribute(a) => Ok(a),
            Item::Block(_) => Err(NameProblem::NotAnAttribute.at(resource_type, path.join("."))),
        }
    }

    /// What the configuration may write as blocks at `path`: a nested block type or an
    /// attribute written as blocks.
    ///
    /// # Errors
    /// As [`ProviderSchema::block`].
    pub(crate) fn blocks_at(
        &self,
        resource_type: &str,
        path: &[&str],
    ) -> Result<Blocks<'_>, SchemaError> {
        let Some((last, through)) = path.split_last() else {
            return Err(NameProblem::Unknown.at(resource_type, String::new()));
        };
        let parent = if through.is_empty() {
            self.resource(resource_type)?
        } else {
            self.blocks_at(resource_type, through)?.body
        };
        parent.blocks_named(last).ok_or_else(|| {
            let kind = if parent.attributes.contains_key(*last) {
                NameProblem::NotABlock
            } else {
                NameProblem::Unknown
            };
            kind.at(resource_type, path.join("."))
        })
    }

    /// The nested block type at `path` (see [`ProviderSchema::find`]).
    ///
    /// # Errors
    /// As [`ProviderSchema::find`]; [`SchemaError::Name`] (`NotABlock`) when it names an attribute.
    pub fn block(
        &self,
        resource_type: &str,
        path: &[&str],
    ) -> Result<&NestedBlockSchema, SchemaError> {
        match self.find(resource_type, path)? {
            Item::Block(b) => Ok(b),
            Item::Attribute(_) => Err(NameProblem::NotABlock.at(resource_type, path.join("."))),
        }
    }
}

impl ProviderSchema {
    /// The body of `entry`, parsed and resolved on the first call; its shared references
    /// must point before `before`.
    fn body<'a>(
        &'a self,
        entry: &'a Entry,
        before: usize,
    ) -> Result<&'a Arc<BlockSchema>, SchemaFileError> {
        if let Some(body) = entry.body.get() {
            return Ok(body);
        }
        let json: BodyEntry = serde_json::from_str(&self.text[entry.range.clone()])?;
        let body = Arc::new(self.resolve(&json, before)?);
        Ok(entry.body.get_or_init(|| body))
    }

    /// Shared body `i`, which refers only to shared bodies before it.
    fn shared_body(&self, i: usize) -> Result<&Arc<BlockSchema>, SchemaFileError> {
        self.body(&self.shared[i], i)
    }

    /// The body of a resource type's entry.
    fn resource_body<'a>(
        &'a self,
        entry: &'a Entry,
    ) -> Result<&'a Arc<BlockSchema>, SchemaFileError> {
        self.body(entry, self.shared.len())
    }

    /// A body of the file with its shared references resolved; a reference must point before
    /// `before` (a shared body refers only to earlier ones, so resolving ends).
    fn resolve(&self, body: &BodyEntry, before: usize) -> Result<BlockSchema, SchemaFileError> {
        let attributes = body
            .attributes
            .iter()
            .map(|(name, entry)| Ok((name.clone(), attribute(entry)?)))
            .collect::<Result<_, SchemaFileError>>()?;
        let blocks = body
            .blocks
            .iter()
            .map(|(name, NestedEntry(nesting, min, max, nested))| {
                let block = match nested {
                    BodyRef::Shared(i) if *i < before => Arc::clone(self.shared_body(*i)?),
                    BodyRef::Shared(i) => {
                        return Err(SchemaFileError::Invalid(format!(
                            "`{name}` refers to shared body {i}, which is not before it"
                        )));
                    }
                    BodyRef::Inline(b) => Arc::new(self.resolve(b, before)?),
                };
                Ok((
                    name.clone(),
                    NestedBlockSchema {
                        nesting: *nesting,
                        min_items: *min,
                        max_items: (*max > 0).then_some(*max),
                        block,
                    },
                ))
            })
            .collect::<Result<_, SchemaFileError>>()?;
        Ok(BlockSchema {
            attributes,
            blocks,
            deprecated: body.deprecated,
        })
    }
}

fn attribute(
    AttributeEntry(json, flags): &AttributeEntry,
) -> Result<AttributeSchema, SchemaFileError> {
    if let Some(c) = flags.chars().find(|c| !"rocsdw".contains(*c)) {
        return Err(SchemaFileError::Invalid(format!(
            "unknown attribute flag `{c}`"
        )));
    }
    let attribute_type = AttributeType::from_json(json)?;
    Ok(AttributeSchema {
        as_blocks: elements_as_blocks(&attribute_type).map(Arc::new),
        required: flags.contains('r'),
        optional: flags.contains('o'),
        computed: flags.contains('c'),
        sensitive: flags.contains('s'),
        deprecated: flags.contains('d'),
        write_only: flags.contains('w'),
        attribute_type,
    })
}

/// For `list(object(...))` and `set(object(...))`, the body of one element written as a
/// block: the object's attributes, each optional.
fn elements_as_blocks(attribute_type: &AttributeType) -> Option<BlockSchema> {
    let (AttributeType::List(element) | AttributeType::Set(element)) = attribute_type else {
        return None;
    };
    let AttributeType::Object { attributes, .. } = element.as_ref() else {
        return None;
    };
    let attributes = attributes
        .iter()
        .map(|(name, t)| {
            let attribute = AttributeSchema {
                attribute_type: t.clone(),
                required: false,
                optional: true,
                computed: false,
                sensitive: false,
                deprecated: false,
                write_only: false,
                as_blocks: elements_as_blocks(t).map(Arc::new),
            };
            (name.clone(), attribute)
        })
        .collect();
    Some(BlockSchema {
        attributes,
        blocks: BTreeMap::new(),
        deprecated: false,
    })
}
