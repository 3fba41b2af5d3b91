//! `docs/coverage.md` is what `driftless-dev coverage` generates from the catalog today: a
//! rule or a cross-reference added without regenerating it fails here.

#[test]
fn the_committed_coverage_page_is_current() {
    let root = driftless_dev::workspace_root();
    let generated = driftless_dev::coverage::generate(&root.join("data/xref")).unwrap();
    let committed = std::fs::read_to_string(root.join("docs/coverage.md")).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/coverage.md is stale: run `cargo run -p driftless-dev -- coverage`"
    );
    // The figures the issue "Rules as data" tracks are in it.
    assert!(generated.contains("| Security Hub FSBP controls | "));
}
