//! Values for the root module's input variables that nothing sets: a repository's CI usually
//! passes them (`TF_VAR_*`, `-var`), and without them Terraform refuses to plan ("No value for
//! required variable"). The runner plans such a root module with a placeholder of each
//! variable's type, the same for the unfixed and the fixed configuration, so their plans
//! still compare.

use crate::diagnostic::TerraformDiagnostic;
use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use std::path::Path;

/// The placeholder of a `string` (or untyped) variable.
pub const PLACEHOLDER: &str = "driftless-placeholder";

/// The placeholder of a string variable whose name says it holds a CIDR block: TEST-NET-1,
/// the range RFC 5737 reserves for documentation.
const CIDR_PLACEHOLDER: &str = "192.0.2.0/24";

/// Terraform's summary of the error a variable without a value gives.
const UNSET_SUMMARY: &str = "No value for required variable";

/// The names of the root module variables Terraform says have no value, from the diagnostics
/// of a failed plan: each detail reads `The root module input variable "NAME" is not set`.
pub(crate) fn unset_variables(diagnostics: &[TerraformDiagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error() && d.summary == UNSET_SUMMARY)
        .filter_map(|d| {
            let (_, rest) = d.detail.split_once('"')?;
            let (name, _) = rest.split_once('"')?;
            Some(name.to_owned())
        })
        .collect()
}

/// The `-var` value for variable `name` declared in the folder `dir`: by its `type`, `0` for a
/// number, `false` for a bool, `[]` for a list, set or tuple, `{}` for a map or object, else a
/// string ([`PLACEHOLDER`], or a documentation CIDR block when its name says `cidr`).
pub(crate) fn placeholder(dir: &Path, name: &str) -> String {
    let declared = declared_type(dir, name).unwrap_or_default();
    let head = declared.split('(').next().unwrap_or_default().trim();
    match head {
        "number" => "0".to_owned(),
        "bool" => "false".to_owned(),
        "list" | "set" | "tuple" => "[]".to_owned(),
        "map" | "object" => "{}".to_owned(),
        _ if name.contains("cidr") => CIDR_PLACEHOLDER.to_owned(),
        _ => PLACEHOLDER.to_owned(),
    }
}

/// The `type` expression of `variable "name"` in the `.tf` files of `dir`, as written.
fn declared_type(dir: &Path, name: &str) -> Option<String> {
    let entries = std::fs::read_dir(dir).ok()?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "tf") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(body) = hcl_edit::parser::parse_body(&text) else {
            continue;
        };
        if let Some(found) = type_in(&body, name) {
            return Some(found);
        }
    }
    None
}

fn type_in(body: &Body, name: &str) -> Option<String> {
    let block = body
        .get_blocks("variable")
        .find(|b| b.labels.first().is_some_and(|l| l.as_str() == name))?;
    let expr: &Expression = &block.body.get_attribute("type")?.value;
    Some(expr.to_string().trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DiagnosticSeverity;

    #[test]
    fn unset_variables_are_read_from_terraforms_detail() {
        let d = TerraformDiagnostic {
            severity: DiagnosticSeverity::Error,
            summary: UNSET_SUMMARY.into(),
            detail: "The root module input variable \"db_password\" is not set, and has no default value.".into(),
            address: None,
            location: None,
        };
        let other = TerraformDiagnostic {
            summary: "Unsupported argument".into(),
            ..d.clone()
        };
        assert_eq!(unset_variables(&[d, other]), ["db_password"]);
    }

    #[test]
    fn placeholders_follow_the_declared_type() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("variables.tf"),
            "variable \"n\" {\n  type = number\n}\nvariable \"b\" {\n  type = bool\n}\n\
             variable \"l\" {\n  type = list(string)\n}\nvariable \"o\" {\n  type = object({ a = string })\n}\n\
             variable \"admin_cidr\" {}\nvariable \"s\" {\n  type = string\n}\n",
        )
        .unwrap();
        let of = |name| placeholder(dir.path(), name);
        assert_eq!(
            [
                of("n"),
                of("b"),
                of("l"),
                of("o"),
                of("admin_cidr"),
                of("s"),
                of("missing")
            ],
            [
                "0",
                "false",
                "[]",
                "{}",
                CIDR_PLACEHOLDER,
                PLACEHOLDER,
                PLACEHOLDER
            ]
        );
    }
}
