//! Applications filed by collectivités: sign-up, the dossier from draft to receipt, and the
//! organisers' view of what came in.
//!
//! `core` holds the rules (the dossier's states, who may see it, the form and its validation,
//! the deadline, reference and fingerprint, accepted uploads, eligibility rulings, the
//! receipt's layout), `repo` the SQL (one file per aggregate), `service` the workflows (sign
//! up, decide a membership, create, save, deposit, withdraw a dossier, add or remove an
//! attachment, rule on eligibility, reopen, restore), `routes` the handlers and `views` the
//! pages. `storage` keeps the attachments' files; `export` writes the CSV.

pub mod core;
pub mod export;
pub mod repo;
mod routes;
pub mod service;
pub mod storage;
pub mod views;

/// The rules, under the name other features have used since before `core`.
pub use self::core as model;
/// The receipt of deposit, under its earlier path (the bench renders it).
pub use self::core::receipt;

pub fn routes() -> Vec<rocket::Route> {
    routes::routes()
}
