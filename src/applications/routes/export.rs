//! `/admin/editions/<year>/candidatures.csv`: every dossier of an edition for a spreadsheet,
//! in the French form (`;`, BOM) or, with `?format=virgule`, the plain one.

use rocket::http::ContentType;
use rocket::{get, routes, Route};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::applications::export::{self, Dialect};
use crate::applications::repo;
use crate::db::Db;
use crate::editions::named;
use crate::error::{AppError, AppResult};
use crate::web::Download;

pub fn routes() -> Vec<Route> {
    routes![export_csv]
}

#[get("/admin/editions/<year>/candidatures.csv?<format>")]
async fn export_csv(
    _o: Organiser,
    mut conn: Connection<Db>,
    year: i64,
    format: Option<&str>,
) -> AppResult<Download> {
    let edition = named(&mut conn, year).await?;
    let dialect = if format == Some("virgule") { Dialect::Plain } else { Dialect::French };
    let rows = repo::export_rows(&mut conn, edition.id).await?;
    let bytes = export::to_csv(&rows, dialect).map_err(AppError::internal)?;
    let suffix = if dialect == Dialect::Plain { "-virgule" } else { "" };
    Ok(Download {
        bytes,
        content_type: ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        file_name: format!("candidatures-{}{suffix}.csv", edition.year),
    })
}
