//! The prior state built from small hand-written plans.

use super::*;

const SCHEMA: &str = r#"{"format_version": "1.0", "provider_schemas": {
  "registry.terraform.io/hashicorp/aws": {"resource_schemas": {
    "aws_ebs_volume": {"version": 0, "block": {"attributes": {
        "id": {"type": "string", "computed": true}, "arn": {"type": "string", "computed": true},
        "size": {"type": "number", "optional": true}, "encrypted": {"type": "bool", "optional": true, "computed": true},
        "tags_all": {"type": ["map", "string"], "computed": true}}}},
    "aws_db_instance": {"version": 2, "block": {"attributes": {
        "id": {"type": "string", "computed": true},
        "password": {"type": "string", "optional": true, "sensitive": true},
        "port": {"type": "number", "optional": true, "computed": true}}}}}}}}"#;

fn raw(resources: &Value, changes: &Value, errored: bool) -> RawPlan {
    let text = json!({
        "format_version": "1.2", "terraform_version": "1.11.4", "errored": errored,
        "planned_values": {"root_module": {"resources": [], "child_modules": [
            {"address": "module.disks", "resources": resources}]}},
        "resource_changes": changes
    });
    RawPlan::parse(&text.to_string()).unwrap()
}

fn volume(key: &str) -> Value {
    json!({"address": format!("module.disks.aws_ebs_volume.d[\"{key}\"]"), "mode": "managed",
           "type": "aws_ebs_volume", "name": "d", "index": key,
           "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
           "values": {"size": 10, "tags": null}, "sensitive_values": {}})
}

fn created(address: &str, unknown: &Value) -> Value {
    json!({"address": address, "provider_name": "registry.terraform.io/hashicorp/aws",
           "change": {"actions": ["create"], "before": null, "after": {}, "after_unknown": unknown}})
}

#[test]
fn planned_values_become_a_state_with_typed_placeholders() {
    let unknown = json!({"id": true, "arn": true, "encrypted": true, "tags_all": true});
    let db = json!({"address": "module.disks.aws_db_instance.db", "mode": "managed",
        "type": "aws_db_instance", "name": "db", "provider_name": "registry.terraform.io/hashicorp/aws",
        "schema_version": 2, "values": {"password": "hunter2"}, "sensitive_values": {"password": true}});
    let data = json!({"address": "module.disks.data.aws_region.here", "mode": "data",
        "type": "aws_region", "name": "here", "provider_name": "registry.terraform.io/hashicorp/aws",
        "values": {"name": "us-east-1"}});
    let plan = raw(
        &json!([volume("a"), volume("b"), db, data]),
        &json!([
            created("module.disks.aws_ebs_volume.d[\"a\"]", &unknown),
            created("module.disks.aws_ebs_volume.d[\"b\"]", &unknown),
            created(
                "module.disks.aws_db_instance.db",
                &json!({"id": true, "port": true})
            )
        ]),
        false,
    );
    let shapes = ProviderShapes::read(SCHEMA).unwrap();
    let prior = build(&plan, &shapes).unwrap();
    assert_eq!(prior.instances(), 3);
    assert_eq!(
        format!("{prior:?}"),
        "PriorState { instances: 3, residual: [], .. }"
    );
    let state: Value = serde_json::from_str(&prior.text()).unwrap();
    assert_eq!(state["version"], 4);
    let resources = state["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 2, "{state}");
    let volumes = &resources[0];
    assert_eq!(volumes["module"], "module.disks");
    assert_eq!(
        volumes["provider"],
        "provider[\"registry.terraform.io/hashicorp/aws\"]"
    );
    assert_eq!(
        volumes["instances"][1],
        json!({"index_key": "b", "schema_version": 0, "sensitive_attributes": [],
               "attributes": {"size": 10, "tags": null, "id": PLACEHOLDER_ID, "arn": "",
                              "encrypted": false, "tags_all": {}}})
    );
    let db = &resources[1]["instances"][0];
    assert_eq!(db["schema_version"], 2);
    assert_eq!(db["attributes"]["port"], 0);
    assert_eq!(
        db["sensitive_attributes"],
        json!([[{"type": "get_attr", "value": "password"}]])
    );
}

#[test]
fn no_state_from_an_incomplete_plan_or_an_unknown_type() {
    let shapes = ProviderShapes::read(SCHEMA).unwrap();
    let e = build(&raw(&json!([volume("a")]), &json!([]), true), &shapes).unwrap_err();
    assert_eq!(e, PriorStateError::Incomplete);
    let mut odd = volume("a");
    odd["type"] = json!("aws_nope");
    odd["address"] = json!("module.disks.aws_nope.d[\"a\"]");
    let e = build(&raw(&json!([odd]), &json!([]), false), &shapes).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the schema of provider registry.terraform.io/hashicorp/aws has no resource type `aws_nope`"
    );
    assert!(matches!(
        ProviderShapes::read("{"),
        Err(PriorStateError::Schema { .. })
    ));
}

#[test]
fn settling_takes_what_the_configuration_computes_for_unknown_values_only() {
    let unknown = json!({"id": true, "arn": true, "encrypted": true, "tags_all": true});
    let plan = raw(
        &json!([volume("a")]),
        &json!([created("module.disks.aws_ebs_volume.d[\"a\"]", &unknown)]),
        false,
    );
    let mut prior = build(&plan, &ProviderShapes::read(SCHEMA).unwrap()).unwrap();
    let check = |after: Value, unknown: Value| {
        let text = json!({"format_version": "1.2", "resource_changes": [{
            "address": "module.disks.aws_ebs_volume.d[\"a\"]",
            "change": {"actions": ["update"],
                       "before": {"size": 10, "arn": "", "encrypted": false, "tags_all": {}},
                       "after": after, "after_unknown": unknown}}]});
        RawPlan::parse(&text.to_string()).unwrap()
    };
    // `size` is the configuration's own, `tags_all` still unknown: neither is taken.
    let unchanged = check(
        json!({"size": 11, "arn": "", "encrypted": false}),
        json!({"tags_all": true}),
    );
    assert!(!settle(&mut prior, &unchanged));
    let computed = check(
        json!({"size": 10, "arn": "arn:aws:ec2:x", "encrypted": false}),
        json!({}),
    );
    assert!(settle(&mut prior, &computed));
    let state: Value = serde_json::from_str(&prior.text()).unwrap();
    let attributes = &state["resources"][0]["instances"][0]["attributes"];
    assert_eq!(
        (&attributes["arn"], &attributes["size"]),
        (&json!("arn:aws:ec2:x"), &json!(10))
    );
    assert!(!settle(&mut prior, &computed), "nothing left to take");
}
