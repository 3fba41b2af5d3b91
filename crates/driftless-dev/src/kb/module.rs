//! Tracing one registry module: its inputs (with their defaults and the defaults their types
//! give), its resources and those of its local submodules, under the conditions that create
//! them.

use super::KbError;
use super::expr::Ctx;
use super::sym::{Cond, Sym};
use driftless_hcl::ModuleSource;
use driftless_hcl::knowledge_base::{
    KbBlock, KbInput, KbModule, KbResource, KbValue, RepeatKind, split_path,
};
use driftless_hcl::trace::{ConstantFolder, ModuleReader};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Module folders parsed once.
#[derive(Default)]
pub(super) struct Loader {
    reader: ModuleReader,
}

impl Loader {
    fn load(&mut self, dir: &Path) -> Result<Option<Arc<ModuleSource>>, KbError> {
        self.reader.read(dir).map_err(KbError::Module)
    }

    pub(super) fn trace_module(
        &mut self,
        dir: &Path,
        address: &str,
    ) -> Result<Option<KbModule>, KbError> {
        let Some(module) = self.load(dir)? else {
            return Ok(None);
        };
        let folder = ConstantFolder::new(&module);
        let ctx = Ctx {
            module: &module,
            folder: &folder,
            parent: None,
            bindings: Vec::new(),
        };
        let mut inputs = BTreeMap::new();
        for (name, decl) in &module.variables {
            let default = decl
                .default
                .as_ref()
                .and_then(|d| ctx.fold_in(d, &decl.file))
                .unwrap_or(serde_json::Value::Null);
            let optional = decl
                .type_constraint
                .as_ref()
                .map_or(serde_json::Value::Null, |t| {
                    ctx.optional_tree(t, &decl.file)
                });
            inputs.insert(
                name.clone(),
                KbInput {
                    required: decl.default.is_none(),
                    default,
                    optional,
                },
            );
        }
        let mut resources = Vec::new();
        self.resources(&ctx, &[], &Cond::default(), &mut resources, 0)?;
        // The informational default of every input-set attribute.
        for r in &mut resources {
            fill_defaults(&inputs, &mut r.attributes, &mut r.blocks);
        }
        Ok(Some(KbModule {
            address: address.to_owned(),
            inputs,
            resources,
        }))
    }

    /// The resources of `ctx`'s module and of its local submodules, under `outer` conditions.
    fn resources(
        &mut self,
        ctx: &Ctx<'_>,
        module_path: &[String],
        outer: &Cond,
        out: &mut Vec<KbResource>,
        depth: usize,
    ) -> Result<(), KbError> {
        for decl in &ctx.module.resources {
            if decl.mode != driftless_diagnostics::ResourceMode::Managed {
                continue;
            }
            let file = &decl.file;
            let (repeat, element, kind) = ctx.repeat_of(&decl.block.body, file);
            let repeat = repeat.and(outer);
            if repeat.never {
                continue;
            }
            let mut c = ctx.clone();
            match kind {
                RepeatKind::Count => c.bindings.push(("count".to_owned(), Sym::CountIter)),
                RepeatKind::ForEach => c
                    .bindings
                    .push(("each".to_owned(), Sym::Iter(Box::new(element)))),
                RepeatKind::None => {}
            }
            let (attributes, blocks) = c.body(&decl.block.body, file);
            out.push(KbResource {
                resource_type: decl.resource_type.clone(),
                name: decl.name.clone(),
                module_path: module_path.to_vec(),
                repeat: repeat.into_repeat(kind),
                attributes,
                blocks,
            });
        }
        if depth >= 4 {
            return Ok(());
        }
        for call in &ctx.module.module_calls {
            if !call.is_local() {
                continue;
            }
            let target = ctx
                .module
                .abs_dir
                .join(call.source.as_deref().unwrap_or("."));
            let Some(child) = self.load(&target)? else {
                continue;
            };
            let (repeat, _, _) = ctx.repeat_of(&call.block.body, &call.file);
            let cond = repeat.and(outer);
            if cond.never {
                continue;
            }
            let folder = ConstantFolder::new(&child);
            let child_ctx = Ctx {
                module: &child,
                folder: &folder,
                parent: Some((ctx, call)),
                bindings: Vec::new(),
            };
            let mut path = module_path.to_vec();
            path.push(call.name.clone());
            self.resources(&child_ctx, &path, &cond, out, depth + 1)?;
        }
        Ok(())
    }
}

/// Fills the informational `default` of every input-set attribute: the value when the call
/// leaves the input out.
fn fill_defaults(
    inputs: &BTreeMap<String, KbInput>,
    attributes: &mut BTreeMap<String, KbValue>,
    blocks: &mut [KbBlock],
) {
    for value in attributes.values_mut() {
        let KbValue::Input(input) = value else {
            continue;
        };
        let path = split_path(&input.path);
        let Some((name, rest)) = path.split_first() else {
            continue;
        };
        let Some(decl) = inputs.get(name) else {
            *value = KbValue::Unknown;
            continue;
        };
        if decl.required || rest.iter().any(|s| s == "*") {
            continue;
        }
        let found = rest
            .iter()
            .try_fold(&decl.default, |v, s| v.get(s))
            .filter(|v| !v.is_null())
            .or_else(|| {
                rest.iter()
                    .try_fold(&decl.optional, |v, s| v.get(s))
                    .filter(|v| !v.is_null())
            })
            .or(input.fallback.as_ref())
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        input.default = Some(found);
    }
    for b in blocks {
        fill_defaults(inputs, &mut b.attributes, &mut b.blocks);
    }
}
