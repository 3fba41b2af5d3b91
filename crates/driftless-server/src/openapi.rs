//! The OpenAPI 3.1 document of the JSON API, served at `/api/v1/openapi.json`.
//!
//! Its paths come from the route table it is given ([`crate::router::ROUTES`], when the router
//! is built), so every API route is in it; parameters, bodies and schemas are written here by
//! hand.

use crate::route::{Access, RouteInfo};
use serde_json::{Value, json};

/// The OpenAPI path of an axum path: `{*path}` becomes `{path}`.
#[must_use]
pub fn openapi_path(axum_path: &str) -> String {
    axum_path.replace("{*", "{")
}

fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            let name = name.trim_start_matches('*');
            let schema = if name == "id" {
                json!({ "type": "integer", "format": "int64" })
            } else {
                json!({ "type": "string" })
            };
            json!({ "name": name, "in": "path", "required": true, "schema": schema })
        })
        .collect()
}

// Callers build the schema in place with `json!`; taking it by value keeps each call one
// expression (`json!` itself only reads it).
#[allow(clippy::needless_pass_by_value)]
fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn violation_filters() -> Vec<Value> {
    let list = |items: Value| json!({ "type": "array", "items": items });
    vec![
        query(
            "campaign",
            "Only this campaign's (name)",
            json!({ "type": "string" }),
        ),
        query(
            "status",
            "Any of these statuses (repeatable or comma-separated)",
            list(json!({ "$ref": "#/components/schemas/ViolationStatus" })),
        ),
        query(
            "severity",
            "Any of these severities",
            list(json!({ "$ref": "#/components/schemas/Severity" })),
        ),
        query(
            "owner",
            "Owned by any of these (case-insensitive)",
            list(json!({ "type": "string" })),
        ),
        query(
            "mine",
            "Only the caller's (by name, e-mail and git identities)",
            json!({ "type": "boolean" }),
        ),
        query(
            "repository",
            "Only this repository's (name)",
            json!({ "type": "string" }),
        ),
        query("rule", "Only this rule's", json!({ "type": "string" })),
        query(
            "sort",
            "Sort column (ties broken by id)",
            json!({ "type": "string", "enum": ["id", "severity", "rule", "path", "owner", "due", "status"] }),
        ),
        query("desc", "Descending order", json!({ "type": "boolean" })),
        query(
            "after",
            "The `next` cursor of the previous page",
            json!({ "type": "string" }),
        ),
        query(
            "limit",
            "Page size, 1 to 500 (default 50)",
            json!({ "type": "integer", "minimum": 1, "maximum": 500 }),
        ),
    ]
}

// As for `query`: the schema is built in place by the caller.
#[allow(clippy::needless_pass_by_value)]
fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Parameters, request body and success response of one API route.
fn operation_details(method: &str, path: &str) -> (Vec<Value>, Option<Value>, (u16, Value)) {
    let ok = |schema: Value| (200, schema);
    let array = |name: &str| json!({ "type": "array", "items": schema_ref(name) });
    match (method, path) {
        ("GET", "/api/v1/openapi.json") => (vec![], None, ok(json!({ "type": "object" }))),
        ("GET", "/api/v1/me") => (vec![], None, ok(schema_ref("Me"))),
        ("GET", "/api/v1/campaigns") => (vec![], None, ok(array("CampaignSummary"))),
        ("GET", "/api/v1/campaigns/{name}") => (vec![], None, ok(schema_ref("Report"))),
        ("GET", "/api/v1/violations") => {
            (violation_filters(), None, ok(schema_ref("ViolationPage")))
        }
        ("GET", "/api/v1/violations/{id}") => (vec![], None, ok(schema_ref("ViolationDetail"))),
        ("GET", p) if p.starts_with("/api/v1/violations/{id}/") && method == "GET" => {
            (vec![], None, ok(schema_ref("Source")))
        }
        ("POST", "/api/v1/violations/{id}/propose") => (
            vec![],
            Some(json!({ "required": false, "content": json_content(json!({
                "type": "object",
                "properties": { "applicability": { "type": "string", "enum": ["safe", "review"], "default": "safe" } }
            })) })),
            ok(
                json!({ "type": "object", "properties": { "outcomes": { "type": "array", "items": schema_ref("ProposeOutcome") } } }),
            ),
        ),
        ("POST", "/api/v1/violations/{id}/exceptions") => (
            vec![],
            Some(json!({ "required": true, "content": json_content(json!({
                "type": "object",
                "required": ["reason"],
                "properties": {
                    "reason": { "type": "string", "description": "Why the violation is acceptable" },
                    "expires": { "type": "string", "format": "date", "description": "The last day (default: the policy's default days)" }
                }
            })) })),
            (201, schema_ref("Exception")),
        ),
        ("POST", "/api/v1/violations/{id}/assign") => (
            vec![],
            Some(json!({ "required": true, "content": json_content(json!({
                "type": "object", "required": ["owner"],
                "properties": { "owner": { "type": "string" } }
            })) })),
            ok(schema_ref("Violation")),
        ),
        ("GET", "/api/v1/exceptions") => (
            vec![
                query(
                    "state",
                    "Any of these states",
                    json!({ "type": "array", "items": { "type": "string", "enum": ["requested", "approved", "denied", "expired"] } }),
                ),
                query(
                    "campaign",
                    "Only this campaign's (name)",
                    json!({ "type": "string" }),
                ),
                query(
                    "violation",
                    "Only this violation's (id)",
                    json!({ "type": "integer" }),
                ),
            ],
            None,
            ok(array("Exception")),
        ),
        ("POST", _) => (
            vec![],
            Some(json!({ "required": false, "content": json_content(json!({
                "type": "object", "properties": { "note": { "type": "string" } }
            })) })),
            ok(schema_ref("Exception")),
        ),
        _ => (vec![], None, ok(json!({}))),
    }
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": json_content(schema_ref("Error")) })
}

fn schemas() -> Value {
    let string = json!({ "type": "string" });
    let nullable_string = json!({ "type": ["string", "null"] });
    let time = json!({ "type": "string", "format": "date-time" });
    json!({
        "Error": {
            "type": "object",
            "properties": { "error": { "type": "object", "properties": {
                "status": { "type": "integer" }, "message": string } } }
        },
        "Severity": { "type": "string", "enum": ["info", "low", "medium", "high", "critical"] },
        "ViolationStatus": { "type": "string", "enum": ["open", "fix_proposed", "in_review", "fixed", "excepted", "wont_fix"] },
        "Role": { "type": "string", "enum": ["admin", "security", "developer", "viewer"] },
        "User": { "type": "object", "properties": {
            "id": { "type": "integer" }, "name": string, "email": string,
            "git_identities": { "type": "array", "items": string },
            "role": schema_ref("Role"), "created_at": time } },
        "Me": { "type": "object", "properties": {
            "user": schema_ref("User"),
            "authenticated_by": { "type": "string", "enum": ["session", "token"] },
            "csrf_token": { "type": "string", "description": "For scripts that post with the session cookie: send it as X-CSRF-Token" } } },
        "Campaign": { "type": "object", "properties": {
            "id": { "type": "integer" }, "name": string, "description": string,
            "state": { "type": "string", "enum": ["draft", "active", "closed"] },
            "repositories": { "type": "array", "items": string }, "created_by": string, "created_at": time } },
        "StatusCounts": { "type": "object", "properties": {
            "by_status": { "type": "object", "additionalProperties": { "type": "integer" } },
            "total": { "type": "integer" }, "overdue": { "type": "integer" } } },
        "CampaignSummary": { "type": "object", "properties": {
            "campaign": schema_ref("Campaign"), "totals": schema_ref("StatusCounts"),
            "outstanding": { "type": "integer" }, "done_percent": { "type": "integer" },
            "self_suppressed": { "type": "integer" } } },
        "Report": { "type": "object", "description": "Counts by status, severity, owner, repository and rule; the burndown's daily snapshots",
            "properties": { "campaign": schema_ref("Campaign"), "today": { "type": "string", "format": "date" },
            "totals": schema_ref("StatusCounts"), "burndown": { "type": "array", "items": { "type": "object" } } } },
        "Violation": { "type": "object", "properties": {
            "id": { "type": "integer" }, "campaign_id": { "type": "integer" }, "repository_id": { "type": "integer" },
            "fingerprint": string, "rule_id": string, "severity": schema_ref("Severity"), "message": string,
            "address": string, "instances": { "type": "array", "items": string }, "root_module": string,
            "path": string, "start_line": { "type": "integer" }, "end_line": { "type": "integer" },
            "call_chain": { "type": "array", "items": string }, "fix_diff": nullable_string,
            "fix_applicability": nullable_string, "impact_note": nullable_string,
            "recommendation": nullable_string,
            "fix_verification": { "type": ["object", "null"],
                "description": "What Terraform's plan said the fix does, from the last propose that carried it: {status: planned, tool, root_modules, state_files (the user's state files planned against, when any), changes: [{root_module, address, action (no_op, create, read, update, delete, forget, or {replace: delete_then_create or create_then_delete}), replace_paths, changed_paths}]} or {status: skipped, reason}",
                "properties": { "status": { "type": "string", "enum": ["planned", "skipped"] } } },
            "suppression": nullable_string,
            "status": schema_ref("ViolationStatus"), "owner": nullable_string, "owner_source": nullable_string,
            "due_date": { "type": ["string", "null"], "format": "date" }, "first_seen": time, "last_seen": time,
            "scanned_commit": string, "fixed_commit": nullable_string } },
        "ViolationPage": { "type": "object", "properties": {
            "items": { "type": "array", "items": schema_ref("Violation") },
            "next": { "type": ["string", "null"], "description": "Pass as `after` for the next page; null on the last" } } },
        "AuditEntry": { "type": "object", "properties": {
            "id": { "type": "integer" }, "at": time, "actor": string, "action": string,
            "subject": string, "detail": { "type": "object" } } },
        "Exception": { "type": "object", "properties": {
            "id": { "type": "integer" }, "campaign_id": { "type": "integer" }, "violation_id": { "type": "integer" },
            "fingerprint": string, "reason": string, "requester": string, "requested_at": time,
            "expires_at": time, "state": { "type": "string", "enum": ["requested", "approved", "denied", "expired"] },
            "approver": nullable_string, "decided_at": { "type": ["string", "null"], "format": "date-time" },
            "decision_note": nullable_string } },
        "ViolationDetail": { "type": "object", "properties": {
            "violation": schema_ref("Violation"), "campaign": string, "repository": string,
            "rule": { "type": "object", "properties": { "id": string, "title": string, "why_it_matters": string,
                "references": { "type": "array", "items": string } } },
            "history": { "type": "array", "items": schema_ref("AuditEntry") },
            "exceptions": { "type": "array", "items": schema_ref("Exception") } } },
        "Source": { "type": "object", "properties": {
            "repository": string, "path": string, "commit": string,
            "kind": { "type": "string", "enum": ["text", "binary", "too_large", "no_mirror"] },
            "text": string, "size": { "type": "integer" } } },
        "ProposeOutcome": { "type": "object", "properties": {
            "repository": string, "branch": string, "commit": nullable_string, "url": nullable_string,
            "fixed": { "type": "array", "items": { "type": "integer" } },
            "skipped": { "type": "array", "items": { "type": "array" } }, "error": nullable_string } }
    })
}

/// The document of the API routes (`api: true`) of `routes`, in their order.
#[must_use]
pub fn document(routes: &[RouteInfo]) -> Value {
    let mut paths = serde_json::Map::new();
    for route in routes.iter().filter(|r| r.api) {
        let path = openapi_path(route.path);
        let (mut parameters, body, (status, schema)) = operation_details(route.method, &path);
        let mut all = path_parameters(&path);
        all.append(&mut parameters);
        let mut responses = serde_json::Map::new();
        responses.insert(
            status.to_string(),
            json!({ "description": "Success", "content": json_content(schema) }),
        );
        responses.insert(
            "400".into(),
            error_response("A malformed parameter or body"),
        );
        if route.access != Access::Public {
            responses.insert(
                "401".into(),
                error_response("No valid session or API token"),
            );
            responses.insert(
                "403".into(),
                error_response(
                    "The role does not allow it, or (cookie only) the CSRF token is missing",
                ),
            );
        }
        if path.contains('{') {
            responses.insert("404".into(), error_response("No such resource"));
        }
        if route.method == "POST" {
            responses.insert("409".into(), error_response("Contradicts what is stored"));
            responses.insert("422".into(), error_response("Not acceptable"));
        }
        let operation_id = format!(
            "{}{}",
            route.method.to_lowercase(),
            path.trim_start_matches("/api/v1")
                .split(['/', '{', '}', '.'])
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let mut c = s.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                })
                .collect::<String>()
        );
        let mut op = json!({
            "operationId": operation_id,
            "summary": route.summary,
            "x-driftless-access": route.access,
            "parameters": all,
            "responses": responses,
        });
        if route.access == Access::Public {
            op["security"] = json!([]);
        }
        if let Some(body) = body {
            op["requestBody"] = body;
        }
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[route.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "driftless API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Campaigns, violations and exceptions of a driftless store: everything the web UI does. Authenticate with an API token (`Authorization: Bearer dl_...`, from `driftless token create`) or the session cookie (then POSTs need the `X-CSRF-Token` header)."
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearer": [] }, { "session": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "An API token from `driftless token create`" },
                "session": { "type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE }
            },
            "schemas": schemas()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::ROUTES;

    #[test]
    fn every_api_route_is_documented() {
        let doc = document(ROUTES);
        let api: Vec<_> = ROUTES.iter().filter(|r| r.api).collect();
        assert!(api.len() >= 13, "{api:?}");
        for route in api {
            let op = &doc["paths"][openapi_path(route.path)][route.method.to_lowercase()];
            assert!(
                op.is_object(),
                "{} {} is not in the document",
                route.method,
                route.path
            );
            assert_eq!(op["summary"], route.summary);
            for param in route
                .path
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            {
                let name = param.trim_start_matches('*');
                assert!(
                    op["parameters"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path"),
                    "{} lacks its path parameter {name}",
                    route.path
                );
            }
        }
        // No page is in it, and every $ref resolves.
        assert!(
            doc["paths"]
                .as_object()
                .unwrap()
                .keys()
                .all(|p| p.starts_with("/api/v1/"))
        );
        let text = doc.to_string();
        for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = &part[..part.find('"').unwrap()];
            assert!(doc["components"]["schemas"][name].is_object(), "{name}");
        }
    }
}
