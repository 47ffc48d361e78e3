//! The `users` table: accounts, their password hash, role, status and session version.

use serde::Serialize;
use sqlx::FromRow;

use super::is_unique_violation;
use crate::accounts::core::{AccountStatus, Email, Role};
use crate::db::Conn;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    /// An unknown role in the table is an error when the row is read, never a default.
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub is_active: i64,
    #[serde(skip)]
    pub session_version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_login_at: Option<i64>,
}

impl User {
    pub fn role(&self) -> Role {
        self.role
    }

    pub fn active(&self) -> bool {
        self.is_active != 0
    }

    pub fn activated(&self) -> bool {
        self.password_hash.is_some()
    }

    pub fn status(&self) -> AccountStatus {
        AccountStatus::of(self.active(), self.activated())
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

#[cfg(test)]
mod tests {
    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(super::like_pattern(" Mairie_50% "), "%mairie\\_50\\%%");
    }
}
