//! driftless's evaluated view of a root module, as data: every managed resource instance and
//! every attribute value the evaluator holds as Known, shaped as Terraform's JSON shapes
//! planned values, so the two can be laid side by side.
//!
//! The shapes follow Terraform's plan JSON
//! (<https://developer.hashicorp.com/terraform/internals/json-format#values-representation>):
//! a nested block type of the `list` or `set` nesting mode (and an attribute written as
//! blocks, `ingress { }`) is an array of objects, one of the `single` or `group` mode an
//! object, one of the `map` mode an object by label; the nesting mode comes from the embedded
//! AWS provider schema (an array when the schema does not know the block). Unknown parts are
//! left out as Terraform leaves them out of planned values: an unknown attribute or object
//! member is absent, an unknown list element is `null` (positions keep their meaning), a
//! nested block type with a `dynamic` block of unknown `for_each` is absent.
//!
//! Left out too: the meta-arguments (`count`, `for_each`, `provider`, `depends_on`,
//! `lifecycle`, `provisioner`, `connection`), and every value that may be a secret: an
//! attribute or object member whose name says so ([`is_secret_name`]), an attribute the
//! schema marks sensitive or write-only.

use driftless_diagnostics::{ResourceAddress, ResourceMode, is_secret_name};
use driftless_hcl::{BlockView, Evaluation, Kind, Value};
use driftless_terraform::schema::file::NestingMode;
use driftless_terraform::schema::{BlockSchema, aws};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// The meta-arguments of a `resource` block, which are not the resource's attributes.
const META_ATTRIBUTES: &[&str] = &["count", "for_each", "provider", "depends_on"];

/// The meta-blocks of a `resource` block.
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// One root module as driftless evaluated it.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatedView {
    /// The root module, repository-relative (`.` for the repository's root).
    pub root_module: String,
    /// Its managed resource instances, in evaluation order.
    pub instances: Vec<EvaluatedInstance>,
}

/// One managed resource instance as driftless evaluated it.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatedInstance {
    /// Its address. Without the instance key when `repetition_unknown`.
    pub address: ResourceAddress,
    /// Whether its `count` or `for_each` (or a module call's) is unknown to driftless: the
    /// instance then stands for all the instances of its block.
    pub repetition_unknown: bool,
    /// Attribute name → the value driftless holds as Known (see the module's documentation
    /// for the shapes and what is left out).
    pub values: Map<String, Json>,
}

impl EvaluatedView {
    /// The view as JSON: `{"root_module": ".", "instances": [{"address": "aws_instance.web",
    /// "repetition_unknown": false, "values": {...}}]}`.
    #[must_use]
    pub fn to_json(&self) -> Json {
        let instances = self
            .instances
            .iter()
            .map(|i| {
                serde_json::json!({
                    "address": i.address.to_string(),
                    "repetition_unknown": i.repetition_unknown,
                    "values": i.values,
                })
            })
            .collect();
        serde_json::json!({ "root_module": self.root_module, "instances": Json::Array(instances) })
    }
}

/// The view of every root module of `evaluation`, by root module.
#[must_use]
pub fn views(evaluation: &Evaluation) -> BTreeMap<String, EvaluatedView> {
    let mut out: BTreeMap<String, EvaluatedView> = BTreeMap::new();
    for resource in &evaluation.resources {
        if resource.address.mode != ResourceMode::Managed {
            continue;
        }
        let root = &evaluation.module_of(resource).root_module;
        let schema = aws().resource(resource.resource_type()).ok();
        out.entry(root.clone())
            .or_insert_with(|| EvaluatedView {
                root_module: root.clone(),
                instances: Vec::new(),
            })
            .instances
            .push(EvaluatedInstance {
                address: resource.address.clone(),
                repetition_unknown: resource.repetition_unknown,
                values: block_values(&resource.block, schema, true),
            });
    }
    out
}

/// The known values of `block`, shaped by `schema` when known; `top` for a resource block
/// (whose meta-arguments are left out).
fn block_values(block: &BlockView, schema: Option<&BlockSchema>, top: bool) -> Map<String, Json> {
    let mut out = Map::new();
    for attribute in &block.attributes {
        let name = attribute.name.as_str();
        let attribute_schema = schema.and_then(|s| s.attributes.get(name));
        if top && META_ATTRIBUTES.contains(&name)
            || is_secret_name(name)
            || attribute_schema.is_some_and(|a| a.sensitive || a.write_only)
        {
            continue;
        }
        if let Some(value) = known(&attribute.value) {
            out.insert(name.to_owned(), value);
        }
    }
    let mut by_type: Vec<(&str, Vec<&BlockView>)> = Vec::new();
    for nested in &block.blocks {
        match by_type.iter_mut().find(|(ident, _)| *ident == nested.ident) {
            Some((_, blocks)) => blocks.push(nested),
            None => by_type.push((&nested.ident, vec![nested])),
        }
    }
    for (ident, blocks) in by_type {
        if top && META_BLOCKS.contains(&ident)
            || is_secret_name(ident)
            || blocks.iter().any(|b| b.unknown_repetition)
        {
            continue;
        }
        let (nesting, body) = nested_schema(schema, ident);
        let values = |b: &BlockView| Json::Object(block_values(b, body, false));
        let json = match nesting {
            NestingMode::Single | NestingMode::Group => values(blocks[0]),
            NestingMode::Map => Json::Object(
                blocks
                    .iter()
                    .map(|b| (b.labels.first().cloned().unwrap_or_default(), values(b)))
                    .collect(),
            ),
            NestingMode::List | NestingMode::Set => {
                Json::Array(blocks.iter().map(|b| values(b)).collect())
            }
        };
        out.insert(ident.to_owned(), json);
    }
    out
}

/// How blocks named `ident` nest in `schema` and their body: a nested block type, or an
/// attribute written as blocks (a list or set); a list of unknown body when the schema does
/// not know them.
pub(crate) fn nested_schema<'s>(
    schema: Option<&'s BlockSchema>,
    ident: &str,
) -> (NestingMode, Option<&'s BlockSchema>) {
    let Some(schema) = schema else {
        return (NestingMode::List, None);
    };
    if let Some(nested) = schema.blocks.get(ident) {
        return (nested.nesting, Some(&nested.block));
    }
    let body = schema
        .attributes
        .get(ident)
        .and_then(|a| a.as_blocks.as_deref());
    (NestingMode::List, body)
}

/// The known parts of `value` as JSON, Terraform's way: `None` when unknown, unknown members
/// of an object left out, unknown elements of a list `null`; members whose name says they
/// hold a secret left out.
#[must_use]
pub fn known(value: &Value) -> Option<Json> {
    match &value.kind {
        Kind::Unknown => None,
        Kind::List(items) => Some(Json::Array(
            items
                .iter()
                .map(|i| known(i).unwrap_or(Json::Null))
                .collect(),
        )),
        Kind::Object(members) => Some(Json::Object(
            members
                .iter()
                .filter(|(k, _)| !is_secret_name(k))
                .filter_map(|(k, v)| Some((k.clone(), known(v)?)))
                .collect(),
        )),
        _ => Some(value.to_json()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn view_of(text: &str) -> EvaluatedView {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), text).unwrap();
        let project =
            driftless_hcl::Project::load(dir.path(), &driftless_hcl::LoadOptions::default());
        views(&driftless_hcl::evaluate(&project))
            .remove(".")
            .unwrap()
    }

    #[test]
    fn known_values_are_shaped_as_terraform_s_json() {
        let view = view_of(
            r#"
variable "unknown" {}
resource "aws_instance" "web" {
  count         = 1
  ami           = "ami-${count.index}"
  instance_type = var.unknown
  tags          = { Name = "web", Owner = var.unknown }
  vpc_security_group_ids = ["sg-1", var.unknown]
  metadata_options { http_tokens = "required" }
  timeouts { create = "5m" }
  lifecycle { ignore_changes = [tags] }
  depends_on = []
}
data "aws_iam_policy_document" "p" {}
"#,
        );
        assert_eq!(view.instances.len(), 1);
        let web = &view.instances[0];
        assert_eq!(web.address.to_string(), "aws_instance.web[0]");
        assert_eq!(
            Json::Object(web.values.clone()),
            json!({
                "ami": "ami-0",
                "tags": {"Name": "web"},
                "vpc_security_group_ids": ["sg-1", null],
                "metadata_options": [{"http_tokens": "required"}],
                "timeouts": {"create": "5m"},
            })
        );
    }

    #[test]
    fn secrets_and_blocks_of_unknown_number_are_left_out() {
        let view = view_of(
            r#"
variable "rules" {}
resource "aws_db_instance" "db" {
  username = "admin"
  password = "not-a-real-password"
  tags     = { api_token = "x", Team = "data" }
}
resource "aws_security_group" "web" {
  dynamic "ingress" {
    for_each = var.rules
    content { from_port = 443 }
  }
}
"#,
        );
        let values: Vec<Json> = view
            .instances
            .iter()
            .map(|i| Json::Object(i.values.clone()))
            .collect();
        assert_eq!(
            values,
            [
                json!({"username": "admin", "tags": {"Team": "data"}}),
                json!({})
            ]
        );
    }
}
