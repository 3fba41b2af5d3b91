//! The `driftless` binary end to end, on real folders: exit statuses, every output format on
//! the bundled example, bad input that must never panic, `--fix`/`--diff`, configuration
//! precedence.

mod common;
#[path = "../../driftless-formats/tests/formats/sarif_schema.rs"]
mod sarif_schema;

use common::http;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn driftless(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_driftless"))
        .args(args)
        .env_remove("DRIFTLESS_SELECT")
        .env_remove("DRIFTLESS_FORMAT")
        .env("NO_COLOR", "1")
        .output()
        .expect("driftless runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/vulnerable")
}

fn copy_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in driftless::commands::demo::EXAMPLE {
        let dest = dir.path().join(path);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, text).unwrap();
    }
    dir
}

fn write(dir: &Path, path: &str, bytes: impl AsRef<[u8]>) {
    let dest = dir.join(path);
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::write(dest, bytes).unwrap();
}

#[test]
fn the_embedded_example_matches_the_files_on_disk() {
    for (path, text) in driftless::commands::demo::EXAMPLE {
        assert_eq!(
            std::fs::read_to_string(example().join(path)).unwrap(),
            *text,
            "{path}"
        );
    }
}

#[test]
fn sarif_of_the_example_validates_with_fixes_suppressions_and_the_parse_error() {
    let out = driftless(&["scan", example().to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the broken file makes the exit status 2"
    );
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    sarif_schema::assert_valid_sarif(&log);
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["fixes"][0]["artifactChanges"][0]["replacements"].is_array()),
        "a result carries a fix"
    );
    assert!(
        results
            .iter()
            .any(|r| r["suppressions"][0]["kind"] == "inSource"),
        "a result carries a suppression"
    );
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(
        notes.iter().any(
            |n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "legacy/broken.tf"
        ),
        "{notes:?}"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    for r in results {
        assert!(
            r["partialFingerprints"]["driftless/v1"]
                .as_str()
                .is_some_and(|f| f.len() == 32)
        );
    }
}

#[test]
fn exit_status_is_0_clean_1_findings_2_input_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_instance\" \"a\" {\n  metadata_options {\n    http_tokens = \"required\"\n  }\n  root_block_device {\n    encrypted = true\n  }\n}\n",
    );
    assert_eq!(
        driftless(&["scan", dir.path().to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    write(
        dir.path(),
        "more.tf",
        "resource \"aws_instance\" \"b\" {}\n",
    );
    let out = driftless(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("aws-ec2-imdsv2-required"),
        "{}",
        stdout(&out)
    );
    write(dir.path(), "broken.tf", "resource \"x\" \"y\" {\n");
    let out = driftless(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("aws_instance.b"),
        "the other files are still scanned"
    );
}

#[test]
fn bad_inputs_get_clear_messages_and_never_stop_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "syntax.tf",
        "resource \"aws_instance\" \"a\" {\n  ami = \n}\n",
    );
    write(root, "binary.tf", [0x7f, b'E', b'L', b'F', 0, 0, 1, 2]);
    write(
        root,
        "latin1.tf",
        b"# caf\xe9\nresource \"aws_instance\" \"b\" {}\n",
    );
    write(root, "empty.tf", "");
    write(
        root,
        "ok.tf",
        "resource \"aws_instance\" \"good\" {\n  root_block_device {\n    encrypted = true\n  }\n}\n",
    );
    // A 10 MB generated file: many small resources, each compliant.
    let mut big = String::new();
    let mut i = 0;
    while big.len() < 10 * 1024 * 1024 {
        let _ = write!(
            big,
            "resource \"aws_instance\" \"gen_{i}\" {{\n  ami = \"ami-{i:08}\"\n  metadata_options {{\n    http_tokens = \"required\"\n  }}\n  root_block_device {{\n    encrypted = true\n  }}\n}}\n\n"
        );
        i += 1;
    }
    write(root, "big/generated.tf", &big);
    std::fs::create_dir_all(root.join("loop")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("loop"), root.join("loop/again")).unwrap();

    let out = driftless(&["scan", root.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty() || !String::from_utf8_lossy(&out.stderr).contains("panicked"));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors = report["errors"].as_array().unwrap();
    let message = |path: &str| -> String {
        errors.iter().find(|e| e["path"] == path).map_or_else(
            || panic!("no error for {path}: {errors:?}"),
            |e| e["message"].as_str().unwrap().to_owned(),
        )
    };
    assert!(message("syntax.tf").contains("expected"));
    assert!(message("binary.tf").contains("binary file"));
    assert!(message("latin1.tf").contains("not UTF-8"));
    assert!(message("loop/again").contains("symbolic link loop"));
    let addresses: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["address"].as_str().unwrap())
        .collect();
    assert_eq!(
        addresses,
        ["aws_instance.good"],
        "the empty and the 10 MB file scan normally"
    );
}

#[test]
fn diff_writes_nothing_and_fix_applies_only_what_the_threshold_allows() {
    let dir = copy_example();
    let root = dir.path().to_str().unwrap();
    let before = std::fs::read_to_string(dir.path().join("terraform.tfvars")).unwrap();
    let out = driftless(&["scan", root, "--diff", "--applicability", "review"]);
    let text = stdout(&out);
    assert!(
        text.contains("-web_http_tokens = \"optional\"\n+web_http_tokens = \"required\""),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("terraform.tfvars")).unwrap(),
        before
    );

    // --fix alone applies safe fixes only; the IMDSv2 fix needs review.
    driftless(&["scan", root, "--fix"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("terraform.tfvars")).unwrap(),
        before
    );
    let out = driftless(&["scan", root, "--fix", "--applicability", "review"]);
    assert!(stdout(&out).starts_with("Fixed "), "{}", stdout(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("terraform.tfvars")).unwrap(),
        "web_http_tokens = \"required\"\n"
    );
    let again = driftless(&[
        "scan",
        root,
        "--select",
        "aws-ec2-imdsv2-required",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["suppressed"].is_null()),
        "{report:#}"
    );
}

#[test]
fn configuration_file_is_overridden_by_environment_and_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_instance\" \"a\" {\n  root_block_device {\n    encrypted = true\n  }\n}\n",
    );
    write(
        dir.path(),
        "driftless.toml",
        "[severity]\n\"aws-ec2-imdsv2-required\" = \"low\"\n",
    );
    let json = |extra: &[&str], env: Option<&str>| -> Value {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_driftless"));
        cmd.args(["scan", dir.path().to_str().unwrap(), "--format", "json"])
            .args(extra);
        cmd.env_remove("DRIFTLESS_SEVERITY");
        if let Some(v) = env {
            cmd.env("DRIFTLESS_SEVERITY", v);
        }
        serde_json::from_str(&String::from_utf8(cmd.output().unwrap().stdout).unwrap()).unwrap()
    };
    let count = |v: &Value| v["findings"].as_array().unwrap().len();
    assert_eq!(
        json(&[], None)["findings"][0]["severity"],
        "low",
        "the file overrides the severity"
    );
    assert_eq!(
        count(&json(&[], Some("medium"))),
        0,
        "the environment filters the overridden low finding"
    );
    assert_eq!(
        count(&json(&["--severity", "low"], Some("medium"))),
        1,
        "the command line wins over the environment"
    );

    write(
        dir.path(),
        "driftless.toml",
        "select = [\"aws-ec2\"]\nbogus = 1\n",
    );
    let out = driftless(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("driftless.toml:2:1"), "{err}");
}

#[test]
fn unknown_rule_ids_are_errors_and_rule_prints_documentation() {
    let out = driftless(&["scan", ".", "--select", "aws-ec2-imdsv3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule matches `aws-ec2-imdsv3`"));
    let out = driftless(&["rule", "aws-ec2-imdsv2-required"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = stdout(&out);
    assert!(
        doc.contains("## Why it matters") && doc.contains("CKV_AWS_79"),
        "{doc}"
    );
    let out = driftless(&["rules"]);
    assert!(stdout(&out).contains("aws-ec2-imdsv2-required"));
    // Another tool's id finds the rule that covers it (a security team comes with `EC2.8`).
    for xref in ["EC2.8", "ckv_aws_79"] {
        let out = driftless(&["rule", xref]);
        assert_eq!(out.status.code(), Some(0), "{xref}");
        assert!(stdout(&out).contains("aws-ec2-imdsv2-required"), "{xref}");
    }
}

#[test]
fn demo_runs_the_whole_loop() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("demo");
    let out = driftless(&["demo", "--dir", target.to_str().unwrap(), "--no-serve"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("== 3. fix through the code"), "{text}");
    assert!(text.contains("mapped with a fix"), "{text}");
    assert!(
        !text.contains("s3cr3t-hunter2"),
        "the state's secrets never print"
    );
    assert!(text.contains("+web_http_tokens = \"required\""), "{text}");
    assert_eq!(
        std::fs::read_to_string(target.join("terraform.tfvars")).unwrap(),
        "web_http_tokens = \"required\"\n"
    );
    // Step 5: the campaign loop on a local bare remote and a SQLite store.
    assert!(text.contains("== 5. a campaign"), "{text}");
    assert!(text.contains("pushed branch driftless/baseline"), "{text}");
    assert!(text.contains("owner"), "{text}");
    let remote = target.join("campaign/remote.git");
    let branch = Command::new("git")
        .args([
            "-C",
            remote.to_str().unwrap(),
            "rev-parse",
            "--verify",
            "driftless/baseline",
        ])
        .output()
        .unwrap();
    assert!(branch.status.success(), "the branch is on the remote");
    let db = std::fs::read(target.join("campaign/.driftless/driftless.db")).unwrap();
    assert!(
        !db.windows(14).any(|w| w == b"s3cr3t-hunter2"),
        "the state's secrets are never stored"
    );
    assert!(target.join("campaign/burndown.svg").is_file());
}

#[test]
fn demo_ends_by_serving_the_campaign_until_sigterm() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("demo");
    let mut demo = Command::new(env!("CARGO_BIN_EXE_driftless"))
        .args(["demo", "--dir", target.to_str().unwrap()])
        .args(["--listen", "127.0.0.1:0"])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Read up to the last line step 6 prints (the pipe stays open while it serves).
    let mut text = String::new();
    let mut lines = std::io::BufReader::new(demo.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        text.push_str(&line);
        text.push('\n');
        if line.contains("Serving until Ctrl-C") {
            break;
        }
    }
    assert!(text.contains("== 6. the web UI"), "{text}");
    let url = |label: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(label))
            .map_or_else(
                || panic!("no {label} in {text}"),
                |l| l.trim().split(' ').next().unwrap().to_owned(),
            )
    };
    let campaign = url("The campaign:");
    let violation = url("A violation:");
    let addr = campaign
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    assert!(campaign.ends_with("/campaigns/baseline"), "{campaign}");
    assert!(violation.starts_with(&format!("http://{addr}/violations/")));
    let password = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("user dev  password "))
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("no password for dev in {text}"))
        .to_owned();

    let get = |path: &str| {
        http(
            &addr,
            &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        )
    };
    let (status, body) = get("/login");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("name=\"login\""), "{body}");
    let (status, _) = get("/campaigns/baseline");
    assert_eq!(status, 303, "a page needs a session: to the login form");
    let form = format!("username=dev&password={password}");
    let (status, body) = http(
        &addr,
        &format!(
            "POST /login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        ),
    );
    assert_eq!(status, 303, "the printed password logs dev in: {body}");
    let cookie = body
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no session cookie in {body}"))
        .to_owned();
    let path = &violation[format!("http://{addr}").len()..];
    let (status, body) = http(
        &addr,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\r\n"
        ),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("tr class=\"line highlight\""), "{body}");
    assert!(body.contains("diff-line add"), "{body}");

    // SIGTERM (as Ctrl-C) stops it gracefully.
    let killed = Command::new("kill")
        .args(["-TERM", &demo.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(demo.wait().unwrap().code(), Some(0));
}

#[test]
fn demo_with_a_taken_listen_address_fails_before_it_starts() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("demo");
    let out = driftless(&["demo", "--dir", target.to_str().unwrap(), "--listen", &addr]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    assert!(err.contains("--no-serve"), "{err}");
    assert!(
        !target.exists(),
        "nothing is written before the address is bound"
    );
}

#[test]
fn map_joins_scanner_findings_to_the_code_and_prints_no_secret() {
    let dir = copy_example();
    let root = dir.path().to_str().unwrap();
    let asff = dir.path().join("findings/securityhub.asff.json");
    let ocsf = dir.path().join("findings/prowler.ocsf.json");
    let state = format!("{}=.", dir.path().join("terraform.tfstate").display());
    let out = driftless(&[
        "map",
        root,
        "--findings",
        asff.to_str().unwrap(),
        "--findings",
        ocsf.to_str().unwrap(),
        "--state",
        &state,
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the example's broken file makes it 2"
    );
    let text = stdout(&out);
    assert!(!text.contains("s3cr3t-hunter2"));
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["map"]["failed"], 10);
    assert_eq!(report["map"]["unmanaged"].as_array().unwrap().len(), 2);
    let web = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["external"]["resource_id"]
                .as_str()
                .is_some_and(|r| r.ends_with("i-0a1b2c3d4e5f60002"))
        })
        .unwrap();
    assert_eq!(web["address"], r#"module.web["public"].aws_instance.this"#);
    assert_eq!(web["external"]["rule"], "EC2.8");
    assert_eq!(web["fix"]["edits"][0]["path"], "terraform.tfvars");
    for format in ["text", "sarif"] {
        let out = driftless(&[
            "map",
            root,
            "--findings",
            asff.to_str().unwrap(),
            "--state",
            &state,
            "--format",
            format,
        ]);
        assert!(!stdout(&out).contains("s3cr3t-hunter2"), "{format}");
    }
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"Findings\": [\n  {\"Id\": }\n]}").unwrap();
    let out = driftless(&[
        "map",
        root,
        "--findings",
        broken.to_str().unwrap(),
        "--findings",
        asff.to_str().unwrap(),
        "--state",
        &state,
    ]);
    let text = stdout(&out);
    assert!(text.contains("broken.json:2:10:"), "{text}");
    assert!(
        text.contains("Read 7 findings: 6 failed"),
        "the other file still maps: {text}"
    );
}

#[test]
fn junit_csv_and_markdown_of_the_example() {
    let run = |format: &str| {
        let out = driftless(&["scan", example().to_str().unwrap(), "--format", format]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{format}: the broken file is an input error"
        );
        stdout(&out)
    };

    // JUnit: the suite of every rule that ran (the whole catalog), the inputs suite, the counts
    // of the scan (29 open, 2 suppressed, 1 input error), and the IMDSv2 failure inside the
    // web module.
    let xml = run("junit");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert_eq!(
        xml.matches("<testsuite name=").count(),
        driftless_rules::all_rules().len() + 1
    );
    assert!(xml.contains("failures=\"29\" errors=\"1\" skipped=\"2\">"));
    let suite = &xml[xml
        .find("<testsuite name=\"aws-ec2-imdsv2-required\" tests=\"2\" failures=\"2\"")
        .expect("IMDSv2 suite")..];
    let suite = &suite[..suite.find("</testsuite>").unwrap()];
    assert!(suite.contains(
        "<testcase name=\"module.web[&quot;internal&quot;].aws_instance.this\" \
         classname=\"aws-ec2-imdsv2-required\" file=\"modules/web/main.tf\" line=\"22\">"
    ));
    assert!(suite.contains("type=\"high\">modules/web/main.tf:22:21\n"));
    assert!(suite.contains("\nFix (review): Require IMDSv2 session tokens\n"));
    assert!(xml.contains(
        "<testsuite name=\"driftless.inputs\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    \
         <testcase name=\"legacy/broken.tf\" classname=\"driftless.inputs\" file=\"legacy/broken.tf\" line=\"4\">"
    ));
    assert_eq!(xml.matches("<skipped message=\"suppressed by ").count(), 2);

    // CSV: the header, one row per finding (suppressed ones included), and the IMDSv2 row
    // located at the resource in the module, not at the tfvars entry its fix edits.
    let csv = run("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], driftless_formats::CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), 1 + 31, "no field of the example spans lines");
    assert_eq!(lines.iter().filter(|l| l.contains(",yes,")).count(), 2);
    assert!(!csv.contains(",terraform.tfvars,"));
    let imds: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("high,aws-ec2-imdsv2-required,") && l.contains(",modules/web/"))
        .collect();
    assert_eq!(imds.len(), 1);
    assert!(
        imds[0].contains(
            ",modules/web/main.tf,22,21,\"module.web[\"\"internal\"\"].aws_instance.this\",",
        ),
        "{}",
        imds[0]
    );
    assert!(imds[0].contains(",no,review,Require IMDSv2 session tokens,,,,,"));

    // Markdown: the summary, the table (open findings only, highest severity first), the
    // input error.
    let md = run("markdown");
    assert!(md.starts_with(
        "**driftless**: 29 open findings (13 high, 12 medium, 4 low); 10 fixable with `--fix`; \
         15 more with `--fix --applicability review`; 2 suppressed; 1 input error.\n\n\
         | severity | rule | resource | location | fix |\n| --- | --- | --- | --- | --- |\n| high |"
    ));
    assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 2 + 29);
    assert!(md.contains(
        "| high | `aws-ec2-imdsv2-required` | `module.web[\"internal\"].aws_instance.this` \
         | `modules/web/main.tf:22` | review |\n"
    ));
    assert!(md.contains("\n**Input errors**\n\n- `legacy/broken.tf:4:23`: invalid HCL"));
    let severities: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("| ")?.split(" |").next())
        .skip(2)
        .collect();
    let mut sorted = severities.clone();
    sorted.sort_by_key(|s| {
        ["critical", "high", "medium", "low", "info"]
            .iter()
            .position(|x| x == s)
    });
    assert_eq!(severities, sorted);
}

#[test]
fn map_writes_junit_csv_and_markdown() {
    let dir = example();
    let findings = dir.join("findings/prowler.ocsf.json");
    let state = format!("{}=.", dir.join("terraform.tfstate").display());
    for (format, expected) in [
        (
            "junit",
            "<testsuite name=\"aws-ec2-imdsv2-required\" tests=\"1\" failures=\"1\"",
        ),
        (
            "csv",
            // The last column, `fix_verification`, is empty: `map` does not verify fixes.
            ",Prowler,ec2_instance_imdsv2_enabled,arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60003,\n",
        ),
        (
            "markdown",
            "| high | `aws-ec2-imdsv2-required` | `aws_instance.bastion` | `main.tf:67` | review |\n",
        ),
    ] {
        let out = driftless(&[
            "map",
            dir.to_str().unwrap(),
            "--findings",
            findings.to_str().unwrap(),
            "--state",
            &state,
            "--format",
            format,
        ]);
        let text = stdout(&out);
        assert!(text.contains(expected), "{format}:\n{text}");
    }
}

#[test]
fn every_fix_of_the_example_is_verified_and_the_fixed_copy_plans() {
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let dir = copy_example();
    let root = dir.path().to_str().unwrap();
    let out = driftless(&[
        "scan",
        root,
        "--fix",
        "--applicability",
        "review",
        "--verify",
        "--terraform",
        tools.binary.to_str().unwrap(),
        "--provider-mirror",
        tools.mirror.to_str().unwrap(),
        "--format",
        "json",
    ]);
    // 2: the example holds a file that does not parse, on purpose.
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let fixed = report["fixed"].as_array().unwrap();
    assert!(fixed.len() >= 20, "{report:#}");
    for f in fixed {
        let verification = &f["fix_verification"];
        assert_eq!(verification["status"], "planned", "{f:#}");
        let actions: Vec<&str> = verification["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["action"].as_str().unwrap())
            .collect();
        assert!(
            !actions.is_empty()
                && actions
                    .iter()
                    .all(|a| ["update", "replace", "create"].contains(a)),
            "{} on {} plans {actions:?}",
            f["rule_id"],
            f["address"]
        );
    }
    assert_eq!(
        report["summary"]["verified"].as_u64(),
        Some(fixed.len() as u64)
    );
    // The fixed copy itself plans (the placeholders stand for the variables CI would pass).
    let cache = tempfile::tempdir().unwrap();
    let runner = driftless_terraform::Runner::new(
        driftless_terraform::Terraform::at(&tools.binary).unwrap(),
        driftless_terraform::ProviderMirror::at(&tools.mirror),
        cache.path().to_path_buf(),
        std::time::Duration::from_mins(2),
    )
    .unwrap();
    let planned = runner
        .workspace(dir.path(), "")
        .and_then(|mut w| w.plan(driftless_terraform::Against::Empty));
    assert!(planned.is_ok(), "{}", planned.unwrap_err());
}
