//! The shapes of resource types, read from `terraform providers schema -json`: what a value of
//! each attribute and nested block looks like, which is all the prior-state builder needs to
//! write a well-typed stand-in for a value the plan leaves unknown.

use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

/// The shape of one value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    String,
    Number,
    Bool,
    /// `dynamic`: any type.
    Any,
    List(Box<Shape>),
    Set(Box<Shape>),
    Map(Box<Shape>),
    /// An object or a block: its attributes and nested blocks by name.
    Object(BTreeMap<String, Shape>),
    Tuple(Vec<Shape>),
}

impl Shape {
    /// A value of this shape that a provider reads as "not set": `""`, `0`, `false`, empty
    /// collections, objects of such values. `null` would not do: for an attribute that is
    /// optional and computed, a provider plans `null` as "known after apply" (and a
    /// replacement, where the attribute forces one).
    pub(crate) fn zero(&self) -> Value {
        match self {
            Self::String => json!(""),
            Self::Number => json!(0),
            Self::Bool => json!(false),
            Self::Any => Value::Null,
            Self::List(_) | Self::Set(_) => json!([]),
            Self::Map(_) => json!({}),
            Self::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(name, shape)| (name.clone(), shape.zero()))
                    .collect(),
            ),
            Self::Tuple(items) => Value::Array(items.iter().map(Self::zero).collect()),
        }
    }

    /// The shape of an element, a map entry or a field reached by `step`.
    fn child(&self, step: &Value) -> Option<&Shape> {
        match (self, step) {
            (Self::List(item) | Self::Set(item) | Self::Map(item), _) => Some(item),
            (Self::Object(fields), Value::String(name)) => fields.get(name),
            (Self::Tuple(items), Value::Number(n)) => n
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| items.get(i)),
            _ => None,
        }
    }

    /// Replaces every value `unknown` marks (`true`) inside `value` with its zero value.
    pub(crate) fn fill(&self, value: &mut Value, unknown: &Value) {
        if unknown == &Value::Bool(true) {
            *value = self.zero();
            return;
        }
        match (value, unknown) {
            (Value::Object(values), Value::Object(marks)) => {
                for (name, mark) in marks {
                    let Some(shape) = self.child(&Value::String(name.clone())) else {
                        continue;
                    };
                    let slot = values.entry(name.clone()).or_insert(Value::Null);
                    shape.fill(slot, mark);
                }
            }
            (Value::Array(items), Value::Array(marks)) => {
                for (i, (item, mark)) in items.iter_mut().zip(marks).enumerate() {
                    if let Some(shape) = self.child(&json!(i)) {
                        shape.fill(item, mark);
                    }
                }
            }
            _ => {}
        }
    }

    /// The paths a state's `sensitive_attributes` lists for `mask` (a plan's
    /// `sensitive_values`): `get_attr` steps into objects, `index` steps into maps, lists and
    /// tuples. A mark inside a set stands for the whole set (a set element has no position).
    pub(crate) fn sensitive_paths(&self, mask: &Value) -> Vec<Value> {
        let mut out = Vec::new();
        self.collect_sensitive(mask, &mut Vec::new(), &mut out);
        out
    }

    fn collect_sensitive(&self, mask: &Value, path: &mut Vec<Value>, out: &mut Vec<Value>) {
        if mask == &Value::Bool(true) {
            out.push(Value::Array(path.clone()));
            return;
        }
        if let Self::Set(item) = self {
            let mut inside = Vec::new();
            Self::List(item.clone()).collect_sensitive(mask, path, &mut inside);
            if !inside.is_empty() {
                out.push(Value::Array(path.clone()));
            }
            return;
        }
        let steps: Vec<(Value, &Value)> = match mask {
            Value::Object(marks) => marks
                .iter()
                .map(|(name, mark)| (Value::String(name.clone()), mark))
                .collect(),
            Value::Array(marks) => marks
                .iter()
                .enumerate()
                .map(|(i, m)| (json!(i), m))
                .collect(),
            _ => return,
        };
        for (key, mark) in steps {
            let Some(shape) = self.child(&key) else {
                continue;
            };
            let step = match (self, &key) {
                (Self::Object(_), Value::String(name)) => {
                    json!({"type": "get_attr", "value": name})
                }
                (Self::Map(_), Value::String(name)) => {
                    json!({"type": "index", "value": {"value": name, "type": "string"}})
                }
                (_, index) => json!({"type": "index", "value": {"value": index, "type": "number"}}),
            };
            path.push(step);
            shape.collect_sensitive(mark, path, out);
            path.pop();
        }
    }

    /// The shape of a cty type in Terraform's JSON (`"string"`, `["list", "string"]`,
    /// `["object", {...}]`); [`Shape::Any`] for what it does not know.
    fn of_type(ty: &Value) -> Self {
        match ty {
            Value::String(name) => match name.as_str() {
                "string" => Self::String,
                "number" => Self::Number,
                "bool" => Self::Bool,
                _ => Self::Any,
            },
            Value::Array(parts) => match (parts.first().and_then(Value::as_str), parts.get(1)) {
                (Some("list"), Some(item)) => Self::List(Box::new(Self::of_type(item))),
                (Some("set"), Some(item)) => Self::Set(Box::new(Self::of_type(item))),
                (Some("map"), Some(item)) => Self::Map(Box::new(Self::of_type(item))),
                (Some("object"), Some(Value::Object(fields))) => Self::Object(
                    fields
                        .iter()
                        .map(|(name, ty)| (name.clone(), Self::of_type(ty)))
                        .collect(),
                ),
                (Some("tuple"), Some(Value::Array(items))) => {
                    Self::Tuple(items.iter().map(Self::of_type).collect())
                }
                _ => Self::Any,
            },
            _ => Self::Any,
        }
    }

    /// `item` nested as Terraform's `nesting_mode` says.
    fn nested(mode: &str, item: Shape) -> Self {
        match mode {
            "list" => Self::List(Box::new(item)),
            "set" => Self::Set(Box::new(item)),
            "map" => Self::Map(Box::new(item)),
            _ => item,
        }
    }
}

/// The shape of every managed resource type, by provider source address and type name.
#[derive(Debug, Default)]
pub(crate) struct ProviderShapes {
    providers: HashMap<String, HashMap<String, Shape>>,
}

impl ProviderShapes {
    /// Reads the output of `terraform providers schema -json`.
    pub(crate) fn from_schema_json(text: &str) -> Result<Self, serde_json::Error> {
        let raw: RawSchemas = serde_json::from_str(text)?;
        Ok(Self {
            providers: raw
                .provider_schemas
                .into_iter()
                .map(|(provider, schemas)| {
                    let types = schemas
                        .resource_schemas
                        .into_iter()
                        .map(|(name, schema)| (name, schema.block.shape()))
                        .collect();
                    (provider, types)
                })
                .collect(),
        })
    }

    /// The shape of `resource_type` of `provider`.
    pub(crate) fn resource(&self, provider: &str, resource_type: &str) -> Option<&Shape> {
        self.providers.get(provider)?.get(resource_type)
    }
}

#[derive(Deserialize)]
struct RawSchemas {
    #[serde(default)]
    provider_schemas: HashMap<String, RawProvider>,
}

#[derive(Deserialize)]
struct RawProvider {
    #[serde(default)]
    resource_schemas: HashMap<String, RawSchema>,
}

#[derive(Deserialize)]
struct RawSchema {
    block: RawBlock,
}

#[derive(Deserialize)]
struct RawBlock {
    #[serde(default)]
    attributes: HashMap<String, RawAttribute>,
    #[serde(default)]
    block_types: HashMap<String, RawBlockType>,
}

#[derive(Deserialize)]
struct RawAttribute {
    #[serde(default, rename = "type")]
    ty: Option<Value>,
    #[serde(default)]
    nested_type: Option<RawNested>,
}

#[derive(Deserialize)]
struct RawNested {
    #[serde(default)]
    attributes: HashMap<String, RawAttribute>,
    #[serde(default)]
    nesting_mode: String,
}

#[derive(Deserialize)]
struct RawBlockType {
    #[serde(default)]
    nesting_mode: String,
    block: RawBlock,
}

impl RawBlock {
    fn shape(self) -> Shape {
        let mut fields: BTreeMap<String, Shape> = self
            .attributes
            .into_iter()
            .map(|(name, attribute)| (name, attribute.shape()))
            .collect();
        for (name, block) in self.block_types {
            fields.insert(
                name,
                Shape::nested(&block.nesting_mode, block.block.shape()),
            );
        }
        Shape::Object(fields)
    }
}

impl RawAttribute {
    fn shape(self) -> Shape {
        match (self.ty, self.nested_type) {
            (Some(ty), _) => Shape::of_type(&ty),
            (None, Some(nested)) => {
                let fields = nested
                    .attributes
                    .into_iter()
                    .map(|(name, attribute)| (name, attribute.shape()))
                    .collect();
                Shape::nested(&nested.nesting_mode, Shape::Object(fields))
            }
            (None, None) => Shape::Any,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = r#"{"format_version": "1.0", "provider_schemas": {"p": {"resource_schemas": {"t": {
        "version": 0, "block": {
          "attributes": {"id": {"type": "string", "computed": true},
                         "size": {"type": "number"},
                         "tags": {"type": ["map", "string"]},
                         "ips": {"type": ["set", "string"]},
                         "password": {"type": "string", "sensitive": true},
                         "cfg": {"nested_type": {"nesting_mode": "single",
                                 "attributes": {"on": {"type": "bool"}}}}},
          "block_types": {"opts": {"nesting_mode": "list", "max_items": 1, "block": {
              "attributes": {"tokens": {"type": "string"}, "hops": {"type": "number"}}}}}}}}}}}"#;

    #[test]
    fn unknown_values_become_zero_values_of_their_type() {
        let shapes = ProviderShapes::from_schema_json(SCHEMA).unwrap();
        let shape = shapes.resource("p", "t").unwrap();
        let mut value = json!({"size": 10, "opts": [{"tokens": "required"}]});
        let unknown = json!({"id": true, "tags": true, "ips": true, "cfg": true,
                             "opts": [{"hops": true}], "nope": true});
        shape.fill(&mut value, &unknown);
        assert_eq!(
            value,
            json!({"size": 10, "opts": [{"tokens": "required", "hops": 0}], "id": "",
                   "tags": {}, "ips": [], "cfg": {"on": false}})
        );
    }

    #[test]
    fn sensitive_marks_become_state_paths() {
        let shapes = ProviderShapes::from_schema_json(SCHEMA).unwrap();
        let shape = shapes.resource("p", "t").unwrap();
        let mask = json!({"password": true, "tags": {"k": true}, "ips": [true], "opts": [{"tokens": true}]});
        assert_eq!(
            Value::Array(shape.sensitive_paths(&mask)),
            json!([
                [{"type": "get_attr", "value": "password"}],
                [{"type": "get_attr", "value": "tags"}, {"type": "index", "value": {"value": "k", "type": "string"}}],
                [{"type": "get_attr", "value": "ips"}],
                [{"type": "get_attr", "value": "opts"}, {"type": "index", "value": {"value": 0, "type": "number"}},
                 {"type": "get_attr", "value": "tokens"}]
            ])
        );
    }
}
