//! The evaluator proper: an expression in a [`Scope`] of a [`ModuleEnv`] folded into a
//! [`Value`], with the special forms that look at evaluation errors (`try`, `can`).

use crate::eval::error::{EvalError, EvalResult};
use crate::eval::functions::files::FileRoots;
use crate::eval::functions::{self, Folded};
use crate::files::model::{ExprDecl, ModuleSource};
use crate::files::source::SourceFile;
use crate::value::{Kind, Origin, Value, values_equal};
use driftless_diagnostics::OriginKind;
use hcl_edit::Span;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Strip, Template};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// How deep locals may refer to locals before the evaluator gives up (a cycle, or a chain no
/// real configuration has).
const MAX_DEPTH: usize = 64;

/// The values visible inside one module instance: its input variables, its locals (evaluated
/// lazily, once), `path.module`, and where the file functions may read.
pub(crate) struct ModuleEnv<'m> {
    /// The module's declarations.
    pub module: &'m ModuleSource,
    /// Input variable values.
    pub vars: HashMap<String, Value>,
    /// `path.module`, the module folder relative to the root module.
    pub path_module: String,
    /// Where `file`, `fileexists` and `templatefile` read; `None`: they are Unknown.
    files: Option<Arc<FileRoots>>,
    locals: RefCell<HashMap<String, Option<Value>>>,
    depth: RefCell<usize>,
}

impl<'m> ModuleEnv<'m> {
    /// An environment for `module` with input variables `vars`.
    #[must_use]
    pub(crate) fn new(
        module: &'m ModuleSource,
        vars: HashMap<String, Value>,
        path_module: String,
    ) -> Self {
        Self {
            module,
            vars,
            path_module,
            files: None,
            locals: RefCell::new(HashMap::new()),
            depth: RefCell::new(0),
        }
    }

    /// The same environment with the file functions reading through `files`.
    #[must_use]
    pub(crate) fn with_files(mut self, files: Option<Arc<FileRoots>>) -> Self {
        self.files = files;
        self
    }

    /// The value of `local.<name>`, evaluated on first use.
    pub(crate) fn local(&self, name: &str) -> Value {
        if let Some(slot) = self.locals.borrow().get(name) {
            // `None` means it is being evaluated: a cycle, which Terraform rejects.
            return slot.clone().unwrap_or_else(Value::unknown);
        }
        let Some(decl) = self.module.locals.get(name) else {
            return Value::unknown();
        };
        if *self.depth.borrow() > MAX_DEPTH {
            return Value::unknown();
        }
        self.locals.borrow_mut().insert(name.to_owned(), None);
        *self.depth.borrow_mut() += 1;
        let value = self.eval_decl(decl, OriginKind::Local);
        *self.depth.borrow_mut() -= 1;
        self.locals
            .borrow_mut()
            .insert(name.to_owned(), Some(value.clone()));
        value
    }

    fn eval_decl(&self, decl: &ExprDecl, site: OriginKind) -> Value {
        let scope = Scope::new(self, &decl.file, site);
        scope
            .eval(&decl.attribute.value)
            .unwrap_or_else(|_| Value::unknown())
    }
}

/// Where an expression is evaluated: the module environment, the file it sits in (for
/// locations), what kind of site it is, and the iteration bindings in force (`each`,
/// `count`, `for` variables, `dynamic` iterators).
#[derive(Clone)]
pub(crate) struct Scope<'e, 'm> {
    env: &'e ModuleEnv<'m>,
    file: &'e SourceFile,
    site: OriginKind,
    bindings: Vec<(String, Value)>,
    /// Evaluating a `templatefile` template: its expressions are not in `file` (so values
    /// get no origin), and `templatefile` may not be called again.
    template: bool,
}

impl<'e, 'm> Scope<'e, 'm> {
    /// A scope for expressions of `file`, which are sites of kind `site`.
    #[must_use]
    pub(crate) fn new(env: &'e ModuleEnv<'m>, file: &'e SourceFile, site: OriginKind) -> Self {
        Self {
            env,
            file,
            site,
            bindings: Vec::new(),
            template: false,
        }
    }

    /// The same scope with `name` bound to `value` (`each`, `count`, an iterator).
    #[must_use]
    pub(crate) fn bind(&self, name: &str, value: Value) -> Self {
        let mut s = self.clone();
        s.bindings.push((name.to_owned(), value));
        s
    }

    /// The module environment.
    #[must_use]
    pub(crate) fn env(&self) -> &ModuleEnv<'m> {
        self.env
    }

    fn origin(
        &self,
        expr_span: Option<std::ops::Range<usize>>,
        exact: bool,
    ) -> Option<Arc<Origin>> {
        if self.template {
            return None;
        }
        let span = expr_span?;
        Some(Arc::new(Origin {
            kind: self.site,
            location: self.file.location(self.file.original_range(span)),
            exact,
            editable: self.file.editable,
            input: None,
            missing_default: false,
        }))
    }

    fn lit(&self, expr: &Expression, kind: Kind) -> Value {
        Value {
            kind,
            origin: self.origin(expr.span(), true),
        }
    }

    fn computed(&self, expr: &Expression, kind: Kind) -> Value {
        Value {
            kind,
            origin: self.origin(expr.span(), false),
        }
    }

    /// `kind`, located at `expr` of this scope's file as an inexact origin: a value that
    /// `expr` stands for without being a literal of it (the null of an `optional(T)`).
    #[must_use]
    pub(crate) fn computed_at(&self, expr: &Expression, kind: Kind) -> Value {
        self.computed(expr, kind)
    }

    /// Evaluates `expr`; unknown parts stay [`Kind::Unknown`], Terraform errors are `Err`.
    ///
    /// # Errors
    /// [`EvalError`] where Terraform itself would fail (missing attribute, bad index).
    pub(crate) fn eval(&self, expr: &Expression) -> EvalResult {
        match expr {
            Expression::Null(_) => Ok(self.lit(expr, Kind::Null)),
            Expression::Bool(b) => Ok(self.lit(expr, Kind::Bool(*b.value()))),
            Expression::Number(n) => Ok(n
                .value()
                .as_f64()
                .map_or_else(Value::unknown, |f| self.lit(expr, Kind::Number(f)))),
            Expression::String(s) => Ok(self.lit(expr, Kind::String(s.value().clone()))),
            Expression::Array(items) => {
                let values = items
                    .iter()
                    .map(|e| self.eval(e))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(self.lit(expr, Kind::List(values)))
            }
            Expression::Object(object) => {
                let mut map = BTreeMap::new();
                for (key, value) in object {
                    let key = match key {
                        ObjectKey::Ident(id) => id.as_str().to_owned(),
                        ObjectKey::Expression(e) => match self.eval(e)?.as_str() {
                            Some(k) => k.into_owned(),
                            None => return Ok(Value::unknown()),
                        },
                    };
                    map.insert(key, self.eval(value.expr())?);
                }
                Ok(self.lit(expr, Kind::Object(map)))
            }
            Expression::StringTemplate(t) => self.template(expr, t, false),
            Expression::HeredocTemplate(h) => {
                let mut h = (**h).clone();
                if h.indent().is_some() {
                    // Terraform strips at strip markers before it removes the indentation
                    // (a line a marker joins to the one before keeps its indentation); the
                    // renderer dedents first, so such a template is not rendered.
                    if has_strip_marker(&h.template) {
                        return Ok(Value::unknown());
                    }
                    h.dedent();
                }
                self.template(expr, &h.template, true)
            }
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(v) => Ok(self.variable(v.as_str())),
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators),
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr)?;
                match cond.as_bool() {
                    // Rewriting the chosen branch of a conditional changes what the condition
                    // means for every caller: a literal inside the conditional is no edit site.
                    Some(true) => self
                        .eval(&c.true_expr)
                        .map(|v| self.inexact_within(expr, v)),
                    Some(false) => self
                        .eval(&c.false_expr)
                        .map(|v| self.inexact_within(expr, v)),
                    None => {
                        // Unknown condition: known only when both branches agree.
                        let (a, b) = (self.eval(&c.true_expr), self.eval(&c.false_expr));
                        match (a, b) {
                            (Ok(a), Ok(b)) if !a.is_unknown() && a.kind == b.kind => {
                                Ok(self.computed(expr, a.kind))
                            }
                            _ => Ok(Value::unknown()),
                        }
                    }
                }
            }
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                if call.name.is_namespaced() || call.args.expand_final() {
                    return Ok(Value::unknown());
                }
                let args: Vec<&Expression> = call.args.iter().collect();
                self.call(expr, name, &args)
            }
            Expression::UnaryOp(op) => {
                let v = self.eval(&op.expr)?;
                Ok(match op.operator.value() {
                    UnaryOperator::Not => v
                        .as_bool()
                        .map_or_else(Value::unknown, |b| self.computed(expr, Kind::Bool(!b))),
                    UnaryOperator::Neg => v
                        .as_number()
                        .map_or_else(Value::unknown, |n| self.computed(expr, Kind::Number(-n))),
                })
            }
            Expression::BinaryOp(op) => {
                self.binary(expr, *op.operator.value(), &op.lhs_expr, &op.rhs_expr)
            }
            Expression::ForExpr(f) => self.for_expr(expr, f),
        }
    }

    /// `value` with its origin marked inexact when the origin lies inside `expr` in this file.
    fn inexact_within(&self, expr: &Expression, mut value: Value) -> Value {
        if let (Some(origin), Some(span)) = (&value.origin, expr.span()) {
            let range = self.file.original_range(span);
            if origin.location.path == self.file.path && range.contains(origin.location.range.start)
            {
                let mut o = (**origin).clone();
                o.exact = false;
                value.origin = Some(Arc::new(o));
            }
        }
        value
    }

    /// Calls function `name` with argument expressions `args`, at `expr`. `try` and `can`
    /// look at evaluation errors, so they evaluate their arguments lazily; every other
    /// function gets the values of all its arguments.
    fn call(&self, expr: &Expression, name: &str, args: &[&Expression]) -> EvalResult {
        match name {
            "try" => {
                for arg in args {
                    if let Ok(v) = self.eval(arg) {
                        return Ok(v);
                    }
                }
                return Err(EvalError::NoTryArgument);
            }
            "can" => {
                let [arg] = args else {
                    return Err(EvalError::Arity {
                        function: name.to_owned(),
                    });
                };
                return Ok(match self.eval(arg) {
                    Ok(v) if v.is_unknown() => Value::unknown(),
                    Ok(_) => self.computed(expr, Kind::Bool(true)),
                    Err(_) => self.computed(expr, Kind::Bool(false)),
                });
            }
            _ => {}
        }
        let values = args
            .iter()
            .map(|a| self.eval(a))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(result) = self.file_function(expr, name, &values) {
            return result;
        }
        Ok(match functions::call(name, &values)? {
            // A decoded document: every part of it is computed at the call, so that a finding
            // on a part names the call as where its value comes from.
            Folded::Computed(kind) if matches!(name, "jsondecode" | "yamldecode" | "csvdecode") => {
                let mut value = self.computed(expr, kind);
                let origin = value.origin.clone();
                locate_parts(&mut value, origin.as_ref());
                value
            }
            Folded::Computed(kind) => self.computed(expr, kind),
            Folded::Passed(value) => value,
        })
    }

    /// `file`, `fileexists` and `templatefile`: `None` for any other function. Unknown
    /// without file roots, for an unknown argument and for a path outside the repository.
    fn file_function(&self, expr: &Expression, name: &str, values: &[Value]) -> Option<EvalResult> {
        let (("file" | "fileexists", [path]) | ("templatefile", [path, _])) = (name, values) else {
            return None;
        };
        let (Some(files), Some(path)) = (&self.env.files, path.as_str()) else {
            return Some(Ok(Value::unknown()));
        };
        Some(match name {
            "fileexists" => files.exists(&path).map(|found| {
                found.map_or_else(Value::unknown, |b| self.computed(expr, Kind::Bool(b)))
            }),
            "file" => files.read(&path).map(|text| {
                text.map_or_else(Value::unknown, |t| {
                    self.computed(expr, Kind::String(t.to_string()))
                })
            }),
            _ => self.templatefile(expr, files, &path, &values[1]),
        })
    }

    /// `templatefile(path, vars)`: the template read from `path` and rendered with `vars`
    /// bound (interpolations, `%{ if }` and `%{ for }` directives and strip markers, as the
    /// evaluator renders them inline); Unknown when `vars` is unknown or the template does not
    /// parse. Terraform's rules: the template sees only `vars` (no `var.*`, `local.*`) and
    /// may not call `templatefile`
    /// (<https://developer.hashicorp.com/terraform/language/functions/templatefile>).
    fn templatefile(
        &self,
        expr: &Expression,
        files: &FileRoots,
        path: &str,
        vars: &Value,
    ) -> EvalResult {
        if self.template {
            return Err(EvalError::RecursiveTemplate);
        }
        let Some(text) = files.read(path)? else {
            return Ok(Value::unknown());
        };
        let Kind::Object(vars) = &vars.kind else {
            return Ok(Value::unknown());
        };
        let Ok(template) = text.parse::<Template>() else {
            return Ok(Value::unknown());
        };
        let nothing = ModuleSource::default();
        let env = ModuleEnv::new(&nothing, HashMap::new(), self.env.path_module.clone())
            .with_files(self.env.files.clone());
        let mut scope = Scope::new(&env, self.file, self.site);
        scope.template = true;
        for (name, value) in vars {
            scope = scope.bind(name, value.clone());
        }
        // `var` and `local` are not in a template's scope: bound to empty objects, a reference
        // to them fails as it does in Terraform.
        for reserved in ["var", "local"] {
            if !vars.contains_key(reserved) {
                scope = scope.bind(reserved, Value::new(Kind::Object(BTreeMap::new())));
            }
        }
        Ok(match scope.render(&template, false, false)? {
            Some(s) => self.computed(expr, Kind::String(s)),
            None => Value::unknown(),
        })
    }

    fn variable(&self, name: &str) -> Value {
        if let Some((_, v)) = self.bindings.iter().rev().find(|(n, _)| n == name) {
            return v.clone();
        }
        Value::unknown()
    }

    fn root(&self, name: &str, attr: Option<&str>) -> Option<Value> {
        if let Some((_, v)) = self.bindings.iter().rev().find(|(n, _)| n == name) {
            return Some(v.clone());
        }
        match (name, attr) {
            ("var", Some(a)) => Some(self.env.vars.get(a).cloned().unwrap_or_else(Value::unknown)),
            ("local", Some(a)) => Some(self.env.local(a)),
            ("path", Some("module")) => Some(Value::string(self.env.path_module.clone())),
            ("path", Some("root" | "cwd")) => Some(Value::string(".")),
            ("terraform", Some("workspace")) => Some(Value::string("default")),
            _ => None,
        }
    }

    fn traversal(
        &self,
        base: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
    ) -> EvalResult {
        let mut ops = ops.iter().map(hcl_edit::Decorated::value).peekable();
        let mut value = if let Expression::Variable(v) = base {
            let name = v.as_str();
            let first_attr = match ops.peek() {
                Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
                _ => None,
            };
            let is_binding = self.bindings.iter().any(|(n, _)| n == name);
            match self.root(name, first_attr) {
                Some(v) => {
                    if !is_binding && first_attr.is_some() {
                        ops.next();
                    }
                    v
                }
                // A resource, data source, module output or `self`: known after apply.
                None => return Ok(Value::unknown()),
            }
        } else {
            self.eval(base)?
        };
        let rest: Vec<&TraversalOperator> = ops.collect();
        for (i, op) in rest.iter().enumerate() {
            match op {
                TraversalOperator::GetAttr(a) => value = get_attr(&value, a.as_str())?,
                TraversalOperator::Index(e) => value = index(&value, &self.eval(e)?)?,
                TraversalOperator::LegacyIndex(n) => {
                    value = index(&value, &legacy_index(*n.value()))?;
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let items = match &value.kind {
                        Kind::Unknown => return Ok(Value::unknown()),
                        Kind::Null => return Ok(Value::new(Kind::List(Vec::new()))),
                        Kind::List(items) => items.clone(),
                        _ => vec![value.clone()],
                    };
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        let mut v = item;
                        for op in &rest[i + 1..] {
                            v = match op {
                                TraversalOperator::GetAttr(a) => get_attr(&v, a.as_str())?,
                                TraversalOperator::Index(e) => index(&v, &self.eval(e)?)?,
                                TraversalOperator::LegacyIndex(n) => {
                                    index(&v, &legacy_index(*n.value()))?
                                }
                                _ => return Ok(Value::unknown()),
                            };
                        }
                        out.push(v);
                    }
                    return Ok(Value::new(Kind::List(out)));
                }
            }
        }
        Ok(value)
    }

    fn template(&self, expr: &Expression, template: &Template, heredoc: bool) -> EvalResult {
        // `"${x}"` alone passes x through unchanged, origin included.
        if let (false, Some(Element::Interpolation(i))) = (heredoc, template.as_single_element()) {
            return self.eval(&i.expr);
        }
        match self.render(template, false, false)? {
            Some(s) => Ok(if template.iter().all(Element::is_literal) {
                self.lit(expr, Kind::String(s))
            } else {
                self.computed(expr, Kind::String(s))
            }),
            None => Ok(Value::unknown()),
        }
    }

    /// Renders `template`; `lead` and `trail` strip the whitespace of a literal that starts
    /// or ends it (the strip markers of the directive around it: `%{ for ~}`, `%{~ endfor }`).
    /// A strip marker strips the whitespace of the literal next to it up to and including
    /// one line break
    /// (<https://developer.hashicorp.com/terraform/language/expressions/strings#whitespace-stripping>;
    /// the line-break rule is hcl-primitives' `Strip` and was checked with `terraform console`).
    fn render(
        &self,
        template: &Template,
        lead: bool,
        trail: bool,
    ) -> Result<Option<String>, EvalError> {
        let elements: Vec<&Element> = template.iter().collect();
        let mut out = String::new();
        for (i, element) in elements.iter().enumerate() {
            match element {
                Element::Literal(s) => {
                    let mut text = s.value().as_str();
                    let strip_leading = if i == 0 {
                        lead
                    } else {
                        strips_following(elements[i - 1])
                    };
                    let strip_trailing = match elements.get(i + 1) {
                        None => trail,
                        Some(next) => strips_preceding(next),
                    };
                    if strip_leading {
                        text = strip_leading_line(text);
                    }
                    if strip_trailing {
                        text = strip_trailing_line(text);
                    }
                    out.push_str(text);
                }
                Element::Interpolation(i) => match self.eval(&i.expr)?.as_str() {
                    Some(s) => out.push_str(&s),
                    None => return Ok(None),
                },
                Element::Directive(d) => match &**d {
                    Directive::If(d) => match self.eval(&d.if_expr.cond_expr)?.as_bool() {
                        Some(true) => match self.render(
                            &d.if_expr.template,
                            d.if_expr.strip.strip_end(),
                            d.else_expr
                                .as_ref()
                                .map_or(d.endif_expr.strip, |e| e.strip)
                                .strip_start(),
                        )? {
                            Some(s) => out.push_str(&s),
                            None => return Ok(None),
                        },
                        Some(false) => {
                            if let Some(e) = &d.else_expr {
                                match self.render(
                                    &e.template,
                                    e.strip.strip_end(),
                                    d.endif_expr.strip.strip_start(),
                                )? {
                                    Some(s) => out.push_str(&s),
                                    None => return Ok(None),
                                }
                            }
                        }
                        None => return Ok(None),
                    },
                    Directive::For(d) => {
                        let f = &d.for_expr;
                        let collection = self.eval(&f.collection_expr)?;
                        let Some(pairs) = iterate(&collection) else {
                            return Ok(None);
                        };
                        for (k, v) in pairs {
                            let mut s = self.bind(f.value_var.as_str(), v);
                            if let Some(kv) = &f.key_var {
                                s = s.bind(kv.as_str(), k);
                            }
                            match s.render(
                                &f.template,
                                f.strip.strip_end(),
                                d.endfor_expr.strip.strip_start(),
                            )? {
                                Some(r) => out.push_str(&r),
                                None => return Ok(None),
                            }
                        }
                    }
                },
            }
        }
        Ok(Some(out))
    }

    fn binary(
        &self,
        expr: &Expression,
        op: BinaryOperator,
        lhs: &Expression,
        rhs: &Expression,
    ) -> EvalResult {
        use BinaryOperator as B;
        let l = self.eval(lhs)?;
        // Short-circuit known booleans, as Terraform 1.x does not, but the result is the same
        // whenever the other side is known.
        if matches!(op, B::And | B::Or) {
            let r = self.eval(rhs)?;
            return Ok(match (op, l.as_bool(), r.as_bool()) {
                (B::And, Some(false), _) | (B::And, _, Some(false)) => {
                    self.computed(expr, Kind::Bool(false))
                }
                (B::Or, Some(true), _) | (B::Or, _, Some(true)) => {
                    self.computed(expr, Kind::Bool(true))
                }
                (_, Some(a), Some(b)) => self.computed(
                    expr,
                    Kind::Bool(if matches!(op, B::And) { a && b } else { a || b }),
                ),
                _ => Value::unknown(),
            });
        }
        let r = self.eval(rhs)?;
        if l.is_unknown() || r.is_unknown() {
            return Ok(Value::unknown());
        }
        let kind = match op {
            B::Eq => Kind::Bool(values_equal(&l, &r)),
            B::NotEq => Kind::Bool(!values_equal(&l, &r)),
            _ => {
                let (Some(a), Some(b)) = (l.as_number(), r.as_number()) else {
                    return Err(EvalError::NotANumber);
                };
                match op {
                    B::Less => Kind::Bool(a < b),
                    B::LessEq => Kind::Bool(a <= b),
                    B::Greater => Kind::Bool(a > b),
                    B::GreaterEq => Kind::Bool(a >= b),
                    B::Plus => Kind::Number(a + b),
                    B::Minus => Kind::Number(a - b),
                    B::Mul => Kind::Number(a * b),
                    B::Div if b != 0.0 => Kind::Number(a / b),
                    B::Mod if b != 0.0 => Kind::Number(a % b),
                    _ => return Err(EvalError::DivisionByZero),
                }
            }
        };
        Ok(self.computed(expr, kind))
    }

    fn for_expr(&self, expr: &Expression, f: &hcl_edit::expr::ForExpr) -> EvalResult {
        let collection = self.eval(&f.intro.collection_expr)?;
        let Some(pairs) = iterate(&collection) else {
            return Ok(Value::unknown());
        };
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        for (k, v) in pairs {
            let mut s = self.bind(f.intro.value_var.as_str(), v);
            if let Some(kv) = &f.intro.key_var {
                s = s.bind(kv.as_str(), k);
            }
            if let Some(cond) = &f.cond {
                match s.eval(&cond.expr)?.as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Ok(Value::unknown()),
                }
            }
            let value = s.eval(&f.value_expr)?;
            if let Some(key_expr) = &f.key_expr {
                let Some(key) = s.eval(key_expr)?.as_str().map(std::borrow::Cow::into_owned) else {
                    return Ok(Value::unknown());
                };
                if f.grouping {
                    let entry = map
                        .entry(key)
                        .or_insert_with(|| Value::new(Kind::List(Vec::new())));
                    if let Kind::List(items) = &mut entry.kind {
                        items.push(value);
                    }
                } else {
                    map.insert(key, value);
                }
            } else {
                list.push(value);
            }
        }
        Ok(if f.key_expr.is_some() {
            self.computed(expr, Kind::Object(map))
        } else {
            self.computed(expr, Kind::List(list))
        })
    }
}

/// `text` without its leading spaces and tabs and the line break after them, if any.
fn strip_leading_line(text: &str) -> &str {
    let rest = text.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .unwrap_or(rest)
}

/// `text` without its trailing spaces and tabs and the line break before them, if any.
fn strip_trailing_line(text: &str) -> &str {
    let rest = text.trim_end_matches([' ', '\t']);
    rest.strip_suffix("\r\n")
        .or_else(|| rest.strip_suffix('\n'))
        .unwrap_or(rest)
}

/// Whether `template` has a strip marker (`~`) anywhere.
fn has_strip_marker(template: &Template) -> bool {
    template.iter().any(|e| match e {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip != Strip::None,
        Element::Directive(d) => match &**d {
            Directive::If(d) => {
                d.if_expr.strip != Strip::None
                    || d.endif_expr.strip != Strip::None
                    || has_strip_marker(&d.if_expr.template)
                    || d.else_expr
                        .as_ref()
                        .is_some_and(|e| e.strip != Strip::None || has_strip_marker(&e.template))
            }
            Directive::For(d) => {
                d.for_expr.strip != Strip::None
                    || d.endfor_expr.strip != Strip::None
                    || has_strip_marker(&d.for_expr.template)
            }
        },
    })
}

/// Whether `element` strips the whitespace of the literal after it (`~}` closing it).
fn strips_following(element: &Element) -> bool {
    match element {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_end(),
        Element::Directive(d) => match &**d {
            Directive::If(d) => d.endif_expr.strip.strip_end(),
            Directive::For(d) => d.endfor_expr.strip.strip_end(),
        },
    }
}

/// Whether `element` strips the whitespace of the literal before it (`{~` opening it).
fn strips_preceding(element: &Element) -> bool {
    match element {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_start(),
        Element::Directive(d) => match &**d {
            Directive::If(d) => d.if_expr.strip.strip_start(),
            Directive::For(d) => d.for_expr.strip.strip_start(),
        },
    }
}

/// Gives every part of `value` without an origin the origin `origin`.
fn locate_parts(value: &mut Value, origin: Option<&Arc<Origin>>) {
    if value.origin.is_none() && !value.is_unknown_shallow() {
        value.origin = origin.cloned();
    }
    match &mut value.kind {
        Kind::List(items) => items.iter_mut().for_each(|i| locate_parts(i, origin)),
        Kind::Object(map) => map.values_mut().for_each(|v| locate_parts(v, origin)),
        _ => {}
    }
}

/// The `(key, value)` pairs a `for` expression or `for_each` iterates over: list indices or
/// object keys. `None` when the collection is not known.
#[must_use]
pub(crate) fn iterate(collection: &Value) -> Option<Vec<(Value, Value)>> {
    match &collection.kind {
        Kind::List(items) => {
            if items.iter().any(Value::is_unknown_shallow) {
                return None;
            }
            // A list index is far below 2^52, so exact in f64.
            #[allow(clippy::cast_precision_loss)]
            Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (Value::new(Kind::Number(i as f64)), v.clone()))
                    .collect(),
            )
        }
        Kind::Object(map) => Some(
            map.iter()
                .map(|(k, v)| (Value::string(k.clone()), v.clone()))
                .collect(),
        ),
        Kind::Null => Some(Vec::new()),
        _ => None,
    }
}

fn get_attr(value: &Value, name: &str) -> EvalResult {
    match &value.kind {
        Kind::Unknown => Ok(Value::unknown()),
        Kind::Object(map) => map
            .get(name)
            .cloned()
            .ok_or_else(|| EvalError::NoAttribute {
                name: name.to_owned(),
            }),
        Kind::List(items) if items.iter().any(Value::is_unknown_shallow) => Ok(Value::unknown()),
        _ => Err(EvalError::NotAnObject {
            name: name.to_owned(),
        }),
    }
}

/// The number a legacy index (`list.0`) stands for.
fn legacy_index(n: u64) -> Value {
    // An index past 2^52 is out of range whatever its rounding.
    #[allow(clippy::cast_precision_loss)]
    Value::new(Kind::Number(n as f64))
}

fn index(value: &Value, key: &Value) -> EvalResult {
    if key.is_unknown() {
        return Ok(Value::unknown());
    }
    match &value.kind {
        Kind::Unknown => Ok(Value::unknown()),
        Kind::List(items) => {
            let n = key.as_number().ok_or(EvalError::IndexNotANumber)?;
            if n < 0.0 || n.fract() != 0.0 {
                return Err(EvalError::BadIndex);
            }
            // `n` is a whole number >= 0; `as` saturates past `usize::MAX`, which `get`
            // reports as out of range.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            items
                .get(n as usize)
                .cloned()
                .ok_or(EvalError::IndexOutOfRange)
        }
        Kind::Object(map) => {
            let k = key.as_str().ok_or(EvalError::KeyNotAString)?;
            map.get(k.as_ref())
                .cloned()
                .ok_or_else(|| EvalError::NoKey {
                    key: k.into_owned(),
                })
        }
        _ => Err(EvalError::NotIndexable),
    }
}
