//! The handlers of the results: parse, authorise, call a workflow, render a view.

pub mod admin;
pub mod public;
