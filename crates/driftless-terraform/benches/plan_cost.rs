//! What verifying a root module costs with a warm plugin cache: copying and `init`, a plan
//! against no state, the plan and prior state of the unpatched configuration, and a plan
//! against that prior state.
//!
//! ```text
//! DRIFTLESS_PROVIDER_MIRROR=/opt/tf-plugins cargo bench -p driftless-terraform --bench plan_cost \
//!     -- [--runs N] [REPOSITORY:ROOT_MODULE ...]
//! ```
//!
//! Without root modules it measures a built-in one (an instance, a volume, a database). Terraform
//! and the mirror are found as `Runner::discover` finds them; the plugin cache is a temporary
//! folder, warmed by one run that is not counted. Prints a Markdown table of the median and
//! the fastest of `--runs` runs (default 5), in seconds.

use driftless_terraform::{Against, Runner, RunnerOptions};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const BUILT_IN: &str = r#"provider "aws" {
  region = "eu-west-1"
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_db_instance" "db" {
  allocated_storage = 10
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  username          = "admin"
  password          = "not-a-real-password"
}
"#;

/// The steps timed, in order.
const STEPS: [&str; 4] = [
    "copy + init",
    "plan (no state)",
    "plan + prior state",
    "plan against prior",
];

fn main() {
    let mut runs = 5;
    let mut roots: Vec<(PathBuf, String)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {}
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            spec => {
                let (repo, root) = spec.split_once(':').unwrap_or((spec, ""));
                roots.push((PathBuf::from(repo), root.to_owned()));
            }
        }
    }
    let built_in = tempfile::tempdir().expect("a temporary folder");
    let default = roots.is_empty();
    if default {
        std::fs::write(built_in.path().join("main.tf"), BUILT_IN).expect("writable");
        roots.push((built_in.path().to_path_buf(), String::new()));
    }
    let cache = tempfile::tempdir().expect("a temporary folder");
    let options = RunnerOptions {
        plugin_cache: Some(cache.path().to_path_buf()),
        ..RunnerOptions::default()
    };
    let runner = match Runner::discover(&options) {
        Ok(runner) => runner,
        Err(e) => {
            println!("skipped: {e}");
            return;
        }
    };
    println!(
        "{}, mirror {}, {runs} runs after one warm-up\n",
        runner.terraform(),
        runner.mirror().path().display()
    );
    println!("| root module | step | median s | fastest s |");
    println!("| --- | --- | ---: | ---: |");
    for (repo, root) in &roots {
        let name = if default {
            "built-in (instance, volume, database)".to_owned()
        } else if root.is_empty() {
            repo.display().to_string()
        } else {
            format!("{}:{root}", repo.display())
        };
        let mut times: Vec<[Duration; 4]> = Vec::new();
        for run in 0..=runs {
            match measure(&runner, repo, root) {
                Ok(t) if run > 0 => times.push(t),
                // The warm-up also reads the provider schema (kept by the runner afterwards).
                Ok(t) => println!(
                    "| {name} | warm-up: plan + prior state, schema read | {:.2} | |",
                    t[2].as_secs_f64()
                ),
                Err(e) => {
                    println!("| {name} | failed: {e} | | |");
                    break;
                }
            }
        }
        if times.is_empty() {
            continue;
        }
        for (i, step) in STEPS.iter().enumerate() {
            let mut column: Vec<Duration> = times.iter().map(|t| t[i]).collect();
            column.sort();
            let median = column[column.len() / 2];
            println!(
                "| {name} | {step} | {:.2} | {:.2} |",
                median.as_secs_f64(),
                column[0].as_secs_f64()
            );
        }
    }
}

/// One run of every step.
fn measure(
    runner: &Runner,
    repo: &std::path::Path,
    root: &str,
) -> Result<[Duration; 4], driftless_terraform::RunError> {
    let started = Instant::now();
    let mut workspace = runner.workspace(repo, root)?;
    let init = started.elapsed();
    let started = Instant::now();
    workspace.plan(Against::Empty)?;
    let plan = started.elapsed();
    let started = Instant::now();
    let (_, prior) = workspace.plan_with_prior_state()?;
    let with_prior = started.elapsed();
    let started = Instant::now();
    workspace.plan(Against::Prior(&prior))?;
    Ok([init, plan, with_prior, started.elapsed()])
}
