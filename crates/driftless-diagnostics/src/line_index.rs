//! Byte offsets to the 1-based lines and columns humans read.

use serde::{Deserialize, Serialize};

/// A 1-based line and a 1-based column, the column counted in Unicode scalar values
/// (characters), as SARIF's `unicodeCodePoints` column kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// The start offset of every line of one file, to turn byte offsets into [`LineColumn`]s.
///
/// Lines end at `\n`; a `\r` before it belongs to the line, so CRLF files count lines the same
/// way. A UTF-8 byte order mark at offset 0 is not counted as a column.
///
/// # Example
/// ```
/// use driftless_diagnostics::{LineIndex, LineColumn};
/// let text = "resource \"aws_instance\" \"web\" {\r\n  ami = \"ami-0abc\"\r\n}\r\n";
/// let index = LineIndex::new(text);
/// assert_eq!(index.line_column(text, 35), LineColumn { line: 2, column: 3 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`.
    ///
    /// # Panics
    /// Panics if `text` is 4 GiB or longer.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).expect("file under 4 GiB"));
            }
        }
        Self { line_starts }
    }

    /// Number of lines (a final line without a newline counts; an empty file has one line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line holding byte `offset`.
    ///
    /// # Panics
    /// Panics only if the index has more than `u32::MAX` lines, which [`LineIndex::new`]
    /// rules out.
    #[must_use]
    pub fn line_of(&self, offset: u32) -> u32 {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        u32::try_from(line + 1).expect("line count fits in u32")
    }

    /// 0-based byte offset where 1-based `line` starts; `None` past the last line.
    #[must_use]
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts
            .get((line as usize).checked_sub(1)?)
            .copied()
    }

    /// The 1-based line and column of byte `offset` in `text` (the same text given to
    /// [`LineIndex::new`]). An offset inside a multi-byte character counts as that character.
    ///
    /// # Panics
    /// Panics only if a line or a column number does not fit in `u32`, which the 4 GiB limit
    /// of [`LineIndex::new`] rules out.
    #[must_use]
    pub fn line_column(&self, text: &str, offset: u32) -> LineColumn {
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize - 1] as usize;
        let end = (offset as usize).min(text.len());
        let mut prefix = text.get(start..end).map_or_else(
            || {
                String::from_utf8_lossy(&text.as_bytes()[start..end])
                    .chars()
                    .count()
            },
            |s| s.chars().count(),
        );
        if start == 0 && text.starts_with('\u{feff}') && end > 0 {
            prefix -= 1;
        }
        LineColumn {
            line,
            column: u32::try_from(prefix + 1).expect("column fits in u32"),
        }
    }

    /// The text of 1-based `line` without its line ending.
    #[must_use]
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> &'a str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = self.line_start(line + 1).map_or(text.len(), |e| e as usize);
        text[start as usize..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "a = 1\nbé = \"x\"\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.line_column(text, 0),
            LineColumn { line: 1, column: 1 }
        );
        assert_eq!(
            index.line_column(text, 6),
            LineColumn { line: 2, column: 1 }
        );
        // "bé" is 3 bytes; offset 9 is the space after it, the third character.
        assert_eq!(
            index.line_column(text, 9),
            LineColumn { line: 2, column: 3 }
        );
        assert_eq!(index.line_text(text, 2), "bé = \"x\"");
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}a = 1\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.line_column(text, 3),
            LineColumn { line: 1, column: 1 }
        );
        assert_eq!(
            index.line_column(text, 5),
            LineColumn { line: 1, column: 3 }
        );
    }
}
