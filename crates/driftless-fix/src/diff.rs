//! Unified diffs of fixes, for the terminal, pull request bodies and the web UI.

use driftless_diagnostics::{Fix, LineIndex, apply_edits};
use std::collections::BTreeMap;
use std::fmt::Write as _;

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
///
/// Only the lines around the edits are diffed (the same 3 lines of context as
/// [`unified_diff`], with the hunk headers giving the lines in the whole file), so the cost
/// does not grow with the file: a sync of thousands of findings in one large file computes
/// thousands of small diffs, not thousands of whole-file diffs.
#[must_use]
pub fn fix_diff<'a>(fix: &Fix, text: impl Fn(&str) -> Option<&'a str>) -> String {
    fix_diff_with(fix, |path| text(path).map(|t| (t, None)))
}

/// [`fix_diff`] for files whose [`LineIndex`] is at hand (a scanned project's files): the
/// line numbers of the hunk headers then cost a binary search instead of a count of the
/// lines above, so thousands of fixes in one large file stay linear.
#[must_use]
pub fn fix_diff_indexed<'a>(
    fix: &Fix,
    text: impl Fn(&str) -> Option<(&'a str, &'a LineIndex)>,
) -> String {
    fix_diff_with(fix, |path| text(path).map(|(t, index)| (t, Some(index))))
}

fn fix_diff_with<'a>(
    fix: &Fix,
    text: impl Fn(&str) -> Option<(&'a str, Option<&'a LineIndex>)>,
) -> String {
    let mut by_path: BTreeMap<&str, Vec<&driftless_diagnostics::Edit>> = BTreeMap::new();
    for edit in fix.edits() {
        by_path.entry(edit.path.as_str()).or_default().push(edit);
    }
    let mut out = String::new();
    for (path, edits) in by_path {
        if let Some((before, index)) = text(path) {
            out.push_str(&excerpt_diff(path, before, index, &edits));
        }
    }
    out
}

/// Context lines around a change, as in `diff -u`.
const CONTEXT: usize = 3;

/// The unified diff of `edits` on `before`, computed on the excerpt from 4 lines above the
/// first edit to 4 lines below the last (one more than the context, so that hunks near the
/// excerpt's ends get their full context), with line numbers of the whole file.
fn excerpt_diff(
    path: &str,
    before: &str,
    index: Option<&LineIndex>,
    edits: &[&driftless_diagnostics::Edit],
) -> String {
    let clamp = |offset: u32| (offset as usize).min(before.len());
    let Some(first) = edits.iter().map(|e| clamp(e.range.start)).min() else {
        return String::new();
    };
    let last = edits
        .iter()
        .map(|e| clamp(e.range.end))
        .max()
        .unwrap_or(first);
    // Byte offset of the start of the line `lines_up` lines above the one holding `at`.
    let mut start = before[..first].rfind('\n').map_or(0, |i| i + 1);
    for _ in 0..=CONTEXT {
        if start == 0 {
            break;
        }
        start = before[..start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let mut end = before[last..]
        .find('\n')
        .map_or(before.len(), |i| last + i + 1);
    for _ in 0..=CONTEXT {
        if end >= before.len() {
            break;
        }
        end = before[end..]
            .find('\n')
            .map_or(before.len(), |i| end + i + 1);
    }
    let excerpt = &before[start..end];
    let shift = u32::try_from(start).unwrap_or(u32::MAX);
    let shifted: Vec<driftless_diagnostics::Edit> = edits
        .iter()
        .map(|e| {
            let mut e = (*e).clone();
            e.range = driftless_diagnostics::TextRange::new(
                e.range.start.saturating_sub(shift),
                e.range.end.saturating_sub(shift),
            );
            e
        })
        .collect();
    let after = apply_edits(excerpt, &shifted.iter().collect::<Vec<_>>());
    if after == excerpt {
        return String::new();
    }
    // Lines above the excerpt: `start` is a line start, so its 1-based line minus one.
    let line_offset = match index {
        Some(index) => index.line_of(shift) as usize - 1,
        None => before[..start].matches('\n').count(),
    };
    let diff = similar::TextDiff::from_lines(excerpt, after.as_str());
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for group in diff.grouped_ops(CONTEXT) {
        let (Some(head), Some(tail)) = (group.first(), group.last()) else {
            continue;
        };
        let range = |from: usize, to: usize| {
            let len = to - from;
            let beginning = from + line_offset + 1;
            match len {
                1 => format!("{beginning}"),
                0 => format!("{},0", beginning - 1),
                _ => format!("{beginning},{len}"),
            }
        };
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(head.old_range().start, tail.old_range().end),
            range(head.new_range().start, tail.new_range().end)
        );
        for op in &group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Equal => ' ',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                };
                let value = change.value();
                out.push(sign);
                out.push_str(value);
                if !value.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
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

    /// The excerpt diff equals the whole-file diff, wherever the edits fall: the first
    /// lines, the middle, the last line without a newline, several edits far apart.
    #[test]
    fn excerpt_diffs_equal_whole_file_diffs() {
        let mut text = String::new();
        for i in 0..40 {
            writeln!(text, "line {i}").unwrap();
        }
        text.push_str("last");
        let at = |line: usize| {
            u32::try_from(text.match_indices('\n').nth(line).map_or(0, |(i, _)| i)).unwrap()
        };
        let cases: Vec<Vec<Edit>> = vec![
            vec![Edit::insertion("f", 0, "new\n")],
            vec![Edit::replacement(
                "f",
                TextRange::new(at(19) + 1, at(20)),
                "changed",
            )],
            vec![Edit::insertion(
                "f",
                u32::try_from(text.len()).unwrap(),
                "\nappended\n",
            )],
            vec![
                Edit::replacement("f", TextRange::new(at(2) + 1, at(3)), "a"),
                Edit::replacement("f", TextRange::new(at(5) + 1, at(6)), "b"),
                Edit::replacement("f", TextRange::new(at(30) + 1, at(31)), "c"),
            ],
        ];
        for edits in cases {
            let mut rest = edits.clone().into_iter();
            let fix = Fix::safe(rest.next().unwrap(), rest);
            let refs: Vec<&Edit> = edits.iter().collect();
            let whole = unified_diff("f", &text, &apply_edits(&text, &refs));
            assert_eq!(fix_diff(&fix, |_| Some(text.as_str())), whole, "{edits:?}");
            let index = LineIndex::new(&text);
            assert_eq!(
                fix_diff_indexed(&fix, |_| Some((text.as_str(), &index))),
                whole,
                "{edits:?}"
            );
        }
    }
}
