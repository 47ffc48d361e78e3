//! The lists of dossiers organisers, exports, the jury and results read.

use serde::Serialize;
use sqlx::FromRow;

use super::super::model::{DossierState, SECTIONS};
use super::*;
use crate::db::Conn;

#[derive(Debug, Clone, Default)]
pub struct AdminFilter {
    pub category_id: Option<i64>,
    pub state: Option<DossierState>,
    pub region: String,
    pub departement: String,
    /// Matches the title, the reference or the collectivité (accent-insensitive on names).
    pub text: String,
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AdminRow {
    pub id: i64,
    pub reference: Option<String>,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub state: DossierState,
    pub category_id: i64,
    pub category_name: String,
    pub organisation: String,
    pub organisation_kind: String,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
}

pub(super) const ADMIN_WHERE: &str = "FROM dossiers d JOIN categories c ON c.id = d.category_id \
     JOIN organisations o ON o.id = d.organisation_id \
     WHERE d.edition_id = $1 AND ($2 < 0 OR d.category_id = $2) AND ($3 = '' OR d.state = $3) \
     AND ($4 = '' OR o.region = $4) AND ($5 = '' OR o.departement = $5) \
     AND (LOWER(d.title) LIKE $6 OR LOWER(COALESCE(d.reference, '')) LIKE $6 OR LOWER(o.name) LIKE $6)";

fn like_pattern(filter: &AdminFilter) -> String {
    format!("%{}%", filter.text.trim().to_lowercase().replace(['%', '_', '\\'], ""))
}

/// The dossiers of an edition matching `filter`, `limit` of them from `offset`, in the
/// order of the categories then of their numbers.
pub async fn admin_list(
    conn: &mut Conn,
    edition_id: i64,
    filter: &AdminFilter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<AdminRow>> {
    sqlx::query_as(&format!(
        "SELECT d.id, d.reference, d.title, d.state, d.category_id, c.name AS category_name, \
         o.name AS organisation, o.kind AS organisation_kind, o.departement, o.region, d.submitted_at, d.updated_at \
         {ADMIN_WHERE} ORDER BY c.position, d.number, d.id LIMIT $7 OFFSET $8"
    ))
    .bind(edition_id)
    .bind(filter.category_id.unwrap_or(-1))
    .bind(filter.state.map(DossierState::as_str).unwrap_or(""))
    .bind(&filter.region)
    .bind(&filter.departement)
    .bind(like_pattern(filter))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await
}

/// How many dossiers of an edition match `filter`.
pub async fn admin_count(conn: &mut Conn, edition_id: i64, filter: &AdminFilter) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("SELECT COUNT(*) {ADMIN_WHERE}"))
        .bind(edition_id)
        .bind(filter.category_id.unwrap_or(-1))
        .bind(filter.state.map(DossierState::as_str).unwrap_or(""))
        .bind(&filter.region)
        .bind(&filter.departement)
        .bind(like_pattern(filter))
        .fetch_one(conn)
        .await
}

/// Number of dossiers per (category id, state) in an edition.
pub async fn counts(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<(i64, DossierState, i64)>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT category_id, state, COUNT(*) FROM dossiers WHERE edition_id = $1 GROUP BY category_id, state",
    )
    .bind(edition_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(category, state, n)| {
            let state = DossierState::try_from(state).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok((category, state, n))
        })
        .collect()
}

/// Every dossier of an edition with its organisation, for the CSV export.
#[derive(Debug, Clone, FromRow)]
pub struct ExportRow {
    #[sqlx(flatten)]
    pub dossier: Dossier,
    pub organisation: String,
    pub organisation_kind: String,
    pub siren: Option<String>,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub attachments: i64,
}

pub async fn export_rows(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<ExportRow>> {
    sqlx::query_as(&format!(
        "SELECT {DOSSIER_COLUMNS}, o.name AS organisation, o.kind AS organisation_kind, o.siren, o.departement, \
         o.region, (SELECT COUNT(*) FROM attachments a WHERE a.dossier_id = d.id) AS attachments \
         FROM dossiers d JOIN categories c ON c.id = d.category_id JOIN organisations o ON o.id = d.organisation_id \
         WHERE d.edition_id = $1 ORDER BY c.position, d.number, d.id"
    ))
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

/// The labels of the text sections, in order (for views and exports).
pub fn section_labels() -> impl Iterator<Item = (&'static str, &'static str)> {
    SECTIONS.iter().map(|s| (s.field, s.label))
}

/// The name of whoever last submitted the dossier.
pub async fn submitter(conn: &mut Conn, dossier_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT u.display_name FROM dossier_events ev JOIN users u ON u.id = ev.user_id \
         WHERE ev.dossier_id = $1 AND ev.action = 'submitted' ORDER BY ev.at DESC, ev.id DESC LIMIT 1",
    )
    .bind(dossier_id)
    .fetch_optional(conn)
    .await
}

/// An eligible dossier as the jury and results pages list it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct EligibleDossier {
    pub id: i64,
    pub reference: Option<String>,
    pub title: String,
    pub summary: String,
    pub organisation: String,
    pub siren: Option<String>,
    pub departement: Option<String>,
    pub category_id: i64,
    pub category_slug: String,
    pub category: String,
    pub category_position: i64,
}

/// How many dossiers of the edition are eligible.
pub async fn eligible_count(conn: &mut Conn, edition_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM dossiers WHERE edition_id = $1 AND state = 'eligible'")
        .bind(edition_id)
        .fetch_one(conn)
        .await
}

/// The eligible dossier of the edition with this reference (`LTI-2026-0042`, any case).
pub async fn eligible_with_reference(
    conn: &mut Conn,
    edition_id: i64,
    reference: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM dossiers WHERE edition_id = $1 AND state = 'eligible' AND reference = $2",
    )
    .bind(edition_id)
    .bind(reference.trim().to_uppercase())
    .fetch_optional(conn)
    .await
}

/// The edition's eligible dossiers, by category then number.
pub async fn eligible(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<EligibleDossier>> {
    sqlx::query_as(
        "SELECT d.id, d.reference, d.title, d.summary, o.name AS organisation, o.siren, o.departement, \
         c.id AS category_id, c.slug AS category_slug, c.name AS category, c.position AS category_position \
         FROM dossiers d JOIN organisations o ON o.id = d.organisation_id JOIN categories c ON c.id = d.category_id \
         WHERE d.edition_id = $1 AND d.state = 'eligible' ORDER BY c.position, d.number, d.id",
    )
    .bind(edition_id)
    .fetch_all(conn)
    .await
}
