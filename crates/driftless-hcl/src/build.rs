//! The fifth layer: the builder, which turns a block parsed by hcl-edit into its
//! [`BlockView`], evaluating every attribute in a [`Scope`], expanding `dynamic` blocks,
//! collecting the resources each expression refers to and measuring where new content goes.

use crate::eval::{Scope, iterate};
use crate::files::source::SourceFile;
use crate::value::{Kind, Value};
use crate::view::{AttributeView, BlockLayout, BlockView};
use driftless_diagnostics::TextRange;
use hcl_edit::Span;
use hcl_edit::expr::{Expression, Traversal, TraversalOperator};
use hcl_edit::structure::Block;
use hcl_edit::visit::{Visit, visit_expr};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Builds the view of `block` in `scope`.
#[must_use]
pub(crate) fn build_block(
    block: &Block,
    scope: &Scope<'_, '_>,
    file: &Arc<SourceFile>,
) -> BlockView {
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
            value_location: file.location(file.original_range(attr.value.span().unwrap_or(0..0))),
            references,
            encoded,
        });
    }
    let mut blocks = Vec::new();
    let mut dynamic_blocks = Vec::new();
    for child in block.body.blocks() {
        if child.ident.as_str() == "dynamic" {
            dynamic_blocks.extend(child.labels.first().map(|l| l.as_str().to_owned()));
            expand_dynamic(child, scope, file, &mut blocks);
        } else {
            blocks.push(build_block(child, scope, file));
        }
    }
    BlockView {
        ident: block.ident.as_str().to_owned(),
        labels: block.labels.iter().map(|l| l.as_str().to_owned()).collect(),
        file: file.clone(),
        location,
        header,
        attributes,
        blocks,
        dynamic_blocks,
        schema_path: Vec::new(),
        layout,
        dynamic: false,
        unknown_repetition: false,
        module_inputs: None,
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
        let mut view = build_block(content, &s, file);
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
        .and_then(hcl_edit::Span::span)
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
    fn visit_traversal(&mut self, node: &Traversal) {
        if let Expression::Variable(v) = &node.expr {
            let first = node.operators.first().map(hcl_edit::Decorated::value);
            match (v.as_str(), first) {
                ("local", Some(TraversalOperator::GetAttr(name))) => {
                    self.locals.push(name.as_str().to_owned());
                }
                _ => {
                    if let Some(r) = referenced_object(node).filter(|r| !self.out.contains(r)) {
                        self.out.push(r);
                    }
                }
            }
        }
        hcl_edit::visit::visit_traversal(self, node);
    }
}

/// The resource, data source or module a traversal names: `aws_s3_bucket.logs` (for
/// `aws_s3_bucket.logs.arn`), `data.aws_iam_policy_document.p`, `module.vpc`; `None` for
/// variables, locals, iterators, `path`, `terraform` and `self`.
#[must_use]
pub fn referenced_object(traversal: &Traversal) -> Option<String> {
    let Expression::Variable(v) = &traversal.expr else {
        return None;
    };
    let names: Vec<&str> = traversal
        .operators
        .iter()
        .map_while(|op| match op.value() {
            TraversalOperator::GetAttr(a) => Some(a.as_str()),
            _ => None,
        })
        .collect();
    match (v.as_str(), names.as_slice()) {
        ("var" | "local" | "each" | "count" | "path" | "terraform" | "self", _) => None,
        ("data", [ty, name, ..]) => Some(format!("data.{ty}.{name}")),
        ("module", [name, ..]) => Some(format!("module.{name}")),
        (ty, [name, ..]) if ty.contains('_') => Some(format!("{ty}.{name}")),
        _ => None,
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
