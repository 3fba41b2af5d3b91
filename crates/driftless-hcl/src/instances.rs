//! The last layer: evaluating root modules into resource instances. Variables come from
//! `.tfvars` files and defaults, module calls are expanded (`count`, `for_each`) and followed
//! into their folders (or evaluated from the module knowledge base), resources are expanded
//! into instances, each with its [`BlockView`].

use crate::build::build_block;
use crate::eval::{FileRoots, ModuleEnv, Scope, convert_variable, iterate};
use crate::files::model::{ModuleCallDecl, ModuleSource, ResourceDecl, VariableDecl};
use crate::files::project::{Project, normalize};
use crate::files::walk::relative_path;
use crate::knowledge_base::format::{KbModule, find};
use crate::knowledge_base::instantiate::instantiate;
use crate::value::{Kind, Value};
use crate::view::BlockView;
use driftless_diagnostics::{
    CallSite, InputError, InputErrorKind, InstanceKey, ModuleStep, OriginKind, ResourceAddress,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// How deep module calls may nest before the evaluator stops (Terraform has no limit; real
/// configurations rarely pass 5).
const MAX_MODULE_DEPTH: usize = 24;

/// The largest `count` expanded into instances; a larger one is treated as unknown (one
/// instance stands for all), so a typo such as `count = 1000000` cannot exhaust memory.
const MAX_COUNT: i64 = 20_000;

/// One module instance: the root module, or one instance of a module call.
#[derive(Debug, Clone)]
pub struct ModuleInstance {
    /// The root module it was evaluated from (repository-relative folder).
    pub root_module: String,
    /// Its path, `module.a["x"].module.b`; empty for the root.
    pub path: Vec<ModuleStep>,
    /// Its folder and everything declared in it, including the resources whose `count` or
    /// `for_each` gives no instance here.
    pub module: Arc<ModuleSource>,
    /// The calls from the root down to it.
    pub call_chain: Vec<CallSite>,
    /// Its resources: a range of [`Evaluation::resources`] (a module instance's resources are
    /// evaluated together, before its module calls).
    pub resources: std::ops::Range<usize>,
}

/// One resource instance, evaluated.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Its address, instance key included.
    pub address: ResourceAddress,
    /// Index of its module instance in [`Evaluation::module_instances`].
    pub module_instance: usize,
    /// The resource block, evaluated for this instance.
    pub block: BlockView,
    /// Whether its `count`/`for_each` was unknown (the instance stands for all of them).
    pub repetition_unknown: bool,
}

impl Resource {
    /// The resource type, `aws_instance`.
    #[must_use]
    pub fn resource_type(&self) -> &str {
        &self.address.resource_type
    }
}

/// Every resource instance of every root module.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// Module instances; resources refer to them by index.
    pub module_instances: Vec<ModuleInstance>,
    /// Resource and data source instances, root by root.
    pub resources: Vec<Resource>,
    /// Module calls that could not be followed, and parse errors of modules loaded on demand.
    pub errors: Vec<InputError>,
    /// Resource indices by type (`aws_instance`; data sources as `data.aws_iam_policy_document`
    /// would be ambiguous, so both modes share the type name), for [`Evaluation::of_type`].
    by_type: std::collections::HashMap<String, Vec<usize>>,
}

impl Evaluation {
    /// The resources of the same module instance as `resource`, of type `resource_type`.
    pub fn siblings<'a>(
        &'a self,
        resource: &'a Resource,
        resource_type: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources[self.module_instances[resource.module_instance]
            .resources
            .clone()]
        .iter()
        .filter(move |r| r.address.resource_type == resource_type)
    }

    /// Every resource instance of type `resource_type`, in every root module: a look-up, not
    /// a scan of every resource, so rules that look across modules stay linear.
    pub fn of_type<'a>(&'a self, resource_type: &str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.by_type
            .get(resource_type)
            .into_iter()
            .flatten()
            .map(|&i| &self.resources[i])
    }

    /// Indexes the resources by type; called once evaluation is complete.
    fn index_types(&mut self) {
        self.by_type.clear();
        for (i, r) in self.resources.iter().enumerate() {
            self.by_type
                .entry(r.address.resource_type.clone())
                .or_default()
                .push(i);
        }
    }

    /// The module instance of `resource`.
    #[must_use]
    pub fn module_of(&self, resource: &Resource) -> &ModuleInstance {
        &self.module_instances[resource.module_instance]
    }

    /// Replaces every resource instance that stands for instances the code cannot count
    /// (its own `count`/`for_each`, or a module call's, is unknown: the key is missing from
    /// its address) by one instance per address `known` gives for it (the instances a state
    /// or plan holds of that block, with every key), each a copy at that address. A resource
    /// `known` gives none for stays as it is. Module instance ranges and the type index
    /// follow.
    pub fn expand_unknown_repetitions(
        &mut self,
        known: impl Fn(&Resource) -> Vec<ResourceAddress>,
    ) {
        let stands_for_many = |r: &Resource| {
            (r.repetition_unknown && r.address.key.is_none())
                || r.address.module_path.iter().any(|s| s.key.is_none())
        };
        if !self.resources.iter().any(stands_for_many) {
            return;
        }
        let old = std::mem::take(&mut self.resources);
        // Where each old resource's first copy lands, and the end last.
        let mut moved: Vec<usize> = Vec::with_capacity(old.len() + 1);
        for resource in old {
            moved.push(self.resources.len());
            let found = if stands_for_many(&resource) {
                known(&resource)
            } else {
                Vec::new()
            };
            if found.is_empty() {
                self.resources.push(resource);
                continue;
            }
            for address in found {
                let mut copy = resource.clone();
                copy.repetition_unknown = false;
                copy.address = address;
                self.resources.push(copy);
            }
        }
        moved.push(self.resources.len());
        for m in &mut self.module_instances {
            m.resources = moved[m.resources.start]..moved[m.resources.end];
        }
        self.index_types();
    }
}

/// Evaluates every root module of `project`, in parallel.
#[must_use]
pub fn evaluate(project: &Project) -> Evaluation {
    let parts: Vec<Evaluation> = project
        .roots
        .par_iter()
        .map(|root| evaluate_root(project, root))
        .collect();
    let mut all = Evaluation::default();
    for mut part in parts {
        let offset = all.module_instances.len();
        let shift = all.resources.len();
        for r in &mut part.resources {
            r.module_instance += offset;
        }
        for m in &mut part.module_instances {
            m.resources = m.resources.start + shift..m.resources.end + shift;
        }
        all.module_instances.extend(part.module_instances);
        all.resources.extend(part.resources);
        all.errors.extend(part.errors);
    }
    all.index_types();
    all
}

/// Evaluates one root module (repository-relative folder).
#[must_use]
pub(crate) fn evaluate_root(project: &Project, root: &str) -> Evaluation {
    let mut out = Evaluation::default();
    let Some(module) = project.root_module(root) else {
        return out;
    };
    let mut vars = HashMap::new();
    // Terraform's working directory is the root module's folder: relative paths in file
    // functions, and `path.module`, are relative to it.
    let files = Some(Arc::new(FileRoots::new(&project.root, &module.abs_dir)));
    let empty = ModuleEnv::new(&module, HashMap::new(), ".".to_owned()).with_files(files.clone());
    let tfvars: Vec<_> = project
        .vars_files
        .get(root)
        .into_iter()
        .flatten()
        .chain(&project.extra_vars)
        .collect();
    for (name, decl) in &module.variables {
        let mut value = None;
        for vars_file in &tfvars {
            if let Some(attr) = vars_file
                .entries
                .iter()
                .rev()
                .find(|a| a.key.as_str() == name)
            {
                let scope = Scope::new(&empty, &vars_file.file, OriginKind::Tfvars);
                value = Some(scope.eval(&attr.value).unwrap_or_else(|_| Value::unknown()));
            }
            if let Some(json) = vars_file.json.as_ref().and_then(|j| j.get(name)) {
                value = Some(Value::from_json(json));
            }
        }
        let given = project
            .root_values
            .get(root)
            .and_then(|values| values.get(name))
            .map(Value::from_json);
        let value = given
            .or(value)
            .or_else(|| default_value(&empty, decl))
            .unwrap_or_else(Value::unknown);
        vars.insert(name.clone(), convert_variable(&empty, decl, value));
    }
    let env = ModuleEnv::new(&module, vars, ".".to_owned()).with_files(files.clone());
    let cx = Cx {
        project,
        root,
        root_dir: &module.abs_dir,
        files,
        entered: std::cell::RefCell::new(vec![normalize(&module.abs_dir)]),
    };
    let modules_json = read_modules_json(&project.root.join(if root == "." { "" } else { root }));
    cx.module_instance(&env, &module, &[], &[], &modules_json, 0, &mut out);
    out.index_types();
    out
}

fn default_value(env: &ModuleEnv<'_>, decl: &VariableDecl) -> Option<Value> {
    let default = decl.default.as_ref()?;
    let scope = Scope::new(env, &decl.file, OriginKind::VariableDefault);
    Some(scope.eval(default).unwrap_or_else(|_| Value::unknown()))
}

struct Cx<'p> {
    project: &'p Project,
    root: &'p str,
    /// The root module's folder, absolute: `path.module` is relative to it.
    root_dir: &'p Path,
    /// Where the file functions read.
    files: Option<Arc<FileRoots>>,
    /// The folders of the modules being evaluated, from the root module down: a call of one
    /// of them is a cycle.
    entered: std::cell::RefCell<Vec<std::path::PathBuf>>,
}

/// `.terraform/modules/modules.json` of a root module: module key (`a.b`) -> folder.
type ModulesJson = HashMap<String, std::path::PathBuf>;

fn read_modules_json(root_abs: &Path) -> ModulesJson {
    let path = root_abs.join(".terraform/modules/modules.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return HashMap::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return HashMap::new();
    };
    json.get("Modules")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
        .filter_map(|m| {
            Some((
                m.get("Key")?.as_str()?.to_owned(),
                root_abs.join(m.get("Dir")?.as_str()?),
            ))
        })
        .collect()
}

/// Iteration values bound for one instance: `count` or `each`.
type Bindings = Vec<(&'static str, Value)>;

/// The instances of a block with `count` or `for_each`: `(key, bindings)`; one instance with
/// no key when neither is set; one instance with `unknown = true` when they are unknown.
struct Expansion {
    instances: Vec<(Option<InstanceKey>, Bindings)>,
    unknown: bool,
}

fn expand(scope: &Scope<'_, '_>, body: &hcl_edit::structure::Body) -> Expansion {
    let eval = |name: &str| {
        body.get_attribute(name)
            .map(|a| scope.eval(&a.value).unwrap_or_else(|_| Value::unknown()))
    };
    let object = |pairs: [(&str, Value); 2]| {
        Value::new(Kind::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<BTreeMap<_, _>>(),
        ))
    };
    if let Some(count) = eval("count") {
        return match count.as_number() {
            // `MAX_COUNT` and every index below it are exact in f64, and `n` is in
            // 0..=MAX_COUNT, so it fits in an i64 (a fraction is dropped).
            #[allow(clippy::cast_precision_loss)]
            Some(n) if (0.0..=MAX_COUNT as f64).contains(&n) => {
                #[allow(clippy::cast_possible_truncation)]
                let n = n as i64;
                Expansion {
                    #[allow(clippy::cast_precision_loss)]
                    instances: (0..n)
                        .map(|i| {
                            let index = Value::new(Kind::Number(i as f64));
                            let count = Value::new(Kind::Object(BTreeMap::from([(
                                "index".to_owned(),
                                index,
                            )])));
                            (Some(InstanceKey::Index(i)), vec![("count", count)])
                        })
                        .collect(),
                    unknown: false,
                }
            }
            _ => {
                let count = Value::new(Kind::Object(BTreeMap::from([(
                    "index".to_owned(),
                    Value::unknown(),
                )])));
                Expansion {
                    instances: vec![(None, vec![("count", count)])],
                    unknown: true,
                }
            }
        };
    }
    if let Some(for_each) = eval("for_each") {
        let pairs = match &for_each.kind {
            // A set of strings: each.key and each.value are the element.
            Kind::List(items) if items.iter().all(|i| i.as_str().is_some()) => Some(
                items
                    .iter()
                    .map(|i| (Value::string(i.as_str().unwrap_or_default()), i.clone()))
                    .collect(),
            ),
            Kind::Object(_) | Kind::Null => iterate(&for_each),
            _ => None,
        };
        return match pairs {
            Some(pairs) => Expansion {
                instances: pairs
                    .into_iter()
                    .map(|(k, v)| {
                        let key = k.as_str().map(|s| InstanceKey::Key(s.into_owned()));
                        (key, vec![("each", object([("key", k), ("value", v)]))])
                    })
                    .collect(),
                unknown: false,
            },
            None => Expansion {
                instances: vec![(
                    None,
                    vec![(
                        "each",
                        object([("key", Value::unknown()), ("value", Value::unknown())]),
                    )],
                )],
                unknown: true,
            },
        };
    }
    Expansion {
        instances: vec![(None, Vec::new())],
        unknown: false,
    }
}

fn bind_all<'e, 'm>(scope: &Scope<'e, 'm>, bindings: &[(&'static str, Value)]) -> Scope<'e, 'm> {
    bindings
        .iter()
        .fold(scope.clone(), |s, (n, v)| s.bind(n, v.clone()))
}

impl Cx<'_> {
    // The walk's state at one module: its environment and source, where it sits (path, call
    // chain, depth), the `modules.json` map and the output.
    #[allow(clippy::too_many_arguments)]
    fn module_instance(
        &self,
        env: &ModuleEnv<'_>,
        module: &Arc<ModuleSource>,
        path: &[ModuleStep],
        call_chain: &[CallSite],
        modules_json: &ModulesJson,
        depth: usize,
        out: &mut Evaluation,
    ) {
        let index = out.module_instances.len();
        out.module_instances.push(ModuleInstance {
            root_module: self.root.to_owned(),
            path: path.to_vec(),
            module: Arc::clone(module),
            call_chain: call_chain.to_vec(),
            resources: 0..0,
        });
        let start = out.resources.len();
        for decl in &env.module.resources {
            Self::resource(env, decl, path, index, out);
        }
        out.module_instances[index].resources = start..out.resources.len();
        for call in &env.module.module_calls {
            self.module_call(env, call, path, call_chain, modules_json, depth, out);
        }
    }

    fn resource(
        env: &ModuleEnv<'_>,
        decl: &ResourceDecl,
        path: &[ModuleStep],
        index: usize,
        out: &mut Evaluation,
    ) {
        let scope = Scope::new(env, &decl.file, OriginKind::Literal);
        let expansion = expand(&scope, &decl.block.body);
        for (key, bindings) in expansion.instances {
            let s = bind_all(&scope, &bindings);
            let mut block = build_block(&decl.block, &s, &decl.file);
            if decl.mode == driftless_diagnostics::ResourceMode::Managed {
                block.place_in_schema(vec![decl.resource_type.clone()]);
            }
            out.resources.push(Resource {
                address: ResourceAddress {
                    module_path: path.to_vec(),
                    mode: decl.mode,
                    resource_type: decl.resource_type.clone(),
                    name: decl.name.clone(),
                    key,
                },
                module_instance: index,
                block,
                repetition_unknown: expansion.unknown,
            });
        }
    }

    // As `module_instance`, for one call in it.
    #[allow(clippy::too_many_arguments)]
    fn module_call(
        &self,
        env: &ModuleEnv<'_>,
        call: &ModuleCallDecl,
        path: &[ModuleStep],
        call_chain: &[CallSite],
        modules_json: &ModulesJson,
        depth: usize,
        out: &mut Evaluation,
    ) {
        if depth >= MAX_MODULE_DEPTH {
            out.errors.push(unresolved(
                call,
                &format!("module calls nest deeper than {MAX_MODULE_DEPTH}; not followed"),
            ));
            return;
        }
        let key: String = path
            .iter()
            .map(|s| s.name.as_str())
            .chain([call.name.as_str()])
            .collect::<Vec<_>>()
            .join(".");
        let target = if let Some(dir) = modules_json.get(&key) {
            dir.clone()
        } else if call.is_local() {
            env.module
                .abs_dir
                .join(call.source.as_deref().unwrap_or("."))
        } else if let Some(kb) = call.source.as_deref().and_then(find) {
            self.registry_call(env, call, kb, path, call_chain, out);
            return;
        } else {
            let what = call.source.as_deref().unwrap_or("a non-literal source");
            out.errors.push(InputError {
                kind: InputErrorKind::Skipped,
                path: call.file.path.clone(),
                position: Some(call.location().start),
                message: format!(
                    "module \"{}\" ({what}) is not downloaded (no entry in .terraform/modules/modules.json); its resources are not scanned",
                    call.name
                ),
            });
            return;
        };
        let target = normalize(&target);
        if self.entered.borrow().contains(&target) || target == normalize(&env.module.abs_dir) {
            out.errors
                .push(unresolved(call, "module calls itself; not followed"));
            return;
        }
        let (module, errors) = self.project.module(&target);
        out.errors.extend(errors);
        let Some(module) = module else {
            out.errors.push(unresolved(
                call,
                &format!(
                    "module source `{}`: no .tf files in {}",
                    call.source.as_deref().unwrap_or(""),
                    relative_path(&self.project.root, &target)
                ),
            ));
            return;
        };
        let scope = Scope::new(env, &call.file, OriginKind::ModuleArgument);
        let expansion = expand(&scope, &call.block.body);
        for (instance_key, bindings) in expansion.instances {
            let s = bind_all(&scope, &bindings);
            let path_module = relative_path(self.root_dir, &module.abs_dir);
            let placeholder = ModuleEnv::new(&module, HashMap::new(), path_module.clone())
                .with_files(self.files.clone());
            let mut vars = HashMap::new();
            for (name, decl) in &module.variables {
                let arg = call
                    .block
                    .body
                    .get_attribute(name)
                    .map(|a| s.eval(&a.value).unwrap_or_else(|_| Value::unknown()));
                let value = match arg {
                    Some(v) if !v.is_null() => Some(v),
                    // Passing null selects the default (for the common non-nullable use).
                    Some(v) => default_value(&placeholder, decl).or(Some(v)),
                    None => default_value(&placeholder, decl),
                };
                let value = value.unwrap_or_else(Value::unknown);
                vars.insert(name.clone(), convert_variable(&placeholder, decl, value));
            }
            let child = ModuleEnv::new(&module, vars, path_module).with_files(self.files.clone());
            let (child_path, chain) = enter_call(
                path,
                call_chain,
                call,
                instance_key,
                call.source.clone().unwrap_or_default(),
            );
            self.entered.borrow_mut().push(target.clone());
            self.module_instance(
                &child,
                &module,
                &child_path,
                &chain,
                modules_json,
                depth + 1,
                out,
            );
            self.entered.borrow_mut().pop();
        }
    }

    /// Evaluates a call of a registry module that was not downloaded from the knowledge base
    /// (`kb`): one module instance per instance of the call, holding the module's resources.
    fn registry_call(
        &self,
        env: &ModuleEnv<'_>,
        call: &ModuleCallDecl,
        kb: &KbModule,
        path: &[ModuleStep],
        call_chain: &[CallSite],
        out: &mut Evaluation,
    ) {
        let module = Arc::new(ModuleSource {
            dir: kb.address.clone(),
            editable: false,
            ..ModuleSource::default()
        });
        let scope = Scope::new(env, &call.file, OriginKind::ModuleArgument);
        let expansion = expand(&scope, &call.block.body);
        for (instance_key, bindings) in expansion.instances {
            let s = bind_all(&scope, &bindings);
            let call_view = Arc::new(build_block(&call.block, &s, &call.file));
            let (child_path, chain) = enter_call(
                path,
                call_chain,
                call,
                instance_key,
                call.source.clone().unwrap_or_default(),
            );
            let index = out.module_instances.len();
            let start = out.resources.len();
            for r in instantiate(kb, call_view) {
                let mut module_path = child_path.clone();
                module_path.extend(
                    r.module_path
                        .into_iter()
                        .map(|name| ModuleStep { name, key: None }),
                );
                out.resources.push(Resource {
                    address: ResourceAddress {
                        module_path,
                        mode: driftless_diagnostics::ResourceMode::Managed,
                        resource_type: r.resource_type,
                        name: r.name,
                        key: r.key,
                    },
                    module_instance: index,
                    block: r.block,
                    repetition_unknown: r.repetition_unknown || expansion.unknown,
                });
            }
            out.module_instances.push(ModuleInstance {
                root_module: self.root.to_owned(),
                path: child_path,
                module: Arc::clone(&module),
                call_chain: chain,
                resources: start..out.resources.len(),
            });
        }
    }
}

/// A module call that is not followed, and why.
/// The module path and call chain inside instance `key` of module call `call`, made at
/// `path` with `call_chain`: both one step longer. `source` is what the call chain shows as
/// the call's source: its `source` argument as written (`./modules/web`, a registry
/// address), never a folder of this machine.
fn enter_call(
    path: &[ModuleStep],
    call_chain: &[CallSite],
    call: &ModuleCallDecl,
    key: Option<InstanceKey>,
    source: String,
) -> (Vec<ModuleStep>, Vec<CallSite>) {
    let name = format!(
        "{}{}",
        call.name,
        key.as_ref().map(ToString::to_string).unwrap_or_default()
    );
    let mut child_path = path.to_vec();
    child_path.push(ModuleStep {
        name: call.name.clone(),
        key,
    });
    let mut chain = call_chain.to_vec();
    chain.push(CallSite {
        name,
        source,
        location: call.location(),
    });
    (child_path, chain)
}

fn unresolved(call: &ModuleCallDecl, message: &str) -> InputError {
    InputError {
        kind: InputErrorKind::Unresolved,
        path: call.file.path.clone(),
        position: Some(call.location().start),
        message: format!("module \"{}\": {message}", call.name),
    }
}
