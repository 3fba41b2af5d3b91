//! The AWS provider schema generator: reads `terraform providers schema -json` (from a file,
//! or by running Terraform against a local provider mirror in a scratch folder) and writes
//! the compact schema of the provider's resources that `driftless-terraform` embeds
//! (`crates/driftless-terraform/data/aws_provider_schema.json`; its format is described in
//! [`driftless_terraform::schema::file`]). Data sources are left out (driftless never edits
//! them), and so are descriptions.
//!
//! A nested block body that occurs more than once in the provider (written identically under
//! several resources or blocks) is written once, in the file's `shared` list, and referred to
//! by index: that takes the file from 4.7 MB to under 1 MB.

use driftless_terraform::schema::file::{
    AttributeEntry, BodyEntry, BodyRef, FORMAT_VERSION, NestedEntry, NestingMode, SchemaFile,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The provider the schema is read from.
pub const AWS_PROVIDER: &str = "registry.terraform.io/hashicorp/aws";

/// A shared body is referred to by index only when its JSON is longer than this: a shorter
/// one costs about as much as the index.
const SHARE_ABOVE: usize = 40;

/// Why the schema could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum SchemaGenError {
    /// A file or the scratch folder cannot be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the file system said.
        error: std::io::Error,
    },
    /// Terraform cannot be started.
    #[error("running {}: {error}", binary.display())]
    Start {
        /// The binary.
        binary: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// A Terraform command failed.
    #[error("`terraform {command}` failed: {stderr}")]
    Terraform {
        /// The arguments, space-separated.
        command: String,
        /// Its standard error.
        stderr: String,
    },
    /// Terraform's output is not the JSON expected.
    #[error("reading {what}: {error}")]
    Json {
        /// What was read.
        what: &'static str,
        /// The parser's message.
        error: serde_json::Error,
    },
    /// The schema has no AWS provider, or Terraform selected another version.
    #[error("{0}")]
    Provider(String),
    /// The compact schema cannot be written or read back.
    #[error("{0}")]
    Format(#[from] driftless_terraform::schema::SchemaFileError),
}

/// What `terraform providers schema -json` writes, as far as it is read.
#[derive(Deserialize)]
struct Schemas {
    provider_schemas: BTreeMap<String, ProviderSchemas>,
}

#[derive(Deserialize)]
struct ProviderSchemas {
    #[serde(default)]
    resource_schemas: BTreeMap<String, ResourceSchema>,
}

#[derive(Deserialize)]
struct ResourceSchema {
    block: Block,
}

#[derive(Deserialize)]
struct Block {
    #[serde(default)]
    attributes: BTreeMap<String, Attribute>,
    #[serde(default, rename = "block_types")]
    nested: BTreeMap<String, BlockType>,
    #[serde(default)]
    deprecated: bool,
}

// Terraform's flags, each independent of the others.
#[allow(clippy::struct_excessive_bools)]
#[derive(Deserialize)]
struct Attribute {
    #[serde(rename = "type")]
    type_expression: Option<serde_json::Value>,
    nested_type: Option<NestedType>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    computed: bool,
    #[serde(default)]
    sensitive: bool,
    #[serde(default)]
    deprecated: bool,
    #[serde(default)]
    write_only: bool,
}

/// A nested attribute type (plugin framework): attributes nested as an object, a list, a set
/// or a map of objects. Written as the equivalent type expression.
#[derive(Deserialize)]
struct NestedType {
    attributes: BTreeMap<String, Attribute>,
    nesting_mode: String,
}

#[derive(Deserialize)]
struct BlockType {
    nesting_mode: NestingMode,
    block: Block,
    #[serde(default)]
    min_items: u32,
    #[serde(default)]
    max_items: u32,
}

/// Runs `terraform init` and `terraform providers schema -json` in a scratch folder whose
/// configuration requires the AWS provider at `provider_version`, installed from the local
/// filesystem mirror `mirror` only (no network). Returns the schema JSON and the version of
/// the Terraform (or OpenTofu) that wrote it.
///
/// # Errors
/// When the scratch folder cannot be made, Terraform fails, or it selects another provider
/// version.
pub fn read_with_terraform(
    binary: &Path,
    mirror: &Path,
    provider_version: &str,
) -> Result<(String, String), SchemaGenError> {
    let scratch = tempfile::tempdir().map_err(|error| SchemaGenError::Io {
        path: std::env::temp_dir(),
        error,
    })?;
    let dir = scratch.path();
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|error| SchemaGenError::Io { path, error })
    };
    write(
        "main.tf",
        format!(
            "terraform {{\n  required_providers {{\n    aws = {{\n      source  = \"{AWS_PROVIDER}\"\n      version = \"{provider_version}\"\n    }}\n  }}\n}}\n"
        ),
    )?;
    let mirror = serde_json::to_string(&mirror.to_string_lossy()).unwrap_or_default();
    write(
        "cli.tfrc",
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = {mirror}\n    include = [\"{AWS_PROVIDER}\"]\n  }}\n}}\n"
        ),
    )?;
    let run = |args: &[&str]| -> Result<String, SchemaGenError> {
        let output = Command::new(binary)
            .args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", dir.join("cli.tfrc"))
            .env("TF_IN_AUTOMATION", "1")
            .env_remove("TF_DATA_DIR")
            .output()
            .map_err(|error| SchemaGenError::Start {
                binary: binary.to_path_buf(),
                error,
            })?;
        if !output.status.success() {
            return Err(SchemaGenError::Terraform {
                command: args.join(" "),
                stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            });
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    run(&["init", "-backend=false", "-input=false", "-no-color"])?;
    let schema = run(&["providers", "schema", "-json"])?;
    let version: serde_json::Value =
        serde_json::from_str(&run(&["version", "-json"])?).map_err(|error| {
            SchemaGenError::Json {
                what: "terraform version -json",
                error,
            }
        })?;
    let selected = version["provider_selections"][AWS_PROVIDER].as_str();
    if selected != Some(provider_version) {
        return Err(SchemaGenError::Provider(format!(
            "Terraform selected {AWS_PROVIDER} {}, not {provider_version}",
            selected.unwrap_or("no version")
        )));
    }
    let terraform_version = version["terraform_version"]
        .as_str()
        .unwrap_or("unknown")
        .to_owned();
    Ok((schema, terraform_version))
}

/// The compact schema of the AWS provider's resources in `schema_json` (the output of
/// `terraform providers schema -json`), as the file's text: the same input always gives the
/// same bytes.
///
/// # Errors
/// When `schema_json` is not that output, or holds no AWS provider.
pub fn generate(
    schema_json: &str,
    provider_version: &str,
    terraform_version: &str,
) -> Result<String, SchemaGenError> {
    let schemas: Schemas =
        serde_json::from_str(schema_json).map_err(|error| SchemaGenError::Json {
            what: "the provider schema",
            error,
        })?;
    let provider = schemas.provider_schemas.get(AWS_PROVIDER).ok_or_else(|| {
        SchemaGenError::Provider(format!("the schema has no provider {AWS_PROVIDER}"))
    })?;
    let full: BTreeMap<&String, BodyEntry> = provider
        .resource_schemas
        .iter()
        .map(|(name, r)| (name, body(&r.block)))
        .collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for b in full.values() {
        count_nested(b, &mut counts);
    }
    let mut sharing = Sharing {
        counts,
        index: HashMap::new(),
        shared: Vec::new(),
    };
    let resources = full
        .into_iter()
        .map(|(name, b)| (name.clone(), sharing.intern(b)))
        .collect();
    let file = SchemaFile {
        format: FORMAT_VERSION,
        provider: AWS_PROVIDER.to_owned(),
        provider_version: provider_version.to_owned(),
        terraform_version: terraform_version.to_owned(),
        shared: sharing.shared,
        resources,
    };
    Ok(file.to_json()?)
}

/// A block of Terraform's schema as a body of the file, every nested body in place.
fn body(block: &Block) -> BodyEntry {
    BodyEntry {
        attributes: block
            .attributes
            .iter()
            .map(|(name, a)| (name.clone(), attribute(a)))
            .collect(),
        blocks: block
            .nested
            .iter()
            .map(|(name, t)| {
                let nested = NestedEntry(
                    t.nesting_mode,
                    t.min_items,
                    t.max_items,
                    BodyRef::Inline(Box::new(body(&t.block))),
                );
                (name.clone(), nested)
            })
            .collect(),
        deprecated: block.deprecated,
    }
}

fn attribute(a: &Attribute) -> AttributeEntry {
    let flags = [
        (a.required, 'r'),
        (a.optional, 'o'),
        (a.computed, 'c'),
        (a.sensitive, 's'),
        (a.deprecated, 'd'),
        (a.write_only, 'w'),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, c)| *c)
    .collect();
    AttributeEntry(type_of(a), flags)
}

/// The type expression of an attribute; a nested attribute type becomes the equivalent
/// object, list, set or map of objects.
fn type_of(a: &Attribute) -> serde_json::Value {
    if let Some(t) = &a.type_expression {
        return t.clone();
    }
    let Some(nested) = &a.nested_type else {
        return serde_json::Value::from("dynamic");
    };
    let types: serde_json::Map<String, serde_json::Value> = nested
        .attributes
        .iter()
        .map(|(name, a)| (name.clone(), type_of(a)))
        .collect();
    let optional: Vec<&String> = nested
        .attributes
        .iter()
        .filter(|(_, a)| !a.required)
        .map(|(name, _)| name)
        .collect();
    let object = serde_json::json!(["object", types, optional]);
    match nested.nesting_mode.as_str() {
        "single" => object,
        mode => serde_json::json!([mode, object]),
    }
}

/// The JSON of a body, the key that finds bodies written identically.
fn key(b: &BodyEntry) -> String {
    serde_json::to_string(b).unwrap_or_default()
}

/// Counts every nested body under `b` by its JSON.
fn count_nested(b: &BodyEntry, counts: &mut HashMap<String, usize>) {
    for NestedEntry(_, _, _, nested) in b.blocks.values() {
        if let BodyRef::Inline(nested) = nested {
            *counts.entry(key(nested)).or_default() += 1;
            count_nested(nested, counts);
        }
    }
}

/// Bodies written once and referred to by index.
struct Sharing {
    /// How often each nested body (by its JSON, every body in place) occurs.
    counts: HashMap<String, usize>,
    /// The index in `shared` of a body (by its JSON, every body in place).
    index: HashMap<String, usize>,
    shared: Vec<BodyEntry>,
}

impl Sharing {
    /// `b` with every nested body that occurs more than once (and is longer than an index)
    /// replaced by its index in `shared`, inner bodies first, so an index always points at
    /// an earlier entry.
    fn intern(&mut self, mut b: BodyEntry) -> BodyEntry {
        for NestedEntry(_, _, _, nested) in b.blocks.values_mut() {
            let BodyRef::Inline(inner) = nested else {
                continue;
            };
            let full = key(inner);
            let inner = self.intern(std::mem::take(inner));
            let repeated = self.counts.get(&full).copied().unwrap_or(0) > 1;
            *nested = if repeated && full.len() > SHARE_ABOVE {
                let next = self.shared.len();
                let i = *self.index.entry(full).or_insert(next);
                if i == next {
                    self.shared.push(inner);
                }
                BodyRef::Shared(i)
            } else {
                BodyRef::Inline(Box::new(inner))
            };
        }
        b
    }
}
