//! Editions of the label (one a year, one of them current) and their five categories:
//! organisers create an edition, set its calendar, rename its categories and choose which
//! edition is current (the one collectivités apply to).
//!
//! `core` holds the types and rules (forms, Paris time, phases), `repo` the SQL (editions,
//! categories), `service` the workflows, `routes` the handlers (with the redirects from the
//! old organiser addresses) and `views` the pages.

pub mod core;
pub mod repo;
mod routes;
pub mod service;
pub mod views;

/// The types and rules, under the name other features have used since before `core`.
pub use self::core as model;

/// The organisers' edition pages and the redirects from the addresses of before.
pub fn routes() -> Vec<rocket::Route> {
    routes::routes()
}

use self::core::Edition;
use crate::db::Conn;
use crate::error::{AppError, AppResult};

/// The edition an organiser URL names (`/admin/editions/<year>/…`): every organiser act acts
/// on it, never on "the current one". 404 when no edition has that year.
pub async fn named(conn: &mut Conn, year: i64) -> AppResult<Edition> {
    repo::by_year(conn, year).await?.ok_or(AppError::NotFound)
}

/// The URL prefix of an edition's organiser pages.
pub fn admin_base(year: i64) -> String {
    format!("/admin/editions/{year}")
}
