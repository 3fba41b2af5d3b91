//! Removing elements of a list literal (a CIDR from `cidr_blocks`, say) so that the list
//! stays valid and its comments stay where they are.

use crate::edit::error::PlanError;
use crate::files::source::SourceFile;
use crate::value::Value;
use driftless_diagnostics::{Edit, SourceLocation, TextRange};

/// A list written as a literal (`[ ... ]`) in a file: the origin of a list value whose
/// origin is exact.
#[derive(Debug, Clone, Copy)]
pub struct ListLiteral<'a> {
    file: &'a SourceFile,
    location: &'a SourceLocation,
    len: usize,
}

impl<'a> ListLiteral<'a> {
    /// The list literal at `location` (the origin of the list value) in `file`, holding
    /// `len` elements.
    #[must_use]
    pub fn new(file: &'a SourceFile, location: &'a SourceLocation, len: usize) -> Self {
        Self {
            file,
            location,
            len,
        }
    }

    /// Where `element`, an element of the list, is written: its origin's range, which must lie
    /// inside the literal.
    ///
    /// # Errors
    /// [`PlanError::NotInList`] when the element is computed or written elsewhere (a
    /// variable default, an iterator's collection).
    pub fn element_range(&self, element: &Value) -> Result<TextRange, PlanError> {
        element
            .origin
            .as_deref()
            .filter(|o| {
                o.location.path == self.location.path
                    && self.location.range.contains(o.location.range.start)
            })
            .map(|o| o.location.range)
            .ok_or_else(|| PlanError::NotInList {
                element: element
                    .as_str()
                    .map_or_else(|| element.to_hcl(), std::borrow::Cow::into_owned),
                path: self.location.path.clone(),
                line: self.location.start.line,
            })
    }

    /// The edits that delete the elements `delete` (`(index, range)`, the range from
    /// [`ListLiteral::element_range`]) with their separating commas, so that the list stays
    /// valid: whole lines when each run of deleted elements sits on lines of its own, else the
    /// element and the comma after it, or the comma before it for a run that ends the list.
    /// At least one element must be kept.
    ///
    /// # Errors
    /// [`PlanError::CommentsInList`] when a comment stands where a comma would be removed.
    pub fn remove(&self, delete: &[(usize, TextRange)]) -> Result<Vec<Edit>, PlanError> {
        let file = self.file;
        let text = file.text.as_str();
        let mut sorted = delete.to_vec();
        sorted.sort_by_key(|(i, _)| *i);
        let mut edits = Vec::new();
        let mut k = 0;
        while k < sorted.len() {
            let mut end = k;
            while end + 1 < sorted.len() && sorted[end + 1].0 == sorted[end].0 + 1 {
                end += 1;
            }
            let (first_index, first) = sorted[k];
            let (last_index, last) = sorted[end];
            let range = if let Some(lines) = whole_lines(file, first.start, last.end) {
                lines
            } else if last_index + 1 < self.len {
                // The comma after the run, and the spaces after it.
                let comma = next_significant(text, last.end)
                    .filter(|&p| text.as_bytes()[p as usize] == b',')
                    .ok_or_else(|| comments_in_list(file, last))?;
                let mut after = comma + 1;
                while matches!(text.as_bytes().get(after as usize), Some(b' ' | b'\t')) {
                    after += 1;
                }
                TextRange::new(first.start, after)
            } else if first_index > 0 {
                // The run ends the list: the comma before it.
                let comma = previous_significant(text, first.start)
                    .filter(|&p| text.as_bytes()[p as usize] == b',')
                    .ok_or_else(|| comments_in_list(file, first))?;
                TextRange::new(comma, last.end)
            } else {
                return Err(comments_in_list(file, first));
            };
            edits.push(Edit::deletion(self.location.path.clone(), range));
            k = end + 1;
        }
        Ok(edits)
    }
}

fn comments_in_list(file: &SourceFile, at: TextRange) -> PlanError {
    PlanError::CommentsInList {
        path: file.path.clone(),
        line: file.line_index.line_of(at.start),
    }
}

/// The lines `start..end` lie on, with their line endings, when nothing but blanks precedes
/// `start` on its line and nothing but blanks, a comma and a comment follows `end` on its.
fn whole_lines(file: &SourceFile, start: u32, end: u32) -> Option<TextRange> {
    let text = file.text.as_str();
    let first_line = file.line_index.line_of(start);
    let last_line = file.line_index.line_of(end);
    let line_start = file.line_index.line_start(first_line)?;
    if !text[line_start as usize..start as usize].trim().is_empty() {
        return None;
    }
    let rest = file.line_index.line_text(text, last_line);
    let last_start = file.line_index.line_start(last_line)?;
    let after = rest.get((end - last_start) as usize..)?.trim_start();
    let after = after.strip_prefix(',').unwrap_or(after).trim();
    if !(after.is_empty() || after.starts_with('#') || after.starts_with("//")) {
        return None;
    }
    let next = file
        .line_index
        .line_start(last_line + 1)
        .unwrap_or_else(|| u32::try_from(text.len()).unwrap_or(u32::MAX));
    Some(TextRange::new(line_start, next))
}

/// The offset of the first non-blank byte at or after `from`.
fn next_significant(text: &str, from: u32) -> Option<u32> {
    let bytes = text.as_bytes();
    let mut p = from as usize;
    while p < bytes.len() && bytes[p].is_ascii_whitespace() {
        p += 1;
    }
    (p < bytes.len()).then(|| u32::try_from(p).unwrap_or(u32::MAX))
}

/// The offset of the last non-blank byte before `before`.
fn previous_significant(text: &str, before: u32) -> Option<u32> {
    let bytes = text.as_bytes();
    let mut p = before as usize;
    while p > 0 {
        p -= 1;
        if !bytes[p].is_ascii_whitespace() {
            return Some(u32::try_from(p).unwrap_or(u32::MAX));
        }
    }
    None
}
