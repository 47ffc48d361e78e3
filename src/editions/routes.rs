//! Organisers set up editions and edit their categories.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;
use rocket_dyn_templates::Template;
use serde_json::json;

use super::model::{Edition, EditionForm, Phase};
use super::repo;
use crate::accounts::Organiser;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![list, new_page, create, edit_page, update, make_current, update_category]
}

#[get("/admin/editions")]
async fn list(_o: Organiser, page: Page, mut conn: Connection<Db>) -> AppResult<Template> {
    let now = db::now();
    let rows: Vec<_> = repo::list(&mut conn)
        .await?
        .into_iter()
        .map(|e| json!({ "phase": Phase::of(&e, now).label(), "edition": e }))
        .collect();
    Ok(page.render("editions/list", json!({ "editions": rows })))
}

fn form_state(form: &EditionForm) -> FormState {
    form.pairs().into_iter().fold(FormState::new(), |s, (k, v)| s.keep(k, v))
}

fn form_page(
    page: &Page,
    state: &FormState,
    edition: Option<&Edition>,
    categories: serde_json::Value,
) -> Template {
    page.render("editions/form", json!({ "form": state, "edition": edition, "categories": categories }))
}

#[get("/admin/editions/nouvelle")]
fn new_page(_o: Organiser, page: Page) -> Template {
    let year = chrono::Datelike::year(&chrono::Utc::now()) as i64 + 1;
    let form = EditionForm {
        year: year.to_string(),
        title: format!("Label Territoires Innovants {year}"),
        laureates_count: "25".into(),
        ..<EditionForm as Default>::default()
    };
    form_page(&page, &form_state(&form), None, json!([]))
}

#[post("/admin/editions/nouvelle", data = "<form>")]
async fn create(_o: Organiser, page: Page, db: &State<Db>, form: CsrfForm<EditionForm>) -> AppResult<Reply> {
    let form = form.into_inner();
    let mut state = form_state(&form);
    let new = match form.validate() {
        Ok(new) => new,
        Err(errors) => {
            errors.into_iter().for_each(|(f, m)| state.error(f, m));
            return Ok(Reply::status(Status::UnprocessableEntity, form_page(&page, &state, None, json!([]))));
        }
    };
    let mut tx = db.pool().begin().await?;
    let Some(id) = repo::create(&mut tx, &new, &crate::site::default_categories(), db::now()).await? else {
        state.error("year", "Une édition existe déjà pour cette année.");
        return Ok(Reply::status(Status::UnprocessableEntity, form_page(&page, &state, None, json!([]))));
    };
    let first = repo::current(&mut tx).await?.is_none();
    if first {
        repo::set_current(&mut tx, id).await?;
    }
    tx.commit().await?;
    let message = if first {
        format!("L’édition {} est créée avec ses cinq catégories ; c’est l’édition en cours.", new.year)
    } else {
        format!("L’édition {} est créée avec ses cinq catégories.", new.year)
    };
    Ok(Reply::success(format!("/admin/editions/{}", new.year), message))
}

async fn edition_or_404(conn: &mut crate::db::Conn, year: i64) -> AppResult<Edition> {
    repo::by_year(conn, year).await?.ok_or(AppError::NotFound)
}

#[get("/admin/editions/<year>")]
async fn edit_page(_o: Organiser, page: Page, mut conn: Connection<Db>, year: i64) -> AppResult<Template> {
    let edition = edition_or_404(&mut conn, year).await?;
    let categories = repo::categories(&mut conn, edition.id).await?;
    let state = form_state(&EditionForm::from_edition(&edition));
    Ok(form_page(&page, &state, Some(&edition), json!(categories)))
}

#[post("/admin/editions/<year>", data = "<form>")]
async fn update(
    _o: Organiser,
    page: Page,
    mut conn: Connection<Db>,
    year: i64,
    form: CsrfForm<EditionForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let edition = edition_or_404(&mut conn, year).await?;
    let categories = json!(repo::categories(&mut conn, edition.id).await?);
    let mut state = form_state(&form);
    let new = match form.validate() {
        Ok(new) => new,
        Err(errors) => {
            errors.into_iter().for_each(|(f, m)| state.error(f, m));
            return Ok(Reply::status(
                Status::UnprocessableEntity,
                form_page(&page, &state, Some(&edition), categories),
            ));
        }
    };
    if !repo::update(&mut conn, edition.id, &new, db::now()).await? {
        state.error("year", "Une autre édition existe déjà pour cette année.");
        return Ok(Reply::status(
            Status::UnprocessableEntity,
            form_page(&page, &state, Some(&edition), categories),
        ));
    }
    Ok(Reply::success(format!("/admin/editions/{}", new.year), "Les réglages de l’édition sont enregistrés."))
}

#[post("/admin/editions/<year>/courante", data = "<_form>")]
async fn make_current(
    _o: Organiser,
    db: &State<Db>,
    year: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    let mut tx = db.pool().begin().await?;
    let edition = edition_or_404(&mut tx, year).await?;
    repo::set_current(&mut tx, edition.id).await?;
    tx.commit().await?;
    Ok(Reply::success("/admin/editions", format!("L’édition {year} est désormais l’édition en cours.")))
}

#[derive(Debug, FromForm)]
struct CategoryForm {
    #[field(default = String::new())]
    name: String,
    #[field(default = String::new())]
    description: String,
}

#[post("/admin/editions/<year>/categories/<id>", data = "<form>")]
async fn update_category(
    _o: Organiser,
    mut conn: Connection<Db>,
    year: i64,
    id: i64,
    form: CsrfForm<CategoryForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let edition = edition_or_404(&mut conn, year).await?;
    let back = format!("/admin/editions/{year}#categorie-{id}");
    let name = form.name.trim();
    let description = form.description.trim();
    if !(3..=120).contains(&name.chars().count()) {
        return Ok(Reply::error(
            back,
            "Le nom d’une catégorie compte de 3 à 120 caractères : rien n’a été modifié.",
        ));
    }
    if description.chars().count() > 2000 {
        return Ok(Reply::error(
            back,
            "La description compte 2 000 caractères au plus : rien n’a été modifié.",
        ));
    }
    if !repo::update_category(&mut conn, edition.id, id, name, description).await? {
        return Err(AppError::NotFound);
    }
    Ok(Reply::success(back, format!("La catégorie « {name} » est enregistrée.")))
}
