//! driftless's evaluated view of a root module against Terraform's planned values: which
//! instances both have, and for each, whether every value driftless holds as Known is the
//! value Terraform plans ([`values::agrees`](super::values::agrees) says how values are
//! normalised first).
//!
//! What counts:
//! - an instance: a managed resource instance address; a driftless instance whose `count` or
//!   `for_each` it does not know stands for every Terraform instance of its block (its known
//!   values are compared with each), and is not itself a disagreement;
//! - an attribute: each attribute driftless holds as Known and not `null`, of the resource and
//!   of each nested block (a compound value, a list or a map, is one attribute), and once for
//!   each nested block type driftless writes, its number of blocks. Terraform's blocks of the
//!   `set` nesting mode are unordered: each of driftless's blocks is compared with the
//!   unmatched Terraform block it disagrees with least.
//!
//! A disagreement: an instance only one side has, a value driftless holds that Terraform plans
//! differently, as unknown, or not at all. A value Terraform removed from its planned values
//! as sensitive is not compared (nor counted). What Terraform plans and driftless does not
//! hold (the provider's defaults, computed values) is not compared: driftless evaluates what
//! the code says.

use super::values::agrees;
use super::view::{EvaluatedInstance, EvaluatedView, nested_schema};
use driftless_diagnostics::ResourceMode;
use driftless_terraform::plan::{AttributePath, PathStep, PlannedResource};
use driftless_terraform::schema::file::NestingMode;
use driftless_terraform::schema::{AttributeType, BlockSchema, aws};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// The attribute column of a disagreement about a whole instance.
pub const INSTANCE: &str = "-";

/// One value (or instance) on which driftless and Terraform disagree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Disagreement {
    /// The instance, `module.db.aws_db_instance.this[0]` (Terraform's, for an instance behind
    /// driftless's unknown `count`).
    pub address: String,
    /// The attribute path as driftless writes its blocks, `metadata_options[0].http_tokens`
    /// (`ingress` for a number of blocks); [`INSTANCE`] for an instance only one side has.
    pub attribute: String,
    /// driftless's value, compact JSON (shortened past 160 characters); `absent` for an
    /// instance driftless does not have.
    pub ours: String,
    /// Terraform's planned value, the same way; `unknown or absent` when it plans none.
    pub theirs: String,
}

/// What one comparison counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// driftless's instances with a known address.
    pub driftless_instances: usize,
    /// driftless's instances that stand for an unknown number of instances.
    pub driftless_unknown_repetition: usize,
    /// Terraform's planned instances.
    pub terraform_instances: usize,
    /// Instances at the same address on both sides.
    pub matched_instances: usize,
    /// Terraform's instances behind a driftless instance of unknown repetition.
    pub covered_instances: usize,
    /// Attributes compared.
    pub compared: usize,
    /// Attributes on which both agree.
    pub agreeing: usize,
}

impl AddAssign for Tally {
    fn add_assign(&mut self, o: Self) {
        self.driftless_instances += o.driftless_instances;
        self.driftless_unknown_repetition += o.driftless_unknown_repetition;
        self.terraform_instances += o.terraform_instances;
        self.matched_instances += o.matched_instances;
        self.covered_instances += o.covered_instances;
        self.compared += o.compared;
        self.agreeing += o.agreeing;
    }
}

/// The outcome of comparing one root module.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// What was counted.
    pub tally: Tally,
    /// Every disagreement, sorted.
    pub disagreements: Vec<Disagreement>,
}

/// Compares driftless's `view` of a root module with `planned`, Terraform's planned values of
/// the same root module (data sources are ignored on both sides).
#[must_use]
pub fn compare(view: &EvaluatedView, planned: &[PlannedResource]) -> Comparison {
    let mut out = Comparison::default();
    let mut theirs: BTreeMap<String, &PlannedResource> = planned
        .iter()
        .filter(|p| p.address.mode == ResourceMode::Managed)
        .map(|p| (p.address.to_string(), p))
        .collect();
    out.tally.terraform_instances = theirs.len();
    let mut placeholders: Vec<&EvaluatedInstance> = Vec::new();
    for ours in &view.instances {
        if ours.repetition_unknown {
            out.tally.driftless_unknown_repetition += 1;
            placeholders.push(ours);
            continue;
        }
        out.tally.driftless_instances += 1;
        let address = ours.address.to_string();
        match theirs.remove(&address) {
            Some(planned) => {
                out.tally.matched_instances += 1;
                out.add(instance(&address, ours, planned));
            }
            None => out.disagreements.push(one_side(address, true)),
        }
    }
    for (address, planned) in theirs {
        let block = planned.address.block_address();
        match placeholders
            .iter()
            .find(|p| p.address.block_address() == block)
        {
            Some(ours) => {
                out.tally.covered_instances += 1;
                out.add(instance(&address, ours, planned));
            }
            None => out.disagreements.push(one_side(address, false)),
        }
    }
    out.disagreements.sort();
    out
}

/// An instance at `address` that only driftless has (`ours`), or only Terraform.
fn one_side(address: String, ours: bool) -> Disagreement {
    let (planned, absent) = ("planned".to_owned(), "absent".to_owned());
    let (ours, theirs) = if ours {
        (planned, absent)
    } else {
        (absent, planned)
    };
    Disagreement {
        address,
        attribute: INSTANCE.to_owned(),
        ours,
        theirs,
    }
}

impl Comparison {
    fn add(&mut self, part: Outcome) {
        self.tally.compared += part.compared;
        self.tally.agreeing += part.agreeing;
        self.disagreements.extend(part.disagreements);
    }
}

/// What comparing one block (and the blocks in it) found.
#[derive(Debug, Default)]
struct Outcome {
    compared: usize,
    agreeing: usize,
    disagreements: Vec<Disagreement>,
}

impl Outcome {
    fn add(&mut self, other: Outcome) {
        self.compared += other.compared;
        self.agreeing += other.agreeing;
        self.disagreements.extend(other.disagreements);
    }

    fn check(&mut self, agreed: bool, disagreement: impl FnOnce() -> Disagreement) {
        self.compared += 1;
        if agreed {
            self.agreeing += 1;
        } else {
            self.disagreements.push(disagreement());
        }
    }
}

/// Where a walk is: the instance, the path as driftless writes it and as Terraform's values
/// lay it out (for its sensitive paths).
struct At<'a> {
    address: &'a str,
    redacted: &'a [AttributePath],
    ours: String,
    theirs: AttributePath,
}

impl At<'_> {
    fn child(&self, ours: &str, theirs: PathStep) -> Self {
        let mut path = self.theirs.0.clone();
        path.push(theirs);
        At {
            address: self.address,
            redacted: self.redacted,
            ours: format!("{}{ours}", self.ours),
            theirs: AttributePath(path),
        }
    }

    fn is_redacted(&self) -> bool {
        self.redacted
            .iter()
            .any(|r| r.starts_with(&self.theirs) || self.theirs.starts_with(r))
    }

    fn disagreement(&self, ours: &str, theirs: Option<&Json>) -> Disagreement {
        Disagreement {
            address: self.address.to_owned(),
            attribute: self.ours.clone(),
            ours: short(ours),
            theirs: theirs
                .filter(|t| !t.is_null())
                .map_or_else(|| "unknown or absent".to_owned(), |t| short(&t.to_string())),
        }
    }
}

fn instance(address: &str, ours: &EvaluatedInstance, planned: &PlannedResource) -> Outcome {
    let at = At {
        address,
        redacted: &planned.redacted,
        ours: String::new(),
        theirs: AttributePath::default(),
    };
    let schema = aws().resource(&ours.address.resource_type).ok();
    block(&at, &ours.values, Some(&planned.values), schema)
}

fn block(
    at: &At<'_>,
    ours: &Map<String, Json>,
    theirs: Option<&Map<String, Json>>,
    schema: Option<&BlockSchema>,
) -> Outcome {
    let mut out = Outcome::default();
    for (name, value) in ours {
        if value.is_null() {
            continue;
        }
        let dot = if at.ours.is_empty() { "" } else { "." };
        let child = at.child(&format!("{dot}{name}"), PathStep::Name(name.clone()));
        if child.is_redacted() {
            continue;
        }
        let planned = theirs.and_then(|t| t.get(name));
        let attribute = schema.and_then(|s| s.attributes.get(name));
        let is_blocks = schema.is_some_and(|s| s.blocks.contains_key(name))
            || attribute.is_some_and(|a| a.as_blocks.is_some());
        if is_blocks {
            let (mut nesting, body) = nested_schema(schema, name);
            if attribute.is_some_and(|a| matches!(a.attribute_type, AttributeType::Set(_))) {
                nesting = NestingMode::Set;
            }
            out.add(blocks(&child, value, planned, nesting, body));
        } else {
            let ty = attribute.map(|a| &a.attribute_type);
            out.check(agrees(value, planned, ty), || {
                child.disagreement(&value.to_string(), planned)
            });
        }
    }
    out
}

/// The blocks of one type: `ours` as [`super::view`] shapes them for `nesting`.
fn blocks(
    at: &At<'_>,
    ours: &Json,
    theirs: Option<&Json>,
    nesting: NestingMode,
    body: Option<&BlockSchema>,
) -> Outcome {
    let mut out = Outcome::default();
    match (nesting, ours) {
        (NestingMode::Single | NestingMode::Group, Json::Object(ours)) => {
            let planned = theirs.and_then(Json::as_object);
            out.check(planned.is_some(), || at.disagreement("1 block", theirs));
            out.add(block(at, ours, planned, body));
        }
        (NestingMode::Map, Json::Object(ours)) => {
            for (label, value) in ours {
                let child = at.child(&format!("[{label:?}]"), PathStep::Name(label.clone()));
                let planned = theirs.and_then(|t| t.get(label));
                out.check(planned.is_some_and(Json::is_object), || {
                    child.disagreement("1 block", planned)
                });
                if let Some(value) = value.as_object() {
                    out.add(block(
                        &child,
                        value,
                        planned.and_then(Json::as_object),
                        body,
                    ));
                }
            }
        }
        (_, Json::Array(ours)) => {
            let planned = theirs.and_then(Json::as_array);
            let count = |n: usize| format!("{n} block{}", if n == 1 { "" } else { "s" });
            let same = planned.is_some_and(|p| p.len() == ours.len());
            out.check(same, || {
                at.disagreement(
                    &count(ours.len()),
                    planned.map(|p| Json::from(count(p.len()))).as_ref(),
                )
            });
            let planned = planned.map(Vec::as_slice).unwrap_or_default();
            let pairs = if nesting == NestingMode::Set {
                match_set(at, ours, planned, body)
            } else {
                (0..ours.len())
                    .map(|i| (i, (i < planned.len()).then_some(i)))
                    .collect()
            };
            for (i, j) in pairs {
                let child = at.child(&format!("[{i}]"), PathStep::Index(j.unwrap_or(i) as u64));
                let theirs = j.and_then(|j| planned[j].as_object());
                if let Some(value) = ours[i].as_object() {
                    out.add(block(&child, value, theirs, body));
                }
            }
        }
        _ => out.check(false, || at.disagreement(&ours.to_string(), theirs)),
    }
    out
}

/// For each of driftless's blocks (by position), the unmatched Terraform block of a set it
/// disagrees with least (the first of those on a tie), or `None` when none is left.
fn match_set(
    at: &At<'_>,
    ours: &[Json],
    theirs: &[Json],
    body: Option<&BlockSchema>,
) -> Vec<(usize, Option<usize>)> {
    let mut used = vec![false; theirs.len()];
    let mut out = Vec::new();
    for (i, value) in ours.iter().enumerate() {
        let empty = Map::new();
        let value = value.as_object().unwrap_or(&empty);
        let best = (0..theirs.len()).filter(|j| !used[*j]).min_by_key(|j| {
            block(at, value, theirs[*j].as_object(), body)
                .disagreements
                .len()
        });
        if let Some(j) = best {
            used[j] = true;
        }
        out.push((i, best));
    }
    out
}

/// `text` shortened to 160 characters.
fn short(text: &str) -> String {
    const MAX: usize = 160;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftless_diagnostics::InstanceKey;
    use serde_json::json;

    fn ours(address: &str, values: &Json) -> EvaluatedInstance {
        EvaluatedInstance {
            address: address.parse().unwrap(),
            repetition_unknown: false,
            values: values.as_object().unwrap().clone(),
        }
    }

    fn planned(address: &str, values: &Json) -> PlannedResource {
        PlannedResource {
            address: address.parse().unwrap(),
            provider: "registry.terraform.io/hashicorp/aws".to_owned(),
            schema_version: 0,
            values: values.as_object().unwrap().clone(),
            redacted: Vec::new(),
        }
    }

    fn view(instances: Vec<EvaluatedInstance>) -> EvaluatedView {
        EvaluatedView {
            root_module: ".".to_owned(),
            instances,
        }
    }

    fn attributes(c: &Comparison) -> Vec<(&str, &str)> {
        c.disagreements
            .iter()
            .map(|d| (d.address.as_str(), d.attribute.as_str()))
            .collect()
    }

    #[test]
    fn values_driftless_holds_are_compared_and_defaults_are_not() {
        let c = compare(
            &view(vec![ours(
                "aws_instance.web",
                &json!({"ami": "ami-1", "instance_type": "t3.micro", "monitoring": null,
                       "metadata_options": [{"http_tokens": "optional"}]}),
            )]),
            &[planned(
                "aws_instance.web",
                &json!({"ami": "ami-1", "instance_type": "t3.small", "ebs_optimized": false,
                       "metadata_options": [{"http_tokens": "required", "http_endpoint": "enabled"}]}),
            )],
        );
        assert_eq!(
            attributes(&c),
            [
                ("aws_instance.web", "instance_type"),
                ("aws_instance.web", "metadata_options[0].http_tokens"),
            ]
        );
        // ami, instance_type, the number of metadata_options blocks, http_tokens.
        assert_eq!((c.tally.compared, c.tally.agreeing), (4, 2));
        assert_eq!(c.disagreements[0].ours, "\"t3.micro\"");
        assert_eq!(c.disagreements[0].theirs, "\"t3.small\"");
    }

    #[test]
    fn a_value_terraform_does_not_know_is_a_disagreement_unless_it_is_sensitive() {
        let mut p = planned("aws_db_instance.db", &json!({}));
        p.redacted = vec![AttributePath(vec![PathStep::Name("username".into())])];
        let c = compare(
            &view(vec![ours(
                "aws_db_instance.db",
                &json!({"engine": "mysql", "username": "admin"}),
            )]),
            &[p],
        );
        assert_eq!(attributes(&c), [("aws_db_instance.db", "engine")]);
        assert_eq!(c.disagreements[0].theirs, "unknown or absent");
        assert_eq!(c.tally.compared, 1);
    }

    #[test]
    fn blocks_of_a_set_match_whatever_terraform_s_order() {
        // `ingress` of aws_security_group is a set of objects written as blocks.
        let c = compare(
            &view(vec![ours(
                "aws_security_group.web",
                &json!({"ingress": [{"from_port": 443, "to_port": 443}, {"from_port": 80, "to_port": "80"}]}),
            )]),
            &[planned(
                "aws_security_group.web",
                &json!({"ingress": [
                    {"from_port": 80, "to_port": 80, "protocol": "tcp"},
                    {"from_port": 443, "to_port": 443, "protocol": "tcp"}]}),
            )],
        );
        assert_eq!(attributes(&c), Vec::<(&str, &str)>::new());
        assert_eq!((c.tally.compared, c.tally.agreeing), (5, 5));
        let fewer = compare(
            &view(vec![ours(
                "aws_security_group.web",
                &json!({"ingress": [{"from_port": 443}, {"from_port": 80}]}),
            )]),
            &[planned(
                "aws_security_group.web",
                &json!({"ingress": [{"from_port": 80}]}),
            )],
        );
        assert_eq!(
            attributes(&fewer),
            [
                ("aws_security_group.web", "ingress"),
                ("aws_security_group.web", "ingress[0].from_port"),
                ("aws_security_group.web", "ingress[1].from_port"),
            ]
        );
        assert_eq!(fewer.disagreements[0].ours, "2 blocks");
        assert_eq!(fewer.disagreements[0].theirs, "\"1 block\"");
    }

    #[test]
    fn instances_only_one_side_has_are_disagreements() {
        let c = compare(
            &view(vec![ours("aws_s3_bucket.a", &json!({"bucket": "a"}))]),
            &[
                planned("aws_s3_bucket.b", &json!({"bucket": "b"})),
                planned("data.aws_iam_policy_document.p", &json!({})),
            ],
        );
        assert_eq!(
            attributes(&c),
            [("aws_s3_bucket.a", INSTANCE), ("aws_s3_bucket.b", INSTANCE)]
        );
        assert_eq!(
            (
                c.tally.driftless_instances,
                c.tally.terraform_instances,
                c.tally.matched_instances
            ),
            (1, 1, 0)
        );
    }

    #[test]
    fn an_instance_of_unknown_count_stands_for_every_instance_of_its_block() {
        let mut placeholder = ours(
            "module.m.aws_s3_bucket.b",
            &json!({"bucket": "same", "force_destroy": true}),
        );
        placeholder.repetition_unknown = true;
        let planned: Vec<PlannedResource> = (0..2)
            .map(|i| {
                let mut p = planned(
                    "module.m.aws_s3_bucket.b",
                    &json!({"bucket": "same", "force_destroy": i == 0}),
                );
                p.address.key = Some(InstanceKey::Index(i));
                p.address.module_path[0].key = Some(InstanceKey::Key("x".into()));
                p
            })
            .collect();
        let c = compare(&view(vec![placeholder]), &planned);
        assert_eq!(
            attributes(&c),
            [(r#"module.m["x"].aws_s3_bucket.b[1]"#, "force_destroy")]
        );
        assert_eq!(
            (
                c.tally.driftless_unknown_repetition,
                c.tally.covered_instances,
                c.tally.matched_instances
            ),
            (1, 2, 0)
        );
    }
}
