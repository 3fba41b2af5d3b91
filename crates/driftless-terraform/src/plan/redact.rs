//! Secrets out of planned values. A plan carries every attribute in plain text, database
//! passwords included; what the plan model keeps has every value Terraform marks sensitive
//! (`sensitive_values`, `after_sensitive`) removed, and every attribute whose name says it
//! holds a secret ([`is_secret_name`]), whatever Terraform says (`docs/architecture.md`, "Decisions that cut across
//! crates": secrets). The removed paths are kept, so a comparison can tell "removed" from
//! "absent".

use super::path::{AttributePath, PathStep};
use driftless_diagnostics::is_secret_name;
use serde_json::{Map, Value};

/// `values` without what `mask` marks sensitive (`true` at a path, or `true` for the whole
/// object) and without object entries whose name says they hold a secret. Returns the kept
/// values and the removed paths, outermost first.
pub(crate) fn redact(values: Value, mask: &Value) -> (Map<String, Value>, Vec<AttributePath>) {
    let mut removed = Vec::new();
    let kept = if mask == &Value::Bool(true) {
        removed.push(AttributePath::default());
        Map::new()
    } else {
        match strip(&AttributePath::default(), values, mask, &mut removed) {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        }
    };
    removed.sort();
    (kept, removed)
}

/// `value` at `path` with its sensitive parts removed; `None` when the whole value goes.
fn strip(
    path: &AttributePath,
    value: Value,
    mask: &Value,
    removed: &mut Vec<AttributePath>,
) -> Option<Value> {
    if mask == &Value::Bool(true) {
        removed.push(path.clone());
        return None;
    }
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (name, value) in map {
                let child = child(path, PathStep::Name(name.clone()));
                if is_secret_name(&name) && !value.is_null() {
                    removed.push(child);
                    continue;
                }
                let mask = mask.get(&name).unwrap_or(&Value::Null);
                if let Some(value) = strip(&child, value, mask, removed) {
                    out.insert(name, value);
                }
            }
            Some(Value::Object(out))
        }
        Value::Array(items) => {
            // A removed element leaves `null` in its place, so positions keep their meaning.
            let items = items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let mask = mask.get(i).unwrap_or(&Value::Null);
                    strip(&child(path, PathStep::Index(i as u64)), item, mask, removed)
                        .unwrap_or(Value::Null)
                })
                .collect();
            Some(Value::Array(items))
        }
        scalar => Some(scalar),
    }
}

fn child(path: &AttributePath, step: PathStep) -> AttributePath {
    let mut steps = path.0.clone();
    steps.push(step);
    AttributePath(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sensitive_and_secret_named_values_are_removed() {
        let values = json!({
            "engine": "mysql", "password": "hunter2", "username": "admin",
            "master_user_secret": [], "http_tokens": "required",
            "tags": {"db_password": "x", "team": "a"},
            "blocks": [{"key": "k1"}, {"key": "k2"}]
        });
        let mask = json!({"username": true, "blocks": [{}, {"key": true}], "tags": {}});
        let (kept, removed) = redact(values, &mask);
        assert_eq!(
            Value::Object(kept),
            json!({"engine": "mysql", "http_tokens": "required", "tags": {"team": "a"},
                   "blocks": [{"key": "k1"}, {}]})
        );
        let removed: Vec<String> = removed.iter().map(ToString::to_string).collect();
        assert_eq!(
            removed,
            [
                "blocks[1].key",
                "master_user_secret",
                "password",
                "tags.db_password",
                "username"
            ]
        );
    }

    #[test]
    fn a_wholly_sensitive_instance_keeps_nothing() {
        let (kept, removed) = redact(json!({"a": 1}), &json!(true));
        assert!(kept.is_empty());
        assert_eq!(removed, [AttributePath::default()]);
    }
}
