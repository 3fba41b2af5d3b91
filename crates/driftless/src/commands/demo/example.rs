//! The bundled vulnerable example (`examples/vulnerable`), embedded so that the binary runs
//! the demo from anywhere.

use anyhow::Context as _;
use std::path::Path;

/// The example's files, embedded so that the binary runs the demo from anywhere.
pub const EXAMPLE: &[(&str, &str)] = &[
    (
        "README.md",
        include_str!("../../../../../examples/vulnerable/README.md"),
    ),
    (
        "main.tf",
        include_str!("../../../../../examples/vulnerable/main.tf"),
    ),
    (
        "terraform.tfvars",
        include_str!("../../../../../examples/vulnerable/terraform.tfvars"),
    ),
    (
        "storage.tf",
        include_str!("../../../../../examples/vulnerable/storage.tf"),
    ),
    (
        "database.tf",
        include_str!("../../../../../examples/vulnerable/database.tf"),
    ),
    (
        "audit.tf",
        include_str!("../../../../../examples/vulnerable/audit.tf"),
    ),
    (
        "modules/web/main.tf",
        include_str!("../../../../../examples/vulnerable/modules/web/main.tf"),
    ),
    (
        "legacy/broken.tf",
        include_str!("../../../../../examples/vulnerable/legacy/broken.tf"),
    ),
    (
        "terraform.tfstate",
        include_str!("../../../../../examples/vulnerable/terraform.tfstate"),
    ),
    (
        "findings/securityhub.asff.json",
        include_str!("../../../../../examples/vulnerable/findings/securityhub.asff.json"),
    ),
    (
        "findings/prowler.ocsf.json",
        include_str!("../../../../../examples/vulnerable/findings/prowler.ocsf.json"),
    ),
];

/// Writes the example into `dir`.
///
/// # Errors
/// When a file cannot be written.
pub fn write_example(dir: &Path) -> anyhow::Result<()> {
    for (path, text) in EXAMPLE {
        let dest = dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&dest, text).with_context(|| format!("cannot write {}", dest.display()))?;
    }
    Ok(())
}
