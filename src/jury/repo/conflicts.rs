//! Conflicts of interest: detected from the territories, declared by jurors, lifted by organisers.
//!
//! Every decision (may this juror see, be assigned, be added to this dossier?) goes through
//! [`standing`], which reads the facts of the moment and asks the pure
//! [`crate::jury::core::conflicts::standing`]. The `conflicts` rows are the record of what was
//! detected, declared and lifted with a justification; they are never trusted on their own.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;
use sqlx::FromRow;

use crate::db::Conn;
use crate::editions::model::Edition;
use crate::jury::core::conflicts::{self as pure, Kind, Pair, Recorded, Territory};

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

/// (juror, dossier) pairs of the edition under a conflict that stands now.
pub async fn active_pairs(conn: &mut Conn, edition_id: i64) -> sqlx::Result<HashSet<(i64, i64)>> {
    Ok(standing(conn, edition_id, None, None).await?.into_keys().collect())
}

/// Whether a conflict stands now between the juror and the dossier.
pub async fn is_conflicted(conn: &mut Conn, juror_id: i64, dossier_id: i64) -> sqlx::Result<bool> {
    Ok(between(conn, juror_id, dossier_id).await?.is_some())
}

/// Why the juror may not review the dossier now, or None.
pub async fn between(conn: &mut Conn, juror_id: i64, dossier_id: i64) -> sqlx::Result<Option<String>> {
    let edition: Option<i64> = sqlx::query_scalar("SELECT edition_id FROM dossiers WHERE id = $1")
        .bind(dossier_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(edition) = edition else { return Ok(None) };
    Ok(standing(conn, edition, Some(juror_id), Some(dossier_id)).await?.remove(&(juror_id, dossier_id)))
}

/// The facts conflicts are decided from, for an edition (or one juror, or one dossier of it).
pub struct Facts {
    /// Automatic conflicts on the current territories, over every dossier of the edition.
    pub detected: BTreeMap<Pair, String>,
    pub recorded: Vec<Recorded>,
    /// The dossiers the jury may review (submitted or eligible): only these get rows recorded.
    pub reviewable: BTreeSet<i64>,
}

impl Facts {
    pub fn standing(&self) -> BTreeMap<Pair, String> {
        pure::standing(&self.detected, &self.recorded)
    }
}

/// The conflicts standing now in the edition, restricted to a juror and/or a dossier.
pub async fn standing(
    conn: &mut Conn,
    edition_id: i64,
    juror: Option<i64>,
    dossier: Option<i64>,
) -> sqlx::Result<BTreeMap<Pair, String>> {
    Ok(facts(conn, edition_id, juror, dossier).await?.standing())
}

#[derive(FromRow)]
struct Place {
    owner: i64,
    kind: String,
    name: String,
    code: String,
    siren: Option<String>,
    epci_siren: Option<String>,
    departement: Option<String>,
    region: Option<String>,
    state: String,
}

/// The conflicts standing now between any juror and the given dossiers of the edition: what a
/// page of dossiers shows (the assignment page), reading only those dossiers' facts.
pub async fn standing_for_dossiers(
    conn: &mut Conn,
    edition_id: i64,
    dossiers: &[i64],
) -> sqlx::Result<BTreeMap<Pair, String>> {
    if dossiers.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(facts_of(conn, edition_id, None, Some(dossiers)).await?.standing())
}

/// ` AND column IN ($n, …)` for `ids`, numbered after the `before` placeholders already used.
fn in_list(before: usize, column: &str, ids: &[i64]) -> String {
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${}", before + i)).collect();
    format!(" AND {column} IN ({})", placeholders.join(", "))
}

/// `AND column = $n` for each filter given, numbered after the `before` placeholders already used.
fn filters(before: usize, columns: &[(&str, Option<i64>)]) -> (String, Vec<i64>) {
    let (mut sql, mut binds) = (String::new(), Vec::new());
    for (column, value) in columns {
        if let Some(v) = value {
            binds.push(*v);
            sql.push_str(&format!(" AND {column} = ${}", before + binds.len()));
        }
    }
    (sql, binds)
}

/// The condition that keeps, of the applicant communes, only those some juror's collectivité
/// can be in conflict with (placeholders numbered after `before`): a commune applicant
/// conflicts only with the same commune, its EPCI, its département or its région (see
/// `core::conflicts::conflict`), so the others are not read — at 10 000 dossiers that is most
/// of them. Applicants that are not communes, or not in the reference, are always read.
fn communes_in_reach(jurors: &[Place], before: usize) -> (String, Vec<String>) {
    let mut binds: Vec<String> = Vec::new();
    let mut tests: Vec<String> = Vec::new();
    let mut add = |column: &str, values: Vec<String>| {
        if values.is_empty() {
            return;
        }
        let placeholders: Vec<String> =
            (0..values.len()).map(|i| format!("${}", before + binds.len() + i + 1)).collect();
        tests.push(format!("{column} IN ({})", placeholders.join(", ")));
        binds.extend(values);
    };
    let of = |kind: &str| -> Vec<String> {
        jurors.iter().filter(|p| p.kind == kind).map(|p| p.code.clone()).collect()
    };
    add("c.code", of("commune"));
    add("COALESCE(c.siren, o.siren)", jurors.iter().filter_map(|p| p.siren.clone()).collect());
    add("c.epci_siren", jurors.iter().filter(|p| p.kind == "epci").filter_map(|p| p.siren.clone()).collect());
    add("c.departement", of("departement"));
    add("c.region", of("region"));
    let mut condition = String::from(" AND (c.kind IS NULL OR c.kind <> 'commune'");
    for t in tests {
        condition.push_str(" OR ");
        condition.push_str(&t);
    }
    condition.push(')');
    (condition, binds)
}

/// Reads the current facts: the edition's scope, the jurors' collectivités, the applicants'
/// collectivités (the dossier's organisation as it is now), the recorded rows; a handful of
/// queries whatever the size of the edition. With a juror and no dossier, only the dossiers
/// assigned to that juror are read (what their lists show).
pub async fn facts(
    conn: &mut Conn,
    edition_id: i64,
    juror: Option<i64>,
    dossier: Option<i64>,
) -> sqlx::Result<Facts> {
    facts_of(conn, edition_id, juror, dossier.as_ref().map(std::slice::from_ref)).await
}

/// [`facts`] for a set of dossiers (None: all the edition's).
async fn facts_of(
    conn: &mut Conn,
    edition_id: i64,
    juror: Option<i64>,
    dossiers: Option<&[i64]>,
) -> sqlx::Result<Facts> {
    let scope: Option<String> = sqlx::query_scalar("SELECT conflict_scope FROM editions WHERE id = $1")
        .bind(edition_id)
        .fetch_optional(&mut *conn)
        .await?;
    let scope = scope.as_deref().and_then(pure::Scope::parse).unwrap_or_default();
    let (juror_filter, juror_binds) = filters(0, &[("j.user_id", juror)]);
    let sql = format!(
        "SELECT j.user_id AS owner, c.kind, c.name, c.code, c.siren, c.epci_siren, c.departement, c.region, \
         '' AS state FROM jurors j JOIN collectivites c ON c.id = j.collectivite_id WHERE 1 = 1{juror_filter}"
    );
    let mut q = sqlx::query_as::<_, Place>(&sql);
    for b in &juror_binds {
        q = q.bind(*b);
    }
    let juror_places = q.fetch_all(&mut *conn).await?;
    let (mut dossier_filter, mut dossier_binds) = match dossiers {
        Some(ids) => (in_list(1, "d.id", ids), ids.to_vec()),
        None => (String::new(), Vec::new()),
    };
    if let (Some(juror), None) = (juror, dossiers) {
        // One juror's lists: only the dossiers assigned to them can be shown or hidden, so
        // only theirs are read (not the whole edition's).
        dossier_binds.push(juror);
        dossier_filter.push_str(&format!(
            " AND d.id IN (SELECT a.dossier_id FROM assignments a WHERE a.edition_id = $1 AND a.juror_id = ${})",
            1 + dossier_binds.len()
        ));
    }
    let (commune_filter, commune_binds) = communes_in_reach(&juror_places, 1 + dossier_binds.len());
    let sql = format!(
        "SELECT d.id AS owner, COALESCE(c.kind, o.kind) AS kind, COALESCE(c.name, o.name) AS name, \
         COALESCE(c.code, '') AS code, COALESCE(c.siren, o.siren) AS siren, c.epci_siren, \
         c.departement, c.region, d.state \
         FROM dossiers d JOIN organisations o ON o.id = d.organisation_id \
         LEFT JOIN collectivites c ON c.id = o.collectivite_id WHERE d.edition_id = $1{dossier_filter}{commune_filter}"
    );
    let mut q = sqlx::query_as::<_, Place>(&sql).bind(edition_id);
    for b in &dossier_binds {
        q = q.bind(*b);
    }
    for b in &commune_binds {
        q = q.bind(b);
    }
    let applicant_places = q.fetch_all(&mut *conn).await?;
    // The départements and régions of each EPCI are those of its communes.
    let epcis: BTreeSet<String> = juror_places
        .iter()
        .chain(&applicant_places)
        .filter(|p| p.kind == "epci")
        .filter_map(|p| p.siren.clone())
        .collect();
    let mut areas: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    if !epcis.is_empty() {
        let placeholders: Vec<String> = (1..=epcis.len()).map(|i| format!("${i}")).collect();
        // Filtered on the kind in Rust: with `kind = 'commune'` in the query, SQLite's planner
        // prefers the (kind, code) index and walks the 35 000 communes (12 ms) instead of the
        // few members of these EPCIs through the epci_siren index.
        let sql = format!(
            "SELECT DISTINCT epci_siren, departement, region, kind FROM collectivites \
             WHERE epci_siren IN ({})",
            placeholders.join(", ")
        );
        let mut q = sqlx::query_as::<_, (String, Option<String>, Option<String>, String)>(&sql);
        for e in &epcis {
            q = q.bind(e);
        }
        for (epci, d, r, _) in q.fetch_all(&mut *conn).await?.into_iter().filter(|row| row.3 == "commune") {
            let entry = areas.entry(epci).or_default();
            if let Some(d) = d.filter(|d| !entry.0.contains(d)) {
                entry.0.push(d);
            }
            if let Some(r) = r.filter(|r| !entry.1.contains(r)) {
                entry.1.push(r);
            }
        }
    }
    let territory = |p: &Place| {
        let kind = Kind::parse(&p.kind);
        let (departements, regions) = match kind {
            Kind::Epci => p.siren.as_ref().and_then(|s| areas.get(s)).cloned().unwrap_or_default(),
            Kind::Departement => (vec![p.code.clone()], p.region.iter().cloned().collect()),
            Kind::Region => (Vec::new(), vec![p.code.clone()]),
            _ => (p.departement.iter().cloned().collect(), p.region.iter().cloned().collect()),
        };
        Territory {
            kind: Some(kind),
            name: p.name.clone(),
            code: p.code.clone(),
            siren: p.siren.clone(),
            epci: p.epci_siren.clone(),
            departements,
            regions,
        }
    };
    let jurors: Vec<(i64, Territory)> = juror_places.iter().map(|p| (p.owner, territory(p))).collect();
    let applicants: Vec<(i64, Territory)> =
        applicant_places.iter().map(|p| (p.owner, territory(p))).collect();
    let detected = pure::detect(&jurors, &applicants, scope);
    let (mut row_filter, mut row_binds) = filters(1, &[("k.juror_id", juror)]);
    if let Some(ids) = dossiers {
        row_filter.push_str(&in_list(1 + row_binds.len(), "k.dossier_id", ids));
        row_binds.extend_from_slice(ids);
    }
    let sql = format!(
        "SELECT k.juror_id, k.dossier_id, k.source, k.reason, \
         CASE WHEN k.lifted_at IS NULL THEN 0 ELSE 1 END \
         FROM conflicts k JOIN dossiers d ON d.id = k.dossier_id WHERE d.edition_id = $1{row_filter}"
    );
    let mut q = sqlx::query_as::<_, (i64, i64, String, String, i64)>(&sql).bind(edition_id);
    for b in &row_binds {
        q = q.bind(*b);
    }
    let recorded = q
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(juror, dossier, source, reason, lifted)| Recorded {
            juror,
            dossier,
            source,
            reason,
            lifted: lifted == 1,
        })
        .collect();
    let reviewable = applicant_places
        .iter()
        .filter(|p| matches!(p.state.as_str(), "submitted" | "eligible"))
        .map(|p| p.owner)
        .collect();
    Ok(Facts { detected, recorded, reviewable })
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

/// Brings the record of automatic conflicts up to the current facts: records the conflicts
/// detected on reviewable dossiers, removes the rows of conflicts that no longer hold unless
/// an organiser lifted them (the decision stays on record), and when the reason of a lifted
/// conflict changed (the juror moved to another collectivité), records the new reason as
/// active again: the lift was justified for the old one. Returns how many were added.
/// Decisions do not wait for this: they read [`standing`].
pub async fn refresh_auto(conn: &mut Conn, edition: &Edition, now: i64) -> sqlx::Result<usize> {
    let edition_id = edition.id;
    let facts = facts(conn, edition_id, None, None).await?;
    let existing: Vec<(i64, i64, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT k.id, k.juror_id, k.dossier_id, k.reason, k.lifted_at FROM conflicts k \
         JOIN dossiers d ON d.id = k.dossier_id WHERE d.edition_id = $1 AND k.source = 'auto'",
    )
    .bind(edition_id)
    .fetch_all(&mut *conn)
    .await?;
    for (id, juror, dossier, reason, lifted) in &existing {
        match (facts.detected.get(&(*juror, *dossier)), lifted) {
            (None, None) => {
                sqlx::query("DELETE FROM conflicts WHERE id = $1").bind(id).execute(&mut *conn).await?;
            }
            (Some(now_reason), _) if now_reason != reason => {
                tracing::info!(conflict = id, "conflit automatique : le motif a changé, il redevient actif");
                sqlx::query(
                    "UPDATE conflicts SET reason = $2, created_at = $3, lifted_by = NULL, lifted_at = NULL, \
                     lift_reason = NULL WHERE id = $1",
                )
                .bind(id)
                .bind(now_reason)
                .bind(now)
                .execute(&mut *conn)
                .await?;
            }
            _ => {}
        }
    }
    let mut added = 0;
    for ((juror, dossier), reason) in &facts.detected {
        if !facts.reviewable.contains(dossier)
            || existing.iter().any(|(_, j, d, _, _)| j == juror && d == dossier)
        {
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
