//! The registry module knowledge base generator: traces the modules' own sources with
//! driftless-hcl's parser and evaluator, and writes, for each module and submodule, its
//! resources (with the conditions on their `count`/`for_each`) and, for every attribute, the
//! module input that sets it (with its default) or the constant it is set to. No source text
//! is kept: only what tracing derives.
//!
//! Tracing is symbolic: an expression is folded to a constant by the evaluator when it does
//! not depend on any input; otherwise `var.x.y`, `local.z` (followed), `try`, `lookup`,
//! `coalesce`, conversions, `dynamic` iterators, `count.index`/`each` and local submodule
//! calls (their arguments followed into the caller) are traced to an input path. Anything
//! else is recorded as unknown (or as references to other resources), never guessed.

use driftless_hcl::knowledge_base::{
    KbBlock, KbCondition, KbInput, KbInputRef, KbModule, KbRepeat, KbResource, KbTest, KbValue,
    KnowledgeBase, RepeatKind,
};
use driftless_hcl::trace::{ConstantFolder, ModuleReader};
use driftless_hcl::{ModuleCallDecl, ModuleSource, SourceFile};
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Block, Body};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How deep locals and submodule arguments are followed.
const MAX_DEPTH: usize = 32;

/// Errors of the generator.
#[derive(Debug)]
pub struct KbError(pub String);

impl std::fmt::Display for KbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KbError {}

/// Traces every module under `modules_dir` (one `terraform-aws-<name>` folder a module, its
/// submodules under `modules/<x>`) and returns the knowledge base as pretty JSON with a final
/// newline: the same input always gives the same bytes.
///
/// # Errors
/// When `modules_dir` cannot be read or a module file does not parse.
pub fn generate(modules_dir: &Path) -> Result<String, KbError> {
    let kb = trace_all(modules_dir)?;
    let mut json = serde_json::to_string_pretty(&kb).map_err(|e| KbError(e.to_string()))?;
    json.push('\n');
    Ok(json)
}

/// Traces every module under `modules_dir` into a [`KnowledgeBase`].
///
/// # Errors
/// As [`generate`].
pub fn trace_all(modules_dir: &Path) -> Result<KnowledgeBase, KbError> {
    let read = |d: &Path| -> Result<Vec<PathBuf>, KbError> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|e| KbError(format!("{}: {e}", d.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        v.sort();
        Ok(v)
    };
    let mut loader = Loader::default();
    let mut modules = Vec::new();
    for dir in read(modules_dir)? {
        let folder = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(name) = folder.strip_prefix("terraform-aws-") else {
            continue;
        };
        let address = format!("terraform-aws-modules/{name}/aws");
        if let Some(m) = loader.trace_module(&dir, &address)? {
            modules.push(m);
        }
        let sub = dir.join("modules");
        if sub.is_dir() {
            for d in read(&sub)? {
                let x = d
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                // `_templates`, `_user_data`: internal building blocks, not entry points.
                if x.starts_with('_') {
                    continue;
                }
                if let Some(m) = loader.trace_module(&d, &format!("{address}//modules/{x}"))? {
                    modules.push(m);
                }
            }
        }
    }
    modules.sort_by(|a, b| a.address.cmp(&b.address));
    Ok(KnowledgeBase {
        generated_by: "driftless-dev kb --modules ../shared/corpus/modules".to_owned(),
        modules,
    })
}

/// Module folders parsed once.
#[derive(Default)]
struct Loader {
    reader: ModuleReader,
}

impl Loader {
    fn load(&mut self, dir: &Path) -> Result<Option<Arc<ModuleSource>>, KbError> {
        self.reader.read(dir).map_err(|e| KbError(e.to_string()))
    }

    fn trace_module(&mut self, dir: &Path, address: &str) -> Result<Option<KbModule>, KbError> {
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

/// A traced value.
#[derive(Debug, Clone, PartialEq)]
enum Sym {
    /// A constant.
    Const(serde_json::Value),
    /// A module input path, with the module's fallback when it is absent or null.
    Input {
        path: Vec<String>,
        fallback: Option<serde_json::Value>,
        when: Vec<(Vec<String>, KbTest)>,
    },
    /// Other resources' attributes.
    Refs(Vec<String>),
    /// A `dynamic` iterator or `each`: `.value` is the element, `.key` unknown.
    Iter(Box<Sym>),
    /// `count`: `.index` is the element key.
    CountIter,
    /// The element key (`count.index`, `each.key`).
    Star,
    /// Not traced.
    Unknown,
}

impl Sym {
    fn get(&self, key: &str) -> Self {
        match self {
            Self::Input {
                path,
                fallback,
                when,
            } => Self::Input {
                path: path.iter().cloned().chain([key.to_owned()]).collect(),
                fallback: fallback.as_ref().and_then(|f| f.get(key)).cloned(),
                when: when.clone(),
            },
            Self::Const(c) => Self::Const(c.get(key).cloned().unwrap_or(serde_json::Value::Null)),
            Self::Refs(r) => Self::Refs(r.clone()),
            Self::Iter(e) if key == "value" => (**e).clone(),
            Self::Iter(_) if key == "key" => Self::Star,
            Self::CountIter if key == "index" => Self::Star,
            _ => Self::Unknown,
        }
    }

    fn input(&self) -> Option<&[String]> {
        match self {
            Self::Input { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// A traced condition: all `atoms` must hold; `untraced` when a part could not be traced;
/// `never` when it is constantly false.
#[derive(Debug, Clone, Default)]
struct Cond {
    atoms: Vec<(Vec<String>, KbTest)>,
    untraced: bool,
    never: bool,
    each: Option<Vec<String>>,
}

impl Cond {
    fn untraced() -> Self {
        Self {
            untraced: true,
            ..Self::default()
        }
    }

    fn and(mut self, other: &Self) -> Self {
        self.atoms.extend(other.atoms.iter().cloned());
        self.untraced |= other.untraced;
        self.never |= other.never;
        match (&self.each, &other.each) {
            (None, Some(e)) => self.each = Some(e.clone()),
            (Some(_), Some(_)) => self.untraced = true,
            _ => {}
        }
        self
    }

    fn into_repeat(self, kind: RepeatKind) -> KbRepeat {
        let mut when: Vec<KbCondition> = Vec::new();
        for (path, test) in self.atoms {
            let c = KbCondition {
                input: format!("var.{}", path.join(".")),
                test,
            };
            if !when.contains(&c) {
                when.push(c);
            }
        }
        KbRepeat {
            kind,
            when,
            each: self.each.map(|p| format!("var.{}", p.join("."))),
            untraced: self.untraced,
        }
    }
}

fn negate(t: KbTest) -> KbTest {
    match t {
        KbTest::True => KbTest::False,
        KbTest::False => KbTest::True,
        KbTest::NotNull => KbTest::Null,
        KbTest::Null => KbTest::NotNull,
        KbTest::NonEmpty => KbTest::Empty,
        KbTest::Empty => KbTest::NonEmpty,
    }
}

/// Where an expression is traced: the module, an environment with every input unknown (for
/// constant folding), the calling module for a local submodule, and iterator bindings.
#[derive(Clone)]
struct Ctx<'a> {
    module: &'a ModuleSource,
    folder: &'a ConstantFolder<'a>,
    parent: Option<(&'a Ctx<'a>, &'a ModuleCallDecl)>,
    bindings: Vec<(String, Sym)>,
}

impl Ctx<'_> {
    /// The expression's value when it depends on no input and no iterator: folded by the
    /// evaluator.
    fn fold_in(&self, expr: &Expression, file: &SourceFile) -> Option<serde_json::Value> {
        self.folder.fold(expr, file)
    }

    fn fold(&self, expr: &Expression, file: &SourceFile) -> Option<serde_json::Value> {
        if !self.bindings.is_empty() && mentions(expr, &self.bindings) {
            return None;
        }
        self.fold_in(expr, file)
    }

    fn trace(&self, expr: &Expression, file: &SourceFile, depth: usize) -> Sym {
        if depth > MAX_DEPTH {
            return Sym::Unknown;
        }
        if let Some(c) = self.fold(expr, file) {
            return Sym::Const(c);
        }
        match expr {
            Expression::Parenthesis(p) => self.trace(p.inner(), file, depth + 1),
            Expression::Variable(v) => self
                .bindings
                .iter()
                .rev()
                .find(|(n, _)| n == v.as_str())
                .map_or(Sym::Unknown, |(_, s)| s.clone()),
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators, file, depth),
            Expression::FuncCall(call) if !call.name.is_namespaced() => {
                let args: Vec<&Expression> = call.args.iter().collect();
                match (call.name.name.as_str(), args.as_slice()) {
                    ("try" | "coalesce", [first, rest @ ..]) => {
                        match self.trace(first, file, depth + 1) {
                            Sym::Input {
                                path,
                                fallback: None,
                                when,
                            } => {
                                let fallback = rest.iter().find_map(|e| {
                                    match self.trace(e, file, depth + 1) {
                                        Sym::Const(c) if !c.is_null() => Some(c),
                                        _ => None,
                                    }
                                });
                                Sym::Input {
                                    path,
                                    fallback,
                                    when,
                                }
                            }
                            Sym::Const(c) if !c.is_null() => Sym::Const(c),
                            _ => self.refs_or_unknown(expr),
                        }
                    }
                    ("lookup", [map, key, rest @ ..]) => {
                        let Some(k) = self
                            .fold(key, file)
                            .and_then(|k| k.as_str().map(str::to_owned))
                        else {
                            return Sym::Unknown;
                        };
                        match self.trace(map, file, depth + 1).get(&k) {
                            Sym::Input {
                                path,
                                fallback,
                                when,
                            } => Sym::Input {
                                path,
                                fallback: fallback
                                    .or_else(|| rest.first().and_then(|d| self.fold(d, file))),
                                when,
                            },
                            other => other,
                        }
                    }
                    ("tobool" | "tostring" | "tonumber" | "tolist" | "toset" | "tomap", [x]) => {
                        self.trace(x, file, depth + 1)
                    }
                    _ => self.refs_or_unknown(expr),
                }
            }
            Expression::Conditional(c) => {
                let t = self.trace(&c.true_expr, file, depth + 1);
                let f = self.trace(&c.false_expr, file, depth + 1);
                // `var.x == "null" ? null : var.x`: null in one branch, the input in the
                // other, a condition about that input alone.
                let (input, other) = match (&t, &f) {
                    (i @ Sym::Input { .. }, o) | (o, i @ Sym::Input { .. }) => (i, o),
                    _ => return self.refs_or_unknown(expr),
                };
                // `local.is_replica ? null : var.engine`: the input when the condition says
                // so, else null.
                if matches!(other, Sym::Const(serde_json::Value::Null)) {
                    let mut cond = self.cond(&c.cond_expr, file, depth + 1);
                    if matches!(f, Sym::Input { .. }) {
                        cond = match (cond.atoms.as_slice(), cond.untraced, cond.never) {
                            ([(p, t)], false, false) => Cond {
                                atoms: vec![(p.clone(), negate(*t))],
                                ..Cond::default()
                            },
                            _ => Cond::untraced(),
                        };
                    }
                    if !cond.untraced
                        && !cond.never
                        && cond.each.is_none()
                        && let Sym::Input {
                            path,
                            fallback,
                            mut when,
                        } = input.clone()
                    {
                        when.extend(cond.atoms);
                        return Sym::Input {
                            path,
                            fallback,
                            when,
                        };
                    }
                }
                let root = input.input().and_then(|p| p.first()).cloned();
                let about = self.inputs_in(&c.cond_expr, file, depth + 1);
                if matches!(other, Sym::Const(serde_json::Value::Null))
                    && about.is_some_and(|a| a.len() == 1 && a.first() == root.as_ref())
                {
                    input.clone()
                } else {
                    self.refs_or_unknown(expr)
                }
            }
            _ => self.refs_or_unknown(expr),
        }
    }

    /// The inputs (root names) an expression reads, or `None` when it reads something else
    /// than inputs and constants.
    fn inputs_in(
        &self,
        expr: &Expression,
        file: &SourceFile,
        depth: usize,
    ) -> Option<BTreeSet<String>> {
        struct Collect<'c, 'a> {
            ctx: &'c Ctx<'a>,
            file: &'c SourceFile,
            depth: usize,
            out: Option<BTreeSet<String>>,
        }
        impl hcl_edit::visit::Visit for Collect<'_, '_> {
            fn visit_traversal(&mut self, node: &hcl_edit::expr::Traversal) {
                let e = Expression::Traversal(Box::new(node.clone()));
                match self.ctx.trace(&e, self.file, self.depth) {
                    Sym::Input { path, .. } => {
                        if let (Some(out), Some(root)) = (&mut self.out, path.first()) {
                            out.insert(root.clone());
                        }
                    }
                    Sym::Const(_) => {}
                    _ => self.out = None,
                }
            }
        }
        let mut c = Collect {
            ctx: self,
            file,
            depth,
            out: Some(BTreeSet::new()),
        };
        hcl_edit::visit::visit_expr(&mut c, expr);
        c.out
    }

    fn refs_or_unknown(&self, expr: &Expression) -> Sym {
        let mut refs = BTreeSet::new();
        collect_refs(expr, &mut refs);
        if refs.is_empty() {
            Sym::Unknown
        } else {
            Sym::Refs(refs.into_iter().collect())
        }
    }

    fn var(&self, name: &str, depth: usize) -> Sym {
        let Some((parent, call)) = self.parent else {
            return if self.module.variables.contains_key(name) {
                Sym::Input {
                    path: vec![name.to_owned()],
                    fallback: None,
                    when: Vec::new(),
                }
            } else {
                Sym::Unknown
            };
        };
        if let Some(arg) = call.block.body.get_attribute(name) {
            let s = parent.trace(&arg.value, &call.file, depth + 1);
            if s != Sym::Const(serde_json::Value::Null) {
                return s;
            }
        }
        self.module
            .variables
            .get(name)
            .and_then(|d| d.default.as_ref().map(|e| (e, &d.file)))
            .and_then(|(e, f)| self.fold_in(e, f))
            .map_or(Sym::Unknown, Sym::Const)
    }

    fn local(&self, name: &str, depth: usize) -> Sym {
        match self.module.locals.get(name) {
            Some(decl) => {
                let c = Ctx {
                    bindings: Vec::new(),
                    ..self.clone()
                };
                c.trace(&decl.attribute.value, &decl.file, depth + 1)
            }
            None => Sym::Unknown,
        }
    }

    fn traversal(
        &self,
        base: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        file: &SourceFile,
        depth: usize,
    ) -> Sym {
        let ops: Vec<&TraversalOperator> = ops.iter().map(hcl_edit::Decorated::value).collect();
        let Expression::Variable(v) = base else {
            return Sym::Unknown;
        };
        let root = v.as_str();
        let first = match ops.first() {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        let (mut sym, rest) =
            if let Some((_, s)) = self.bindings.iter().rev().find(|(n, _)| n == root) {
                (s.clone(), &ops[..])
            } else {
                match (root, first) {
                    ("var", Some(name)) => (self.var(name, depth), &ops[1..]),
                    ("local", Some(name)) => (self.local(name, depth), &ops[1..]),
                    _ => return reference(root, first),
                }
            };
        for op in rest {
            sym = match op {
                TraversalOperator::GetAttr(a) => sym.get(a.as_str()),
                TraversalOperator::LegacyIndex(n) => sym.get(&n.value().to_string()),
                TraversalOperator::Index(e) => match self.trace(e, file, depth + 1) {
                    Sym::Star => sym.get("*"),
                    Sym::Const(serde_json::Value::String(k)) => sym.get(&k),
                    Sym::Const(serde_json::Value::Number(n)) => sym.get(&n.to_string()),
                    _ => Sym::Unknown,
                },
                _ => Sym::Unknown,
            };
        }
        sym
    }

    /// A condition (`local.create && var.x != null`), traced.
    fn cond(&self, expr: &Expression, file: &SourceFile, depth: usize) -> Cond {
        if depth > MAX_DEPTH {
            return Cond::untraced();
        }
        match expr {
            Expression::Parenthesis(p) => self.cond(p.inner(), file, depth + 1),
            Expression::BinaryOp(op) => {
                let (l, r) = (&op.lhs_expr, &op.rhs_expr);
                match op.operator.value() {
                    BinaryOperator::And => {
                        self.cond(l, file, depth + 1)
                            .and(&self.cond(r, file, depth + 1))
                    }
                    BinaryOperator::Eq | BinaryOperator::NotEq => {
                        let eq = *op.operator.value() == BinaryOperator::Eq;
                        let null = serde_json::Value::Null;
                        let (ls, rs) = (
                            self.trace(l, file, depth + 1),
                            self.trace(r, file, depth + 1),
                        );
                        let atom = match (&ls, &rs) {
                            (Sym::Input { path, .. }, Sym::Const(c))
                            | (Sym::Const(c), Sym::Input { path, .. })
                                if *c == null =>
                            {
                                Some((
                                    path.clone(),
                                    if eq { KbTest::Null } else { KbTest::NotNull },
                                ))
                            }
                            _ => self.length_test(l, r, file, depth).map(|(p, nonzero)| {
                                (
                                    p,
                                    if nonzero != eq {
                                        KbTest::NonEmpty
                                    } else {
                                        KbTest::Empty
                                    },
                                )
                            }),
                        };
                        atom.map_or_else(Cond::untraced, |a| Cond {
                            atoms: vec![a],
                            ..Cond::default()
                        })
                    }
                    BinaryOperator::Greater => self
                        .length_test(l, r, file, depth)
                        .filter(|(_, zero)| !*zero)
                        .map_or_else(Cond::untraced, |(p, _)| Cond {
                            atoms: vec![(p, KbTest::NonEmpty)],
                            ..Cond::default()
                        }),
                    _ => self.cond_value(expr, file, depth),
                }
            }
            Expression::UnaryOp(op) if *op.operator.value() == UnaryOperator::Not => {
                let inner = self.cond(&op.expr, file, depth + 1);
                match (inner.atoms.as_slice(), inner.untraced, inner.never) {
                    ([(p, t)], false, false) => Cond {
                        atoms: vec![(p.clone(), negate(*t))],
                        ..Cond::default()
                    },
                    ([], false, never) => Cond {
                        never: !never,
                        ..Cond::default()
                    },
                    _ => Cond::untraced(),
                }
            }
            Expression::Traversal(t) => {
                if let Expression::Variable(v) = &t.expr {
                    let name = match t.operators.first().map(hcl_edit::Decorated::value) {
                        Some(TraversalOperator::GetAttr(a)) if t.operators.len() == 1 => {
                            Some(a.as_str())
                        }
                        _ => None,
                    };
                    match (v.as_str(), name) {
                        ("local", Some(n)) if !self.bound("local") => {
                            if let Some(decl) = self.module.locals.get(n) {
                                let c = Ctx {
                                    bindings: Vec::new(),
                                    ..self.clone()
                                };
                                return c.cond(&decl.attribute.value, &decl.file, depth + 1);
                            }
                        }
                        ("var", Some(n)) if !self.bound("var") => {
                            if let Some((parent, call)) = self.parent
                                && let Some(arg) = call.block.body.get_attribute(n)
                            {
                                return parent.cond(&arg.value, &call.file, depth + 1);
                            }
                        }
                        _ => {}
                    }
                }
                self.cond_value(expr, file, depth)
            }
            _ => self.cond_value(expr, file, depth),
        }
    }

    fn bound(&self, name: &str) -> bool {
        self.bindings.iter().any(|(n, _)| n == name)
    }

    fn cond_value(&self, expr: &Expression, file: &SourceFile, depth: usize) -> Cond {
        match self.trace(expr, file, depth + 1) {
            Sym::Const(serde_json::Value::Bool(b)) => Cond {
                never: !b,
                ..Cond::default()
            },
            Sym::Input { path, .. } => Cond {
                atoms: vec![(path, KbTest::True)],
                ..Cond::default()
            },
            _ => Cond::untraced(),
        }
    }

    /// `length(x) > 0`, `length(keys(x)) != 0`, `length(x) == 0`: the input path and whether
    /// the comparison is with 0 (`true` for `== 0`/`!= 0`, `false` for `> 0`).
    fn length_test(
        &self,
        l: &Expression,
        r: &Expression,
        file: &SourceFile,
        depth: usize,
    ) -> Option<(Vec<String>, bool)> {
        let zero = self.fold(r, file)?.as_f64()? == 0.0;
        if !zero {
            return None;
        }
        let Expression::FuncCall(call) = l else {
            return None;
        };
        if call.name.name.as_str() != "length" || call.args.len() != 1 {
            return None;
        }
        let mut arg = call.args.iter().next()?;
        if let Expression::FuncCall(inner) = arg
            && matches!(inner.name.name.as_str(), "keys" | "values")
            && inner.args.len() == 1
        {
            arg = inner.args.iter().next()?;
        }
        let path = self.trace(arg, file, depth + 1).input()?.to_vec();
        Some((path, false))
    }

    /// The repetition of a block with `count`/`for_each` (a resource, a module call, or a
    /// `dynamic` block's `for_each`): its condition, the element sym, and which meta-argument.
    fn repeat_of(&self, body: &Body, file: &SourceFile) -> (Cond, Sym, RepeatKind) {
        if let Some(count) = body.get_attribute("count") {
            return (
                self.count(&count.value, file),
                Sym::Unknown,
                RepeatKind::Count,
            );
        }
        if let Some(for_each) = body.get_attribute("for_each") {
            let (c, e) = self.for_each(&for_each.value, file);
            return (c, e, RepeatKind::ForEach);
        }
        (Cond::default(), Sym::Unknown, RepeatKind::None)
    }

    fn count(&self, expr: &Expression, file: &SourceFile) -> Cond {
        if let Some(c) = self.fold(expr, file) {
            return Cond {
                never: c.as_f64() == Some(0.0),
                untraced: c.as_f64().is_none_or(|n| n > 1.0),
                ..Cond::default()
            };
        }
        match expr {
            Expression::Parenthesis(p) => self.count(p.inner(), file),
            Expression::Conditional(c) => {
                let zero =
                    |e: &Expression| self.fold(e, file).and_then(|v| v.as_f64()) == Some(0.0);
                if zero(&c.false_expr) {
                    self.cond(&c.cond_expr, file, 0)
                        .and(&self.count(&c.true_expr, file))
                } else {
                    Cond::untraced()
                }
            }
            Expression::FuncCall(call)
                if call.name.name.as_str() == "length" && call.args.len() == 1 =>
            {
                let arg = call.args.iter().next().expect("one argument");
                match self.trace(arg, file, 0) {
                    Sym::Input { path, .. } => Cond {
                        each: Some(path),
                        ..Cond::default()
                    },
                    _ => Cond::untraced(),
                }
            }
            _ => Cond::untraced(),
        }
    }

    /// A `for_each`: its condition and element.
    fn for_each(&self, expr: &Expression, file: &SourceFile) -> (Cond, Sym) {
        if let Some(c) = self.fold(expr, file) {
            let n = c
                .as_array()
                .map(Vec::len)
                .or_else(|| c.as_object().map(serde_json::Map::len));
            let element = c
                .as_array()
                .and_then(|a| a.first())
                .cloned()
                .map_or(Sym::Unknown, Sym::Const);
            return (
                Cond {
                    never: n == Some(0),
                    untraced: n != Some(1),
                    ..Cond::default()
                },
                element,
            );
        }
        match expr {
            Expression::Parenthesis(p) => self.for_each(p.inner(), file),
            Expression::Conditional(c) => {
                let empty = |e: &Expression| {
                    self.fold(e, file).is_some_and(|v| {
                        v.as_array().is_some_and(Vec::is_empty)
                            || v.as_object().is_some_and(serde_json::Map::is_empty)
                    })
                };
                if empty(&c.false_expr) {
                    let (inner, element) = self.for_each(&c.true_expr, file);
                    (self.cond(&c.cond_expr, file, 0).and(&inner), element)
                } else {
                    (Cond::untraced(), Sym::Unknown)
                }
            }
            // `[x]`: one instance, made from x.
            Expression::Array(items) if items.len() == 1 => {
                let x = items.iter().next().expect("one item");
                (Cond::default(), self.trace(x, file, 0))
            }
            // `try([x], [])`: one instance when x exists.
            Expression::FuncCall(call)
                if call.name.name.as_str() == "try" && call.args.len() == 2 =>
            {
                let mut args = call.args.iter();
                let (first, second) = (args.next().expect("two"), args.next().expect("two"));
                let empty = self
                    .fold(second, file)
                    .is_some_and(|v| v.as_array().is_some_and(Vec::is_empty));
                match (first, empty) {
                    (Expression::Array(items), true) if items.len() == 1 => {
                        let x = self.trace(items.iter().next().expect("one"), file, 0);
                        match x.input() {
                            Some(p) => (
                                Cond {
                                    atoms: vec![(p.to_vec(), KbTest::NotNull)],
                                    ..Cond::default()
                                },
                                x,
                            ),
                            None => (Cond::untraced(), Sym::Unknown),
                        }
                    }
                    _ => (Cond::untraced(), Sym::Unknown),
                }
            }
            _ => match self.trace(expr, file, 0) {
                Sym::Input { path, .. } => {
                    let element = Sym::Input {
                        path: path.iter().cloned().chain(["*".to_owned()]).collect(),
                        fallback: None,
                        when: Vec::new(),
                    };
                    (
                        Cond {
                            each: Some(path),
                            ..Cond::default()
                        },
                        element,
                    )
                }
                _ => (Cond::untraced(), Sym::Unknown),
            },
        }
    }

    /// The attributes and nested blocks of a resource or nested block body.
    fn body(&self, body: &Body, file: &SourceFile) -> (BTreeMap<String, KbValue>, Vec<KbBlock>) {
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
    fn optional_tree(&self, expr: &Expression, file: &SourceFile) -> serde_json::Value {
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

/// A traversal of a resource, data source or module: a reference.
fn reference(root: &str, first: Option<&str>) -> Sym {
    match (root, first) {
        ("data" | "module", Some(name)) => Sym::Refs(vec![format!("{root}.{name}")]),
        (ty, Some(name)) if ty.contains('_') => Sym::Refs(vec![format!("{ty}.{name}")]),
        _ => Sym::Unknown,
    }
}

/// Whether `expr` names one of the bound iterators.
fn mentions(expr: &Expression, bindings: &[(String, Sym)]) -> bool {
    struct V<'b> {
        bindings: &'b [(String, Sym)],
        found: bool,
    }
    impl hcl_edit::visit::Visit for V<'_> {
        fn visit_ident(&mut self, node: &hcl_edit::Decorated<hcl_edit::Ident>) {
            if self.bindings.iter().any(|(n, _)| n == node.as_str()) {
                self.found = true;
            }
        }
    }
    let mut v = V {
        bindings,
        found: false,
    };
    hcl_edit::visit::visit_expr(&mut v, expr);
    v.found
}

/// Resource, data source and module references in `expr`: `aws_s3_bucket.this`.
fn collect_refs(expr: &Expression, out: &mut BTreeSet<String>) {
    struct V<'o> {
        out: &'o mut BTreeSet<String>,
    }
    impl hcl_edit::visit::Visit for V<'_> {
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
                let r = match (v.as_str(), names.as_slice()) {
                    ("var" | "local" | "each" | "count" | "path" | "terraform" | "self", _) => None,
                    ("data", [ty, name, ..]) => Some(format!("data.{ty}.{name}")),
                    ("module", [name, ..]) => Some(format!("module.{name}")),
                    (ty, [name, ..]) if ty.contains('_') => Some(format!("{ty}.{name}")),
                    _ => None,
                };
                if let Some(r) = r {
                    self.out.insert(r);
                }
            }
            hcl_edit::visit::visit_traversal(self, node);
        }
    }
    hcl_edit::visit::visit_expr(&mut V { out }, expr);
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
        let path = driftless_hcl::knowledge_base::split_path(&input.path);
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
