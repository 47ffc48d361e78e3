//! The jury: rubric, jurors, conflicts of interest, assignment and scoring.
//! Decisions live in `core/`, pure and tested on their own: `rubric` (criteria, scale, weighted
//! scores), `conflicts` (automatic conflicts of interest), `assignment` (balanced automatic
//! assignment, solved exactly with the minimum-cost flow of `flow`).

pub mod core;
pub mod repo;
mod routes;
pub mod service;
pub mod views;

/// Every route of the jury: the organiser's pages and the juror's workspace.
pub fn routes() -> Vec<rocket::Route> {
    routes::routes()
}
