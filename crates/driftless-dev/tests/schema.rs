//! The committed AWS provider schema is what `driftless-dev schema` generates with the real
//! Terraform and the provider from the local mirror, byte for byte (the Terraform version it
//! records aside, when another version runs here). Without Terraform or the
//! mirror the test says in one line that it was skipped (`DRIFTLESS_REQUIRE_TERRAFORM=1`
//! makes that a failure).

use driftless_terraform::schema::{AWS_PROVIDER_SCHEMA_JSON, aws};

#[test]
fn regenerating_the_provider_schema_gives_the_committed_file() {
    let committed = std::fs::read_to_string(driftless_dev::default_schema_out()).unwrap();
    assert_eq!(
        committed, AWS_PROVIDER_SCHEMA_JSON,
        "the binary embeds the committed file"
    );
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let recorded = aws();
    let (json, terraform_version) = driftless_dev::schema::read_with_terraform(
        &tools.binary,
        &tools.mirror,
        &recorded.provider_version,
    )
    .unwrap();
    // Another Terraform version reads the same provider schema: the file records the version
    // that wrote it, so compare everything else.
    let generated = driftless_dev::schema::generate(
        &json,
        &recorded.provider_version,
        &recorded.terraform_version,
    )
    .unwrap();
    assert!(
        generated == committed,
        "crates/driftless-terraform/data/aws_provider_schema.json is stale: run \
         `cargo run -p driftless-dev -- schema --mirror <the provider mirror>`"
    );
    if terraform_version != recorded.terraform_version {
        // One line, like a skip: what was not compared.
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "note: Terraform {terraform_version} here, the schema records {}: compared all but that version",
                recorded.terraform_version
            );
        }
    }
}
