//! Organisers, under `/admin/editions/<year>/candidatures`: every dossier of that edition,
//! filters and counts, the full view, eligibility decisions, reopening, restoring a withdrawn
//! dossier.

use rocket::form::FromForm;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::applications::model::{DossierState, Ruling};
use crate::applications::repo::{self, AdminFilter};
use crate::applications::service;
use crate::applications::views::{
    AdminDossierPage, AdminListData, AdminListPage, DossierView, ListFilter, Pagination, Viewer, PER_PAGE,
};
use crate::db::{self, Db};
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::editions::{admin_base, named};
use crate::error::{AppError, AppResult};
use crate::reference::repo as reference;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::page::Page;
use crate::web::text::{self, QueryText};
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![list, detail, decide, reopen, restore]
}

#[get("/admin/editions/<year>/candidatures?<categorie>&<etat>&<region>&<departement>&<q>&<page>")]
#[expect(clippy::too_many_arguments, reason = "one parameter per filter of the page")]
async fn list(
    _o: Organiser,
    context: Page,
    mut conn: Connection<Db>,
    year: i64,
    categorie: Option<i64>,
    etat: Option<&str>,
    region: Option<QueryText>,
    departement: Option<QueryText>,
    q: Option<QueryText>,
    page: Option<i64>,
) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    let filter = AdminFilter {
        category_id: categorie,
        state: etat.and_then(DossierState::parse),
        region: text::query_str(&region).chars().take(3).collect(),
        departement: text::query_str(&departement).chars().take(3).collect(),
        text: text::query_str(&q).chars().take(100).collect(),
    };
    let matching = repo::admin_count(&mut conn, edition.id, &filter).await?;
    let pagination = Pagination::new(page, matching, PER_PAGE);
    let data = AdminListData {
        categories: editions::categories(&mut conn, edition.id).await?,
        counts: repo::counts(&mut conn, edition.id).await?,
        regions: reference::names_of(&mut conn, "region").await?,
        departements: reference::names_of(&mut conn, "departement").await?,
        rows: repo::admin_list(&mut conn, edition.id, &filter, PER_PAGE, pagination.offset(PER_PAGE)).await?,
        pagination,
        pending_members: repo::pending_members(&mut conn).await?.len(),
    };
    let typed = ListFilter {
        categorie: filter.category_id,
        etat: etat.unwrap_or("").to_string(),
        region: filter.region.clone(),
        departement: filter.departement.clone(),
        q: q.as_ref().map_or("", |q| q.typed()).to_string(),
    };
    Ok(AdminListPage::new(&context, edition, typed, text::query_error(&q), data).html())
}

/// The dossier `id` of `edition`: 404 when it is another edition's.
async fn dossier_of(conn: &mut crate::db::Conn, edition: &Edition, id: i64) -> AppResult<repo::Dossier> {
    repo::dossier(conn, id).await?.filter(|d| d.edition_id == edition.id).ok_or(AppError::NotFound)
}

#[get("/admin/editions/<year>/candidatures/<id>")]
async fn detail(_o: Organiser, page: Page, mut conn: Connection<Db>, year: i64, id: i64) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    let dossier = dossier_of(&mut conn, &edition, id).await?;
    let organisation = repo::organisation(&mut conn, dossier.organisation_id).await?;
    let attachments = repo::attachments(&mut conn, id).await?;
    let events = repo::events(&mut conn, id).await?;
    let jury = crate::jury::repo::dossier_reviews::of_dossier(&mut conn, id).await?;
    let d = DossierView::new(Viewer::Organiser, dossier, edition, organisation, attachments, events);
    Ok(AdminDossierPage::new(&page, d, jury).html())
}

#[derive(Debug, FromForm)]
struct DecisionForm {
    #[field(default = String::new())]
    decision: String,
    #[field(default = String::new())]
    reason: String,
}

#[post("/admin/editions/<year>/candidatures/<id>/decision", data = "<form>")]
async fn decide(
    o: Organiser,
    db: &State<Db>,
    year: i64,
    id: i64,
    form: CsrfForm<DecisionForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let back = format!("{}/candidatures/{id}", admin_base(year));
    let ruling = match Ruling::parse(&form.decision, &form.reason) {
        Ok(ruling) => ruling,
        Err(message) => return Ok(Reply::error(back, message)),
    };
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    dossier_of(&mut tx, &edition, id).await?;
    if !service::decide_eligibility(&mut tx, id, ruling.eligible, &ruling.reason, o.0.id, now).await? {
        return Ok(Reply::error(back, "Seul un dossier déposé peut être déclaré recevable ou irrecevable."));
    }
    tx.commit().await?;
    Ok(Reply::success(back, format!("{}.", ruling.label())))
}

#[post("/admin/editions/<year>/candidatures/<id>/reouverture", data = "<_form>")]
async fn reopen(
    o: Organiser,
    db: &State<Db>,
    year: i64,
    id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    let back = format!("{}/candidatures/{id}", admin_base(year));
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    dossier_of(&mut tx, &edition, id).await?;
    if !service::reopen(&mut tx, id, o.0.id, now).await? {
        return Ok(Reply::error(back, "Ce dossier n’est pas déposé : il n’y a rien à rouvrir."));
    }
    tx.commit().await?;
    Ok(Reply::success(back, "Le dossier est rouvert : la collectivité peut le modifier et le déposer de nouveau, même après la clôture."))
}

/// An organiser restores a withdrawn dossier to the state it was withdrawn from; the dossier's
/// history says who did it and when.
#[post("/admin/editions/<year>/candidatures/<id>/restauration", data = "<_form>")]
async fn restore(
    o: Organiser,
    db: &State<Db>,
    year: i64,
    id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    let back = format!("{}/candidatures/{id}", admin_base(year));
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    dossier_of(&mut tx, &edition, id).await?;
    let Some(to) = service::restore(&mut tx, id, o.0.id, now).await? else {
        return Ok(Reply::error(back, "Seul un dossier retiré peut être rétabli."));
    };
    tx.commit().await?;
    tracing::info!(by = o.0.id, dossier = id, state = to.as_str(), "dossier rétabli");
    Ok(Reply::success(back, format!("Le dossier est rétabli : {}.", to.label().to_lowercase())))
}
