//! Terraform resource addresses: `module.net["eu"].aws_security_group.web[0]`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The key of one instance of a `count` (`[0]`) or `for_each` (`["eu"]`) block.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum InstanceKey {
    /// A `count` index, 0-based.
    Index(i64),
    /// A `for_each` key.
    Key(String),
}

impl fmt::Display for InstanceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Index(i) => write!(f, "[{i}]"),
            Self::Key(k) => {
                f.write_str("[\"")?;
                for c in k.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"]")
            }
        }
    }
}

/// One `module.<name>[key]` step of a module path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ModuleStep {
    /// The module call's name, the label of its `module` block.
    pub name: String,
    /// The instance key when the call has `count` or `for_each`.
    pub key: Option<InstanceKey>,
}

/// Whether an address names a managed resource or a data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceMode {
    /// A `resource` block.
    Managed,
    /// A `data` block.
    Data,
}

/// A resource address as Terraform writes it
/// (<https://developer.hashicorp.com/terraform/cli/state/resource-addressing>).
///
/// # Example
/// ```
/// use driftless_diagnostics::ResourceAddress;
/// let a: ResourceAddress = r#"module.web["eu"].aws_instance.this[0]"#.parse().unwrap();
/// assert_eq!(a.resource_type, "aws_instance");
/// assert_eq!(a.block_address().to_string(), "module.web.aws_instance.this");
/// assert_eq!(a.to_string(), r#"module.web["eu"].aws_instance.this[0]"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ResourceAddress {
    /// Module calls from the root module down, empty for the root module itself.
    pub module_path: Vec<ModuleStep>,
    /// Managed resource or data source.
    pub mode: ResourceMode,
    /// Resource type, `aws_instance`.
    pub resource_type: String,
    /// Resource name, the block's second label.
    pub name: String,
    /// Instance key under `count` or `for_each`.
    pub key: Option<InstanceKey>,
}

impl ResourceAddress {
    /// A managed resource in the root module without instance key.
    #[must_use]
    pub fn managed(resource_type: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            module_path: Vec::new(),
            mode: ResourceMode::Managed,
            resource_type: resource_type.into(),
            name: name.into(),
            key: None,
        }
    }

    /// The address of the block that declares this instance: every instance key dropped
    /// (the *block address* of `docs/architecture.md`, "Words").
    #[must_use]
    pub fn block_address(&self) -> Self {
        Self {
            module_path: self
                .module_path
                .iter()
                .map(|s| ModuleStep {
                    name: s.name.clone(),
                    key: None,
                })
                .collect(),
            key: None,
            ..self.clone()
        }
    }

    /// The module path alone, `module.a.module.b`, empty for the root module.
    #[must_use]
    pub fn module_prefix(&self) -> String {
        let mut out = String::new();
        for step in &self.module_path {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str("module.");
            out.push_str(&step.name);
            if let Some(k) = &step.key {
                out.push_str(&k.to_string());
            }
        }
        out
    }
}

impl fmt::Display for ResourceAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = self.module_prefix();
        if !prefix.is_empty() {
            write!(f, "{prefix}.")?;
        }
        if self.mode == ResourceMode::Data {
            f.write_str("data.")?;
        }
        write!(f, "{}.{}", self.resource_type, self.name)?;
        if let Some(k) = &self.key {
            write!(f, "{k}")?;
        }
        Ok(())
    }
}

/// Text that is not a resource address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a resource address: {reason}")]
pub struct AddressParseError {
    /// The rejected text.
    pub text: String,
    /// What was expected.
    pub reason: &'static str,
}

struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn ident(&mut self) -> Option<String> {
        let end = self
            .rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(self.rest.len());
        if end == 0 {
            return None;
        }
        let (id, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(id.to_owned())
    }

    fn eat(&mut self, s: &str) -> bool {
        if let Some(rest) = self.rest.strip_prefix(s) {
            self.rest = rest;
            true
        } else {
            false
        }
    }

    fn key(&mut self) -> Result<Option<InstanceKey>, &'static str> {
        if !self.eat("[") {
            return Ok(None);
        }
        let key = if self.eat("\"") {
            let mut out = String::new();
            let mut chars = self.rest.char_indices();
            loop {
                match chars.next() {
                    Some((i, '"')) => {
                        self.rest = &self.rest[i + 1..];
                        break;
                    }
                    Some((_, '\\')) => match chars.next() {
                        Some((_, c)) => out.push(c),
                        None => return Err("an unterminated string key"),
                    },
                    Some((_, c)) => out.push(c),
                    None => return Err("an unterminated string key"),
                }
            }
            InstanceKey::Key(out)
        } else {
            let end = self.rest.find(']').ok_or("a closing `]`")?;
            let n = self.rest[..end]
                .trim()
                .parse()
                .map_err(|_| "an integer or string key")?;
            self.rest = &self.rest[end..];
            InstanceKey::Index(n)
        };
        if !self.eat("]") {
            return Err("a closing `]`");
        }
        Ok(Some(key))
    }
}

impl FromStr for ResourceAddress {
    type Err = AddressParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason| AddressParseError {
            text: text.to_owned(),
            reason,
        };
        let mut c = Cursor { rest: text.trim() };
        let mut module_path = Vec::new();
        let mut mode = ResourceMode::Managed;
        loop {
            let word = c.ident().ok_or_else(|| err("expected a name"))?;
            if word == "module" && c.rest.starts_with('.') {
                c.eat(".");
                let name = c.ident().ok_or_else(|| err("expected a module name"))?;
                let key = c.key().map_err(err)?;
                module_path.push(ModuleStep { name, key });
                if !c.eat(".") {
                    return Err(err("expected a resource after the module path"));
                }
                continue;
            }
            let resource_type = if word == "data" && c.rest.starts_with('.') {
                mode = ResourceMode::Data;
                c.eat(".");
                c.ident()
                    .ok_or_else(|| err("expected a data source type"))?
            } else {
                word
            };
            if !c.eat(".") {
                return Err(err("expected `<type>.<name>`"));
            }
            let name = c.ident().ok_or_else(|| err("expected a resource name"))?;
            let key = c.key().map_err(err)?;
            if !c.rest.is_empty() {
                return Err(err("unexpected text after the address"));
            }
            return Ok(Self {
                module_path,
                mode,
                resource_type,
                name,
                key,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for text in [
            "aws_instance.web",
            "aws_instance.web[3]",
            r#"module.a["x\"y"].module.b[0].data.aws_iam_policy_document.p"#,
            r#"aws_s3_bucket.b["eu-west-1"]"#,
        ] {
            let a: ResourceAddress = text.parse().unwrap();
            assert_eq!(a.to_string(), text);
        }
    }

    #[test]
    fn rejects_garbage() {
        assert!("aws_instance".parse::<ResourceAddress>().is_err());
        assert!("aws_instance.web[".parse::<ResourceAddress>().is_err());
        assert!("module.x".parse::<ResourceAddress>().is_err());
    }
}
