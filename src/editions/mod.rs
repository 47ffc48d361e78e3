//! Editions of the label (one a year, one current) and their categories.

pub mod model;
pub mod repo;
pub mod routes;

pub use routes::routes;
