//! What is compared: every root module of every rule fixture case, and of the public corpus's
//! repositories.
//!
//! A fixture case (a `bad_*`/`good_*` `.tf` file or folder, `driftless_rules::fixtures`) is a
//! repository of its own, copied to a temporary folder. The corpus's repositories are
//! terragoat (`terragoat/`) and each terraform-aws-modules module (`modules/<name>/`), read in
//! place (the runner plans a copy). The corpus's `kics/` and `trivy-examples/` folders are not
//! repositories but collections of stand-alone snippets (a folder's `bad1.tf` and `good1.tf`
//! declare the same resources), so they hold no root module to plan.

use super::view::{EvaluatedView, views};
use driftless_hcl::{LoadOptions, Project, evaluate};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which set of cases a root module belongs to; the figures are given per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// The rule fixtures.
    Fixtures,
    /// The public corpus.
    Corpus,
}

impl Group {
    /// The prefix of its case names: `fixtures/` or `corpus/`.
    #[must_use]
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Fixtures => "fixtures/",
            Self::Corpus => "corpus/",
        }
    }
}

/// One root module to compare: where it is and driftless's view of it.
#[derive(Debug, Clone)]
pub struct RootCase {
    /// Its name: `fixtures/aws/ec2/imdsv2_required/bad_omitted.tf`,
    /// `corpus/modules/terraform-aws-vpc/examples/simple`; a fixture case with a root module
    /// below its top folder adds `:<root module>`.
    pub name: String,
    /// Its group.
    pub group: Group,
    /// The repository holding it.
    pub repository: PathBuf,
    /// The root module, repository-relative (`.` for the repository's root).
    pub root: String,
    /// driftless's view of it.
    pub view: EvaluatedView,
    /// The temporary copy of a fixture case, removed when the last case of it is dropped.
    pub copy: Option<Arc<tempfile::TempDir>>,
}

/// Where a fixture case's [`driftless_rules::fixtures::PLAN_VALUES_FILE`] goes in its copy:
/// a `.auto.tfvars` file, which Terraform and driftless both load.
const PLAN_VALUES_COPY: &str = "driftless_plan_values.auto.tfvars";

/// The root modules of every rule fixture case, each case copied into a temporary folder
/// (with its plan values, if any, as an `.auto.tfvars` file).
///
/// # Errors
/// When the fixtures cannot be listed or copied.
pub fn fixture_cases() -> std::io::Result<Vec<RootCase>> {
    let mut out = Vec::new();
    for case in driftless_rules::fixtures::cases()? {
        let copy = Arc::new(tempfile::tempdir()?);
        case.copy_to(copy.path())?;
        // The values a case gives its root module's unset variables, loaded by Terraform
        // and by driftless alike, so both evaluate the same configuration.
        if let Some(values) = case.plan_values()? {
            std::fs::write(copy.path().join(PLAN_VALUES_COPY), values)?;
        }
        let name = format!("{}{}", Group::Fixtures.prefix(), case.name());
        for mut root in roots(copy.path(), Group::Fixtures, &name) {
            root.copy = Some(Arc::clone(&copy));
            out.push(root);
        }
    }
    Ok(out)
}

/// The root modules of the corpus at `corpus` (`../shared/corpus`): terragoat's and each
/// module's of `modules/`, sorted by name.
///
/// # Errors
/// When `modules/` cannot be listed.
pub fn corpus_cases(corpus: &Path) -> std::io::Result<Vec<RootCase>> {
    let mut repositories = vec![PathBuf::from("terragoat")];
    for entry in std::fs::read_dir(corpus.join("modules"))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            repositories.push(Path::new("modules").join(entry.file_name()));
        }
    }
    repositories.sort();
    let mut out = Vec::new();
    for repository in repositories {
        let name = format!("{}{}", Group::Corpus.prefix(), repository.display());
        out.extend(roots(&corpus.join(&repository), Group::Corpus, &name));
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Every root module of the repository at `repository`, evaluated; `name` names the
/// repository.
fn roots(repository: &Path, group: Group, name: &str) -> Vec<RootCase> {
    let project = Project::load(repository, &LoadOptions::default());
    let mut views = views(&evaluate(&project));
    project
        .roots
        .iter()
        .map(|root| {
            let view = views.remove(root).unwrap_or_else(|| EvaluatedView {
                root_module: root.clone(),
                instances: Vec::new(),
            });
            let name = match (group, root.as_str()) {
                (_, ".") => name.to_owned(),
                (Group::Fixtures, _) => format!("{name}:{root}"),
                (Group::Corpus, _) => format!("{name}/{root}"),
            };
            RootCase {
                name,
                group,
                repository: repository.to_path_buf(),
                root: root.clone(),
                view,
                copy: None,
            }
        })
        .collect()
}
