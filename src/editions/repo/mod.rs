//! All SQL about editions, one file per aggregate: editions and their categories.
//! Functions take the connection (or transaction) they are given; callers own commits.

mod categories;
mod editions;

pub use categories::*;
pub use editions::*;
