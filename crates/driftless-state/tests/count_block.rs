//! One `count` block of 50,000 instances (the issue's mapping target, at full size): every
//! instance gets its own key, and every ARN and id finds its instance. Timing is measured by
//! `examples/bench_index.rs` in release; this test checks the answers.

use driftless_diagnostics::{InstanceKey, ResourceAddress};
use driftless_state::{MatchedBy, Redaction, StateIndex, parse};
use std::fmt::Write as _;
use std::path::Path;

const N: usize = 50_000;

fn state_text() -> String {
    let mut out = String::from(
        r#"{"version": 4, "terraform_version": "1.9.5", "resources": [{"mode": "managed",
"type": "aws_ebs_volume", "name": "data", "each": "list", "instances": ["#,
    );
    for i in 0..N {
        if i > 0 {
            out.push(',');
        }
        // Half the volumes have an `arn` (AWS provider 2.x and later), half do not (older
        // states), so both real and derived ARNs are looked up.
        let arn = if i % 2 == 0 {
            format!(r#""arn": "arn:aws:ec2:eu-west-1:111122223333:volume/vol-{i:017x}", "#)
        } else {
            String::new()
        };
        write!(
            out,
            r#"{{"index_key": {i}, "attributes": {{{arn}"id": "vol-{i:017x}", "availability_zone": "eu-west-1b",
"encrypted": false, "kms_key_id": "", "size": 8, "tags": {{"Name": "data-{i}"}}}}}}"#
        )
        .unwrap();
    }
    out.push_str("]}]}");
    out
}

#[test]
fn every_instance_of_a_large_count_block_maps_back() {
    let redaction = Redaction::new().allow("aws_ebs_volume", ["encrypted"]);
    let state = parse(state_text().into(), Path::new("big.tfstate"), &redaction).unwrap();
    assert_eq!(state.instances.len(), N);
    let mut index = StateIndex::new();
    index.insert(state, "storage");
    for i in (0..N).step_by(7) {
        let arn = format!("arn:aws:ec2:eu-west-1:111122223333:volume/vol-{i:017x}");
        let m = index.by_arn(&arn).unwrap();
        let expected_index = i64::try_from(i).unwrap();
        assert_eq!(
            m.instance.address.key,
            Some(InstanceKey::Index(expected_index))
        );
        assert_eq!(
            m.matched_by,
            if i % 2 == 0 {
                MatchedBy::Arn
            } else {
                MatchedBy::DerivedArn
            }
        );
        assert_eq!(m.instance.attributes["encrypted"], false);
        assert!(!m.instance.attributes.contains_key("tags"));
        let by_id = index.by_id(&format!("vol-{i:017x}"));
        assert_eq!(by_id.len(), 1);
        assert_eq!(by_id[0].root_dir, "storage");
    }
    let last: ResourceAddress = format!("aws_ebs_volume.data[{}]", N - 1).parse().unwrap();
    assert_eq!(
        index.get("storage", &last).unwrap().instance.id(),
        Some(format!("vol-{:017x}", N - 1).as_str())
    );
    assert_eq!(last.block_address().to_string(), "aws_ebs_volume.data");
}
