//! The rubric of an edition: its criteria, and the lock that comes with the first submitted review.

use crate::db::Conn;
use crate::editions::model::Edition;
pub use crate::jury::core::rubric::CriterionRow;
use crate::jury::core::rubric::{Criterion, Rubric};

const COLUMNS: &str = "id, edition_id, slug, name, description, weight, eliminatory_below, anchors, position";

pub async fn list(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<CriterionRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM criteria WHERE edition_id = $1 ORDER BY position, id"))
        .bind(edition_id)
        .fetch_all(conn)
        .await
}

/// The edition's rubric (its scale and criteria) and the rows behind it, in the same order.
pub async fn rubric(conn: &mut Conn, edition: &Edition) -> sqlx::Result<(Rubric, Vec<CriterionRow>)> {
    let rows = list(conn, edition.id).await?;
    Ok((rubric_of(edition, &rows), rows))
}

/// The edition's rubric made of its criteria's rows.
pub fn rubric_of(edition: &Edition, rows: &[CriterionRow]) -> Rubric {
    Rubric {
        scale_min: edition.scale_min,
        scale_max: edition.scale_max,
        criteria: rows.iter().map(CriterionRow::to_criterion).collect(),
    }
}

async fn insert(conn: &mut Conn, edition_id: i64, c: &Criterion, position: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO criteria (edition_id, slug, name, description, weight, eliminatory_below, anchors, position) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(edition_id)
    .bind(&c.slug)
    .bind(&c.name)
    .bind(&c.description)
    .bind(i64::from(c.weight))
    .bind(c.eliminatory_below)
    .bind(serde_json::to_string(&c.anchors).unwrap_or_else(|_| "[]".into()))
    .bind(position)
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives a new edition the default rubric of `fixtures/rubric.json`.
pub async fn insert_default(conn: &mut Conn, edition_id: i64) -> sqlx::Result<()> {
    let rubric = Rubric::default_rubric();
    set_scale(conn, edition_id, rubric.scale_min, rubric.scale_max).await?;
    for (position, c) in (1_i64..).zip(&rubric.criteria) {
        insert(conn, edition_id, c, position).await?;
    }
    Ok(())
}

async fn set_scale(conn: &mut Conn, edition_id: i64, min: i64, max: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE editions SET scale_min = $2, scale_max = $3 WHERE id = $1")
        .bind(edition_id)
        .bind(min)
        .bind(max)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a review of the edition was ever submitted: from then on the rubric is locked.
pub async fn is_locked(conn: &mut Conn, edition_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reviews WHERE edition_id = $1 AND (state = 'submitted' OR submitted_at IS NOT NULL)",
    )
    .bind(edition_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The version of the edition's rubric, which its form carries (see `web::stale`).
pub async fn version(conn: &mut Conn, edition_id: i64) -> sqlx::Result<i64> {
    let v: Option<i64> = sqlx::query_scalar("SELECT rubric_version FROM editions WHERE id = $1")
        .bind(edition_id)
        .fetch_optional(conn)
        .await?;
    Ok(v.unwrap_or(1))
}

/// Takes the next version of the rubric if it is still at `expected` (None: not checked);
/// `Ok(false)` when someone saved it meanwhile. In the write transaction, before [`replace`].
pub async fn claim_version(conn: &mut Conn, edition_id: i64, expected: Option<i64>) -> sqlx::Result<bool> {
    let condition = if expected.is_some() { " AND rubric_version = $2" } else { "" };
    let sql = format!("UPDATE editions SET rubric_version = rubric_version + 1 WHERE id = $1{condition}");
    let mut q = sqlx::query(&sql).bind(edition_id);
    if let Some(v) = expected {
        q = q.bind(v);
    }
    Ok(q.execute(conn).await?.rows_affected() == 1)
}

/// Replaces the edition's rubric by `rubric` (already validated): criteria are matched by
/// slug, so draft scores of a kept criterion stay; a removed criterion takes its draft scores
/// with it. Run it in a transaction, after checking `is_locked`.
pub async fn replace(conn: &mut Conn, edition_id: i64, rubric: &Rubric) -> sqlx::Result<()> {
    set_scale(conn, edition_id, rubric.scale_min, rubric.scale_max).await?;
    let existing = list(conn, edition_id).await?;
    for old in &existing {
        if !rubric.criteria.iter().any(|c| c.slug == old.slug) {
            sqlx::query("DELETE FROM review_scores WHERE criterion_id = $1")
                .bind(old.id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM criteria WHERE id = $1").bind(old.id).execute(&mut *conn).await?;
        }
    }
    // Scores outside a narrowed scale no longer mean anything: drop them from drafts.
    sqlx::query(
        "UPDATE review_scores SET score = NULL WHERE (score < $2 OR score > $3) AND criterion_id IN \
         (SELECT id FROM criteria WHERE edition_id = $1)",
    )
    .bind(edition_id)
    .bind(rubric.scale_min)
    .bind(rubric.scale_max)
    .execute(&mut *conn)
    .await?;
    for (position, c) in (1_i64..).zip(&rubric.criteria) {
        match existing.iter().find(|old| old.slug == c.slug) {
            Some(old) => {
                sqlx::query(
                    "UPDATE criteria SET name = $2, description = $3, weight = $4, eliminatory_below = $5, \
                     anchors = $6, position = $7 WHERE id = $1",
                )
                .bind(old.id)
                .bind(&c.name)
                .bind(&c.description)
                .bind(i64::from(c.weight))
                .bind(c.eliminatory_below)
                .bind(serde_json::to_string(&c.anchors).unwrap_or_else(|_| "[]".into()))
                .bind(position)
                .execute(&mut *conn)
                .await?;
            }
            None => insert(conn, edition_id, c, position).await?,
        }
    }
    Ok(())
}
