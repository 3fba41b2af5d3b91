//! Regression (issue "Fidelity", item 6): a fix inside a module that several `module` blocks
//! call changed every call, also one whose finding a human had suppressed ("the legacy image
//! cannot boot from an encrypted volume"), and the fix was applied as if only one changed.

use driftless_diagnostics::{Applicability, OriginKind, apply_edits};
use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};

const CALLS: &str = r#"module "app" {
  source = "./modules/web"
}

# driftless:ignore aws-ebs-encryption-required reason="the legacy image cannot boot from an encrypted volume"
module "legacy" {
  source = "./modules/web"
}
"#;

/// The unsuppressed finding of the repository made of `CALLS` and the module `module_tf`,
/// with the repository's folder.
fn finding(module_tf: &str) -> (driftless_diagnostics::Finding, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), CALLS).unwrap();
    std::fs::create_dir_all(dir.path().join("modules/web")).unwrap();
    std::fs::write(dir.path().join("modules/web/main.tf"), module_tf).unwrap();
    let scan = scan_path(
        dir.path(),
        &LoadOptions::default(),
        &Selection {
            select: vec!["aws-ebs-encryption-required".into()],
            ..Selection::default()
        },
        "",
    );
    let mut open: Vec<_> = scan
        .findings
        .into_iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    assert_eq!(open.len(), 1, "{open:#?}");
    (open.remove(0), dir)
}

#[test]
fn a_variable_default_is_set_in_the_failing_callers_argument_instead() {
    let (f, dir) = finding(
        "variable \"encrypted\" {\n  type    = bool\n  default = false\n}\n\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n  encrypted         = var.encrypted\n}\n",
    );
    assert_eq!(f.address.to_string(), "module.app.aws_ebs_volume.data");
    let fix = f.fix.as_ref().unwrap();
    assert!(fix.edits().iter().all(|e| e.path == "main.tf"), "{fix:#?}");
    let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    let edits: Vec<_> = fix.edits().iter().collect();
    assert_eq!(
        apply_edits(&text, &edits),
        CALLS.replacen(
            "  source = \"./modules/web\"\n}",
            "  source    = \"./modules/web\"\n  encrypted = true\n}",
            1
        )
    );
    assert_eq!(fix.applicability(), Applicability::Review);
    assert!(
        fix.note().ends_with(
            "The value is the default of variable `encrypted` of a module also called as module.legacy, where this finding is suppressed, so the edit sets `encrypted` in module.app (main.tf:1) instead and no other call changes."
        ),
        "{}",
        fix.note()
    );
    assert_eq!(
        f.value_origin.as_ref().map(|o| o.kind),
        Some(OriginKind::ModuleArgument)
    );
}

#[test]
fn a_literal_in_the_module_needs_review_and_names_the_other_call() {
    let (f, _dir) = finding(
        "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n  encrypted         = false\n}\n",
    );
    let fix = f.fix.as_ref().unwrap();
    assert_eq!(fix.applicability(), Applicability::Review);
    assert_eq!(fix.edits()[0].path, "modules/web/main.tf");
    assert!(
        fix.note().ends_with(
            "The edit is in a module also called as module.legacy, where this finding is suppressed: it changes that call too. Set the value through a module argument instead, or lift the suppression."
        ),
        "{}",
        fix.note()
    );
}

/// Regression (QA): when the module block that calls the module is itself inside a module
/// both calls go through, setting the argument there changes the suppressed call too: the
/// fix needs review and says so.
#[test]
fn an_argument_of_a_call_both_calls_share_is_no_way_around() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let dest = dir.path().join(path);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, text).unwrap();
    };
    write(
        "main.tf",
        "module \"a\" {\n  source = \"./modules/app\"\n}\n\n# driftless:ignore aws-ec2-imdsv2-required reason=\"legacy\"\nmodule \"b\" {\n  source = \"./modules/app\"\n}\n",
    );
    write(
        "modules/app/main.tf",
        "module \"web\" {\n  source = \"../web\"\n}\n",
    );
    write(
        "modules/web/main.tf",
        "variable \"tokens\" {\n  type    = string\n  default = \"optional\"\n}\n\nresource \"aws_instance\" \"this\" {\n  ami = \"ami-0123456789abcdef0\"\n\n  metadata_options {\n    http_tokens = var.tokens\n  }\n}\n",
    );
    let scan = scan_path(
        dir.path(),
        &LoadOptions::default(),
        &Selection {
            select: vec!["aws-ec2-imdsv2-required".into()],
            ..Selection::default()
        },
        "",
    );
    let open = scan
        .findings
        .iter()
        .find(|f| f.suppressed.is_none())
        .unwrap();
    let fix = open.fix.as_ref().unwrap();
    assert_eq!(fix.applicability(), Applicability::Review);
    assert_eq!(fix.edits()[0].path, "modules/web/main.tf");
    assert!(
        fix.note()
            .contains("The edit is in a module also called as module.b.module.web, where this finding is suppressed"),
        "{}",
        fix.note()
    );
}
