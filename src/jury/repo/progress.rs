//! Where the jury's reviews stand, counted in SQL for the organisers' dashboard: a few rows per
//! category, one per juror, and only the dossiers the page prints — never one row per pair.
//!
//! The pairs under a conflict that stands now are neither expected nor counted. Whether a
//! conflict stands is decided in Rust ([`super::conflicts::standing`], computed once by the
//! caller); [`conflicted_assigned`] finds which of those pairs are assigned (usually none or a
//! handful), and every count leaves them out.

use std::collections::BTreeMap;

use sqlx::FromRow;

use super::conflicts;
use crate::db::Conn;
use crate::jury::core::conflicts::Pair;
use crate::jury::core::progress::{CategoryTally, Count};

/// Pairs sent to the database per query (two placeholders each), well under SQLite's and
/// PostgreSQL's limits.
const CHUNK: usize = 500;

/// The assigned (juror, dossier) pairs of the edition among `standing` (the pairs under a
/// conflict that stands now).
pub async fn conflicted_assigned<'a>(
    conn: &mut Conn,
    edition_id: i64,
    standing: impl IntoIterator<Item = &'a Pair>,
) -> sqlx::Result<Vec<Pair>> {
    let standing: Vec<Pair> = standing.into_iter().copied().collect();
    let mut found = Vec::new();
    for chunk in standing.chunks(CHUNK) {
        let values: Vec<String> =
            (0..chunk.len()).map(|i| format!("(${}, ${})", 2 + 2 * i, 3 + 2 * i)).collect();
        let sql = format!(
            "SELECT a.juror_id, a.dossier_id FROM assignments a \
             WHERE a.edition_id = $1 AND (a.juror_id, a.dossier_id) IN (VALUES {})",
            values.join(", ")
        );
        let mut q = sqlx::query_as::<_, (i64, i64)>(&sql).bind(edition_id);
        for (juror, dossier) in chunk {
            q = q.bind(*juror).bind(*dossier);
        }
        found.extend(q.fetch_all(&mut *conn).await?);
    }
    found.sort_unstable();
    Ok(found)
}

/// ` AND NOT (a.juror_id = $n AND a.dossier_id = $n+1)` for each excluded pair, numbered after
/// the `before` placeholders already used.
fn excluding(before: usize, excluded: &[Pair]) -> String {
    excluded
        .iter()
        .enumerate()
        .map(|(i, _)| {
            format!(
                " AND NOT (a.juror_id = ${} AND a.dossier_id = ${})",
                before + 1 + 2 * i,
                before + 2 + 2 * i
            )
        })
        .collect()
}

/// Per eligible dossier of the edition with assignments: its counted pairs. Uses `$1` (the
/// edition) and, after `before` placeholders, the excluded pairs.
fn per_dossier(before: usize, excluded: &[Pair]) -> String {
    format!(
        "SELECT a.dossier_id, COUNT(*) AS assigned, \
         SUM(CASE WHEN r.state = 'submitted' THEN 1 ELSE 0 END) AS submitted, \
         SUM(CASE WHEN r.state = 'draft' THEN 1 ELSE 0 END) AS drafts \
         FROM assignments a LEFT JOIN reviews r ON r.dossier_id = a.dossier_id AND r.juror_id = a.juror_id \
         WHERE a.edition_id = $1{} GROUP BY a.dossier_id",
        excluding(before, excluded)
    )
}

fn count(assigned: i64, submitted: i64, drafts: i64) -> Count {
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    Count { assigned: n(assigned), submitted: n(submitted), drafts: n(drafts) }
}

/// Each category's eligible dossiers and their reviews, against `k` jurors per dossier.
pub async fn by_category(
    conn: &mut Conn,
    edition_id: i64,
    k: usize,
    excluded: &[Pair],
) -> sqlx::Result<Vec<CategoryTally>> {
    let sql = format!(
        "SELECT d.category_id, CAST(COUNT(*) AS BIGINT), \
         CAST(SUM(CASE WHEN COALESCE(p.submitted, 0) >= $2 THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN COALESCE(p.assigned, 0) < $2 THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(COALESCE(SUM(p.assigned), 0) AS BIGINT), CAST(COALESCE(SUM(p.submitted), 0) AS BIGINT), \
         CAST(COALESCE(SUM(p.drafts), 0) AS BIGINT) \
         FROM dossiers d LEFT JOIN ({}) p ON p.dossier_id = d.id \
         WHERE d.edition_id = $1 AND d.state = 'eligible' GROUP BY d.category_id ORDER BY d.category_id",
        per_dossier(2, excluded)
    );
    let mut q = sqlx::query_as::<_, (i64, i64, i64, i64, i64, i64, i64)>(&sql)
        .bind(edition_id)
        .bind(i64::try_from(k).unwrap_or(i64::MAX));
    for (juror, dossier) in excluded {
        q = q.bind(*juror).bind(*dossier);
    }
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(category, dossiers, complete, short, assigned, submitted, drafts)| CategoryTally {
            category,
            dossiers: n(dossiers),
            complete: n(complete),
            short_of_jurors: n(short),
            count: count(assigned, submitted, drafts),
        })
        .collect())
}

/// Each juror's reviews on the edition's eligible dossiers (jurors without any are absent).
pub async fn by_juror(
    conn: &mut Conn,
    edition_id: i64,
    excluded: &[Pair],
) -> sqlx::Result<BTreeMap<i64, Count>> {
    let sql = format!(
        "SELECT a.juror_id, CAST(COUNT(*) AS BIGINT), \
         CAST(SUM(CASE WHEN r.state = 'submitted' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN r.state = 'draft' THEN 1 ELSE 0 END) AS BIGINT) \
         FROM assignments a JOIN dossiers d ON d.id = a.dossier_id \
         LEFT JOIN reviews r ON r.dossier_id = a.dossier_id AND r.juror_id = a.juror_id \
         WHERE a.edition_id = $1 AND d.state = 'eligible'{} GROUP BY a.juror_id",
        excluding(1, excluded)
    );
    let mut q = sqlx::query_as::<_, (i64, i64, i64, i64)>(&sql).bind(edition_id);
    for (juror, dossier) in excluded {
        q = q.bind(*juror).bind(*dossier);
    }
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(juror, assigned, submitted, drafts)| (juror, count(assigned, submitted, drafts)))
        .collect())
}

/// An eligible dossier with fewer than k submitted reviews.
#[derive(Debug, Clone, FromRow)]
pub struct ShortDossier {
    pub id: i64,
    pub reference: Option<String>,
    pub title: String,
    pub organisation: String,
    pub category: String,
    pub submitted: i64,
    pub assigned: i64,
}

impl ShortDossier {
    pub fn count(&self) -> Count {
        count(self.assigned, self.submitted, 0)
    }
}

/// The first `limit` eligible dossiers with fewer than `k` submitted reviews, fewest first,
/// then by id.
pub async fn short_of_reviews(
    conn: &mut Conn,
    edition_id: i64,
    k: usize,
    limit: usize,
    excluded: &[Pair],
) -> sqlx::Result<Vec<ShortDossier>> {
    let sql = format!(
        "SELECT d.id, d.reference, d.title, o.name AS organisation, c.name AS category, \
         CAST(COALESCE(p.submitted, 0) AS BIGINT) AS submitted, CAST(COALESCE(p.assigned, 0) AS BIGINT) AS assigned \
         FROM dossiers d JOIN organisations o ON o.id = d.organisation_id JOIN categories c ON c.id = d.category_id \
         LEFT JOIN ({}) p ON p.dossier_id = d.id \
         WHERE d.edition_id = $1 AND d.state = 'eligible' AND COALESCE(p.submitted, 0) < $2 \
         ORDER BY COALESCE(p.submitted, 0), d.id LIMIT $3",
        per_dossier(3, excluded)
    );
    let mut q = sqlx::query_as::<_, ShortDossier>(&sql)
        .bind(edition_id)
        .bind(i64::try_from(k).unwrap_or(i64::MAX))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX));
    for (juror, dossier) in excluded {
        q = q.bind(*juror).bind(*dossier);
    }
    q.fetch_all(&mut *conn).await
}

/// Where the reviews of every assigned pair of the edition stand (whatever the dossier's
/// state), the pairs under a conflict that stands now left out: what closing scoring leaves
/// unsubmitted. Decides the conflicts itself (once).
pub async fn review_count(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Count> {
    let standing = conflicts::standing(conn, edition_id, None, None).await?;
    let excluded = conflicted_assigned(conn, edition_id, standing.keys()).await?;
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN r.state = 'submitted' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN r.state = 'draft' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM assignments a LEFT JOIN reviews r ON r.dossier_id = a.dossier_id AND r.juror_id = a.juror_id \
         WHERE a.edition_id = $1{}",
        excluding(1, &excluded)
    );
    let mut q = sqlx::query_as::<_, (i64, i64, i64)>(&sql).bind(edition_id);
    for (juror, dossier) in &excluded {
        q = q.bind(*juror).bind(*dossier);
    }
    let (assigned, submitted, drafts) = q.fetch_one(&mut *conn).await?;
    Ok(count(assigned, submitted, drafts))
}
