//! Attribute types, as Terraform writes them, and whether an HCL value fits one.
//!
//! A type comes from the JSON type expression of `terraform providers schema -json`
//! (`"string"`, `["list", "string"]`, `["object", {"a": "number"}, ["a"]]`) and prints in
//! Terraform's own syntax (`list(string)`). A value fits a type when Terraform's conversion
//! (the one it applies to configuration values) accepts it: a string `"true"` fits `bool`,
//! a number fits `string`, `["a"]` fits `set(string)`. Only literals are judged: an
//! expression (a reference, a function call, a template) is decided by Terraform when it
//! evaluates, and fits every type here.

use crate::schema::error::SchemaFileError;
use hcl_edit::expr::{Expression, ObjectKey, UnaryOperator};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// An attribute's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeType {
    /// `bool`.
    Bool,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `any` (`"dynamic"` in the schema): whatever the value is.
    Dynamic,
    /// `list(T)`.
    List(Box<AttributeType>),
    /// `set(T)`.
    Set(Box<AttributeType>),
    /// `map(T)`.
    Map(Box<AttributeType>),
    /// `object({ name = T, ... })`, with the attributes that may be left out.
    Object {
        /// Attribute name → type.
        attributes: BTreeMap<String, AttributeType>,
        /// The attributes that may be omitted.
        optional: BTreeSet<String>,
    },
    /// `tuple([T, ...])`.
    Tuple(Vec<AttributeType>),
}

impl AttributeType {
    /// Reads a JSON type expression of `terraform providers schema -json`.
    ///
    /// # Errors
    /// When the expression is not one Terraform writes.
    pub fn from_json(json: &serde_json::Value) -> Result<Self, SchemaFileError> {
        use serde_json::Value as J;
        let invalid = || SchemaFileError::Invalid(format!("not a type expression: {json}"));
        match json {
            J::String(s) => match s.as_str() {
                "bool" => Ok(Self::Bool),
                "number" => Ok(Self::Number),
                "string" => Ok(Self::String),
                "dynamic" => Ok(Self::Dynamic),
                _ => Err(invalid()),
            },
            J::Array(parts) => match (parts.first().and_then(J::as_str), &parts[1..]) {
                (Some("list"), [t]) => Ok(Self::List(Box::new(Self::from_json(t)?))),
                (Some("set"), [t]) => Ok(Self::Set(Box::new(Self::from_json(t)?))),
                (Some("map"), [t]) => Ok(Self::Map(Box::new(Self::from_json(t)?))),
                (Some("tuple"), [J::Array(ts)]) => Ok(Self::Tuple(
                    ts.iter().map(Self::from_json).collect::<Result<_, _>>()?,
                )),
                (Some("object"), [J::Object(attrs), rest @ ..]) => {
                    let attributes = attrs
                        .iter()
                        .map(|(k, t)| Ok((k.clone(), Self::from_json(t)?)))
                        .collect::<Result<_, SchemaFileError>>()?;
                    let optional = match rest {
                        [] => BTreeSet::new(),
                        [J::Array(names)] => names
                            .iter()
                            .map(|n| n.as_str().map(str::to_owned).ok_or_else(invalid))
                            .collect::<Result<_, _>>()?,
                        _ => return Err(invalid()),
                    };
                    Ok(Self::Object {
                        attributes,
                        optional,
                    })
                }
                _ => Err(invalid()),
            },
            _ => Err(invalid()),
        }
    }

    /// Whether `literal` fits this type, as Terraform converts configuration values.
    #[must_use]
    pub fn accepts(&self, literal: &Literal) -> bool {
        match (self, literal) {
            (_, Literal::Null | Literal::Expression)
            | (Self::Dynamic, _)
            | (Self::Bool, Literal::Bool(_))
            | (Self::Number, Literal::Number(_))
            | (Self::String, Literal::String(_) | Literal::Number(_) | Literal::Bool(_)) => true,
            (Self::Bool, Literal::String(s)) => matches!(s.as_str(), "true" | "false" | "1" | "0"),
            (Self::Number, Literal::String(s)) => s.parse::<f64>().is_ok(),
            (Self::List(t) | Self::Set(t), Literal::List(items)) => {
                items.iter().all(|i| t.accepts(i))
            }
            (Self::Tuple(ts), Literal::List(items)) => {
                ts.len() == items.len() && ts.iter().zip(items).all(|(t, i)| t.accepts(i))
            }
            (Self::Map(t), Literal::Object(entries)) => entries.iter().all(|(_, v)| t.accepts(v)),
            (
                Self::Object {
                    attributes,
                    optional,
                },
                Literal::Object(entries),
            ) => {
                entries
                    .iter()
                    .all(|(k, v)| attributes.get(k).is_some_and(|t| t.accepts(v)))
                    && attributes
                        .keys()
                        .filter(|k| !optional.contains(*k))
                        .all(|k| entries.iter().any(|(e, _)| e == k))
            }
            _ => false,
        }
    }

    /// Whether the HCL expression `hcl` fits this type: `Some(true)` or `Some(false)` for a
    /// literal (`true`, `"required"`, `365`, `["a"]`, `{ k = "v" }`, or one holding
    /// expressions, which fit any type); `None` when `hcl` does not parse as an expression.
    #[must_use]
    pub fn fits_hcl(&self, hcl: &str) -> Option<bool> {
        Literal::parse(hcl).map(|l| self.accepts(&l))
    }
}

impl fmt::Display for AttributeType {
    /// Terraform's syntax: `bool`, `list(string)`, `object({ a = number })`; `any` for the
    /// dynamic type.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool => f.write_str("bool"),
            Self::Number => f.write_str("number"),
            Self::String => f.write_str("string"),
            Self::Dynamic => f.write_str("any"),
            Self::List(t) => write!(f, "list({t})"),
            Self::Set(t) => write!(f, "set({t})"),
            Self::Map(t) => write!(f, "map({t})"),
            Self::Tuple(ts) => {
                let parts: Vec<String> = ts.iter().map(ToString::to_string).collect();
                write!(f, "tuple([{}])", parts.join(", "))
            }
            Self::Object {
                attributes,
                optional,
            } => {
                let parts: Vec<String> = attributes
                    .iter()
                    .map(|(k, t)| {
                        if optional.contains(k) {
                            format!("{k} = optional({t})")
                        } else {
                            format!("{k} = {t}")
                        }
                    })
                    .collect();
                write!(f, "object({{ {} }})", parts.join(", "))
            }
        }
    }
}

/// An HCL value as far as it is written literally: what a type check can judge.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, `365` or `-1.5`.
    Number(f64),
    /// A string without interpolation.
    String(String),
    /// `[ ... ]`.
    List(Vec<Literal>),
    /// `{ key = value, ... }`, keys in source order.
    Object(Vec<(String, Literal)>),
    /// Anything else (a reference, a function call, a template, an operation): its value is
    /// known to Terraform only.
    Expression,
}

impl Literal {
    /// Parses `hcl` as an HCL expression; `None` when it does not parse.
    #[must_use]
    pub fn parse(hcl: &str) -> Option<Self> {
        hcl.trim()
            .parse::<Expression>()
            .ok()
            .map(|e| Self::from_expression(&e))
    }

    /// The literal an expression parsed by hcl-edit writes.
    #[must_use]
    pub fn from_expression(expression: &Expression) -> Self {
        match expression {
            Expression::Null(_) => Self::Null,
            Expression::Bool(b) => Self::Bool(*b.value()),
            Expression::Number(n) => n.value().as_f64().map_or(Self::Expression, Self::Number),
            Expression::String(s) => Self::String(s.value().clone()),
            Expression::Array(items) => {
                Self::List(items.iter().map(Self::from_expression).collect())
            }
            Expression::Object(object) => {
                let mut entries = Vec::new();
                for (key, value) in object {
                    let key = match key {
                        ObjectKey::Ident(i) => i.as_str().to_owned(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                        ObjectKey::Expression(_) => return Self::Expression,
                    };
                    entries.push((key, Self::from_expression(value.expr())));
                }
                Self::Object(entries)
            }
            Expression::Parenthesis(p) => Self::from_expression(p.inner()),
            Expression::UnaryOp(op) if op.operator.value() == &UnaryOperator::Neg => {
                match Self::from_expression(&op.expr) {
                    Self::Number(n) => Self::Number(-n),
                    _ => Self::Expression,
                }
            }
            _ => Self::Expression,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(json: &str) -> AttributeType {
        AttributeType::from_json(&serde_json::from_str(json).unwrap()).unwrap()
    }

    #[test]
    fn literals_fit_as_terraform_converts_them() {
        let bool_ = ty(r#""bool""#);
        assert_eq!(bool_.fits_hcl("true"), Some(true));
        assert_eq!(bool_.fits_hcl(r#""true""#), Some(true));
        assert_eq!(bool_.fits_hcl(r#""required""#), Some(false));
        assert_eq!(bool_.fits_hcl("365"), Some(false));
        assert_eq!(bool_.fits_hcl("var.enabled"), Some(true));
        let number = ty(r#""number""#);
        assert_eq!(number.fits_hcl("365"), Some(true));
        assert_eq!(number.fits_hcl("-1"), Some(true));
        assert_eq!(number.fits_hcl(r#""365""#), Some(true));
        assert_eq!(number.fits_hcl(r#""a year""#), Some(false));
        let string = ty(r#""string""#);
        assert_eq!(string.fits_hcl(r#""required""#), Some(true));
        assert_eq!(string.fits_hcl("365"), Some(true));
        assert_eq!(string.fits_hcl(r#"["a"]"#), Some(false));
        assert_eq!(string.fits_hcl(r#""${var.x}-a""#), Some(true));
        let set = ty(r#"["set", "string"]"#);
        assert_eq!(set.fits_hcl(r#"["a"]"#), Some(true));
        assert_eq!(set.fits_hcl(r#"["a", [1]]"#), Some(false));
        assert_eq!(set.fits_hcl(r#""a""#), Some(false));
        let map = ty(r#"["map", "string"]"#);
        assert_eq!(map.fits_hcl(r#"{ k = "v" }"#), Some(true));
        assert_eq!(map.fits_hcl(r#"{ k = ["v"] }"#), Some(false));
        let object = ty(r#"["object", {"a": "number", "b": "string"}, ["b"]]"#);
        assert_eq!(object.fits_hcl("{ a = 1 }"), Some(true));
        assert_eq!(object.fits_hcl(r#"{ b = "x" }"#), Some(false));
        assert_eq!(object.fits_hcl("{ a = 1, c = 2 }"), Some(false));
        assert_eq!(string.fits_hcl("null"), Some(true));
        assert_eq!(string.fits_hcl("= ="), None);
    }

    #[test]
    fn types_print_in_terraforms_syntax() {
        assert_eq!(
            ty(r#"["list", ["map", "string"]]"#).to_string(),
            "list(map(string))"
        );
        assert_eq!(
            ty(r#"["object", {"a": "number", "b": "string"}, ["b"]]"#).to_string(),
            "object({ a = number, b = optional(string) })"
        );
        assert_eq!(
            ty(r#"["tuple", ["bool", "dynamic"]]"#).to_string(),
            "tuple([bool, any])"
        );
        assert!(AttributeType::from_json(&serde_json::json!(["list"])).is_err());
    }
}
