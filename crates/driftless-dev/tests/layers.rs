//! No crate of the workspace has an import circle between its modules (docs/architecture.md
//! §3). Each crate's module docs give the order of its layers; this checks that no two
//! modules use each other, directly or through others, which any order needs.

use driftless_dev::layers::{circles, module_graph};

#[test]
fn no_crate_has_an_import_circle() {
    let crates = driftless_dev::workspace_root().join("crates");
    let mut found = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&crates).unwrap() {
        let src = entry.unwrap().path().join("src");
        if !src.is_dir() {
            continue;
        }
        checked += 1;
        let graph = module_graph(&src).unwrap();
        for circle in circles(&graph) {
            let name = src.parent().and_then(std::path::Path::file_name);
            let name = name.map_or_else(
                || src.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            found.push(format!("{name}: {circle}"));
        }
    }
    assert!(
        checked >= 10,
        "only {checked} crates found under {}",
        crates.display()
    );
    assert!(
        found.is_empty(),
        "import circles between modules (break them by moving what both sides need below both):\n{}",
        found.join("\n")
    );
}
