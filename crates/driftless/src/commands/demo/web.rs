//! Step 6 of the demo: the campaign's web UI, with passwords made for this run.

use super::campaign::DemoCampaign;
use anyhow::Context as _;
use driftless_campaign::ViolationQuery;
use std::io::Write as _;

/// Where the demo serves unless `--listen` says otherwise.
const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Binds `--listen` (before the demo runs, so that a taken address fails at once), or the
/// default address, falling back to a free port when the default is taken.
pub(super) fn bind(
    listen: Option<&str>,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<std::net::TcpListener> {
    match std::net::TcpListener::bind(listen.unwrap_or(DEFAULT_LISTEN)) {
        Ok(listener) => Ok(listener),
        Err(e) if listen.is_none() && e.kind() == std::io::ErrorKind::AddrInUse => {
            writeln!(
                out,
                "{DEFAULT_LISTEN} is in use (another server?): the web UI will be served on a free port instead.\n"
            )?;
            std::net::TcpListener::bind("127.0.0.1:0")
                .context("cannot listen on a free port of 127.0.0.1")
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "cannot listen on {} (pass another --listen, port 0 for a free one, or --no-serve)",
            listen.unwrap_or(DEFAULT_LISTEN)
        ))),
    }
}

/// Step 6: gives the demo users passwords, serves the campaign's web UI and prints where,
/// until Ctrl-C.
///
/// The passwords are random, made for this run and printed: a fixed demo password would be
/// a published credential the moment someone serves the demo with `--listen 0.0.0.0:8080`,
/// and a printed one costs the reader nothing.
pub(super) async fn serve(
    campaign: DemoCampaign,
    listener: std::net::TcpListener,
    mut out: std::io::StdoutLock<'static>,
) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let addr = listener.local_addr()?;
    let store = campaign.store;

    writeln!(
        out,
        "\n== 6. the web UI: the campaign in a browser, for the security team and each developer ==\n"
    )?;
    writeln!(
        out,
        "Demo users, with passwords made for this run (`driftless user passwd NAME {} --as NAME` sets your own):",
        campaign.options
    )?;
    for (name, role) in &campaign.users {
        let password = driftless_server::auth::random_hex(6);
        let hash = driftless_server::auth::hash_password(&password)?;
        store.set_password_hash(name, Some(&hash), "demo").await?;
        writeln!(out, "  user {name:<4} password {password}  ({role})")?;
    }
    let base = format!("http://{addr}");
    let id = store.campaign(&campaign.campaign).await?.id;
    let violations = store
        .violations(&ViolationQuery {
            campaign_id: Some(id),
            ..ViolationQuery::default()
        })
        .await?
        .items;
    writeln!(
        out,
        "\nThe campaign:  {base}/campaigns/{}",
        campaign.campaign
    )?;
    // The violation to look at first: IMDSv2 (the example's headline), else the most severe
    // one with a fix.
    let with_fix = || violations.iter().filter(|v| v.fix_diff.is_some());
    if let Some(v) = with_fix()
        .find(|v| v.rule_id.as_str() == "aws-ec2-imdsv2-required")
        .or_else(|| with_fix().max_by_key(|v| (v.severity, std::cmp::Reverse(v.id))))
    {
        writeln!(
            out,
            "A violation:   {base}/violations/{} ({} in {}: the code, the rule and the fix)",
            v.id, v.rule_id, v.path
        )?;
    }
    writeln!(
        out,
        "Log in as dev to request an exception, then as sec to approve it. Serving until Ctrl-C; later: `driftless serve {}`.",
        campaign.options
    )?;
    out.flush()?;
    drop(out);
    crate::commands::serve::serve(
        store,
        campaign.data_dir,
        driftless_server::Settings::default(),
        listener,
    )
    .await
}
