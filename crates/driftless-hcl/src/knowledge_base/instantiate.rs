//! Evaluating a call of a registry module from its knowledge-base entry: the call's arguments
//! (or the module's defaults) resolved against the recorded inputs, conditions tested,
//! repetitions expanded, and each resource turned into a [`BlockView`] located at the
//! `module` block, whose [`ModuleInputs`] say which call input sets what.

use crate::knowledge_base::format::{
    KbBlock, KbCondition, KbModule, KbRepeat, KbTest, KbValue, RepeatKind, split_path,
};
use crate::value::{Kind, ModuleInput, Origin, Value};
use crate::view::{AttributeView, BlockView, ModuleInputs, NestedInputs};
use driftless_diagnostics::{InstanceKey, OriginKind};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The arguments of one module call instance, evaluated, and what they resolve against.
struct CallArguments<'a> {
    module: &'a KbModule,
    call: Arc<BlockView>,
    args: HashMap<String, Value>,
}

/// An element of a repeated input: the list index or map key `*` stands for.
#[derive(Debug, Clone)]
enum Element {
    Index(usize),
    Key(String),
}

/// One instance of a repeated resource or block: its key and the element it stands for.
type Instance = (Option<InstanceKey>, Option<Element>);

impl Element {
    fn as_segment(&self) -> String {
        match self {
            Self::Index(i) => i.to_string(),
            Self::Key(k) => k.clone(),
        }
    }
}

/// Meta-arguments of a `module` block, which are no module inputs.
const META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

impl<'a> CallArguments<'a> {
    /// The inputs of `call` (the `module` block evaluated for one instance) to `module`.
    fn new(module: &'a KbModule, call: Arc<BlockView>) -> Self {
        let args: HashMap<String, Value> = call
            .attributes
            .iter()
            .filter(|a| !META_ARGUMENTS.contains(&a.name.as_str()))
            // Passing null selects the default, as for any module.
            .filter(|a| !a.value.is_null())
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect();
        let mut args: HashMap<String, Value> = args;
        // A nested block in a module call (`logging { ... }`) is no argument Terraform
        // accepts; its value is not known, so nothing is concluded from it.
        for b in &call.blocks {
            if module.inputs.contains_key(&b.ident) {
                args.insert(b.ident.clone(), Value::unknown());
            }
        }
        Self { module, call, args }
    }

    fn origin(&self, path: &[String]) -> Arc<Origin> {
        Arc::new(Origin {
            kind: OriginKind::VariableDefault,
            location: self.call.header.clone(),
            exact: true,
            editable: false,
            input: Some(Arc::new(ModuleInput {
                module: self.module.address.clone(),
                path: path.to_vec(),
                call: self.call.location.clone(),
            })),
            missing_default: false,
        })
    }

    /// The value of input `path` for this call: the argument (its origin at the argument),
    /// else the module's default, the type's optional default or the module's `fallback`
    /// (with an origin naming the input). Unknown arguments give Unknown.
    fn resolve(&self, path: &[String], fallback: Option<&serde_json::Value>) -> Value {
        let Some((name, rest)) = path.split_first() else {
            return Value::unknown();
        };
        let Some(input) = self.module.inputs.get(name) else {
            return Value::unknown();
        };
        let (mut value, from_call) = match self.args.get(name) {
            Some(v) => (v.clone(), true),
            None if input.required => return Value::unknown(),
            None => (
                Value::from_json(&input.default).with_origin(Some(self.origin(&path[..1]))),
                false,
            ),
        };
        for (i, segment) in rest.iter().enumerate() {
            let next = match &value.kind {
                Kind::Object(map) => map.get(segment).cloned(),
                Kind::List(items) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| items.get(n).cloned()),
                Kind::Null => None,
                // Unknown stays Unknown, and a scalar has no fields.
                _ => return Value::unknown(),
            };
            match next {
                Some(v) if !v.is_null() || !from_call => {
                    value = if from_call || v.origin.is_some() {
                        v
                    } else {
                        v.with_origin(Some(self.origin(&path[..i + 2])))
                    };
                }
                // Absent (or null): the type's optional default, else the module's fallback.
                _ => {
                    let optional = rest
                        .iter()
                        .try_fold(&input.optional, |o, s| o.get(s))
                        .filter(|v| !v.is_null());
                    let json = optional
                        .or(fallback)
                        .cloned()
                        .unwrap_or(serde_json::Value::Null);
                    return Value::from_json(&json).with_origin(Some(self.origin(path)));
                }
            }
        }
        if let (true, Some(f)) = (value.is_null(), fallback) {
            return Value::from_json(f).with_origin(Some(self.origin(path)));
        }
        value
    }

    fn test(&self, condition: &KbCondition, element: Option<&Element>) -> Option<bool> {
        let v = self.resolve(&substitute(&split_path(&condition.input), element), None);
        match condition.test {
            KbTest::True => v.as_bool(),
            KbTest::False => v.as_bool().map(|b| !b),
            KbTest::NotNull | KbTest::Null => {
                if v.is_unknown_shallow() {
                    return None;
                }
                Some(v.is_null() == (condition.test == KbTest::Null))
            }
            KbTest::NonEmpty | KbTest::Empty => {
                let empty = match &v.kind {
                    Kind::Null => true,
                    Kind::List(items) => items.is_empty(),
                    Kind::Object(map) => map.is_empty(),
                    Kind::String(s) => s.is_empty(),
                    _ => return None,
                };
                Some(empty == (condition.test == KbTest::Empty))
            }
        }
    }

    /// The instances `repeat` gives: `(instance key, element)`; and whether their number is
    /// unknown.
    fn instances(&self, repeat: &KbRepeat, element: Option<&Element>) -> (Vec<Instance>, bool) {
        let mut unknown = repeat.untraced;
        for c in &repeat.when {
            match self.test(c, element) {
                Some(true) => {}
                Some(false) => return (Vec::new(), false),
                None => unknown = true,
            }
        }
        let Some(each) = &repeat.each else {
            let key = match repeat.kind {
                RepeatKind::Count => Some(InstanceKey::Index(0)),
                RepeatKind::ForEach => {
                    unknown = true;
                    None
                }
                RepeatKind::None => None,
            };
            return (vec![(key, element.cloned())], unknown);
        };
        let collection = self.resolve(&substitute(&split_path(each), element), None);
        let elements: Vec<Element> = match &collection.kind {
            Kind::Null => Vec::new(),
            Kind::List(items) if repeat.kind == RepeatKind::ForEach => {
                let keys: Option<Vec<Element>> = items
                    .iter()
                    .map(|i| i.as_str().map(|s| Element::Key(s.into_owned())))
                    .collect();
                match keys {
                    Some(keys) => keys,
                    None => return (vec![(None, None)], true),
                }
            }
            Kind::List(items) if !items.iter().any(Value::is_unknown_shallow) => {
                (0..items.len()).map(Element::Index).collect()
            }
            Kind::Object(map) => map.keys().cloned().map(Element::Key).collect(),
            _ => return (vec![(None, None)], true),
        };
        let list = elements
            .into_iter()
            .map(|e| {
                let key = match &e {
                    Element::Index(i) => {
                        Some(InstanceKey::Index(i64::try_from(*i).unwrap_or(i64::MAX)))
                    }
                    Element::Key(k) => Some(InstanceKey::Key(k.clone())),
                };
                (key, Some(e))
            })
            .collect();
        (list, unknown)
    }

    fn block(
        &self,
        ident: &str,
        labels: Vec<String>,
        attributes: &BTreeMap<String, KbValue>,
        blocks: &[KbBlock],
        element: Option<&Element>,
    ) -> BlockView {
        let call = &self.call;
        let mut inputs = ModuleInputs {
            module: self.module.address.clone(),
            call: Arc::clone(call),
            attributes: BTreeMap::new(),
            blocks: BTreeMap::new(),
        };
        let mut views = Vec::new();
        for (name, kb) in attributes {
            let (value, references) = match kb {
                KbValue::Const(json) if json.is_null() => continue,
                KbValue::Const(json) => (Value::from_json(json), Vec::new()),
                KbValue::Refs(r) => (Value::unknown(), r.clone()),
                KbValue::Unknown => (Value::unknown(), Vec::new()),
                KbValue::Input(input) => {
                    let path = substitute(&split_path(&input.path), element);
                    inputs.attributes.insert(name.clone(), path.clone());
                    let passed: Option<Vec<bool>> =
                        input.when.iter().map(|c| self.test(c, element)).collect();
                    let value = match passed {
                        Some(p) if p.iter().all(|b| *b) => {
                            self.resolve(&path, input.fallback.as_ref())
                        }
                        Some(_) => continue,
                        None => Value::unknown(),
                    };
                    let defaulted = value.origin.as_ref().is_none_or(|o| o.input.is_some());
                    // A null default means the attribute is not set at all.
                    if value.is_null() && defaulted {
                        continue;
                    }
                    (value, Vec::new())
                }
            };
            let location = value
                .origin
                .as_ref()
                .filter(|o| o.input.is_none() && o.location.path == call.file.path)
                .map_or_else(|| call.header.clone(), |o| o.location.clone());
            views.push(AttributeView {
                name: name.clone(),
                value,
                location: location.clone(),
                value_location: location,
                references,
                encoded: None,
            });
        }
        let mut nested = Vec::new();
        let mut dynamic_blocks = Vec::new();
        for b in blocks {
            // A block the module repeats from an input is a `dynamic` block in its code.
            if b.repeat != KbRepeat::default() {
                dynamic_blocks.push(b.block_type.clone());
            }
            inputs.blocks.insert(
                b.block_type.clone(),
                NestedInputs {
                    from: b.from.as_deref().map(split_path),
                    attributes: b
                        .attributes
                        .iter()
                        .filter_map(|(k, v)| match v {
                            KbValue::Input(i) => Some((k.clone(), split_path(&i.path))),
                            _ => None,
                        })
                        .collect(),
                },
            );
            let (instances, unknown) = self.instances(&b.repeat, element);
            for (_, e) in instances {
                let mut view = self.block(
                    &b.block_type,
                    Vec::new(),
                    &b.attributes,
                    &b.blocks,
                    e.as_ref().or(element),
                );
                view.dynamic = b.repeat != KbRepeat::default();
                view.unknown_repetition = unknown;
                nested.push(view);
            }
        }
        BlockView {
            ident: ident.to_owned(),
            labels,
            file: call.file.clone(),
            location: call.location.clone(),
            header: call.header.clone(),
            attributes: views,
            blocks: nested,
            dynamic_blocks,
            schema_path: Vec::new(),
            layout: call.layout.clone(),
            dynamic: false,
            unknown_repetition: false,
            module_inputs: Some(Arc::new(inputs)),
        }
    }
}

fn substitute(path: &[String], element: Option<&Element>) -> Vec<String> {
    path.iter()
        .map(|s| match (s.as_str(), element) {
            ("*", Some(e)) => e.as_segment(),
            _ => s.clone(),
        })
        .collect()
}

/// One resource instance evaluated from the knowledge base.
#[derive(Debug, Clone)]
pub(crate) struct Instantiated {
    /// The local module calls inside the registry module that lead to it.
    pub module_path: Vec<String>,
    /// The resource type.
    pub resource_type: String,
    /// The resource name.
    pub name: String,
    /// Its instance key.
    pub key: Option<InstanceKey>,
    /// The resource block, evaluated.
    pub block: BlockView,
    /// Whether its number of instances is unknown.
    pub repetition_unknown: bool,
}

/// Evaluates the resources of `module` for one instance of a call: `call` is the `module`
/// block evaluated in the calling module (arguments with their origins). Resources whose
/// conditions are known to fail give no instance.
#[must_use]
pub(crate) fn instantiate(module: &KbModule, call: Arc<BlockView>) -> Vec<Instantiated> {
    let arguments = CallArguments::new(module, call);
    let mut out = Vec::new();
    for r in &module.resources {
        let (instances, unknown) = arguments.instances(&r.repeat, None);
        for (key, element) in instances {
            let mut block = arguments.block(
                "resource",
                vec![r.resource_type.clone(), r.name.clone()],
                &r.attributes,
                &r.blocks,
                element.as_ref(),
            );
            block.place_in_schema(vec![r.resource_type.clone()]);
            out.push(Instantiated {
                module_path: r.module_path.clone(),
                resource_type: r.resource_type.clone(),
                name: r.name.clone(),
                key,
                block,
                repetition_unknown: unknown,
            });
        }
    }
    out
}
