//! The committed knowledge base is what `driftless-dev kb` generates from the public test
//! corpus's `modules` folder (../shared/corpus/modules), byte for byte.

#[test]
fn regenerating_the_knowledge_base_gives_the_committed_file() {
    let Some(corpus) = driftless_testkit::corpus() else {
        return;
    };
    let modules = corpus.join("modules");
    let generated = driftless_dev::kb::generate(&modules).unwrap();
    let committed = std::fs::read_to_string(driftless_dev::default_out()).unwrap();
    assert!(
        generated == committed,
        "crates/driftless-hcl/data/registry_modules.json is stale: run `cargo run -p driftless-dev -- kb`"
    );
    assert_eq!(
        committed,
        driftless_hcl::knowledge_base::KNOWLEDGE_BASE_JSON
    );
}
