//! One pass of applying fixes to in-memory file texts; pure, no I/O.

use crate::{Applicability, Edit, Fix};
use std::collections::BTreeMap;

/// What one pass did: the new texts of the files it changed, and which fixes went in.
#[derive(Debug, Default)]
pub struct Applied {
    /// New text of every changed file, by repository-relative path.
    pub texts: BTreeMap<String, String>,
    /// Indices (into the slice given to [`apply_fixes`]) of the fixes applied in this pass.
    pub applied: Vec<usize>,
    /// Indices of the fixes left for a later pass because they overlap one applied first.
    pub deferred: Vec<usize>,
}

/// Applies, in one pass, every fix of `fixes` that meets `required`, skipping any fix that
/// overlaps an edit already taken in this pass (it is left for the next pass, as ruff does).
/// A fix whose edits are all identical to edits already taken counts as applied: two findings
/// with the same fix (one module called twice) change the file once.
///
/// `source(path)` gives a file's current text; a fix naming a file it cannot give is skipped.
///
/// # Panics
/// Panics if `source` stops giving a text it gave a moment before, or, as [`apply_edits`]
/// does, if an edit's range is outside its file's text or not on a character boundary.
#[must_use]
pub fn apply_fixes<'a>(
    fixes: &[&Fix],
    required: Applicability,
    source: impl Fn(&str) -> Option<&'a str>,
) -> Applied {
    let mut order: Vec<usize> = (0..fixes.len())
        .filter(|&i| fixes[i].applies(required))
        .collect();
    order.sort_by(|&a, &b| fixes[a].edits().first().cmp(&fixes[b].edits().first()));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut out = Applied::default();
    for i in order {
        let edits = fixes[i].edits();
        if edits.iter().all(|e| taken.contains(&e)) {
            out.applied.push(i);
            continue;
        }
        let clash = edits
            .iter()
            .any(|e| taken.iter().any(|t| t.conflicts_with(e)));
        let readable = edits.iter().all(|e| source(&e.path).is_some());
        if clash || !readable {
            out.deferred.push(i);
            continue;
        }
        taken.extend(
            edits
                .iter()
                .filter(|e| !taken.contains(e))
                .collect::<Vec<_>>(),
        );
        out.applied.push(i);
    }
    let mut by_path: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for edit in taken {
        by_path.entry(edit.path.as_str()).or_default().push(edit);
    }
    for (path, edits) in by_path {
        let text = source(path).expect("checked readable above");
        out.texts.insert(path.to_owned(), apply_edits(text, &edits));
    }
    out
}

/// Applies non-overlapping `edits` (all to the same file) to `text`.
///
/// # Panics
/// Panics if an edit's range is outside `text` or not on a character boundary.
#[must_use]
pub fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0usize;
    for edit in sorted {
        let r = edit.range.to_usize();
        out.push_str(&text[last..r.start]);
        out.push_str(&edit.content);
        last = r.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TextRange;

    #[test]
    fn overlapping_fix_waits_identical_fix_counts_once() {
        let text = "a = false\nb = 1\n";
        let f1 = Fix::safe(Edit::replacement("m.tf", TextRange::new(4, 9), "true"), []);
        let f2 = Fix::safe(Edit::replacement("m.tf", TextRange::new(4, 9), "true"), []);
        let f3 = Fix::safe(
            Edit::replacement("m.tf", TextRange::new(0, 9), "a = null"),
            [],
        );
        let f4 = Fix::review(Edit::insertion("m.tf", 16, "c = 2\n"), []);
        let out = apply_fixes(&[&f1, &f2, &f4], Applicability::Safe, |_| Some(text));
        assert_eq!(out.texts["m.tf"], "a = true\nb = 1\n");
        assert_eq!(
            out.applied,
            vec![0, 1],
            "the identical fix counts as applied"
        );
        // The fix that starts first wins; the overlapping ones wait for the next pass.
        let out = apply_fixes(&[&f1, &f2, &f3], Applicability::Safe, |_| Some(text));
        assert_eq!(out.texts["m.tf"], "a = null\nb = 1\n");
        assert_eq!(out.applied, vec![2]);
        assert_eq!(out.deferred, vec![0, 1]);
    }

    #[test]
    fn review_threshold_takes_review_fixes() {
        let text = "a = 1\n";
        let f = Fix::review(Edit::insertion("m.tf", 6, "b = 2\n"), []);
        let m = Fix::manual(Edit::insertion("m.tf", 0, "# x\n"), []);
        let out = apply_fixes(&[&f, &m], Applicability::Review, |_| Some(text));
        assert_eq!(out.texts["m.tf"], "a = 1\nb = 2\n");
        assert_eq!(out.applied, vec![0]);
    }
}
