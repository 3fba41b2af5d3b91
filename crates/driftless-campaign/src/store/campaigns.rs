//! Campaigns: a named remediation effort over rules and repositories.

use super::StoreResult;
use super::codec::now;
use super::db::{Exec, Pool, Query, Row};
use super::log::Log;
use crate::model::{Campaign, CampaignState, Id, NewCampaign};
use serde_json::json;

const INSERT_CAMPAIGN: &str = "INSERT INTO campaigns (name, description, rules, repositories, \
     due_days, default_assignee, state, count_suppressed, created_by, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
/// The columns [`campaign_from_row`] reads (filters and order appended).
const SELECT_CAMPAIGNS: &str = "SELECT id, name, description, rules, repositories, due_days, \
     default_assignee, state, count_suppressed, created_by, created_at FROM campaigns";
const UPDATE_CAMPAIGN_STATE: &str = "UPDATE campaigns SET state = $2 WHERE id = $1";

fn campaign_from_row(row: &Row) -> StoreResult<Campaign> {
    Ok(Campaign {
        id: row.get("id")?,
        name: row.get("name")?,
        description: row.get("description")?,
        rules: row.json("rules")?,
        repositories: row.json("repositories")?,
        due_days: row.json("due_days")?,
        default_assignee: row.get("default_assignee")?,
        state: row.parse("campaigns", "state")?,
        count_suppressed: row.get("count_suppressed")?,
        created_by: row.get("created_by")?,
        created_at: row.time("created_at")?,
    })
}

/// [`Store::create_campaign`](super::Store::create_campaign).
pub(super) async fn create(
    db: &Pool,
    campaign: &NewCampaign,
    actor: &str,
) -> StoreResult<Campaign> {
    let log = Log { actor, at: now() };
    let mut tx = db.begin_write().await?;
    let row = Query::new(INSERT_CAMPAIGN)
        .bind(&campaign.name)
        .bind(&campaign.description)
        .bind_json(&campaign.rules)
        .bind_json(&campaign.repositories)
        .bind_json(&campaign.due_days)
        .bind(&campaign.default_assignee)
        .bind(CampaignState::Draft.as_str())
        .bind(campaign.count_suppressed)
        .bind(actor)
        .bind(log.at)
        .fetch_one(&mut tx)
        .await
        .map_err(|e| {
            e.conflict_if_unique(|| format!("a campaign named `{}` already exists", campaign.name))
        })?;
    let created = Campaign {
        id: row.get("id")?,
        name: campaign.name.clone(),
        description: campaign.description.clone(),
        rules: campaign.rules.clone(),
        repositories: campaign.repositories.clone(),
        due_days: campaign.due_days.clone(),
        default_assignee: campaign.default_assignee.clone(),
        state: CampaignState::Draft,
        count_suppressed: campaign.count_suppressed,
        created_by: actor.to_owned(),
        created_at: log.at,
    };
    let detail = json!({ "description": created.description, "rules": created.rules,
                         "repositories": created.repositories, "due_days": created.due_days,
                         "default_assignee": created.default_assignee });
    let subject = format!("campaign:{}", created.name);
    log.append(
        &mut tx,
        "campaign.create",
        Some(created.id),
        &subject,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// [`Store::campaign`](super::Store::campaign).
pub(super) async fn by_name(db: &Pool, name: &str) -> StoreResult<Campaign> {
    let q = Query::new(&format!("{SELECT_CAMPAIGNS} WHERE name = $1")).bind(name);
    let what = || format!("campaign `{name}`");
    q.one(&mut db.acquire().await?, what, campaign_from_row)
        .await
}

/// The campaign with row id `id` ([`Store::campaign_by_id`](super::Store::campaign_by_id)).
pub(super) async fn by_id<'c>(on: impl Into<Exec<'c>>, id: Id) -> StoreResult<Campaign> {
    let q = Query::new(&format!("{SELECT_CAMPAIGNS} WHERE id = $1")).bind(id);
    q.one(on, || format!("campaign {id}"), campaign_from_row)
        .await
}

/// [`Store::campaigns`](super::Store::campaigns): newest first.
pub(super) async fn all(db: &Pool) -> StoreResult<Vec<Campaign>> {
    let q = Query::new(&format!(
        "{SELECT_CAMPAIGNS} ORDER BY created_at DESC, id DESC"
    ));
    q.all(&mut db.acquire().await?, campaign_from_row).await
}

/// [`Store::set_campaign_state`](super::Store::set_campaign_state).
pub(super) async fn set_state(
    db: &Pool,
    id: Id,
    state: CampaignState,
    actor: &str,
) -> StoreResult<Campaign> {
    let log = Log { actor, at: now() };
    let mut tx = db.begin_write().await?;
    let mut campaign = by_id(&mut tx, id).await?;
    if campaign.state != state {
        let q = Query::new(UPDATE_CAMPAIGN_STATE).bind(id);
        q.bind(state.as_str()).execute(&mut tx).await?;
        let detail = json!({ "from": campaign.state.as_str(), "to": state.as_str() });
        let subject = format!("campaign:{}", campaign.name);
        log.append(&mut tx, "campaign.state", Some(id), &subject, detail)
            .await?;
        campaign.state = state;
    }
    tx.commit().await?;
    Ok(campaign)
}
