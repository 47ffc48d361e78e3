//! SQL of published results: immutable publications (versions) and their laureates,
//! certificates looked up by code.

use serde::Serialize;
use sqlx::FromRow;

use super::inputs::DossierLine;
use crate::db::Conn;
use crate::results::core::certificate::{verification_code, Level};
use crate::results::core::laureates::Final;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Publication {
    pub id: i64,
    pub edition_id: i64,
    pub version: i64,
    pub published_at: i64,
    pub author: Option<String>,
    pub method: String,
    pub note: String,
}

const PUBLICATION: &str =
    "SELECT p.id, p.edition_id, p.version, p.published_at, u.display_name AS author, p.method, p.note \
     FROM publications p LEFT JOIN users u ON u.id = p.published_by";

/// Every version of the edition's results, the latest first.
pub async fn publications(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<Publication>> {
    sqlx::query_as(&format!("{PUBLICATION} WHERE p.edition_id = $1 ORDER BY p.version DESC"))
        .bind(edition_id)
        .fetch_all(conn)
        .await
}

pub async fn latest(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Option<Publication>> {
    Ok(publications(conn, edition_id).await?.into_iter().next())
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct LaureateRow {
    pub id: i64,
    pub publication_id: i64,
    pub dossier_id: i64,
    pub category_name: String,
    pub category_slug: String,
    pub category_position: i64,
    pub level: String,
    pub rank: Option<i64>,
    pub aggregate_centi: Option<i64>,
    pub collectivite: String,
    pub siren: Option<String>,
    pub departement: Option<String>,
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub code: String,
}

impl LaureateRow {
    pub fn level(&self) -> Level {
        Level::parse(&self.level).unwrap_or(Level::Bronze)
    }
}

const LAUREATE: &str =
    "SELECT id, publication_id, dossier_id, category_name, category_slug, category_position, level, \
     rank, aggregate_centi, collectivite, siren, departement, reference, title, summary, code FROM laureates";

/// The laureates of a publication by category, level (Or first) and rank.
pub async fn laureates(conn: &mut Conn, publication_id: i64) -> sqlx::Result<Vec<LaureateRow>> {
    sqlx::query_as(&format!(
        "{LAUREATE} WHERE publication_id = $1 ORDER BY category_position, \
         CASE level WHEN 'or' THEN 0 WHEN 'argent' THEN 1 ELSE 2 END, rank, id"
    ))
    .bind(publication_id)
    .fetch_all(conn)
    .await
}

/// What a laureate row needs beyond the ranking: the dossier's frozen texts.
pub struct Snapshot<'a> {
    pub line: &'a DossierLine,
    pub aggregate: Option<f64>,
}

/// The texts a publication carries: how the ranking was made, what a correction changes, and
/// why a category short of rankable dossiers was published anyway.
pub struct Release<'a> {
    pub method: &'a str,
    pub note: &'a str,
    pub justification: &'a str,
}

/// Publishes a new version with `laureates`; a laureate keeps the certificate code it had in
/// the previous version when its level is unchanged. Run it in a transaction. Returns the version.
pub async fn publish(
    conn: &mut Conn,
    edition_id: i64,
    laureates: &[(Final, Snapshot<'_>)],
    release: &Release<'_>,
    by: i64,
    now: i64,
) -> sqlx::Result<i64> {
    let previous = match latest(conn, edition_id).await? {
        Some(p) => laureates_of(conn, p.id).await?,
        None => Vec::new(),
    };
    let version = previous_version(conn, edition_id).await? + 1;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO publications (edition_id, version, published_at, published_by, method, note, justification) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(edition_id)
    .bind(version)
    .bind(now)
    .bind(by)
    .bind(release.method)
    .bind(release.note)
    .bind(release.justification)
    .fetch_one(&mut *conn)
    .await?;
    for (f, s) in laureates {
        let code = previous
            .iter()
            .find(|p| p.dossier_id == f.dossier && p.level == f.level.as_str())
            .map(|p| p.code.clone())
            .unwrap_or_else(verification_code);
        sqlx::query(
            "INSERT INTO laureates (publication_id, dossier_id, category_name, category_slug, category_position, level, \
             rank, aggregate_centi, collectivite, siren, departement, reference, title, summary, code) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(id)
        .bind(f.dossier)
        .bind(&s.line.category)
        .bind(&s.line.category_slug)
        .bind(s.line.category_position)
        .bind(f.level.as_str())
        .bind(f.rank.map(|r| r as i64))
        .bind(s.aggregate.map(|a| (a * 100.0).round() as i64))
        .bind(&s.line.organisation)
        .bind(&s.line.siren)
        .bind(&s.line.departement)
        .bind(s.line.reference.clone().unwrap_or_default())
        .bind(&s.line.title)
        .bind(&s.line.summary)
        .bind(&code)
        .execute(&mut *conn)
        .await?;
    }
    Ok(version)
}

async fn previous_version(conn: &mut Conn, edition_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM publications WHERE edition_id = $1")
        .bind(edition_id)
        .fetch_one(conn)
        .await
}

async fn laureates_of(conn: &mut Conn, publication_id: i64) -> sqlx::Result<Vec<LaureateRow>> {
    sqlx::query_as(&format!("{LAUREATE} WHERE publication_id = $1"))
        .bind(publication_id)
        .fetch_all(conn)
        .await
}

/// A certificate found by its code: the laureate, its publication, and whether that
/// publication is still the edition's latest (otherwise it was replaced by a correction).
pub struct Found {
    pub laureate: LaureateRow,
    pub publication: Publication,
    pub current: bool,
}

pub async fn by_code(conn: &mut Conn, code: &str) -> sqlx::Result<Option<Found>> {
    let rows: Vec<LaureateRow> =
        sqlx::query_as(&format!("{LAUREATE} WHERE code = $1 ORDER BY publication_id DESC"))
            .bind(code)
            .fetch_all(&mut *conn)
            .await?;
    let Some(laureate) = rows.into_iter().next() else { return Ok(None) };
    let Some(publication) = sqlx::query_as::<_, Publication>(&format!("{PUBLICATION} WHERE p.id = $1"))
        .bind(laureate.publication_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let current = latest(conn, publication.edition_id).await?.is_some_and(|l| l.id == publication.id);
    Ok(Some(Found { laureate, publication, current }))
}

/// An award of the collectivité's dossier in the latest published version of its edition.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Award {
    pub dossier_id: i64,
    pub level: String,
    pub code: String,
    pub category_name: String,
}

pub async fn awards_of_organisation(conn: &mut Conn, organisation_id: i64) -> sqlx::Result<Vec<Award>> {
    sqlx::query_as(
        "SELECT l.dossier_id, l.level, l.code, l.category_name FROM laureates l \
         JOIN publications p ON p.id = l.publication_id JOIN dossiers d ON d.id = l.dossier_id \
         WHERE d.organisation_id = $1 \
         AND p.version = (SELECT MAX(q.version) FROM publications q WHERE q.edition_id = p.edition_id)",
    )
    .bind(organisation_id)
    .fetch_all(conn)
    .await
}
