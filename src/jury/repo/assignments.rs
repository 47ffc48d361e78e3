//! Who reviews what: the assignment of an edition, computed, adjusted and published.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sqlx::FromRow;

use super::conflicts;
use crate::applications::repo::EligibleDossier;
use crate::db::Conn;
use crate::jury::core::assignment::{DossierIn, JurorIn};
use crate::jury::core::conflicts::Pair;

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
    /// The id of the juror's review, if one was saved.
    pub review_id: Option<i64>,
    /// 1 when a conflict stands between this juror and this dossier (decided from the
    /// current facts by [`conflicts::standing`], not stored).
    pub conflicted: i64,
}

const ROW: &str = "a.id, a.dossier_id, a.juror_id, a.origin, a.created_at, a.opened_at, \
     u.display_name AS juror_name, j.kind AS juror_kind, r.state AS review_state, r.id AS review_id, \
     0 AS conflicted \
     FROM assignments a JOIN users u ON u.id = a.juror_id JOIN jurors j ON j.user_id = a.juror_id \
     LEFT JOIN reviews r ON r.dossier_id = a.dossier_id AND r.juror_id = a.juror_id";

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

/// The pairs of the given dossiers, by dossier then juror name, flagged from `standing` (the
/// conflicts standing on those dossiers, [`conflicts::standing_for_dossiers`]).
pub async fn of_dossiers(
    conn: &mut Conn,
    edition_id: i64,
    dossiers: &[i64],
    standing: &BTreeMap<Pair, String>,
) -> sqlx::Result<Vec<AssignmentRow>> {
    if dossiers.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (2..dossiers.len() + 2).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {ROW} WHERE a.edition_id = $1 AND a.dossier_id IN ({}) ORDER BY a.dossier_id, u.display_name",
        placeholders.join(", ")
    );
    let mut q = sqlx::query_as::<_, AssignmentRow>(&sql).bind(edition_id);
    for d in dossiers {
        q = q.bind(*d);
    }
    let mut rows = q.fetch_all(&mut *conn).await?;
    for row in &mut rows {
        row.conflicted = i64::from(standing.contains_key(&(row.juror_id, row.dossier_id)));
    }
    Ok(rows)
}

/// The assignment page's filters: eligible dossiers, of one category or all, all of them or
/// only those short of `k` jurors.
#[derive(Debug, Clone, Copy)]
pub struct PageFilter {
    pub category: Option<i64>,
    pub only_short: bool,
    pub k: i64,
}

/// A pair counted in the totals: one without an active conflict on record. The totals cover
/// the whole edition, so they read the record (brought up to the facts by every computation,
/// settings or profile change, [`conflicts::refresh_auto`]) rather than decide every pair
/// from the facts; the rows of a page are decided from the facts.
const COUNTED: &str = "NOT EXISTS (SELECT 1 FROM conflicts k WHERE k.juror_id = a.juror_id \
     AND k.dossier_id = a.dossier_id AND k.lifted_at IS NULL)";

/// `p.n`: the counted pairs of each dossier `d`.
fn per_dossier() -> String {
    format!(
        "LEFT JOIN (SELECT a.dossier_id, COUNT(*) AS n FROM assignments a WHERE a.edition_id = $1 \
         AND {COUNTED} GROUP BY a.dossier_id) p ON p.dossier_id = d.id"
    )
}

/// ` AND …` restricting the eligible dossiers `d` to the filter, its binds numbered from `$2`.
fn page_where(filter: &PageFilter) -> (String, Vec<i64>) {
    let (mut sql, mut binds) = (String::new(), Vec::new());
    if let Some(c) = filter.category {
        binds.push(c);
        sql.push_str(&format!(" AND d.category_id = ${}", 1 + binds.len()));
    }
    if filter.only_short {
        binds.push(filter.k);
        sql.push_str(&format!(" AND COALESCE(p.n, 0) < ${}", 1 + binds.len()));
    }
    (sql, binds)
}

/// The counts the assignment page shows whatever its page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Counted pairs of the edition.
    pub pairs: i64,
    /// Eligible dossiers.
    pub dossiers: i64,
    /// Eligible dossiers with fewer than `k` counted pairs.
    pub short: i64,
    /// Eligible dossiers the filter keeps.
    pub shown: i64,
}

/// [`Totals`] in two aggregate queries.
pub async fn totals(conn: &mut Conn, edition_id: i64, filter: &PageFilter) -> sqlx::Result<Totals> {
    let pairs: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM assignments a WHERE a.edition_id = $1 AND {COUNTED}"
    ))
    .bind(edition_id)
    .fetch_one(&mut *conn)
    .await?;
    let (kept, binds) = page_where(filter);
    let k = format!("${}", binds.len() + 2);
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN COALESCE(p.n, 0) < {k} THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN 1 = 1{kept} THEN 1 ELSE 0 END), 0) \
         FROM dossiers d {} WHERE d.edition_id = $1 AND d.state = 'eligible'",
        per_dossier()
    );
    let mut q = sqlx::query_as::<_, (i64, i64, i64)>(&sql).bind(edition_id);
    for b in binds {
        q = q.bind(b);
    }
    let (dossiers, short, shown) = q.bind(filter.k).fetch_one(&mut *conn).await?;
    Ok(Totals { pairs, dossiers, short, shown })
}

/// One page of the eligible dossiers the filter keeps, by category then number (without
/// their summaries, which the page does not print).
pub async fn page_dossiers(
    conn: &mut Conn,
    edition_id: i64,
    filter: &PageFilter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<EligibleDossier>> {
    let (kept, binds) = page_where(filter);
    let join = if filter.only_short { per_dossier() } else { String::new() };
    let n = binds.len();
    let sql = format!(
        "SELECT d.id, d.reference, d.title, '' AS summary, o.name AS organisation, o.siren, o.departement, \
         c.id AS category_id, c.slug AS category_slug, c.name AS category, c.position AS category_position \
         FROM dossiers d JOIN organisations o ON o.id = d.organisation_id JOIN categories c ON c.id = d.category_id \
         {join} WHERE d.edition_id = $1 AND d.state = 'eligible'{kept} \
         ORDER BY c.position, d.number, d.id LIMIT ${} OFFSET ${}",
        n + 2,
        n + 3
    );
    let mut q = sqlx::query_as::<_, EligibleDossier>(&sql).bind(edition_id);
    for b in binds {
        q = q.bind(b);
    }
    q.bind(limit).bind(offset).fetch_all(conn).await
}

const ACTIVE_JURORS: &str =
    "FROM jurors j JOIN users u ON u.id = j.user_id WHERE u.role = 'juror' AND u.is_active = 1";

/// `l.n`: the counted pairs of each juror in the edition.
fn per_juror() -> String {
    format!(
        "LEFT JOIN (SELECT a.juror_id, COUNT(*) AS n FROM assignments a WHERE a.edition_id = $1 \
         AND {COUNTED} GROUP BY a.juror_id) l ON l.juror_id = j.user_id"
    )
}

/// How many active jurors have a profile.
pub async fn active_jurors(conn: &mut Conn) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("SELECT COUNT(*) {ACTIVE_JURORS}")).fetch_one(conn).await
}

/// Which of `ids` are active jurors with a profile.
pub async fn active_among(conn: &mut Conn, ids: &BTreeSet<i64>) -> sqlx::Result<BTreeSet<i64>> {
    if ids.is_empty() {
        return Ok(BTreeSet::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT u.id {ACTIVE_JURORS} AND u.id IN ({})", placeholders.join(", "));
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(conn).await?.into_iter().collect())
}

/// An active juror and their counted pairs in the edition.
#[derive(Debug, Clone, FromRow)]
pub struct JurorLoad {
    pub user_id: i64,
    pub display_name: String,
    pub kind: String,
    pub assigned: i64,
}

/// Every active juror with their load, by name.
pub async fn loads(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<JurorLoad>> {
    sqlx::query_as(&format!(
        "SELECT j.user_id, u.display_name, j.kind, COALESCE(l.n, 0) AS assigned FROM jurors j \
         JOIN users u ON u.id = j.user_id {} WHERE u.role = 'juror' AND u.is_active = 1 \
         ORDER BY u.display_name, u.id",
        per_juror()
    ))
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

/// How the load spreads over the active jurors: (dossiers, jurors with that many), by load.
pub async fn load_spread(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(&format!(
        "SELECT COALESCE(l.n, 0) AS assigned, COUNT(*) FROM jurors j JOIN users u ON u.id = j.user_id {} \
         WHERE u.role = 'juror' AND u.is_active = 1 GROUP BY COALESCE(l.n, 0) ORDER BY 1",
        per_juror()
    ))
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

/// Every active juror with a profile: (id, name, e-mail), to find one by what an organiser typed.
pub async fn active_juror_names(conn: &mut Conn) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(&format!(
        "SELECT u.id, u.display_name, u.email {ACTIVE_JURORS} ORDER BY u.display_name, u.id"
    ))
    .fetch_all(conn)
    .await
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
