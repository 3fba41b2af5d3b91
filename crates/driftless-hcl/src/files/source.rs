//! One file of the repository as read from disk, with what is needed to point into it.
//!
//! Offsets everywhere in driftless are byte offsets into the file *as read* (BOM and CRLF
//! included), so that an edit can be spliced into the original bytes and a CRLF file stays
//! CRLF. hcl-edit is given a normalised copy (no BOM, `\n` line endings) and the spans it
//! returns are mapped back with [`SourceFile::original_offset`].

use driftless_diagnostics::{InputError, InputErrorKind, LineIndex, SourceLocation, TextRange};
use std::path::{Path, PathBuf};

/// Files larger than this are refused as unreadable: 64 MiB, far beyond any hand-written
/// Terraform file, and small enough that one stray dump cannot exhaust memory.
pub(crate) const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A text file of the repository.
#[derive(Debug)]
pub struct SourceFile {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// Absolute path on disk.
    pub abs_path: PathBuf,
    /// The text as read (BOM and CRLF kept).
    pub text: String,
    /// Line index over `text`.
    pub line_index: LineIndex,
    /// Whether the file uses CRLF line endings (its first line ending is `\r\n`).
    pub crlf: bool,
    /// Whether the file may be edited: `false` for modules fetched into `.terraform/modules`.
    pub editable: bool,
    /// For every `\r` removed by normalisation, the offset of the `\n` after it in the
    /// normalised text, ascending.
    removed_cr: Vec<u32>,
    /// Length of the BOM removed by normalisation (0 or 3).
    bom_len: u32,
}

impl SourceFile {
    /// Reads `abs_path`, to be shown as `path`.
    ///
    /// # Errors
    /// An [`InputError`] of kind `Unreadable` when the file cannot be read, is larger than
    /// `MAX_FILE_BYTES` (64 MiB), holds a NUL byte (binary), or is not UTF-8 (with the 1-based line
    /// of the first invalid byte).
    pub fn read(abs_path: &Path, path: String, editable: bool) -> Result<Self, InputError> {
        let unreadable = |position, message: String| InputError {
            kind: InputErrorKind::Unreadable,
            path: path.clone(),
            position,
            message,
        };
        let meta = std::fs::metadata(abs_path)
            .map_err(|e| unreadable(None, format!("cannot read: {e}")))?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(unreadable(
                None,
                format!(
                    "file is {} bytes, over the {MAX_FILE_BYTES}-byte limit",
                    meta.len()
                ),
            ));
        }
        let bytes =
            std::fs::read(abs_path).map_err(|e| unreadable(None, format!("cannot read: {e}")))?;
        Self::from_bytes(bytes, abs_path.to_path_buf(), path, editable)
    }

    /// Builds a source file from bytes already read.
    ///
    /// # Errors
    /// As [`SourceFile::read`], for binary or non-UTF-8 content.
    // Lines are counted once, for an error's position: the speed of the `bytecount` crate
    // would buy nothing here.
    #[allow(clippy::naive_bytecount)]
    pub fn from_bytes(
        bytes: Vec<u8>,
        abs_path: PathBuf,
        path: String,
        editable: bool,
    ) -> Result<Self, InputError> {
        if let Some(at) = bytes.iter().position(|&b| b == 0) {
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(InputError {
                kind: InputErrorKind::Unreadable,
                path,
                position: Some(driftless_diagnostics::LineColumn {
                    line: to_u32(line),
                    column: 1,
                }),
                message: "binary file (holds a NUL byte): expected HCL text".to_owned(),
            });
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let col = at
                - bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            InputError {
                kind: InputErrorKind::Unreadable,
                path: path.clone(),
                position: Some(driftless_diagnostics::LineColumn {
                    line: to_u32(line),
                    column: to_u32(col),
                }),
                message: format!(
                    "not UTF-8 (invalid byte 0x{:02x}): expected UTF-8 text",
                    bytes[at]
                ),
            }
        })?;
        Ok(Self::from_text(text, abs_path, path, editable))
    }

    /// Builds a source file from text.
    #[must_use]
    pub fn from_text(text: String, abs_path: PathBuf, path: String, editable: bool) -> Self {
        let line_index = LineIndex::new(&text);
        let bom_len = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let removed_cr: Vec<u32> = text
            .as_bytes()
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w == b"\r\n")
            .enumerate()
            .map(|(k, (i, _))| to_u32(i) - bom_len - to_u32(k))
            .collect();
        let crlf = text
            .find('\n')
            .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r');
        Self {
            path,
            abs_path,
            text,
            line_index,
            crlf,
            editable,
            removed_cr,
            bom_len,
        }
    }

    /// The text handed to the parser: no BOM, every `\r\n` folded to `\n`.
    #[must_use]
    pub fn normalized(&self) -> String {
        let body = &self.text[self.bom_len as usize..];
        if self.removed_cr.is_empty() {
            body.to_owned()
        } else {
            body.replace("\r\n", "\n")
        }
    }

    /// Maps a 0-based byte offset in [`SourceFile::normalized`] text back to `text`.
    #[must_use]
    pub fn original_offset(&self, normalized: usize) -> u32 {
        let n = to_u32(normalized);
        // Each `\r` removed before the offset shifts it by one; an offset at a `\n` maps to its
        // `\r`, so a range that ends at a line end never takes the `\r` in.
        let removed = self.removed_cr.partition_point(|&q| q < n);
        n + self.bom_len + to_u32(removed)
    }

    /// Maps a normalised byte range back to a range of `text`.
    #[must_use]
    pub fn original_range(&self, normalized: std::ops::Range<usize>) -> TextRange {
        TextRange::new(
            self.original_offset(normalized.start),
            self.original_offset(normalized.end),
        )
    }

    /// The location of `range` (a range of `text`).
    #[must_use]
    pub fn location(&self, range: TextRange) -> SourceLocation {
        SourceLocation::new(self.path.clone(), &self.text, &self.line_index, range)
    }

    /// The text of `range`.
    #[must_use]
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range.to_usize()]
    }

    /// The whitespace that starts the line holding byte `offset`.
    #[must_use]
    pub fn indent_at(&self, offset: u32) -> &str {
        let line = self.line_index.line_of(offset);
        let start = self.line_index.line_start(line).unwrap_or(0) as usize;
        let rest = &self.text[start..];
        let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        &rest[..n]
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_offsets_map_back() {
        let text = "\u{feff}a = 1\r\nb = 2\r\n".to_owned();
        let f = SourceFile::from_text(text, PathBuf::new(), "m.tf".into(), true);
        assert!(f.crlf);
        let n = f.normalized();
        assert_eq!(n, "a = 1\nb = 2\n");
        let b = n.find('b').unwrap();
        let o = f.original_offset(b) as usize;
        assert_eq!(&f.text[o..=o], "b");
        let two = n.rfind('2').unwrap();
        let o = f.original_offset(two) as usize;
        assert_eq!(&f.text[o..=o], "2");
    }

    #[test]
    fn binary_and_non_utf8_are_refused_with_position() {
        let e =
            SourceFile::from_bytes(b"a = 1\n\0\0".to_vec(), PathBuf::new(), "x.tf".into(), true)
                .unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.tf:2:1: binary file (holds a NUL byte): expected HCL text"
        );
        let e = SourceFile::from_bytes(
            b"a = 1\nb = \"\xff\"\n".to_vec(),
            PathBuf::new(),
            "y.tf".into(),
            true,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "y.tf:2:6: not UTF-8 (invalid byte 0xff): expected UTF-8 text"
        );
    }
}
