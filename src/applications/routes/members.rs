//! Who belongs to a collectivité: a person who signs up for a collectivité that already has
//! accounts waits until one of its members, or an organiser, confirms the request.

use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::{Applicant, Organiser};
use crate::applications::views::MembershipsPage;
use crate::applications::{repo, service};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![member_confirm, member_refuse, admin_list, admin_confirm, admin_refuse]
}

/// A member of a collectivité decides on a request to join it.
async fn decide_as_member(
    applicant: Applicant,
    db: &State<Db>,
    user_id: i64,
    confirm: bool,
) -> AppResult<Reply> {
    let mut tx = db.begin_write().await?;
    let Some(organisation) =
        service::decide_membership_as_member(&mut tx, applicant.0.id, user_id, confirm).await?
    else {
        // Not a request to join this collectivité, or already decided: nothing to reveal.
        return Err(AppError::NotFound);
    };
    tx.commit().await?;
    tracing::info!(
        by = applicant.0.id,
        user = user_id,
        organisation,
        confirm,
        "rattachement décidé par un membre"
    );
    Ok(Reply::success(
        "/candidatures",
        if confirm { "Le rattachement est confirmé." } else { "La demande est refusée." },
    ))
}

#[post("/candidatures/rattachements/<user_id>/confirmer", data = "<_form>")]
async fn member_confirm(
    applicant: Applicant,
    db: &State<Db>,
    user_id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    decide_as_member(applicant, db, user_id, true).await
}

#[post("/candidatures/rattachements/<user_id>/refuser", data = "<_form>")]
async fn member_refuse(
    applicant: Applicant,
    db: &State<Db>,
    user_id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    decide_as_member(applicant, db, user_id, false).await
}

#[get("/admin/rattachements")]
async fn admin_list(_organiser: Organiser, page: Page, mut conn: Connection<Db>) -> AppResult<Html> {
    let pending = repo::pending_members(&mut conn).await?;
    Ok(MembershipsPage { page: &page, pending }.html())
}

async fn decide_as_organiser(
    organiser: Organiser,
    db: &State<Db>,
    user_id: i64,
    confirm: bool,
) -> AppResult<Reply> {
    let mut tx = db.begin_write().await?;
    let Some((organisation, done)) =
        service::decide_membership_as_organiser(&mut tx, user_id, confirm).await?
    else {
        return Ok(Reply::error("/admin/rattachements", "Cette demande a déjà été traitée."));
    };
    tx.commit().await?;
    tracing::info!(
        by = organiser.0.id,
        user = user_id,
        organisation,
        confirm,
        done,
        "rattachement décidé par l’organisation"
    );
    Ok(Reply::success(
        "/admin/rattachements",
        if confirm { "Le rattachement est confirmé." } else { "La demande est refusée." },
    ))
}

#[post("/admin/rattachements/<user_id>/confirmer", data = "<_form>")]
async fn admin_confirm(
    organiser: Organiser,
    db: &State<Db>,
    user_id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    decide_as_organiser(organiser, db, user_id, true).await
}

#[post("/admin/rattachements/<user_id>/refuser", data = "<_form>")]
async fn admin_refuse(
    organiser: Organiser,
    db: &State<Db>,
    user_id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    decide_as_organiser(organiser, db, user_id, false).await
}
