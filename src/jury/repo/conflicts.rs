//! Conflicts of interest: detected from the territories, declared by jurors, lifted by organisers.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use sqlx::FromRow;

use super::jurors;
use crate::db::Conn;
use crate::editions::model::Edition;
use crate::jury::conflicts::{conflict, Kind, Territory};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ConflictRow {
    pub id: i64,
    pub dossier_id: i64,
    pub juror_id: i64,
    pub source: String,
    pub reason: String,
    pub created_at: i64,
    pub lifted_at: Option<i64>,
    pub lift_reason: Option<String>,
    pub juror_name: String,
    pub dossier_reference: Option<String>,
    pub dossier_title: String,
    pub organisation: String,
    pub lifted_by_name: Option<String>,
}

/// The dossiers of an edition that the jury may review (and so may conflict with).
const REVIEWABLE: &str = "('submitted', 'eligible')";

/// (juror, dossier) pairs of the edition under a conflict that is not lifted.
pub async fn active_pairs(conn: &mut Conn, edition_id: i64) -> sqlx::Result<HashSet<(i64, i64)>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT k.juror_id, k.dossier_id FROM conflicts k JOIN dossiers d ON d.id = k.dossier_id \
         WHERE d.edition_id = $1 AND k.lifted_at IS NULL",
    )
    .bind(edition_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().collect())
}

pub async fn is_conflicted(conn: &mut Conn, juror_id: i64, dossier_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM conflicts WHERE juror_id = $1 AND dossier_id = $2 AND lifted_at IS NULL",
    )
    .bind(juror_id)
    .bind(dossier_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Every conflict of the edition, active ones first.
pub async fn list(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<ConflictRow>> {
    sqlx::query_as(
        "SELECT k.id, k.dossier_id, k.juror_id, k.source, k.reason, k.created_at, k.lifted_at, k.lift_reason, \
         u.display_name AS juror_name, d.reference AS dossier_reference, d.title AS dossier_title, \
         o.name AS organisation, l.display_name AS lifted_by_name \
         FROM conflicts k JOIN dossiers d ON d.id = k.dossier_id JOIN organisations o ON o.id = d.organisation_id \
         JOIN users u ON u.id = k.juror_id LEFT JOIN users l ON l.id = k.lifted_by \
         WHERE d.edition_id = $1 \
         ORDER BY CASE WHEN k.lifted_at IS NULL THEN 0 ELSE 1 END, u.display_name, d.reference, k.id",
    )
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<ConflictRow>> {
    sqlx::query_as(
        "SELECT k.id, k.dossier_id, k.juror_id, k.source, k.reason, k.created_at, k.lifted_at, k.lift_reason, \
         u.display_name AS juror_name, d.reference AS dossier_reference, d.title AS dossier_title, \
         o.name AS organisation, l.display_name AS lifted_by_name \
         FROM conflicts k JOIN dossiers d ON d.id = k.dossier_id JOIN organisations o ON o.id = d.organisation_id \
         JOIN users u ON u.id = k.juror_id LEFT JOIN users l ON l.id = k.lifted_by WHERE k.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

#[derive(FromRow)]
struct Applicant {
    dossier_id: i64,
    collectivite_id: Option<i64>,
    name: String,
    kind: String,
    siren: Option<String>,
}

async fn cached(
    conn: &mut Conn,
    cache: &mut BTreeMap<i64, Option<Territory>>,
    collectivite_id: i64,
) -> sqlx::Result<Option<Territory>> {
    if let Some(t) = cache.get(&collectivite_id) {
        return Ok(t.clone());
    }
    let t = jurors::territory(conn, collectivite_id).await?;
    cache.insert(collectivite_id, t.clone());
    Ok(t)
}

/// Recomputes the automatic conflicts of the edition from the jurors' affiliations and the
/// edition's scope: adds the new ones, removes those that no longer hold unless an organiser
/// lifted them (the decision stays on record). Returns how many were added.
pub async fn refresh_auto(conn: &mut Conn, edition: &Edition, now: i64) -> sqlx::Result<usize> {
    let scope = edition.scope();
    let juror_rows = jurors::list(conn).await?;
    let mut territories: BTreeMap<i64, Option<Territory>> = BTreeMap::new();
    let mut juror_territory: Vec<(i64, Territory)> = Vec::new();
    for j in &juror_rows {
        let Some(cid) = j.collectivite_id else { continue };
        if let Some(t) = cached(conn, &mut territories, cid).await? {
            juror_territory.push((j.user_id, t));
        }
    }
    let applicants: Vec<Applicant> = sqlx::query_as(&format!(
        "SELECT d.id AS dossier_id, o.collectivite_id, o.name, o.kind, o.siren FROM dossiers d \
         JOIN organisations o ON o.id = d.organisation_id WHERE d.edition_id = $1 AND d.state IN {REVIEWABLE}"
    ))
    .bind(edition.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut wanted: BTreeMap<(i64, i64), String> = BTreeMap::new();
    for a in &applicants {
        let territory = match a.collectivite_id {
            Some(cid) => cached(conn, &mut territories, cid).await?,
            None => None,
        }
        .unwrap_or_else(|| Territory {
            kind: Some(Kind::parse(&a.kind)),
            name: a.name.clone(),
            siren: a.siren.clone(),
            ..Territory::default()
        });
        for (juror, jt) in &juror_territory {
            if let Some(reason) = conflict(jt, &territory, scope) {
                wanted.insert((*juror, a.dossier_id), reason);
            }
        }
    }
    let existing: Vec<(i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT k.id, k.juror_id, k.dossier_id, k.lifted_at FROM conflicts k JOIN dossiers d ON d.id = k.dossier_id \
         WHERE d.edition_id = $1 AND k.source = 'auto'",
    )
    .bind(edition.id)
    .fetch_all(&mut *conn)
    .await?;
    for (id, juror, dossier, lifted) in &existing {
        if lifted.is_none() && !wanted.contains_key(&(*juror, *dossier)) {
            sqlx::query("DELETE FROM conflicts WHERE id = $1").bind(id).execute(&mut *conn).await?;
        }
    }
    let mut added = 0;
    for ((juror, dossier), reason) in &wanted {
        if existing.iter().any(|(_, j, d, _)| j == juror && d == dossier) {
            continue;
        }
        sqlx::query(
            "INSERT INTO conflicts (dossier_id, juror_id, source, reason, created_at) VALUES ($1, $2, 'auto', $3, $4)",
        )
        .bind(dossier)
        .bind(juror)
        .bind(reason)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        added += 1;
    }
    Ok(added)
}

/// Records a conflict declared by the juror (`by` = the juror) or by an organiser.
/// `Ok(false)` when the same declaration exists already.
pub async fn declare(
    conn: &mut Conn,
    juror_id: i64,
    dossier_id: i64,
    source: &str,
    reason: &str,
    by: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO conflicts (dossier_id, juror_id, source, reason, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dossier_id, juror_id, source) DO NOTHING",
    )
    .bind(dossier_id)
    .bind(juror_id)
    .bind(source)
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Lifts an automatic conflict with a justification; `Ok(false)` if it is not an active automatic one.
pub async fn lift(conn: &mut Conn, id: i64, by: i64, justification: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE conflicts SET lifted_by = $2, lifted_at = $3, lift_reason = $4 \
         WHERE id = $1 AND source = 'auto' AND lifted_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .bind(now)
    .bind(justification)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
