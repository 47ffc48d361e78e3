//! Applications filed by collectivités: sign-up, the dossier from draft to receipt, and the
//! organisers' view of what came in.

pub mod core;
pub mod export;
pub mod receipt;
pub mod repo;
mod routes;
pub mod service;
pub mod storage;
pub mod views;

/// The rules, under the name other features have used since before `core`.
pub use self::core as model;

pub fn routes() -> Vec<rocket::Route> {
    routes::routes()
}
