//! Editions of the label (one a year, one of them current) and their five categories:
//! organisers create an edition, set its calendar, rename its categories and choose which
//! edition is current (the one collectivités apply to).

pub mod model;
pub mod repo;
pub mod routes;

pub fn routes() -> Vec<rocket::Route> {
    routes::routes()
}
pub mod redirects;

use crate::db::Conn;
use crate::error::{AppError, AppResult};
use model::Edition;

/// The edition an organiser URL names (`/admin/editions/<year>/…`): every organiser act acts
/// on it, never on "the current one". 404 when no edition has that year.
pub async fn named(conn: &mut Conn, year: i64) -> AppResult<Edition> {
    repo::by_year(conn, year).await?.ok_or(AppError::NotFound)
}

/// The URL prefix of an edition's organiser pages.
pub fn admin_base(year: i64) -> String {
    format!("/admin/editions/{year}")
}
