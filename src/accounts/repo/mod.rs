//! All SQL about accounts, one file per aggregate: users, one-time links, failed logins.
//! Functions take the connection (or transaction) they are given; callers own commits.

mod login_failures;
mod tokens;
mod users;

pub use login_failures::*;
pub use tokens::*;
pub use users::*;

/// Whether `e` is a refused duplicate (an e-mail, a year…) rather than a failure.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}
