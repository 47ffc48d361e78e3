//! Candidate organisations (collectivités and other public bodies).

use serde::Serialize;
use sqlx::FromRow;

use crate::db::Conn;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub collectivite_id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub siren: Option<String>,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub created_at: i64,
}

pub(super) const ORG_COLUMNS: &str =
    "id, collectivite_id, name, kind, siren, departement, region, created_at";

pub async fn organisation(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Organisation>> {
    sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn organisation_by_collectivite(
    conn: &mut Conn,
    collectivite_id: i64,
) -> sqlx::Result<Option<Organisation>> {
    sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organisations WHERE collectivite_id = $1"))
        .bind(collectivite_id)
        .fetch_optional(conn)
        .await
}

pub async fn organisation_by_siren(conn: &mut Conn, siren: &str) -> sqlx::Result<Option<Organisation>> {
    sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organisations WHERE siren = $1"))
        .bind(siren)
        .fetch_optional(conn)
        .await
}

pub struct NewOrganisation<'a> {
    pub collectivite_id: Option<i64>,
    pub name: &'a str,
    pub kind: &'a str,
    pub siren: Option<&'a str>,
    pub departement: Option<&'a str>,
    pub region: Option<&'a str>,
}

pub async fn create_organisation(conn: &mut Conn, org: &NewOrganisation<'_>, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO organisations (collectivite_id, name, kind, siren, departement, region, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(org.collectivite_id)
    .bind(org.name)
    .bind(org.kind)
    .bind(org.siren)
    .bind(org.departement)
    .bind(org.region)
    .bind(now)
    .fetch_one(conn)
    .await
}
