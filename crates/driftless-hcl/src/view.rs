//! The fourth layer: the normalised resource view that rules read instead of syntax. A
//! block's attributes with their evaluated values and locations, its nested blocks (`dynamic`
//! blocks expanded), the layout needed to insert into it and, for a block evaluated from the
//! module knowledge base, the module call inputs its edits go to.
//!
//! A view is data with accessors: nothing here evaluates. The builder
//! ([`crate::build`]) makes views from parsed blocks, the knowledge base from a module's
//! recorded inputs.

use crate::files::source::SourceFile;
use crate::value::Value;
use driftless_diagnostics::SourceLocation;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One attribute, `name = value`.
#[derive(Debug, Clone)]
pub struct AttributeView {
    /// The attribute's name.
    pub name: String,
    /// Its evaluated value.
    pub value: Value,
    /// The whole attribute, `name = value`.
    pub location: SourceLocation,
    /// The value expression alone.
    pub value_location: SourceLocation,
    /// Resources, data sources and modules the expression refers to, directly or through a
    /// local: `aws_s3_bucket.logs`, `data.aws_iam_policy_document.p`, `module.vpc`.
    pub references: Vec<String>,
    /// For `name = jsonencode(x)`, the value of `x` before encoding: known in its parts even
    /// when one part (a resource ARN, say) makes the encoded string unknown. Policies read it.
    pub encoded: Option<Value>,
}

/// Where new content goes in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockLayout {
    /// 0-based byte offset just after the opening `{`.
    pub open: u32,
    /// 0-based byte offset of the closing `}`.
    pub close: u32,
    /// The indentation of the block's header line.
    pub indent: String,
    /// The indentation of the block's content (that of its first child, else `indent` plus
    /// two spaces).
    pub child_indent: String,
    /// Whether `{` and `}` are on the same line.
    pub single_line: bool,
}

/// One block (a resource, or a nested block such as `metadata_options`), evaluated.
#[derive(Debug, Clone)]
pub struct BlockView {
    /// The block type: `resource`, `metadata_options`, `ingress`.
    pub ident: String,
    /// Its labels.
    pub labels: Vec<String>,
    /// The file holding it.
    pub file: Arc<SourceFile>,
    /// The whole block.
    pub location: SourceLocation,
    /// The header: from the block's first byte to the end of its first line.
    pub header: SourceLocation,
    /// Attributes in source order.
    pub attributes: Vec<AttributeView>,
    /// Nested blocks in source order, `dynamic` blocks expanded under their label.
    pub blocks: Vec<BlockView>,
    /// The labels of the `dynamic` blocks written directly in this block, in source order,
    /// whatever they expand to: a `dynamic "root_block_device"` whose collection is empty
    /// makes no block in [`BlockView::blocks`], yet a static block beside it would be one too
    /// many whenever the collection is not.
    pub dynamic_blocks: Vec<String>,
    /// Where the block sits in the provider schema: the resource type, then the nested block
    /// types down to this block (`["aws_instance", "root_block_device"]`). Empty for blocks
    /// outside a managed resource (module calls, data sources).
    pub schema_path: Vec<String>,
    /// Where to insert.
    pub layout: BlockLayout,
    /// Whether it comes from a `dynamic` block's `content`.
    pub dynamic: bool,
    /// Whether it stands for an unknown number of blocks (a `dynamic` block whose `for_each`
    /// is unknown).
    pub unknown_repetition: bool,
    /// Set when the block is not in any file but evaluated from the registry module knowledge
    /// base: `file`, `location`, `header` and `layout` are then those of the `module` block
    /// that calls the module, and edits go to that call's arguments.
    pub module_inputs: Option<Arc<ModuleInputs>>,
}

/// Where the edits of a block evaluated from the module knowledge base go: the arguments of
/// the `module` block that calls the registry module ([`BlockView::module_inputs`]).
#[derive(Debug, Clone)]
pub struct ModuleInputs {
    /// The registry module's address, `terraform-aws-modules/ec2-instance/aws`.
    pub module: String,
    /// The `module` block, evaluated: its arguments and where to insert a new one.
    pub call: Arc<BlockView>,
    /// Attribute name -> the input path that sets it (without `var.`), for every attribute
    /// the module sets from an input, present or not.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Nested block type -> the inputs that create and fill it.
    pub blocks: BTreeMap<String, NestedInputs>,
}

/// The inputs of a nested block the module makes from an input.
#[derive(Debug, Clone, Default)]
pub struct NestedInputs {
    /// The input whose value creates the block (`["metadata_options"]`), when traced.
    pub from: Option<Vec<String>>,
    /// Attribute name -> input path.
    pub attributes: BTreeMap<String, Vec<String>>,
}

impl BlockView {
    /// The attribute `name`, if set.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&AttributeView> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The value of attribute `name`: `None` when the attribute is absent.
    #[must_use]
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.attribute(name).map(|a| &a.value)
    }

    /// Nested blocks of type `ident`.
    pub fn blocks_of<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a BlockView> + 'a {
        self.blocks.iter().filter(move |b| b.ident == ident)
    }

    /// The first nested block of type `ident`.
    #[must_use]
    pub fn block(&self, ident: &str) -> Option<&BlockView> {
        self.blocks.iter().find(|b| b.ident == ident)
    }

    /// Whether some nested block of type `ident` has an unknown repetition, so its absence
    /// cannot be concluded.
    #[must_use]
    pub fn may_have_block(&self, ident: &str) -> bool {
        self.blocks_of(ident).any(|b| b.unknown_repetition)
    }

    /// Sets [`BlockView::schema_path`] of this block to `path` and of every nested block to
    /// the path below it.
    pub(crate) fn place_in_schema(&mut self, path: Vec<String>) {
        for nested in &mut self.blocks {
            let mut below = path.clone();
            below.push(nested.ident.clone());
            nested.place_in_schema(below);
        }
        self.schema_path = path;
    }

    /// The top-level names of attributes and nested blocks whose value the code leaves
    /// unknown: what a state could fill in ([`BlockView::overlay`]).
    #[must_use]
    pub fn unknown_names(&self) -> Vec<String> {
        fn has_unknown(b: &BlockView) -> bool {
            b.attributes.iter().any(|a| a.value.is_unknown()) || b.blocks.iter().any(has_unknown)
        }
        let mut names: Vec<String> = self
            .attributes
            .iter()
            .filter(|a| a.value.is_unknown())
            .map(|a| a.name.clone())
            .collect();
        names.extend(
            self.blocks
                .iter()
                .filter(|b| has_unknown(b))
                .map(|b| b.ident.clone()),
        );
        names.sort();
        names.dedup();
        names
    }

    /// Fills every attribute whose value the code leaves unknown with its value in `state`
    /// (attribute name -> JSON, nested blocks as arrays of objects, as Terraform state stores
    /// them), so that a value known only after apply is checked where the code sets it. The
    /// filled values have no origin: no edit can be made from them. Returns how many
    /// attributes were filled.
    pub fn overlay(&mut self, state: &serde_json::Map<String, serde_json::Value>) -> usize {
        let mut filled = 0;
        for attr in &mut self.attributes {
            if let (true, Some(v)) = (
                attr.value.is_unknown(),
                state.get(&attr.name).filter(|v| !v.is_null()),
            ) {
                attr.value = Value::from_json(v);
                filled += 1;
            }
        }
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for block in &mut self.blocks {
            let i = seen.entry(block.ident.clone()).or_default();
            let nested = state
                .get(&block.ident)
                .and_then(|v| v.as_array())
                .and_then(|a| a.get(*i))
                .and_then(|v| v.as_object());
            *i += 1;
            if let Some(nested) = nested {
                filled += block.overlay(nested);
            }
        }
        filled
    }
}
