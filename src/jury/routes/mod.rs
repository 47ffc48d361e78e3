//! The handlers of the jury, one file per page group: parse, authorise, call one workflow,
//! render a view. Each file exports only `routes()`.

use crate::db::Conn;
use crate::editions::model::Edition;
use crate::error::{AppError, AppResult};

mod assignment;
mod conflicts;
mod dashboard;
mod jurors;
mod rubric;
mod scoring;
mod workspace;

/// Every route of the jury: the organiser's pages and the juror's workspace.
pub fn routes() -> Vec<rocket::Route> {
    let mut all = workspace::routes();
    all.extend(dashboard::routes());
    all.extend(assignment::routes());
    all.extend(conflicts::routes());
    all.extend(scoring::routes());
    all.extend(rubric::routes());
    all.extend(jurors::routes());
    all
}

/// 404 unless `dossier_id` belongs to `edition`: an act under an edition's URL touches only it.
async fn dossier_in(conn: &mut Conn, edition: &Edition, dossier_id: i64) -> AppResult<()> {
    match crate::applications::repo::dossier(conn, dossier_id).await? {
        Some(d) if d.edition_id == edition.id => Ok(()),
        _ => Err(AppError::NotFound),
    }
}
