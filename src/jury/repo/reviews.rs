//! Reviews: what a juror sees and scores, every change logged in `score_events`.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::FromRow;

use super::conflicts;
use super::criteria::CriterionRow;
use crate::applications::repo::{Dossier, Organisation, DOSSIER_COLUMNS};
use crate::db::Conn;
use crate::jury::core::audit::{review_changes, StoredReview};
use crate::jury::core::model::ReviewState;
pub use crate::jury::core::model::{Mark, ReviewInput};

/// A dossier as it appears in a juror's list: what the list prints.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AssignedDossier {
    pub dossier_id: i64,
    pub reference: Option<String>,
    pub title: String,
    pub category: String,
    pub organisation: String,
    pub review_state: Option<String>,
    pub review_updated_at: Option<i64>,
}

/// The condition under which a juror may see a dossier, in SQL: assigned to them and eligible.
/// No conflict may stand between them either: that is decided from the current facts
/// ([`conflicts::standing`]), after the query. The caller also checks that the assignment is published.
const VISIBLE: &str = "a.edition_id = $1 AND a.juror_id = $2 AND d.state = 'eligible'";

const ASSIGNED: &str = "SELECT d.id AS dossier_id, d.reference, d.title, c.name AS category, \
     o.name AS organisation, r.state AS review_state, r.updated_at AS review_updated_at \
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

/// Where a dossier stands in the juror's list: its 1-based position, the list's length, the
/// dossiers before and after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Around {
    pub position: i64,
    pub count: i64,
    pub previous: Option<i64>,
    pub next: Option<i64>,
}

/// The conflicts on record that keep a dossier out of the juror's navigation. Decisions read
/// [`conflicts::standing`] (for one pair: the page shown); previous/next only skip what is
/// recorded, and the page they lead to decides again (a conflict detected since the last
/// refresh gives a 404 there).
const NOT_RECORDED_CONFLICT: &str =
    "NOT EXISTS (SELECT 1 FROM conflicts k WHERE k.dossier_id = a.dossier_id \
     AND k.juror_id = a.juror_id AND k.lifted_at IS NULL)";

/// What the scoring form shows of a dossier the juror may see (assigned, eligible): the
/// dossier, its organisation, the juror's review and the dossier's place in their list. The
/// caller checks the conflicts.
pub struct ScoringFile {
    pub dossier: Dossier,
    pub organisation: Option<Organisation>,
    pub review: Option<Review>,
    pub around: Around,
}

#[derive(FromRow)]
struct ScoringRow {
    #[sqlx(flatten)]
    dossier: Dossier,
    org_id: Option<i64>,
    org_collectivite_id: Option<i64>,
    org_name: Option<String>,
    org_kind: Option<String>,
    org_siren: Option<String>,
    org_departement: Option<String>,
    org_region: Option<String>,
    org_created_at: Option<i64>,
    review_id: Option<i64>,
    review_state: Option<String>,
    review_overall_comment: Option<String>,
    review_submitted_at: Option<i64>,
    review_created_at: Option<i64>,
    review_updated_at: Option<i64>,
    review_version: Option<i64>,
    nav_position: Option<i64>,
    nav_count: Option<i64>,
    nav_previous: Option<i64>,
    nav_next: Option<i64>,
}

/// The dossier, its organisation, the juror's review and its place in the juror's list (the
/// order of [`assigned`]: previous, next, position, count) in one row, if the dossier is
/// visible to the juror (see [`VISIBLE`]; conflicts are the caller's to check). The list is
/// walked inside the database through the (edition, juror) index; one row comes back.
pub async fn scoring_file(
    conn: &mut Conn,
    edition_id: i64,
    juror_id: i64,
    dossier_id: i64,
) -> sqlx::Result<Option<ScoringFile>> {
    let row: Option<ScoringRow> = sqlx::query_as(&format!(
        "SELECT {DOSSIER_COLUMNS}, o.id AS org_id, o.collectivite_id AS org_collectivite_id, \
         o.name AS org_name, o.kind AS org_kind, o.siren AS org_siren, o.departement AS org_departement, \
         o.region AS org_region, o.created_at AS org_created_at, r.id AS review_id, r.state AS review_state, \
         r.overall_comment AS review_overall_comment, r.submitted_at AS review_submitted_at, \
         r.created_at AS review_created_at, r.updated_at AS review_updated_at, r.version AS review_version, \
         nav.position AS nav_position, nav.count AS nav_count, nav.previous AS nav_previous, \
         nav.next AS nav_next FROM assignments a JOIN dossiers d ON d.id = a.dossier_id JOIN categories c ON c.id = d.category_id \
         LEFT JOIN organisations o ON o.id = d.organisation_id \
         LEFT JOIN reviews r ON r.dossier_id = a.dossier_id AND r.juror_id = a.juror_id \
         LEFT JOIN (SELECT a.dossier_id, ROW_NUMBER() OVER w AS position, COUNT(*) OVER () AS count, \
           LAG(a.dossier_id) OVER w AS previous, LEAD(a.dossier_id) OVER w AS next \
           FROM assignments a JOIN dossiers d ON d.id = a.dossier_id \
           JOIN categories c ON c.id = d.category_id \
           WHERE {VISIBLE} AND (a.dossier_id = $3 OR {NOT_RECORDED_CONFLICT}) \
           WINDOW w AS (ORDER BY c.position, d.number, d.id)) nav ON nav.dossier_id = a.dossier_id \
         WHERE {VISIBLE} AND a.dossier_id = $3"
    ))
    .bind(edition_id)
    .bind(juror_id)
    .bind(dossier_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| {
        let organisation = match (r.org_id, r.org_name, r.org_kind, r.org_created_at) {
            (Some(id), Some(name), Some(kind), Some(created_at)) => Some(Organisation {
                id,
                collectivite_id: r.org_collectivite_id,
                name,
                kind,
                siren: r.org_siren,
                departement: r.org_departement,
                region: r.org_region,
                created_at,
            }),
            _ => None,
        };
        let review = match (r.review_id, r.review_state, r.review_created_at, r.review_updated_at) {
            (Some(id), Some(state), Some(created_at), Some(updated_at)) => Some(Review {
                id,
                edition_id,
                dossier_id,
                juror_id,
                state,
                overall_comment: r.review_overall_comment.unwrap_or_default(),
                submitted_at: r.review_submitted_at,
                created_at,
                updated_at,
                version: r.review_version.unwrap_or_default(),
            }),
            _ => None,
        };
        let around = Around {
            position: r.nav_position.unwrap_or(1),
            count: r.nav_count.unwrap_or(1),
            previous: r.nav_previous,
            next: r.nav_next,
        };
        ScoringFile { dossier: r.dossier, organisation, review, around }
    }))
}

#[derive(FromRow)]
struct CriterionMark {
    #[sqlx(flatten)]
    criterion: CriterionRow,
    marked: i64,
    score: Option<i64>,
    comment: Option<String>,
}

/// The edition's criteria (in the order of `criteria::list`) and the marks the review gave
/// them, in one query.
pub async fn criteria_with_marks(
    conn: &mut Conn,
    edition_id: i64,
    review_id: Option<i64>,
) -> sqlx::Result<(Vec<CriterionRow>, BTreeMap<i64, Mark>)> {
    let rows: Vec<CriterionMark> = sqlx::query_as(
        "SELECT c.id, c.edition_id, c.slug, c.name, c.description, c.weight, c.eliminatory_below, c.anchors, \
         c.position, CASE WHEN s.criterion_id IS NULL THEN 0 ELSE 1 END AS marked, s.score, s.comment \
         FROM criteria c LEFT JOIN review_scores s ON s.criterion_id = c.id AND s.review_id = $2 \
         WHERE c.edition_id = $1 ORDER BY c.position, c.id",
    )
    .bind(edition_id)
    .bind(review_id.unwrap_or(0))
    .fetch_all(conn)
    .await?;
    let marks = rows
        .iter()
        .filter(|r| r.marked == 1)
        .map(|r| (r.criterion.id, Mark { score: r.score, comment: r.comment.clone().unwrap_or_default() }))
        .collect();
    Ok((rows.into_iter().map(|r| r.criterion).collect(), marks))
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
