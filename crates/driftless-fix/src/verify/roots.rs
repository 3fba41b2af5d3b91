//! Which root modules a fix touches: every root module that evaluates a module folder holding
//! one of its edits (a fix in a shared module touches every root calling it), and the root
//! module its finding was evaluated from.

use driftless_diagnostics::Finding;
use driftless_hcl::parent_dir;
use driftless_rules::Scan;
use std::collections::{BTreeMap, BTreeSet};

/// `.` for the repository's root (the scan writes `.`; the runner also accepts `""`).
pub(super) fn normal(root: &str) -> String {
    let trimmed = root.trim_matches('/');
    if trimmed.is_empty() || trimmed == "." {
        ".".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Module folders and the root modules that evaluate them, from one scan.
#[derive(Debug, Default)]
pub(super) struct RootTree {
    /// Module folder (repository-relative, `.` for the root) → root modules evaluating it.
    roots_by_dir: BTreeMap<String, BTreeSet<String>>,
    /// Root module → every module folder it evaluates (itself included).
    dirs_by_root: BTreeMap<String, BTreeSet<String>>,
}

impl RootTree {
    pub(super) fn of(scan: &Scan) -> Self {
        let mut tree = Self::default();
        for instance in &scan.evaluation.module_instances {
            let root = normal(&instance.root_module);
            let dir = normal(&instance.module.dir);
            tree.roots_by_dir
                .entry(dir.clone())
                .or_default()
                .insert(root.clone());
            tree.dirs_by_root.entry(root).or_default().insert(dir);
        }
        tree
    }

    /// The root modules whose plan the fix of `finding` can change, sorted.
    pub(super) fn roots_of_fix(&self, finding: &Finding) -> BTreeSet<String> {
        let mut roots = BTreeSet::from([normal(&finding.root_module)]);
        for edit in finding
            .fix
            .iter()
            .flat_map(driftless_diagnostics::Fix::edits)
        {
            roots.extend(self.roots_of_file(&edit.path));
        }
        roots
    }

    /// The root modules evaluating the folder of `path` (repository-relative).
    pub(super) fn roots_of_file(&self, path: &str) -> BTreeSet<String> {
        self.roots_by_dir
            .get(&normal(&parent_dir(path)))
            .cloned()
            .unwrap_or_default()
    }

    /// Whether root module `root` reads the file at `path`: it lies in a folder the root
    /// evaluates.
    pub(super) fn reads(&self, root: &str, path: &str) -> bool {
        self.dirs_by_root
            .get(root)
            .is_some_and(|dirs| dirs.contains(&normal(&parent_dir(path))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_names_are_normal() {
        assert_eq!(normal(""), ".");
        assert_eq!(normal("."), ".");
        assert_eq!(normal("envs/prod/"), "envs/prod");
    }
}
