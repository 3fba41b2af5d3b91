//! Redaction on read: which attributes of a state survive loading. Attribute values from a
//! state are never stored beyond ids, ARNs and what a rule reads (`docs/architecture.md`,
//! "Decisions that cut across crates": secrets).
//!
//! State files hold database passwords, private keys and access key secrets in plain text
//! (<https://developer.hashicorp.com/terraform/language/state/sensitive-data>). Attribute maps
//! are filtered while they are parsed: an attribute that is not kept is skipped by the parser
//! without being copied out of the input buffer, and that buffer is dropped when loading ends.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// Attributes kept for every resource type: the provider's `id` and the resource's `arn`.
pub const IDENTITY_ATTRIBUTES: &[&str] = &["id", "arn"];

/// Naming attributes kept for every resource type, because cloud scanners name resources by
/// them (Security Hub's `AwsS3Bucket` details carry the bucket name, Prowler's `resource_name`):
///
/// | attribute | resource types (AWS provider) |
/// | --- | --- |
/// | `name` | most: `aws_iam_role`, `aws_security_group`, `aws_dynamodb_table`, `aws_ecr_repository`... |
/// | `bucket` | `aws_s3_bucket` and its split-out `aws_s3_bucket_*` resources |
/// | `identifier` | `aws_db_instance` |
/// | `cluster_identifier` | `aws_rds_cluster`, `aws_redshift_cluster` |
/// | `function_name` | `aws_lambda_function` |
/// | `domain_name` | `aws_opensearch_domain`, `aws_elasticsearch_domain` |
pub const NAME_ATTRIBUTES: &[&str] = &[
    "name",
    "bucket",
    "identifier",
    "cluster_identifier",
    "function_name",
    "domain_name",
];

/// Attributes kept for every resource type because they say where a resource lives, which
/// [`crate::derived_arn`] needs: `region` (every resource in AWS provider 6 and later),
/// `availability_zone` (`aws_instance`, `aws_subnet`, `aws_ebs_volume`) and `owner_id` (the
/// account id of `aws_vpc`, `aws_subnet`, `aws_security_group`).
pub const LOCATION_ATTRIBUTES: &[&str] = &["region", "availability_zone", "owner_id"];

fn always_kept(name: &str) -> bool {
    IDENTITY_ATTRIBUTES.contains(&name)
        || NAME_ATTRIBUTES.contains(&name)
        || LOCATION_ATTRIBUTES.contains(&name)
}

/// Which attributes survive loading, besides [`IDENTITY_ATTRIBUTES`], [`NAME_ATTRIBUTES`] and
/// [`LOCATION_ATTRIBUTES`]: for each resource type, the top-level attribute names the rules
/// read. A nested block or object named here is kept whole (`metadata_options` keeps
/// `http_tokens` and everything else inside it).
///
/// Whatever the allow-list says, an attribute the file flags as sensitive
/// (`sensitive_attributes` in a state file, `sensitive_values` in `terraform show -json`) is
/// dropped, identity and names included; so is a whole top-level attribute any part of which is
/// flagged.
///
/// # Example
/// ```
/// use driftless_state::Redaction;
/// let redaction = Redaction::new()
///     .allow("aws_instance", ["metadata_options"])
///     .allow("aws_db_instance", ["storage_encrypted", "publicly_accessible"]);
/// assert!(redaction.keeps("aws_instance", "metadata_options"));
/// assert!(redaction.keeps("aws_instance", "arn"));
/// assert!(!redaction.keeps("aws_instance", "user_data"));
/// assert!(!redaction.keeps("aws_db_instance", "password"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redaction {
    allowed: HashMap<String, HashSet<String>>,
    /// Root module variables whose value a plan's `variables` section may give.
    variables: HashSet<String>,
}

impl Redaction {
    /// Keeps only identity, names and location attributes.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// What mapping other scanners' findings needs besides identity, names and location:
    /// an `aws_instance`'s `root_block_device` and `ebs_block_device` blocks, whose
    /// `volume_id`s let a finding about a volume (Security Hub `EC2.3`, Prowler
    /// `ec2_ebs_volume_encryption`) find the instance that declares it. They hold sizes,
    /// types, encryption settings and tags, no secret.
    #[must_use]
    pub fn for_mapping() -> Self {
        Self::new().allow("aws_instance", ["root_block_device", "ebs_block_device"])
    }

    /// Also keeps `attributes` (top-level names) of `resource_type` (managed resources and
    /// data sources of that type alike).
    #[must_use]
    pub fn allow<I, S>(mut self, resource_type: &str, attributes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed
            .entry(resource_type.to_owned())
            .or_default()
            .extend(attributes.into_iter().map(Into::into));
        self
    }

    /// Whether `attribute` (a top-level name) of `resource_type` survives loading when the file
    /// does not flag it as sensitive.
    #[must_use]
    pub fn keeps(&self, resource_type: &str, attribute: &str) -> bool {
        always_kept(attribute)
            || self
                .allowed
                .get(resource_type)
                .is_some_and(|set| set.contains(attribute))
    }

    /// Also keeps the values of the root module variables `names` from a plan's `variables`
    /// section (plan files only); no other variable's value is read. Name only variables the
    /// configuration does not declare `sensitive`: a plan file holds every variable's value in
    /// plain text.
    #[must_use]
    pub fn allow_variables<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.variables.extend(names.into_iter().map(Into::into));
        self
    }

    /// Whether the plan's value of root module variable `name` survives loading.
    #[must_use]
    pub fn keeps_variable(&self, name: &str) -> bool {
        self.variables.contains(name)
    }

    pub(crate) fn filter<'a>(
        &'a self,
        resource_type: &str,
        sensitive: &'a Sensitive,
    ) -> AttributeFilter<'a> {
        AttributeFilter {
            allowed: self.allowed.get(resource_type),
            sensitive,
        }
    }
}

impl<T, A, S> FromIterator<(T, A)> for Redaction
where
    T: Into<String>,
    A: IntoIterator<Item = S>,
    S: Into<String>,
{
    fn from_iter<I: IntoIterator<Item = (T, A)>>(iter: I) -> Self {
        let mut allowed: HashMap<String, HashSet<String>> = HashMap::new();
        for (resource_type, attributes) in iter {
            allowed
                .entry(resource_type.into())
                .or_default()
                .extend(attributes.into_iter().map(Into::into));
        }
        Self {
            allowed,
            variables: HashSet::new(),
        }
    }
}

/// The top-level attributes one instance's file flags as sensitive.
#[derive(Debug, Default)]
pub(crate) enum Sensitive {
    /// Nothing flagged.
    #[default]
    Nothing,
    /// These top-level attributes, whole or in part.
    Attributes(HashSet<String>),
    /// Something flagged in a shape this reader does not understand (a path that does not
    /// start with an attribute name, or the whole object): only identity attributes are kept.
    Unknown,
}

impl Sensitive {
    /// From a state file's `sensitive_attributes`: a list of paths, each a list of steps
    /// `{"type": "get_attr", "value": "password"}` / `{"type": "index", ...}`. Only the first
    /// step matters here, because whole top-level attributes are dropped.
    pub(crate) fn from_state_paths(paths: &Value) -> Self {
        let Value::Array(paths) = paths else {
            return if paths.is_null() {
                Self::Nothing
            } else {
                Self::Unknown
            };
        };
        let mut names = HashSet::new();
        for path in paths {
            let first = path.as_array().and_then(|steps| steps.first());
            match first {
                Some(step)
                    if step.get("type").and_then(Value::as_str) == Some("get_attr")
                        && step.get("value").is_some_and(Value::is_string) =>
                {
                    if let Some(name) = step.get("value").and_then(Value::as_str) {
                        names.insert(name.to_owned());
                    }
                }
                _ => return Self::Unknown,
            }
        }
        if names.is_empty() {
            Self::Nothing
        } else {
            Self::Attributes(names)
        }
    }

    /// From `terraform show -json`'s `sensitive_values` (or a change's `after_sensitive`): an
    /// object shaped like the values with `true` where a value is sensitive, `false` or `{}`
    /// when nothing is, and `true` when everything is.
    pub(crate) fn from_mask(mask: &Value) -> Self {
        match mask {
            Value::Null | Value::Bool(false) => Self::Nothing,
            Value::Object(map) => {
                let names: HashSet<String> = map
                    .iter()
                    .filter(|(_, v)| contains_true(v))
                    .map(|(k, _)| k.clone())
                    .collect();
                if names.is_empty() {
                    Self::Nothing
                } else {
                    Self::Attributes(names)
                }
            }
            _ => Self::Unknown,
        }
    }

    /// Whether `attribute` (a top-level name) is flagged.
    pub(crate) fn flags(&self, attribute: &str) -> bool {
        match self {
            Self::Nothing => false,
            Self::Attributes(names) => names.contains(attribute),
            Self::Unknown => !IDENTITY_ATTRIBUTES.contains(&attribute),
        }
    }
}

fn contains_true(mask: &Value) -> bool {
    match mask {
        Value::Bool(b) => *b,
        Value::Array(items) => items.iter().any(contains_true),
        Value::Object(map) => map.values().any(contains_true),
        _ => false,
    }
}

/// The redaction for one instance: its type's allow-list and its sensitive attributes.
#[derive(Clone, Copy)]
pub(crate) struct AttributeFilter<'a> {
    allowed: Option<&'a HashSet<String>>,
    sensitive: &'a Sensitive,
}

impl<'a> AttributeFilter<'a> {
    pub(crate) fn keeps(&self, attribute: &str) -> bool {
        (always_kept(attribute) || self.allowed.is_some_and(|set| set.contains(attribute)))
            && !self.sensitive.flags(attribute)
    }

    /// A seed that parses an attribute object (`null` counts as empty), keeping what this
    /// filter keeps. With `flat`, keys are legacy flatmap keys (`tags.Name`, `ingress.#`) and
    /// the part before the first `.` is the attribute name; kept entries are rebuilt into
    /// nested values by [`unflatten`].
    pub(crate) fn seed(self, flat: bool) -> FilterSeed<'a> {
        FilterSeed { filter: self, flat }
    }
}

pub(crate) struct FilterSeed<'a> {
    filter: AttributeFilter<'a>,
    flat: bool,
}

impl<'de> DeserializeSeed<'de> for FilterSeed<'_> {
    type Value = BTreeMap<String, Value>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FilterSeed<'_> {
    type Value = BTreeMap<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of attributes")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }

    // Scalars in place of an attribute object are errors that do not quote the value, which
    // serde's default messages do ("invalid type: string \"hunter2\"").
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(E::invalid_type(de::Unexpected::Other("string"), &self))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(E::invalid_type(de::Unexpected::Other("boolean"), &self))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(E::invalid_type(de::Unexpected::Other("number"), &self))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(E::invalid_type(de::Unexpected::Other("number"), &self))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(E::invalid_type(de::Unexpected::Other("number"), &self))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let name = if self.flat {
                key.as_str().split('.').next().unwrap_or_default()
            } else {
                key.as_str()
            };
            if self.filter.keeps(name) {
                let value: Value = map.next_value()?;
                out.insert(key.into_owned(), value);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(if self.flat { unflatten(out) } else { out })
    }
}

/// An object key, borrowed from the input when it has no escapes.
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Borrowed(s) => s,
            Self::Owned(s) => s,
        }
    }

    fn into_owned(self) -> String {
        match self {
            Self::Borrowed(s) => s.to_owned(),
            Self::Owned(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an attribute name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Rebuilds nested values from legacy flatmap entries (Terraform 0.11's `attributes_flat`):
/// `name.#` marks a list or set and `name.N.field` its elements (ordered by `N`), `name.%`
/// marks a map or block and `name.key` its entries. Leaf values stay strings, as the flatmap
/// stores them. Best effort: a map key that itself holds a `.` is split at it.
pub(crate) fn unflatten(flat: BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    let mut groups: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (key, value) in flat {
        match key.split_once('.') {
            None => {
                out.insert(key, value);
            }
            Some((name, rest)) => groups
                .entry(name.to_owned())
                .or_default()
                .push((rest.to_owned(), value)),
        }
    }
    for (name, entries) in groups {
        out.insert(name, build_node(entries));
    }
    out
}

fn build_node(entries: Vec<(String, Value)>) -> Value {
    let is_list = entries.iter().any(|(k, _)| k == "#");
    let mut children: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
    let mut leaves: BTreeMap<String, Value> = BTreeMap::new();
    for (key, value) in entries {
        if key == "#" || key == "%" {
            continue;
        }
        match key.split_once('.') {
            None => {
                leaves.insert(key, value);
            }
            Some((head, rest)) => children
                .entry(head.to_owned())
                .or_default()
                .push((rest.to_owned(), value)),
        }
    }
    let mut items: Vec<(String, Value)> = leaves.into_iter().collect();
    items.extend(children.into_iter().map(|(k, v)| (k, build_node(v))));
    if is_list {
        items.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
        Value::Array(items.into_iter().map(|(_, v)| v).collect())
    } else {
        items.sort_by(|a, b| a.0.cmp(&b.0));
        Value::Object(items.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identity_names_and_location_are_always_kept() {
        let r = Redaction::new();
        for name in ["id", "arn", "bucket", "identifier", "region", "owner_id"] {
            assert!(r.keeps("aws_anything", name), "{name}");
        }
        assert!(!r.keeps("aws_db_instance", "password"));
        let r: Redaction = [("aws_db_instance", ["storage_encrypted"])]
            .into_iter()
            .collect();
        assert!(r.keeps("aws_db_instance", "storage_encrypted"));
        assert!(!r.keeps("aws_rds_cluster", "storage_encrypted"));
    }

    #[test]
    fn sensitive_paths_and_masks() {
        let paths = json!([[{"type": "get_attr", "value": "password"}],
                           [{"type": "get_attr", "value": "tags"}, {"type": "index", "value": {"value": "x", "type": "string"}}]]);
        let s = Sensitive::from_state_paths(&paths);
        assert!(s.flags("password") && s.flags("tags") && !s.flags("id"));
        assert!(matches!(
            Sensitive::from_state_paths(&json!([])),
            Sensitive::Nothing
        ));
        let odd = Sensitive::from_state_paths(&json!([[{"type": "index", "value": 0}]]));
        assert!(odd.flags("name") && !odd.flags("id") && !odd.flags("arn"));

        let mask =
            json!({"ami": true, "ebs_block_device": [{"kms": false}, {"iops": true}], "tags": {}});
        let s = Sensitive::from_mask(&mask);
        assert!(s.flags("ami") && s.flags("ebs_block_device") && !s.flags("tags"));
        assert!(matches!(
            Sensitive::from_mask(&json!(false)),
            Sensitive::Nothing
        ));
        assert!(matches!(
            Sensitive::from_mask(&json!(true)),
            Sensitive::Unknown
        ));
    }

    #[test]
    fn filter_parses_only_kept_attributes() {
        let r = Redaction::new().allow("aws_instance", ["metadata_options"]);
        let sensitive = Sensitive::Attributes(["name".to_owned()].into());
        let filter = r.filter("aws_instance", &sensitive);
        let text = r#"{"id": "i-1", "na\u006De": "n", "name": "secret-name", "user_data": {"deep": ["x"]},
                       "metadata_options": [{"http_tokens": "required"}]}"#;
        let mut de = serde_json::Deserializer::from_str(text);
        let kept = filter.seed(false).deserialize(&mut de).unwrap();
        assert_eq!(
            serde_json::to_value(kept).unwrap(),
            json!({"id": "i-1", "metadata_options": [{"http_tokens": "required"}]})
        );
        let mut de = serde_json::Deserializer::from_str("null");
        assert!(filter.seed(false).deserialize(&mut de).unwrap().is_empty());
        for (text, kind) in [
            (r#""hunter2""#, "string"),
            ("1234", "number"),
            ("-1", "number"),
            ("1.5", "number"),
            ("true", "boolean"),
        ] {
            let mut de = serde_json::Deserializer::from_str(text);
            let e = filter.seed(false).deserialize(&mut de).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!(
                    "invalid type: {kind}, expected an object of attributes at line 1 column {}",
                    text.len()
                )
            );
        }
    }

    #[test]
    fn flatmap_is_rebuilt() {
        let flat: BTreeMap<String, Value> = [
            ("id", "x"),
            ("tags.%", "2"),
            ("tags.Name", "web"),
            ("tags.env", "prod"),
            ("ingress.#", "2"),
            ("ingress.10.from_port", "443"),
            ("ingress.2.from_port", "22"),
            ("ingress.2.cidr_blocks.#", "1"),
            ("ingress.2.cidr_blocks.0", "0.0.0.0/0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), json!(v)))
        .collect();
        assert_eq!(
            serde_json::to_value(unflatten(flat)).unwrap(),
            json!({
                "id": "x",
                "tags": {"Name": "web", "env": "prod"},
                "ingress": [
                    {"from_port": "22", "cidr_blocks": ["0.0.0.0/0"]},
                    {"from_port": "443"}
                ]
            })
        );
    }
}
