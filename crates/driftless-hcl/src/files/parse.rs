//! Parsing one file with hcl-edit. A file that does not parse becomes one [`InputError`]
//! naming its line, column and what was expected; the scan goes on with the other files.

use crate::files::source::SourceFile;
use driftless_diagnostics::{InputError, InputErrorKind, LineColumn};
use hcl_edit::structure::Body;
use std::sync::Arc;

/// A parsed `.tf` or `.tfvars` file.
#[derive(Debug)]
pub struct ParsedFile {
    /// The file as read.
    pub source: Arc<SourceFile>,
    /// hcl-edit's tree; its spans are offsets into [`SourceFile::normalized`] text, so map them
    /// with [`SourceFile::original_range`].
    pub body: Body,
}

/// Parses `source`.
///
/// # Errors
/// An [`InputError`] of kind `Syntax` at the 1-based line and column hcl-edit reports, with its
/// message ("expected ...").
pub(crate) fn parse_file(source: SourceFile) -> Result<ParsedFile, InputError> {
    let text = source.normalized();
    match hcl_edit::parser::parse_body(&text) {
        Ok(body) => Ok(ParsedFile {
            source: Arc::new(source),
            body,
        }),
        Err(e) => {
            let loc = e.location();
            let message = e.message().trim().replace('\n', " ");
            Err(InputError {
                kind: InputErrorKind::Syntax,
                path: source.path.clone(),
                position: Some(LineColumn {
                    line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
                    column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
                }),
                message: if message.is_empty() {
                    "invalid HCL".to_owned()
                } else {
                    format!("invalid HCL: {message}")
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn src(text: &str) -> SourceFile {
        SourceFile::from_text(text.to_owned(), PathBuf::new(), "main.tf".into(), true)
    }

    #[test]
    fn syntax_error_names_line_and_expectation() {
        let err = parse_file(src("resource \"a\" \"b\" {\n  ami = \n}\n")).unwrap_err();
        assert_eq!(err.kind, InputErrorKind::Syntax);
        assert_eq!(err.position.unwrap().line, 2, "{err}");
        assert!(err.to_string().starts_with("main.tf:2:"), "{err}");
        assert!(err.message.contains("expected"), "{}", err.message);
    }

    #[test]
    fn empty_file_parses() {
        let parsed = parse_file(src("")).unwrap();
        assert_eq!(parsed.body.iter().count(), 0);
    }
}
