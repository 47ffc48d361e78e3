//! The public pages (home, health check) and each role's landing page.

use rocket::http::Status;
use rocket::{get, routes, Route, State};
use rocket_db_pools::Connection;
use serde::Deserialize;

use crate::accounts::{repo, Organiser};
use crate::db::Db;
use crate::error::AppResult;
use crate::web::page::Page;
use crate::web::view::{Html, View};

pub mod views;

pub fn routes() -> Vec<Route> {
    routes![home, health, organiser_home]
}

/// A category of the label as shipped in `fixtures/categories.json`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct CategoryFixture {
    pub slug: String,
    pub name: String,
    pub description: String,
}

pub fn default_categories() -> Vec<CategoryFixture> {
    serde_json::from_str(include_str!("../../fixtures/categories.json"))
        .expect("fixtures/categories.json is valid (checked by a unit test)")
}

#[get("/")]
fn home(page: Page) -> Html {
    views::Home { page: &page, categories: default_categories() }.html()
}

/// For load balancers and supervisors: 200 `ok` when the database answers.
#[get("/sante")]
async fn health(db: &State<Db>) -> (Status, &'static str) {
    match sqlx::query("SELECT 1").execute(db.pool()).await {
        Ok(_) => (Status::Ok, "ok"),
        Err(e) => {
            tracing::error!("santé : la base ne répond pas : {e}");
            (Status::ServiceUnavailable, "base de données indisponible")
        }
    }
}

#[get("/admin")]
async fn organiser_home(_organiser: Organiser, page: Page, mut conn: Connection<Db>) -> AppResult<Html> {
    let counts = repo::count_active_by_role(&mut conn).await?;
    // The organiser's links name an edition: the current one first, then the others.
    let editions = crate::editions::repo::list(&mut conn).await?;
    Ok(views::OrganiserHome::new(&page, counts, editions).html())
}

#[cfg(test)]
mod tests {
    #[test]
    fn five_default_categories() {
        let categories = super::default_categories();
        assert_eq!(categories.len(), 5);
        assert!(categories.iter().all(|c| !c.name.is_empty() && !c.description.is_empty()));
    }
}
