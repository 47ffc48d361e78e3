//! Organisers, `/admin/editions/<year>/jury/…`: reopening a review, closing scoring (after a
//! confirmation page) or reopening it, the scoring log.

use rocket::form::FromForm;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::db::{self, Db};
use crate::editions::{admin_base, named};
use crate::error::AppResult;
use crate::jury::repo::{progress, reviews, score_log};
use crate::jury::service::{self};
use crate::jury::views::admin::{CloseConfirm, Log};
use crate::jury::views::{Pager, PER_PAGE};
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![reopen_review, close_scoring_page, close_scoring, reopen_scoring, audit_log]
}

#[post("/admin/editions/<year>/jury/evaluations/<id>/rouvrir", data = "<form>")]
async fn reopen_review(
    o: Organiser,
    db: &State<Db>,
    year: i64,
    id: i64,
    form: CsrfForm<super::FromAssignment>,
) -> AppResult<Reply> {
    let mut tx = db.begin_write().await?;
    let review = reviews::by_id(&mut tx, id).await?;
    let (_, review) = super::in_edition(&mut tx, year, review, |r| r.dossier_id).await?;
    let back = form.into_inner().query().back(year, review.dossier_id);
    if !service::reopen_review(&mut tx, id, o.0.id, db::now()).await? {
        return Ok(Reply::error(back, "Cette évaluation n’est pas soumise : il n’y a rien à rouvrir."));
    }
    tx.commit().await?;
    Ok(Reply::success(
        back,
        "L’évaluation est rouverte : le juré peut la modifier et la soumettre de nouveau.",
    ))
}

/// What closing scoring will do, before it is done: the reviews still expected, the drafts
/// that will not count, the dossiers that will stay short of reviews.
#[get("/admin/editions/<year>/jury/cloture")]
async fn close_scoring_page(
    _o: Organiser,
    page: Page,
    mut conn: Connection<Db>,
    year: i64,
) -> AppResult<Reply> {
    let edition = named(&mut conn, year).await?;
    if !edition.scoring_open(db::now()) {
        return Ok(Reply::error(format!("{}/jury", admin_base(year)), "L’évaluation est déjà close."));
    }
    let count = progress::review_count(&mut conn, edition.id).await?;
    Ok(Reply::page(CloseConfirm::new(&page, edition, count).html()))
}

#[derive(Debug, FromForm)]
struct ConfirmForm {
    #[field(default = String::new())]
    confirmer: String,
}

#[post("/admin/editions/<year>/jury/cloture", data = "<form>")]
async fn close_scoring(
    o: Organiser,
    db: &State<Db>,
    year: i64,
    form: CsrfForm<ConfirmForm>,
) -> AppResult<Reply> {
    let confirm_page = format!("{}/jury/cloture", admin_base(year));
    if form.into_inner().confirmer != "oui" {
        // Closing is only done from its confirmation page, which says what it entails.
        return Ok(Reply::redirect(confirm_page));
    }
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    if !service::close_scoring(&mut tx, &edition, db::now()).await? {
        return Ok(Reply::error(format!("{}/jury", admin_base(year)), "L’évaluation est déjà close."));
    }
    tx.commit().await?;
    tracing::info!(by = o.0.id, edition = year, "évaluation close");
    Ok(Reply::success(
        format!("{}/jury", admin_base(year)),
        "L’évaluation est close : les jurés ne peuvent plus modifier leurs notes.",
    ))
}

#[post("/admin/editions/<year>/jury/reouverture", data = "<_form>")]
async fn reopen_scoring(
    o: Organiser,
    db: &State<Db>,
    year: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    service::reopen_scoring(&mut tx, &edition).await?;
    tx.commit().await?;
    tracing::info!(by = o.0.id, edition = year, "évaluation rouverte");
    Ok(Reply::success(
        format!("{}/jury", admin_base(year)),
        "L’évaluation est rouverte jusqu’à la date de fin prévue.",
    ))
}

#[get("/admin/editions/<year>/jury/journal?<dossier>&<jure>&<page>")]
async fn audit_log(
    _o: Organiser,
    ctx: Page,
    mut conn: Connection<Db>,
    year: i64,
    dossier: Option<i64>,
    jure: Option<i64>,
    page: Option<i64>,
) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    let total = score_log::count(&mut conn, edition.id, dossier, jure).await?;
    let pager = Pager::new(total, page, Log::href(year, dossier, jure));
    let events =
        score_log::page(&mut conn, edition.id, dossier, jure, PER_PAGE as i64, pager.offset()).await?;
    Ok(Log::new(&ctx, edition, events, dossier.is_some() || jure.is_some(), pager).html())
}
