//! Who belongs to an organisation: members, requests to join, their confirmation.

use serde::Serialize;
use sqlx::FromRow;

use crate::db::Conn;

/// The applicant's organisation and contact details; `pending` when the membership waits
/// for confirmation by a member or an organiser.
pub async fn set_member(
    conn: &mut Conn,
    user_id: i64,
    organisation_id: i64,
    civility: Option<&str>,
    job_title: &str,
    phone: &str,
    pending: bool,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET organisation_id = $2, civility = $3, job_title = $4, phone = $5, \
         membership_pending = $6 WHERE id = $1",
    )
    .bind(user_id)
    .bind(organisation_id)
    .bind(civility)
    .bind(job_title)
    .bind(phone)
    .bind(i64::from(pending))
    .execute(conn)
    .await?;
    Ok(())
}

/// The organisation whose dossiers the user shares: a confirmed membership only.
pub async fn user_organisation(conn: &mut Conn, user_id: i64) -> sqlx::Result<Option<i64>> {
    let org: Option<Option<i64>> =
        sqlx::query_scalar("SELECT organisation_id FROM users WHERE id = $1 AND membership_pending = 0")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(org.flatten())
}

/// The organisation the user asked to join, while the request waits.
pub async fn pending_organisation(conn: &mut Conn, user_id: i64) -> sqlx::Result<Option<i64>> {
    let org: Option<Option<i64>> =
        sqlx::query_scalar("SELECT organisation_id FROM users WHERE id = $1 AND membership_pending = 1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(org.flatten())
}

/// Whether the organisation already has a confirmed, active account.
pub async fn has_confirmed_members(conn: &mut Conn, organisation_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE organisation_id = $1 AND membership_pending = 0 AND is_active = 1",
    )
    .bind(organisation_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// An account attached to an organisation, confirmed or waiting.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Member {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub job_title: Option<String>,
    pub pending: i64,
    pub created_at: i64,
    pub organisation_id: i64,
    pub organisation: String,
}

pub(super) const MEMBER_COLUMNS: &str = "u.id AS user_id, u.display_name, u.email, u.job_title, \
     u.membership_pending AS pending, u.created_at, o.id AS organisation_id, o.name AS organisation";

/// The active accounts of an organisation, confirmed first, then by name.
pub async fn members(conn: &mut Conn, organisation_id: i64) -> sqlx::Result<Vec<Member>> {
    sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM users u JOIN organisations o ON o.id = u.organisation_id \
         WHERE u.organisation_id = $1 AND u.is_active = 1 ORDER BY u.membership_pending, u.display_name"
    ))
    .bind(organisation_id)
    .fetch_all(conn)
    .await
}

/// Every request to join an organisation still waiting, oldest first.
pub async fn pending_members(conn: &mut Conn) -> sqlx::Result<Vec<Member>> {
    sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM users u JOIN organisations o ON o.id = u.organisation_id \
         WHERE u.membership_pending = 1 AND u.is_active = 1 ORDER BY u.created_at, u.id"
    ))
    .fetch_all(conn)
    .await
}

/// Confirms a waiting membership of `organisation_id`; false when there is none.
pub async fn confirm_member(conn: &mut Conn, user_id: i64, organisation_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET membership_pending = 0 \
         WHERE id = $1 AND organisation_id = $2 AND membership_pending = 1",
    )
    .bind(user_id)
    .bind(organisation_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Refuses a waiting membership: the account stays, attached to no organisation.
pub async fn refuse_member(conn: &mut Conn, user_id: i64, organisation_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET organisation_id = NULL, membership_pending = 0 \
         WHERE id = $1 AND organisation_id = $2 AND membership_pending = 1",
    )
    .bind(user_id)
    .bind(organisation_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
