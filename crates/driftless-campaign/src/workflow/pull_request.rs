//! The texts of a campaign's push: the commit message, and the pull request body with, per
//! violation, its rule, why it matters, what the fix may break, what Terraform's plan says it
//! does (issue 10), the diff, and how to ask for an exception instead.

use crate::model::{Campaign, Id, Repository, Violation};
use driftless_diagnostics::{Applicability, PlannedChange, Verification};
use driftless_rules::find_rule;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The trailer that marks a commit as driftless's, naming its campaign.
pub const CAMPAIGN_TRAILER: &str = "Driftless-Campaign";

/// `rule: address (path:line)`.
fn one_line(v: &Violation) -> String {
    format!("{}: {} ({}:{})", v.rule_id, v.address, v.path, v.start_line)
}

/// The commit message: a summary line, one line per violation fixed, and the trailers that
/// mark the commit as driftless's.
#[must_use]
pub fn commit_message(campaign: &Campaign, repo: &Repository, fixed: &[&Violation]) -> String {
    let mut m = format!(
        "driftless: fix {} violation{} of campaign {}\n\n",
        fixed.len(),
        if fixed.len() == 1 { "" } else { "s" },
        campaign.name
    );
    for v in fixed {
        let _ = writeln!(m, "- {}", one_line(v));
    }
    let _ = write!(
        m,
        "\n{CAMPAIGN_TRAILER}: {}\nDriftless-Repository: {}\n",
        campaign.name, repo.name
    );
    m
}

/// Escapes text for a Markdown body (forges render HTML in Markdown).
fn md(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The pull request body: whether Terraform verified the fixes, then per violation its rule,
/// why it matters, what the fix may break, what Terraform's plan says it does (the violation's
/// `fix_verification`), the diff, and how to ask for an exception instead; then the
/// violations left out, with why.
#[must_use]
pub fn pull_request_body(
    campaign: &Campaign,
    fixed: &[&Violation],
    skipped: &[(Id, String)],
) -> String {
    let mut b = format!(
        "This pull request was opened by **driftless** for the campaign `{}`{}.\n\nIt fixes {} violation{} in the code, so nothing drifts: once merged, `terraform apply` makes the change. Review each fix below; fixes marked `review` can break clients.\n",
        campaign.name,
        if campaign.description.is_empty() {
            String::new()
        } else {
            format!(" ({})", md(&campaign.description))
        },
        fixed.len(),
        if fixed.len() == 1 { "" } else { "s" }
    );
    if let Some(line) = verification_line(fixed) {
        let _ = write!(b, "\n{line}\n");
    }
    for v in fixed {
        let _ = write!(
            b,
            "\n### `{}` on `{}` ({}:{})\n\n**Severity:** {} · **Fix:** {}\n\n{}\n",
            v.rule_id,
            v.address,
            md(&v.path),
            v.start_line,
            v.severity.as_str(),
            v.fix_applicability.map_or("none", Applicability::as_str),
            md(&v.message)
        );
        if let Some(why) =
            find_rule(v.rule_id.as_str()).and_then(|r| r.meta().section("Why it matters"))
        {
            let _ = write!(b, "\n**Why it matters:** {}\n", md(&why.replace('\n', " ")));
        }
        if let Some(note) = &v.impact_note {
            let _ = write!(b, "\n**Impact:** {}\n", md(note));
        }
        if let Some(verification) = &v.fix_verification {
            b.push_str(&plan_summary(verification));
        }
        if let Some(diff) = &v.fix_diff {
            let _ = write!(
                b,
                "\n<details><summary>Diff</summary>\n\n```diff\n{}```\n</details>\n",
                diff.replace("```", "` ` `")
            );
        }
        let _ = write!(
            b,
            "\nNot fixable now? Ask for an exception: `driftless exception request {} --reason \"...\"`.\n",
            v.id
        );
    }
    if !skipped.is_empty() {
        let _ = write!(b, "\n### Not in this pull request\n\n");
        for (id, why) in skipped {
            let _ = writeln!(b, "- violation {id}: {}", md(why));
        }
    }
    b
}

/// The line at the top of the body saying whether Terraform verified the fixes: every fix
/// planned, some, or none ("Verification was skipped: " and why, when all share the reason);
/// `None` when no fix carries a verification (it was not asked for).
#[must_use]
pub fn verification_line(fixed: &[&Violation]) -> Option<String> {
    let verifications: Vec<&Verification> = fixed
        .iter()
        .filter_map(|v| v.fix_verification.as_ref())
        .collect();
    if verifications.is_empty() {
        return None;
    }
    let tools: BTreeSet<&str> = verifications
        .iter()
        .filter_map(|v| match v {
            Verification::Planned { tool, .. } => Some(tool.as_str()),
            Verification::Skipped { .. } => None,
        })
        .collect();
    let reasons: BTreeSet<&str> = verifications
        .iter()
        .filter_map(|v| match v {
            Verification::Skipped { reason } => Some(reason.as_str()),
            Verification::Planned { .. } => None,
        })
        .collect();
    let by = tools.into_iter().collect::<Vec<_>>().join(" and ");
    let planned = verifications.iter().filter(|v| v.is_planned()).count();
    Some(if planned == fixed.len() {
        format!(
            "**Terraform checked every fix:** {by} validated and planned the fixed configuration, offline, against the state of the unfixed one; what each plan does is below."
        )
    } else if planned > 0 {
        format!(
            "**{planned} of {} fixes were verified by {by}**; the others say why not.",
            fixed.len()
        )
    } else if let (Some(reason), 1, true) = (
        reasons.first(),
        reasons.len(),
        verifications.len() == fixed.len(),
    ) {
        format!("Verification was skipped: {}", md(reason))
    } else {
        "Verification was skipped; each fix says why.".to_owned()
    })
}

/// One violation's plan: "**Verified by terraform 1.11.4:** update in place", then per
/// resource instance the action and what forces a replacement; or "**Not verified:**" and why.
fn plan_summary(v: &Verification) -> String {
    match v {
        Verification::Skipped { reason } => format!("\n**Not verified:** {}\n", md(reason)),
        Verification::Planned { tool, .. } => {
            let mut out = format!(
                "\n**Verified by {}:** {}\n",
                md(tool),
                md(&what_the_plan_does(v))
            );
            let changes = instance_changes(v);
            if !changes.is_empty() {
                out.push('\n');
            }
            for (instance, what) in changes {
                let _ = writeln!(out, "- `{instance}`: {}", md(&what));
            }
            out
        }
    }
}

/// What a verification says the fix does, without its "verified: " or "not verified: ":
/// "update in place", "replaces `aws_ebs_volume.scratch`: ...", or
/// why it was not verified.
#[must_use]
pub fn what_the_plan_does(v: &Verification) -> String {
    let summary = v.summary();
    ["verified: ", "not verified: "]
        .iter()
        .find_map(|p| summary.strip_prefix(p))
        .unwrap_or(&summary)
        .to_owned()
}

/// Per resource instance a planned verification changes: the instance (with its root module
/// when the fix touches several: `aws_kms_key.net (root module network)`) and what the plan
/// does to it ("replace (destroy, then create): `encrypted` forces replacement"); empty for
/// a skipped one.
#[must_use]
pub fn instance_changes(v: &Verification) -> Vec<(String, String)> {
    let Verification::Planned {
        root_modules,
        changes,
        ..
    } = v
    else {
        return Vec::new();
    };
    changes
        .iter()
        .map(|c: &PlannedChange| {
            let instance = if root_modules.len() > 1 {
                format!("{} (root module {})", c.address, c.root_module)
            } else {
                c.address.to_string()
            };
            (instance, c.describe())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftless_diagnostics::{PlanAction, ReplaceOrder};
    use serde_json::json;

    fn violation(id: Id, verification: Option<Verification>) -> Violation {
        let mut v: Violation = serde_json::from_value(json!({
            "id": id, "campaign_id": 1, "repository_id": 1, "fingerprint": "f".repeat(32),
            "rule_id": "aws-ebs-encryption-required", "severity": "high",
            "message": "Volume is not encrypted", "address": "aws_ebs_volume.scratch",
            "instances": ["aws_ebs_volume.scratch"], "root_module": ".", "path": "main.tf",
            "start_line": 3, "end_line": 3, "call_chain": [], "fix_diff": null,
            "fix_applicability": "review", "impact_note": null, "recommendation": null,
            "suppression": null, "status": "open", "owner": null, "owner_source": null,
            "due_date": null, "first_seen": "2026-01-01T00:00:00Z",
            "last_seen": "2026-01-01T00:00:00Z", "scanned_commit": "1".repeat(40),
            "fixed_commit": null, "fixed_at": null,
        }))
        .unwrap();
        v.fix_verification = verification;
        v
    }

    fn replaced(roots: &[&str]) -> Verification {
        Verification::Planned {
            tool: "terraform 1.11.4".into(),
            root_modules: roots.iter().map(|r| (*r).to_owned()).collect(),
            state_files: Vec::new(),
            changes: roots
                .iter()
                .map(|root| PlannedChange {
                    root_module: (*root).to_owned(),
                    address: "aws_ebs_volume.scratch".parse().unwrap(),
                    action: PlanAction::Replace(ReplaceOrder::DeleteThenCreate),
                    replace_paths: vec!["encrypted".into()],
                    changed_paths: vec!["encrypted".into()],
                })
                .collect(),
        }
    }

    fn skipped(reason: &str) -> Verification {
        Verification::Skipped {
            reason: reason.into(),
        }
    }

    #[test]
    fn the_top_line_says_whether_every_fix_was_verified() {
        let planned = violation(1, Some(replaced(&["."])));
        let no_tf = violation(2, Some(skipped("Terraform was not found")));
        let remote = violation(3, Some(skipped("module.x has a remote source")));
        let unasked = violation(4, None);
        assert_eq!(verification_line(&[&unasked]), None);
        assert!(
            verification_line(&[&planned])
                .unwrap()
                .starts_with("**Terraform checked every fix:** terraform 1.11.4 validated")
        );
        assert_eq!(
            verification_line(&[&planned, &no_tf]).unwrap(),
            "**1 of 2 fixes were verified by terraform 1.11.4**; the others say why not."
        );
        assert_eq!(
            verification_line(&[&no_tf, &no_tf]).unwrap(),
            "Verification was skipped: Terraform was not found"
        );
        assert_eq!(
            verification_line(&[&no_tf, &remote]).unwrap(),
            "Verification was skipped; each fix says why."
        );
    }

    #[test]
    fn each_fix_carries_its_plan_per_instance() {
        assert_eq!(
            plan_summary(&replaced(&["."])),
            "\n**Verified by terraform 1.11.4:** replaces aws_ebs_volume.scratch: `encrypted` \
             forces replacement\n\n- `aws_ebs_volume.scratch`: replace (destroy, then create): \
             `encrypted` forces replacement\n"
        );
        let two = plan_summary(&replaced(&["env/a", "env/b"]));
        assert!(
            two.contains("- `aws_ebs_volume.scratch (root module env/b)`: replace"),
            "{two}"
        );
        assert_eq!(
            plan_summary(&skipped("a <b> & c")),
            "\n**Not verified:** a &lt;b&gt; &amp; c\n"
        );
    }
}
