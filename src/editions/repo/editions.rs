//! The `editions` table: one row a year, at most one current.

use crate::accounts::repo::is_unique_violation;
use crate::db::Conn;
use crate::editions::core::{Edition, NewEdition};
use crate::site::CategoryFixture;

const COLUMNS: &str = "id, year, title, opens_at, closes_at, scoring_ends_at, ceremony_at, ceremony_place, \
                       laureates_count, is_current, created_at, updated_at, reviewers_per_dossier, conflict_scope, \
                       scale_min, scale_max, assignment_seed, assignment_published_at, scoring_closed_at";
/// The columns of an [`Edition`], for queries elsewhere that read an edition with more.
pub(crate) const EDITION_COLUMNS: &str = COLUMNS;

/// Every edition, the most recent year first.
pub async fn list(conn: &mut Conn) -> sqlx::Result<Vec<Edition>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM editions ORDER BY year DESC")).fetch_all(conn).await
}

pub async fn by_year(conn: &mut Conn, year: i64) -> sqlx::Result<Option<Edition>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM editions WHERE year = $1"))
        .bind(year)
        .fetch_optional(conn)
        .await
}

/// Locks the edition's row until the transaction ends (PostgreSQL; SQLite's writers are
/// already serialised by `BEGIN IMMEDIATE`), for acts that read the edition's state and then
/// write what depends on it: numbering a deposit, publishing the next version of a palmarès.
/// Two such acts at the same moment then run one after the other instead of colliding.
pub async fn lock(conn: &mut Conn, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE editions SET updated_at = updated_at WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

pub async fn by_id(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Edition>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM editions WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The current edition, if one was chosen.
pub async fn current(conn: &mut Conn) -> sqlx::Result<Option<Edition>> {
    // `set_current` keeps at most one; the order only makes the answer stable if that ever broke.
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM editions WHERE is_current = 1 ORDER BY year DESC LIMIT 1"))
        .fetch_optional(conn)
        .await
}

/// Creates an edition (not current) with `categories` at positions 1, 2, …;
/// `Ok(None)` when an edition of that year exists.
///
/// Run it in a transaction: on PostgreSQL the refused insert spoils the transaction, which the
/// caller then drops, and the categories must not outlive a failed edition.
pub async fn create(
    conn: &mut Conn,
    edition: &NewEdition,
    categories: &[CategoryFixture],
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO editions (year, title, opens_at, closes_at, scoring_ends_at, ceremony_at, \
         ceremony_place, laureates_count, is_current, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9) RETURNING id",
    )
    .bind(edition.year)
    .bind(&edition.title)
    .bind(edition.opens_at)
    .bind(edition.closes_at)
    .bind(edition.scoring_ends_at)
    .bind(edition.ceremony_at)
    .bind(&edition.ceremony_place)
    .bind(edition.laureates_count)
    .bind(now)
    .fetch_one(&mut *conn)
    .await;
    let id: i64 = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    super::categories::insert(conn, id, categories).await?;
    crate::jury::repo::criteria::insert_default(conn, id).await?;
    Ok(Some(id))
}

/// Replaces an edition's settings; `Ok(false)` when its new year belongs to another edition.
/// One statement, so it needs no transaction; inside one, PostgreSQL spoils it on a refused year.
pub async fn update(conn: &mut Conn, id: i64, edition: &NewEdition, now: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE editions SET year = $2, title = $3, opens_at = $4, closes_at = $5, scoring_ends_at = $6, \
         ceremony_at = $7, ceremony_place = $8, laureates_count = $9, updated_at = $10 WHERE id = $1",
    )
    .bind(id)
    .bind(edition.year)
    .bind(&edition.title)
    .bind(edition.opens_at)
    .bind(edition.closes_at)
    .bind(edition.scoring_ends_at)
    .bind(edition.ceremony_at)
    .bind(&edition.ceremony_place)
    .bind(edition.laureates_count)
    .bind(now)
    .execute(conn)
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Makes `id` the one current edition; `Ok(false)` when there is no such edition (nothing changes
/// once the caller rolls back). Run it in a transaction so that there is never none or two.
pub async fn set_current(conn: &mut Conn, id: i64) -> sqlx::Result<bool> {
    sqlx::query("UPDATE editions SET is_current = 0 WHERE is_current = 1 AND id <> $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("UPDATE editions SET is_current = 1 WHERE id = $1").bind(id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}
