//! The score log (`score_events`, append-only): one page of an edition's changes at a time,
//! newest first, and their count for the pager.
//!
//! Unfiltered, the page walks the log backwards from its newest change and stops after the
//! page (`+r.edition_id` keeps SQLite from starting at the edition's reviews and sorting all
//! their changes); filtered on a dossier or a juror, it starts from that dossier's or juror's
//! reviews, which are few.

use serde::Serialize;
use sqlx::FromRow;

use crate::db::Conn;

/// A line of the audit log of score changes.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ScoreEvent {
    pub id: i64,
    pub review_id: i64,
    pub at: i64,
    pub author: Option<String>,
    pub juror: String,
    pub juror_id: i64,
    pub dossier_id: i64,
    pub dossier_reference: Option<String>,
    pub criterion: Option<String>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// The log's filters: ` AND r.dossier_id = $2`, ` AND r.juror_id = $n` for those given, and their values.
fn filters(dossier_id: Option<i64>, juror_id: Option<i64>) -> (String, Vec<i64>) {
    let (mut sql, mut binds) = (String::new(), Vec::new());
    for (column, value) in [("r.dossier_id", dossier_id), ("r.juror_id", juror_id)] {
        if let Some(v) = value {
            binds.push(v);
            sql.push_str(&format!(" AND {column} = ${}", 1 + binds.len()));
        }
    }
    (sql, binds)
}

/// `limit` changes of the edition from `offset`, newest first, optionally for one dossier or one juror.
pub async fn page(
    conn: &mut Conn,
    edition_id: i64,
    dossier_id: Option<i64>,
    juror_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<ScoreEvent>> {
    let (filter, binds) = filters(dossier_id, juror_id);
    let edition = if binds.is_empty() { "+r.edition_id" } else { "r.edition_id" };
    let sql = format!(
        "SELECT e.id, e.review_id, e.at, a.display_name AS author, j.display_name AS juror, r.juror_id, r.dossier_id, \
         d.reference AS dossier_reference, e.criterion, e.field, e.old_value, e.new_value \
         FROM score_events e JOIN reviews r ON r.id = e.review_id JOIN dossiers d ON d.id = r.dossier_id \
         JOIN users j ON j.id = r.juror_id LEFT JOIN users a ON a.id = e.user_id \
         WHERE {edition} = $1{filter} ORDER BY e.id DESC LIMIT ${} OFFSET ${}",
        2 + binds.len(),
        3 + binds.len()
    );
    let mut q = sqlx::query_as::<_, ScoreEvent>(&sql).bind(edition_id);
    for b in binds {
        q = q.bind(b);
    }
    q.bind(limit).bind(offset).fetch_all(conn).await
}

/// How many changes [`page`] pages through.
pub async fn count(
    conn: &mut Conn,
    edition_id: i64,
    dossier_id: Option<i64>,
    juror_id: Option<i64>,
) -> sqlx::Result<usize> {
    let (filter, binds) = filters(dossier_id, juror_id);
    let sql = format!(
        "SELECT COUNT(*) FROM score_events e JOIN reviews r ON r.id = e.review_id WHERE r.edition_id = $1{filter}"
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(edition_id);
    for b in binds {
        q = q.bind(b);
    }
    Ok(usize::try_from(q.fetch_one(conn).await?).unwrap_or(0))
}
