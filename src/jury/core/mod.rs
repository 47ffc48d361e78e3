//! The pure decisions of the jury: no connection, no request, no clock. `rubric` (criteria,
//! scale, weighted scores), `conflicts` (automatic conflicts of interest), `assignment`
//! (balanced automatic assignment, solved exactly with the minimum-cost flow of `flow`),
//! `scoring` (reading a scoring form), `progress` (who scored what), `pick` (the juror an
//! organiser named), `model` (small vocabularies and the review's marks), `audit` (the
//! review's change log).

pub mod assignment;
pub mod audit;
pub mod conflicts;
pub mod flow;
pub mod model;
pub mod pick;
pub mod progress;
pub mod rubric;
pub mod scoring;
