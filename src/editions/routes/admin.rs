//! Organisers list, create and set up editions, rename their categories and choose the
//! current one.

use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::db::{self, Conn, Db};
use crate::editions::core::{self as model, locked_out, CategoryForm, Edition, EditionForm, FieldErrors};
use crate::editions::repo;
use crate::editions::service::{self, MakeCurrent};
use crate::editions::views::{self, category_key};
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![list, new_page, create, edit_page, update, make_current_page, make_current, update_category]
}

#[get("/admin/editions")]
async fn list(_organiser: Organiser, page: Page, mut conn: Connection<Db>) -> AppResult<Html> {
    let editions = repo::list(&mut conn).await?;
    Ok(views::EditionList::new(&page, editions, db::now()).html())
}

/// The values typed (or stored) plus `errors`, for the template's macros.
fn form_state(form: &EditionForm, errors: FieldErrors) -> FormState {
    let mut state = form.pairs().into_iter().fold(FormState::new(), |s, (field, value)| s.keep(field, value));
    for (field, message) in errors {
        state.error(field, message);
    }
    state
}

fn new_form(page: &Page, state: FormState) -> Html {
    views::EditionPage::new_edition(page, state, crate::site::default_categories().len()).html()
}

/// The page of `edition` with `state`, refused: 422.
async fn refused(conn: &mut Conn, page: &Page, state: FormState, edition: Edition) -> AppResult<Reply> {
    let categories = repo::categories(conn, edition.id).await?;
    let view = views::EditionPage::edition(page, state, edition, categories, db::now());
    Ok(Reply::status(Status::UnprocessableEntity, view.html()))
}

/// A number in a path; anything else is a page that does not exist (Rocket would answer 422).
fn number_or_404(segment: &str) -> AppResult<i64> {
    segment.parse().map_err(|_| AppError::NotFound)
}

async fn edition_or_404(conn: &mut Conn, year: &str) -> AppResult<Edition> {
    repo::by_year(conn, number_or_404(year)?).await?.ok_or(AppError::NotFound)
}

#[get("/admin/editions/nouvelle")]
async fn new_page(_organiser: Organiser, page: Page, mut conn: Connection<Db>) -> AppResult<Html> {
    let years: Vec<i64> = repo::list(&mut conn).await?.iter().map(|e| e.year).collect();
    let form = EditionForm::blank(model::suggested_year(&years, db::now()));
    Ok(new_form(&page, form_state(&form, Vec::new())))
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
            return Ok(Reply::status(Status::UnprocessableEntity, new_form(&page, state)));
        }
    };
    let mut tx = db.begin_write().await?;
    let Some(created) = service::create_edition(&mut tx, &new, organiser.0.id, db::now()).await? else {
        let taken = vec![("year", format!("Une édition existe déjà pour l’année {}.", new.year))];
        return Ok(Reply::status(Status::UnprocessableEntity, new_form(&page, form_state(&form, taken))));
    };
    tx.commit().await?;
    let message = if created.becomes_current {
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
) -> AppResult<Html> {
    let edition = edition_or_404(&mut conn, year).await?;
    let categories = repo::categories(&mut conn, edition.id).await?;
    let state = form_state(&EditionForm::from_edition(&edition), Vec::new());
    Ok(views::EditionPage::edition(&page, state, edition, categories, db::now()).html())
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
    let (form, refused_fields) = form.into_parts();
    let edition = edition_or_404(&mut conn, year).await?;
    let new = match form.validate() {
        Ok(new) if refused_fields.is_empty() => new,
        result => {
            let state = refused_fields.reported(form_state(&form, result.err().unwrap_or_default()), "");
            return refused(&mut conn, &page, state, edition).await;
        }
    };
    // One statement: on PostgreSQL a refused year spoils the transaction, which then ends.
    let mut tx = db.begin_write_on(&mut conn).await?;
    let updated = service::update_edition(&mut tx, edition.id, &new, organiser.0.id, db::now()).await?;
    tx.commit().await?;
    if !updated {
        let taken = vec![("year", format!("Une autre édition existe déjà pour l’année {}.", new.year))];
        return refused(&mut conn, &page, form_state(&form, taken), edition).await;
    }
    Ok(Reply::success(format!("/admin/editions/{}", new.year), "Les réglages de l’édition sont enregistrés."))
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
    let jurors = crate::jury::repo::progress::review_count(&mut conn, current.id).await?;
    let view = views::CurrentConfirm::new(&page, edition, current, jurors.assigned, jurors.submitted);
    Ok(Reply::page(view.html()))
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
    let year = number_or_404(year)?;
    let confirmed = form.into_inner().confirmer == "oui";
    let mut tx = db.begin_write().await?;
    match service::make_current(&mut tx, year, confirmed, organiser.0.id, db::now()).await? {
        // Jurors are at work on the current edition: say what this does first.
        MakeCurrent::NeedsConfirmation(edition) => {
            Ok(Reply::redirect(format!("/admin/editions/{}/courante", edition.year)))
        }
        MakeCurrent::Done(edition) => {
            tx.commit().await?;
            let message = format!("L’édition {} est désormais l’édition en cours.", edition.year);
            Ok(Reply::success("/admin/editions", message))
        }
    }
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
            let view = views::EditionPage::edition(&page, state, edition, categories, db::now());
            return Ok(Reply::status(Status::UnprocessableEntity, view.html()));
        }
    };
    let mut tx = db.begin_write_on(&mut conn).await?;
    service::change_category(&mut tx, edition.id, id, &text, organiser.0.id).await?;
    tx.commit().await?;
    Ok(Reply::success(
        format!("/admin/editions/{}#categorie-{id}", edition.year),
        format!("La catégorie « {} » est enregistrée.", text.name),
    ))
}
