//! The files attached to a dossier.

use serde::Serialize;
use sqlx::FromRow;

use crate::db::Conn;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub dossier_id: i64,
    pub original_name: String,
    #[serde(skip)]
    pub stored_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: i64,
}

pub(super) const ATTACHMENT_COLUMNS: &str =
    "id, dossier_id, original_name, stored_name, content_type, size_bytes, sha256, uploaded_at";

pub async fn attachments(conn: &mut Conn, dossier_id: i64) -> sqlx::Result<Vec<Attachment>> {
    sqlx::query_as(&format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE dossier_id = $1 ORDER BY id"))
        .bind(dossier_id)
        .fetch_all(conn)
        .await
}

pub async fn attachment(conn: &mut Conn, dossier_id: i64, id: i64) -> sqlx::Result<Option<Attachment>> {
    sqlx::query_as(&format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE dossier_id = $1 AND id = $2"))
        .bind(dossier_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub struct NewAttachment<'a> {
    pub original_name: &'a str,
    pub stored_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
}

pub async fn add_attachment(
    conn: &mut Conn,
    dossier_id: i64,
    a: &NewAttachment<'_>,
    user_id: i64,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO attachments (dossier_id, original_name, stored_name, content_type, size_bytes, sha256, \
         uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(dossier_id)
    .bind(a.original_name)
    .bind(a.stored_name)
    .bind(a.content_type)
    .bind(a.size_bytes)
    .bind(a.sha256)
    .bind(user_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn delete_attachment(conn: &mut Conn, dossier_id: i64, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM attachments WHERE dossier_id = $1 AND id = $2")
        .bind(dossier_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
