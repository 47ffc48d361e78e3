//! The jury: rubric, jurors, conflicts of interest, assignment and scoring.
//! Decisions live in `core/`, pure and tested on their own: `rubric` (criteria, scale, weighted
//! scores), `conflicts` (automatic conflicts of interest), `assignment` (balanced automatic
//! assignment, solved exactly with the minimum-cost flow of `flow`).

pub mod admin;
pub mod admin_jurors;
pub mod admin_rubric;
pub mod core;
pub mod dossier_reviews;
pub mod repo;
pub mod service;
pub mod views;
pub mod workspace;
