//! All SQL about accounts: users, one-time links and failed logins.
//! Functions take the connection (or transaction) they are given; callers own commits.

use serde::Serialize;
use sqlx::FromRow;

use super::model::{Email, Role};
use crate::db::Conn;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub role: String,
    pub is_active: i64,
    #[serde(skip)]
    pub session_version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_login_at: Option<i64>,
}

impl User {
    pub fn role(&self) -> Role {
        // The CHECK constraint guarantees a known role; an unknown one gets the least power.
        Role::parse(&self.role).unwrap_or(Role::Applicant)
    }

    pub fn active(&self) -> bool {
        self.is_active != 0
    }

    pub fn activated(&self) -> bool {
        self.password_hash.is_some()
    }
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, role, is_active, session_version, \
                            created_at, updated_at, last_login_at";

pub async fn find_by_id(conn: &mut Conn, id: i64) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn find_by_email(conn: &mut Conn, email: &str) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"))
        .bind(Email::normalise(email))
        .fetch_optional(conn)
        .await
}

pub struct NewUser<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: Option<&'a str>,
}

/// Inserts a user; `Ok(None)` when the e-mail is already taken.
pub async fn insert(conn: &mut Conn, user: &NewUser<'_>, now: i64) -> sqlx::Result<Option<i64>> {
    let result = sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, role, is_active, session_version, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, 1, 1, $5, $5) RETURNING id",
    )
    .bind(user.email.as_str())
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(now)
    .fetch_one(conn)
    .await;
    match result {
        Ok(id) => Ok(Some(id)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

/// Sets a new password hash and ends every open session; returns the new session version.
pub async fn set_password(conn: &mut Conn, id: i64, hash: &str, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "UPDATE users SET password_hash = $2, session_version = session_version + 1, updated_at = $3 \
         WHERE id = $1 RETURNING session_version",
    )
    .bind(id)
    .bind(hash)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Ends every session of the user.
pub async fn end_sessions(conn: &mut Conn, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET session_version = session_version + 1 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Disables or re-enables an account; disabling ends its sessions.
pub async fn set_active(conn: &mut Conn, id: i64, active: bool, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET is_active = $2, session_version = session_version + 1, updated_at = $3 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(i64::from(active))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_display_name(conn: &mut Conn, id: i64, name: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET display_name = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(name)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_login(conn: &mut Conn, id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET last_login_at = $2 WHERE id = $1").bind(id).bind(now).execute(conn).await?;
    Ok(())
}

/// Filters of the organisers' list of accounts.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    /// Matches the e-mail or the name, case-insensitively.
    pub text: String,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

const USER_FILTER: &str =
    "WHERE (LOWER(email) LIKE $1 ESCAPE '\\' OR LOWER(display_name) LIKE $1 ESCAPE '\\') \
                           AND ($2 = '' OR role = $2) AND ($3 < 0 OR is_active = $3)";

pub async fn list(
    conn: &mut Conn,
    filter: &UserFilter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<User>, i64)> {
    let pattern = like_pattern(&filter.text);
    let role = filter.role.map(Role::as_str).unwrap_or("");
    let active = filter.active.map(i64::from).unwrap_or(-1);
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM users {USER_FILTER}"))
        .bind(&pattern)
        .bind(role)
        .bind(active)
        .fetch_one(&mut *conn)
        .await?;
    let users = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users {USER_FILTER} ORDER BY role, LOWER(display_name), id LIMIT $4 OFFSET $5"
    ))
    .bind(&pattern)
    .bind(role)
    .bind(active)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    Ok((users, total))
}

/// Number of active accounts per role, in `Role::ALL` order.
pub async fn count_active_by_role(conn: &mut Conn) -> sqlx::Result<Vec<(Role, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT role, COUNT(*) FROM users WHERE is_active = 1 GROUP BY role")
            .fetch_all(conn)
            .await?;
    Ok(Role::ALL
        .into_iter()
        .map(|role| {
            let n = rows.iter().find(|(r, _)| r == role.as_str()).map_or(0, |(_, n)| *n);
            (role, n)
        })
        .collect())
}

// --- One-time links -------------------------------------------------------------------

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

// --- Failed logins --------------------------------------------------------------------

/// Records a failed login for `email` from the client address `client` ("" when unknown).
pub async fn record_failure(conn: &mut Conn, email: &str, client: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO login_failures (email, client, attempted_at) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(client)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// The times of the failed logins for `email` from `client` since `since`.
pub async fn failures_since(
    conn: &mut Conn,
    email: &str,
    client: &str,
    since: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT attempted_at FROM login_failures WHERE email = $1 AND client = $2 AND attempted_at >= $3",
    )
    .bind(email)
    .bind(client)
    .bind(since)
    .fetch_all(conn)
    .await
}

/// The times of every failed login from `client` since `since`, whatever the e-mail.
pub async fn address_failures_since(conn: &mut Conn, client: &str, since: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT attempted_at FROM login_failures WHERE client = $1 AND attempted_at >= $2")
        .bind(client)
        .bind(since)
        .fetch_all(conn)
        .await
}

/// Forgets an e-mail's failures after a successful login, and everyone's stale ones.
pub async fn clear_failures(conn: &mut Conn, email: &str, stale_before: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1 OR attempted_at < $2")
        .bind(email)
        .bind(stale_before)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(super::like_pattern(" Mairie_50% "), "%mairie\\_50\\%%");
    }
}
