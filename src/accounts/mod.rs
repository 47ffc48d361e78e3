//! Accounts: people, their role, their sessions, and how they get in.
//!
//! `core` holds the rules (roles, addresses, names, the password policy, the login lock-out),
//! `repo` the SQL (users, one-time links, failed logins), `service` the workflows (log in,
//! create an account and its link, activate, change a password…), `routes` the handlers and
//! `views` the pages. `session` reads the session cookie into the role guards; `password`
//! hashes with argon2; `tokens` makes and checks the one-time links' secrets.

pub mod core;
pub mod password;
pub mod repo;
mod routes;
pub mod service;
pub mod session;
pub mod tokens;
pub mod views;

/// The rules, under the name other features have used since before `core`.
pub use self::core as model;
pub use self::core::Role;
pub use session::{Applicant, CurrentUser, Juror, Organiser};

pub fn routes() -> Vec<rocket::Route> {
    routes::routes()
}
