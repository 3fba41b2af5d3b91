//! Whether a value driftless holds agrees with the value Terraform plans, after the
//! normalisation Terraform itself applies to a configuration value.
//!
//! Normalisation, each step Terraform's own conversion of a configuration value to the
//! attribute's type (from the embedded AWS provider schema):
//! - a number or bool where the type is `string` is its string (`80` → `"80"`, `true` →
//!   `"true"`); a numeric string where the type is `number` is the number; `"true"`/`"false"`
//!   where the type is `bool` is the bool;
//! - numbers compare as numbers (`1` and `1.0` agree);
//! - a `set` compares without order, and driftless's duplicates merge as Terraform's set does;
//! - `null` is no claim: Terraform plans the provider's default, or the computed value, for an
//!   attribute set to `null`, and a `null` element of driftless's list stands for an unknown one;
//! - an empty list, set or map agrees with `null` (and with a value Terraform leaves out): the
//!   AWS provider's legacy SDK plans an empty collection the configuration sets as `null`;
//! - two strings that both hold a JSON object or array compare as JSON: the provider rewrites
//!   the JSON documents it takes (policies: key order, white space) into its own normal form.
//!
//! Members of an object or map that Terraform has and driftless does not are not compared:
//! driftless holds only what the code says, Terraform adds the provider's defaults (the
//! attributes of an object written as a block, `ingress { }`).

use driftless_hcl::format_number;
use driftless_terraform::schema::AttributeType;
use serde_json::Value as Json;

/// Whether `ours` (driftless's, unknown parts `null` or left out) agrees with `theirs`
/// (Terraform's planned value; `None` when unknown or absent), for an attribute of type `ty`
/// (`None` when the schema does not know it).
#[must_use]
pub fn agrees(ours: &Json, theirs: Option<&Json>, ty: Option<&AttributeType>) -> bool {
    let ty = ty.filter(|t| !matches!(t, AttributeType::Dynamic));
    if ours.is_null() {
        return true;
    }
    let Some(theirs) = theirs.filter(|t| !t.is_null()) else {
        return is_empty_collection(ours);
    };
    match ours {
        Json::Array(items) => {
            let Json::Array(planned) = theirs else {
                return false;
            };
            match ty {
                Some(AttributeType::Set(element)) => set_agrees(items, planned, Some(element)),
                Some(AttributeType::List(element)) => {
                    list_agrees(items, planned, |_| Some(element.as_ref()))
                }
                Some(AttributeType::Tuple(elements)) => {
                    list_agrees(items, planned, |i| elements.get(i))
                }
                _ => list_agrees(items, planned, |_| None),
            }
        }
        Json::Object(members) => {
            let Json::Object(planned) = theirs else {
                return false;
            };
            members.iter().all(|(name, value)| {
                let member_type = match ty {
                    Some(AttributeType::Map(element)) => Some(element.as_ref()),
                    Some(AttributeType::Object { attributes, .. }) => attributes.get(name),
                    _ => None,
                };
                agrees(value, planned.get(name), member_type)
            })
        }
        scalar => scalar_agrees(&convert(scalar, ty), theirs),
    }
}

fn list_agrees<'t>(
    ours: &[Json],
    theirs: &[Json],
    element: impl Fn(usize) -> Option<&'t AttributeType>,
) -> bool {
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(theirs)
            .enumerate()
            .all(|(i, (o, t))| agrees(o, Some(t), element(i)))
}

/// Every known element of `ours` is an element of `theirs`; when `ours` is wholly known, the
/// two have as many distinct elements.
fn set_agrees(ours: &[Json], theirs: &[Json], element: Option<&AttributeType>) -> bool {
    let mut distinct: Vec<Json> = Vec::new();
    for item in ours.iter().filter(|i| !i.is_null()) {
        let item = convert(item, element);
        if !distinct
            .iter()
            .any(|d| scalar_agrees(d, &item) || d == &item)
        {
            distinct.push(item);
        }
    }
    if !ours.iter().any(Json::is_null) && distinct.len() != theirs.len() {
        return false;
    }
    let mut used = vec![false; theirs.len()];
    distinct.iter().all(|item| {
        let found = theirs
            .iter()
            .enumerate()
            .find(|(i, t)| !used[*i] && agrees(item, Some(t), element));
        found.map(|(i, _)| used[i] = true).is_some()
    })
}

/// `value` converted to the primitive type `ty` as Terraform converts a configuration value;
/// unchanged when it does not convert or `ty` is not primitive.
fn convert(value: &Json, ty: Option<&AttributeType>) -> Json {
    match (ty, value) {
        (Some(AttributeType::String), Json::Number(n)) => {
            Json::String(n.as_f64().map_or_else(|| n.to_string(), format_number))
        }
        (Some(AttributeType::String), Json::Bool(b)) => Json::String(b.to_string()),
        (Some(AttributeType::Number), Json::String(s)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| value.clone(), Json::Number),
        (Some(AttributeType::Bool), Json::String(s)) if s == "true" || s == "false" => {
            Json::Bool(s == "true")
        }
        _ => value.clone(),
    }
}

/// Two primitives agree: equal, numbers by value, JSON documents as JSON.
fn scalar_agrees(ours: &Json, theirs: &Json) -> bool {
    match (ours, theirs) {
        (Json::Number(a), Json::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() <= f64::EPSILON * a.abs().max(b.abs()),
            _ => a == b,
        },
        (Json::String(a), Json::String(b)) => {
            a == b || matches!((json_document(a), json_document(b)), (Some(a), Some(b)) if a == b)
        }
        _ => ours == theirs,
    }
}

/// The JSON object or array `text` holds, if it holds one.
fn json_document(text: &str) -> Option<Json> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') && !trimmed.starts_with('[') {
        return None;
    }
    serde_json::from_str(text).ok()
}

fn is_empty_collection(value: &Json) -> bool {
    match value {
        Json::Array(items) => items.is_empty(),
        Json::Object(members) => members.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set_of(t: AttributeType) -> AttributeType {
        AttributeType::Set(Box::new(t))
    }

    #[test]
    fn primitives_convert_to_the_attribute_type() {
        let string = Some(&AttributeType::String);
        assert!(agrees(&json!(80), Some(&json!("80")), string));
        assert!(agrees(&json!(true), Some(&json!("true")), string));
        assert!(agrees(
            &json!("8080"),
            Some(&json!(8080)),
            Some(&AttributeType::Number)
        ));
        assert!(agrees(
            &json!("false"),
            Some(&json!(false)),
            Some(&AttributeType::Bool)
        ));
        assert!(agrees(&json!(1), Some(&json!(1.0)), None));
        assert!(!agrees(&json!(80), Some(&json!("80")), None));
        assert!(!agrees(&json!("a"), Some(&json!("b")), string));
    }

    #[test]
    fn null_is_no_claim_and_unknown_is_a_disagreement() {
        assert!(agrees(&json!(null), None, None));
        assert!(agrees(&json!(null), Some(&json!("default")), None));
        assert!(!agrees(&json!("x"), None, None));
        assert!(!agrees(&json!("x"), Some(&json!(null)), None));
    }

    #[test]
    fn an_empty_collection_is_null_to_the_provider() {
        let set = set_of(AttributeType::String);
        assert!(agrees(&json!([]), Some(&json!(null)), Some(&set)));
        assert!(agrees(&json!({}), None, None));
        assert!(!agrees(&json!(["a"]), Some(&json!(null)), Some(&set)));
        assert!(!agrees(&json!(""), None, Some(&AttributeType::String)));
    }

    #[test]
    fn json_documents_compare_as_json() {
        let string = Some(&AttributeType::String);
        let written = json!(
            "{\n  \"Statement\": [{\"Effect\": \"Allow\"}],\n  \"Version\": \"2012-10-17\"\n}"
        );
        let normal = json!(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}"#);
        assert!(agrees(&written, Some(&normal), string));
        let other = json!(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny"}]}"#);
        assert!(!agrees(&written, Some(&other), string));
        assert!(!agrees(
            &json!("{not json"),
            Some(&json!("{not  json")),
            string
        ));
    }

    #[test]
    fn sets_compare_without_order_and_merge_duplicates() {
        let set = set_of(AttributeType::String);
        assert!(agrees(
            &json!(["b", "a", "b"]),
            Some(&json!(["a", "b"])),
            Some(&set)
        ));
        assert!(!agrees(
            &json!(["a", "c"]),
            Some(&json!(["a", "b"])),
            Some(&set)
        ));
        assert!(!agrees(&json!(["a"]), Some(&json!(["a", "b"])), Some(&set)));
        // An unknown element: the known ones must be there.
        assert!(agrees(
            &json!(["a", null]),
            Some(&json!(["b", "a"])),
            Some(&set)
        ));
        let list = AttributeType::List(Box::new(AttributeType::String));
        assert!(!agrees(
            &json!(["b", "a"]),
            Some(&json!(["a", "b"])),
            Some(&list)
        ));
    }

    #[test]
    fn objects_compare_the_members_driftless_holds() {
        let tags = AttributeType::Map(Box::new(AttributeType::String));
        assert!(agrees(
            &json!({"Name": "web", "Port": 80}),
            Some(&json!({"Name": "web", "Port": "80", "Extra": "x"})),
            Some(&tags)
        ));
        assert!(!agrees(
            &json!({"Name": "web"}),
            Some(&json!({"Name": "db"})),
            Some(&tags)
        ));
    }
}
