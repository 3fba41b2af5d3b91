//! Reading one file: decode, detect the format from the content, parse, redact.
//!
//! The top level is parsed first, a state file's `resources` with it ([`crate::top`]), and the
//! sections of `terraform show -json` borrowed as unparsed slices ([`RawValue`]), so the format
//! and version are checked before they are read. Each section is then parsed into structs that
//! hold only what the index needs; attribute objects are parsed through the [`Redaction`]'s
//! filter once the resource type is known.

use crate::decode::decode;
use crate::error::{StateError, StateErrorKind};
use crate::model::{ResourceInstance, State, StateFormat, ValuesFrom};
use crate::redaction::{Redaction, Sensitive};
use crate::top::{Attributes, TopSeed, V4Resource};
use driftless_diagnostics::{LineIndex, ModuleStep, ResourceAddress};
use serde::Deserialize;
use serde::de::DeserializeSeed;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Reads the state or plan file at `path`, keeping what `redaction` allows.
///
/// The format is detected from the content: a state file (`"version": 4`), `terraform show
/// -json` of a state (`format_version` and `values`), or of a plan (`planned_values`,
/// `prior_state`, `resource_changes`). See [`parse`] for what is read from each.
///
/// # Errors
/// [`StateErrorKind::Io`] when the file cannot be read, and every error of [`parse`].
///
/// # Example
/// ```no_run
/// use driftless_state::{Redaction, load};
/// let state = load("envs/prod/terraform.tfstate".as_ref(), &Redaction::new())?;
/// for instance in &state.instances {
///     println!("{} {:?}", instance.address, instance.arn());
/// }
/// # Ok::<(), driftless_state::StateError>(())
/// ```
pub fn load(path: &Path, redaction: &Redaction) -> Result<State, StateError> {
    let bytes = std::fs::read(path)
        .map_err(|source| StateError::new(path, StateErrorKind::Io { source }))?;
    parse(bytes, path, redaction)
}

/// Parses the bytes of a state or plan file; `path` names it in errors and in
/// [`State::path`].
///
/// - State v4: every `resources[].instances[]`, with `module`, `mode`, `type`, `name` and
///   `index_key` making the address, and `attributes` (or the legacy `attributes_flat`).
/// - `terraform show -json` of a state: `values.root_module.resources[]` and
///   `child_modules[]`, recursively, each addressed by its `address`.
/// - Plan JSON: `prior_state`'s instances, then `planned_values`' instances that are not in
///   it, then `resource_changes[]` (`change.after`, or `change.before` for a deletion) for
///   instances in neither. See [`ValuesFrom`].
///
/// Outputs, the `configuration` section and provider-private data are never read; of a
/// plan's `variables`, only those [`Redaction::allow_variables`] names.
///
/// # Errors
/// - [`StateErrorKind::Encoding`]: not UTF-8 or UTF-16 text.
/// - [`StateErrorKind::Empty`]: no text, or only white space.
/// - [`StateErrorKind::Syntax`] / [`StateErrorKind::Shape`]: not JSON, or a field of the wrong
///   shape; [`StateError::position`] holds the 1-based line and column.
/// - [`StateErrorKind::UnsupportedVersion`]: a state file whose `version` is not 4.
/// - [`StateErrorKind::UnsupportedFormatVersion`]: `format_version` other than 0.x or 1.x.
/// - [`StateErrorKind::Encrypted`]: an OpenTofu encrypted state.
/// - [`StateErrorKind::NotState`]: JSON with neither `version` nor `format_version`.
/// - [`StateErrorKind::Address`]: an address in the file that does not parse.
///
/// # Example
/// ```
/// use driftless_state::{Redaction, StateFormat, parse};
/// let text = r#"{"version": 4, "resources": [{"module": "module.net", "mode": "managed",
///   "type": "aws_vpc", "name": "main", "instances": [{"attributes":
///   {"id": "vpc-1", "cidr_block": "10.0.0.0/16", "tags": {"k": "v"}}}]}]}"#;
/// let redaction = Redaction::new().allow("aws_vpc", ["cidr_block"]);
/// let state = parse(text.into(), "terraform.tfstate".as_ref(), &redaction).unwrap();
/// assert_eq!(state.format, StateFormat::StateV4);
/// let vpc = &state.instances[0];
/// assert_eq!(vpc.address.to_string(), "module.net.aws_vpc.main");
/// assert_eq!(vpc.id(), Some("vpc-1"));
/// assert_eq!(vpc.attributes.len(), 2); // id, cidr_block; tags dropped
/// ```
pub fn parse(bytes: Vec<u8>, path: &Path, redaction: &Redaction) -> Result<State, StateError> {
    let text = decode(bytes).map_err(|kind| StateError::new(path, kind))?;
    if text.trim().is_empty() {
        return Err(StateError::new(path, StateErrorKind::Empty));
    }
    let cx = Cx {
        path,
        text: &text,
        redaction,
    };
    cx.read()
}

#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    version: Option<u64>,
}

#[derive(Deserialize)]
struct ShowValues<'a> {
    #[serde(default, borrow)]
    root_module: Option<ShowModule<'a>>,
}

#[derive(Deserialize)]
struct ShowModule<'a> {
    #[serde(default, borrow)]
    resources: Vec<ShowResource<'a>>,
    #[serde(default, borrow)]
    child_modules: Vec<ShowModule<'a>>,
}

#[derive(Deserialize)]
struct ShowResource<'a> {
    address: String,
    #[serde(default)]
    deposed_key: Option<String>,
    #[serde(default, borrow)]
    values: Option<&'a RawValue>,
    #[serde(default, borrow)]
    sensitive_values: Option<&'a RawValue>,
}

/// One entry of a plan's `variables`: `{"value": ...}`, kept unparsed until its name is
/// known to be kept.
#[derive(Deserialize)]
struct PlanVariable<'a> {
    #[serde(default, borrow)]
    value: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct PriorState<'a> {
    #[serde(default)]
    terraform_version: Option<String>,
    #[serde(default, borrow)]
    values: Option<ShowValues<'a>>,
}

#[derive(Deserialize)]
struct ResourceChange<'a> {
    address: String,
    #[serde(default)]
    deposed: Option<String>,
    #[serde(borrow)]
    change: Change<'a>,
}

#[derive(Deserialize)]
struct Change<'a> {
    #[serde(default, borrow)]
    before: Option<&'a RawValue>,
    #[serde(default, borrow)]
    after: Option<&'a RawValue>,
    #[serde(default, borrow)]
    before_sensitive: Option<&'a RawValue>,
    #[serde(default, borrow)]
    after_sensitive: Option<&'a RawValue>,
}

struct Cx<'a> {
    path: &'a Path,
    text: &'a str,
    redaction: &'a Redaction,
}

impl<'a> Cx<'a> {
    fn read(&self) -> Result<State, StateError> {
        let start = self.text.len() - self.text.trim_start().len();
        if !self.text[start..].starts_with('{') {
            // Serde would read a struct from an array too; say what is wrong instead, after
            // reporting any syntax error.
            serde_json::from_str::<serde::de::IgnoredAny>(self.text)
                .map_err(|e| self.json_error(0, &e))?;
            let mut error = self.error(StateErrorKind::Shape {
                message: "expected an object at the top level".to_owned(),
            });
            error.position = u32::try_from(start)
                .ok()
                .map(|offset| LineIndex::new(self.text).line_column(self.text, offset));
            return Err(error);
        }
        let mut de = serde_json::Deserializer::from_str(self.text);
        let top = TopSeed {
            redaction: self.redaction,
        }
        .deserialize(&mut de)
        .and_then(|top| de.end().map(|()| top))
        .map_err(|e| {
            // A file whose `resources` do not fit may be an old state: say so first.
            match serde_json::from_str::<VersionOnly>(self.text) {
                Ok(VersionOnly {
                    version: Some(version),
                }) if version != 4 => self.error(StateErrorKind::UnsupportedVersion { version }),
                _ => self.json_error(0, &e),
            }
        })?;
        let mut state = State {
            path: self.path.to_owned(),
            format: StateFormat::StateV4,
            terraform_version: top.terraform_version.clone(),
            instances: Vec::new(),
            variables: BTreeMap::new(),
        };
        if let Some(version) = top.version {
            if version != 4 {
                return Err(self.error(StateErrorKind::UnsupportedVersion { version }));
            }
            if let Some(resources) = top.resources {
                self.read_v4(resources, &mut state.instances)?;
            }
            return Ok(state);
        }
        if top.encrypted_data {
            return Err(self.error(StateErrorKind::Encrypted));
        }
        let Some(format_version) = top.format_version else {
            return Err(self.error(StateErrorKind::NotState));
        };
        if !matches!(format_version.split('.').next(), Some("0" | "1")) {
            return Err(self.error(StateErrorKind::UnsupportedFormatVersion { format_version }));
        }
        if top.planned_values.is_none()
            && top.prior_state.is_none()
            && top.resource_changes.is_none()
        {
            state.format = StateFormat::ShowJson;
            if let Some(raw) = top.values {
                let values: ShowValues<'a> = self.parse_raw(raw)?;
                self.read_show(values, ValuesFrom::State, &mut state.instances, None)?;
            }
            return Ok(state);
        }
        state.format = StateFormat::Plan;
        if let Some(raw) = top.variables {
            let variables: BTreeMap<String, PlanVariable<'a>> = self.parse_raw(raw)?;
            for (name, variable) in variables {
                if let (true, Some(value)) = (self.redaction.keeps_variable(&name), variable.value)
                {
                    let value =
                        serde_json::from_str(value.get()).map_err(|e| self.json_error(0, &e))?;
                    state.variables.insert(name, value);
                }
            }
        }
        let mut seen = HashSet::new();
        if let Some(raw) = top.prior_state {
            let prior: PriorState<'a> = self.parse_raw(raw)?;
            if state.terraform_version.is_none() {
                state.terraform_version = prior.terraform_version;
            }
            if let Some(values) = prior.values {
                self.read_show(
                    values,
                    ValuesFrom::PriorState,
                    &mut state.instances,
                    Some(&mut seen),
                )?;
            }
        }
        if let Some(raw) = top.planned_values {
            let values: ShowValues<'a> = self.parse_raw(raw)?;
            self.read_show(
                values,
                ValuesFrom::PlannedValues,
                &mut state.instances,
                Some(&mut seen),
            )?;
        }
        if let Some(raw) = top.resource_changes {
            let changes: Vec<ResourceChange<'a>> = self.parse_raw(raw)?;
            for rc in changes {
                let address = self.address(&rc.address)?;
                let key = (address, rc.deposed);
                if seen.contains(&key) {
                    continue;
                }
                let (values, mask) = match rc.change.after {
                    Some(after) => (Some(after), rc.change.after_sensitive),
                    None => (rc.change.before, rc.change.before_sensitive),
                };
                let Some(values) = values else { continue };
                let sensitive = self.mask(mask)?;
                let attributes =
                    self.attributes(&key.0.resource_type, values, &sensitive, false)?;
                seen.insert(key.clone());
                state.instances.push(ResourceInstance {
                    address: key.0,
                    deposed: key.1,
                    values_from: ValuesFrom::ResourceChange,
                    attributes,
                });
            }
        }
        Ok(state)
    }

    fn read_v4(
        &self,
        resources: Vec<V4Resource<'a>>,
        out: &mut Vec<ResourceInstance>,
    ) -> Result<(), StateError> {
        for resource in resources {
            let module_path = match resource.module.as_deref() {
                None | Some("") => Vec::new(),
                Some(module) => self.module_path(module)?,
            };
            for instance in resource.instances {
                let sensitive = instance
                    .sensitive_attributes
                    .as_ref()
                    .map_or(Sensitive::Nothing, Sensitive::from_state_paths);
                let attributes = match instance.attributes {
                    Attributes::Absent => BTreeMap::new(),
                    Attributes::Kept(mut kept) => {
                        kept.retain(|name, _| !sensitive.flags(name));
                        kept
                    }
                    Attributes::Raw { raw, flat } => {
                        self.attributes(&resource.resource_type, raw, &sensitive, flat)?
                    }
                };
                out.push(ResourceInstance {
                    address: ResourceAddress {
                        module_path: module_path.clone(),
                        mode: resource.mode,
                        resource_type: resource.resource_type.clone(),
                        name: resource.name.clone(),
                        key: instance.index_key,
                    },
                    deposed: instance.deposed,
                    values_from: ValuesFrom::State,
                    attributes,
                });
            }
        }
        Ok(())
    }

    fn read_show(
        &self,
        values: ShowValues<'a>,
        from: ValuesFrom,
        out: &mut Vec<ResourceInstance>,
        mut seen: Option<&mut HashSet<(ResourceAddress, Option<String>)>>,
    ) -> Result<(), StateError> {
        let mut stack: Vec<ShowModule<'a>> = values.root_module.into_iter().collect();
        while let Some(module) = stack.pop() {
            for resource in module.resources {
                let address = self.address(&resource.address)?;
                let key = (address, resource.deposed_key);
                let duplicate = seen
                    .as_deref_mut()
                    .is_some_and(|seen| !seen.insert(key.clone()));
                if duplicate {
                    continue;
                }
                let sensitive = self.mask(resource.sensitive_values)?;
                let attributes = match resource.values {
                    Some(raw) => self.attributes(&key.0.resource_type, raw, &sensitive, false)?,
                    None => BTreeMap::new(),
                };
                out.push(ResourceInstance {
                    address: key.0,
                    deposed: key.1,
                    values_from: from,
                    attributes,
                });
            }
            // Reversed so that child modules come out in file order.
            stack.extend(module.child_modules.into_iter().rev());
        }
        Ok(())
    }

    fn mask(&self, raw: Option<&'a RawValue>) -> Result<Sensitive, StateError> {
        match raw {
            None => Ok(Sensitive::Nothing),
            Some(raw) if raw.get() == "{}" || raw.get() == "false" => Ok(Sensitive::Nothing),
            Some(raw) => Ok(Sensitive::from_mask(&self.parse_raw(raw)?)),
        }
    }

    fn attributes(
        &self,
        resource_type: &str,
        raw: &'a RawValue,
        sensitive: &Sensitive,
        flat: bool,
    ) -> Result<BTreeMap<String, serde_json::Value>, StateError> {
        let seed = self.redaction.filter(resource_type, sensitive).seed(flat);
        let mut de = serde_json::Deserializer::from_str(raw.get());
        seed.deserialize(&mut de)
            .map_err(|e| self.json_error(self.base(raw), &e))
    }

    fn address(&self, text: &str) -> Result<ResourceAddress, StateError> {
        text.parse()
            .map_err(|e: driftless_diagnostics::AddressParseError| {
                self.error(StateErrorKind::Address {
                    message: e.to_string(),
                })
            })
    }

    /// A state file's `module` field, `module.a["x"].module.b`.
    fn module_path(&self, module: &str) -> Result<Vec<ModuleStep>, StateError> {
        format!("{module}.r.r")
            .parse::<ResourceAddress>()
            .map(|a| a.module_path)
            .ok()
            .filter(|steps| !steps.is_empty())
            .ok_or_else(|| {
                self.error(StateErrorKind::Address {
                    message: format!("`{module}` is not a module path"),
                })
            })
    }

    fn parse_raw<T: Deserialize<'a>>(&self, raw: &'a RawValue) -> Result<T, StateError> {
        serde_json::from_str(raw.get()).map_err(|e| self.json_error(self.base(raw), &e))
    }

    /// Byte offset of `raw` in the whole text.
    fn base(&self, raw: &RawValue) -> usize {
        (raw.get().as_ptr() as usize)
            .checked_sub(self.text.as_ptr() as usize)
            .filter(|&b| b <= self.text.len())
            .unwrap_or(0)
    }

    fn error(&self, kind: StateErrorKind) -> StateError {
        StateError::new(self.path, kind)
    }

    /// A `serde_json` error from parsing `self.text[base..]`, positioned in the whole text.
    fn json_error(&self, base: usize, e: &serde_json::Error) -> StateError {
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
        let kind = match e.classify() {
            serde_json::error::Category::Data => StateErrorKind::Shape { message },
            _ => StateErrorKind::Syntax { message },
        };
        let mut error = self.error(kind);
        if e.line() > 0 {
            let offset = base + offset_of(&self.text[base..], e.line(), e.column());
            if let Ok(offset) = u32::try_from(offset) {
                error.position = Some(LineIndex::new(self.text).line_column(self.text, offset));
            }
        }
        error
    }
}

/// The byte offset in `text` of `serde_json`'s 1-based `line` and `column` (bytes from the line's
/// start, the character it names included), clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftless_diagnostics::LineColumn;

    fn err(text: &str) -> StateError {
        parse(text.into(), Path::new("t.json"), &Redaction::new()).unwrap_err()
    }

    #[test]
    fn syntax_errors_carry_line_column_and_what_was_expected() {
        let e = err(
            "{\n  \"version\": 4,\n  \"resources\": [\n    {\"mode\": \"managed\" \"type\": \"x\"}\n  ]\n}",
        );
        assert_eq!(
            e.position,
            Some(LineColumn {
                line: 4,
                column: 24
            })
        );
        assert_eq!(
            e.to_string(),
            "t.json:4:24: invalid JSON: expected `,` or `}`"
        );
        let e = err("{\"version\": 4, \"resources\": [");
        assert!(matches!(e.kind, StateErrorKind::Syntax { .. }));
        assert_eq!(
            e.to_string(),
            "t.json:1:29: invalid JSON: EOF while parsing a list"
        );
    }

    #[test]
    fn errors_inside_sections_are_positioned_in_the_whole_file() {
        // Attributes are parsed from their own slice; the position still counts from the file.
        let e = err(
            "{\"version\": 4,\n \"resources\": [\n  {\"mode\": \"managed\", \"type\": 5, \"name\": \"n\"}]}",
        );
        assert!(matches!(e.kind, StateErrorKind::Shape { .. }));
        assert_eq!(
            e.position,
            Some(LineColumn {
                line: 3,
                column: 31
            })
        );
        assert_eq!(
            e.to_string(),
            "t.json:3:31: not a valid state or plan: invalid type: integer `5`, expected a string"
        );
        let e = err(
            "{\"version\": 4, \"resources\": [{\"mode\": \"managed\", \"type\": \"t\", \"name\": \"n\",\n \"instances\": [{\"attributes\": [1]}]}]}",
        );
        assert_eq!(
            e.to_string(),
            "t.json:2:31: not a valid state or plan: invalid type: sequence, expected an object of attributes"
        );
    }

    #[test]
    fn versions_and_formats() {
        assert_eq!(
            err("{\"version\": 3, \"modules\": []}").to_string(),
            "t.json: unsupported state version 3: driftless reads state version 4 (Terraform 0.12 and later)"
        );
        assert!(matches!(
            err("{\"version\": 1, \"resources\": {\"a\": 1}}").kind,
            StateErrorKind::UnsupportedVersion { version: 1 }
        ));
        assert!(matches!(
            err("{\"format_version\": \"2.0\"}").kind,
            StateErrorKind::UnsupportedFormatVersion { .. }
        ));
        assert!(matches!(err("{\"a\": 1}").kind, StateErrorKind::NotState));
        assert_eq!(
            err("\n [1, 2]").to_string(),
            "t.json:2:2: not a valid state or plan: expected an object at the top level"
        );
        assert_eq!(
            err("nope").to_string(),
            "t.json:1:2: invalid JSON: expected ident"
        );
        assert!(matches!(
            err("{\"serial\": 1, \"encrypted_data\": \"AAAA\", \"encryption_version\": \"v0\"}")
                .kind,
            StateErrorKind::Encrypted
        ));
        assert_eq!(err(" \n\t").to_string(), "t.json: empty state file");
        assert_eq!(err("").to_string(), "t.json: empty state file");
        assert!(matches!(
            err("{\"version\": 4, \"resources\": [{\"module\": \"mod.x\", \"mode\": \"managed\", \"type\": \"t\", \"name\": \"n\"}]}").kind,
            StateErrorKind::Address { .. }
        ));
    }

    #[test]
    fn field_order_does_not_change_what_is_kept() {
        // Terraform writes `type` before `instances`; a hand-edited file may not.
        let instances = r#""instances": [{"index_key": "a", "attributes": {"id": "x", "password": "p",
            "ami": "secret-ami", "tags": {"k": "v"}}, "sensitive_attributes": [[{"type": "get_attr",
            "value": "ami"}]]}, {"index_key": "b", "attributes_flat": {"id": "y", "tags.%": "1",
            "tags.k": "v"}}]"#;
        let head = r#""mode": "managed", "type": "test_instance", "name": "n""#;
        let redaction = Redaction::new().allow("test_instance", ["ami", "tags"]);
        let mut results = Vec::new();
        for text in [
            format!(r#"{{"version": 4, "resources": [{{{head}, {instances}}}]}}"#),
            format!(r#"{{"resources": [{{{instances}, {head}}}], "version": 4}}"#),
        ] {
            let state = parse(text.into(), Path::new("s"), &redaction).unwrap();
            assert_eq!(
                state
                    .instances
                    .iter()
                    .map(|i| i.address.to_string())
                    .collect::<Vec<_>>(),
                [r#"test_instance.n["a"]"#, r#"test_instance.n["b"]"#]
            );
            assert_eq!(
                serde_json::to_value(&state.instances[0].attributes).unwrap(),
                serde_json::json!({"id": "x", "tags": {"k": "v"}})
            );
            assert_eq!(
                serde_json::to_value(&state.instances[1].attributes).unwrap(),
                serde_json::json!({"id": "y", "tags": {"k": "v"}})
            );
            results.push(state.instances);
        }
        assert_eq!(results[0], results[1]);
    }

    #[test]
    fn offsets_of_positions() {
        let text = "ab\ncd\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 2), 4);
        assert_eq!(offset_of(text, 3, 0), 6);
        assert_eq!(offset_of(text, 9, 9), 6);
    }

    /// A plan's `variables` give only the values the redaction names (the caller leaves out
    /// `sensitive` variables); nothing else of the section is kept, and no value of a variable
    /// not named is ever parsed into the state.
    #[test]
    fn a_plan_keeps_only_the_variables_the_redaction_names() {
        let text = r#"{"format_version": "1.2", "variables": {
            "env": {"value": "test1"},
            "queues": {"value": {"one": {"kms": ""}, "two": {"kms": "alias/q"}}},
            "db_password": {"value": "correct-horse-battery"}},
          "planned_values": {"root_module": {}}}"#;
        let redaction = Redaction::new().allow_variables(["env", "queues"]);
        let state = parse(text.into(), "plan.json".as_ref(), &redaction).unwrap();
        assert_eq!(state.format, StateFormat::Plan);
        assert_eq!(
            serde_json::to_value(&state.variables).unwrap(),
            serde_json::json!({"env": "test1", "queues": {"one": {"kms": ""}, "two": {"kms": "alias/q"}}})
        );
        assert!(!format!("{state:?}").contains("correct-horse"));
        // A state file has no variables.
        let v4 = parse(
            r#"{"version": 4, "resources": []}"#.into(),
            "s".as_ref(),
            &redaction,
        )
        .unwrap();
        assert!(v4.variables.is_empty());
    }
}
