//! The top level of a state or plan file, and a state file's `resources`, in one pass.
//!
//! A state file is mostly attribute values. Parsing them through the [`Redaction`]'s filter
//! while the file is first read means each byte is scanned once, and a value that is not kept
//! is skipped without being copied. Terraform writes a resource's `type` before its
//! `instances`; a file that does not (hand-edited) has its attributes borrowed unparsed and
//! filtered afterwards, with the same result.

use crate::redaction::{Key, Redaction, Sensitive};
use driftless_diagnostics::{InstanceKey, ResourceMode};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;

/// The top-level fields driftless reads; the sections of `terraform show -json` stay unparsed.
#[derive(Default)]
pub(crate) struct Top<'de> {
    pub(crate) version: Option<u64>,
    pub(crate) format_version: Option<String>,
    pub(crate) terraform_version: Option<String>,
    pub(crate) resources: Option<Vec<V4Resource<'de>>>,
    pub(crate) values: Option<&'de RawValue>,
    pub(crate) planned_values: Option<&'de RawValue>,
    pub(crate) prior_state: Option<&'de RawValue>,
    pub(crate) resource_changes: Option<&'de RawValue>,
    pub(crate) variables: Option<&'de RawValue>,
    pub(crate) encrypted_data: bool,
}

/// One state v4 resource: every instance of one `resource` or `data` block.
pub(crate) struct V4Resource<'de> {
    pub(crate) module: Option<String>,
    pub(crate) mode: ResourceMode,
    pub(crate) resource_type: String,
    pub(crate) name: String,
    pub(crate) instances: Vec<V4Instance<'de>>,
}

/// One state v4 instance.
pub(crate) struct V4Instance<'de> {
    pub(crate) index_key: Option<InstanceKey>,
    pub(crate) deposed: Option<String>,
    pub(crate) attributes: Attributes<'de>,
    pub(crate) sensitive_attributes: Option<serde_json::Value>,
}

/// An instance's attributes, filtered by the allow-list while parsing (sensitive ones are
/// dropped afterwards, because `sensitive_attributes` comes after `attributes`), or borrowed
/// unparsed when the resource type was not known yet.
pub(crate) enum Attributes<'de> {
    Absent,
    Kept(BTreeMap<String, serde_json::Value>),
    Raw { raw: &'de RawValue, flat: bool },
}

/// Parses the top level with `redaction`.
pub(crate) struct TopSeed<'r> {
    pub(crate) redaction: &'r Redaction,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Top<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a state or plan object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Top<'de>, M::Error> {
        let mut top = Top::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "version" => top.version = map.next_value()?,
                "format_version" => top.format_version = map.next_value()?,
                "terraform_version" => top.terraform_version = map.next_value()?,
                "resources" => {
                    top.resources = Some(map.next_value_seed(ResourcesSeed {
                        redaction: self.redaction,
                    })?);
                }
                "values" => top.values = map.next_value()?,
                "planned_values" => top.planned_values = map.next_value()?,
                "prior_state" => top.prior_state = map.next_value()?,
                "resource_changes" => top.resource_changes = map.next_value()?,
                "variables" => top.variables = map.next_value()?,
                "encrypted_data" => {
                    map.next_value::<IgnoredAny>()?;
                    top.encrypted_data = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(top)
    }
}

struct ResourcesSeed<'r> {
    redaction: &'r Redaction,
}

impl<'de> DeserializeSeed<'de> for ResourcesSeed<'_> {
    type Value = Vec<V4Resource<'de>>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ResourcesSeed<'_> {
    type Value = Vec<V4Resource<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of resources")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut out = Vec::new();
        while let Some(resource) = seq.next_element_seed(ResourceSeed {
            redaction: self.redaction,
        })? {
            out.push(resource);
        }
        Ok(out)
    }
}

struct ResourceSeed<'r> {
    redaction: &'r Redaction,
}

impl<'de> DeserializeSeed<'de> for ResourceSeed<'_> {
    type Value = V4Resource<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ResourceSeed<'_> {
    type Value = V4Resource<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a resource object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut module = None;
        let mut mode = None;
        let mut resource_type: Option<String> = None;
        let mut name = None;
        let mut instances = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "module" => module = map.next_value()?,
                "mode" => mode = Some(map.next_value()?),
                "type" => resource_type = Some(map.next_value()?),
                "name" => name = Some(map.next_value()?),
                "instances" => {
                    instances = map.next_value_seed(InstancesSeed {
                        redaction: self.redaction,
                        resource_type: resource_type.as_deref(),
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(V4Resource {
            module,
            mode: mode.ok_or_else(|| de::Error::missing_field("mode"))?,
            resource_type: resource_type.ok_or_else(|| de::Error::missing_field("type"))?,
            name: name.ok_or_else(|| de::Error::missing_field("name"))?,
            instances,
        })
    }
}

struct InstancesSeed<'r, 't> {
    redaction: &'r Redaction,
    resource_type: Option<&'t str>,
}

impl<'de> DeserializeSeed<'de> for InstancesSeed<'_, '_> {
    type Value = Vec<V4Instance<'de>>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for InstancesSeed<'_, '_> {
    type Value = Vec<V4Instance<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of instances")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(instance) = seq.next_element_seed(InstanceSeed {
            redaction: self.redaction,
            resource_type: self.resource_type,
        })? {
            out.push(instance);
        }
        Ok(out)
    }
}

struct InstanceSeed<'r, 't> {
    redaction: &'r Redaction,
    resource_type: Option<&'t str>,
}

impl<'de> DeserializeSeed<'de> for InstanceSeed<'_, '_> {
    type Value = V4Instance<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for InstanceSeed<'_, '_> {
    type Value = V4Instance<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an instance object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut instance = V4Instance {
            index_key: None,
            deposed: None,
            attributes: Attributes::Absent,
            sensitive_attributes: None,
        };
        let nothing = Sensitive::Nothing;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let flat = match key.as_str() {
                "attributes" => false,
                "attributes_flat" => true,
                "index_key" => {
                    instance.index_key = map.next_value()?;
                    continue;
                }
                "deposed" => {
                    instance.deposed = map.next_value()?;
                    continue;
                }
                "sensitive_attributes" => {
                    instance.sensitive_attributes = map.next_value()?;
                    continue;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            // `attributes` wins over the legacy `attributes_flat` when a file has both.
            if !flat || matches!(instance.attributes, Attributes::Absent) {
                instance.attributes = match self.resource_type {
                    Some(t) => Attributes::Kept(
                        map.next_value_seed(self.redaction.filter(t, &nothing).seed(flat))?,
                    ),
                    None => Attributes::Raw {
                        raw: map.next_value()?,
                        flat,
                    },
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(instance)
    }
}
