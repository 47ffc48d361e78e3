//! Who reviews what: the assignment of an edition, computed, adjusted and published.

use serde::Serialize;
use sqlx::FromRow;

use super::conflicts;
use crate::db::Conn;
use crate::jury::core::assignment::{DossierIn, JurorIn};
use crate::jury::core::progress::Count;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AssignmentRow {
    pub id: i64,
    pub dossier_id: i64,
    pub juror_id: i64,
    pub origin: String,
    pub created_at: i64,
    pub opened_at: Option<i64>,
    pub juror_name: String,
    pub juror_kind: String,
    /// The state of the juror's review, if one was saved.
    pub review_state: Option<String>,
    /// 1 when a conflict stands between this juror and this dossier (decided from the
    /// current facts by [`conflicts::standing`], not stored).
    pub conflicted: i64,
}

const ROW: &str = "a.id, a.dossier_id, a.juror_id, a.origin, a.created_at, a.opened_at, \
     u.display_name AS juror_name, j.kind AS juror_kind, r.state AS review_state, 0 AS conflicted \
     FROM assignments a JOIN users u ON u.id = a.juror_id JOIN jurors j ON j.user_id = a.juror_id \
     LEFT JOIN reviews r ON r.dossier_id = a.dossier_id AND r.juror_id = a.juror_id";

/// Where the jury's reviews stand for the edition (only pairs without an active conflict
/// count): the dashboard, the publication's preconditions, the current-edition change.
pub async fn review_count(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Count> {
    let mut count = Count::default();
    for p in list(conn, edition_id).await?.iter().filter(|p| p.conflicted == 0) {
        count.assigned += 1;
        count.submitted += usize::from(p.review_state.as_deref() == Some("submitted"));
        count.drafts += usize::from(p.review_state.as_deref() == Some("draft"));
    }
    Ok(count)
}

pub async fn list(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<AssignmentRow>> {
    let mut rows: Vec<AssignmentRow> = sqlx::query_as(&format!(
        "SELECT {ROW} WHERE a.edition_id = $1 ORDER BY a.dossier_id, u.display_name"
    ))
    .bind(edition_id)
    .fetch_all(&mut *conn)
    .await?;
    let standing = conflicts::standing(conn, edition_id, None, None).await?;
    for row in &mut rows {
        row.conflicted = i64::from(standing.contains_key(&(row.juror_id, row.dossier_id)));
    }
    Ok(rows)
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<AssignmentRow>> {
    let row: Option<AssignmentRow> =
        sqlx::query_as(&format!("SELECT {ROW} WHERE a.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    let Some(mut row) = row else { return Ok(None) };
    row.conflicted = i64::from(conflicts::is_conflicted(conn, row.juror_id, row.dossier_id).await?);
    Ok(Some(row))
}

/// The dossiers that get jurors: the eligible ones.
pub async fn dossiers_to_assign(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<DossierIn>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, category_id FROM dossiers WHERE edition_id = $1 AND state = 'eligible' ORDER BY id",
    )
    .bind(edition_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, category)| DossierIn { id, category }).collect())
}

/// The active jurors, with their preferred categories as ids of this edition.
pub async fn jurors_available(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<JurorIn>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT j.user_id, j.kind, j.preferred FROM jurors j JOIN users u ON u.id = j.user_id \
         WHERE u.role = 'juror' AND u.is_active = 1 ORDER BY j.user_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let categories: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, slug FROM categories WHERE edition_id = $1")
            .bind(edition_id)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, preferred)| JurorIn {
            id,
            kind,
            preferred: preferred
                .split_whitespace()
                .filter_map(|slug| categories.iter().find(|(_, s)| s == slug).map(|(id, _)| *id))
                .collect(),
        })
        .collect())
}

/// Pairs the solver must keep: manual ones, and every pair whose review was started.
/// With `keep_all`, every current pair (completing a published assignment).
pub async fn kept_pairs(conn: &mut Conn, edition_id: i64, keep_all: bool) -> sqlx::Result<Vec<(i64, i64)>> {
    let condition = if keep_all {
        ""
    } else {
        " AND (a.origin = 'manual' OR EXISTS (SELECT 1 FROM reviews r WHERE r.dossier_id = a.dossier_id \
          AND r.juror_id = a.juror_id))"
    };
    sqlx::query_as(&format!(
        "SELECT a.juror_id, a.dossier_id FROM assignments a WHERE a.edition_id = $1{condition}"
    ))
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

/// Replaces the computed pairs of the edition by `pairs` (kept pairs are left as they are).
/// With `keep_all` (a published assignment being completed) nothing is removed: only the
/// new pairs are added.
pub async fn store_computed(
    conn: &mut Conn,
    edition_id: i64,
    pairs: &[(i64, i64)],
    keep_all: bool,
    by: i64,
    now: i64,
) -> sqlx::Result<usize> {
    let kept = kept_pairs(conn, edition_id, keep_all).await?;
    if !keep_all {
        sqlx::query(
            "DELETE FROM assignments WHERE edition_id = $1 AND origin = 'auto' AND NOT EXISTS \
             (SELECT 1 FROM reviews r WHERE r.dossier_id = assignments.dossier_id AND r.juror_id = assignments.juror_id)",
        )
        .bind(edition_id)
        .execute(&mut *conn)
        .await?;
    }
    let mut added = 0;
    for (juror, dossier) in pairs {
        if kept.contains(&(*juror, *dossier)) {
            continue;
        }
        added += insert(conn, edition_id, *dossier, *juror, "auto", by, now).await? as usize;
    }
    Ok(added)
}

/// Adds one pair; `Ok(false)` if it exists.
pub async fn insert(
    conn: &mut Conn,
    edition_id: i64,
    dossier_id: i64,
    juror_id: i64,
    origin: &str,
    by: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO assignments (edition_id, dossier_id, juror_id, origin, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dossier_id, juror_id) DO NOTHING",
    )
    .bind(edition_id)
    .bind(dossier_id)
    .bind(juror_id)
    .bind(origin)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a pair whose review was never started; `Ok(false)` otherwise.
pub async fn remove(conn: &mut Conn, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM assignments WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM reviews r \
         WHERE r.dossier_id = assignments.dossier_id AND r.juror_id = assignments.juror_id)",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes the pairs under a conflict that stands now, unless a review was started
/// (organisers see those, marked as conflicted; the juror no longer does).
pub async fn drop_conflicted(conn: &mut Conn, edition_id: i64) -> sqlx::Result<u64> {
    let standing = conflicts::standing(conn, edition_id, None, None).await?;
    let pairs: Vec<(i64, i64)> =
        sqlx::query_as("SELECT juror_id, dossier_id FROM assignments WHERE edition_id = $1")
            .bind(edition_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut dropped = 0;
    for (juror, dossier) in pairs.into_iter().filter(|pair| standing.contains_key(pair)) {
        let done = sqlx::query(
            "DELETE FROM assignments WHERE edition_id = $1 AND juror_id = $2 AND dossier_id = $3 \
             AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.dossier_id = assignments.dossier_id \
                         AND r.juror_id = assignments.juror_id)",
        )
        .bind(edition_id)
        .bind(juror)
        .bind(dossier)
        .execute(&mut *conn)
        .await?;
        dropped += done.rows_affected();
    }
    Ok(dropped)
}

pub async fn publish(conn: &mut Conn, edition_id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE editions SET assignment_published_at = $2 WHERE id = $1 AND assignment_published_at IS NULL",
    )
    .bind(edition_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_settings(
    conn: &mut Conn,
    edition_id: i64,
    k: i64,
    scope: &str,
    seed: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE editions SET reviewers_per_dossier = $2, conflict_scope = $3, assignment_seed = $4 WHERE id = $1",
    )
    .bind(edition_id)
    .bind(k)
    .bind(scope)
    .bind(seed)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_scoring_closed(conn: &mut Conn, edition_id: i64, at: Option<i64>) -> sqlx::Result<()> {
    sqlx::query("UPDATE editions SET scoring_closed_at = $2 WHERE id = $1")
        .bind(edition_id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}
