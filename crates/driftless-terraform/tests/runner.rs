//! The runner with the real Terraform and AWS provider (`driftless_testkit::terraform()`: the
//! tests say in one line that they were skipped without them, and fail instead under
//! `DRIFTLESS_REQUIRE_TERRAFORM=1`). Nothing here reaches a network.

use driftless_terraform::plan::{AttributePath, PathStep, PlanAction, ReplaceOrder};
use driftless_terraform::{
    Against, ProviderMirror, RunError, Runner, RunnerOptions, SetupError, Stage, Terraform,
    ToolName,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PROVIDER: &str = "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n";

const INSTANCE_AND_VOLUME: &str = r#"resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "optional"
  }
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}
"#;

const DATABASE: &str = r#"resource "aws_db_instance" "db" {
  allocated_storage = 10
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  username          = "admin"
  password          = "not-a-real-password"
}
"#;

/// A runner over a plugin cache of its own (a folder removed when the first value drops), or
/// `None` (skipped) without Terraform.
fn runner() -> Option<(tempfile::TempDir, Runner)> {
    let tools = driftless_testkit::terraform()?;
    let cache = tempfile::tempdir().unwrap();
    let terraform = Terraform::at(&tools.binary).unwrap();
    let mirror = ProviderMirror::at(&tools.mirror);
    let runner = Runner::new(
        terraform,
        mirror,
        cache.path().to_path_buf(),
        Duration::from_mins(2),
    );
    Some((cache, runner.unwrap()))
}

/// A repository holding `files`.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

fn path(steps: &[&str]) -> AttributePath {
    AttributePath(
        steps
            .iter()
            .map(|s| match s.parse() {
                Ok(i) => PathStep::Index(i),
                Err(_) => PathStep::Name((*s).to_owned()),
            })
            .collect(),
    )
}

fn addr(text: &str) -> driftless_diagnostics::ResourceAddress {
    text.parse().unwrap()
}

#[test]
fn terraform_and_the_mirror_are_found() {
    let cache = tempfile::tempdir().unwrap();
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let options = RunnerOptions {
        terraform: Some(tools.binary.clone()),
        mirror: Some(tools.mirror.clone()),
        plugin_cache: Some(cache.path().join("plugins")),
        ..RunnerOptions::default()
    };
    let runner = Runner::discover(&options).unwrap();
    let terraform = runner.terraform();
    assert_eq!(terraform.name, ToolName::Terraform);
    assert!(terraform.version.starts_with("1."), "{terraform}");
    assert!(!terraform.platform.is_empty());
    assert!(runner.plugin_cache().is_dir());

    let missing = RunnerOptions {
        mirror: Some(cache.path().to_path_buf()),
        ..options.clone()
    };
    let e = Runner::discover(&missing).unwrap_err();
    assert!(matches!(e, SetupError::MirrorWithoutProvider { .. }), "{e}");
    let e = Terraform::at(&cache.path().join("no-terraform")).unwrap_err();
    assert!(matches!(e, SetupError::Version { .. }), "{e}");
}

#[test]
fn a_plan_says_what_each_instance_gets_and_keeps_no_secret() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let repo = repo(&[
        (
            "main.tf",
            &format!("{PROVIDER}{INSTANCE_AND_VOLUME}{DATABASE}"),
        ),
        ("README.md", "not Terraform\n"),
    ]);
    let before = tree(repo.path());
    let mut workspace = runner.workspace(repo.path(), ".").unwrap();
    assert_eq!(workspace.root_module(), "");
    assert!(workspace.validate().unwrap().is_empty());
    let plan = workspace.plan(Against::Empty).unwrap();
    assert!(!plan.errored && plan.terraform_version.starts_with("1."));
    assert_eq!(plan.warnings, [], "the offline settings warn");
    let actions: Vec<(String, PlanAction)> = plan
        .changes
        .iter()
        .map(|c| (c.address.to_string(), c.action))
        .collect();
    assert_eq!(
        actions,
        [
            ("aws_db_instance.db".to_owned(), PlanAction::Create),
            ("aws_ebs_volume.data".to_owned(), PlanAction::Create),
            ("aws_instance.web".to_owned(), PlanAction::Create),
        ]
    );
    let volume = plan.change(&addr("aws_ebs_volume.data")).unwrap();
    assert!(volume.changes(&path(&["size"])) && volume.changes(&path(&["id"])));
    let planned = plan
        .planned
        .iter()
        .find(|p| p.address == addr("aws_instance.web"))
        .unwrap();
    assert_eq!(planned.values["instance_type"], "t3.micro");
    assert_eq!(
        planned.values["metadata_options"][0]["http_tokens"],
        "optional"
    );
    let db = plan
        .planned
        .iter()
        .find(|p| p.address == addr("aws_db_instance.db"))
        .unwrap();
    assert!(!db.values.contains_key("password"));
    assert!(db.redacted.contains(&path(&["password"])));
    assert!(!format!("{plan:?}").contains("not-a-real-password"));
    drop(workspace);
    assert_eq!(tree(repo.path()), before, "the repository was written to");
}

#[test]
fn every_provider_block_is_made_offline_aliases_and_roles_included() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    // Without the override, the aliased block has no credentials and assumes a role: the plan
    // would need the API. With it, the plan runs offline.
    let repo = repo(&[(
        "main.tf",
        r#"provider "aws" {
  region  = "eu-west-1"
  profile = "no-such-profile"
}

provider "aws" {
  alias = "us"

  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deploy"
  }
}

resource "aws_ebs_volume" "us" {
  provider          = aws.us
  availability_zone = "us-east-1a"
  size              = 1
}

resource "aws_ebs_volume" "eu" {
  availability_zone = "eu-west-1a"
  size              = 1
}
"#,
    )]);
    let mut workspace = runner.workspace(repo.path(), "").unwrap();
    let plan = workspace.plan(Against::Empty).unwrap();
    assert_eq!(plan.changes.len(), 2);
    assert!(plan.changes.iter().all(|c| c.action == PlanAction::Create));
}

#[test]
fn a_root_module_without_a_provider_block_gets_one() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let repo = repo(&[
        (
            "envs/prod/main.tf",
            "module \"vol\" {\n  source = \"../../modules/vol\"\n}\n",
        ),
        (
            "modules/vol/main.tf",
            "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size = 1\n  tags = { policy = file(\"${path.module}/files/tag.txt\") }\n}\n",
        ),
        ("modules/vol/files/tag.txt", "from-a-file"),
        ("modules/other/main.tf", "this is not read {"),
    ]);
    let mut workspace = runner.workspace(repo.path(), "envs/prod").unwrap();
    assert!(!workspace.scratch().join("repo/modules/other").exists());
    let plan = workspace.plan(Against::Empty).unwrap();
    let change = plan.change(&addr("module.vol.aws_ebs_volume.v")).unwrap();
    assert_eq!(change.action, PlanAction::Create);
    let planned = &plan.planned[0];
    assert_eq!(planned.values["tags"]["policy"], "from-a-file");
}

#[test]
fn a_syntax_error_points_at_the_repositorys_file_and_line() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let repo = repo(&[
        (
            "envs/prod/main.tf",
            &format!("{PROVIDER}module \"vol\" {{\n  source = \"../../modules/vol\"\n}}\n"),
        ),
        (
            "modules/vol/main.tf",
            "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size = = 1\n}\n",
        ),
    ]);
    let e = runner.workspace(repo.path(), "envs/prod").unwrap_err();
    let RunError::Rejected { stage, diagnostics } = &e else {
        panic!("{e}")
    };
    assert_eq!(*stage, Stage::Init);
    let location = diagnostics[0].location.as_ref().unwrap();
    assert_eq!(
        (location.path.as_str(), location.line),
        ("modules/vol/main.tf", 3),
        "{e}"
    );

    // An argument the provider does not have: init passes, validate refuses.
    let repo = self::repo(&[
        (
            "envs/prod/main.tf",
            &format!("{PROVIDER}module \"vol\" {{\n  source = \"../../modules/vol\"\n}}\n"),
        ),
        (
            "modules/vol/main.tf",
            "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size = 1\n  encryptd = true\n}\n",
        ),
    ]);
    let mut workspace = runner.workspace(repo.path(), "envs/prod").unwrap();
    let e = workspace.validate().unwrap_err();
    let RunError::Rejected { stage, diagnostics } = &e else {
        panic!("{e}")
    };
    assert_eq!(*stage, Stage::Validate);
    let location = diagnostics[0].location.as_ref().unwrap();
    assert_eq!(
        (location.path.as_str(), location.line, location.column),
        ("modules/vol/main.tf", 4, 3)
    );
    assert_eq!(diagnostics[0].summary, "Unsupported argument");
}

#[test]
fn a_data_source_that_needs_the_api_fails_at_once() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let repo = repo(&[(
        "main.tf",
        &format!(
            "{PROVIDER}\ndata \"aws_ami\" \"ubuntu\" {{\n  most_recent = true\n  owners      = [\"099720109477\"]\n}}\n\n\
             resource \"aws_instance\" \"web\" {{\n  ami           = data.aws_ami.ubuntu.id\n  instance_type = \"t3.micro\"\n}}\n"
        ),
    )]);
    let mut workspace = runner.workspace(repo.path(), "").unwrap();
    let started = Instant::now();
    let e = workspace.plan(Against::Empty).unwrap_err();
    let RunError::NeedsApi {
        caller, location, ..
    } = &e
    else {
        panic!("{e}")
    };
    assert_eq!(caller, "data.aws_ami.ubuntu");
    let location = location.as_ref().unwrap();
    assert_eq!((location.path.as_str(), location.line), ("main.tf", 5));
    // The provider tries once through a proxy that refuses at once; its default retries
    // would take about 25 s.
    assert!(
        started.elapsed() < Duration::from_mins(1),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_users_tree_lock_and_state_are_never_used_or_written() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let state = r#"{"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "user",
      "outputs": {}, "resources": [{"mode": "managed", "type": "aws_ebs_volume", "name": "old",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": [{"schema_version": 0, "attributes": {"id": "vol-1", "availability_zone": "eu-west-1a", "size": 1},
                     "sensitive_attributes": []}]}]}"#;
    let repo = repo(&[
        (
            "main.tf",
            &format!(
                "terraform {{\n  backend \"s3\" {{\n    bucket = \"b\"\n    key    = \"k\"\n    region = \"eu-west-1\"\n  }}\n}}\n\n{PROVIDER}{INSTANCE_AND_VOLUME}"
            ),
        ),
        // A lock file no mirror can satisfy, and a state: neither may be used.
        (
            ".terraform.lock.hcl",
            "provider \"registry.terraform.io/hashicorp/aws\" {\n  version = \"4.0.0\"\n  hashes = [\"h1:nope\"]\n}\n",
        ),
        ("terraform.tfstate", state),
        (".git/HEAD", "ref: refs/heads/main\n"),
    ]);
    let before = tree(repo.path());
    let mut workspace = runner.workspace(repo.path(), "").unwrap();
    let copy = workspace.scratch().join("repo");
    assert!(copy.join("main.tf").is_file());
    for absent in [".git", "terraform.tfstate"] {
        assert!(!copy.join(absent).exists(), "{absent} was copied");
    }
    let plan = workspace.plan(Against::Empty).unwrap();
    assert_eq!(plan.changes.len(), 2, "the user's state was read");

    // Planned against the same state handed over explicitly, the volume it holds goes.
    let state_file = repo.path().join("terraform.tfstate");
    let plan = workspace.plan(Against::StateFile(&state_file)).unwrap();
    assert_eq!(
        plan.change(&addr("aws_ebs_volume.old")).unwrap().action,
        PlanAction::Delete
    );
    drop(workspace);
    assert_eq!(tree(repo.path()), before, "the repository was written to");
}

/// The provider's folder in the plugin cache.
fn cached_provider(cache: &Path) -> PathBuf {
    let versions = cache.join("registry.terraform.io/hashicorp/aws");
    let version = std::fs::read_dir(&versions)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::read_dir(version)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}

#[test]
fn the_plugin_cache_is_shared_by_every_run() {
    let Some((cache, runner)) = runner() else {
        return;
    };
    let repo = repo(&[("main.tf", &format!("{PROVIDER}{INSTANCE_AND_VOLUME}"))]);
    let first = runner.workspace(repo.path(), "").unwrap();
    let cached = cached_provider(cache.path());
    let installed = std::fs::symlink_metadata(&cached).unwrap();
    let second = runner.workspace(repo.path(), "").unwrap();
    let again = std::fs::symlink_metadata(&cached).unwrap();
    assert_eq!(
        (installed.modified().unwrap(), installed.len()),
        (again.modified().unwrap(), again.len()),
        "the second init installed the provider again"
    );
    for workspace in [&first, &second] {
        let providers = workspace
            .scratch()
            .join("repo/.terraform/providers/registry.terraform.io/hashicorp/aws");
        let version = std::fs::read_dir(&providers)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let platform = std::fs::read_dir(version)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let link = std::fs::read_link(&platform).unwrap();
        assert!(
            link.starts_with(cache.path()),
            "{} is not from the cache",
            link.display()
        );
    }
}

#[test]
fn a_provider_the_mirror_lacks_and_a_remote_module_are_refused() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let repo = repo(&[(
        "main.tf",
        "resource \"random_id\" \"x\" {\n  byte_length = 4\n}\n",
    )]);
    let e = runner.workspace(repo.path(), "").unwrap_err();
    let RunError::ProviderNotInMirror { provider, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(provider, "hashicorp/random");

    let repo = self::repo(&[(
        "main.tf",
        "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n",
    )]);
    let e = runner.workspace(repo.path(), "").unwrap_err();
    assert_eq!(
        e.to_string(),
        "main.tf:1: module `vpc` comes from `terraform-aws-modules/vpc/aws`, which would need the \
         network to install; driftless plans only configurations whose modules are local folders"
    );
    let e = runner.workspace(repo.path(), "nope").unwrap_err();
    assert!(matches!(e, RunError::NoRootModule(_)), "{e}");
}

#[test]
fn a_patch_planned_against_the_prior_state_says_update_or_replace() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let main = format!("{PROVIDER}{INSTANCE_AND_VOLUME}{DATABASE}");
    let repo = repo(&[("main.tf", &main)]);
    let mut workspace = runner.workspace(repo.path(), "").unwrap();
    let (plan, prior) = workspace.plan_with_prior_state().unwrap();
    assert_eq!(plan.changes.len(), 3);
    assert_eq!(prior.instances(), 3);
    assert!(!format!("{prior:?}").contains("not-a-real-password"));

    let unchanged = workspace.plan(Against::Prior(&prior)).unwrap();
    let actions: Vec<PlanAction> = unchanged.changes.iter().map(|c| c.action).collect();
    assert!(unchanged.changes_nothing(), "{actions:?}");

    let patched = main
        .replace("http_tokens = \"optional\"", "http_tokens = \"required\"")
        .replace(
            "size              = 10",
            "size              = 10\n  encrypted         = true",
        )
        .replace(
            "password          = \"not-a-real-password\"",
            "password          = \"not-a-real-password\"\n  storage_encrypted = true",
        );
    workspace.write_file("main.tf", &patched).unwrap();
    let plan = workspace.plan(Against::Prior(&prior)).unwrap();
    let instance = plan.change(&addr("aws_instance.web")).unwrap();
    assert_eq!(instance.action, PlanAction::Update);
    assert_eq!(
        instance.changed_paths,
        [path(&["metadata_options", "0", "http_tokens"])]
    );
    let volume = plan.change(&addr("aws_ebs_volume.data")).unwrap();
    assert_eq!(
        volume.action,
        PlanAction::Replace(ReplaceOrder::DeleteThenCreate)
    );
    assert_eq!(volume.replace_paths, [path(&["encrypted"])]);
    let db = plan.change(&addr("aws_db_instance.db")).unwrap();
    assert_eq!(
        db.action,
        PlanAction::Replace(ReplaceOrder::DeleteThenCreate)
    );
    assert_eq!(db.replace_paths, [path(&["storage_encrypted"])]);
    assert_eq!(
        std::fs::read_to_string(repo.path().join("main.tf")).unwrap(),
        main
    );
}

#[test]
fn warnings_come_back_with_their_place() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let deprecated = INSTANCE_AND_VOLUME.replace(
        "instance_type = \"t3.micro\"",
        "instance_type = \"t3.micro\"\n  cpu_core_count = 2",
    );
    let repo = repo(&[("main.tf", &format!("{PROVIDER}{deprecated}"))]);
    let mut workspace = runner.workspace(repo.path(), "").unwrap();
    let warnings = workspace.validate().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].summary, "Argument is deprecated");
    let location = warnings[0].location.as_ref().unwrap();
    assert_eq!((location.path.as_str(), location.line), ("main.tf", 7));
    let plan = workspace.plan(Against::Empty).unwrap();
    assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
}

#[test]
fn values_computed_from_other_resources_settle() {
    let Some((_cache, runner)) = runner() else {
        return;
    };
    let main = format!(
        "{PROVIDER}{}",
        r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.a.id
}

resource "aws_s3_bucket" "data" {
  bucket_prefix = "data-"
}

resource "aws_iam_policy" "read" {
  name   = "read"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.data.arn}/*" }] })
}
"#
    );
    let repo = repo(&[("main.tf", &main)]);
    let mut workspace = runner.workspace(repo.path(), "").unwrap();
    let (_, prior) = workspace.plan_with_prior_state().unwrap();
    assert!(prior.residual().is_empty(), "{prior:?}");
    assert!(
        workspace
            .plan(Against::Prior(&prior))
            .unwrap()
            .changes_nothing()
    );
    let patched = main.replace(
        "  subnet_id     = aws_subnet.a.id\n",
        "  subnet_id     = aws_subnet.a.id\n\n  metadata_options {\n    http_tokens = \"required\"\n  }\n",
    );
    workspace.write_file("main.tf", &patched).unwrap();
    let plan = workspace.plan(Against::Prior(&prior)).unwrap();
    let changed: Vec<(String, PlanAction)> = plan
        .changes
        .iter()
        .filter(|c| c.action != PlanAction::NoOp)
        .map(|c| (c.address.to_string(), c.action))
        .collect();
    assert_eq!(
        changed,
        [("aws_instance.web".to_owned(), PlanAction::Update)]
    );
}
