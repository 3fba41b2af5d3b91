//! The counts of a campaign (the dashboard card, the campaign page's totals and its filter
//! choices), cached per campaign on the store's revision.
//!
//! [`Store::counts`] groups every violation of a campaign by status, severity, owner,
//! repository, rule, overdue and suppression: with 100,000 violations spread over many
//! owners and rules that is tens of thousands of groups and about a second of database time
//! (SQLite, 2 cores), far too much for every view of the campaign page. The figures change
//! only when the store does, so they are computed once per [`Store::revision`] (and day:
//! overdue depends on it) and reused until either moves. The revision is read before the
//! counts, under a per-campaign lock: concurrent requests wait for one computation instead
//! of all running it, and a cached entry is never older than the revision it is filed under.

use driftless_campaign::report::CampaignReport;
use driftless_campaign::store::StoreResult;
use driftless_campaign::{Campaign, CountRow, Id, Store};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use time::Date;

/// What the pages show of a campaign's counts.
#[derive(Debug)]
pub(crate) struct CampaignCounts {
    /// The report, without its burndown.
    pub report: CampaignReport,
    /// The repositories that have violations in the campaign, by name.
    pub repositories: Vec<String>,
    /// The rules that have violations in the campaign, by id.
    pub rules: Vec<String>,
}

impl CampaignCounts {
    fn new(campaign: Campaign, today: Date, rows: &[CountRow]) -> Self {
        let repositories: BTreeSet<&str> = rows.iter().map(|r| r.repository.as_str()).collect();
        let rules: BTreeSet<&str> = rows.iter().map(|r| r.rule_id.as_str()).collect();
        Self {
            repositories: repositories.into_iter().map(str::to_owned).collect(),
            rules: rules.into_iter().map(str::to_owned).collect(),
            report: CampaignReport::new(campaign, today, rows, Vec::new()),
        }
    }
}

struct Entry {
    revision: String,
    today: Date,
    counts: Arc<CampaignCounts>,
}

type Slot = Arc<tokio::sync::Mutex<Option<Entry>>>;

/// The cache: one slot per campaign id.
#[derive(Default)]
pub(crate) struct CountsCache {
    slots: Mutex<HashMap<Id, Slot>>,
}

impl CountsCache {
    /// The counts of `campaign` on `today`, from the cache when neither the store's revision,
    /// the day nor the campaign changed since they were computed.
    pub(crate) async fn get(
        &self,
        store: &dyn Store,
        campaign: &Campaign,
        today: Date,
    ) -> StoreResult<Arc<CampaignCounts>> {
        let slot = Arc::clone(
            self.slots
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(campaign.id)
                .or_default(),
        );
        let mut slot = slot.lock().await;
        let revision = store.revision().await?;
        if let Some(entry) = slot.as_ref()
            && entry.revision == revision
            && entry.today == today
            && entry.counts.report.campaign == *campaign
        {
            return Ok(Arc::clone(&entry.counts));
        }
        let rows = store.counts(campaign.id, today).await?;
        let counts = Arc::new(CampaignCounts::new(campaign.clone(), today, &rows));
        *slot = Some(Entry {
            revision,
            today,
            counts: Arc::clone(&counts),
        });
        Ok(counts)
    }
}
