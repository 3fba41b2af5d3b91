//! Terraform's pure built-in functions that the evaluator folds
//! (<https://developer.hashicorp.com/terraform/language/functions>). Any other function, and
//! any call with an unknown argument it needs, gives Unknown.

use crate::eval::{EvalError, EvalResult, Scope, to_display_string, values_equal};
use crate::value::{Kind, Value};
use hcl_edit::expr::Expression;
use std::collections::BTreeMap;

/// Calls function `name` with argument expressions `args`, at `expr`.
///
/// # Errors
/// [`EvalError`] where Terraform's function would fail (wrong argument type or count).
pub fn call(
    scope: &Scope<'_, '_>,
    expr: &Expression,
    name: &str,
    args: &[&Expression],
) -> EvalResult {
    // `try` and `can` look at evaluation errors, so they evaluate lazily.
    match name {
        "try" => {
            for arg in args {
                match scope.eval(arg) {
                    Ok(v) => return Ok(v),
                    Err(_) => continue,
                }
            }
            return Err(EvalError("no argument of try() evaluated".into()));
        }
        "can" => {
            let [arg] = args else { return Err(arity(name)) };
            return Ok(match scope.eval(arg) {
                Ok(v) if v.is_unknown() => Value::unknown(),
                Ok(_) => scope.derived(expr, Kind::Bool(true)),
                Err(_) => scope.derived(expr, Kind::Bool(false)),
            });
        }
        _ => {}
    }
    let values = args
        .iter()
        .map(|a| scope.eval(a))
        .collect::<Result<Vec<_>, _>>()?;
    let out = |kind| Ok(scope.derived(expr, kind));
    match (name, values.as_slice()) {
        ("coalesce", vals) => {
            for v in vals {
                if v.is_unknown_shallow() {
                    return Ok(Value::unknown());
                }
                if !v.is_null() && v.as_str().is_none_or(|s| !s.is_empty()) {
                    return Ok(v.clone());
                }
            }
            Err(EvalError("no non-null argument to coalesce()".into()))
        }
        ("coalescelist", vals) => {
            for v in vals {
                match &v.kind {
                    Kind::Unknown => return Ok(Value::unknown()),
                    Kind::List(items) if !items.is_empty() => return Ok(v.clone()),
                    _ => {}
                }
            }
            Err(EvalError("no non-empty list to coalescelist()".into()))
        }
        ("lookup", [map, key, rest @ ..]) if rest.len() <= 1 => {
            if map.is_unknown_shallow() || key.is_unknown() {
                return Ok(Value::unknown());
            }
            let k = key
                .as_str()
                .ok_or_else(|| EvalError("lookup key is not a string".into()))?;
            match map.get(&k) {
                Some(v) => Ok(v.clone()),
                None => rest
                    .first()
                    .cloned()
                    .ok_or_else(|| EvalError(format!("no key `{k}`"))),
            }
        }
        ("merge", maps) => {
            let mut merged = BTreeMap::new();
            for m in maps {
                match &m.kind {
                    Kind::Object(o) => merged.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
                    Kind::Null => {}
                    _ => return Ok(Value::unknown()),
                }
            }
            out(Kind::Object(merged))
        }
        ("concat", lists) => {
            let mut all = Vec::new();
            for l in lists {
                match &l.kind {
                    Kind::List(items) => all.extend(items.iter().cloned()),
                    _ => return Ok(Value::unknown()),
                }
            }
            out(Kind::List(all))
        }
        ("tolist", [v]) => match &v.kind {
            Kind::List(_) => Ok(v.clone()),
            _ => Ok(Value::unknown()),
        },
        ("toset", [v]) => match &v.kind {
            Kind::List(items) => {
                if items.iter().any(Value::is_unknown) {
                    return Ok(Value::unknown());
                }
                let mut unique: Vec<Value> = Vec::new();
                for item in items {
                    if !unique.iter().any(|u| values_equal(u, item)) {
                        unique.push(item.clone());
                    }
                }
                unique.sort_by_key(to_display_string);
                out(Kind::List(unique))
            }
            _ => Ok(Value::unknown()),
        },
        ("tomap", [v]) => match &v.kind {
            Kind::Object(_) => Ok(v.clone()),
            _ => Ok(Value::unknown()),
        },
        ("tostring", [v]) => {
            if v.is_null() {
                return Ok(v.clone());
            }
            Ok(to_display_string(v).map_or_else(Value::unknown, |s| Value {
                kind: Kind::String(s),
                origin: v.origin.clone(),
            }))
        }
        ("tonumber", [v]) => Ok(v.as_number().map_or_else(Value::unknown, |n| Value {
            kind: Kind::Number(n),
            origin: v.origin.clone(),
        })),
        ("tobool", [v]) => Ok(v.as_bool().map_or_else(Value::unknown, |b| Value {
            kind: Kind::Bool(b),
            origin: v.origin.clone(),
        })),
        ("length", [v]) => match &v.kind {
            #[allow(clippy::cast_precision_loss)]
            Kind::List(items) => out(Kind::Number(items.len() as f64)),
            #[allow(clippy::cast_precision_loss)]
            Kind::Object(m) => out(Kind::Number(m.len() as f64)),
            #[allow(clippy::cast_precision_loss)]
            Kind::String(s) => out(Kind::Number(s.chars().count() as f64)),
            _ => Ok(Value::unknown()),
        },
        ("lower", [v]) => string_fn(v, str::to_lowercase, out),
        ("upper", [v]) => string_fn(v, str::to_uppercase, out),
        ("trimspace", [v]) => string_fn(v, |s| s.trim().to_owned(), out),
        ("format", [fmt, rest @ ..]) => {
            let Some(f) = fmt.as_str() else {
                return Ok(Value::unknown());
            };
            format(&f, rest).map_or_else(|| Ok(Value::unknown()), |s| out(Kind::String(s)))
        }
        ("join", [sep, list]) => {
            let (Some(sep), Some(items)) = (sep.as_str(), list.as_list()) else {
                return Ok(Value::unknown());
            };
            let parts: Option<Vec<String>> = items.iter().map(to_display_string).collect();
            parts.map_or_else(|| Ok(Value::unknown()), |p| out(Kind::String(p.join(&sep))))
        }
        ("split", [sep, s]) => {
            let (Some(sep), Some(s)) = (sep.as_str(), s.as_str()) else {
                return Ok(Value::unknown());
            };
            out(Kind::List(
                s.split(sep.as_ref()).map(Value::string).collect(),
            ))
        }
        ("replace", [s, from, to]) => {
            let (Some(s), Some(from), Some(to)) = (s.as_str(), from.as_str(), to.as_str()) else {
                return Ok(Value::unknown());
            };
            if from.starts_with('/') && from.ends_with('/') && from.len() > 1 {
                return Ok(Value::unknown()); // regular expression form
            }
            out(Kind::String(s.replace(from.as_ref(), &to)))
        }
        ("contains", [list, v]) => match (&list.kind, v.is_unknown()) {
            (Kind::List(items), false) if !items.iter().any(Value::is_unknown) => {
                out(Kind::Bool(items.iter().any(|i| values_equal(i, v))))
            }
            _ => Ok(Value::unknown()),
        },
        ("keys", [m]) => match &m.kind {
            Kind::Object(o) => out(Kind::List(
                o.keys().map(|k| Value::string(k.clone())).collect(),
            )),
            _ => Ok(Value::unknown()),
        },
        ("values", [m]) => match &m.kind {
            Kind::Object(o) => out(Kind::List(o.values().cloned().collect())),
            _ => Ok(Value::unknown()),
        },
        ("element", [list, i]) => match (list.as_list(), i.as_number()) {
            (Some(items), Some(n)) if !items.is_empty() && n >= 0.0 =>
            {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Ok(items[(n as usize) % items.len()].clone())
            }
            _ => Ok(Value::unknown()),
        },
        ("one", [list]) => match list.as_list() {
            Some([]) => out(Kind::Null),
            Some([v]) => Ok(v.clone()),
            Some(_) => Err(EvalError("one() of a list of several".into())),
            None => Ok(Value::unknown()),
        },
        ("compact", [list]) => match list.as_list() {
            Some(items) if !items.iter().any(Value::is_unknown) => out(Kind::List(
                items
                    .iter()
                    .filter(|v| !v.is_null() && v.as_str().is_some_and(|s| !s.is_empty()))
                    .cloned()
                    .collect(),
            )),
            _ => Ok(Value::unknown()),
        },
        ("distinct", [list]) => match list.as_list() {
            Some(items) if !items.iter().any(Value::is_unknown) => {
                let mut unique: Vec<Value> = Vec::new();
                for item in items {
                    if !unique.iter().any(|u| values_equal(u, item)) {
                        unique.push(item.clone());
                    }
                }
                out(Kind::List(unique))
            }
            _ => Ok(Value::unknown()),
        },
        ("flatten", [list]) => {
            fn flat(v: &Value, into: &mut Vec<Value>) -> bool {
                match &v.kind {
                    Kind::List(items) => items.iter().all(|i| flat(i, into)),
                    Kind::Unknown => false,
                    _ => {
                        into.push(v.clone());
                        true
                    }
                }
            }
            let mut all = Vec::new();
            if flat(list, &mut all) {
                out(Kind::List(all))
            } else {
                Ok(Value::unknown())
            }
        }
        ("startswith" | "endswith", [s, p]) => {
            let (Some(s), Some(p)) = (s.as_str(), p.as_str()) else {
                return Ok(Value::unknown());
            };
            out(Kind::Bool(if name == "startswith" {
                s.starts_with(p.as_ref())
            } else {
                s.ends_with(p.as_ref())
            }))
        }
        ("min" | "max", nums) if !nums.is_empty() => {
            let ns: Option<Vec<f64>> = nums.iter().map(Value::as_number).collect();
            let Some(ns) = ns else {
                return Ok(Value::unknown());
            };
            let pick = if name == "min" {
                ns.iter().copied().fold(f64::INFINITY, f64::min)
            } else {
                ns.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            };
            out(Kind::Number(pick))
        }
        ("abs", [n]) => n
            .as_number()
            .map_or_else(|| Ok(Value::unknown()), |n| out(Kind::Number(n.abs()))),
        ("jsonencode", [v]) => {
            if v.is_unknown() {
                return Ok(Value::unknown());
            }
            out(Kind::String(
                serde_json::to_string(&v.to_json()).unwrap_or_default(),
            ))
        }
        ("jsondecode", [s]) => {
            let Some(text) = s.as_str() else {
                return Ok(Value::unknown());
            };
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(json) => Ok(Value {
                    origin: scope.derived(expr, Kind::Null).origin,
                    ..Value::from_json(&json)
                }),
                Err(e) => Err(EvalError(format!("jsondecode: {e}"))),
            }
        }
        _ => Ok(Value::unknown()),
    }
}

fn arity(name: &str) -> EvalError {
    EvalError(format!("wrong number of arguments to {name}()"))
}

fn string_fn(
    v: &Value,
    f: impl Fn(&str) -> String,
    out: impl Fn(Kind) -> EvalResult,
) -> EvalResult {
    match v.as_str() {
        Some(s) => out(Kind::String(f(&s))),
        None => Ok(Value::unknown()),
    }
}

/// `format()` with the verbs configuration uses: `%s`, `%d`, `%v`, `%q`, `%%`. Anything else
/// gives `None` (unknown).
fn format(fmt: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'v' => out.push_str(&to_display_string(args.next()?)?),
            'd' => {
                let n = args.next()?.as_number()?;
                out.push_str(&crate::value::format_number(n.trunc()));
            }
            'q' => out.push_str(&crate::value::hcl_string(&to_display_string(args.next()?)?)),
            _ => return None,
        }
    }
    Some(out)
}
