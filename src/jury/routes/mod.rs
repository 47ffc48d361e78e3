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
/// The assignment page an act was sent from (its filters and page), to return to it.
#[derive(Debug, rocket::form::FromForm)]
struct FromAssignment {
    categorie: Option<i64>,
    incomplets: Option<String>,
    page: Option<i64>,
}

impl FromAssignment {
    fn query(&self) -> crate::jury::views::admin::AssignmentQuery {
        crate::jury::views::admin::AssignmentQuery::sent(
            self.categorie,
            self.incomplets.as_deref(),
            self.page,
        )
    }
}

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

/// The edition of the URL's year and `item` (a pair, a conflict, a review found by its id) if
/// it concerns a dossier of that edition; 404 otherwise: an act under an edition's URL
/// touches only that edition.
async fn in_edition<T>(
    conn: &mut Conn,
    year: i64,
    item: Option<T>,
    dossier_of: impl FnOnce(&T) -> i64,
) -> AppResult<(Edition, T)> {
    let edition = crate::editions::named(conn, year).await?;
    let item = item.ok_or(AppError::NotFound)?;
    match crate::applications::repo::dossier(conn, dossier_of(&item)).await? {
        Some(d) if d.edition_id == edition.id => Ok((edition, item)),
        _ => Err(AppError::NotFound),
    }
}
