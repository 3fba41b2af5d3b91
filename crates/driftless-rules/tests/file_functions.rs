//! Values read from files of the repository and decoded (`file`, `templatefile`,
//! `fileexists`, `yamldecode`, `csvdecode`, `base64decode`) through the whole scan: the
//! finding is on the attribute that uses them, and a path outside the repository is never
//! read. Modelled on trivy#3506 (`yamldecode(file(...))` settings gave no finding).

use driftless_diagnostics::Finding;
use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};
use std::path::Path;

const RULE: &str = "aws-ec2-imdsv2-required";

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let dest = root.join(path);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, text).unwrap();
    }
}

fn scan(root: &Path) -> driftless_rules::Scan {
    scan_path(root, &LoadOptions::default(), &Selection::default(), "")
}

/// `(address, path, line)` of every IMDSv2 finding.
fn imds(scan: &driftless_rules::Scan) -> Vec<(String, String, u32)> {
    let mut out: Vec<_> = scan
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == RULE)
        .map(|f: &Finding| {
            (
                f.address.to_string(),
                f.location.path.clone(),
                f.location.start.line,
            )
        })
        .collect();
    out.sort();
    out
}

fn instance(name: &str, tokens: &str) -> String {
    format!(
        "resource \"aws_instance\" \"{name}\" {{\n  ami           = \"ami-0abc\"\n  instance_type = \"t3.micro\"\n  metadata_options {{\n    http_tokens = {tokens}\n  }}\n}}\n"
    )
}

#[test]
fn settings_decoded_from_repository_files_give_findings() {
    let dir = tempfile::tempdir().unwrap();
    let main = [
        "locals {\n  cfg = yamldecode(file(\"${path.module}/config/imds.yaml\"))\n}\n".to_owned(),
        instance("yaml", "local.cfg.imds.tokens"),
        instance("csv", "csvdecode(file(\"config/imds.csv\"))[0].tokens"),
        instance(
            "template",
            "templatefile(\"${path.root}/config/tokens.tpl\", { strict = false })",
        ),
        instance("b64", "base64decode(\"b3B0aW9uYWw=\")"),
        instance(
            "exists",
            "fileexists(\"config/strict\") ? \"required\" : \"optional\"",
        ),
        instance(
            "yes_no",
            "yamldecode(\"strict: no\").strict ? \"required\" : \"optional\"",
        ),
    ]
    .concat();
    write(
        dir.path(),
        &[
            ("main.tf", &main),
            ("config/imds.yaml", "imds:\n  tokens: optional\n"),
            ("config/imds.csv", "name,tokens\nweb,optional\n"),
            (
                "config/tokens.tpl",
                "%{ if strict }required%{ else }optional%{ endif }",
            ),
        ],
    );
    let scan = scan(dir.path());
    let lines = |name: &str| {
        let start = main
            .lines()
            .position(|l| l.contains(&format!("\"{name}\"")))
            .unwrap();
        u32::try_from(start).unwrap() + 5
    };
    let expected: Vec<(String, String, u32)> =
        ["b64", "csv", "exists", "template", "yaml", "yes_no"]
            .iter()
            .map(|n| (format!("aws_instance.{n}"), "main.tf".to_owned(), lines(n)))
            .collect();
    assert_eq!(imds(&scan), expected, "{:#?}", scan.findings);
    // Computed from a file: a recommendation, never an edit of the call.
    let yaml = scan
        .findings
        .iter()
        .find(|f| f.rule_id.as_str() == RULE && f.address.to_string() == "aws_instance.yaml")
        .unwrap();
    assert!(yaml.fix.is_none());
    assert!(
        yaml.recommendation
            .as_deref()
            .is_some_and(|r| r.contains("computed at main.tf:2")),
        "{:?}",
        yaml.recommendation
    );
}

#[test]
fn a_module_reads_from_its_own_folder_under_a_root_in_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    let module = [
        "locals {\n  cfg = yamldecode(file(\"${path.module}/imds.yaml\"))\n}\n".to_owned(),
        instance("this", "local.cfg.tokens"),
    ]
    .concat();
    write(
        dir.path(),
        &[
            (
                "envs/prod/main.tf",
                "module \"web\" {\n  source = \"../../modules/web\"\n}\n",
            ),
            ("modules/web/main.tf", &module),
            ("modules/web/imds.yaml", "tokens: optional\n"),
        ],
    );
    let scan = scan(dir.path());
    assert_eq!(
        imds(&scan),
        [(
            "module.web.aws_instance.this".to_owned(),
            "modules/web/main.tf".to_owned(),
            8
        )],
        "{:#?}",
        scan.errors
    );
}

#[test]
fn files_outside_the_repository_or_too_large_are_unknown() {
    let outer = tempfile::tempdir().unwrap();
    let repo = outer.path().join("repo");
    std::fs::write(outer.path().join("outside.txt"), "optional").unwrap();
    let main = [
        instance("outside", "file(\"../outside.txt\")"),
        instance(
            "absolute",
            &format!("file({:?})", outer.path().join("outside.txt")),
        ),
        instance("big", "file(\"big.txt\")"),
        instance("missing", "try(file(\"missing.txt\"), \"optional\")"),
    ]
    .concat();
    write(&repo, &[("main.tf", &main)]);
    let big = std::fs::File::create(repo.join("big.txt")).unwrap();
    big.set_len(5 * 1024 * 1024).unwrap();
    let scan = scan(&repo);
    // Only the missing file, which Terraform's `try` turns into the fallback, gives a finding.
    assert_eq!(
        imds(&scan),
        [("aws_instance.missing".to_owned(), "main.tf".to_owned(), 26)],
        "{:#?}",
        scan.findings
    );
}
