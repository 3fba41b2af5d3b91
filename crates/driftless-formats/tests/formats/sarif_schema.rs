//! Validation of SARIF logs against the OASIS SARIF 2.1.0 schema.
//!
//! Self-contained so that other crates' tests can copy this file as it is (it needs
//! `jsonschema = { workspace = true }` and `serde_json` as dev-dependencies). The schema is read
//! from the repository's `data/schemas/` (its source is named in `data/README.md`).
//! `jsonschema` is built without default features: it has no HTTP client, and the schema's
//! `$ref`s are all inside the document, so validating needs no network.

use serde_json::Value;

/// Path of the schema, from a crate directory `crates/<name>`.
pub(crate) const SARIF_SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/schemas/sarif-schema-2.1.0.json"
);

/// Whether `s` is made only of characters an RFC 3986 URI reference may contain (the schema's
/// `uri-reference` format, which the draft-04 validator does not know by itself).
fn is_uri_reference(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b))
}

/// Compiles the SARIF 2.1.0 schema (draft-04), with `format` checked.
///
/// # Panics
/// Panics if the schema file is missing or does not compile.
pub(crate) fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(SARIF_SCHEMA_PATH)
        .unwrap_or_else(|e| panic!("cannot read {SARIF_SCHEMA_PATH}: {e}"));
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .with_format("uri-reference", is_uri_reference)
        .build(&schema)
        .expect("the SARIF schema compiles without network access")
}

/// Asserts that `log` is valid SARIF 2.1.0, listing every violation with its JSON pointer.
///
/// # Panics
/// Panics, listing the errors, if `log` does not validate.
pub(crate) fn assert_valid_sarif(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}
