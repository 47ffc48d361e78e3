//! Organisers list, create and set up editions, rename their categories and choose the
//! current one.

use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;
use rocket_dyn_templates::Template;
use serde_json::json;

use super::model::{self, Category, CategoryForm, Edition, EditionForm, FieldErrors};
use super::repo;
use crate::accounts::Organiser;
use crate::db::{self, Conn, Db};
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![list, new_page, create, edit_page, update, make_current_page, make_current, update_category]
}

#[get("/admin/editions")]
async fn list(_organiser: Organiser, page: Page, mut conn: Connection<Db>) -> AppResult<Template> {
    let now = db::now();
    let rows: Vec<_> = repo::list(&mut conn)
        .await?
        .into_iter()
        .map(|e| json!({ "phase": model::phase_label(&e, now), "current": e.current(), "edition": e }))
        .collect();
    Ok(page.render("editions/list", json!({ "editions": rows })))
}

/// The values typed (or stored) plus `errors`, for the template's macros.
fn form_state(form: &EditionForm, errors: FieldErrors) -> FormState {
    let mut state = form.pairs().into_iter().fold(FormState::new(), |s, (field, value)| s.keep(field, value));
    for (field, message) in errors {
        state.error(field, message);
    }
    state
}

/// The key of a category's field in the page's `FormState`: also the id of its input.
fn category_key(category_id: i64, field: &str) -> String {
    format!("categorie-{category_id}-{field}")
}

fn form_page(page: &Page, form: &FormState, edition: Option<&Edition>, categories: &[Category]) -> Template {
    let now = db::now();
    page.render(
        "editions/form",
        json!({
            "form": form,
            "edition": edition,
            "current": edition.is_some_and(Edition::current),
            "phase": edition.map(|e| model::phase_label(e, now)),
            "categories": categories,
            "category_count": crate::site::default_categories().len(),
        }),
    )
}

fn invalid(template: Template) -> Reply {
    Reply::status(Status::UnprocessableEntity, template)
}

/// A number in a path; anything else is a page that does not exist (Rocket would answer 422).
fn number_or_404(segment: &str) -> AppResult<i64> {
    segment.parse().map_err(|_| AppError::NotFound)
}

async fn edition_or_404(conn: &mut Conn, year: &str) -> AppResult<Edition> {
    repo::by_year(conn, number_or_404(year)?).await?.ok_or(AppError::NotFound)
}

#[get("/admin/editions/nouvelle")]
async fn new_page(_organiser: Organiser, page: Page, mut conn: Connection<Db>) -> AppResult<Template> {
    let years: Vec<i64> = repo::list(&mut conn).await?.iter().map(|e| e.year).collect();
    let form = EditionForm::blank(model::suggested_year(&years, db::now()));
    Ok(form_page(&page, &form_state(&form, Vec::new()), None, &[]))
}

#[post("/admin/editions/nouvelle", data = "<form>")]
async fn create(
    organiser: Organiser,
    page: Page,
    db: &State<Db>,
    form: CsrfForm<EditionForm, Report>,
) -> AppResult<Reply> {
    let (form, refused) = form.into_parts();
    let new = match form.validate() {
        Ok(new) if refused.is_empty() => new,
        result => {
            let state = refused.reported(form_state(&form, result.err().unwrap_or_default()), "");
            return Ok(invalid(form_page(&page, &state, None, &[])));
        }
    };
    let mut tx = db.begin_write().await?;
    let Some(id) = repo::create(&mut tx, &new, &crate::site::default_categories(), db::now()).await? else {
        let taken = vec![("year", format!("Une édition existe déjà pour l’année {}.", new.year))];
        return Ok(invalid(form_page(&page, &form_state(&form, taken), None, &[])));
    };
    // The first edition (or any, while none is current) becomes current: the application
    // needs one to take applications.
    let becomes_current = repo::current(&mut tx).await?.is_none();
    if becomes_current {
        repo::set_current(&mut tx, id).await?;
    }
    tx.commit().await?;
    tracing::info!(by = organiser.0.id, edition = id, year = new.year, becomes_current, "édition créée");
    let message = if becomes_current {
        format!("L’édition {} est créée avec ses catégories. C’est désormais l’édition en cours.", new.year)
    } else {
        format!("L’édition {} est créée avec ses catégories.", new.year)
    };
    Ok(Reply::success(format!("/admin/editions/{}", new.year), message))
}

#[get("/admin/editions/<year>")]
async fn edit_page(
    _organiser: Organiser,
    page: Page,
    mut conn: Connection<Db>,
    year: &str,
) -> AppResult<Template> {
    let edition = edition_or_404(&mut conn, year).await?;
    let categories = repo::categories(&mut conn, edition.id).await?;
    let state = form_state(&EditionForm::from_edition(&edition), Vec::new());
    Ok(form_page(&page, &state, Some(&edition), &categories))
}

#[post("/admin/editions/<year>", data = "<form>")]
async fn update(
    organiser: Organiser,
    page: Page,
    db: &State<Db>,
    mut conn: Connection<Db>,
    year: &str,
    form: CsrfForm<EditionForm, Report>,
) -> AppResult<Reply> {
    let (form, refused) = form.into_parts();
    let edition = edition_or_404(&mut conn, year).await?;
    let new = match form.validate() {
        Ok(new) if refused.is_empty() => new,
        result => {
            let categories = repo::categories(&mut conn, edition.id).await?;
            let state = refused.reported(form_state(&form, result.err().unwrap_or_default()), "");
            return Ok(invalid(form_page(&page, &state, Some(&edition), &categories)));
        }
    };
    // One statement, outside any transaction: a refused year leaves nothing to roll back.
    let mut tx = db.begin_write_on(&mut conn).await?;
    let updated = repo::update(&mut tx, edition.id, &new, db::now()).await?;
    tx.commit().await?;
    if !updated {
        let categories = repo::categories(&mut conn, edition.id).await?;
        let taken = vec![("year", format!("Une autre édition existe déjà pour l’année {}.", new.year))];
        return Ok(invalid(form_page(&page, &form_state(&form, taken), Some(&edition), &categories)));
    }
    tracing::info!(
        by = organiser.0.id,
        edition = edition.id,
        year = new.year,
        "réglages de l’édition modifiés"
    );
    Ok(Reply::success(format!("/admin/editions/{}", new.year), "Les réglages de l’édition sont enregistrés."))
}

/// The edition whose jurors would be locked out if `edition` became current at `now`: the
/// current one, when it is another and is in its jury phase.
fn locked_out(current: Option<Edition>, edition: &Edition, now: i64) -> Option<Edition> {
    current.filter(|c| c.id != edition.id && c.in_jury_phase(now))
}

/// Changing the current edition while jurors are at work: what it does, before it is done.
#[get("/admin/editions/<year>/courante")]
async fn make_current_page(
    _organiser: Organiser,
    page: Page,
    mut conn: Connection<Db>,
    year: &str,
) -> AppResult<Reply> {
    let edition = edition_or_404(&mut conn, year).await?;
    let Some(current) = locked_out(repo::current(&mut conn).await?, &edition, db::now()) else {
        // Nobody is locked out: the button on the list does it at once.
        return Ok(Reply::redirect("/admin/editions"));
    };
    let jurors = crate::jury::admin::review_count(&mut conn, &current).await?;
    Ok(Reply::page(page.render(
        "editions/current_confirm",
        json!({ "edition": edition, "current": current, "count": jurors, "missing": jurors.assigned - jurors.submitted }),
    )))
}

#[derive(Debug, rocket::FromForm)]
struct CurrentForm {
    #[field(default = String::new())]
    confirmer: String,
}

#[post("/admin/editions/<year>/courante", data = "<form>")]
async fn make_current(
    organiser: Organiser,
    db: &State<Db>,
    year: &str,
    form: CsrfForm<CurrentForm>,
) -> AppResult<Reply> {
    let mut tx = db.begin_write().await?;
    let edition = edition_or_404(&mut tx, year).await?;
    if locked_out(repo::current(&mut tx).await?, &edition, db::now()).is_some()
        && form.into_inner().confirmer != "oui"
    {
        // Jurors are at work on the current edition: say what this does first.
        return Ok(Reply::redirect(format!("/admin/editions/{}/courante", edition.year)));
    }
    if !repo::set_current(&mut tx, edition.id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(by = organiser.0.id, edition = edition.id, "édition en cours choisie");
    let message = format!("L’édition {} est désormais l’édition en cours.", edition.year);
    Ok(Reply::success("/admin/editions", message))
}

#[post("/admin/editions/<year>/categories/<id>", data = "<form>")]
async fn update_category(
    organiser: Organiser,
    page: Page,
    db: &State<Db>,
    mut conn: Connection<Db>,
    year: &str,
    id: &str,
    form: CsrfForm<CategoryForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let edition = edition_or_404(&mut conn, year).await?;
    let id = number_or_404(id)?;
    let categories = repo::categories(&mut conn, edition.id).await?;
    if !categories.iter().any(|c| c.id == id) {
        return Err(AppError::NotFound);
    }
    let text = match form.validate() {
        Ok(text) => text,
        Err(errors) => {
            // The settings as stored, this category as typed, its errors next to its fields.
            let mut state = form_state(&EditionForm::from_edition(&edition), Vec::new())
                .keep(&category_key(id, "name"), &form.name)
                .keep(&category_key(id, "description"), &form.description);
            for (field, message) in errors {
                state.error(&category_key(id, field), message);
            }
            return Ok(invalid(form_page(&page, &state, Some(&edition), &categories)));
        }
    };
    let mut tx = db.begin_write_on(&mut conn).await?;
    let updated = repo::update_category(&mut tx, edition.id, id, &text.name, &text.description).await?;
    tx.commit().await?;
    if !updated {
        return Err(AppError::NotFound);
    }
    tracing::info!(by = organiser.0.id, edition = edition.id, category = id, "catégorie modifiée");
    Ok(Reply::success(
        format!("/admin/editions/{}#categorie-{id}", edition.year),
        format!("La catégorie « {} » est enregistrée.", text.name),
    ))
}
