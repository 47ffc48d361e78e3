//! One-time links (`account_tokens`): stored by their hash, used once.

use sqlx::FromRow;

use crate::db::Conn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    /// First password of an account created by an organiser.
    Activation,
    /// A new password for an account that already had one.
    Reset,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Activation => "activation",
            TokenPurpose::Reset => "reset",
        }
    }
}

/// Stores a new link (by its hash) and revokes the user's earlier unused ones.
pub async fn create_token(
    conn: &mut Conn,
    user_id: i64,
    token_hash: &str,
    purpose: TokenPurpose,
    created_by: Option<i64>,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO account_tokens (user_id, token_hash, purpose, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct ValidToken {
    pub id: i64,
    pub user_id: i64,
    pub expires_at: i64,
}

/// The unused, unexpired link with this hash, if any.
pub async fn find_valid_token(
    conn: &mut Conn,
    token_hash: &str,
    now: i64,
) -> sqlx::Result<Option<ValidToken>> {
    sqlx::query_as(
        "SELECT id, user_id, expires_at FROM account_tokens \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Marks a link used; `false` if someone else used it first (the link works once).
pub async fn consume_token(conn: &mut Conn, id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE account_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
