//! The campaign part of `driftless demo`: the bundled example pushed to a local bare
//! remote with a CODEOWNERS file, then create -> sync -> propose -> report on a SQLite
//! store, the way a security team runs a campaign.

use anyhow::{Context as _, bail};
use driftless_campaign::report::CampaignReport;
use driftless_campaign::workflow::{self, ProposeOptions, Workspace};
use driftless_campaign::{NewCampaign, NewRepository, NewUser, Role, RuleSelector, Store};
use driftless_diagnostics::{Applicability, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The demo's CODEOWNERS: the last matching pattern wins.
const CODEOWNERS: &str = "# Who reviews what (GitHub syntax; the last matching pattern wins)\n*              @acme/platform\n/modules/web/  @acme/web-team\n/database.tf   @acme/data-team\n";

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<()> {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Demo Developer",
            "-c",
            "user.email=dev@acme.example",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgSign=false",
        ])
        .args(args)
        .output()
        .context("cannot run git: is it installed?")?;
    if !out.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The campaign the demo leaves behind, for its web UI.
pub(super) struct DemoCampaign {
    /// The open store.
    pub store: Arc<dyn Store>,
    /// The data folder (the mirrors the code view reads).
    pub data_dir: PathBuf,
    /// The store and data folder as command-line options (`--database-url ... --data-dir ...`).
    pub options: String,
    /// The campaign's name.
    pub campaign: String,
    /// The users the demo added, with their roles.
    pub users: Vec<(String, Role)>,
}

/// Runs the campaign demo in `dir` (a fresh folder), printing to `out`.
///
/// # Errors
/// When git is missing or fails, or the store cannot be written.
pub(super) async fn run(dir: &Path, out: &mut dyn Write) -> anyhow::Result<DemoCampaign> {
    if dir.exists() {
        bail!(
            "{} exists from an earlier demo: remove it, or run the demo with another --dir",
            dir.display()
        );
    }
    // The repository as a team has it: the example, committed and pushed to a remote.
    let remote = dir.join("remote.git");
    let seed = dir.join("checkout");
    std::fs::create_dir_all(&remote)?;
    git(&remote, &["init", "--quiet", "--bare", "-b", "main"])?;
    super::example::write_example(&seed)?;
    std::fs::write(seed.join("CODEOWNERS"), CODEOWNERS)?;
    git(&seed, &["init", "--quiet", "-b", "main"])?;
    git(&seed, &["add", "-A"])?;
    git(&seed, &["commit", "--quiet", "-m", "Vulnerable example"])?;
    let remote_url = remote.display().to_string();
    git(&seed, &["push", "--quiet", &remote_url, "main"])?;

    let data_dir = dir.join(".driftless");
    std::fs::create_dir_all(&data_dir)?;
    let url = format!("sqlite:{}", data_dir.join("driftless.db").display());
    let store = driftless_campaign::store::open(&url).await?;
    let user = |name: &str, role| NewUser {
        name: name.to_owned(),
        email: format!("{name}@acme.example"),
        git_identities: vec![],
        role,
        password_hash: None,
    };
    let security = store.add_user(&user("sec", Role::Security), "demo").await?;
    store.add_user(&user("dev", Role::Developer), "sec").await?;
    store
        .upsert_repository(
            &NewRepository {
                name: "vulnerable".into(),
                url: remote_url.clone(),
                default_branch: None,
                forge: "push-only".into(),
                api_url: None,
                slug: None,
            },
            "sec",
        )
        .await?;
    store
        .create_campaign(
            &NewCampaign {
                name: "baseline".into(),
                description: "AWS baseline: every rule, fixed through the code".into(),
                rules: RuleSelector::default(),
                repositories: vec![],
                due_days: [
                    (Severity::Critical, 7),
                    (Severity::High, 30),
                    (Severity::Medium, 90),
                ]
                .into(),
                default_assignee: Some("sec".into()),
                count_suppressed: false,
            },
            "sec",
        )
        .await?;
    let ws = Workspace {
        store,
        data_dir: data_dir.clone(),
        actor: security,
        now: time::OffsetDateTime::now_utc(),
    };
    let db = format!("--database-url {url} --data-dir {}", data_dir.display());
    writeln!(
        out,
        "The example is pushed to the remote {remote_url} with a CODEOWNERS file; the store is {url}.\n\n$ driftless repo add vulnerable {remote_url} --as sec\n$ driftless campaign create baseline --due critical=7,high=30,medium=90 --as sec\n$ driftless campaign sync baseline --as sec"
    )?;
    let sync = workflow::sync(&ws, "baseline").await?;
    for r in &sync.repositories {
        if let Some(e) = &r.error {
            bail!("sync of {} failed: {e}", r.repository);
        }
        writeln!(
            out,
            "{} at {}: {} violations tracked, owners from CODEOWNERS",
            r.repository,
            r.branch.as_deref().unwrap_or("?"),
            r.summary.new
        )?;
    }

    writeln!(
        out,
        "\n$ driftless campaign propose baseline --applicability review --as sec"
    )?;
    let outcomes = workflow::propose(
        &ws,
        "baseline",
        &ProposeOptions {
            applicability: Applicability::Review,
            ..ProposeOptions::default()
        },
    )
    .await?;
    for o in &outcomes {
        match (&o.error, &o.commit) {
            (Some(e), _) => writeln!(out, "{} {}: failed: {e}", o.repository, o.branch)?,
            (None, Some(c)) => writeln!(
                out,
                "{}: pushed branch {} ({}) to the remote, fixing {} violations in one commit; {} need a human (recommendations, manual fixes)",
                o.repository,
                o.branch,
                &c[..12.min(c.len())],
                o.fixed.len(),
                o.skipped.len()
            )?,
            (None, None) => writeln!(out, "{} {}: nothing to push", o.repository, o.branch)?,
        }
    }

    writeln!(
        out,
        "\n$ driftless campaign report baseline --chart burndown.svg --as sec"
    )?;
    let campaign = ws.store.campaign("baseline").await?;
    let today = ws.now.date();
    let rows = ws.store.counts(campaign.id, today).await?;
    let snapshots = ws.store.snapshots(campaign.id).await?;
    let report = CampaignReport::new(campaign, today, &rows, snapshots);
    write!(out, "{}", report.to_text())?;
    let chart = dir.join("burndown.svg");
    std::fs::write(&chart, report.burndown_svg())?;
    writeln!(
        out,
        "\nBurndown chart: {}\nGo on from here: `driftless violation list --campaign baseline {db} --as sec`; merge the branch in {remote_url}, then `driftless campaign verify baseline {db} --as sec`.",
        chart.display()
    )?;
    Ok(DemoCampaign {
        store: ws.store,
        data_dir,
        options: db,
        campaign: "baseline".into(),
        users: vec![
            ("sec".into(), Role::Security),
            ("dev".into(), Role::Developer),
        ],
    })
}
