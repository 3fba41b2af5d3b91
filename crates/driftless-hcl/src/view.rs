//! The normalised resource view that rules read (DESIGN.md: "rules read a normalised resource
//! view"): a block's attributes with their evaluated values and locations, its nested blocks
//! (`dynamic` blocks expanded), and the layout needed to insert into it.

use crate::eval::{Scope, iterate};
use crate::source::SourceFile;
use crate::value::{Kind, Value};
use driftless_diagnostics::{SourceLocation, TextRange};
use hcl_edit::Span;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::Block;
use hcl_edit::visit::{Visit, visit_expr};
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
    /// Where to insert.
    pub layout: BlockLayout,
    /// Whether it comes from a `dynamic` block's `content`.
    pub dynamic: bool,
    /// Whether it stands for an unknown number of blocks (a `dynamic` block whose `for_each`
    /// is unknown).
    pub unknown_repetition: bool,
    /// Set when the block is not in any file but evaluated from the registry module knowledge
    /// base ([`crate::registry`]): `file`, `location`, `header` and `layout` are then those of
    /// the `module` block that calls the module, and edits go to that call's arguments.
    pub registry: Option<Arc<crate::registry::RegistryBlock>>,
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

    /// Builds the view of `block` in `scope`.
    #[must_use]
    pub fn build(block: &Block, scope: &Scope<'_, '_>, file: &Arc<SourceFile>) -> Self {
        let range = trim_end(file, file.original_range(block.span().unwrap_or(0..0)));
        let location = file.location(range);
        let header_end = file.text[range.to_usize()]
            .find('\n')
            .map_or(range.end, |i| range.start + to_u32(i));
        let header = file.location(TextRange::new(range.start, header_end.max(range.start)));
        let layout = layout(block, file, range);
        let mut attributes = Vec::new();
        for attr in block.body.attributes() {
            let value = scope.eval(&attr.value).unwrap_or_else(|_| Value::unknown());
            let mut references = Vec::new();
            collect_references(&attr.value, scope, &mut references, 0);
            let encoded = match &attr.value {
                Expression::FuncCall(call)
                    if call.name.name.as_str() == "jsonencode" && call.args.len() == 1 =>
                {
                    call.args
                        .iter()
                        .next()
                        .map(|a| scope.eval(a).unwrap_or_else(|_| Value::unknown()))
                }
                _ => None,
            };
            attributes.push(AttributeView {
                name: attr.key.as_str().to_owned(),
                value,
                location: file.location(file.original_range(attr.span().unwrap_or(0..0))),
                value_location: file
                    .location(file.original_range(attr.value.span().unwrap_or(0..0))),
                references,
                encoded,
            });
        }
        let mut blocks = Vec::new();
        for child in block.body.blocks() {
            if child.ident.as_str() == "dynamic" {
                expand_dynamic(child, scope, file, &mut blocks);
            } else {
                blocks.push(Self::build(child, scope, file));
            }
        }
        Self {
            ident: block.ident.as_str().to_owned(),
            labels: block.labels.iter().map(|l| l.as_str().to_owned()).collect(),
            file: file.clone(),
            location,
            header,
            attributes,
            blocks,
            layout,
            dynamic: false,
            unknown_repetition: false,
            registry: None,
        }
    }
}

fn expand_dynamic(
    block: &Block,
    scope: &Scope<'_, '_>,
    file: &Arc<SourceFile>,
    out: &mut Vec<BlockView>,
) {
    let Some(label) = block.labels.first().map(|l| l.as_str().to_owned()) else {
        return;
    };
    let Some(content) = block.body.get_blocks("content").next() else {
        return;
    };
    let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
        Some(Expression::Variable(v)) => v.as_str().to_owned(),
        _ => label.clone(),
    };
    let collection = block
        .body
        .get_attribute("for_each")
        .map_or_else(Value::unknown, |a| {
            scope.eval(&a.value).unwrap_or_else(|_| Value::unknown())
        });
    let bound = |k: Value, v: Value| {
        let mut m = BTreeMap::new();
        m.insert("key".to_owned(), k);
        m.insert("value".to_owned(), v);
        scope.bind(&iterator, Value::new(Kind::Object(m)))
    };
    let mut push = |s: Scope<'_, '_>, unknown: bool| {
        let mut view = BlockView::build(content, &s, file);
        view.ident.clone_from(&label);
        view.dynamic = true;
        view.unknown_repetition = unknown;
        out.push(view);
    };
    match iterate(&collection) {
        Some(pairs) => {
            for (k, v) in pairs {
                push(bound(k, v), false);
            }
        }
        None => push(bound(Value::unknown(), Value::unknown()), true),
    }
}

fn layout(block: &Block, file: &SourceFile, range: TextRange) -> BlockLayout {
    let text = &file.text[range.to_usize()];
    // The body starts at the first `{` after the labels; labels are quoted strings or
    // identifiers, which cannot hold an unquoted `{`.
    let mut open = range.start;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match (c, escaped) {
                ('\\', false) => escaped = true,
                ('"', false) => in_string = false,
                _ => escaped = false,
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '{' {
            open = range.start + to_u32(i) + 1;
            break;
        }
    }
    let close = text
        .rfind('}')
        .map_or(range.end, |i| range.start + to_u32(i));
    let indent = file.indent_at(range.start).to_owned();
    let first_child = block
        .body
        .iter()
        .next()
        .and_then(|s| s.span())
        .map(|s| file.original_range(s).start);
    let child_indent = match first_child {
        Some(start) if file.line_index.line_of(start) != file.line_index.line_of(open) => {
            file.indent_at(start).to_owned()
        }
        _ => format!("{indent}  "),
    };
    BlockLayout {
        open,
        close,
        child_indent,
        single_line: file.line_index.line_of(open) == file.line_index.line_of(close),
        indent,
    }
}

struct RefCollector<'a> {
    out: &'a mut Vec<String>,
    locals: Vec<String>,
}

impl Visit for RefCollector<'_> {
    fn visit_traversal(&mut self, node: &hcl_edit::expr::Traversal) {
        if let Expression::Variable(v) = &node.expr {
            let names: Vec<&str> = node
                .operators
                .iter()
                .map_while(|op| match op.value() {
                    TraversalOperator::GetAttr(a) => Some(a.as_str()),
                    _ => None,
                })
                .collect();
            let root = v.as_str();
            let reference = match (root, names.as_slice()) {
                ("var" | "each" | "count" | "path" | "terraform" | "self", _) => None,
                ("local", [name, ..]) => {
                    self.locals.push((*name).to_owned());
                    None
                }
                ("data", [ty, name, ..]) => Some(format!("data.{ty}.{name}")),
                ("module", [name, ..]) => Some(format!("module.{name}")),
                (ty, [name, ..]) if ty.contains('_') => Some(format!("{ty}.{name}")),
                _ => None,
            };
            if let Some(r) = reference.filter(|r| !self.out.contains(r)) {
                self.out.push(r);
            }
        }
        hcl_edit::visit::visit_traversal(self, node);
    }
}

/// Collects the resources an expression refers to, following `local.*` up to a few levels.
fn collect_references(
    expr: &Expression,
    scope: &Scope<'_, '_>,
    out: &mut Vec<String>,
    depth: usize,
) {
    let mut c = RefCollector {
        out,
        locals: Vec::new(),
    };
    visit_expr(&mut c, expr);
    let locals = std::mem::take(&mut c.locals);
    if depth < 4 {
        for name in locals {
            if let Some(decl) = scope.env().module.locals.get(&name) {
                collect_references(&decl.attribute.value, scope, out, depth + 1);
            }
        }
    }
}

/// `range` without the line break and spaces hcl-edit counts after a block's closing brace,
/// so that a block ends on the line of its `}`.
fn trim_end(file: &SourceFile, range: TextRange) -> TextRange {
    let text = &file.text[range.to_usize()];
    let kept = text.trim_end_matches([' ', '\t', '\r', '\n']).len();
    TextRange::new(range.start, range.start + to_u32(kept))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
