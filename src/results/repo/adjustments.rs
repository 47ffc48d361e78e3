//! SQL of the organisers' adjustments to the proposed laureates: each one kept with its
//! written justification, never edited.

use serde::Serialize;
use sqlx::FromRow;

use crate::db::Conn;
use crate::results::core::certificate::Level;
use crate::results::core::laureates::Adjustment;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AdjustmentRow {
    pub id: i64,
    pub dossier_id: i64,
    pub action: String,
    pub level: Option<String>,
    pub justification: String,
    pub author: Option<String>,
    pub at: i64,
    pub reference: Option<String>,
}

impl AdjustmentRow {
    pub fn to_adjustment(&self) -> Option<Adjustment> {
        let level = self.level.as_deref().and_then(Level::parse);
        match (self.action.as_str(), level) {
            ("remove", _) => Some(Adjustment::Remove { dossier: self.dossier_id }),
            ("add", Some(level)) => Some(Adjustment::Add { dossier: self.dossier_id, level }),
            ("level", Some(level)) => Some(Adjustment::Level { dossier: self.dossier_id, level }),
            _ => None,
        }
    }
}

pub async fn adjustments(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<AdjustmentRow>> {
    sqlx::query_as(
        "SELECT a.id, a.dossier_id, a.action, a.level, a.justification, u.display_name AS author, a.at, d.reference \
         FROM laureate_adjustments a LEFT JOIN users u ON u.id = a.user_id JOIN dossiers d ON d.id = a.dossier_id \
         WHERE a.edition_id = $1 ORDER BY a.id",
    )
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

#[expect(clippy::too_many_arguments, reason = "one column each")]
pub async fn add_adjustment(
    conn: &mut Conn,
    edition_id: i64,
    dossier_id: i64,
    action: &str,
    level: Option<Level>,
    justification: &str,
    by: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO laureate_adjustments (edition_id, dossier_id, action, level, justification, user_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(edition_id)
    .bind(dossier_id)
    .bind(action)
    .bind(level.map(|l| l.as_str()))
    .bind(justification)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
