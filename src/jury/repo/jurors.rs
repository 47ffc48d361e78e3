//! Jurors: their profile (affiliation, kind, preferred categories) and their charter.

use serde::Serialize;
use sqlx::FromRow;

use crate::db::Conn;
use crate::editions::core::Edition;
use crate::editions::repo::EDITION_COLUMNS;
use crate::jury::core::conflicts::{Kind, Territory};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct JurorRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub is_active: i64,
    pub activated: i64,
    pub collectivite_id: Option<i64>,
    pub affiliation: String,
    pub kind: String,
    /// Category slugs, space-separated.
    pub preferred: String,
}

impl JurorRow {
    pub fn preferred_slugs(&self) -> Vec<&str> {
        self.preferred.split_whitespace().collect()
    }
}

const COLUMNS: &str = "u.id AS user_id, u.email, u.display_name, u.is_active, \
                       CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS activated, \
                       j.collectivite_id, j.affiliation, j.kind, j.preferred";

/// Every juror with a profile, by name.
pub async fn list(conn: &mut Conn) -> sqlx::Result<Vec<JurorRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM jurors j JOIN users u ON u.id = j.user_id \
         WHERE u.role = 'juror' ORDER BY u.display_name, u.id"
    ))
    .fetch_all(conn)
    .await
}

/// How many jurors have a profile.
pub async fn count(conn: &mut Conn) -> sqlx::Result<usize> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jurors j JOIN users u ON u.id = j.user_id WHERE u.role = 'juror'",
    )
    .fetch_one(conn)
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// One page of [`list`]: `limit` jurors from `offset`.
pub async fn page(conn: &mut Conn, limit: i64, offset: i64) -> sqlx::Result<Vec<JurorRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM jurors j JOIN users u ON u.id = j.user_id \
         WHERE u.role = 'juror' ORDER BY u.display_name, u.id LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await
}

/// The juror with a profile whose account has this e-mail address (compared in lower case).
pub async fn with_email(conn: &mut Conn, email: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT u.id FROM jurors j JOIN users u ON u.id = j.user_id WHERE u.role = 'juror' AND u.email = $1",
    )
    .bind(email.trim().to_lowercase())
    .fetch_optional(conn)
    .await
}

/// Juror accounts that have no profile yet: (id, name, e-mail).
pub async fn without_profile(conn: &mut Conn) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name, u.email FROM users u WHERE u.role = 'juror' \
         AND NOT EXISTS (SELECT 1 FROM jurors j WHERE j.user_id = u.id) ORDER BY u.display_name",
    )
    .fetch_all(conn)
    .await
}

pub async fn get(conn: &mut Conn, user_id: i64) -> sqlx::Result<Option<JurorRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM jurors j JOIN users u ON u.id = j.user_id WHERE j.user_id = $1 AND u.role = 'juror'"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// What an organiser sets on a juror.
#[derive(Debug, Clone)]
pub struct Profile {
    pub collectivite_id: Option<i64>,
    pub affiliation: String,
    pub kind: String,
    pub preferred: Vec<String>,
}

pub async fn save_profile(conn: &mut Conn, user_id: i64, p: &Profile, now: i64) -> sqlx::Result<()> {
    let preferred = p.preferred.join(" ");
    let updated = sqlx::query(
        "UPDATE jurors SET collectivite_id = $2, affiliation = $3, kind = $4, preferred = $5, updated_at = $6 \
         WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(p.collectivite_id)
    .bind(&p.affiliation)
    .bind(&p.kind)
    .bind(&preferred)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO jurors (user_id, collectivite_id, affiliation, kind, preferred, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(user_id)
        .bind(p.collectivite_id)
        .bind(&p.affiliation)
        .bind(&p.kind)
        .bind(&preferred)
        .bind(now)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// When the juror accepted the charter for this edition.
pub async fn charter_accepted_at(
    conn: &mut Conn,
    user_id: i64,
    edition_id: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT accepted_at FROM charter_acceptances WHERE user_id = $1 AND edition_id = $2")
        .bind(user_id)
        .bind(edition_id)
        .fetch_optional(conn)
        .await
}

/// When each of `jurors` accepted the charter of the edition (those who did), in one query.
pub async fn charters_accepted(
    conn: &mut Conn,
    edition_id: i64,
    jurors: &[i64],
) -> sqlx::Result<std::collections::BTreeMap<i64, i64>> {
    if jurors.is_empty() {
        return Ok(Default::default());
    }
    let placeholders: Vec<String> = (0..jurors.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT user_id, accepted_at FROM charter_acceptances WHERE edition_id = $1 AND user_id IN ({})",
        placeholders.join(", ")
    );
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql).bind(edition_id);
    for j in jurors {
        q = q.bind(*j);
    }
    Ok(q.fetch_all(conn).await?.into_iter().collect())
}

/// The current edition and when the juror accepted its charter, in one query.
pub async fn current_edition(conn: &mut Conn, user_id: i64) -> sqlx::Result<Option<(Edition, Option<i64>)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        edition: Edition,
        accepted_at: Option<i64>,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {EDITION_COLUMNS}, ca.accepted_at FROM editions \
         LEFT JOIN charter_acceptances ca ON ca.edition_id = editions.id AND ca.user_id = $1 \
         WHERE is_current = 1 ORDER BY year DESC LIMIT 1"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.edition, r.accepted_at)))
}

pub async fn accept_charter(
    conn: &mut Conn,
    user_id: i64,
    edition_id: i64,
    version: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO charter_acceptances (user_id, edition_id, version, accepted_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, edition_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(edition_id)
    .bind(version)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
struct TerritoryRow {
    kind: String,
    name: String,
    code: String,
    siren: Option<String>,
    epci_siren: Option<String>,
    departement: Option<String>,
    region: Option<String>,
}

/// A collectivité of the reference as a territory, for automatic conflicts: an EPCI gets the
/// départements and régions of its communes.
pub async fn territory(conn: &mut Conn, collectivite_id: i64) -> sqlx::Result<Option<Territory>> {
    let row: Option<TerritoryRow> = sqlx::query_as(
        "SELECT kind, name, code, siren, epci_siren, departement, region FROM collectivites WHERE id = $1",
    )
    .bind(collectivite_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let kind = Kind::parse(&row.kind);
    let (mut departements, mut regions) = (Vec::new(), Vec::new());
    match kind {
        Kind::Epci => {
            let areas: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT DISTINCT departement, region FROM collectivites WHERE kind = 'commune' AND epci_siren = $1",
            )
            .bind(&row.siren)
            .fetch_all(conn)
            .await?;
            for (d, r) in areas {
                if let Some(d) = d {
                    if !departements.contains(&d) {
                        departements.push(d);
                    }
                }
                if let Some(r) = r {
                    if !regions.contains(&r) {
                        regions.push(r);
                    }
                }
            }
        }
        Kind::Departement => {
            departements.push(row.code.clone());
            regions.extend(row.region.clone());
        }
        Kind::Region => regions.push(row.code.clone()),
        _ => {
            departements.extend(row.departement.clone());
            regions.extend(row.region.clone());
        }
    }
    Ok(Some(Territory {
        kind: Some(kind),
        name: row.name,
        code: row.code,
        siren: row.siren,
        epci: row.epci_siren,
        departements,
        regions,
    }))
}
