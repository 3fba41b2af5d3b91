//! Unified diffs of fixes, for the terminal, pull request bodies and the web UI.

use driftless_diagnostics::{Fix, apply_edits};
use std::collections::BTreeMap;

/// The unified diff (3 lines of context) turning `before` into `after`, with `a/` and `b/`
/// headers naming `path`. Empty when the texts are equal.
#[must_use]
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// The diff `fix` alone makes, file by file, given each file's current text by
/// `text(path)`. Files it cannot read are left out.
#[must_use]
pub fn fix_diff<'a>(fix: &Fix, text: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut by_path: BTreeMap<&str, Vec<&driftless_diagnostics::Edit>> = BTreeMap::new();
    for edit in fix.edits() {
        by_path.entry(edit.path.as_str()).or_default().push(edit);
    }
    let mut out = String::new();
    for (path, edits) in by_path {
        if let Some(before) = text(path) {
            out.push_str(&unified_diff(path, before, &apply_edits(before, &edits)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftless_diagnostics::{Edit, TextRange};

    #[test]
    fn diff_of_one_fix() {
        let text = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
        let fix = Fix::safe(
            Edit::replacement("main.tf", TextRange::new(53, 58), "true"),
            [],
        );
        let diff = fix_diff(&fix, |_| Some(text));
        assert_eq!(
            diff,
            "--- a/main.tf\n+++ b/main.tf\n@@ -1,3 +1,3 @@\n resource \"aws_kms_key\" \"k\" {\n-  enable_key_rotation = false\n+  enable_key_rotation = true\n }\n"
        );
    }
}
