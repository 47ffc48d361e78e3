//! SQL of an edition's results settings (one row, versioned for the stale-form check).

use sqlx::FromRow;

use crate::db::Conn;
use crate::results::core::ranking::{Aggregate, Settings, TieRule};
use crate::results::core::settings::ResultsSettings;

#[derive(FromRow)]
struct Row {
    aggregate: String,
    severity_correction: i64,
    min_reviews: i64,
    tie_rules: String,
    disagreement_threshold: i64,
    laureates_per_category: i64,
    level_rule: String,
    signatories: String,
}

/// The version of the edition's results settings, which their form carries (0: none saved yet).
pub async fn settings_version(conn: &mut Conn, edition_id: i64) -> sqlx::Result<i64> {
    let v: Option<i64> = sqlx::query_scalar("SELECT version FROM results_settings WHERE edition_id = $1")
        .bind(edition_id)
        .fetch_optional(conn)
        .await?;
    Ok(v.unwrap_or(0))
}

/// Takes the next version of the settings if they are still at `expected` (None: not
/// checked); `Ok(false)` when someone saved them meanwhile. In the write transaction, before
/// [`save_settings`] (whose first save creates the row at version 1).
pub async fn claim_settings_version(
    conn: &mut Conn,
    edition_id: i64,
    expected: Option<i64>,
) -> sqlx::Result<bool> {
    let condition = if expected.is_some() { " AND version = $2" } else { "" };
    let sql = format!("UPDATE results_settings SET version = version + 1 WHERE edition_id = $1{condition}");
    let mut q = sqlx::query(&sql).bind(edition_id);
    if let Some(v) = expected {
        q = q.bind(v);
    }
    if q.execute(&mut *conn).await?.rows_affected() == 1 {
        return Ok(true);
    }
    Ok(expected.is_none_or(|v| v == 0) && settings_version(conn, edition_id).await? == 0)
}

/// The edition's settings; the defaults while organisers have saved none (reading never writes).
pub async fn settings(conn: &mut Conn, edition_id: i64) -> sqlx::Result<ResultsSettings> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT aggregate, severity_correction, min_reviews, tie_rules, disagreement_threshold, \
         laureates_per_category, level_rule, signatories FROM results_settings WHERE edition_id = $1",
    )
    .bind(edition_id)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(ResultsSettings::default()) };
    let defaults = Settings::default();
    Ok(ResultsSettings {
        ranking: Settings {
            aggregate: Aggregate::parse(&row.aggregate).unwrap_or_default(),
            severity_correction: row.severity_correction == 1,
            min_reviews: row.min_reviews.max(1) as usize,
            tie_rules: serde_json::from_str::<Vec<TieRule>>(&row.tie_rules).unwrap_or(defaults.tie_rules),
            disagreement_threshold: row.disagreement_threshold as f64,
            full_weight_reviews: defaults.full_weight_reviews,
        },
        laureates_per_category: row.laureates_per_category.max(0) as usize,
        level_rule: serde_json::from_str(&row.level_rule).unwrap_or_default(),
        signatories: serde_json::from_str(&row.signatories).unwrap_or_default(),
    })
}

pub async fn save_settings(
    conn: &mut Conn,
    edition_id: i64,
    s: &ResultsSettings,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO results_settings (edition_id, aggregate, severity_correction, min_reviews, tie_rules, \
         disagreement_threshold, laureates_per_category, level_rule, updated_at, signatories) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (edition_id) DO UPDATE SET \
         aggregate = $2, severity_correction = $3, min_reviews = $4, tie_rules = $5, disagreement_threshold = $6, \
         laureates_per_category = $7, level_rule = $8, updated_at = $9, signatories = $10",
    )
    .bind(edition_id)
    .bind(s.ranking.aggregate.as_str())
    .bind(i64::from(s.ranking.severity_correction))
    .bind(s.ranking.min_reviews as i64)
    .bind(serde_json::to_string(&s.ranking.tie_rules).unwrap_or_else(|_| "[]".into()))
    .bind(s.ranking.disagreement_threshold.round() as i64)
    .bind(s.laureates_per_category as i64)
    .bind(serde_json::to_string(&s.level_rule).unwrap_or_else(|_| "{}".into()))
    .bind(now)
    .bind(serde_json::to_string(&s.signatories).unwrap_or_else(|_| "[]".into()))
    .execute(conn)
    .await?;
    Ok(())
}
