//! The jury's workflows, one per act users name. Each takes the connection of an open write
//! transaction (the caller commits) and plain inputs; handlers, the CLI and the demo call
//! these rather than repeating the steps.

use super::repo::{assignments, conflicts};
use crate::db::Conn;
use crate::editions::model::Edition;

/// Detects the automatic conflicts from the current facts and withdraws the conflicted pairs
/// whose review was not started: (conflicts added, pairs withdrawn).
pub async fn refresh_conflicts(conn: &mut Conn, edition: &Edition, now: i64) -> sqlx::Result<(usize, u64)> {
    let added = conflicts::refresh_auto(conn, edition, now).await?;
    let dropped = assignments::drop_conflicted(conn, edition.id).await?;
    Ok((added, dropped))
}

/// Why an assignment could not be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishRefusal {
    Empty,
    AlreadyPublished,
}

/// Shows every juror their dossiers.
pub async fn publish_assignment(
    conn: &mut Conn,
    edition: &Edition,
    now: i64,
) -> sqlx::Result<Result<(), PublishRefusal>> {
    let pairs = assignments::list(conn, edition.id).await?;
    if pairs.iter().all(|p| p.conflicted == 1) {
        return Ok(Err(PublishRefusal::Empty));
    }
    if !assignments::publish(conn, edition.id, now).await? {
        return Ok(Err(PublishRefusal::AlreadyPublished));
    }
    Ok(Ok(()))
}

/// Closes scoring before its end date; false if it was not open.
pub async fn close_scoring(conn: &mut Conn, edition: &Edition, now: i64) -> sqlx::Result<bool> {
    if !edition.scoring_open(now) {
        return Ok(false);
    }
    assignments::set_scoring_closed(conn, edition.id, Some(now)).await?;
    Ok(true)
}

/// A juror declares a conflict with a dossier: it is recorded and the dossier withdrawn from
/// them (unless their review was started).
pub async fn declare_conflict(
    conn: &mut Conn,
    edition: &Edition,
    juror_id: i64,
    dossier_id: i64,
    reason: &str,
    now: i64,
) -> sqlx::Result<()> {
    conflicts::declare(conn, juror_id, dossier_id, "declared", reason, juror_id, now).await?;
    assignments::drop_conflicted(conn, edition.id).await?;
    Ok(())
}
