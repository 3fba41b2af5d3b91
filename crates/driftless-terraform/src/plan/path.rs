//! Attribute paths inside one resource instance (`root_block_device[0].encrypted`) and the
//! paths whose value a planned change alters.

use serde_json::Value;
use std::fmt;

/// One step of an [`AttributePath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathStep {
    /// An attribute, a nested block or a map key. Terraform's JSON writes all three as a
    /// string; which one it is follows from the resource type's schema.
    Name(String),
    /// A position in a list, a set (as Terraform's JSON orders it) or a tuple, 0-based.
    Index(u64),
}

/// A path from a resource instance's top level down to one value, as Terraform's JSON writes
/// it in `replace_paths`: `["root_block_device", 0, "encrypted"]`.
///
/// # Example
/// ```
/// use driftless_terraform::plan::{AttributePath, PathStep};
/// let path = AttributePath::from(vec![
///     PathStep::Name("root_block_device".into()),
///     PathStep::Index(0),
///     PathStep::Name("encrypted".into()),
/// ]);
/// assert_eq!(path.to_string(), "root_block_device[0].encrypted");
/// assert_eq!(path.attribute(), Some("root_block_device"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AttributePath(pub Vec<PathStep>);

impl AttributePath {
    /// The top-level attribute or block the path starts at, `None` for the empty path (the
    /// whole instance).
    #[must_use]
    pub fn attribute(&self) -> Option<&str> {
        match self.0.first() {
            Some(PathStep::Name(name)) => Some(name),
            _ => None,
        }
    }

    /// Whether `self` is `other` or lies inside it (`tags.Name` lies inside `tags`).
    #[must_use]
    pub fn starts_with(&self, other: &AttributePath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// The path from Terraform's JSON: an array of strings and non-negative integers.
    /// `None` for anything else.
    pub(crate) fn from_json(value: &Value) -> Option<Self> {
        let steps = value.as_array()?;
        steps
            .iter()
            .map(|step| match step {
                Value::String(name) => Some(PathStep::Name(name.clone())),
                Value::Number(n) => n.as_u64().map(PathStep::Index),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Self)
    }

    fn child(&self, step: PathStep) -> Self {
        let mut steps = self.0.clone();
        steps.push(step);
        Self(steps)
    }
}

impl From<Vec<PathStep>> for AttributePath {
    fn from(steps: Vec<PathStep>) -> Self {
        Self(steps)
    }
}

impl fmt::Display for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                PathStep::Name(name) if i == 0 => f.write_str(name)?,
                PathStep::Name(name) => write!(f, ".{name}")?,
                PathStep::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The outermost paths whose value differs between `before` and `after`, or that become
/// unknown (`after_unknown`): where both sides are objects, or lists of the same length, the
/// comparison goes inside, so a changed `metadata_options[0].http_tokens` is reported as that
/// path rather than the whole block. A list that grows or shrinks is one changed path. A
/// `before` of `null` (a create) counts as an empty object, so each attribute set in `after`
/// is a path.
pub(crate) fn changed_paths(
    before: &Value,
    after: &Value,
    after_unknown: &Value,
) -> Vec<AttributePath> {
    let empty = Value::Object(serde_json::Map::new());
    let before = if before.is_null() { &empty } else { before };
    let after = if after.is_null() { &empty } else { after };
    let mut out = Vec::new();
    diff(
        &AttributePath::default(),
        before,
        after,
        after_unknown,
        &mut out,
    );
    out
}

fn diff(
    path: &AttributePath,
    before: &Value,
    after: &Value,
    unknown: &Value,
    out: &mut Vec<AttributePath>,
) {
    if unknown == &Value::Bool(true) {
        out.push(path.clone());
        return;
    }
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            let mut names: Vec<&String> = b.keys().chain(a.keys()).collect();
            if let Value::Object(u) = unknown {
                names.extend(u.keys());
            }
            names.sort();
            names.dedup();
            for name in names {
                diff(
                    &path.child(PathStep::Name(name.clone())),
                    b.get(name).unwrap_or(&Value::Null),
                    a.get(name).unwrap_or(&Value::Null),
                    unknown.get(name.as_str()).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(b), Value::Array(a)) if b.len() == a.len() => {
            for (i, (b, a)) in b.iter().zip(a).enumerate() {
                diff(
                    &path.child(PathStep::Index(i as u64)),
                    b,
                    a,
                    unknown.get(i).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ if before != after => out.push(path.clone()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(paths: &[AttributePath]) -> Vec<String> {
        paths.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn changes_are_reported_at_the_innermost_common_shape() {
        let before = json!({"ami": "a", "metadata_options": [{"http_tokens": "optional", "hop": 1}],
                            "tags": {"a": "1"}, "sg": ["x"]});
        let after = json!({"ami": "a", "metadata_options": [{"http_tokens": "required", "hop": 1}],
                           "tags": {"a": "1", "b": "2"}, "sg": ["x", "y"], "arn": null});
        let unknown = json!({"arn": true, "metadata_options": [{}]});
        assert_eq!(
            names(&changed_paths(&before, &after, &unknown)),
            ["arn", "metadata_options[0].http_tokens", "sg", "tags.b"]
        );
    }

    #[test]
    fn a_create_lists_what_it_sets() {
        let after = json!({"size": 10, "encrypted": null, "tags": {}});
        let unknown = json!({"id": true});
        assert_eq!(
            names(&changed_paths(&Value::Null, &after, &unknown)),
            ["id", "size", "tags"]
        );
    }

    #[test]
    fn paths_from_json() {
        let path = AttributePath::from_json(&json!(["ebs_block_device", 1, "encrypted"])).unwrap();
        assert_eq!(path.to_string(), "ebs_block_device[1].encrypted");
        assert!(path.starts_with(&AttributePath::from_json(&json!(["ebs_block_device"])).unwrap()));
        assert!(AttributePath::from_json(&json!(["a", -1])).is_none());
        assert!(AttributePath::from_json(&json!("a")).is_none());
    }
}
