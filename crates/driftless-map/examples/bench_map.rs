//! The mapping benchmark of the map issue: 100,000 Security Hub findings against a state of
//! 50,000 instances of one `count` block, mapped to the code. Generates the inputs in a
//! temporary folder, then times loading the state, reading the findings and resolving them
//! (the repository scan is timed apart: it is the same work `driftless scan` does).
//!
//! `cargo run --release -p driftless-map --example bench_map [INSTANCES] [FINDINGS]`

use driftless_map::{MapOptions, map_findings};
use driftless_state::{Redaction, StateIndex, StateSpec};
use std::fmt::Write as _;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let instances: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let findings: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("driftless-bench-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        format!("resource \"aws_instance\" \"fleet\" {{\n  count         = {instances}\n  ami           = \"ami-0abc\"\n  instance_type = \"t3.micro\"\n}}\n"),
    )
    .unwrap();
    let mut state = String::from(
        r#"{"version": 4, "terraform_version": "1.9.5", "resources": [{"mode": "managed", "type": "aws_instance", "name": "fleet", "instances": ["#,
    );
    for i in 0..instances {
        if i > 0 {
            state.push(',');
        }
        let _ = write!(
            state,
            r#"{{"index_key": {i}, "attributes": {{"id": "i-{i:017x}", "arn": "arn:aws:ec2:eu-west-1:111122223333:instance/i-{i:017x}", "user_data": "secret-{i}"}}}}"#
        );
    }
    state.push_str("]}]}");
    std::fs::write(dir.join("terraform.tfstate"), state).unwrap();
    let mut asff = String::from("{\"Findings\": [");
    for i in 0..findings {
        if i > 0 {
            asff.push(',');
        }
        let target = i % (instances + instances / 10); // one in eleven names no managed instance
        let _ = write!(
            asff,
            r#"{{"SchemaVersion": "2018-10-08", "Id": "f-{i}", "ProductArn": "arn:aws:securityhub:eu-west-1::product/aws/securityhub", "GeneratorId": "security-control/EC2.8", "Title": "EC2 instances should use IMDSv2", "Severity": {{"Label": "HIGH"}}, "Compliance": {{"Status": "FAILED", "SecurityControlId": "EC2.8"}}, "Resources": [{{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:eu-west-1:111122223333:instance/i-{target:017x}"}}]}}"#
        );
    }
    asff.push_str("]}");
    std::fs::write(dir.join("findings.json"), asff).unwrap();

    let t = Instant::now();
    let (index, errors) = StateIndex::load(
        &[StateSpec::new(dir.join("terraform.tfstate"), ".")],
        &Redaction::new(),
    );
    assert!(errors.is_empty());
    let load_state = t.elapsed();
    let t = Instant::now();
    let report = map_findings(
        &dir,
        &[dir.join("findings.json")],
        &index,
        &MapOptions::default(),
    );
    let map = t.elapsed();
    let t = Instant::now();
    let scan_only = driftless_rules::scan_path(
        &dir,
        &driftless_hcl::LoadOptions::default(),
        &driftless_rules::Selection::default(),
        "",
    );
    let scan = t.elapsed();
    drop(scan_only);
    let s = report.stats;
    println!(
        "{instances} instances, {findings} findings: state {:.3} s; map (scan + read + resolve) {:.3} s, of which the scan {:.3} s; mapped with fix {}, unmanaged {}, unresolved {}",
        load_state.as_secs_f64(),
        map.as_secs_f64(),
        scan.as_secs_f64(),
        s.mapped_with_fix,
        s.unmanaged,
        s.unresolved
    );
    let _ = std::fs::remove_dir_all(&dir);
}
