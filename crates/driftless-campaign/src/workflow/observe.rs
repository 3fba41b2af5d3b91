//! What one scan of a repository says about a campaign's violations: the ones it saw
//! ([`Observation`]s, before ownership and due dates), and the tracked ones it proves fixed.
//!
//! A tracked violation is proved fixed only when the scan could have seen it (issue 5 scope
//! 3): its rule ran, and neither its file nor any file of its root module failed to read,
//! parse or resolve. A parse error, a deselected rule or an unresolved module never closes
//! anything.

use crate::model::{Observation, ViolationStatus};
use driftless_diagnostics::{Finding, InputErrorKind, RuleId, SuppressionSource, is_secret_name};
use driftless_hcl::SourceFile;
use driftless_hcl::parent_dir;
use driftless_rules::{Scan, Selection, find_rule};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

/// A violation the store tracks, as much of it as [`observe`] needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    /// Its fingerprint.
    pub fingerprint: String,
    /// Its rule id.
    pub rule_id: RuleId,
    /// Its file, repository-relative.
    pub path: String,
    /// Its root module, repository-relative (`.` for the repository root).
    pub root_module: String,
    /// Its status.
    pub status: ViolationStatus,
}

/// The result of [`observe`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    /// The findings of the scan as observations, owner and due date not set yet.
    pub seen: Vec<Observation>,
    /// Fingerprints of tracked violations the scan proves fixed.
    pub fixed: Vec<String>,
    /// Tracked violations not seen but not provable as fixed, with why.
    pub undecided: Vec<(String, String)>,
}

/// How a suppression is shown in campaign listings: `checkov:skip at main.tf:12 ("reason")`.
fn describe_suppression(f: &Finding) -> Option<String> {
    let s = f.suppressed.as_ref()?;
    let syntax = match s.source {
        SuppressionSource::Driftless => "driftless:ignore",
        SuppressionSource::Checkov => "checkov:skip",
        SuppressionSource::Tfsec => "tfsec:ignore",
        SuppressionSource::Trivy => "trivy:ignore",
        SuppressionSource::Kics => "kics-scan ignore",
        SuppressionSource::Terrascan => "ts:skip",
    };
    let mut text = format!("{syntax} at {}:{}", s.location.path, s.location.start.line);
    if let Some(reason) = &s.reason {
        let _ = write!(text, " (\"{reason}\")");
    }
    if let Some(expires) = &s.expires {
        let _ = write!(text, ", expires {expires}");
    }
    Some(text)
}

/// `line` of a unified diff with the string literal of a secret attribute replaced:
/// ` password = "hunter2"` becomes ` password = "(redacted)"`. References
/// (`var.db_password`) are kept.
fn redact_line(line: &str) -> String {
    let Some(sign) = line.chars().next().filter(|c| matches!(c, ' ' | '+' | '-')) else {
        return line.to_owned();
    };
    let body = &line[1..];
    let Some(eq) = body.find(['=', ':']) else {
        return line.to_owned();
    };
    let key = body[..eq].trim().trim_matches('"').to_ascii_lowercase();
    let value = body[eq + 1..].trim_start();
    if key.is_empty()
        || key.contains(char::is_whitespace)
        || !is_secret_name(&key)
        || !value.starts_with('"')
    {
        return line.to_owned();
    }
    let indent = &body[..=eq];
    format!("{sign}{indent} \"(redacted)\"")
}

/// `diff` with every secret attribute's literal value redacted (see [`redact_line`]).
fn redact_secrets(diff: &str) -> String {
    diff.lines()
        .map(|l| {
            if l.starts_with("---") || l.starts_with("+++") || l.starts_with("@@") {
                l.to_owned()
            } else {
                redact_line(l)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if diff.ends_with('\n') { "\n" } else { "" }
}

/// The observation of one finding: its location, fix diff (against the scanned `files`,
/// secrets redacted) and notes. Owner and due date are left for the caller.
#[must_use]
pub fn observation(files: &BTreeMap<String, Arc<SourceFile>>, f: &Finding) -> Observation {
    let fix_diff = f.fix.as_ref().map(|fix| {
        redact_secrets(&driftless_fix::fix_diff_indexed(fix, |p| {
            files
                .get(p)
                .map(|file| (file.text.as_str(), &file.line_index))
        }))
    });
    let fix_diff = fix_diff.filter(|d| !d.is_empty());
    Observation {
        fingerprint: f.fingerprint.to_string(),
        rule_id: f.rule_id.clone(),
        severity: f.severity,
        message: f.message.clone(),
        address: f.address.block_address(),
        instances: f.instances.clone(),
        root_module: f.root_module.clone(),
        path: f.location.path.clone(),
        start_line: f.location.start.line,
        end_line: f.location.end.line.max(f.location.start.line),
        call_chain: f.call_chain.iter().map(ToString::to_string).collect(),
        fix_applicability: f
            .fix
            .as_ref()
            .map(driftless_diagnostics::Fix::applicability),
        impact_note: f
            .fix
            .as_ref()
            .map(|x| x.note().to_owned())
            .filter(|n| !n.is_empty()),
        fix_diff,
        recommendation: f.recommendation.clone(),
        suppression: describe_suppression(f),
        owner: None,
        owner_source: None,
        due_date: None,
    }
}

/// Whether `path` is `dir` or under it (`.` holds everything).
fn within(path: &str, dir: &str) -> bool {
    dir == "." || path == dir || path.starts_with(&format!("{dir}/"))
}

/// Compares `scan` (of the repository, with `selection`) with the `tracked` violations of
/// one campaign in that repository.
#[must_use]
pub fn observe(scan: &Scan, selection: &Selection, tracked: &[Tracked]) -> Observed {
    let mut out = Observed::default();
    let mut seen = BTreeSet::new();
    let files = scan.project.files();
    for f in &scan.findings {
        if seen.insert(f.fingerprint.to_string()) {
            out.seen.push(observation(&files, f));
        }
    }
    // Folders where something could not be read, parsed or resolved: nothing there is
    // provably fixed.
    let blind: Vec<(String, String)> = scan
        .errors
        .iter()
        .filter(|e| e.kind != InputErrorKind::Skipped)
        .map(|e| (e.path.clone(), e.to_string()))
        .collect();
    for t in tracked {
        if seen.contains(&t.fingerprint) || t.status == ViolationStatus::Fixed {
            continue;
        }
        let ran = find_rule(t.rule_id.as_str()).is_some_and(|r| selection.includes(r.meta()));
        if !ran {
            out.undecided.push((
                t.fingerprint.clone(),
                format!("rule {} did not run", t.rule_id),
            ));
            continue;
        }
        let file_dir = parent_dir(&t.path);
        let blocked = blind.iter().find(|(path, _)| {
            *path == t.path
                || within(path, &t.root_module)
                || parent_dir(path) == file_dir
                || t.path.starts_with("../")
        });
        if let Some((_, why)) = blocked {
            out.undecided
                .push((t.fingerprint.clone(), format!("not scanned: {why}")));
            continue;
        }
        out.fixed.push(t.fingerprint.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftless_diagnostics::Applicability;
    use driftless_hcl::LoadOptions;
    use driftless_rules::scan_path;
    use std::fs;

    const BAD: &str = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n}\n";
    const GOOD: &str = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}\n";

    fn selection() -> Selection {
        Selection {
            select: vec!["aws-ec2-imdsv2-required".into()],
            ..Selection::default()
        }
    }

    fn tracked(fp: &str) -> Tracked {
        Tracked {
            fingerprint: fp.into(),
            rule_id: RuleId::from_static("aws-ec2-imdsv2-required"),
            path: "main.tf".into(),
            root_module: ".".into(),
            status: ViolationStatus::Open,
        }
    }

    #[test]
    fn a_finding_becomes_an_observation_with_its_fix_diff() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("main.tf"), BAD).unwrap();
        let scan = scan_path(dir.path(), &LoadOptions::default(), &selection(), "infra");
        let o = observe(&scan, &selection(), &[]);
        assert_eq!(o.seen.len(), 1);
        let v = &o.seen[0];
        assert_eq!(v.address.to_string(), "aws_instance.web");
        assert_eq!((v.path.as_str(), v.start_line), ("main.tf", 1));
        assert_eq!(v.fix_applicability, Some(Applicability::Review));
        let diff = v.fix_diff.as_deref().unwrap();
        assert!(diff.contains("+    http_tokens = \"required\""), "{diff}");
        assert!(o.fixed.is_empty());
    }

    #[test]
    fn secrets_in_diff_lines_are_redacted() {
        let diff = "--- a/db.tf\n+++ b/db.tf\n@@ -1,4 +1,4 @@\n resource \"aws_db_instance\" \"d\" {\n   password = \"hunter2\"\n   master_password = var.pw\n-  storage_encrypted = false\n+  storage_encrypted = true\n";
        let r = redact_secrets(diff);
        assert!(!r.contains("hunter2"), "{r}");
        assert!(r.contains("   password = \"(redacted)\"\n"), "{r}");
        assert!(r.contains("master_password = var.pw"), "{r}");
        assert!(r.contains("+  storage_encrypted = true\n"), "{r}");
        assert_eq!(redact_secrets("+  token_ttl = 30\n"), "+  token_ttl = 30\n");
        assert_eq!(
            redact_secrets("+    http_tokens = \"required\"\n"),
            "+    http_tokens = \"required\"\n"
        );
        assert!(redact_secrets(" auth_token = \"abc\"\n").contains("(redacted)"));
    }

    #[test]
    fn fixed_only_when_the_file_parsed_and_the_rule_ran() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("main.tf"), BAD).unwrap();
        let before = scan_path(dir.path(), &LoadOptions::default(), &selection(), "infra");
        let fp = before.findings[0].fingerprint.to_string();

        fs::write(dir.path().join("main.tf"), GOOD).unwrap();
        let scan = scan_path(dir.path(), &LoadOptions::default(), &selection(), "infra");
        let fixed = observe(&scan, &selection(), &[tracked(&fp)]).fixed;
        assert_eq!(fixed, vec![fp.clone()]);

        // The rule deselected: not fixed.
        let other = Selection {
            select: vec!["aws-s3".into()],
            ..Selection::default()
        };
        let scan = scan_path(dir.path(), &LoadOptions::default(), &other, "infra");
        let o = observe(&scan, &other, &[tracked(&fp)]);
        assert!(o.fixed.is_empty());
        assert!(
            o.undecided[0].1.contains("did not run"),
            "{:?}",
            o.undecided
        );

        // The file broken: not fixed.
        fs::write(
            dir.path().join("main.tf"),
            "resource \"aws_instance\" \"web\" {\n",
        )
        .unwrap();
        let scan = scan_path(dir.path(), &LoadOptions::default(), &selection(), "infra");
        let o = observe(&scan, &selection(), &[tracked(&fp)]);
        assert!(o.fixed.is_empty() && o.seen.is_empty());
        assert!(
            o.undecided[0].1.contains("not scanned"),
            "{:?}",
            o.undecided
        );
    }
}
