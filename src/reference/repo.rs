//! SQL of the reference data: loading the extract (idempotent) and searching it.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::FromRow;

use super::model::RefRow;
use super::search::normalise;
use crate::db::Conn;

/// The extract shipped with this version of the application.
pub const EXTRACT: &str = include_str!("../../fixtures/collectivites.csv");
const VERSION_KEY: &str = "collectivites_sha256";

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Collectivite {
    pub id: i64,
    pub kind: String,
    pub epci_type: Option<String>,
    pub code: String,
    pub siren: Option<String>,
    pub name: String,
    pub population: Option<i64>,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub epci_siren: Option<String>,
    pub postcodes: String,
}

impl Collectivite {
    /// "Commune", "Communauté d'agglomération", "Département"…
    pub fn kind_label(&self) -> &'static str {
        match (self.kind.as_str(), self.epci_type.as_deref()) {
            ("commune", _) => "Commune",
            ("epci", Some("CC")) => "Communauté de communes",
            ("epci", Some("CA")) => "Communauté d’agglomération",
            ("epci", Some("CU")) => "Communauté urbaine",
            ("epci", Some("METRO")) => "Métropole",
            ("epci", _) => "Intercommunalité",
            ("departement", _) => "Département",
            ("region", _) => "Région",
            _ => "Collectivité",
        }
    }
}

const COLUMNS: &str =
    "id, kind, epci_type, code, siren, name, population, departement, region, epci_siren, postcodes";

fn empty_none(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Loads `csv` unless the same extract is already loaded: upserts every row by (kind, code),
/// so ids stay stable for the organisations that point at them, and marks rows that left the
/// reference as obsolete. Returns the number of rows loaded, 0 when nothing changed.
pub async fn load_if_changed(conn: &mut Conn, csv: &str) -> Result<usize, LoadError> {
    let version = extract_version(csv);
    let current: Option<String> = sqlx::query_scalar("SELECT value FROM reference_meta WHERE key = $1")
        .bind(VERSION_KEY)
        .fetch_optional(&mut *conn)
        .await?;
    if current.as_deref() == Some(version.as_str()) {
        return Ok(0);
    }
    let rows = super::extract::read_csv(csv)?;
    sqlx::query("UPDATE collectivites SET obsolete = 1").execute(&mut *conn).await?;
    for chunk in rows.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO collectivites (kind, epci_type, code, siren, name, search_name, population, \
             departement, region, epci_siren, postcodes, obsolete) VALUES ",
        );
        for (i, _) in chunk.iter().enumerate() {
            let b = i * 11;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 0)",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 10,
                b + 11
            ));
        }
        sql.push_str(
            " ON CONFLICT (kind, code) DO UPDATE SET epci_type = excluded.epci_type, siren = excluded.siren, \
             name = excluded.name, search_name = excluded.search_name, population = excluded.population, \
             departement = excluded.departement, region = excluded.region, epci_siren = excluded.epci_siren, \
             postcodes = excluded.postcodes, obsolete = 0",
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            query = query
                .bind(&row.kind)
                .bind(empty_none(&row.epci_type))
                .bind(&row.code)
                .bind(empty_none(&row.siren))
                .bind(&row.name)
                .bind(search_key(row))
                .bind(row.population)
                .bind(empty_none(&row.departement))
                .bind(empty_none(&row.region))
                .bind(empty_none(&row.epci_siren))
                .bind(&row.postcodes);
        }
        query.execute(&mut *conn).await?;
    }
    sqlx::query("DELETE FROM reference_meta WHERE key = $1").bind(VERSION_KEY).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO reference_meta (key, value) VALUES ($1, $2)")
        .bind(VERSION_KEY)
        .bind(&version)
        .execute(&mut *conn)
        .await?;
    Ok(rows.len())
}

/// What identifies a loaded extract (stored in `reference_meta`): the CSV's SHA-256 and how
/// search keys are built, so that a change of either reloads.
pub fn extract_version(csv: &str) -> String {
    format!("{}:{SEARCH_KEY_VERSION}", hex::encode(Sha256::digest(csv.as_bytes())))
}

/// How search keys are built; part of the loaded version, so that a change reloads.
const SEARCH_KEY_VERSION: &str = "2";

fn search_key(row: &RefRow) -> String {
    super::search::search_key(&row.kind, &row.epci_type, &row.name)
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("extrait de référence illisible : {0}")]
    Csv(#[from] csv::Error),
}

/// Searches by name (accent- and case-insensitive, words in any order), postcode, INSEE
/// code or SIREN. The most populous first, exact names before partial ones.
pub async fn search(conn: &mut Conn, query: &str, limit: i64) -> sqlx::Result<Vec<Collectivite>> {
    let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    let is_code = !digits.is_empty()
        && digits.len() <= 9
        && digits.chars().all(|c| c.is_ascii_alphanumeric())
        && digits.chars().filter(char::is_ascii_digit).count() >= 2
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit());
    if is_code {
        let postcode = format!("%{digits}%");
        return sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM collectivites WHERE obsolete = 0 AND (siren = $1 OR code = $1 \
             OR (kind = 'commune' AND postcodes LIKE $2)) \
             ORDER BY CASE WHEN siren = $1 OR code = $1 THEN 0 ELSE 1 END, population DESC LIMIT $3"
        ))
        .bind(&digits)
        .bind(&postcode)
        .bind(limit)
        .fetch_all(conn)
        .await;
    }
    let key = normalise(query);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    // Every word must appear; up to four words are used.
    let words: Vec<String> = key.split(' ').take(4).map(|w| format!("%{w}%")).collect();
    let mut sql = format!("SELECT {COLUMNS} FROM collectivites WHERE obsolete = 0");
    for i in 0..4 {
        sql.push_str(&format!(" AND search_name LIKE ${}", i + 1));
    }
    sql.push_str(
        " ORDER BY CASE WHEN search_name = $5 THEN 0 WHEN search_name LIKE $6 THEN 1 ELSE 2 END, \
         CASE kind WHEN 'region' THEN 0 WHEN 'departement' THEN 1 WHEN 'epci' THEN 2 ELSE 3 END, \
         population DESC, name LIMIT $7",
    );
    let mut q = sqlx::query_as(&sql);
    for i in 0..4 {
        q = q.bind(words.get(i).cloned().unwrap_or_else(|| "%".to_string()));
    }
    q.bind(&key).bind(format!("{key}%")).bind(limit).fetch_all(conn).await
}

pub async fn by_id(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Collectivite>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM collectivites WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn by_kind_code(conn: &mut Conn, kind: &str, code: &str) -> sqlx::Result<Option<Collectivite>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM collectivites WHERE kind = $1 AND code = $2"))
        .bind(kind)
        .bind(code)
        .fetch_optional(conn)
        .await
}

/// (code, name) of every département or région, by code.
pub async fn names_of(conn: &mut Conn, kind: &str) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT code, name FROM collectivites WHERE kind = $1 AND obsolete = 0 ORDER BY code")
        .bind(kind)
        .fetch_all(conn)
        .await
}

pub async fn by_siren(conn: &mut Conn, siren: &str) -> sqlx::Result<Option<Collectivite>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM collectivites WHERE siren = $1 AND obsolete = 0 LIMIT 1"))
        .bind(siren)
        .fetch_optional(conn)
        .await
}
