//! What the runner reads of one module folder before it copies and plans it: the module calls
//! (which folders to copy too), the `provider "aws"` blocks (what the offline override must
//! cover) and the files functions read (`file("${path.module}/policy.json")`).
//!
//! A file that does not parse is skipped here: Terraform reports it, with its line, when it
//! runs.

use driftless_diagnostics::LineIndex;
use hcl_edit::Span;
use hcl_edit::expr::{Expression, FuncCall};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::Element;
use hcl_edit::visit::{Visit, visit_func_call};
use std::path::Path;

/// The functions whose first argument is a file (or, for `fileset`, a folder) they read.
const FILE_FUNCTIONS: [&str; 12] = [
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "fileexists",
    "filemd5",
    "fileset",
    "filesha1",
    "filesha256",
    "filesha512",
    "templatefile",
    "templatestring",
];

/// A `module` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ModuleCall {
    /// Its label.
    pub(crate) name: String,
    /// Its `source`, when a literal string.
    pub(crate) source: String,
    /// Where it is: `envs/prod/main.tf:4`.
    pub(crate) at: String,
}

/// A `provider "aws"` block (not one of an override file, which only amends another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProviderBlock {
    /// Its `alias`, when it has a literal one.
    pub(crate) alias: Option<String>,
    /// Whether it sets `region`.
    pub(crate) sets_region: bool,
    /// Whether it has a static `assume_role` block.
    pub(crate) assumes_role: bool,
}

/// What a path a function reads is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    /// `${path.module}/...`: the folder of the module that reads it.
    Module,
    /// A relative path, `${path.root}/...` or `${path.cwd}/...`: the root module's folder.
    Root,
}

/// A file or folder a function reads, where the path is written out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileRead {
    /// What the path is relative to.
    pub(crate) base: Base,
    /// The path, `templates/user_data.sh`.
    pub(crate) path: String,
    /// Where the call is: `modules/web/main.tf:12`.
    pub(crate) at: String,
}

/// What one folder's `.tf` files say.
#[derive(Debug, Default)]
pub(crate) struct Folder {
    pub(crate) calls: Vec<ModuleCall>,
    pub(crate) providers: Vec<ProviderBlock>,
    pub(crate) reads: Vec<FileRead>,
}

/// Whether `name` is a Terraform file's name (`.tf`; Terraform reads no other case).
pub(crate) fn is_terraform_file(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "tf")
}

/// Whether `name` is an override file's name (`override.tf`, `*_override.tf`).
pub(crate) fn is_override(name: &str) -> bool {
    name == "override.tf" || name.ends_with("_override.tf")
}

/// Reads the `.tf` files of `dir`, whose repository-relative path is `rel` (`""` for the
/// repository's root), in name order.
pub(crate) fn read(dir: &Path, rel: &str) -> std::io::Result<Folder> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_terraform_file(n))
        .collect();
    names.sort();
    let mut folder = Folder::default();
    for name in names {
        let Ok(text) = std::fs::read_to_string(dir.join(&name)) else {
            continue;
        };
        let Ok(body) = hcl_edit::parser::parse_body(&text) else {
            continue;
        };
        let file = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let lines = LineIndex::new(&text);
        let at = |span: Option<std::ops::Range<usize>>| {
            let offset = span.map_or(0, |s| u32::try_from(s.start).unwrap_or(u32::MAX));
            format!("{file}:{}", lines.line_of(offset))
        };
        read_body(&body, is_override(&name), &mut folder, &at);
        let mut reads = Reads { found: Vec::new() };
        reads.visit_body(&body);
        folder
            .reads
            .extend(reads.found.into_iter().map(|(base, path, span)| FileRead {
                base,
                path,
                at: at(span),
            }));
    }
    Ok(folder)
}

fn read_body(
    body: &Body,
    overrides: bool,
    folder: &mut Folder,
    at: &impl Fn(Option<std::ops::Range<usize>>) -> String,
) {
    for block in body.blocks() {
        if block.has_ident("module")
            && let [name] = block.labels.as_slice()
            && let Some(source) = literal(block, "source")
        {
            folder.calls.push(ModuleCall {
                name: name.as_str().to_owned(),
                source,
                at: at(block.span()),
            });
        } else if !overrides && block.has_ident("provider") && block.has_exact_labels(&["aws"]) {
            folder.providers.push(ProviderBlock {
                alias: literal(block, "alias"),
                sets_region: block.body.get_attribute("region").is_some(),
                assumes_role: block.body.get_blocks("assume_role").next().is_some(),
            });
        }
    }
}

/// The value of attribute `name` of `block` when it is a literal string.
fn literal(block: &Block, name: &str) -> Option<String> {
    let attribute = block.body.get_attribute(name)?;
    match &attribute.value {
        Expression::String(s) => Some(s.value().clone()),
        Expression::StringTemplate(t) => match t.as_single_element() {
            Some(Element::Literal(l)) => Some(l.value().clone()),
            _ if t.is_empty() => Some(String::new()),
            _ => None,
        },
        _ => None,
    }
}

/// Collects the paths file functions read.
struct Reads {
    found: Vec<(Base, String, Option<std::ops::Range<usize>>)>,
}

impl Visit for Reads {
    fn visit_func_call(&mut self, call: &FuncCall) {
        let name = call.name.name.as_str();
        if !call.name.is_namespaced()
            && FILE_FUNCTIONS.contains(&name)
            && let Some((base, path)) = call.args.iter().next().and_then(read_path)
        {
            self.found.push((base, path, call.span()));
        }
        visit_func_call(self, call);
    }
}

/// The path an argument names, when it is written out: `"x.json"`, `"${path.module}/x.json"`.
fn read_path(argument: &Expression) -> Option<(Base, String)> {
    match argument {
        Expression::String(s) => Some((Base::Root, s.value().clone())),
        Expression::StringTemplate(t) => {
            let elements: Vec<&Element> = t.iter().collect();
            match elements.as_slice() {
                [Element::Literal(l)] => Some((Base::Root, l.value().clone())),
                [Element::Interpolation(i), Element::Literal(l)] => {
                    let base = match path_variable(&i.expr)? {
                        "module" => Base::Module,
                        "root" | "cwd" => Base::Root,
                        _ => return None,
                    };
                    let rest = l.value().strip_prefix('/')?;
                    Some((base, rest.to_owned()))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `x` of `path.x`.
fn path_variable(expr: &Expression) -> Option<&str> {
    let traversal = expr.as_traversal()?;
    if traversal.expr.as_variable().map(hcl_edit::Ident::as_str) != Some("path") {
        return None;
    }
    match traversal.operators.as_slice() {
        [op] => match op.value() {
            hcl_edit::expr::TraversalOperator::GetAttr(name) => Some(name.as_str()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_providers_and_reads() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            r#"provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias = "us"
  assume_role {
    role_arn = var.role
  }
}

module "vol" {
  source = "../../modules/vol"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
}

resource "aws_iam_policy" "p" {
  policy = file("${path.module}/policy.json")
  tags   = { t = templatefile("tpl/${var.x}.tpl", {}) }
  name   = filemd5("${path.root}/README")
  path   = file("plain.txt")
}
"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("x_override.tf"),
            "provider \"aws\" {\n  region = \"x\"\n}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("broken.tf"), "resource {\n").unwrap();
        let folder = read(dir.path(), "envs/prod").unwrap();
        assert_eq!(
            folder.providers,
            [
                ProviderBlock {
                    alias: None,
                    sets_region: true,
                    assumes_role: false
                },
                ProviderBlock {
                    alias: Some("us".into()),
                    sets_region: false,
                    assumes_role: true
                },
            ]
        );
        let calls: Vec<(&str, &str, &str)> = folder
            .calls
            .iter()
            .map(|c| (c.name.as_str(), c.source.as_str(), c.at.as_str()))
            .collect();
        assert_eq!(
            calls,
            [
                ("vol", "../../modules/vol", "envs/prod/main.tf:12"),
                (
                    "vpc",
                    "terraform-aws-modules/vpc/aws",
                    "envs/prod/main.tf:16"
                ),
            ]
        );
        let reads: Vec<(Base, &str, &str)> = folder
            .reads
            .iter()
            .map(|r| (r.base, r.path.as_str(), r.at.as_str()))
            .collect();
        assert_eq!(
            reads,
            [
                (Base::Module, "policy.json", "envs/prod/main.tf:21"),
                (Base::Root, "README", "envs/prod/main.tf:23"),
                (Base::Root, "plain.txt", "envs/prod/main.tf:24"),
            ]
        );
        assert!(
            is_override("override.tf")
                && is_override("a_override.tf")
                && !is_override("overrides.tf")
        );
    }
}
