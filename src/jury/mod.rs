//! The jury: rubric, jurors, conflicts of interest, assignment and scoring.
//!
//! - `core/`: pure decisions, tested on their own: `rubric` (criteria, scale, weighted
//!   scores), `conflicts` (automatic conflicts of interest), `assignment` (balanced automatic
//!   assignment, solved exactly with the minimum-cost flow of `flow`), `scoring` (reading a
//!   scoring form), `audit` (a review's change log), `progress`, `model`.
//! - `repo/`: the SQL, one file per aggregate, and `dossier_reviews`, the organiser's read
//!   model of a dossier's reviews.
//! - `service`: the workflows (compute and publish an assignment, record or lift a conflict,
//!   save or submit a review, …), called by the handlers and the demo.
//! - `routes/`: the organiser's pages and the juror's workspace; `views/`: one typed view per page.

pub mod core;
pub mod repo;
mod routes;
pub mod service;
pub mod views;

/// Every route of the jury: the organiser's pages and the juror's workspace.
pub fn routes() -> Vec<rocket::Route> {
    routes::routes()
}
