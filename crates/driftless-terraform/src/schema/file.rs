//! The schema file: what `driftless-dev schema` writes and the binary embeds
//! (`crates/driftless-terraform/data/aws_provider_schema.json`).
//!
//! One JSON document, laid out one entry a line, so that a regeneration reads as a diff and
//! a reader can find an entry without parsing the others:
//!
//! ```text
//! {"format":1,"provider":"registry.terraform.io/hashicorp/aws","provider_version":"5.100.0","terraform_version":"1.11.4",
//! "shared":[
//! {"a":{"create":["string","o"],"delete":["string","o"]}},
//! ...
//! ],
//! "resources":{
//! "aws_instance":{"a":{"ami":["string","oc"],...},"b":{"root_block_device":["list",0,1,{...}],...}},
//! ...
//! }}
//! ```
//!
//! A block body is `{"a": attributes, "b": nested blocks, "d": true when deprecated}` (empty
//! parts left out). An attribute is `[type, flags]`: the type is Terraform's JSON type
//! expression, the flags a string of `r` required, `o` optional, `c` computed, `s` sensitive,
//! `d` deprecated, `w` write-only. A nested block is `[nesting mode, min items, max items (0:
//! no maximum), body]`, where the body is written in place or, when the same body occurs more
//! than once in the provider (the dashboard visuals, the WAF statements), is the index of its
//! one copy in `shared` (an index always points at an earlier entry). Descriptions are
//! dropped.

use crate::schema::error::SchemaFileError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

/// The version of this format, written as `format`.
pub const FORMAT_VERSION: u32 = 1;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaFile {
    /// [`FORMAT_VERSION`].
    pub format: u32,
    /// The provider's source address, `registry.terraform.io/hashicorp/aws`.
    pub provider: String,
    /// The provider version the schema was read from, `5.100.0`.
    pub provider_version: String,
    /// The version of the Terraform (or OpenTofu) that read it, `1.11.4`.
    pub terraform_version: String,
    /// Block bodies that occur more than once, referred to by index.
    pub shared: Vec<BodyEntry>,
    /// Resource type → its body, sorted by type.
    pub resources: BTreeMap<String, BodyEntry>,
}

/// A block body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BodyEntry {
    /// Attribute name → type and flags.
    #[serde(rename = "a", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeEntry>,
    /// Nested block type → nesting and body.
    #[serde(rename = "b", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub blocks: BTreeMap<String, NestedEntry>,
    /// Whether the block is deprecated.
    #[serde(rename = "d", default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// An attribute: its JSON type expression and its flags (`"oc"`: optional and computed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeEntry(pub serde_json::Value, pub String);

/// A nested block type: nesting mode, min items, max items (0: no maximum), body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NestedEntry(pub NestingMode, pub u32, pub u32, pub BodyRef);

/// A nested block's body: in place, or the index of a shared one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BodyRef {
    /// An index into [`SchemaFile::shared`].
    Shared(usize),
    /// The body itself.
    Inline(Box<BodyEntry>),
}

/// How a nested block type repeats, as Terraform's schema says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NestingMode {
    /// At most one block, an object.
    Single,
    /// Exactly one block, whose attributes may all be left out.
    Group,
    /// An ordered list of blocks.
    List,
    /// An unordered set of blocks.
    Set,
    /// Blocks with one label each, a map by label.
    Map,
}

impl SchemaFile {
    /// Reads a schema file.
    ///
    /// # Errors
    /// When `json` is not a schema file of [`FORMAT_VERSION`].
    pub fn parse(json: &str) -> Result<Self, SchemaFileError> {
        let file: Self = serde_json::from_str(json)?;
        if file.format != FORMAT_VERSION {
            return Err(SchemaFileError::Invalid(format!(
                "format {} (this build reads format {FORMAT_VERSION})",
                file.format
            )));
        }
        Ok(file)
    }

    /// The file's text: one entry a line, a final newline. The same schema always gives the
    /// same bytes.
    ///
    /// # Errors
    /// When a part does not serialise (it always does: the parts are plain data).
    pub fn to_json(&self) -> Result<String, SchemaFileError> {
        let header = Header {
            format: self.format,
            provider: self.provider.clone(),
            provider_version: self.provider_version.clone(),
            terraform_version: self.terraform_version.clone(),
        };
        let header = serde_json::to_string(&header)?;
        let mut out = String::with_capacity(1 << 20);
        out.push_str(header.strip_suffix('}').unwrap_or(&header));
        out.push_str(",\n");
        out.push_str(SHARED_OPEN);
        let shared: Vec<String> = self
            .shared
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<_, _>>()?;
        push_entries(&mut out, &shared);
        out.push_str(SHARED_CLOSE);
        out.push('\n');
        out.push_str(RESOURCES_OPEN);
        let resources: Vec<String> = self
            .resources
            .iter()
            .map(|(name, body)| {
                Ok::<_, serde_json::Error>(format!(
                    "{}:{}",
                    serde_json::to_string(name)?,
                    serde_json::to_string(body)?
                ))
            })
            .collect::<Result<_, _>>()?;
        push_entries(&mut out, &resources);
        out.push_str(RESOURCES_CLOSE);
        out.push('\n');
        Ok(out)
    }
}

/// The first line's fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Header {
    pub(crate) format: u32,
    pub(crate) provider: String,
    pub(crate) provider_version: String,
    pub(crate) terraform_version: String,
}

const SHARED_OPEN: &str = "\"shared\":[\n";
const SHARED_CLOSE: &str = "],";
const RESOURCES_OPEN: &str = "\"resources\":{\n";
const RESOURCES_CLOSE: &str = "}}";

/// Writes `entries` one a line, each but the last followed by a comma.
fn push_entries(out: &mut String, entries: &[String]) {
    for (i, entry) in entries.iter().enumerate() {
        out.push_str(entry);
        if i + 1 < entries.len() {
            out.push(',');
        }
        out.push('\n');
    }
}

/// Where each entry of a file's text is, found from the layout alone (no JSON parsed but the
/// header): byte ranges of the shared bodies and of each resource type's body.
#[derive(Debug, Clone)]
pub(crate) struct Index {
    pub(crate) header: Header,
    pub(crate) shared: Vec<Range<usize>>,
    /// Resource type → the range of its body, sorted by type.
    pub(crate) resources: Vec<(String, Range<usize>)>,
}

impl Index {
    /// Indexes `text`, a file as [`SchemaFile::to_json`] lays it out.
    ///
    /// # Errors
    /// When `text` is not laid out so, or its header is not of [`FORMAT_VERSION`].
    pub(crate) fn new(text: &str) -> Result<Self, SchemaFileError> {
        let invalid = |what: &str| {
            SchemaFileError::Invalid(format!("not laid out as the format says: {what}"))
        };
        let mut lines = Lines { text, at: 0 };
        let first = lines.next().ok_or_else(|| invalid("no header"))?.1;
        let header = first
            .strip_suffix(',')
            .ok_or_else(|| invalid("the header line does not end with `,`"))?;
        let header: Header = serde_json::from_str(&format!("{header}}}"))?;
        if header.format != FORMAT_VERSION {
            return Err(SchemaFileError::Invalid(format!(
                "format {} (this build reads format {FORMAT_VERSION})",
                header.format
            )));
        }
        let shared = section(&mut lines, SHARED_OPEN, SHARED_CLOSE)?
            .into_iter()
            .map(|(range, _)| range)
            .collect();
        let mut resources = Vec::new();
        for (range, entry) in section(&mut lines, RESOURCES_OPEN, RESOURCES_CLOSE)? {
            let name = entry
                .strip_prefix('"')
                .and_then(|l| l.split_once("\":"))
                .map(|(name, _)| name)
                .filter(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
                .ok_or_else(|| invalid("a resource line does not start with its type"))?;
            resources.push((name.to_owned(), range.start + name.len() + 3..range.end));
        }
        if !resources.is_sorted_by(|a, b| a.0 < b.0) {
            return Err(invalid("resource types are not sorted"));
        }
        Ok(Self {
            header,
            shared,
            resources,
        })
    }
}

/// The entries of the section that opens with the line `open` (its line break included) and
/// closes with the line `close`: each entry's range and text, without the trailing comma.
fn section<'a>(
    lines: &mut Lines<'a>,
    open: &str,
    close: &str,
) -> Result<Vec<(Range<usize>, &'a str)>, SchemaFileError> {
    let invalid =
        |what: String| SchemaFileError::Invalid(format!("not laid out as the format says: {what}"));
    if lines.next().map(|l| l.1) != Some(open.trim_end()) {
        return Err(invalid(format!("no `{}` line", open.trim_end())));
    }
    let mut entries = Vec::new();
    loop {
        let (range, line) = lines
            .next()
            .ok_or_else(|| invalid(format!("no `{close}` line")))?;
        if line == close {
            return Ok(entries);
        }
        let entry = line.strip_suffix(',').unwrap_or(line);
        entries.push((range.start..range.start + entry.len(), entry));
    }
}

/// The lines of a text with their byte ranges (without the line break).
struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (Range<usize>, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.at..];
        let len = rest.find('\n').unwrap_or(rest.len());
        let range = self.at..self.at + len;
        self.at += len + 1;
        Some((range.clone(), &self.text[range]))
    }
}
