//! Typed variables and module inputs through the whole scan: Terraform converts the value a
//! variable receives to its type constraint and fills `optional(T, default)` attributes
//! (<https://developer.hashicorp.com/terraform/language/expressions/type-constraints#optional-object-type-attributes>),
//! so a default written in the type gives the finding, located where it is written, and the
//! fix edits that default. Modelled on checkov#5764 and defsec#1030.

use driftless_diagnostics::{Finding, apply_edits};
use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};

const RULE: &str = "aws-ec2-imdsv2-required";

fn scan_files(files: &[(&str, &str)]) -> (tempfile::TempDir, driftless_rules::Scan) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let dest = dir.path().join(path);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, text).unwrap();
    }
    let scan = scan_path(
        dir.path(),
        &LoadOptions::default(),
        &Selection::default(),
        "",
    );
    (dir, scan)
}

fn imds_findings(scan: &driftless_rules::Scan) -> Vec<&Finding> {
    scan.findings
        .iter()
        .filter(|f| f.rule_id.as_str() == RULE)
        .collect()
}

/// The text of `path` after the finding's fix.
fn fixed(scan: &driftless_rules::Scan, finding: &Finding, path: &str) -> String {
    let fix = finding
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("no fix: {:?}", finding.recommendation));
    let edits: Vec<_> = fix.edits().iter().filter(|e| e.path == path).collect();
    apply_edits(&scan.project.file(path).unwrap().text, &edits)
}

const VARIABLES: &str = "variable \"imds\" {\n  type = object({\n    tokens = optional(string, \"optional\")\n  })\n  default = {}\n}\n";
const INSTANCE: &str = "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-0abc\"\n  instance_type = \"t3.micro\"\n\n  metadata_options {\n    http_tokens = var.imds.tokens\n  }\n}\n";

#[test]
fn an_optional_default_in_the_type_gives_the_finding_and_the_fix_edits_it() {
    let (_d, scan) = scan_files(&[("variables.tf", VARIABLES), ("main.tf", INSTANCE)]);
    let found = imds_findings(&scan);
    assert_eq!(found.len(), 1, "{:#?}", scan.findings);
    let f = found[0];
    assert_eq!(
        (f.location.path.as_str(), f.location.start.line),
        ("main.tf", 6),
        "the finding is on the attribute"
    );
    let origin = f.value_origin.as_ref().expect("the value is set elsewhere");
    assert_eq!(
        (origin.location.path.as_str(), origin.location.start.line),
        ("variables.tf", 3),
        "the value comes from the default in the type"
    );
    assert_eq!(
        fixed(&scan, f, "variables.tf"),
        VARIABLES.replace(
            "optional(string, \"optional\")",
            "optional(string, \"required\")"
        )
    );
}

#[test]
fn a_tfvars_value_overrides_the_optional_default() {
    let (_d, scan) = scan_files(&[
        ("variables.tf", VARIABLES),
        ("main.tf", INSTANCE),
        ("terraform.tfvars", "imds = { tokens = \"required\" }\n"),
    ]);
    assert!(imds_findings(&scan).is_empty(), "{:#?}", scan.findings);
    // A null in the tfvars takes the default again.
    let (_d, scan) = scan_files(&[
        ("variables.tf", VARIABLES),
        ("main.tf", INSTANCE),
        ("terraform.tfvars", "imds = { tokens = null }\n"),
    ]);
    assert_eq!(imds_findings(&scan).len(), 1, "{:#?}", scan.findings);
}

#[test]
fn an_optional_attribute_without_default_is_null_as_if_omitted() {
    let vars = "variable \"imds\" {\n  type = object({\n    tokens = optional(string)\n  })\n  default = {}\n}\n";
    let (_d, scan) = scan_files(&[("variables.tf", vars), ("main.tf", INSTANCE)]);
    let found = imds_findings(&scan);
    assert_eq!(found.len(), 1, "{:#?}", scan.findings);
    let f = found[0];
    assert_eq!(
        (f.location.path.as_str(), f.location.start.line),
        ("main.tf", 6)
    );
    assert!(f.message.contains("defaults to"), "{}", f.message);
    // Regression (QA): there was no edit, and the recommendation called the type constraint
    // computed. The fix gives the optional attribute its default.
    assert!(
        fixed(&scan, f, "variables.tf").contains("tokens = optional(string, \"required\")"),
        "{:#?}",
        f.fix
    );
    let origin = f.value_origin.as_ref().unwrap();
    assert_eq!(
        (origin.location.path.as_str(), origin.location.start.line),
        ("variables.tf", 3)
    );
}

#[test]
fn nested_optional_defaults_reach_a_module_through_list_and_map_inputs() {
    let module = "variable \"instances\" {\n  type = map(object({\n    ami      = string\n    metadata = optional(object({\n      tokens = optional(string, \"optional\")\n    }), {})\n  }))\n}\n\nresource \"aws_instance\" \"this\" {\n  for_each      = var.instances\n  ami           = each.value.ami\n  instance_type = \"t3.micro\"\n\n  metadata_options {\n    http_tokens = each.value.metadata.tokens\n  }\n}\n";
    let root = "module \"fleet\" {\n  source = \"./modules/fleet\"\n  instances = {\n    a = { ami = \"ami-1\" }\n    b = { ami = \"ami-2\", metadata = { tokens = \"required\" } }\n  }\n}\n";
    let (_d, scan) = scan_files(&[("main.tf", root), ("modules/fleet/main.tf", module)]);
    let found = imds_findings(&scan);
    assert_eq!(found.len(), 1, "{:#?}", scan.findings);
    let f = found[0];
    assert_eq!(
        f.instances
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["module.fleet.aws_instance.this[\"a\"]"]
    );
    let origin = f.value_origin.as_ref().unwrap();
    assert_eq!(
        (origin.location.path.as_str(), origin.location.start.line),
        ("modules/fleet/main.tf", 5)
    );
    assert!(
        fixed(&scan, f, "modules/fleet/main.tf")
            .contains("tokens = optional(string, \"required\")")
    );
}
