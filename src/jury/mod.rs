//! The jury: rubric, jurors, conflicts of interest, assignment and scoring.
//! Decisions live in pure modules, tested on their own: `rubric` (criteria, scale, weighted
//! scores), `conflicts` (automatic conflicts of interest), `assignment` (balanced automatic
//! assignment, solved exactly with the minimum-cost flow of `flow`).

pub mod admin;
pub mod admin_jurors;
pub mod admin_rubric;
pub mod assignment;
pub mod conflicts;
pub mod dossier_reviews;
pub mod flow;
pub mod model;
pub mod progress;
pub mod repo;
pub mod rubric;
pub mod scoring;
pub mod service;
pub mod views;
pub mod workspace;
