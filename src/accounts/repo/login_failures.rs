//! Failed logins (`login_failures`), what the lock-out counts.

use crate::db::Conn;

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
