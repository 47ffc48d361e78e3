//! Reviews: what a juror sees and scores, every change logged in `score_events`.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::FromRow;

use super::conflicts;
use super::criteria::CriterionRow;
use crate::db::Conn;
use crate::jury::core::audit::{review_changes, StoredReview};
use crate::jury::core::model::ReviewState;
pub use crate::jury::core::model::{Mark, ReviewInput};

/// A dossier as it appears in a juror's list.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AssignedDossier {
    pub dossier_id: i64,
    pub reference: Option<String>,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub category_position: i64,
    pub organisation: String,
    pub organisation_kind: String,
    pub opened_at: Option<i64>,
    pub review_state: Option<String>,
    pub review_updated_at: Option<i64>,
}

/// The condition under which a juror may see a dossier, in SQL: assigned to them and eligible.
/// No conflict may stand between them either: that is decided from the current facts
/// ([`conflicts::standing`]), after the query. The caller also checks that the assignment is published.
const VISIBLE: &str = "a.edition_id = $1 AND a.juror_id = $2 AND d.state = 'eligible'";

const ASSIGNED: &str = "SELECT d.id AS dossier_id, d.reference, d.title, d.summary, c.name AS category, \
     c.position AS category_position, o.name AS organisation, o.kind AS organisation_kind, a.opened_at, \
     r.state AS review_state, r.updated_at AS review_updated_at \
     FROM assignments a JOIN dossiers d ON d.id = a.dossier_id JOIN categories c ON c.id = d.category_id \
     JOIN organisations o ON o.id = d.organisation_id \
     LEFT JOIN reviews r ON r.dossier_id = a.dossier_id AND r.juror_id = a.juror_id";

/// The juror's dossiers, by category then reference.
pub async fn assigned(conn: &mut Conn, edition_id: i64, juror_id: i64) -> sqlx::Result<Vec<AssignedDossier>> {
    let rows: Vec<AssignedDossier> =
        sqlx::query_as(&format!("{ASSIGNED} WHERE {VISIBLE} ORDER BY c.position, d.number, d.id"))
            .bind(edition_id)
            .bind(juror_id)
            .fetch_all(&mut *conn)
            .await?;
    if rows.is_empty() {
        return Ok(rows);
    }
    let standing = conflicts::standing(conn, edition_id, Some(juror_id), None).await?;
    Ok(rows.into_iter().filter(|d| !standing.contains_key(&(juror_id, d.dossier_id))).collect())
}

/// The ids of the juror's dossiers in the order of `assigned`, for "previous" and "next":
/// only the ids are read.
pub async fn assigned_ids(conn: &mut Conn, edition_id: i64, juror_id: i64) -> sqlx::Result<Vec<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT a.dossier_id FROM assignments a JOIN dossiers d ON d.id = a.dossier_id \
         JOIN categories c ON c.id = d.category_id WHERE {VISIBLE} ORDER BY c.position, d.number, d.id"
    ))
    .bind(edition_id)
    .bind(juror_id)
    .fetch_all(&mut *conn)
    .await?;
    if ids.is_empty() {
        return Ok(ids);
    }
    let standing = conflicts::standing(conn, edition_id, Some(juror_id), None).await?;
    Ok(ids.into_iter().filter(|d| !standing.contains_key(&(juror_id, *d))).collect())
}

/// One of the juror's dossiers, if they may see it.
pub async fn assigned_one(
    conn: &mut Conn,
    edition_id: i64,
    juror_id: i64,
    dossier_id: i64,
) -> sqlx::Result<Option<AssignedDossier>> {
    let row: Option<AssignedDossier> =
        sqlx::query_as(&format!("{ASSIGNED} WHERE {VISIBLE} AND a.dossier_id = $3"))
            .bind(edition_id)
            .bind(juror_id)
            .bind(dossier_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let standing = conflicts::standing(conn, edition_id, Some(juror_id), Some(dossier_id)).await?;
    Ok((!standing.contains_key(&(juror_id, dossier_id))).then_some(row))
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Review {
    pub id: i64,
    pub edition_id: i64,
    pub dossier_id: i64,
    pub juror_id: i64,
    pub state: String,
    pub overall_comment: String,
    pub submitted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Incremented by each save and by a reopening: the scoring form carries it.
    pub version: i64,
}

impl Review {
    pub fn submitted(&self) -> bool {
        self.state == "submitted"
    }
}

const REVIEW_COLUMNS: &str =
    "id, edition_id, dossier_id, juror_id, state, overall_comment, submitted_at, created_at, updated_at, version";

pub async fn review(conn: &mut Conn, dossier_id: i64, juror_id: i64) -> sqlx::Result<Option<Review>> {
    sqlx::query_as(&format!("SELECT {REVIEW_COLUMNS} FROM reviews WHERE dossier_id = $1 AND juror_id = $2"))
        .bind(dossier_id)
        .bind(juror_id)
        .fetch_optional(conn)
        .await
}

pub async fn by_id(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Review>> {
    sqlx::query_as(&format!("SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The marks of a review, by criterion id.
pub async fn marks(conn: &mut Conn, review_id: i64) -> sqlx::Result<BTreeMap<i64, Mark>> {
    let rows: Vec<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT criterion_id, score, comment FROM review_scores WHERE review_id = $1")
            .bind(review_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(id, score, comment)| (id, Mark { score, comment })).collect())
}

/// Takes the next version of the juror's review if it is still at `expected`, the version the
/// scoring form was opened at (0: no review yet; None: not checked). `Ok(false)` when it was
/// saved or reopened meanwhile. Call it in the write transaction, before [`save`] (which
/// creates a missing review at version 1).
pub async fn claim_version(
    conn: &mut Conn,
    dossier_id: i64,
    juror_id: i64,
    expected: Option<i64>,
) -> sqlx::Result<bool> {
    let condition = if expected.is_some() { " AND version = $3" } else { "" };
    let sql = format!(
        "UPDATE reviews SET version = version + 1 WHERE dossier_id = $1 AND juror_id = $2{condition}"
    );
    let mut q = sqlx::query(&sql).bind(dossier_id).bind(juror_id);
    if let Some(v) = expected {
        q = q.bind(v);
    }
    if q.execute(&mut *conn).await?.rows_affected() == 1 {
        return Ok(true);
    }
    let current: Option<i64> =
        sqlx::query_scalar("SELECT version FROM reviews WHERE dossier_id = $1 AND juror_id = $2")
            .bind(dossier_id)
            .bind(juror_id)
            .fetch_optional(conn)
            .await?;
    Ok(matches!((current, expected), (None, None | Some(0)) | (Some(_), None)))
}

#[allow(clippy::too_many_arguments)]
async fn log(
    conn: &mut Conn,
    review_id: i64,
    by: i64,
    now: i64,
    criterion: Option<&CriterionRow>,
    field: &str,
    old: Option<String>,
    new: Option<String>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO score_events (review_id, user_id, at, criterion_id, criterion, field, old_value, new_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(review_id)
    .bind(by)
    .bind(now)
    .bind(criterion.map(|c| c.id))
    .bind(criterion.map(|c| c.name.clone()))
    .bind(field)
    .bind(old)
    .bind(new)
    .execute(conn)
    .await?;
    Ok(())
}

/// Saves the juror's review (creating it), as a draft or submitted, and logs every change
/// decided by `core::audit::review_changes`.
/// The input must have been checked against `criteria` (the edition's rubric). Run it in a
/// transaction. Returns the review's id.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    conn: &mut Conn,
    edition_id: i64,
    dossier_id: i64,
    juror_id: i64,
    criteria: &[CriterionRow],
    input: &ReviewInput,
    submit: bool,
    now: i64,
) -> sqlx::Result<i64> {
    // The first save of a review creates it. Two first saves may race (a double click, two
    // tabs): the upsert lets both through, and touching the row then takes its lock on
    // PostgreSQL, so the second reads what the first wrote (SQLite's writers are serialised
    // by `BEGIN IMMEDIATE`).
    let created = sqlx::query(
        "INSERT INTO reviews (edition_id, dossier_id, juror_id, state, overall_comment, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', '', $4, $4) ON CONFLICT (dossier_id, juror_id) DO NOTHING",
    )
    .bind(edition_id)
    .bind(dossier_id)
    .bind(juror_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    let review_id: i64 = sqlx::query_scalar(
        "UPDATE reviews SET updated_at = updated_at WHERE dossier_id = $1 AND juror_id = $2 RETURNING id",
    )
    .bind(dossier_id)
    .bind(juror_id)
    .fetch_one(&mut *conn)
    .await?;
    // "Opened" is recorded by the first save, never by reading the dossier (a GET never writes).
    sqlx::query(
        "UPDATE assignments SET opened_at = $3 WHERE dossier_id = $1 AND juror_id = $2 AND opened_at IS NULL",
    )
    .bind(dossier_id)
    .bind(juror_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let old = if created {
        StoredReview::default()
    } else {
        let r = by_id(conn, review_id).await?.ok_or(sqlx::Error::RowNotFound)?;
        let state = ReviewState::try_from(r.state.as_str())?;
        StoredReview {
            marks: marks(conn, review_id).await?,
            overall_comment: r.overall_comment,
            state: Some(state),
        }
    };
    let new_state = if submit { ReviewState::Submitted } else { ReviewState::Draft };
    let ids: Vec<i64> = criteria.iter().map(|c| c.id).collect();
    for change in review_changes(&ids, &old, input, new_state) {
        let criterion = change.criterion.and_then(|id| criteria.iter().find(|c| c.id == id));
        log(conn, review_id, juror_id, now, criterion, change.field, change.old, change.new).await?;
    }
    for c in criteria {
        let new = input.marks.get(&c.id).cloned().unwrap_or_default();
        match old.marks.get(&c.id) {
            Some(old) if *old == new => {}
            Some(_) => {
                sqlx::query(
                    "UPDATE review_scores SET score = $3, comment = $4 WHERE review_id = $1 AND criterion_id = $2",
                )
                .bind(review_id)
                .bind(c.id)
                .bind(new.score)
                .bind(&new.comment)
                .execute(&mut *conn)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO review_scores (review_id, criterion_id, score, comment) VALUES ($1, $2, $3, $4)",
                )
                .bind(review_id)
                .bind(c.id)
                .bind(new.score)
                .bind(&new.comment)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    let state = new_state.as_str();
    sqlx::query(
        "UPDATE reviews SET state = $2, overall_comment = $3, updated_at = $4, \
         submitted_at = CASE WHEN $5 = 1 THEN $4 ELSE submitted_at END WHERE id = $1",
    )
    .bind(review_id)
    .bind(state)
    .bind(&input.overall_comment)
    .bind(now)
    .bind(i64::from(submit))
    .execute(conn)
    .await?;
    Ok(review_id)
}

/// An organiser sends a submitted review back to draft, logged; `Ok(false)` if it was not submitted.
pub async fn reopen(conn: &mut Conn, review_id: i64, by: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE reviews SET state = 'draft', updated_at = $2, version = version + 1 WHERE id = $1 AND state = 'submitted'",
    )
    .bind(review_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        log(conn, review_id, by, now, None, "state", Some("submitted".into()), Some("draft".into())).await?;
        return Ok(true);
    }
    Ok(false)
}

/// (dossier, juror, state, review id) of every review of the edition.
pub async fn states(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<(i64, i64, String, i64)>> {
    sqlx::query_as("SELECT dossier_id, juror_id, state, id FROM reviews WHERE edition_id = $1")
        .bind(edition_id)
        .fetch_all(conn)
        .await
}

/// Every review of a dossier with its juror's name and kind, for organisers.
pub async fn for_dossier(conn: &mut Conn, dossier_id: i64) -> sqlx::Result<Vec<(Review, String, String)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        review: Review,
        juror_name: String,
        juror_kind: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, r.edition_id, r.dossier_id, r.juror_id, r.state, r.overall_comment, r.submitted_at, \
         r.created_at, r.updated_at, r.version, u.display_name AS juror_name, COALESCE(j.kind, '') AS juror_kind \
         FROM reviews r JOIN users u ON u.id = r.juror_id LEFT JOIN jurors j ON j.user_id = r.juror_id \
         WHERE r.dossier_id = $1 ORDER BY u.display_name",
    )
    .bind(dossier_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.review, r.juror_name, r.juror_kind)).collect())
}
