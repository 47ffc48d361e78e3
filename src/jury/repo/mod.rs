//! SQL of the jury, one module per aggregate. Functions take the connection (or
//! transaction) they are given; callers own commits.

pub mod assignments;
pub mod conflicts;
pub mod criteria;
pub mod dossier_reviews;
pub mod jurors;
pub mod progress;
pub mod reviews;
pub mod score_log;
