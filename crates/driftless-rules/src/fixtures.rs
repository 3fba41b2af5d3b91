//! The rule fixtures as data, for the catalog's tests and tooling: every rule's fixture folder
//! sits beside its source file (`rules/aws/ec2/imdsv2_required/`), and holds `bad_*` and
//! `good_*` cases, each a `.tf` file or a folder scanned as a repository, with
//! `# expect: <rule-id>` on every line a finding must point at.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One fixture case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Case {
    /// The case's file or folder.
    pub path: PathBuf,
    /// The id of the rule whose folder holds it.
    pub rule_id: String,
}

impl Case {
    /// The case's name relative to the rules folder, `aws/ec2/imdsv2_required/bad_omitted.tf`.
    #[must_use]
    pub fn name(&self) -> String {
        self.path
            .strip_prefix(crate::rules_dir())
            .unwrap_or(&self.path)
            .display()
            .to_string()
    }

    /// Whether it is a `bad_*` case.
    #[must_use]
    pub fn is_bad(&self) -> bool {
        self.path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("bad_"))
    }

    /// Copies the case into `dir`: a file as itself, a folder's content as the repository.
    ///
    /// # Errors
    /// When a file cannot be read or written.
    pub fn copy_to(&self, dir: &Path) -> std::io::Result<()> {
        if self.path.is_file() {
            std::fs::copy(
                &self.path,
                dir.join(self.path.file_name().unwrap_or_default()),
            )?;
            return Ok(());
        }
        for file in files_under(&self.path)? {
            let dest = dir.join(file.strip_prefix(&self.path).unwrap_or(&file));
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&file, dest)?;
        }
        Ok(())
    }
}

/// Every file under `dir`, recursively, sorted.
///
/// # Errors
/// When a folder cannot be read.
pub fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files_under(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Every fixture case of every rule, sorted. A rule's fixture folder is a folder with a `.rs`
/// file of the same name beside it; the rule id is read from that file's `id: "..."`.
///
/// # Errors
/// When the rules folder cannot be read.
pub fn cases() -> std::io::Result<Vec<Case>> {
    let mut out = Vec::new();
    let mut stack = vec![crate::rules_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if !path.is_dir() {
                continue;
            }
            let source = path.with_extension("rs");
            let Some(rule_id) = source.is_file().then(|| rule_id_in(&source)).flatten() else {
                stack.push(path);
                continue;
            };
            for case in std::fs::read_dir(&path)? {
                let case = case?.path();
                let name = case
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                if name.starts_with("bad_") || name.starts_with("good_") {
                    out.push(Case {
                        path: case,
                        rule_id: rule_id.clone(),
                    });
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn rule_id_in(source: &Path) -> Option<String> {
    let text = std::fs::read_to_string(source).ok()?;
    let at = text.find("id: \"")?;
    text[at + 5..].split('"').next().map(str::to_owned)
}

/// `(path, 1-based line, rule id)` of every `# expect: <rule-id>[, <rule-id>]` marker in the
/// files under `root` (paths relative to `root`, `/`-separated).
///
/// # Errors
/// When a file cannot be read.
pub fn expectations(root: &Path) -> std::io::Result<BTreeSet<(String, u32, String)>> {
    let mut out = BTreeSet::new();
    for file in files_under(root)? {
        let rel = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&file)?;
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = line.find("expect:") {
                for id in line[at + 7..].split([',', ' ']).filter(|s| !s.is_empty()) {
                    out.insert((
                        rel.clone(),
                        u32::try_from(i + 1).unwrap_or(u32::MAX),
                        id.to_owned(),
                    ));
                }
            }
        }
    }
    Ok(out)
}
