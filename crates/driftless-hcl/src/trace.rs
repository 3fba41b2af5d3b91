//! What the knowledge-base generator (`driftless-dev kb`) reads of a registry module's own
//! source: its folders parsed into declarations ([`ModuleReader`]), its expressions folded
//! to constants by the evaluator with every input unknown ([`ConstantFolder`]), and the
//! objects a traversal refers to as the view names them ([`referenced_object`]). The
//! generator traces the rest itself and writes the [`crate::knowledge_base`] format.
//!
//! This is the one door for code outside the crate into the files, eval and build layers:
//! the scanner's own loading goes through [`crate::Project`] and [`crate::evaluate`].

pub use crate::build::referenced_object;
use crate::eval::{ModuleEnv, Scope};
use crate::files::model::ModuleSource;
use crate::files::parse::parse_file;
use crate::files::project::normalize;
use crate::files::source::SourceFile;
use driftless_diagnostics::{InputError, OriginKind};
use hcl_edit::expr::Expression;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a module folder could not be read. The text says all: it names the folder or file and
/// the cause, so no error source is chained.
#[derive(Debug, thiserror::Error)]
pub enum ReadModuleError {
    /// The folder cannot be listed.
    #[error("{}: {error}", dir.display())]
    Folder {
        /// The folder, with `.` and `..` folded.
        dir: PathBuf,
        /// What the file system said.
        error: std::io::Error,
    },
    /// A `.tf` file cannot be read (unreadable, binary, not UTF-8) or does not parse.
    #[error("{0}")]
    File(InputError),
}

/// Reads module folders of a registry module's source, each once: every `.tf` file of the
/// folder, in name order, parsed and collected into its declarations. Files are named by
/// their file name alone and are not editable.
#[derive(Debug, Default)]
pub struct ModuleReader {
    cache: HashMap<PathBuf, Option<Arc<ModuleSource>>>,
}

impl ModuleReader {
    /// The declarations of the module folder `dir` (`.` and `..` are folded lexically);
    /// `None` when it holds no `.tf` file.
    ///
    /// # Errors
    /// When the folder cannot be listed, or one of its `.tf` files cannot be read or does not
    /// parse: the generator records what it traced, so a partial module would be wrong.
    pub fn read(&mut self, dir: &Path) -> Result<Option<Arc<ModuleSource>>, ReadModuleError> {
        let dir = normalize(dir);
        if let Some(m) = self.cache.get(&dir) {
            return Ok(m.clone());
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|error| ReadModuleError::Folder {
                dir: dir.clone(),
                error,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "tf") && p.is_file())
            .collect();
        files.sort();
        let mut parsed = Vec::new();
        for f in files {
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let source = SourceFile::read(&f, name, false).map_err(ReadModuleError::File)?;
            parsed.push(Arc::new(parse_file(source).map_err(ReadModuleError::File)?));
        }
        let module = (!parsed.is_empty()).then(|| {
            Arc::new(ModuleSource::from_files(
                dir.display().to_string(),
                dir.clone(),
                false,
                &parsed,
            ))
        });
        self.cache.insert(dir, module.clone());
        Ok(module)
    }
}

/// Folds expressions of one module to constants, with every input variable unknown: what
/// the module sets whatever its caller passes. Locals are evaluated once per folder.
pub struct ConstantFolder<'m> {
    env: ModuleEnv<'m>,
}

impl<'m> ConstantFolder<'m> {
    /// A folder for the expressions of `module`.
    #[must_use]
    pub fn new(module: &'m ModuleSource) -> Self {
        Self {
            env: ModuleEnv::new(module, HashMap::new(), ".".to_owned()),
        }
    }

    /// The value of `expr` (an expression of `file`, a file of the module) as JSON, when it
    /// is known in full; `None` when it depends on an input, a resource or anything else the
    /// evaluator leaves unknown, or when Terraform would fail on it.
    #[must_use]
    pub fn fold(&self, expr: &Expression, file: &SourceFile) -> Option<serde_json::Value> {
        let v = Scope::new(&self.env, file, OriginKind::Literal)
            .eval(expr)
            .ok()?;
        (!v.is_unknown()).then(|| v.to_json())
    }
}
