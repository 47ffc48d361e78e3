//! Editions of the label (one a year, one of them current) and their five categories:
//! organisers create an edition, set its calendar, rename its categories and choose which
//! edition is current (the one collectivités apply to).

pub mod model;
pub mod repo;
pub mod routes;

pub fn routes() -> Vec<rocket::Route> {
    routes::routes()
}
