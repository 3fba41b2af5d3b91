//! Campaign reports (issue 5 scope 8): counts by status, severity, owner, repository and
//! rule, overdue violations, and the burndown over time, as a table, JSON, CSV, Markdown,
//! and an SVG chart.

use crate::model::{
    Campaign, CountRow, Id, Snapshot, Violation, ViolationQuery, ViolationSort, ViolationStatus,
};
use crate::store::{Store, StoreResult};
use driftless_diagnostics::{ResourceAddress, RuleId, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use time::Date;

/// Violations per status, every status present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Count per status.
    pub by_status: BTreeMap<ViolationStatus, u64>,
    /// Sum over every status.
    pub total: u64,
    /// Outstanding (open, fix proposed, in review) with a due date before the report's day.
    pub overdue: u64,
}

impl Default for StatusCounts {
    fn default() -> Self {
        Self {
            by_status: ViolationStatus::ALL.iter().map(|s| (*s, 0)).collect(),
            total: 0,
            overdue: 0,
        }
    }
}

impl StatusCounts {
    fn add(&mut self, row: &CountRow) {
        *self.by_status.entry(row.status).or_default() += row.count;
        self.total += row.count;
        if row.overdue {
            self.overdue += row.count;
        }
    }

    /// The count of `status`.
    #[must_use]
    pub fn get(&self, status: ViolationStatus) -> u64 {
        self.by_status.get(&status).copied().unwrap_or(0)
    }

    /// Open, fix proposed and in review.
    #[must_use]
    pub fn outstanding(&self) -> u64 {
        ViolationStatus::ALL
            .iter()
            .filter(|s| s.is_outstanding())
            .map(|s| self.get(*s))
            .sum()
    }

    /// Fixed, excepted or won't fix, as a share of the total in percent (0 when empty).
    #[must_use]
    pub fn done_percent(&self) -> u64 {
        (self.total - self.outstanding())
            .saturating_mul(100)
            .checked_div(self.total)
            .unwrap_or(0)
    }
}

/// A campaign's report on one day.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignReport {
    /// The campaign.
    pub campaign: Campaign,
    /// The day the report was made (overdue is relative to it), `YYYY-MM-DD` in JSON.
    #[serde(serialize_with = "serialize_day")]
    pub today: Date,
    /// Every violation.
    pub totals: StatusCounts,
    /// Outstanding violations that carry an inline suppression (self-suppressed, not
    /// approved): security sees them here. Unless the campaign counts them
    /// ([`Campaign::count_suppressed`]), they are left out of every other figure.
    pub self_suppressed: u64,
    /// By severity, most severe first when rendered.
    pub by_severity: BTreeMap<Severity, StatusCounts>,
    /// By owner (`(unowned)` for none).
    pub by_owner: BTreeMap<String, StatusCounts>,
    /// By repository name.
    pub by_repository: BTreeMap<String, StatusCounts>,
    /// By rule id.
    pub by_rule: BTreeMap<String, StatusCounts>,
    /// The daily snapshots, oldest first.
    pub burndown: Vec<Snapshot>,
    /// Outstanding violations past their due date, most overdue first (see
    /// [`CampaignReport::with_overdue`]).
    pub overdue: Vec<Overdue>,
}

/// One overdue violation, as reports list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overdue {
    /// The violation id.
    pub id: Id,
    /// Its rule.
    pub rule_id: RuleId,
    /// Its block address (text in JSON).
    #[serde(serialize_with = "crate::model::as_text::serialize")]
    pub address: ResourceAddress,
    /// `path:line`.
    pub location: String,
    /// Its owner.
    pub owner: Option<String>,
    /// Its due date, `YYYY-MM-DD`.
    pub due: String,
    /// Its status.
    pub status: ViolationStatus,
}

/// A campaign's outstanding violations due before `today`, most overdue first, at most
/// `limit`.
///
/// # Errors
/// Store errors.
pub async fn overdue(
    store: &dyn Store,
    campaign_id: Id,
    today: Date,
    limit: u32,
) -> StoreResult<Vec<Violation>> {
    let page = store
        .violations(&ViolationQuery {
            campaign_id: Some(campaign_id),
            statuses: ViolationStatus::ALL
                .iter()
                .copied()
                .filter(|s| s.is_outstanding())
                .collect(),
            sort: ViolationSort::Due,
            limit,
            ..ViolationQuery::default()
        })
        .await?;
    Ok(page
        .items
        .into_iter()
        .take_while(|v| v.due_date.is_some_and(|d| d < today))
        .collect())
}

// serde's `serialize_with` passes the field by reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn serialize_day<S: serde::Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(day)
}

/// The owner label of unowned violations.
pub const UNOWNED: &str = "(unowned)";

impl CampaignReport {
    /// Builds a report from the store's [`CountRow`]s and snapshots.
    #[must_use]
    pub fn new(
        campaign: Campaign,
        today: Date,
        rows: &[CountRow],
        burndown: Vec<Snapshot>,
    ) -> Self {
        let mut report = Self {
            campaign,
            today,
            totals: StatusCounts::default(),
            self_suppressed: 0,
            by_severity: BTreeMap::new(),
            by_owner: BTreeMap::new(),
            by_repository: BTreeMap::new(),
            by_rule: BTreeMap::new(),
            burndown,
            overdue: Vec::new(),
        };
        for row in rows {
            if row.suppressed && row.status.is_outstanding() {
                report.self_suppressed += row.count;
                // Issue 5 scope 7: a campaign setting decides whether they count.
                if !report.campaign.count_suppressed {
                    continue;
                }
            }
            report.totals.add(row);
            report.by_severity.entry(row.severity).or_default().add(row);
            report
                .by_owner
                .entry(row.owner.clone().unwrap_or_else(|| UNOWNED.to_owned()))
                .or_default()
                .add(row);
            report
                .by_repository
                .entry(row.repository.clone())
                .or_default()
                .add(row);
            report
                .by_rule
                .entry(row.rule_id.to_string())
                .or_default()
                .add(row);
        }
        report
    }

    /// The report with its list of overdue violations (from [`overdue`]); self-suppressed
    /// ones are left out unless the campaign counts them.
    #[must_use]
    pub fn with_overdue(mut self, violations: &[Violation]) -> Self {
        self.overdue = violations
            .iter()
            .filter(|v| self.campaign.count_suppressed || v.suppression.is_none())
            .map(|v| Overdue {
                id: v.id,
                rule_id: v.rule_id.clone(),
                address: v.address.clone(),
                location: format!("{}:{}", v.path, v.start_line),
                owner: v.owner.clone(),
                due: v.due_date.map(|d| d.to_string()).unwrap_or_default(),
                status: v.status,
            })
            .collect();
        self
    }

    /// How many outstanding violations an inline comment suppresses, and whether the figures
    /// count them: "2 outstanding violations are self-suppressed by an inline comment (not
    /// approved; counted above)", without a final period; `None` when there are none.
    fn self_suppressed_note(&self) -> Option<String> {
        (self.self_suppressed > 0).then(|| {
            format!(
                "{} outstanding violations are self-suppressed by an inline comment (not approved; {})",
                self.self_suppressed,
                if self.campaign.count_suppressed {
                    "counted above"
                } else {
                    "not counted above"
                }
            )
        })
    }

    /// The dimensions in display order: title and rows (key, counts).
    fn sections(&self) -> Vec<(&'static str, Vec<(String, &StatusCounts)>)> {
        fn list(m: &BTreeMap<String, StatusCounts>) -> Vec<(String, &StatusCounts)> {
            m.iter().map(|(k, v)| (k.clone(), v)).collect()
        }
        vec![
            (
                "severity",
                self.by_severity
                    .iter()
                    .rev()
                    .map(|(k, v)| (k.as_str().to_owned(), v))
                    .collect(),
            ),
            ("owner", list(&self.by_owner)),
            ("repository", list(&self.by_repository)),
            ("rule", list(&self.by_rule)),
        ]
    }

    /// The report as an aligned plain-text table.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let t = &self.totals;
        let _ = writeln!(
            out,
            "campaign {} ({}): {} violations, {}% done, {} outstanding, {} overdue",
            self.campaign.name,
            self.campaign.state,
            t.total,
            t.done_percent(),
            t.outstanding(),
            t.overdue
        );
        if let Some(note) = self.self_suppressed_note() {
            let _ = writeln!(out, "{note}");
        }
        for (title, rows) in self.sections() {
            let width = rows
                .iter()
                .map(|(k, _)| k.chars().count())
                .chain([title.len()])
                .max()
                .unwrap_or(0);
            let _ = write!(out, "\n{title:<width$}");
            for s in ViolationStatus::ALL {
                let _ = write!(out, "  {:>12}", s.as_str());
            }
            let _ = writeln!(out, "  {:>7}  {:>7}", "overdue", "total");
            for (key, c) in rows {
                let _ = write!(out, "{key:<width$}");
                for s in ViolationStatus::ALL {
                    let _ = write!(out, "  {:>12}", c.get(*s));
                }
                let _ = writeln!(out, "  {:>7}  {:>7}", c.overdue, c.total);
            }
        }
        if !self.overdue.is_empty() {
            let _ = writeln!(out, "\noverdue violations:");
            for o in &self.overdue {
                let _ = writeln!(
                    out,
                    "  {} due {} {} {} at {} ({}, {})",
                    o.id,
                    o.due,
                    o.rule_id,
                    o.address,
                    o.location,
                    o.owner.as_deref().unwrap_or(UNOWNED),
                    o.status
                );
            }
        }
        out
    }

    /// The report as Markdown, fit for a pull request or issue comment. Keys are escaped.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let t = &self.totals;
        let _ = writeln!(
            out,
            "## Campaign `{}`\n\n{}**{}** violations, **{}%** done: {} outstanding, {} overdue.",
            self.campaign.name.replace('`', "'"),
            if self.campaign.description.trim().is_empty() {
                String::new()
            } else {
                format!("{}\n\n", markdown_escape(&self.campaign.description))
            },
            t.total,
            t.done_percent(),
            t.outstanding(),
            t.overdue
        );
        if let Some(note) = self.self_suppressed_note() {
            let _ = writeln!(out, "\n{note}.");
        }
        for (title, rows) in self.sections() {
            let _ = write!(out, "\n| {title} |");
            for s in ViolationStatus::ALL {
                let _ = write!(out, " {} |", s.as_str().replace('_', " "));
            }
            let _ = writeln!(out, " overdue | total |");
            let _ = write!(out, "|---|");
            for _ in ViolationStatus::ALL {
                let _ = write!(out, "---:|");
            }
            let _ = writeln!(out, "---:|---:|");
            for (key, c) in rows {
                let _ = write!(out, "| {} |", markdown_escape(&key));
                for s in ViolationStatus::ALL {
                    let _ = write!(out, " {} |", c.get(*s));
                }
                let _ = writeln!(out, " {} | {} |", c.overdue, c.total);
            }
        }
        if !self.overdue.is_empty() {
            let _ = writeln!(
                out,
                "\n### Overdue\n\n| id | due | rule | resource | location | owner |\n|---:|---|---|---|---|---|"
            );
            for o in &self.overdue {
                let _ = writeln!(
                    out,
                    "| {} | {} | `{}` | `{}` | {} | {} |",
                    o.id,
                    o.due,
                    o.rule_id,
                    o.address.to_string().replace('`', "'"),
                    markdown_escape(&o.location),
                    markdown_escape(o.owner.as_deref().unwrap_or(UNOWNED))
                );
            }
        }
        out
    }

    /// The report as CSV: one row per (dimension, key) with a column per status, then
    /// `overdue` and `total`. The header is
    /// `dimension,key,open,fix_proposed,in_review,fixed,excepted,wont_fix,overdue,total`.
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out = String::from("dimension,key");
        for s in ViolationStatus::ALL {
            out.push(',');
            out.push_str(s.as_str());
        }
        out.push_str(",overdue,total\n");
        let mut line = |dim: &str, key: &str, c: &StatusCounts| {
            let _ = write!(out, "{dim},{}", csv_field(key));
            for s in ViolationStatus::ALL {
                let _ = write!(out, ",{}", c.get(*s));
            }
            let _ = writeln!(out, ",{},{}", c.overdue, c.total);
        };
        line("campaign", &self.campaign.name, &self.totals);
        for (title, rows) in self.sections() {
            for (key, c) in rows {
                line(title, &key, c);
            }
        }
        out
    }

    /// The burndown as a standalone SVG (see [`burndown_svg`]).
    #[must_use]
    pub fn burndown_svg(&self) -> String {
        burndown_svg(&self.campaign.name, &self.burndown)
    }
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Escapes what Markdown and HTML would interpret in a table cell.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for XML content and attribute values.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The series a burndown draws: label, colour, and the statuses it sums.
const SERIES: &[(&str, &str, &[ViolationStatus])] = &[
    (
        "outstanding",
        "#d1495b",
        &[
            ViolationStatus::Open,
            ViolationStatus::FixProposed,
            ViolationStatus::InReview,
        ],
    ),
    ("fixed", "#2e8540", &[ViolationStatus::Fixed]),
    (
        "excepted",
        "#8a6d3b",
        &[ViolationStatus::Excepted, ViolationStatus::WontFix],
    ),
];

/// Draws a burndown chart (outstanding, fixed and excepted violations per day) as a
/// standalone SVG document, 640 x 320 user units, no scripts and no external references,
/// so it can be inlined in a page under a strict Content-Security-Policy. With no snapshot
/// it says so instead of drawing axes.
#[must_use]
pub fn burndown_svg(title: &str, snapshots: &[Snapshot]) -> String {
    const W: f64 = 640.0;
    const H: f64 = 320.0;
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 120.0;
    const TOP: f64 = 32.0;
    const BOTTOM: f64 = 40.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"Burndown of campaign {t}\">\n<title>Burndown of campaign {t}</title>\n<rect width=\"{W}\" height=\"{H}\" fill=\"#ffffff\"/>\n<text x=\"{LEFT}\" y=\"20\" font-family=\"sans-serif\" font-size=\"14\">Burndown: {t}</text>\n",
        t = xml_escape(title)
    );
    if snapshots.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"{LEFT}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"12\">No snapshot yet: run `driftless campaign sync`.</text>",
            H / 2.0
        );
        out.push_str("</svg>\n");
        return out;
    }
    let sum = |s: &Snapshot, statuses: &[ViolationStatus]| -> u64 {
        statuses
            .iter()
            .map(|st| s.counts.get(st).copied().unwrap_or(0))
            .sum()
    };
    let max = snapshots
        .iter()
        .flat_map(|s| SERIES.iter().map(move |(_, _, st)| sum(s, st)))
        .max()
        .unwrap_or(0)
        .max(1);
    let first = snapshots[0].day;
    let last = snapshots[snapshots.len() - 1].day;
    let span = (last - first).whole_days().max(1);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    #[allow(clippy::cast_precision_loss)] // day spans and counts are far below 2^52
    let x = |d: Date| LEFT + plot_w * ((d - first).whole_days() as f64) / (span as f64);
    #[allow(clippy::cast_precision_loss)]
    let y = |v: u64| TOP + plot_h - plot_h * (v as f64) / (max as f64);
    // Axes and the y scale (0, half, max).
    let _ = writeln!(
        out,
        "<g stroke=\"#888888\" stroke-width=\"1\"><line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b}\"/><line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/></g>",
        b = TOP + plot_h,
        r = LEFT + plot_w
    );
    for v in [0, max / 2, max] {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" font-family=\"sans-serif\" font-size=\"10\" text-anchor=\"end\">{v}</text>",
            LEFT - 6.0,
            y(v) + 3.0
        );
    }
    // One label a day: on the first day of a campaign both ends are the same day.
    let labels: &[(Date, &str)] = if first == last {
        &[(first, "start")]
    } else {
        &[(first, "start"), (last, "end")]
    };
    for &(d, anchor) in labels {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"10\" text-anchor=\"{anchor}\">{d}</text>",
            x(d),
            H - BOTTOM + 16.0
        );
    }
    for (i, (label, colour, statuses)) in SERIES.iter().enumerate() {
        let points: Vec<String> = snapshots
            .iter()
            .map(|s| format!("{:.1},{:.1}", x(s.day), y(sum(s, statuses))))
            .collect();
        let _ = writeln!(
            out,
            "<polyline class=\"series-{label}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        );
        if snapshots.len() == 1 {
            // A polyline of one point draws nothing: mark the day's value.
            let s = &snapshots[0];
            let _ = writeln!(
                out,
                "<circle class=\"series-{label}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/>",
                x(s.day),
                y(sum(s, statuses))
            );
        }
        #[allow(clippy::cast_precision_loss)]
        let ly = TOP + 16.0 * (i as f64);
        let current = sum(&snapshots[snapshots.len() - 1], statuses);
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-family=\"sans-serif\" font-size=\"11\">{label} ({current})</text>",
            W - RIGHT + 12.0,
            ly,
            W - RIGHT + 26.0,
            ly + 9.0
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CampaignState, RuleSelector};
    use time::macros::{date, datetime};

    fn campaign() -> Campaign {
        Campaign {
            id: 1,
            name: "imdsv2".into(),
            description: "Require <IMDSv2> | everywhere".into(),
            rules: RuleSelector::default(),
            repositories: vec![],
            due_days: BTreeMap::new(),
            default_assignee: None,
            state: CampaignState::Active,
            count_suppressed: false,
            created_by: "sec".into(),
            created_at: datetime!(2026-11-01 0:00 UTC),
        }
    }

    fn row(status: ViolationStatus, owner: Option<&str>, count: u64, overdue: bool) -> CountRow {
        CountRow {
            status,
            severity: Severity::High,
            owner: owner.map(str::to_owned),
            repository: "infra".into(),
            rule_id: RuleId::from_static("aws-ec2-imdsv2-required"),
            overdue,
            suppressed: false,
            count,
        }
    }

    fn snapshot(day: Date, open: u64, fixed: u64) -> Snapshot {
        let mut counts: BTreeMap<ViolationStatus, u64> =
            ViolationStatus::ALL.iter().map(|s| (*s, 0)).collect();
        counts.insert(ViolationStatus::Open, open);
        counts.insert(ViolationStatus::Fixed, fixed);
        Snapshot {
            campaign_id: 1,
            day,
            counts,
        }
    }

    #[test]
    fn counts_by_dimension_and_overdue() {
        let rows = [
            row(ViolationStatus::Open, Some("@net"), 3, true),
            row(ViolationStatus::Fixed, Some("@net"), 1, false),
            row(ViolationStatus::Open, None, 2, false),
        ];
        let r = CampaignReport::new(campaign(), date!(2026 - 11 - 30), &rows, vec![]);
        assert_eq!(r.totals.total, 6);
        assert_eq!(r.totals.outstanding(), 5);
        assert_eq!(r.totals.overdue, 3);
        assert_eq!(r.totals.done_percent(), 16);
        assert_eq!(r.by_owner["@net"].total, 4);
        assert_eq!(r.by_owner[UNOWNED].get(ViolationStatus::Open), 2);
        let csv = r.to_csv();
        assert!(csv.starts_with(
            "dimension,key,open,fix_proposed,in_review,fixed,excepted,wont_fix,overdue,total\ncampaign,imdsv2,5,0,0,1,0,0,3,6\n"
        ));
        assert!(csv.contains("owner,@net,3,0,0,1,0,0,3,4\n"), "{csv}");
        let md = r.to_markdown();
        assert!(md.contains("Require &lt;IMDSv2&gt; \\| everywhere"), "{md}");
        assert!(
            md.contains("| high | 5 | 0 | 0 | 1 | 0 | 0 | 3 | 6 |"),
            "{md}"
        );
        let text = r.to_text();
        assert!(
            text.contains("6 violations, 16% done, 5 outstanding, 3 overdue"),
            "{text}"
        );
    }

    #[test]
    fn self_suppressed_count_only_when_the_campaign_says_so() {
        let mut suppressed = row(ViolationStatus::Open, Some("@net"), 2, false);
        suppressed.suppressed = true;
        let rows = [
            row(ViolationStatus::Open, Some("@net"), 3, false),
            suppressed,
        ];
        let r = CampaignReport::new(campaign(), date!(2026 - 11 - 30), &rows, vec![]);
        assert_eq!(
            (r.self_suppressed, r.totals.total, r.by_owner["@net"].total),
            (2, 3, 3)
        );
        let mut counting = campaign();
        counting.count_suppressed = true;
        let r = CampaignReport::new(counting, date!(2026 - 11 - 30), &rows, vec![]);
        assert_eq!((r.self_suppressed, r.totals.total), (2, 5));
    }

    #[test]
    fn burndown_draws_each_series_and_escapes_the_title() {
        let snaps = [
            snapshot(date!(2026 - 11 - 01), 10, 0),
            snapshot(date!(2026 - 11 - 11), 4, 6),
        ];
        let svg = burndown_svg("a<b&c", &snaps);
        assert!(svg.contains("Burndown: a&lt;b&amp;c"));
        assert!(!svg.contains("<script"));
        // Outstanding goes from the top (10 = max) to 4/10 of the 248-unit plot height above its base at y=280.
        assert!(
            svg.contains("class=\"series-outstanding\" fill=\"none\" stroke=\"#d1495b\" stroke-width=\"2\" points=\"48.0,32.0 520.0,180.8\""),
            "{svg}"
        );
        assert!(svg.contains("fixed (6)"));
        assert!(svg.contains("2026-11-01") && svg.contains("2026-11-11"));
        assert!(burndown_svg("x", &[]).contains("No snapshot yet"));
    }

    #[test]
    fn burndown_of_one_day_marks_its_values_and_labels_the_day_once() {
        let svg = burndown_svg("x", &[snapshot(date!(2026 - 11 - 30), 31, 0)]);
        assert_eq!(svg.matches(">2026-11-30</text>").count(), 1, "{svg}");
        assert!(
            svg.contains("<circle class=\"series-outstanding\" cx=\"48.0\" cy=\"32.0\""),
            "{svg}"
        );
        let two = burndown_svg(
            "x",
            &[
                snapshot(date!(2026 - 11 - 01), 10, 0),
                snapshot(date!(2026 - 11 - 11), 4, 6),
            ],
        );
        assert!(!two.contains("<circle"), "lines need no marks");
    }
}
