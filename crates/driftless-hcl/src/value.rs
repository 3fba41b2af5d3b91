//! The second layer: values as the evaluator knows them, Known (with where they were set) or
//! Unknown, and the pure operations on them that Terraform defines (`==`, conversion to a
//! string, rendering as HCL).
//!
//! An unknown value is not a false value: a rule asks for a known value and stays silent on
//! [`Kind::Unknown`].

use driftless_diagnostics::{OriginKind, SourceLocation};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// Where a known value was set.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// What kind of site: literal in the block, variable default, tfvars entry, local, module
    /// argument.
    pub kind: OriginKind,
    /// The expression that produced the value.
    pub location: SourceLocation,
    /// Whether the expression at `location` is a literal that evaluates to exactly this value,
    /// so that replacing it with another literal changes this value and nothing else
    /// (`false` for a template, a function call or an arithmetic result).
    pub exact: bool,
    /// Whether the file may be edited (`false` inside `.terraform/modules`).
    pub editable: bool,
    /// For a default of a registry module evaluated from the module knowledge base: the
    /// module call input that sets it. The value is then set by giving the call that argument,
    /// never inside the module.
    pub input: Option<Arc<ModuleInput>>,
    /// The value is the null an `optional(T)` object attribute without a default gives, and
    /// `location` is that `optional(T)` expression: the edit gives it a default,
    /// `optional(T, V)`, rather than replace it.
    pub missing_default: bool,
}

/// A module call input that sets a value: the origin of a default of a registry module that
/// was evaluated from the module knowledge base rather than from its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleInput {
    /// The registry module's address, `terraform-aws-modules/ec2-instance/aws`.
    pub module: String,
    /// The input path, without `var.`: `["metadata_options", "http_tokens"]`.
    pub path: Vec<String>,
    /// The whole `module` block that calls the module.
    pub call: SourceLocation,
}

/// The shape of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (HCL numbers are arbitrary precision; an `f64` is enough for configuration).
    Number(f64),
    /// A string.
    String(String),
    /// A list, tuple or set, in order.
    List(Vec<Value>),
    /// A map or object, keys sorted.
    Object(BTreeMap<String, Value>),
    /// Not known before apply, or not something the evaluator folds.
    Unknown,
}

/// A value and, when known, where it was set.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The value.
    pub kind: Kind,
    /// Where it was set, for known values that came from source text.
    pub origin: Option<Arc<Origin>>,
}

impl Value {
    /// The unknown value.
    #[must_use]
    pub fn unknown() -> Self {
        Self {
            kind: Kind::Unknown,
            origin: None,
        }
    }

    /// A value without origin (computed, or read from state).
    #[must_use]
    pub fn new(kind: Kind) -> Self {
        Self { kind, origin: None }
    }

    /// A string without origin.
    #[must_use]
    pub fn string(s: impl Into<String>) -> Self {
        Self::new(Kind::String(s.into()))
    }

    /// Sets the origin.
    #[must_use]
    pub fn with_origin(mut self, origin: Option<Arc<Origin>>) -> Self {
        self.origin = origin;
        self
    }

    /// Whether the value is unknown, or a collection with an unknown part.
    #[must_use]
    pub fn is_unknown(&self) -> bool {
        match &self.kind {
            Kind::Unknown => true,
            Kind::List(items) => items.iter().any(Value::is_unknown),
            Kind::Object(map) => map.values().any(Value::is_unknown),
            _ => false,
        }
    }

    /// Whether the value is exactly unknown at the top (a collection of unknowns is not).
    #[must_use]
    pub fn is_unknown_shallow(&self) -> bool {
        matches!(self.kind, Kind::Unknown)
    }

    /// Whether the value is `null`.
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// The boolean, when known. Terraform converts the strings `"true"`/`"false"` to bool.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(b) => Some(*b),
            Kind::String(s) if s == "true" => Some(true),
            Kind::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    /// The string, when known; numbers and bools convert as Terraform converts them.
    #[must_use]
    pub fn as_str(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.kind {
            Kind::String(s) => Some(std::borrow::Cow::Borrowed(s)),
            Kind::Number(n) => Some(std::borrow::Cow::Owned(format_number(*n))),
            Kind::Bool(b) => Some(std::borrow::Cow::Owned(b.to_string())),
            _ => None,
        }
    }

    /// The number, when known; numeric strings convert.
    #[must_use]
    pub fn as_number(&self) -> Option<f64> {
        match &self.kind {
            Kind::Number(n) => Some(*n),
            Kind::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The elements, when a known list.
    #[must_use]
    pub fn as_list(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::List(items) => Some(items),
            _ => None,
        }
    }

    /// The members, when a known object or map.
    #[must_use]
    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match &self.kind {
            Kind::Object(map) => Some(map),
            _ => None,
        }
    }

    /// A member of an object.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// The value as JSON (`null` for unknown parts), for `jsonencode` and policy documents.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            Kind::Null | Kind::Unknown => serde_json::Value::Null,
            Kind::Bool(b) => serde_json::Value::Bool(*b),
            Kind::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    // Exact: a whole number under 9e15 fits in an i64.
                    #[allow(clippy::cast_possible_truncation)]
                    serde_json::Value::from(*n as i64)
                } else {
                    serde_json::Number::from_f64(*n)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number)
                }
            }
            Kind::String(s) => serde_json::Value::String(s.clone()),
            Kind::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Kind::Object(map) => serde_json::Value::Object(
                map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
            ),
        }
    }

    /// Builds a value from JSON (state attributes, `jsondecode`), without origin.
    #[must_use]
    pub fn from_json(json: &serde_json::Value) -> Self {
        Self::new(match json {
            serde_json::Value::Null => Kind::Null,
            serde_json::Value::Bool(b) => Kind::Bool(*b),
            serde_json::Value::Number(n) => Kind::Number(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Kind::String(s.clone()),
            serde_json::Value::Array(a) => Kind::List(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => Kind::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        })
    }

    /// Renders a known value as HCL source, for edits (`"required"`, `true`, `["a", "b"]`).
    #[must_use]
    pub fn to_hcl(&self) -> String {
        match &self.kind {
            Kind::Null | Kind::Unknown => "null".to_owned(),
            Kind::Bool(b) => b.to_string(),
            Kind::Number(n) => format_number(*n),
            Kind::String(s) => hcl_string(s),
            Kind::List(items) => {
                format!(
                    "[{}]",
                    items
                        .iter()
                        .map(Value::to_hcl)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            Kind::Object(map) => {
                let mut out = String::from("{ ");
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{} = {}", hcl_string(k), v.to_hcl());
                }
                out.push_str(" }");
                out
            }
        }
    }
}

/// Terraform's `==`: same type and value; numbers compare numerically.
#[must_use]
pub(crate) fn values_equal(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Number(x), Kind::Number(y)) => (x - y).abs() < f64::EPSILON,
        (Kind::List(x), Kind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| values_equal(a, b))
        }
        (Kind::Object(x), Kind::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| ka == kb && values_equal(va, vb))
        }
        (x, y) => x == y,
    }
}

/// Converts a value to the string Terraform would interpolate, if it is a primitive.
#[must_use]
pub(crate) fn to_display_string(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::String(s) => Some(s.clone()),
        Kind::Number(n) => Some(format_number(*n)),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Formats a number as Terraform prints it: integers without a fraction.
#[must_use]
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        // Exact: a whole number under 9e15 fits in an i64.
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        i.to_string()
    } else {
        n.to_string()
    }
}

/// Quotes `s` as an HCL string literal, escaping `"`, `\`, newlines and `${`/`%{`.
#[must_use]
pub(crate) fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_rendering() {
        assert_eq!(hcl_string("a\"b${x}"), r#""a\"b$${x}""#);
        let v = Value::new(Kind::List(vec![
            Value::string("a"),
            Value::new(Kind::Number(3.0)),
        ]));
        assert_eq!(v.to_hcl(), r#"["a", 3]"#);
        assert_eq!(Value::new(Kind::Number(0.5)).to_hcl(), "0.5");
    }
}
