//! Keyset pagination of violation listings: the sort columns of each [`ViolationSort`], and
//! the opaque cursor that carries the last row's position to the next page.

use crate::model::{Violation, ViolationQuery, ViolationSort};
use crate::store::codec::{owner_col, severity_rank};
use crate::store::db::{Query, Value};
use crate::store::{StoreError, StoreResult};
use std::fmt::Write as _;
use time::Date;

/// The day that stands for "no due date" in the due-date sort key (sorts last ascending).
const NO_DUE_DATE: Date = match Date::from_calendar_date(9999, time::Month::December, 31) {
    Ok(d) => d,
    Err(_) => panic!("valid date"),
};

/// The columns a listing sorted by `sort` is ordered by, id last (`due_key` is the
/// dialect's due-date expression).
fn sort_columns(sort: ViolationSort, due_key: &str) -> Vec<&str> {
    match sort {
        ViolationSort::Id => vec!["id"],
        ViolationSort::Severity => vec!["severity", "id"],
        ViolationSort::Rule => vec!["rule_id", "id"],
        ViolationSort::Path => vec!["path", "start_line", "id"],
        ViolationSort::Owner => vec!["owner", "id"],
        ViolationSort::Due => vec![due_key, "id"],
        ViolationSort::Status => vec!["status", "id"],
    }
}

/// The `ORDER BY` list of a sort.
pub(super) fn order_by(sort: ViolationSort, descending: bool, due_key: &str) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    sort_columns(sort, due_key)
        .iter()
        .map(|c| format!("{c} {dir}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The position of a row in a sorted listing: the sort column values, then the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SortKey {
    /// Id sort.
    Id(i64),
    /// Severity rank, id.
    Severity(i64, i64),
    /// Rule id, id.
    Rule(String, i64),
    /// Path, start line, id.
    Path(String, i64, i64),
    /// Owner (`''` for none), id.
    Owner(String, i64),
    /// Due date ([`NO_DUE_DATE`] for none), id.
    Due(Date, i64),
    /// Status word, id.
    Status(String, i64),
}

impl SortKey {
    /// The key of `v` under `sort`.
    pub(super) fn of(v: &Violation, sort: ViolationSort) -> Self {
        match sort {
            ViolationSort::Id => Self::Id(v.id),
            ViolationSort::Severity => Self::Severity(severity_rank(v.severity), v.id),
            ViolationSort::Rule => Self::Rule(v.rule_id.as_str().to_owned(), v.id),
            ViolationSort::Path => Self::Path(v.path.clone(), i64::from(v.start_line), v.id),
            ViolationSort::Owner => Self::Owner(owner_col(v.owner.as_ref()), v.id),
            ViolationSort::Due => Self::Due(v.due_date.unwrap_or(NO_DUE_DATE), v.id),
            ViolationSort::Status => Self::Status(v.status.as_str().to_owned(), v.id),
        }
    }

    /// The key's values, in the order of its sort's columns.
    fn values(self) -> Vec<Value> {
        match self {
            Self::Id(id) => vec![id.into()],
            Self::Severity(s, id) => vec![s.into(), id.into()],
            Self::Rule(t, id) | Self::Owner(t, id) | Self::Status(t, id) => {
                vec![t.into(), id.into()]
            }
            Self::Path(p, l, id) => vec![p.into(), l.into(), id.into()],
            Self::Due(d, id) => vec![d.into(), id.into()],
        }
    }

    /// Appends the condition "after this key" of a listing sorted by `sort` to `q`:
    /// ` AND id > $3`, ` AND (severity, id) < ($3, $4)`.
    pub(super) fn push_after(
        self,
        q: &mut Query,
        sort: ViolationSort,
        descending: bool,
        due_key: &str,
    ) {
        let op = if descending { " < " } else { " > " };
        let columns = sort_columns(sort, due_key);
        let mut values = self.values();
        if let ([column], [_]) = (columns.as_slice(), values.as_slice()) {
            q.push(" AND ")
                .push(column)
                .push(op)
                .push_bind(values.remove(0));
        } else {
            q.push(" AND (")
                .push(&columns.join(", "))
                .push(")")
                .push(op);
            q.push_list(values);
        }
    }

    /// The cursor text: hex of a JSON array `[sort, descending, key...]`. Opaque to callers.
    pub(super) fn encode(&self, sort: ViolationSort, descending: bool) -> String {
        use serde_json::json;
        let keys = match self {
            Self::Id(id) => vec![json!(id)],
            Self::Severity(s, id) => vec![json!(s), json!(id)],
            Self::Rule(t, id) | Self::Owner(t, id) | Self::Status(t, id) => {
                vec![json!(t), json!(id)]
            }
            Self::Path(p, l, id) => vec![json!(p), json!(l), json!(id)],
            Self::Due(d, id) => vec![json!(d.to_string()), json!(id)],
        };
        let mut all = vec![json!(sort), json!(descending)];
        all.extend(keys);
        let text = serde_json::Value::Array(all).to_string();
        let mut out = String::with_capacity(text.len() * 2);
        for b in text.bytes() {
            let _ = write!(out, "{b:02x}");
        }
        out
    }

    /// Reads a cursor made by [`SortKey::encode`] for `query`'s sort and order.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the cursor is malformed or was made for another sort
    /// or order.
    pub(super) fn decode(cursor: &str, query: &ViolationQuery) -> StoreResult<Self> {
        let bad = || StoreError::Conflict(format!("the cursor `{cursor}` does not fit this query"));
        if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
            return Err(bad());
        }
        let bytes = (0..cursor.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&cursor[i..i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| bad())?;
        let value: Vec<serde_json::Value> = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        let (head, keys) = value.split_at_checked(2).ok_or_else(bad)?;
        let sort: ViolationSort = serde_json::from_value(head[0].clone()).map_err(|_| bad())?;
        if sort != query.sort || head[1].as_bool() != Some(query.descending) {
            return Err(StoreError::Conflict(
                "the cursor was made for another sort or order: start again from the first page"
                    .to_owned(),
            ));
        }
        let int = |i: usize| {
            keys.get(i)
                .and_then(serde_json::Value::as_i64)
                .ok_or_else(bad)
        };
        let text = |i: usize| {
            keys.get(i)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(bad)
        };
        let n = keys.len();
        let key = match sort {
            ViolationSort::Id if n == 1 => Self::Id(int(0)?),
            ViolationSort::Severity if n == 2 => Self::Severity(int(0)?, int(1)?),
            ViolationSort::Rule if n == 2 => Self::Rule(text(0)?, int(1)?),
            ViolationSort::Path if n == 3 => Self::Path(text(0)?, int(1)?, int(2)?),
            ViolationSort::Owner if n == 2 => Self::Owner(text(0)?, int(1)?),
            ViolationSort::Due if n == 2 => {
                let day = text(0)?;
                let format = time::macros::format_description!("[year]-[month]-[day]");
                Self::Due(Date::parse(&day, &format).map_err(|_| bad())?, int(1)?)
            }
            ViolationSort::Status if n == 2 => Self::Status(text(0)?, int(1)?),
            _ => return Err(bad()),
        };
        Ok(key)
    }
}
