//! The issue's performance target, measured without a bench harness: a state with one
//! `count` block of 50,000 `aws_instance`s, loaded, indexed, then 100,000 lookups.
//!
//! Run with `cargo run --release -p driftless-state --example bench_index`
//! (`-- N LOOKUPS` to change the sizes).
// An example that reports its measurements on standard output.
#![allow(clippy::print_stdout)]

use driftless_state::{MatchedBy, Redaction, StateIndex, parse};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

const ACCOUNT: &str = "111122223333";
const REGION: &str = "eu-west-1";

fn instance_id(i: usize) -> String {
    format!("i-{i:017x}")
}

/// A state v4 file as Terraform writes it: one resource, `count = n`, each instance with the
/// attributes of AWS provider 5's `aws_instance` (about 1.3 KB of JSON each), among them
/// `user_data` and a `sensitive_attributes` path, which redaction must drop.
fn generate(n: usize) -> String {
    let mut out = String::with_capacity(n * 1400);
    out.push_str(
        r#"{"version": 4, "terraform_version": "1.9.5", "serial": 42, "lineage": "3f1c", "outputs": {},
"resources": [{"mode": "managed", "type": "aws_instance", "name": "fleet", "each": "list",
"provider": "provider[\"registry.terraform.io/hashicorp/aws\"]", "instances": ["#,
    );
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let id = instance_id(i);
        write!(
            out,
            r##"
{{"index_key": {i}, "schema_version": 1, "attributes": {{
  "ami": "ami-0abcdef1234567890", "arn": "arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{id}",
  "associate_public_ip_address": false, "availability_zone": "{REGION}a",
  "cpu_core_count": 1, "cpu_threads_per_core": 2, "disable_api_termination": false,
  "ebs_block_device": [], "ebs_optimized": false, "get_password_data": false,
  "iam_instance_profile": "", "id": "{id}", "instance_state": "running",
  "instance_type": "t3.micro", "key_name": "deployer",
  "metadata_options": [{{"http_endpoint": "enabled", "http_put_response_hop_limit": 1,
    "http_tokens": "optional", "instance_metadata_tags": "disabled"}}],
  "monitoring": false, "password_data": "", "private_dns": "ip-10-0-{a}-{b}.{REGION}.compute.internal",
  "private_ip": "10.0.{a}.{b}", "public_ip": "", "root_block_device": [{{"delete_on_termination": true,
    "encrypted": false, "iops": 3000, "volume_id": "vol-{i:017x}", "volume_size": 8, "volume_type": "gp3"}}],
  "security_groups": [], "subnet_id": "subnet-0123456789abcdef0", "tags": {{"Name": "fleet-{i}"}},
  "tags_all": {{"Name": "fleet-{i}"}}, "tenancy": "default",
  "user_data": "#!/bin/sh\nexport DB_PASSWORD=s3cr3t-{i}\n", "vpc_security_group_ids": ["sg-0123456789abcdef0"]
}}, "sensitive_attributes": [[{{"type": "get_attr", "value": "user_data"}}]],
"private": "eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==", "dependencies": ["aws_security_group.fleet"]}}"##,
            a = i / 256 % 256,
            b = i % 256,
        )
        .expect("write to String");
    }
    out.push_str("]}]}\n");
    out
}

struct Round {
    parse: Duration,
    index: Duration,
    lookups: Duration,
    /// Wall-clock time of the three steps together.
    wall: Duration,
}

/// Time this thread has spent on a CPU (Linux `/proc/thread-self/schedstat`, first field, in
/// nanoseconds), so that a figure taken while other processes share the 2 cores says what the
/// work costs rather than how long it waited. Falls back to wall-clock time elsewhere.
struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

impl Clock {
    fn start() -> Self {
        Self {
            wall: Instant::now(),
            cpu: cpu_ns(),
        }
    }

    fn elapsed(&self) -> Duration {
        match (self.cpu, cpu_ns()) {
            (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
            _ => self.wall.elapsed(),
        }
    }
}

fn round(bytes: Vec<u8>, n: usize, queries: &[String]) -> Round {
    let redaction = Redaction::new().allow("aws_instance", ["metadata_options"]);
    let wall = Instant::now();
    let t = Clock::start();
    let state = parse(bytes, Path::new("fleet.tfstate"), &redaction).expect("generated state");
    let parse_time = t.elapsed();
    assert_eq!(state.instances.len(), n);
    assert!(
        !format!("{:?}", state.instances[n - 1]).contains("s3cr3t"),
        "user_data survived"
    );

    let t = Clock::start();
    let mut index = StateIndex::new();
    index.insert(state, "fleet");
    let index_time = t.elapsed();

    let t = Clock::start();
    let mut found = 0usize;
    for (q, query) in queries.iter().enumerate() {
        match q % 4 {
            0 => {
                let m = index.by_arn(query).expect("ARN lookup");
                assert_eq!(m.matched_by, MatchedBy::Arn);
                found += usize::from(m.instance.address.key.is_some());
            }
            1 => found += index.by_id(query).len(),
            _ => found += index.resolve(query).len(),
        }
    }
    let lookup_time = t.elapsed();
    let wall = wall.elapsed();
    assert_eq!(found, queries.len() - queries.len() / 4);
    Round {
        parse: parse_time,
        index: index_time,
        lookups: lookup_time,
        wall,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(50_000, |a| a.parse().expect("N"));
    let lookups: usize = args.next().map_or(100_000, |a| a.parse().expect("LOOKUPS"));
    let rounds: usize = args.next().map_or(5, |a| a.parse().expect("ROUNDS"));

    let t = Instant::now();
    let text = generate(n);
    // Megabytes with one decimal for a human: f64's 52-bit mantissa loses nothing here.
    #[allow(clippy::cast_precision_loss)]
    let megabytes = text.len() as f64 / 1e6;
    println!(
        "state: {n} instances in one count block, {megabytes:.1} MB of JSON (generated in {:.2?})",
        t.elapsed()
    );
    // A quarter each: `by_arn`, `by_id`, `resolve` of an ARN, and `resolve` misses.
    let queries: Vec<String> = (0..lookups)
        .map(|q| {
            let i = q * 7919 % n;
            match q % 4 {
                0 | 2 => format!("arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{}", instance_id(i)),
                1 => instance_id(i),
                _ => format!("arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-missing{q}"),
            }
        })
        .collect();

    let mut all = Vec::new();
    for r in 0..rounds {
        let round = round(text.clone().into_bytes(), n, &queries);
        println!(
            "round {r}: parse + redact {:.2?}, index build {:.2?}, {lookups} lookups {:.2?}, total {:.2?} (wall clock {:.2?})",
            round.parse,
            round.index,
            round.lookups,
            round.parse + round.index + round.lookups,
            round.wall
        );
        all.push(round);
    }
    println!("(times are CPU time of this thread where /proc/thread-self/schedstat exists)");
    let best = |f: fn(&Round) -> Duration| all.iter().map(f).min().unwrap_or_default();
    println!(
        "best of {rounds}: parse + redact {:.2?}, index build {:.2?}, {lookups} lookups {:.2?}, total {:.2?} (wall clock {:.2?})",
        best(|r| r.parse),
        best(|r| r.index),
        best(|r| r.lookups),
        best(|r| r.parse + r.index + r.lookups),
        best(|r| r.wall)
    );
}
