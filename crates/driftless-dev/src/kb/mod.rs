//! The registry module knowledge base generator: traces the modules' own sources with
//! driftless-hcl's parser and evaluator, and writes, for each module and submodule, its
//! resources (with the conditions on their `count`/`for_each`) and, for every attribute, the
//! module input that sets it (with its default) or the constant it is set to. No source text
//! is kept: only what tracing derives.
//!
//! Tracing is symbolic: an expression is folded to a constant by the evaluator when it does
//! not depend on any input; otherwise `var.x.y`, `local.z` (followed), `try`, `lookup`,
//! `coalesce`, conversions, `dynamic` iterators, `count.index`/`each` and local submodule
//! calls (their arguments followed into the caller) are traced to an input path. Anything
//! else is recorded as unknown (or as references to other resources), never guessed.
//!
//! [`generate`] and [`trace_all`] walk the modules folder; `module` reads one module (its
//! inputs, its resources and those of its local submodules); `sym` holds what tracing
//! produces (a traced value, a traced condition); `expr` traces an expression or a condition
//! to an input path; `repeat` traces `count`/`for_each`; `body` traces a resource's
//! attributes and nested blocks. The module sources are read and folded through
//! [`driftless_hcl::trace`].

mod body;
mod expr;
mod module;
mod repeat;
mod sym;

use driftless_hcl::knowledge_base::KnowledgeBase;
use driftless_hcl::trace::ReadModuleError;
use module::Loader;
use std::path::{Path, PathBuf};

/// Why the knowledge base could not be generated. The text says all (the folder or file and
/// the cause), so no error source is chained.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A folder of modules cannot be listed.
    #[error("{}: {error}", dir.display())]
    Folder {
        /// The folder.
        dir: PathBuf,
        /// What the file system said.
        error: std::io::Error,
    },
    /// A module folder cannot be read, or one of its files does not parse.
    #[error("{0}")]
    Module(ReadModuleError),
    /// The knowledge base does not serialise.
    #[error("{0}")]
    Json(serde_json::Error),
}

/// Traces every module under `modules_dir` (one `terraform-aws-<name>` folder a module, its
/// submodules under `modules/<x>`) and returns the knowledge base as pretty JSON with a final
/// newline: the same input always gives the same bytes.
///
/// # Errors
/// When `modules_dir` cannot be read or a module file does not parse.
pub fn generate(modules_dir: &Path) -> Result<String, KbError> {
    let kb = trace_all(modules_dir)?;
    let mut json = serde_json::to_string_pretty(&kb).map_err(KbError::Json)?;
    json.push('\n');
    Ok(json)
}

/// Traces every module under `modules_dir` into a [`KnowledgeBase`].
///
/// # Errors
/// As [`generate`].
pub fn trace_all(modules_dir: &Path) -> Result<KnowledgeBase, KbError> {
    let read = |d: &Path| -> Result<Vec<PathBuf>, KbError> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|error| KbError::Folder {
                dir: d.to_path_buf(),
                error,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        v.sort();
        Ok(v)
    };
    let mut loader = Loader::default();
    let mut modules = Vec::new();
    for dir in read(modules_dir)? {
        let folder = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(name) = folder.strip_prefix("terraform-aws-") else {
            continue;
        };
        let address = format!("terraform-aws-modules/{name}/aws");
        if let Some(m) = loader.trace_module(&dir, &address)? {
            modules.push(m);
        }
        let sub = dir.join("modules");
        if sub.is_dir() {
            for d in read(&sub)? {
                let x = d
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                // `_templates`, `_user_data`: internal building blocks, not entry points.
                if x.starts_with('_') {
                    continue;
                }
                if let Some(m) = loader.trace_module(&d, &format!("{address}//modules/{x}"))? {
                    modules.push(m);
                }
            }
        }
    }
    modules.sort_by(|a, b| a.address.cmp(&b.address));
    Ok(KnowledgeBase {
        generated_by: "driftless-dev kb --modules ../shared/corpus/modules".to_owned(),
        modules,
    })
}
