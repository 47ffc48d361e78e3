//! Accounts: people, their role, their sessions, and how they get in.

pub mod admin;
pub mod model;
pub mod password;
pub mod repo;
pub mod routes;
pub mod session;
pub mod tokens;

pub use model::Role;
pub use session::{Applicant, CurrentUser, Juror, Organiser};

pub fn routes() -> Vec<rocket::Route> {
    let mut all = routes::routes();
    all.extend(admin::routes());
    all
}
