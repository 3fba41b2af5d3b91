//! Tracing an expression to a constant, a module input path or references, and a condition
//! to tests of inputs.

use super::sym::{Cond, Sym, negate};
use driftless_hcl::knowledge_base::KbTest;
use driftless_hcl::trace::{ConstantFolder, referenced_object};
use driftless_hcl::{ModuleCallDecl, ModuleSource, SourceFile};
use hcl_edit::expr::{BinaryOperator, Expression, TraversalOperator, UnaryOperator};
use std::collections::BTreeSet;

/// How deep locals and submodule arguments are followed.
const MAX_DEPTH: usize = 32;

/// Where an expression is traced: the module, an environment with every input unknown (for
/// constant folding), the calling module for a local submodule, and iterator bindings.
#[derive(Clone)]
pub(super) struct Ctx<'a> {
    /// The module whose expressions are traced.
    pub(super) module: &'a ModuleSource,
    /// Folds what depends on no input.
    pub(super) folder: &'a ConstantFolder<'a>,
    /// For a local submodule: the calling module's context and the call.
    pub(super) parent: Option<(&'a Ctx<'a>, &'a ModuleCallDecl)>,
    /// Iterators in scope (`each`, `count`, a `dynamic` block's), innermost last.
    pub(super) bindings: Vec<(String, Sym)>,
}

impl Ctx<'_> {
    /// The expression's value when it depends on no input and no iterator: folded by the
    /// evaluator.
    pub(super) fn fold_in(
        &self,
        expr: &Expression,
        file: &SourceFile,
    ) -> Option<serde_json::Value> {
        self.folder.fold(expr, file)
    }

    pub(super) fn fold(&self, expr: &Expression, file: &SourceFile) -> Option<serde_json::Value> {
        if !self.bindings.is_empty() && mentions(expr, &self.bindings) {
            return None;
        }
        self.fold_in(expr, file)
    }

    pub(super) fn trace(&self, expr: &Expression, file: &SourceFile, depth: usize) -> Sym {
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
                            _ => Self::refs_or_unknown(expr),
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
                    _ => Self::refs_or_unknown(expr),
                }
            }
            Expression::Conditional(c) => {
                let if_true = self.trace(&c.true_expr, file, depth + 1);
                let if_false = self.trace(&c.false_expr, file, depth + 1);
                // `var.blue_green_update != null ? coalesce(var.backup_retention_period, 1) :
                // var.backup_retention_period`: both branches pass the same input on, and only
                // what a null input becomes depends on the condition, which the registry
                // module's defaults decide.
                if let (
                    Sym::Input {
                        path,
                        fallback: f_true,
                        when,
                    },
                    Sym::Input {
                        path: p_false,
                        fallback: f_false,
                        when: w_false,
                    },
                ) = (&if_true, &if_false)
                    && path == p_false
                    && when == w_false
                {
                    let fallback = if f_true == f_false {
                        f_true.clone()
                    } else {
                        let cond = self.cond(&c.cond_expr, file, depth + 1);
                        match self.holds_by_default(&cond) {
                            Some(true) => f_true.clone(),
                            Some(false) => f_false.clone(),
                            None => None,
                        }
                    };
                    return Sym::Input {
                        path: path.clone(),
                        fallback,
                        when: when.clone(),
                    };
                }
                // `var.x == "null" ? null : var.x`: null in one branch, the input in the
                // other, a condition about that input alone.
                let ((input @ Sym::Input { .. }, other) | (other, input @ Sym::Input { .. })) =
                    (&if_true, &if_false)
                else {
                    return Self::refs_or_unknown(expr);
                };
                // `local.is_replica ? null : var.engine`: the input when the condition says
                // so, else null.
                if matches!(other, Sym::Const(serde_json::Value::Null)) {
                    let mut cond = self.cond(&c.cond_expr, file, depth + 1);
                    if matches!(if_false, Sym::Input { .. }) {
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
                    Self::refs_or_unknown(expr)
                }
            }
            _ => Self::refs_or_unknown(expr),
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

    fn refs_or_unknown(expr: &Expression) -> Sym {
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
    pub(super) fn cond(&self, expr: &Expression, file: &SourceFile, depth: usize) -> Cond {
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
                                    if nonzero == eq {
                                        KbTest::Empty
                                    } else {
                                        KbTest::NonEmpty
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

    /// Whether `cond` holds when the call leaves every input of the registry module at its
    /// default; `None` when that cannot be told (an untraced part, a required input, a
    /// default that is not a constant).
    fn holds_by_default(&self, cond: &Cond) -> Option<bool> {
        if cond.untraced || cond.each.is_some() {
            return None;
        }
        if cond.never {
            return Some(false);
        }
        let mut top = self;
        while let Some((parent, _)) = top.parent {
            top = parent;
        }
        for (path, test) in &cond.atoms {
            let (name, rest) = path.split_first()?;
            let decl = top.module.variables.get(name)?;
            let default = top.fold_in(decl.default.as_ref()?, &decl.file)?;
            let value = rest
                .iter()
                .try_fold(&default, |v, s| v.get(s))
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            let empty = match &value {
                serde_json::Value::Null => true,
                serde_json::Value::Array(a) => a.is_empty(),
                serde_json::Value::Object(o) => o.is_empty(),
                serde_json::Value::String(s) => s.is_empty(),
                _ => false,
            };
            let holds = match test {
                KbTest::True => value == serde_json::Value::Bool(true),
                KbTest::False => value == serde_json::Value::Bool(false),
                KbTest::NotNull => !value.is_null(),
                KbTest::Null => value.is_null(),
                KbTest::NonEmpty => !empty,
                KbTest::Empty => empty,
            };
            if !holds {
                return Some(false);
            }
        }
        Some(true)
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
            if let Some(r) = referenced_object(node) {
                self.out.insert(r);
            }
            hcl_edit::visit::visit_traversal(self, node);
        }
    }
    hcl_edit::visit::visit_expr(&mut V { out }, expr);
}
