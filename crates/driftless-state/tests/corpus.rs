//! The readers on states and plans nobody on the team wrote (../shared/corpus/states, see its
//! SOURCES.md): Terraform's own fixtures, Checkov's AWS plans and a driftctl AWS state. Each
//! test that reads them starts with [`corpus_is_here`] and is skipped without the corpus.

use driftless_diagnostics::{InputErrorKind, LineColumn, ResourceAddress};
use driftless_state::{
    MatchedBy, Redaction, State, StateErrorKind, StateFormat, StateIndex, StateSpec, ValuesFrom,
    discover, load, parse,
};
use std::path::{Path, PathBuf};

/// Whether the public test corpus is here; when not, the test says it is skipped (or fails,
/// with `DRIFTLESS_REQUIRE_CORPUS=1`) and returns.
fn corpus_is_here() -> bool {
    driftless_testkit::corpus().is_some()
}

/// The corpus's `states` folder.
fn states_root() -> PathBuf {
    driftless_testkit::corpus_root().join("states")
}

fn corpus(rel: &str) -> PathBuf {
    states_root().join(rel)
}

fn read(rel: &str) -> State {
    load(&corpus(rel), &Redaction::new()).unwrap_or_else(|e| panic!("{e}"))
}

fn addresses(state: &State) -> Vec<String> {
    state
        .instances
        .iter()
        .map(|i| i.address.to_string())
        .collect()
}

const TF: &str = "hashicorp-terraform/internal/";
const CK: &str = "checkov/tests/";

/// Every state and plan file of the corpus, with what it loads as: format and number of
/// resource instances (managed and data). Counted independently of this crate, by a script
/// following the same rules (plan: `prior_state`, then `planned_values`, then
/// `resource_changes`, each address once).
const EXPECTED: &[(&str, Option<(StateFormat, usize)>)] = {
    use StateFormat::{Plan, ShowJson, StateV4};
    &[
        (
            "checkov/tests/common/runner_registry/plan_module_skip_for_enrichment/tf/tfplan.json",
            Some((Plan, 1)),
        ),
        (
            "checkov/tests/common/runner_registry/plan_with_external_tf_modules_for_enrichment/tfplan.json",
            Some((Plan, 1)),
        ),
        (
            "checkov/tests/common/runner_registry/plan_with_for_each_for_enrichment/tf_plan.json",
            Some((Plan, 7)),
        ),
        (
            "checkov/tests/common/runner_registry/plan_with_hcl_for_enrichment/tfplan.json",
            Some((Plan, 3)),
        ),
        (
            "checkov/tests/common/runner_registry/plan_with_tf_modules_for_enrichment/tfplan.json",
            Some((Plan, 2)),
        ),
        (
            "checkov/tests/terraform/checks/data/aws/example_GithubActionsOIDCTrustPolicy/tfplan.json",
            Some((Plan, 9)),
        ),
        (
            "checkov/tests/terraform/checks/resource/aws/example_SecretManagerSecretEncrypted/tfplan.json",
            Some((Plan, 1)),
        ),
        (
            "checkov/tests/terraform/graph/resources/modules_edges_tfplan/tfplan.json",
            Some((Plan, 10)),
        ),
        (
            "checkov/tests/terraform/parser/resources/plan_encodings/tfplan_mac_utf8.json",
            Some((Plan, 1)),
        ),
        (
            "checkov/tests/terraform/parser/resources/plan_encodings/tfplan_win_utf16.json",
            Some((Plan, 1)),
        ),
        (
            "checkov/tests/terraform/parser/resources/plan_encodings/tfplan_win_utf8.json",
            Some((Plan, 1)),
        ),
        (
            "checkov/tests/terraform/parser/resources/plan_module_with_connected_resources/tfplan.json",
            Some((Plan, 5)),
        ),
        (
            "checkov/tests/terraform/parser/resources/plan_tags/tfplan.json",
            Some((Plan, 59)),
        ),
        (
            "checkov/tests/terraform/runner/resources/plan/tfplan.json",
            Some((Plan, 59)),
        ),
        (
            "checkov/tests/terraform/runner/resources/plan_and_tf_combine_graph/tfplan.json",
            Some((Plan, 4)),
        ),
        (
            "checkov/tests/terraform/runner/resources/plan_nested_child_modules_with_connections/tfplan.json",
            Some((Plan, 10)),
        ),
        (
            "checkov/tests/terraform/runner/resources/plan_with_deleted_resources/tfplan.json",
            Some((Plan, 1)),
        ),
        (
            "checkov/tests/terraform/runner/resources/plan_with_iam_policies/tfplan.json",
            Some((Plan, 8)),
        ),
        (
            "driftctl/aws_iam_user_multiple/terraform.tfstate",
            Some((StateV4, 3)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/basic/output.json",
            Some((ShowJson, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/basic/terraform.tfstate",
            Some((StateV4, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/empty/output.json",
            Some((ShowJson, 0)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/empty/terraform.tfstate",
            None,
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/modules/output.json",
            Some((ShowJson, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/modules/terraform.tfstate",
            Some((StateV4, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/no-state/output.json",
            Some((ShowJson, 0)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/sensitive-variables/output.json",
            Some((ShowJson, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json-state/sensitive-variables/terraform.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/basic-create/output.json",
            Some((Plan, 3)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/basic-delete/output.json",
            Some((Plan, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/basic-delete/terraform.tfstate",
            Some((StateV4, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/basic-update/output.json",
            Some((Plan, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/basic-update/terraform.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/conditions/for-refresh.tfstate",
            Some((StateV4, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/conditions/output-refresh-only.json",
            Some((Plan, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/conditions/output.json",
            Some((Plan, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/drift/output.json",
            Some((Plan, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/drift/terraform.tfstate",
            Some((StateV4, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/module-depends-on/output.json",
            Some((Plan, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/modules/output.json",
            Some((Plan, 4)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/moved-drift/output.json",
            Some((Plan, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/moved-drift/terraform.tfstate",
            Some((StateV4, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/moved/output.json",
            Some((Plan, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/moved/terraform.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/multi-resource-update/output.json",
            Some((Plan, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/multi-resource-update/terraform.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/nested-modules/output.json",
            Some((Plan, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/provider-aliasing-conflict/output.json",
            Some((Plan, 2)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/provider-aliasing-default/output.json",
            Some((Plan, 4)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/provider-aliasing/output.json",
            Some((Plan, 10)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/provider-version-no-config/output.json",
            Some((Plan, 3)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/provider-version/output.json",
            Some((Plan, 3)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/requires-replace/output.json",
            Some((Plan, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/requires-replace/terraform.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/sensitive-values/output.json",
            Some((Plan, 1)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/show-json/unknown-output/output.json",
            Some((Plan, 0)),
        ),
        (
            "hashicorp-terraform/internal/command/testdata/state-list-nested-modules/terraform.tfstate",
            Some((StateV4, 6)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-cbd.in.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-foreach.in.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-future.in.tfstate",
            Some((StateV4, 3)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-legacy-foreach.in.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-legacy-foreach.out.tfstate",
            Some((StateV4, 1)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-legacy-modules.in.tfstate",
            Some((StateV4, 4)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-legacy-modules.out.tfstate",
            Some((StateV4, 4)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-legacy-simple.in.tfstate",
            Some((StateV4, 4)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-legacy-simple.out.tfstate",
            Some((StateV4, 4)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-modules.in.tfstate",
            Some((StateV4, 4)),
        ),
        (
            "hashicorp-terraform/internal/states/statefile/testdata/roundtrip/v4-simple.in.tfstate",
            Some((StateV4, 3)),
        ),
    ]
};

/// Every `.json` and `.tfstate` file under the corpus, relative to it, sorted.
fn corpus_files() -> Vec<String> {
    let mut out = Vec::new();
    let root = states_root();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "tfstate")
            {
                let rel = path.strip_prefix(&root).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_corpus_file_loads_or_fails_with_a_typed_error() {
    if !corpus_is_here() {
        return;
    }
    let files = corpus_files();
    assert_eq!(files.len(), 68, "SOURCES.md lists 68 state and plan files");
    let mut checked = 0;
    for rel in &files {
        let result = load(&corpus(rel), &Redaction::new());
        match EXPECTED.iter().find(|(p, _)| p == rel) {
            Some((_, Some((format, count)))) => {
                let state = result.unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(
                    (state.format, state.instances.len()),
                    (*format, *count),
                    "{rel}"
                );
                checked += 1;
            }
            Some((_, None)) => {
                let e = result.unwrap_err();
                assert!(matches!(e.kind, StateErrorKind::Empty), "{rel}: {e}");
                checked += 1;
            }
            // A file added to the corpus after this table: it must still load or fail
            // with a typed error, which reaching this line shows.
            None => {}
        }
    }
    assert_eq!(checked, EXPECTED.len());
}

#[test]
fn state_v4_module_paths_and_instance_keys() {
    if !corpus_is_here() {
        return;
    }
    let state = read(&format!(
        "{TF}command/testdata/state-list-nested-modules/terraform.tfstate"
    ));
    assert_eq!(
        addresses(&state),
        [
            "test_instance.root",
            "module.nest.test_instance.nest",
            "module.nest.module.subnest.test_instance.subnest",
            "module.nonexist.module.child.test_instance.child",
            "module.count[0].test_instance.count",
            "module.count[1].test_instance.count",
        ]
    );
    let ids: Vec<Option<&str>> = state.instances.iter().map(|i| i.id()).collect();
    assert_eq!(
        ids,
        [
            Some("root"),
            None,
            Some("subnested"),
            Some("child"),
            Some("zero"),
            Some("one")
        ]
    );

    // for_each string keys inside a module, from legacy `attributes_flat`.
    let state = read(&format!(
        "{TF}states/statefile/testdata/roundtrip/v4-modules.in.tfstate"
    ));
    assert_eq!(
        addresses(&state),
        [
            "null_resource.bar",
            r#"module.modB.null_resource.bar["a"]"#,
            r#"module.modB.null_resource.bar["b"]"#,
            "module.modA.null_resource.resource",
        ]
    );
    assert_eq!(state.instances[1].id(), Some("8212585058302700791"));

    // count, data sources and the legacy flatmap.
    let state = read(&format!(
        "{TF}states/statefile/testdata/roundtrip/v4-legacy-simple.in.tfstate"
    ));
    assert_eq!(
        addresses(&state),
        [
            "data.terraform_remote_state.random",
            "null_resource.bar",
            "null_resource.foo[0]",
            "null_resource.foo[1]",
        ]
    );
    assert!(!state.instances[0].is_managed());
    assert_eq!(state.instances[3].id(), Some("1523897709610803586"));
    let with_triggers = load(
        &corpus(&format!(
            "{TF}states/statefile/testdata/roundtrip/v4-legacy-simple.in.tfstate"
        )),
        &Redaction::new().allow("null_resource", ["triggers"]),
    )
    .unwrap();
    assert_eq!(
        with_triggers.instances[2].attributes["triggers"],
        serde_json::json!({"what": "0"})
    );

    let state = read("driftctl/aws_iam_user_multiple/terraform.tfstate");
    assert_eq!(state.terraform_version.as_deref(), Some("0.12.29"));
    assert_eq!(
        addresses(&state),
        [
            "aws_iam_user.testuser[0]",
            "aws_iam_user.testuser[1]",
            "aws_iam_user.testuser[2]"
        ]
    );
    // Kept: id, arn, name. Dropped: tags, path, unique_id, force_destroy...
    let kept: Vec<&str> = state.instances[1]
        .attributes
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(kept, ["arn", "id", "name"]);
}

#[test]
fn show_json_of_a_state_matches_the_state_file() {
    if !corpus_is_here() {
        return;
    }
    for dir in ["basic", "modules", "sensitive-variables"] {
        let from_state = read(&format!(
            "{TF}command/testdata/show-json-state/{dir}/terraform.tfstate"
        ));
        let from_show = read(&format!(
            "{TF}command/testdata/show-json-state/{dir}/output.json"
        ));
        assert_eq!(from_show.format, StateFormat::ShowJson);
        let mut a = addresses(&from_state);
        let mut b = addresses(&from_show);
        a.sort();
        b.sort();
        assert_eq!(a, b, "{dir}");
    }
    let show = read(&format!(
        "{TF}command/testdata/show-json-state/modules/output.json"
    ));
    assert_eq!(
        addresses(&show),
        [
            "module.module_test_bar.test_instance.example",
            "module.module_test_foo.test_instance.example[0]",
        ]
    );
    let basic = read(&format!(
        "{TF}command/testdata/show-json-state/basic/output.json"
    ));
    assert_eq!(basic.instances[1].id(), Some("4330206298367988603"));
    assert_eq!(basic.instances[1].values_from, ValuesFrom::State);
}

#[test]
fn plans_take_prior_state_then_planned_values_then_resource_changes() {
    if !corpus_is_here() {
        return;
    }
    let plan = read(&format!(
        "{CK}terraform/graph/resources/modules_edges_tfplan/tfplan.json"
    ));
    let from = |v| plan.instances.iter().filter(|i| i.values_from == v).count();
    assert_eq!(
        (
            from(ValuesFrom::PriorState),
            from(ValuesFrom::PlannedValues)
        ),
        (6, 4)
    );
    assert_eq!(
        plan.instances[6].address.to_string(),
        "module.test.module.s3-bucket-1.aws_s3_bucket.this[0]"
    );

    // Checkov trimmed this plan's planned_values to one resource: resource_changes fill in.
    let plan = read(&format!(
        "{CK}terraform/parser/resources/plan_tags/tfplan.json"
    ));
    let from = |v| plan.instances.iter().filter(|i| i.values_from == v).count();
    assert_eq!(
        (
            from(ValuesFrom::PriorState),
            from(ValuesFrom::PlannedValues),
            from(ValuesFrom::ResourceChange)
        ),
        (4, 1, 54)
    );

    // for_each string keys, on a resource and on a module call.
    let plan = read(&format!(
        "{CK}common/runner_registry/plan_with_for_each_for_enrichment/tf_plan.json"
    ));
    assert_eq!(
        addresses(&plan),
        [
            "data.aws_subnet.private",
            "data.aws_vpc.sandbox",
            r#"aws_route53_zone.example["example.com"]"#,
            r#"aws_route53_zone.example["example2.eu"]"#,
            r#"module.sg["awful_example"].aws_security_group.bad"#,
            r#"module.sg["bad_example"].aws_security_group.bad"#,
            r#"module.sg["terrible_example"].aws_security_group.bad"#,
        ]
    );
    let sg: ResourceAddress = r#"module.sg["bad_example"].aws_security_group.bad"#
        .parse()
        .unwrap();
    assert_eq!(
        sg.block_address().to_string(),
        "module.sg.aws_security_group.bad"
    );
    assert_eq!(plan.instances[5].string("name"), Some("bad_example"));

    let plan = read(&format!(
        "{TF}command/testdata/show-json/provider-aliasing/output.json"
    ));
    assert_eq!(
        addresses(&plan)[4],
        "module.child.module.grandchild.test_instance.test_alternate"
    );
}

#[test]
fn utf16_and_bom_files_read_like_utf8() {
    if !corpus_is_here() {
        return;
    }
    let dir = format!("{CK}terraform/parser/resources/plan_encodings/");
    let utf16 = read(&format!("{dir}tfplan_win_utf16.json"));
    let utf8 = read(&format!("{dir}tfplan_win_utf8.json"));
    assert_eq!(utf16.instances, utf8.instances);
    assert_eq!(addresses(&utf16), ["aws_s3_bucket.data"]);
    assert_eq!(
        utf16.instances[0].string("bucket"),
        Some("mike-abcd123data")
    );
    let mac = read(&format!("{dir}tfplan_mac_utf8.json"));
    assert_eq!(addresses(&mac), ["aws_s3_bucket.b"]);
    assert_eq!(mac.instances[0].string("bucket"), Some("mikeabcd123-abc"));

    // The same state in every encoding: UTF-8 with BOM, UTF-16 BE and LE without BOM.
    let path = corpus("driftctl/aws_iam_user_multiple/terraform.tfstate");
    let text = std::fs::read_to_string(&path).unwrap();
    let plain = read("driftctl/aws_iam_user_multiple/terraform.tfstate");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [bom, be, le] {
        let state = parse(bytes, &path, &Redaction::new()).unwrap();
        assert_eq!(state.instances, plain.instances);
    }
}

#[test]
fn empty_old_and_broken_files_give_clear_errors() {
    if !corpus_is_here() {
        return;
    }
    let empty = corpus(&format!(
        "{TF}command/testdata/show-json-state/empty/terraform.tfstate"
    ));
    let e = load(&empty, &Redaction::new()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}: empty state file", empty.display())
    );
    assert_eq!(e.to_input_error("s").kind, InputErrorKind::Unreadable);

    // The driftctl state with the comma after `"force_destroy": true` removed (line 20).
    let path = corpus("driftctl/aws_iam_user_multiple/terraform.tfstate");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "\"force_destroy\": true,",
        "\"force_destroy\": true",
        1,
    );
    let e = parse(text.into(), Path::new("broken.tfstate"), &Redaction::new()).unwrap_err();
    assert_eq!(
        e.position,
        Some(LineColumn {
            line: 21,
            column: 13
        })
    );
    assert_eq!(
        e.to_string(),
        "broken.tfstate:21:13: invalid JSON: expected `,` or `}`"
    );
    let input = e.to_input_error("envs/prod/broken.tfstate");
    assert_eq!(input.kind, InputErrorKind::Syntax);
    assert_eq!(
        input.to_string(),
        "envs/prod/broken.tfstate:21:13: invalid JSON: expected `,` or `}`"
    );
}

#[test]
fn a_missing_file_and_an_old_state_give_clear_errors() {
    let e = load(
        Path::new("/nonexistent/terraform.tfstate"),
        &Redaction::new(),
    )
    .unwrap_err();
    assert!(matches!(e.kind, StateErrorKind::Io { .. }));
    assert_eq!(
        e.to_string(),
        "/nonexistent/terraform.tfstate: cannot read the file"
    );
    assert!(std::error::Error::source(&e).is_some());

    // A Terraform 0.11 state.
    let v3 = r#"{"version": 3, "terraform_version": "0.11.14", "serial": 2,
        "modules": [{"path": ["root"], "resources": {"aws_s3_bucket.b": {"type": "aws_s3_bucket"}}}]}"#;
    let e = parse(v3.into(), Path::new("old.tfstate"), &Redaction::new()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "old.tfstate: unsupported state version 3: driftless reads state version 4 (Terraform 0.12 and later)"
    );
    assert_eq!(
        e.to_input_error("old.tfstate").kind,
        InputErrorKind::Unresolved
    );
}

/// Attributes a realistic rule set reads (the allow-list comes from the rules).
fn rule_redaction() -> Redaction {
    Redaction::new()
        .allow(
            "aws_db_instance",
            ["storage_encrypted", "publicly_accessible", "kms_key_id"],
        )
        .allow("aws_lambda_function", ["kms_key_arn", "tracing_config"])
        .allow("aws_instance", ["metadata_options", "ebs_block_device"])
        .allow("test_instance", ["ami"])
        .allow("aws_s3_bucket", ["server_side_encryption_configuration"])
}

#[test]
fn secrets_in_the_corpus_never_survive_loading() {
    if !corpus_is_here() {
        return;
    }
    let mut index = StateIndex::new();
    for rel in corpus_files() {
        if let Ok(state) = load(&corpus(&rel), &rule_redaction()) {
            index.insert(state, ".");
        }
    }
    let dump = format!("{index:?}");
    for secret in [
        // aws_db_instance.default.password and var.password in Checkov's plans.
        "Aa1234321Bb",
        // aws_lambda_function environment variables in the same plans.
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AKIAIOSFODNN7EXAMPLE",
        // A sensitive variable's value in Terraform's sensitive-values plan (quoted: another
        // fixture has a harmless "ami-boop").
        "\"boop\"",
    ] {
        assert!(!dump.contains(secret), "{secret} survived loading");
    }

    // `ami` is allowed for test_instance, but these files flag it sensitive.
    for rel in [
        "command/testdata/show-json-state/sensitive-variables/terraform.tfstate",
        "command/testdata/show-json-state/sensitive-variables/output.json",
        "command/testdata/show-json/sensitive-values/output.json",
    ] {
        let state = load(&corpus(&format!("{TF}{rel}")), &rule_redaction()).unwrap();
        let instance = &state.instances[0];
        assert_eq!(instance.address.to_string(), "test_instance.test", "{rel}");
        assert!(!instance.attributes.contains_key("ami"), "{rel}");
        assert!(!format!("{state:?}").contains("\"abc\""), "{rel}");
    }
    // Not flagged sensitive, and allowed: kept.
    let modules = load(
        &corpus(&format!(
            "{TF}command/testdata/show-json-state/modules/terraform.tfstate"
        )),
        &rule_redaction(),
    )
    .unwrap();
    assert_eq!(modules.instances[0].attributes["ami"], "foo-var");

    // The control: the search above would find the password if the allow-list let it through.
    let leaky = Redaction::new().allow("aws_db_instance", ["password"]);
    let plan = load(
        &corpus(&format!("{CK}terraform/runner/resources/plan/tfplan.json")),
        &leaky,
    )
    .unwrap();
    assert!(format!("{plan:?}").contains("Aa1234321Bb"));
}

#[test]
fn corpus_lookups_by_arn_id_and_derived_arn() {
    if !corpus_is_here() {
        return;
    }
    let mut index = StateIndex::new();
    index.insert(
        read("driftctl/aws_iam_user_multiple/terraform.tfstate"),
        "iam",
    );
    index.insert(
        read(&format!(
            "{CK}terraform/parser/resources/plan_encodings/tfplan_win_utf16.json"
        )),
        "./data/",
    );
    index.insert(
        read(&format!(
            "{CK}common/runner_registry/plan_with_for_each_for_enrichment/tf_plan.json"
        )),
        "network",
    );
    index.insert(
        read(&format!("{CK}terraform/runner/resources/plan/tfplan.json")),
        "app",
    );

    let user = index
        .by_arn("arn:aws:iam::929327065333:user/test/test-driftctl-1")
        .unwrap();
    assert_eq!(
        (
            user.root_dir,
            user.instance.address.to_string(),
            user.matched_by
        ),
        ("iam", "aws_iam_user.testuser[1]".to_owned(), MatchedBy::Arn)
    );
    assert_eq!(
        user.instance.address.block_address().to_string(),
        "aws_iam_user.testuser"
    );
    let by_id = index.by_id("test-driftctl-2");
    assert_eq!(by_id.len(), 1);
    assert_eq!(
        by_id[0].instance.address.to_string(),
        "aws_iam_user.testuser[2]"
    );

    // A bucket still to be created: no `arn` in the plan, derived from its name. Security
    // Hub's `AwsS3Bucket` resource id has this shape.
    let bucket = index.by_arn("arn:aws:s3:::mike-abcd123data").unwrap();
    assert_eq!(
        (
            bucket.root_dir,
            bucket.instance.address.to_string(),
            bucket.matched_by
        ),
        (
            "data",
            "aws_s3_bucket.data".to_owned(),
            MatchedBy::DerivedArn
        )
    );
    assert_eq!(bucket.instance.values_from, ValuesFrom::PlannedValues);

    // Data sources are not indexed by ARN: the VPC in this plan is read, not managed.
    assert!(
        index
            .by_arn("arn:aws:ec2:us-east-1:073481610293:vpc/vpc-123456abc")
            .is_none()
    );

    let db = index.resolve("arn:aws:s3:::123456789123-acme-corp-data");
    assert_eq!(db.len(), 1);
    assert_eq!(db[0].instance.address.to_string(), "aws_s3_bucket.data");
    assert_eq!(db[0].root_dir, "app");
}

#[test]
fn discover_binds_each_state_to_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{}").unwrap();
    };
    write("terraform.tfstate");
    write("envs/prod/terraform.tfstate");
    write("envs/prod/terraform.tfstate.backup");
    write("envs/prod/.terraform/terraform.tfstate");
    write("app/terraform.tfstate.d/staging/terraform.tfstate");
    write("pulled/network.tfstate");
    write(".git/x.tfstate");
    let specs = discover(root).unwrap();
    let got: Vec<(String, String)> = specs
        .iter()
        .map(|s| {
            (
                s.path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                s.root_dir.clone(),
            )
        })
        .collect();
    let expected = [
        ("app/terraform.tfstate.d/staging/terraform.tfstate", "app"),
        ("envs/prod/terraform.tfstate", "envs/prod"),
        ("pulled/network.tfstate", "pulled"),
        ("terraform.tfstate", "."),
    ];
    assert_eq!(
        got,
        expected
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect::<Vec<_>>()
    );

    // Loading them: every file here is `{}`, so each is an error, and none stops the others.
    let (index, errors) = StateIndex::load(&specs, &Redaction::new());
    assert!(index.is_empty());
    assert_eq!(errors.len(), 4);
    assert!(
        errors
            .iter()
            .all(|e| matches!(e.kind, StateErrorKind::NotState))
    );
}

#[test]
fn a_state_spec_names_the_root_of_a_corpus_state() {
    if !corpus_is_here() {
        return;
    }
    let spec: StateSpec = format!(
        "{}=driftctl",
        corpus("driftctl/aws_iam_user_multiple/terraform.tfstate").display()
    )
    .parse()
    .unwrap();
    let (index, errors) = StateIndex::load(&[spec], &Redaction::new());
    assert!(errors.is_empty());
    assert_eq!(index.len(), 3);
    assert_eq!(index.states().next().unwrap().0, "driftctl");
}
