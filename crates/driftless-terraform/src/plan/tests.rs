//! The plan model on small hand-written plans, shaped as Terraform 1.11 writes them.

use super::*;
use serde_json::json;

fn change(address: &str, actions: &[&str], before: Value, after: Value, unknown: Value) -> Value {
    let mut body = Map::new();
    body.insert("actions".into(), json!(actions));
    body.insert("before".into(), before);
    body.insert("after".into(), after);
    body.insert("after_unknown".into(), unknown);
    let mut out = Map::new();
    out.insert("address".into(), json!(address));
    out.insert(
        "provider_name".into(),
        json!("registry.terraform.io/hashicorp/aws"),
    );
    out.insert("change".into(), Value::Object(body));
    Value::Object(out)
}

fn plan(changes: Vec<Value>, planned: Value) -> Plan {
    let mut text = Map::new();
    text.insert("format_version".into(), json!("1.2"));
    text.insert("terraform_version".into(), json!("1.11.4"));
    text.insert("planned_values".into(), planned);
    text.insert("resource_changes".into(), Value::Array(changes));
    Plan::from_json(&Value::Object(text).to_string()).unwrap()
}

#[test]
fn actions_from_every_list_terraform_writes() {
    for (list, action) in [
        (&["no-op"][..], PlanAction::NoOp),
        (&["create"], PlanAction::Create),
        (&["read"], PlanAction::Read),
        (&["update"], PlanAction::Update),
        (&["delete"], PlanAction::Delete),
        (
            &["delete", "create"],
            PlanAction::Replace(ReplaceOrder::DeleteThenCreate),
        ),
        (
            &["create", "delete"],
            PlanAction::Replace(ReplaceOrder::CreateThenDelete),
        ),
        (&["forget"], PlanAction::Forget),
    ] {
        assert_eq!(PlanAction::from_actions(list), Some(action), "{list:?}");
    }
    assert_eq!(PlanAction::from_actions(&["delete", "delete"]), None);
    assert_eq!(PlanAction::from_actions::<&str>(&[]), None);
    assert_eq!(PlanAction::Update.to_string(), "update in place");
}

#[test]
fn an_update_a_replacement_and_a_deposed_object() {
    let mut replaced = change(
        "module.db[\"a\"].aws_db_instance.this[0]",
        &["create", "delete"],
        json!({"storage_encrypted": false, "engine": "mysql", "id": "db-1"}),
        json!({"storage_encrypted": true, "engine": "mysql"}),
        json!({"id": true}),
    );
    replaced["change"]["replace_paths"] = json!([["storage_encrypted"]]);
    replaced["action_reason"] = json!("replace_because_cannot_update");
    let mut deposed = change(
        "aws_instance.web",
        &["delete"],
        json!({"id": "i-0"}),
        Value::Null,
        json!({}),
    );
    deposed["deposed"] = json!("00000001");
    let plan = plan(
        vec![
            change(
                "aws_instance.web",
                &["update"],
                json!({"metadata_options": [{"http_tokens": "optional"}], "ami": "a"}),
                json!({"metadata_options": [{"http_tokens": "required"}], "ami": "a"}),
                json!({"metadata_options": [{}]}),
            ),
            replaced,
            deposed,
            change(
                "data.aws_region.here",
                &["read"],
                Value::Null,
                json!({}),
                json!({"name": true}),
            ),
        ],
        json!(null),
    );
    let web = plan.change(&"aws_instance.web".parse().unwrap()).unwrap();
    assert_eq!(web.action, PlanAction::Update);
    assert_eq!(web.deposed, None);
    assert_eq!(
        web.changed_paths
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["metadata_options[0].http_tokens"]
    );
    let db = &plan.changes[1];
    assert_eq!(
        db.address.to_string(),
        "module.db[\"a\"].aws_db_instance.this[0]"
    );
    assert_eq!(
        db.action,
        PlanAction::Replace(ReplaceOrder::CreateThenDelete)
    );
    assert_eq!(db.replace_paths[0].to_string(), "storage_encrypted");
    assert_eq!(db.reason.as_deref(), Some("replace_because_cannot_update"));
    assert!(db.changes(&AttributePath(vec![PathStep::Name("id".into())])));
    assert!(!db.changes(&AttributePath(vec![PathStep::Name("engine".into())])));
    assert_eq!(plan.changes[2].deposed.as_deref(), Some("00000001"));
    assert_eq!(plan.changes[3].action, PlanAction::Read);
    assert!(!plan.changes_nothing());
}

#[test]
fn planned_values_of_every_module_without_secrets() {
    let planned = json!({"root_module": {
        "resources": [{"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance",
                       "name": "db", "provider_name": "registry.terraform.io/hashicorp/aws",
                       "schema_version": 2,
                       "values": {"engine": "mysql", "password": "hunter2", "username": "admin"},
                       "sensitive_values": {"password": true}}],
        "child_modules": [{"address": "module.net", "resources": [
            {"address": "module.net.aws_vpc.this[\"a\"]", "mode": "managed", "type": "aws_vpc",
             "name": "this", "index": "a", "provider_name": "registry.terraform.io/hashicorp/aws",
             "schema_version": 1, "values": {"cidr_block": "10.0.0.0/16"}, "sensitive_values": {}}]}]
    }});
    let plan = plan(
        vec![change(
            "aws_db_instance.db",
            &["no-op"],
            json!({}),
            json!({}),
            json!({}),
        )],
        planned,
    );
    assert!(plan.changes_nothing());
    assert_eq!(plan.planned.len(), 2);
    let db = &plan.planned[0];
    assert_eq!((db.schema_version, db.values.len()), (2, 2));
    assert_eq!(db.redacted[0].to_string(), "password");
    assert!(!format!("{plan:?}").contains("hunter2"));
    let vpc = &plan.planned[1];
    assert_eq!(vpc.address.to_string(), "module.net.aws_vpc.this[\"a\"]");
    assert_eq!(vpc.values["cidr_block"], "10.0.0.0/16");
}

#[test]
fn what_is_not_a_plan_is_refused_without_quoting_it() {
    let e = Plan::from_json(
        r#"{"format_version": "1.2", "resource_changes": [{"address": "hunter2"}]}"#,
    )
    .unwrap_err();
    assert!(matches!(e, PlanError::Json { line: 1, .. }), "{e}");
    assert!(!e.to_string().contains("hunter2"), "{e}");
    let e = Plan::from_json(r#"{"format_version": "2.0"}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "plan JSON format 2.0 is not supported (driftless reads format 1.x)"
    );
    let text = json!({"format_version": "1.2", "resource_changes": [
        change("aws_instance.web", &["explode"], json!({}), json!({}), json!({}))]});
    let e = Plan::from_json(&text.to_string()).unwrap_err();
    assert!(matches!(e, PlanError::Actions { .. }), "{e}");
    let text = json!({"format_version": "1.2", "resource_changes": [
        change("not an address", &["create"], json!({}), json!({}), json!({}))]});
    assert!(matches!(
        Plan::from_json(&text.to_string()),
        Err(PlanError::Address(_))
    ));
}
