//! Results: the transparent ranking of the dossiers from the jury's reviews, the deliberation,
//! the published palmarès and its certificates.
//!
//! - `core/`: pure decisions, tested on their own: `ranking` (aggregates, severity correction,
//!   ties, flags), `deliberation` (every method side by side), `laureates` (proposals and
//!   adjustments), `release` (the checks before publishing), `settings` (the settings and their
//!   form), `certificate` (the page's layout), `export` (the CSV).
//! - `repo/`: the SQL, one file per aggregate.
//! - `service`: the workflows (deliberate, record an adjustment, update the settings, publish a
//!   palmarès, issue the certificates), called by the handlers, the CLI and the demo.
//! - `routes/`: the organiser's pages and the public ones; `views`: one typed view per page.

pub mod core;
pub mod repo;
mod routes;
pub mod service;
pub mod views;

pub use self::core::{certificate, deliberation, export, laureates, ranking, release};
pub use self::repo::publications;

/// Every route of the results: the organiser's deliberation and the public palmarès.
pub fn routes() -> Vec<rocket::Route> {
    let mut all = routes::admin::routes();
    all.extend(routes::public::routes());
    all
}
