//! Fixes the gate cannot vouch for are refused before anything is written: edits outside the
//! scanned folder, edits in a folder with a file that does not parse; edits of a shared value
//! need review; the branch of a conditional is no edit site. (Found by trying driftless as a new
//! user would.)

use driftless_diagnostics::Applicability;
use driftless_fix::{FixOptions, fix_repository};
use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};
use std::path::Path;

fn write(root: &Path, path: &str, text: &str) {
    let dest = root.join(path);
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::write(dest, text).unwrap();
}

fn options() -> FixOptions {
    FixOptions {
        applicability: Applicability::Review,
        selection: Selection {
            select: vec!["aws-kms-key-rotation-required".into()],
            ..Selection::default()
        },
        load: LoadOptions::default(),
        repo: String::new(),
        write: true,
        verify: driftless_fix::Verify::No,
        states: Vec::new(),
        keep: std::collections::BTreeSet::new(),
    }
}

const KEY_FROM_VAR: &str =
    "variable \"r\" {}\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.r\n}\n";

#[test]
fn an_edit_outside_the_scanned_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "root/main.tf",
        "module \"kms\" {\n  source = \"../shared/kms\"\n}\n",
    );
    let shared = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
    write(dir.path(), "shared/kms/main.tf", shared);
    let outcome = fix_repository(&dir.path().join("root"), &options(), &|_| true).unwrap();
    assert_eq!(outcome.refused.len(), 1);
    assert!(
        outcome.refused[0]
            .reason
            .contains("outside the scanned folder"),
        "{}",
        outcome.refused[0].reason
    );
    assert!(outcome.refused[0].reason.contains("../shared/kms/main.tf"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("shared/kms/main.tf")).unwrap(),
        shared
    );
}

#[test]
fn an_edit_in_a_folder_with_a_broken_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", KEY_FROM_VAR);
    write(dir.path(), "terraform.tfvars", "r = false\n");
    write(dir.path(), "broken.tf", "locals {\n  x = \n}\n");
    let outcome = fix_repository(dir.path(), &options(), &|_| true).unwrap();
    assert_eq!(outcome.refused.len(), 1);
    assert!(
        outcome.refused[0].reason.contains("does not parse"),
        "{}",
        outcome.refused[0].reason
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("terraform.tfvars")).unwrap(),
        "r = false\n"
    );
}

#[test]
fn a_shared_value_needs_review_and_a_conditional_branch_is_no_edit_site() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "locals {\n  flag = false\n}\nvariable \"on\" {\n  default = false\n}\n\
         resource \"aws_kms_key\" \"shared\" {\n  enable_key_rotation = local.flag\n}\n\
         resource \"aws_s3_bucket\" \"b\" {\n  force_destroy = local.flag\n}\n\
         resource \"aws_kms_key\" \"cond\" {\n  enable_key_rotation = var.on ? true : false\n}\n\
         resource \"aws_kms_key\" \"plain\" {\n  enable_key_rotation = false\n}\n",
    );
    let scan = scan_path(
        dir.path(),
        &LoadOptions::default(),
        &options().selection,
        "",
    );
    let by = |name: &str| {
        scan.findings
            .iter()
            .find(|f| f.address.name == name)
            .unwrap()
    };
    assert_eq!(
        by("shared").fix.as_ref().unwrap().applicability(),
        Applicability::Review,
        "the local also feeds force_destroy"
    );
    assert!(by("cond").fix.is_none() && by("cond").recommendation.is_some());
    assert_eq!(
        by("plain").fix.as_ref().unwrap().applicability(),
        Applicability::Safe
    );
}

#[test]
fn one_finding_carries_the_edits_of_every_instance() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "variable \"volumes\" {\n  default = {\n    data = { size = 10, encrypted = true }\n    logs = { size = 5 }\n    tmp  = { size = 1, encrypted = false }\n  }\n}\n\
         resource \"aws_ebs_volume\" \"v\" {\n  for_each          = var.volumes\n  availability_zone = \"eu-west-1a\"\n  size              = each.value.size\n  encrypted         = lookup(each.value, \"encrypted\", false)\n}\n",
    );
    let selection = Selection {
        select: vec!["aws-ebs-encryption-required".into()],
        ..Selection::default()
    };
    let scan = scan_path(dir.path(), &LoadOptions::default(), &selection, "");
    assert_eq!(scan.findings.len(), 1);
    let fix = scan.findings[0].fix.as_ref().unwrap();
    let lines: Vec<u32> = fix.edits().iter().map(|e| e.range.start).collect();
    assert_eq!(
        fix.edits().len(),
        2,
        "the `tmp` entry and the lookup default: {lines:?}"
    );
    let options = FixOptions {
        selection,
        ..options()
    };
    let outcome = fix_repository(dir.path(), &options, &|_| true).unwrap();
    assert_eq!(outcome.passes, 1, "both instances fixed in one pass");
    assert!(outcome.after.findings.is_empty());
}

/// Regression (security QA of the web UI): writing a fix through a symbolic link replaced the
/// link with a regular file holding its target's text, which `propose` then committed.
#[cfg(unix)]
#[test]
fn an_edit_of_a_symbolic_link_is_refused_and_the_link_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
    write(dir.path(), "real/kms.tf", target);
    std::fs::create_dir_all(dir.path().join("root")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("real/kms.tf"),
        dir.path().join("root/kms.tf"),
    )
    .unwrap();
    let outcome = fix_repository(&dir.path().join("root"), &options(), &|_| true).unwrap();
    assert_eq!(outcome.refused.len(), 1);
    assert!(
        outcome.refused[0]
            .reason
            .contains("kms.tf is a symbolic link"),
        "{}",
        outcome.refused[0].reason
    );
    let link = dir.path().join("root/kms.tf");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/kms.tf")).unwrap(),
        target
    );
}

/// Regression (issue "Fidelity", item 6): a campaign's fix of one call of a shared module
/// changed another call whose violation has an exception. A fix that resolves a finding
/// `keep` names is refused, and the file is left as it was.
#[test]
fn a_fix_that_would_undo_an_exception_in_another_call_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "module \"app\" {\n  source = \"./modules/key\"\n}\n\nmodule \"legacy\" {\n  source = \"./modules/key\"\n}\n",
    );
    let module = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
    write(dir.path(), "modules/key/main.tf", module);
    let scan = scan_path(
        dir.path(),
        &LoadOptions::default(),
        &options().selection,
        "",
    );
    let fingerprint = |module: &str| {
        scan.findings
            .iter()
            .find(|f| f.address.to_string().starts_with(module))
            .unwrap()
            .fingerprint
            .to_string()
    };
    let (app, legacy) = (fingerprint("module.app."), fingerprint("module.legacy."));
    let options = FixOptions {
        keep: [legacy].into(),
        ..options()
    };
    let outcome = fix_repository(dir.path(), &options, &|f| f.fingerprint.as_str() == app).unwrap();
    assert!(outcome.fixed.is_empty());
    assert_eq!(outcome.refused.len(), 1);
    assert_eq!(
        outcome.refused[0].reason,
        "the fix also changes module.legacy.aws_kms_key.k (aws-kms-key-rotation-required), whose finding has an exception: set the value through the arguments of this finding's own module call instead, or end that exception first"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("modules/key/main.tf")).unwrap(),
        module
    );
    // Without the exception, the same fix goes in (and changes both calls).
    let outcome = fix_repository(dir.path(), &self::options(), &|f| {
        f.fingerprint.as_str() == app
    })
    .unwrap();
    assert_eq!(outcome.fixed.len(), 1);
}
