//! Tracing a resource's body: each attribute to what sets it, each nested block (`dynamic`
//! blocks under their label) with the input it is made from, and the defaults a variable's
//! `object({...})` type gives.

use super::expr::Ctx;
use super::sym::{Cond, Sym};
use driftless_hcl::SourceFile;
use driftless_hcl::knowledge_base::{KbBlock, KbInputRef, KbRepeat, KbValue, RepeatKind};
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Body};
use std::collections::BTreeMap;

impl Ctx<'_> {
    /// The attributes and nested blocks of a resource or nested block body.
    pub(super) fn body(
        &self,
        body: &Body,
        file: &SourceFile,
    ) -> (BTreeMap<String, KbValue>, Vec<KbBlock>) {
        let mut attributes = BTreeMap::new();
        for attr in body.attributes() {
            let name = attr.key.as_str();
            if matches!(name, "count" | "for_each" | "depends_on" | "provider") {
                continue;
            }
            let value = match self.trace(&attr.value, file, 0) {
                Sym::Const(c) => KbValue::Const(c),
                Sym::Input {
                    path,
                    fallback,
                    when,
                } if !path.is_empty() => KbValue::Input(KbInputRef {
                    path: format!("var.{}", path.join(".")),
                    default: None,
                    fallback,
                    when: Cond {
                        atoms: when,
                        ..Cond::default()
                    }
                    .into_repeat(RepeatKind::None)
                    .when,
                }),
                Sym::Refs(r) => KbValue::Refs(r),
                _ => KbValue::Unknown,
            };
            attributes.insert(name.to_owned(), value);
        }
        let mut blocks = Vec::new();
        for block in body.blocks() {
            match block.ident.as_str() {
                "lifecycle" | "provisioner" | "connection" => {}
                "dynamic" => {
                    if let Some(b) = self.dynamic(block, file) {
                        blocks.push(b);
                    }
                }
                ident => {
                    let (attributes, nested) = self.body(&block.body, file);
                    blocks.push(KbBlock {
                        block_type: ident.to_owned(),
                        repeat: KbRepeat::default(),
                        from: None,
                        attributes,
                        blocks: nested,
                    });
                }
            }
        }
        (attributes, blocks)
    }

    fn dynamic(&self, block: &Block, file: &SourceFile) -> Option<KbBlock> {
        let label = block.labels.first()?.as_str().to_owned();
        let content = block.body.get_blocks("content").next()?;
        let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
            Some(Expression::Variable(v)) => v.as_str().to_owned(),
            _ => label.clone(),
        };
        let (cond, element) = block
            .body
            .get_attribute("for_each")
            .map_or((Cond::untraced(), Sym::Unknown), |a| {
                self.for_each(&a.value, file)
            });
        if cond.never {
            return None;
        }
        let from = match &element {
            Sym::Input { path, .. } if !path.iter().any(|s| s == "*") => {
                Some(format!("var.{}", path.join(".")))
            }
            _ => None,
        };
        let mut c = self.clone();
        c.bindings.push((iterator, Sym::Iter(Box::new(element))));
        let (attributes, blocks) = c.body(&content.body, file);
        Some(KbBlock {
            block_type: label,
            repeat: cond.into_repeat(RepeatKind::None),
            from,
            attributes,
            blocks,
        })
    }

    /// The defaults an `object({...})` type gives to omitted attributes
    /// (`optional(string, "required")`), as an object tree; `null` when none.
    pub(super) fn optional_tree(&self, expr: &Expression, file: &SourceFile) -> serde_json::Value {
        let Expression::FuncCall(call) = expr else {
            return serde_json::Value::Null;
        };
        let args: Vec<&Expression> = call.args.iter().collect();
        match (call.name.name.as_str(), args.as_slice()) {
            ("object", [Expression::Object(object)]) => {
                let mut map = serde_json::Map::new();
                for (key, value) in object {
                    let ObjectKey::Ident(k) = key else { continue };
                    let v = match value.expr() {
                        Expression::FuncCall(opt) if opt.name.name.as_str() == "optional" => {
                            let a: Vec<&Expression> = opt.args.iter().collect();
                            match a.as_slice() {
                                [_, default] => self.fold_in(default, file).unwrap_or_default(),
                                [t] => self.optional_tree(t, file),
                                _ => serde_json::Value::Null,
                            }
                        }
                        other => self.optional_tree(other, file),
                    };
                    if !v.is_null() {
                        map.insert(k.as_str().to_owned(), v);
                    }
                }
                if map.is_empty() {
                    serde_json::Value::Null
                } else {
                    serde_json::Value::Object(map)
                }
            }
            _ => serde_json::Value::Null,
        }
    }
}
