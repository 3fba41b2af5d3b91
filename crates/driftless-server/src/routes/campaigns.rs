//! The dashboard and the campaign pages: counts from the store's grouped `counts` (one
//! query per campaign), the burndown from its snapshots, and the violations table (one
//! keyset page; no count of the whole listing).

use super::{Choices, Filters, Names, table, today};
use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::state::AppState;
use crate::views::{CampaignCard, CampaignPage, DashboardPage, Layout, render};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use driftless_campaign::report::{CampaignReport, StatusCounts, burndown_svg};
use driftless_campaign::{Campaign, ExceptionQuery, ExceptionState, ViolationStatus};
use serde::Serialize;

fn card(report: &CampaignReport, svg: String) -> CampaignCard {
    let t = &report.totals;
    CampaignCard {
        name: report.campaign.name.clone(),
        description: report.campaign.description.clone(),
        state: report.campaign.state.to_string(),
        total: t.total,
        open: t.get(ViolationStatus::Open),
        fix_proposed: t.get(ViolationStatus::FixProposed),
        in_review: t.get(ViolationStatus::InReview),
        fixed: t.get(ViolationStatus::Fixed),
        excepted: t.get(ViolationStatus::Excepted),
        wont_fix: t.get(ViolationStatus::WontFix),
        overdue: t.overdue,
        self_suppressed: report.self_suppressed,
        done_percent: t.done_percent(),
        svg,
    }
}

async fn report(
    state: &AppState,
    campaign: Campaign,
    burndown: bool,
) -> Result<CampaignReport, ApiError> {
    let counts = state
        .counts
        .get(state.store.as_ref(), &campaign, today())
        .await?;
    let mut report = counts.report.clone();
    if burndown {
        report.burndown = state.store.snapshots(campaign.id).await?;
    }
    Ok(report)
}

/// `GET /`.
#[tracing::instrument(skip_all)]
pub(crate) async fn dashboard(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Response, PageError> {
    let mut campaigns = Vec::new();
    for c in state.store.campaigns().await? {
        let r = report(&state, c, true).await?;
        let svg = burndown_svg(&r.campaign.name, &r.burndown);
        campaigns.push(card(&r, svg));
    }
    let requested_exceptions = state
        .store
        .exceptions(&ExceptionQuery {
            states: vec![ExceptionState::Requested],
            ..ExceptionQuery::default()
        })
        .await?
        .len();
    Ok(render(&DashboardPage {
        layout: Layout::new("Dashboard", &auth),
        campaigns,
        requested_exceptions,
    })?)
}

/// `GET /campaigns/{name}`.
#[tracing::instrument(skip_all, fields(campaign = %name))]
pub(crate) async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let filters = Filters::parse(query.as_deref())?;
    let campaign = state.store.campaign(&name).await?;
    let counts = state
        .counts
        .get(state.store.as_ref(), &campaign, today())
        .await?;
    let store_query = filters.to_query(&state, Some(campaign.id), &[]).await?;
    let page = state.store.violations(&store_query).await?;
    let names = Names::load(&state).await?;
    let action = format!(
        "/campaigns/{}",
        form_urlencoded::byte_serialize(campaign.name.as_bytes()).collect::<String>()
    );
    let choices = Choices {
        repositories: &counts.repositories,
        rules: &counts.rules,
    };
    let table = table(&action, &filters, &page, &names, Some(choices), false);
    let r = &counts.report;
    Ok(render(&CampaignPage {
        layout: Layout::new(format!("Campaign {}", r.campaign.name), &auth),
        card: card(r, String::new()),
        table,
    })?)
}

/// A campaign in the API's listing.
#[derive(Debug, Serialize)]
pub(crate) struct CampaignSummary {
    campaign: Campaign,
    totals: StatusCounts,
    outstanding: u64,
    done_percent: u64,
    self_suppressed: u64,
}

/// `GET /api/v1/campaigns`.
pub(crate) async fn api_list(
    State(state): State<AppState>,
) -> Result<Json<Vec<CampaignSummary>>, ApiError> {
    let mut out = Vec::new();
    for c in state.store.campaigns().await? {
        let r = report(&state, c, false).await?;
        out.push(CampaignSummary {
            outstanding: r.totals.outstanding(),
            done_percent: r.totals.done_percent(),
            self_suppressed: r.self_suppressed,
            totals: r.totals,
            campaign: r.campaign,
        });
    }
    Ok(Json(out))
}

/// `GET /api/v1/campaigns/{name}`.
pub(crate) async fn api_report(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<CampaignReport>, ApiError> {
    let campaign = state.store.campaign(&name).await?;
    Ok(Json(report(&state, campaign, true).await?))
}
