//! Terraform's pure built-in functions that the evaluator folds
//! (<https://developer.hashicorp.com/terraform/language/functions>). Any other function, and
//! any call with an unknown argument it needs, gives Unknown.
//!
//! These are functions over values: they never see an expression, so they do not depend on
//! the evaluator. The special forms that look at evaluation errors (`try`, `can`) are the
//! evaluator's own. [`decode`] holds the decoding functions (`jsondecode`, `yamldecode`,
//! `csvdecode`, `base64decode`) and [`files`] the reading of files inside the scanned
//! repository, which the evaluator calls for `file`, `fileexists` and `templatefile` (they
//! need the module's folder, and `templatefile` renders a template).

pub(crate) mod decode;
pub(crate) mod files;

use crate::eval::error::EvalError;
use crate::value::{Kind, Value, format_number, hcl_string, to_display_string, values_equal};
use std::collections::BTreeMap;

/// What a function call folds to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Folded {
    /// A value the function computed: the evaluator locates it at the call, as an inexact
    /// origin (replacing the call with a literal would change its meaning).
    Computed(Kind),
    /// One of the arguments passed through, or a value that keeps the origin it has (an
    /// argument converted in place, Unknown).
    Passed(Value),
}

/// Calls function `name` with the argument values `values`.
///
/// # Errors
/// [`EvalError`] where Terraform's function would fail (wrong argument type or count).
pub(crate) fn call(name: &str, values: &[Value]) -> Result<Folded, EvalError> {
    let unknown = || Ok(Folded::Passed(Value::unknown()));
    let out = |kind| Ok(Folded::Computed(kind));
    match (name, values) {
        ("coalesce", vals) => {
            for v in vals {
                if v.is_unknown_shallow() {
                    return unknown();
                }
                if !v.is_null() && v.as_str().is_none_or(|s| !s.is_empty()) {
                    return Ok(Folded::Passed(v.clone()));
                }
            }
            Err(EvalError::NothingToCoalesce)
        }
        ("coalescelist", vals) => {
            for v in vals {
                match &v.kind {
                    Kind::Unknown => return unknown(),
                    Kind::List(items) if !items.is_empty() => return Ok(Folded::Passed(v.clone())),
                    _ => {}
                }
            }
            Err(EvalError::NoListToCoalesce)
        }
        ("lookup", [map, key, rest @ ..]) if rest.len() <= 1 => {
            if map.is_unknown_shallow() || key.is_unknown() {
                return unknown();
            }
            let k = key.as_str().ok_or(EvalError::LookupKeyNotString)?;
            match map.get(&k) {
                Some(v) => Ok(Folded::Passed(v.clone())),
                None => rest
                    .first()
                    .cloned()
                    .map(Folded::Passed)
                    .ok_or_else(|| EvalError::NoKey {
                        key: k.into_owned(),
                    }),
            }
        }
        ("merge", maps) => {
            let mut merged = BTreeMap::new();
            for m in maps {
                match &m.kind {
                    Kind::Object(o) => merged.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
                    Kind::Null => {}
                    _ => return unknown(),
                }
            }
            out(Kind::Object(merged))
        }
        ("concat", lists) => {
            let mut all = Vec::new();
            for l in lists {
                match &l.kind {
                    Kind::List(items) => all.extend(items.iter().cloned()),
                    _ => return unknown(),
                }
            }
            out(Kind::List(all))
        }
        ("tolist", [v]) => match &v.kind {
            Kind::List(_) => Ok(Folded::Passed(v.clone())),
            _ => unknown(),
        },
        ("toset", [v]) => match &v.kind {
            Kind::List(items) => {
                if items.iter().any(Value::is_unknown) {
                    return unknown();
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
            _ => unknown(),
        },
        ("tomap", [v]) => match &v.kind {
            Kind::Object(_) => Ok(Folded::Passed(v.clone())),
            _ => unknown(),
        },
        ("tostring", [v]) => {
            if v.is_null() {
                return Ok(Folded::Passed(v.clone()));
            }
            Ok(Folded::Passed(to_display_string(v).map_or_else(
                Value::unknown,
                |s| Value {
                    kind: Kind::String(s),
                    origin: v.origin.clone(),
                },
            )))
        }
        ("tonumber", [v]) => Ok(Folded::Passed(v.as_number().map_or_else(
            Value::unknown,
            |n| Value {
                kind: Kind::Number(n),
                origin: v.origin.clone(),
            },
        ))),
        ("tobool", [v]) => Ok(Folded::Passed(v.as_bool().map_or_else(
            Value::unknown,
            |b| Value {
                kind: Kind::Bool(b),
                origin: v.origin.clone(),
            },
        ))),
        // A length is far below 2^52, so exact in f64.
        ("length", [v]) => match &v.kind {
            #[allow(clippy::cast_precision_loss)]
            Kind::List(items) => out(Kind::Number(items.len() as f64)),
            #[allow(clippy::cast_precision_loss)]
            Kind::Object(m) => out(Kind::Number(m.len() as f64)),
            #[allow(clippy::cast_precision_loss)]
            Kind::String(s) => out(Kind::Number(s.chars().count() as f64)),
            _ => unknown(),
        },
        ("lower", [v]) => string_fn(v, str::to_lowercase, out),
        ("upper", [v]) => string_fn(v, str::to_uppercase, out),
        ("trimspace", [v]) => string_fn(v, |s| s.trim().to_owned(), out),
        ("format", [fmt, rest @ ..]) => {
            let Some(f) = fmt.as_str() else {
                return unknown();
            };
            format(&f, rest).map_or_else(unknown, |s| out(Kind::String(s)))
        }
        ("join", [sep, list]) => {
            let (Some(sep), Some(items)) = (sep.as_str(), list.as_list()) else {
                return unknown();
            };
            let parts: Option<Vec<String>> = items.iter().map(to_display_string).collect();
            parts.map_or_else(unknown, |p| out(Kind::String(p.join(&sep))))
        }
        ("split", [sep, s]) => {
            let (Some(sep), Some(s)) = (sep.as_str(), s.as_str()) else {
                return unknown();
            };
            out(Kind::List(
                s.split(sep.as_ref()).map(Value::string).collect(),
            ))
        }
        ("replace", [s, from, to]) => {
            let (Some(s), Some(from), Some(to)) = (s.as_str(), from.as_str(), to.as_str()) else {
                return unknown();
            };
            if from.starts_with('/') && from.ends_with('/') && from.len() > 1 {
                return unknown(); // regular expression form
            }
            out(Kind::String(s.replace(from.as_ref(), &to)))
        }
        ("contains", [list, v]) => match (&list.kind, v.is_unknown()) {
            (Kind::List(items), false) if !items.iter().any(Value::is_unknown) => {
                out(Kind::Bool(items.iter().any(|i| values_equal(i, v))))
            }
            _ => unknown(),
        },
        ("keys", [m]) => match &m.kind {
            Kind::Object(o) => out(Kind::List(
                o.keys().map(|k| Value::string(k.clone())).collect(),
            )),
            _ => unknown(),
        },
        ("values", [m]) => match &m.kind {
            Kind::Object(o) => out(Kind::List(o.values().cloned().collect())),
            _ => unknown(),
        },
        ("element", [list, i]) => match (list.as_list(), i.as_number()) {
            (Some(items), Some(n)) if !items.is_empty() && n >= 0.0 => {
                // `n >= 0`: `as` drops a fraction and saturates at `usize::MAX`, and the
                // modulo keeps the index in range.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Ok(Folded::Passed(items[(n as usize) % items.len()].clone()))
            }
            _ => unknown(),
        },
        ("one", [list]) => match list.as_list() {
            Some([]) => out(Kind::Null),
            Some([v]) => Ok(Folded::Passed(v.clone())),
            Some(_) => Err(EvalError::SeveralForOne),
            None => unknown(),
        },
        ("compact", [list]) => match list.as_list() {
            Some(items) if !items.iter().any(Value::is_unknown) => out(Kind::List(
                items
                    .iter()
                    .filter(|v| !v.is_null() && v.as_str().is_some_and(|s| !s.is_empty()))
                    .cloned()
                    .collect(),
            )),
            _ => unknown(),
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
            _ => unknown(),
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
                unknown()
            }
        }
        ("startswith" | "endswith", [s, p]) => {
            let (Some(s), Some(p)) = (s.as_str(), p.as_str()) else {
                return unknown();
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
                return unknown();
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
            .map_or_else(unknown, |n| out(Kind::Number(n.abs()))),
        ("jsonencode", [v]) => {
            if v.is_unknown() {
                return unknown();
            }
            out(Kind::String(
                serde_json::to_string(&v.to_json()).unwrap_or_default(),
            ))
        }
        ("jsondecode" | "yamldecode" | "csvdecode" | "base64decode", [s]) => {
            let Some(text) = s.as_str() else {
                return unknown();
            };
            let kind = match name {
                "jsondecode" => decode::json(&text)?,
                "csvdecode" => decode::csv(&text)?,
                "base64decode" => decode::base64(&text)?,
                _ => match decode::yaml(&text)? {
                    Some(kind) => kind,
                    None => return unknown(),
                },
            };
            out(kind)
        }
        _ => unknown(),
    }
}

fn string_fn(
    v: &Value,
    f: impl Fn(&str) -> String,
    out: impl Fn(Kind) -> Result<Folded, EvalError>,
) -> Result<Folded, EvalError> {
    match v.as_str() {
        Some(s) => out(Kind::String(f(&s))),
        None => Ok(Folded::Passed(Value::unknown())),
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
                out.push_str(&format_number(n.trunc()));
            }
            'q' => out.push_str(&hcl_string(&to_display_string(args.next()?)?)),
            _ => return None,
        }
    }
    Some(out)
}
