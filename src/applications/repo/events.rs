//! The history of a dossier.

use serde::Serialize;
use sqlx::FromRow;

use crate::db::Conn;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Event {
    pub at: i64,
    pub action: String,
    pub detail: String,
    pub user_name: Option<String>,
}

pub async fn record(
    conn: &mut Conn,
    dossier_id: i64,
    user_id: i64,
    now: i64,
    action: &str,
    detail: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO dossier_events (dossier_id, user_id, at, action, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(dossier_id)
    .bind(user_id)
    .bind(now)
    .bind(action)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn events(conn: &mut Conn, dossier_id: i64) -> sqlx::Result<Vec<Event>> {
    sqlx::query_as(
        "SELECT ev.at, ev.action, ev.detail, u.display_name AS user_name FROM dossier_events ev \
         LEFT JOIN users u ON u.id = ev.user_id WHERE ev.dossier_id = $1 ORDER BY ev.at DESC, ev.id DESC",
    )
    .bind(dossier_id)
    .fetch_all(conn)
    .await
}
