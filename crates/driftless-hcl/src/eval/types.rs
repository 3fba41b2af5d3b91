//! Type constraints of input variables, and the conversion Terraform applies to every value a
//! typed variable receives (a `.tfvars` entry, a module call argument, the variable's own
//! `default`): primitives converted (`1` to `"1"`, `"2"` to `2`), collections converted element
//! by element, object attributes not in the type dropped, and the attributes declared
//! `optional(T, default)` filled with their default when absent or null (`optional(T)` gives
//! null). Nested objects, `list(object(...))`, `map(object(...))`, `set(...)` and
//! `tuple([...])` convert the same way, so nested defaults are filled too.
//!
//! Source of the semantics: Terraform's type constraints,
//! <https://developer.hashicorp.com/terraform/language/expressions/type-constraints#optional-object-type-attributes>
//! ("If you do not set a value for an optional object attribute, Terraform sets the attribute
//! to `null` or to the default value if one is set"; a `null` given for the attribute also
//! takes the default), and the conversion rules of
//! <https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types>.
//! The cases the tests pin were checked with `terraform console` (Terraform 1.11).

use crate::eval::scope::Scope;
use crate::files::model::VariableDecl;
use crate::value::{Kind, Value, to_display_string, values_equal};
use driftless_diagnostics::OriginKind;
use hcl_edit::expr::{Expression, ObjectKey};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How deep type constraints may nest before the parser gives up (no constraint is
/// converted then, the value passes as given).
const MAX_TYPE_DEPTH: usize = 32;

/// A type constraint, as written in a variable's `type`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Type {
    /// `any`: no conversion.
    Any,
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list(T)` (and the legacy bare `list`, which is `list(any)`).
    List(Box<Type>),
    /// `set(T)`.
    Set(Box<Type>),
    /// `map(T)` (and the legacy bare `map`).
    Map(Box<Type>),
    /// `object({ name = T, ... })`.
    Object(BTreeMap<String, Attribute>),
    /// `tuple([T, ...])`.
    Tuple(Vec<Type>),
}

/// One attribute of an object type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attribute {
    /// Its type.
    pub ty: Type,
    /// What an absent or null value of an `optional(...)` attribute becomes: the default
    /// converted to `ty` (its origin at the default in the type expression), or null (its
    /// origin, inexact, at the `optional(T)` expression). `None` for a required attribute.
    pub optional: Option<Value>,
}

/// Why a value does not convert: Terraform rejects the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mismatch;

impl Type {
    /// Parses a type expression; `None` when it is not one Terraform accepts or nests past
    /// [`MAX_TYPE_DEPTH`]. Defaults of `optional(T, default)` are evaluated in `scope` (the
    /// variable's file), so that they keep their origin.
    #[must_use]
    pub(crate) fn parse(expr: &Expression, scope: &Scope<'_, '_>) -> Option<Self> {
        parse(expr, scope, 0)
    }
}

fn parse(expr: &Expression, scope: &Scope<'_, '_>, depth: usize) -> Option<Type> {
    if depth > MAX_TYPE_DEPTH {
        return None;
    }
    let keyword = |name: &str| match name {
        "any" => Some(Type::Any),
        "string" => Some(Type::String),
        "number" => Some(Type::Number),
        "bool" => Some(Type::Bool),
        "list" => Some(Type::List(Box::new(Type::Any))),
        "map" => Some(Type::Map(Box::new(Type::Any))),
        _ => None,
    };
    match expr {
        Expression::Variable(v) => keyword(v.as_str()),
        // Terraform 0.11's quoted forms: `"string"`, `"list"`, `"map"`.
        Expression::String(s) => keyword(s.value().as_str()),
        Expression::Parenthesis(p) => parse(p.inner(), scope, depth + 1),
        Expression::FuncCall(call) => {
            let args: Vec<&Expression> = call.args.iter().collect();
            match (call.name.name.as_str(), args.as_slice()) {
                ("list", [t]) => Some(Type::List(Box::new(parse(t, scope, depth + 1)?))),
                ("set", [t]) => Some(Type::Set(Box::new(parse(t, scope, depth + 1)?))),
                ("map", [t]) => Some(Type::Map(Box::new(parse(t, scope, depth + 1)?))),
                ("tuple", [Expression::Array(items)]) => items
                    .iter()
                    .map(|t| parse(t, scope, depth + 1))
                    .collect::<Option<Vec<_>>>()
                    .map(Type::Tuple),
                ("object", [Expression::Object(object)]) => {
                    let mut attrs = BTreeMap::new();
                    for (key, value) in object {
                        let name = match key {
                            ObjectKey::Ident(id) => id.as_str().to_owned(),
                            ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                            ObjectKey::Expression(Expression::Variable(v)) => v.as_str().to_owned(),
                            ObjectKey::Expression(_) => return None,
                        };
                        attrs.insert(name, attribute(value.expr(), scope, depth + 1)?);
                    }
                    Some(Type::Object(attrs))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// An attribute of an object type: `T`, `optional(T)` or `optional(T, default)`.
fn attribute(expr: &Expression, scope: &Scope<'_, '_>, depth: usize) -> Option<Attribute> {
    let Expression::FuncCall(call) = expr else {
        return Some(Attribute {
            ty: parse(expr, scope, depth)?,
            optional: None,
        });
    };
    if call.name.name.as_str() != "optional" {
        return Some(Attribute {
            ty: parse(expr, scope, depth)?,
            optional: None,
        });
    }
    let args: Vec<&Expression> = call.args.iter().collect();
    let (ty, default) = match args.as_slice() {
        [t] => (parse(t, scope, depth + 1)?, None),
        [t, d] => (parse(t, scope, depth + 1)?, Some(*d)),
        _ => return None,
    };
    let filled = if let Some(d) = default {
        // Terraform converts the default to the attribute's type, nested defaults included;
        // a default that does not convert is an error in the configuration.
        match scope.eval(d) {
            Ok(v) => convert(v, &ty).unwrap_or_else(|Mismatch| Value::unknown()),
            Err(_) => Value::unknown(),
        }
    } else {
        let mut null = scope.computed_at(expr, Kind::Null);
        if let Some(origin) = null.origin.as_mut() {
            Arc::make_mut(origin).missing_default = true;
        }
        null
    };
    Some(Attribute {
        ty,
        optional: Some(filled),
    })
}

/// Converts `value` to `ty` as Terraform converts a value a variable of that type receives.
/// Unknown parts stay unknown; `null` stays null (an optional attribute's default replaces
/// it one level up). Converted primitives keep their origin; an object whose attributes were
/// filled or dropped keeps its origin marked inexact (the literal no longer evaluates to
/// exactly this value).
///
/// # Errors
/// [`Mismatch`] where Terraform would reject the value: a string that is no number for a
/// `number`, a missing required attribute, a tuple of another length, a list for a map.
pub(crate) fn convert(value: Value, ty: &Type) -> Result<Value, Mismatch> {
    if value.is_unknown_shallow() || value.is_null() || *ty == Type::Any {
        return Ok(value);
    }
    let Value { kind, origin } = value;
    let keep = |kind| {
        Ok(Value {
            kind,
            origin: origin.clone(),
        })
    };
    match (ty, kind) {
        (Type::String, Kind::String(s)) => keep(Kind::String(s)),
        (Type::String, kind @ (Kind::Number(_) | Kind::Bool(_))) => {
            let s = to_display_string(&Value::new(kind)).ok_or(Mismatch)?;
            keep(Kind::String(s))
        }
        (Type::Number, Kind::Number(n)) => keep(Kind::Number(n)),
        (Type::Number, Kind::String(s)) => {
            keep(Kind::Number(s.trim().parse().map_err(|_| Mismatch)?))
        }
        (Type::Bool, Kind::Bool(b)) => keep(Kind::Bool(b)),
        (Type::Bool, Kind::String(s)) => match s.as_str() {
            "true" => keep(Kind::Bool(true)),
            "false" => keep(Kind::Bool(false)),
            _ => Err(Mismatch),
        },
        (Type::List(t), Kind::List(items)) => keep(Kind::List(
            items
                .into_iter()
                .map(|i| convert(i, t))
                .collect::<Result<_, _>>()?,
        )),
        (Type::Set(t), Kind::List(items)) => {
            let mut unique: Vec<Value> = Vec::new();
            for item in items {
                let item = convert(item, t)?;
                if item.is_unknown() || !unique.iter().any(|u| values_equal(u, &item)) {
                    unique.push(item);
                }
            }
            // Terraform orders a set of strings lexically, as `toset` does here.
            if unique.iter().all(|u| !u.is_unknown()) {
                unique.sort_by_key(to_display_string);
            }
            keep(Kind::List(unique))
        }
        (Type::Map(t), Kind::Object(map)) => keep(Kind::Object(
            map.into_iter()
                .map(|(k, v)| Ok((k, convert(v, t)?)))
                .collect::<Result<_, _>>()?,
        )),
        (Type::Tuple(types), Kind::List(items)) if types.len() == items.len() => keep(Kind::List(
            items
                .into_iter()
                .zip(types)
                .map(|(i, t)| convert(i, t))
                .collect::<Result<_, _>>()?,
        )),
        (Type::Object(attrs), Kind::Object(mut map)) => {
            let mut changed = map.keys().any(|k| !attrs.contains_key(k));
            let mut out = BTreeMap::new();
            for (name, attr) in attrs {
                let given = map.remove(name);
                let value = match (given, &attr.optional) {
                    (Some(v), Some(default)) if v.is_null() => {
                        changed = true;
                        default.clone()
                    }
                    (None, Some(default)) => {
                        changed = true;
                        default.clone()
                    }
                    (Some(v), _) => convert(v, &attr.ty)?,
                    (None, None) => return Err(Mismatch),
                };
                out.insert(name.clone(), value);
            }
            let origin = if changed {
                origin.map(|o| {
                    let mut o = (*o).clone();
                    o.exact = false;
                    Arc::new(o)
                })
            } else {
                origin
            };
            Ok(Value {
                kind: Kind::Object(out),
                origin,
            })
        }
        _ => Err(Mismatch),
    }
}

/// `value`, received by variable `decl`, converted to the variable's type: unchanged when the
/// variable has no type or one the parser does not know, Unknown when Terraform would reject
/// it (the configuration does not plan, so nothing in it is known). Defaults in the type are
/// evaluated in `scope_env`, an environment with no variables (a type expression refers to
/// nothing).
#[must_use]
pub(crate) fn convert_variable(
    scope_env: &crate::eval::ModuleEnv<'_>,
    decl: &VariableDecl,
    value: Value,
) -> Value {
    let Some(expr) = &decl.type_constraint else {
        return value;
    };
    let scope = Scope::new(scope_env, &decl.file, OriginKind::VariableDefault);
    match Type::parse(expr, &scope) {
        Some(ty) => convert(value, &ty).unwrap_or_else(|Mismatch| Value::unknown()),
        None => value,
    }
}
