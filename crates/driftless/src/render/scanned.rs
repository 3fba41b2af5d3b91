//! A scan's files as the output formats read them.

use driftless_formats::SourceFiles;
use driftless_hcl::SourceFile;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The files of a scan by repository-relative path (`Project::files`), read by the output
/// formats through [`SourceFiles`] without copying their texts.
#[derive(Debug, Default)]
pub struct ScannedFiles(pub BTreeMap<String, Arc<SourceFile>>);

impl SourceFiles for ScannedFiles {
    fn text(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(|f| f.text.as_str())
    }
}
