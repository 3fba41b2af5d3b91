//! The declarations of one module folder: variables, locals, resources, data sources and module
//! calls, each with the file it sits in. Nothing here is evaluated yet.

use crate::files::parse::ParsedFile;
use crate::files::source::SourceFile;
use driftless_diagnostics::{ResourceMode, SourceLocation};
use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A `variable` block.
#[derive(Debug, Clone)]
pub struct VariableDecl {
    /// The variable's name.
    pub name: String,
    /// The file that declares it.
    pub file: Arc<SourceFile>,
    /// The `default` expression, if any.
    pub default: Option<Expression>,
    /// The `type` expression, if any (`object({ http_tokens = optional(string, "required") })`).
    pub type_constraint: Option<Expression>,
    /// Whether it is declared `sensitive = true` (a literal `true`): its value is never read
    /// from a plan.
    pub sensitive: bool,
}

impl VariableDecl {
    /// Where its `default` expression sits in its file (offsets of the file as read), when
    /// it has one: the origin of a value taken from it.
    #[must_use]
    pub fn default_range(&self) -> Option<driftless_diagnostics::TextRange> {
        let span = self.default.as_ref()?.span()?;
        Some(self.file.original_range(span))
    }
}

/// An expression with the file it sits in (a `locals` entry, a tfvars entry).
#[derive(Debug, Clone)]
pub struct ExprDecl {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The attribute (`name = expression`).
    pub attribute: Attribute,
}

/// A `resource` or `data` block.
#[derive(Debug, Clone)]
pub struct ResourceDecl {
    /// Managed resource or data source.
    pub mode: ResourceMode,
    /// First label, `aws_instance`.
    pub resource_type: String,
    /// Second label, `web`.
    pub name: String,
    /// The file.
    pub file: Arc<SourceFile>,
    /// The block as parsed.
    pub block: Block,
}

/// A `module` block.
#[derive(Debug, Clone)]
pub struct ModuleCallDecl {
    /// The call's name, its label.
    pub name: String,
    /// The `source` argument when it is a plain string.
    pub source: Option<String>,
    /// The `version` argument when it is a plain string.
    pub version: Option<String>,
    /// The file.
    pub file: Arc<SourceFile>,
    /// The block as parsed.
    pub block: Block,
}

impl ModuleCallDecl {
    /// Whether `source` is a local path (`./x` or `../x`), which Terraform never downloads.
    #[must_use]
    pub fn is_local(&self) -> bool {
        self.source
            .as_deref()
            .is_some_and(|s| s.starts_with("./") || s.starts_with("../"))
    }

    /// The location of the whole `module` block.
    #[must_use]
    pub fn location(&self) -> SourceLocation {
        self.file
            .location(self.file.original_range(self.block.span().unwrap_or(0..0)))
    }
}

/// Everything declared in one module folder.
#[derive(Debug, Default)]
pub struct ModuleSource {
    /// Repository-relative folder, `.` for the repository root; for a module fetched into
    /// `.terraform/modules` the path under the repository too.
    pub dir: String,
    /// Absolute folder.
    pub abs_dir: PathBuf,
    /// Whether its files may be edited.
    pub editable: bool,
    /// Variables by name.
    pub variables: BTreeMap<String, VariableDecl>,
    /// Locals by name.
    pub locals: BTreeMap<String, ExprDecl>,
    /// Resources and data sources in file order.
    pub resources: Vec<ResourceDecl>,
    /// Module calls in file order.
    pub module_calls: Vec<ModuleCallDecl>,
    /// Repository-relative paths of its `.tf` files.
    pub files: Vec<String>,
}

impl ModuleSource {
    /// Collects the declarations of `files` (the `.tf` files of one folder).
    #[must_use]
    pub fn from_files(
        dir: String,
        abs_dir: PathBuf,
        editable: bool,
        files: &[Arc<ParsedFile>],
    ) -> Self {
        let mut m = Self {
            dir,
            abs_dir,
            editable,
            ..Self::default()
        };
        for parsed in files {
            m.files.push(parsed.source.path.clone());
            m.collect(&parsed.source, &parsed.body);
        }
        m
    }

    fn collect(&mut self, file: &Arc<SourceFile>, body: &Body) {
        for block in body.blocks() {
            let labels: Vec<&str> = block
                .labels
                .iter()
                .map(hcl_edit::structure::BlockLabel::as_str)
                .collect();
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    let default = block.body.get_attribute("default").map(|a| a.value.clone());
                    let type_constraint = block.body.get_attribute("type").map(|a| a.value.clone());
                    let sensitive = block
                        .body
                        .get_attribute("sensitive")
                        .is_some_and(|a| matches!(a.value, Expression::Bool(ref b) if *b.value()));
                    self.variables.insert(
                        (*name).to_owned(),
                        VariableDecl {
                            name: (*name).to_owned(),
                            file: file.clone(),
                            default,
                            type_constraint,
                            sensitive,
                        },
                    );
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        self.locals.insert(
                            attr.key.as_str().to_owned(),
                            ExprDecl {
                                file: file.clone(),
                                attribute: attr.clone(),
                            },
                        );
                    }
                }
                (kind @ ("resource" | "data"), [ty, name]) => self.resources.push(ResourceDecl {
                    mode: if kind == "data" {
                        ResourceMode::Data
                    } else {
                        ResourceMode::Managed
                    },
                    resource_type: (*ty).to_owned(),
                    name: (*name).to_owned(),
                    file: file.clone(),
                    block: block.clone(),
                }),
                ("module", [name]) => {
                    let plain = |key: &str| match block.body.get_attribute(key).map(|a| &a.value) {
                        Some(Expression::String(s)) => Some(s.value().clone()),
                        _ => None,
                    };
                    self.module_calls.push(ModuleCallDecl {
                        name: (*name).to_owned(),
                        source: plain("source"),
                        version: plain("version"),
                        file: file.clone(),
                        block: block.clone(),
                    });
                }
                _ => {}
            }
        }
    }
}

/// The entries of one `.tfvars` or `.tfvars.json` file.
#[derive(Debug, Clone)]
pub struct VarsFile {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Its `name = value` entries (`.tfvars`).
    pub entries: Vec<Attribute>,
    /// Its members (`.tfvars.json`: one JSON object, a member per variable). Their values
    /// carry no origin: a fix does not edit JSON, it recommends.
    pub json: Option<serde_json::Map<String, serde_json::Value>>,
}

impl VarsFile {
    /// Collects the attributes of a parsed `.tfvars` file.
    #[must_use]
    pub fn from_parsed(parsed: &ParsedFile) -> Self {
        Self {
            file: parsed.source.clone(),
            entries: parsed.body.attributes().cloned().collect(),
            json: None,
        }
    }

    /// Reads a `.tfvars.json` file: a JSON object whose members are variable values
    /// (<https://developer.hashicorp.com/terraform/language/values/variables#variable-definitions-tfvars-files>).
    ///
    /// # Errors
    /// An [`InputError`] of kind `Syntax` naming the line and column when the text is not
    /// JSON, or not an object.
    pub fn from_json(file: Arc<SourceFile>) -> Result<Self, driftless_diagnostics::InputError> {
        let syntax =
            |line: usize, column: usize, message: String| driftless_diagnostics::InputError {
                kind: driftless_diagnostics::InputErrorKind::Syntax,
                path: file.path.clone(),
                position: Some(driftless_diagnostics::LineColumn {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                }),
                message,
            };
        let text = file.text.trim_start_matches('\u{feff}');
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(map)) => Ok(Self {
                entries: Vec::new(),
                json: Some(map),
                file,
            }),
            Ok(_) => Err(syntax(
                1,
                1,
                "expected a JSON object of variable values".to_owned(),
            )),
            Err(e) => Err(syntax(e.line(), e.column(), format!("invalid JSON: {e}"))),
        }
    }
}
