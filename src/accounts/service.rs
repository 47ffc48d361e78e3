//! The account workflows, one per act people name: log in, log out, change one's name or
//! password, choose a password through a one-time link, and, for organisers, create an
//! account with its activation link, issue a new link, disable or re-enable an account.
//!
//! Each takes the open write transaction it works in (the caller commits), except `log_in`:
//! it must read the failures, spend the time of a password check, then write what happened,
//! and holding a write transaction during an argon2 check would make every other writer wait.
//! Password hashes are computed by the caller before the transaction, for the same reason.

use super::core::{lockout, DisplayName, Email, Role};
use super::password;
use super::repo::{self, NewUser, User, ValidToken};
use super::tokens::{self, IssuedLink};
use crate::db::{Conn, Db};
use crate::error::{AppError, AppResult};

/// A new account as an organiser (or the CLI, or the demo) describes it.
pub struct NewAccount<'a> {
    pub email: &'a Email,
    pub name: &'a DisplayName,
    pub role: Role,
}

/// Creates an account without a password and issues its activation link.
/// `Ok(None)` when the e-mail is taken (on PostgreSQL the transaction is then spoilt: drop it).
pub async fn create_account(
    conn: &mut Conn,
    new: &NewAccount<'_>,
    by: i64,
    now: i64,
) -> AppResult<Option<(User, IssuedLink)>> {
    let user =
        NewUser { email: new.email, display_name: new.name.as_str(), role: new.role, password_hash: None };
    let Some(id) = repo::insert(conn, &user, now).await? else {
        return Ok(None);
    };
    let account = repo::find_by_id(conn, id).await?.ok_or(AppError::NotFound)?;
    let link = tokens::issue(conn, &account, Some(by), now).await?;
    tracing::info!(by, user = id, role = new.role.as_str(), "compte créé");
    Ok(Some((account, link)))
}

/// Creates an account that already has its password (the CLI's organiser, the demo's logins).
/// `Ok(None)` when the e-mail is taken.
pub async fn create_account_with_password(
    conn: &mut Conn,
    new: &NewAccount<'_>,
    hash: &str,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let user = NewUser {
        email: new.email,
        display_name: new.name.as_str(),
        role: new.role,
        password_hash: Some(hash),
    };
    repo::insert(conn, &user, now).await
}

/// Issues a new one-time link for an active account; the earlier ones stop working.
pub async fn issue_link(conn: &mut Conn, id: i64, by: i64, now: i64) -> AppResult<(User, IssuedLink)> {
    let account = repo::find_by_id(conn, id).await?.ok_or(AppError::NotFound)?;
    if !account.active() {
        return Err(AppError::BadRequest("compte désactivé"));
    }
    let link = tokens::issue(conn, &account, Some(by), now).await?;
    tracing::info!(by, user = id, "nouveau lien à usage unique");
    Ok((account, link))
}

/// What disabling or re-enabling an account did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    Done,
    /// Organisers never disable their own account (nobody could re-enable it).
    OwnAccount,
}

/// Disables (ending its sessions) or re-enables account `id`; 404 when there is none.
pub async fn set_active(
    conn: &mut Conn,
    by: i64,
    id: i64,
    active: bool,
    now: i64,
) -> AppResult<StatusChange> {
    if by == id {
        return Ok(StatusChange::OwnAccount);
    }
    if !repo::set_active(conn, id, active, now).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(by, user = id, active, "statut du compte modifié");
    Ok(StatusChange::Done)
}

/// Renames one's own account.
pub async fn rename(conn: &mut Conn, user_id: i64, name: &DisplayName, now: i64) -> sqlx::Result<()> {
    repo::set_display_name(conn, user_id, name.as_str(), now).await
}

/// Stores a new password (its `hash`) and ends every session; returns the new session
/// version, for the session of the browser that made the change.
pub async fn change_password(conn: &mut Conn, user_id: i64, hash: &str, now: i64) -> sqlx::Result<i64> {
    let version = repo::set_password(conn, user_id, hash, now).await?;
    tracing::info!(user = user_id, "mot de passe modifié");
    Ok(version)
}

/// Chooses a password through one-time link `token`: consumes it, stores the password and
/// records the login. `Ok(None)` when someone used the link first (it works once); else the
/// new session version.
pub async fn activate(
    conn: &mut Conn,
    token: &ValidToken,
    hash: &str,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    // Consuming first makes the link work once, even under two simultaneous submissions.
    if !repo::consume_token(conn, token.id, now).await? {
        return Ok(None);
    }
    let version = repo::set_password(conn, token.user_id, hash, now).await?;
    repo::record_login(conn, token.user_id, now).await?;
    tracing::info!(user = token.user_id, "mot de passe choisi par lien à usage unique");
    Ok(Some(version))
}

/// Logs out: ends every session of this person, on every device.
pub async fn log_out(conn: &mut Conn, user_id: i64) -> sqlx::Result<()> {
    repo::end_sessions(conn, user_id).await?;
    tracing::info!(user = user_id, "déconnexion");
    Ok(())
}

/// Which lock refused a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// This e-mail from this client address.
    Account { until: i64 },
    /// Every e-mail from this client address.
    Address { until: i64 },
}

impl Lock {
    /// What the login form says, at `now`.
    pub fn message(self, now: i64) -> String {
        match self {
            Lock::Account { until } => lockout::locked_message(until, now),
            Lock::Address { until } => lockout::address_locked_message(until, now),
        }
    }
}

/// What became of a login attempt.
#[derive(Debug)]
pub enum LoginOutcome {
    LoggedIn(User),
    /// Refused without checking the password.
    Locked(Lock),
    /// The right password for a disabled account.
    Disabled,
    /// A wrong e-mail or password, recorded; `Some` when this failure locks.
    Refused(Option<Lock>),
}

/// Logs in `email` (as typed) with `secret` from `client` ("" when unknown), throttled per
/// (e-mail, address) and per address (see `lockout`). Opens its own write transactions on
/// `conn`, only once the password is checked.
pub async fn log_in(
    db: &Db,
    conn: &mut Conn,
    email: &str,
    secret: String,
    client: &str,
    now: i64,
) -> AppResult<LoginOutcome> {
    let email = Email::normalise(email);
    let since = lockout::lookback(now);
    let mut from_address = repo::address_failures_since(conn, client, since).await?;
    if let Some(until) = lockout::address_locked_until(&from_address, now) {
        tracing::warn!(%client, "connexion refusée : trop d’échecs depuis cette adresse réseau");
        return Ok(LoginOutcome::Locked(Lock::Address { until }));
    }
    let mut failures = repo::failures_since(conn, &email, client, since).await?;
    if let Some(until) = lockout::locked_until(&failures, now) {
        tracing::warn!(%email, %client, "connexion refusée : adresse bloquée après des échecs répétés");
        return Ok(LoginOutcome::Locked(Lock::Account { until }));
    }

    let user = repo::find_by_email(conn, &email).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let valid = password::verify_async(secret, hash).await;

    match user {
        Some(user) if valid && user.active() => {
            let mut tx = db.begin_write_on(conn).await?;
            repo::clear_failures(&mut tx, &email, since).await?;
            repo::record_login(&mut tx, user.id, now).await?;
            tx.commit().await?;
            tracing::info!(user = user.id, "connexion");
            Ok(LoginOutcome::LoggedIn(user))
        }
        Some(user) if valid => {
            tracing::warn!(user = user.id, "connexion refusée : compte désactivé");
            Ok(LoginOutcome::Disabled)
        }
        _ => {
            let mut tx = db.begin_write_on(conn).await?;
            repo::record_failure(&mut tx, &email, client, now).await?;
            tx.commit().await?;
            failures.push(now);
            from_address.push(now);
            tracing::warn!(%email, %client, count = failures.len(), "échec de connexion");
            let lock = match (
                lockout::locked_until(&failures, now),
                lockout::address_locked_until(&from_address, now),
            ) {
                (Some(until), _) => Some(Lock::Account { until }),
                (None, Some(until)) => Some(Lock::Address { until }),
                (None, None) => None,
            };
            Ok(LoginOutcome::Refused(lock))
        }
    }
}
