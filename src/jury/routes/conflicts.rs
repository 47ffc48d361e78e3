//! Organisers, `/admin/editions/<year>/jury/conflits`: the conflicts of interest, refreshed,
//! recorded or lifted.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::db::{self, Conn, Db};
use crate::editions::model::Edition;
use crate::editions::{admin_base, named};
use crate::error::AppResult;
use crate::jury::repo::{conflicts, jurors};
use crate::jury::service::{self, LiftRefusal, RecordRefusal};
use crate::jury::views::admin::{Conflicts, SELECT_MAX_DOSSIERS, SELECT_MAX_JURORS};
use crate::web::csrf::{CsrfForm, NoFields, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![conflicts_page, refresh_conflicts, declare_conflict, lift_conflict]
}

#[get("/admin/editions/<year>/jury/conflits?<page>")]
async fn conflicts_page(
    _o: Organiser,
    ctx: Page,
    mut conn: Connection<Db>,
    year: i64,
    page: Option<i64>,
) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    render_conflicts(&mut conn, &ctx, &edition, &FormState::new(), page).await
}

/// The conflicts page; `form` carries a refused declaration or lifting.
async fn render_conflicts(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    form: &FormState,
    requested_page: Option<i64>,
) -> AppResult<Html> {
    let list = conflicts::list(conn, edition.id).await?;
    // Selects while they stay short; beyond, the form names the dossier and the juror.
    let dossiers = match crate::applications::repo::eligible_count(conn, edition.id).await? {
        n if n <= SELECT_MAX_DOSSIERS => Some(crate::applications::repo::eligible(conn, edition.id).await?),
        _ => None,
    };
    let juror_rows = match jurors::count(conn).await? {
        n if n as i64 <= SELECT_MAX_JURORS => Some(jurors::list(conn).await?),
        _ => None,
    };
    Ok(Conflicts::new(
        page,
        form,
        edition.clone(),
        list,
        dossiers.as_deref(),
        juror_rows.as_deref(),
        requested_page,
    )
    .html())
}

#[post("/admin/editions/<year>/jury/conflits/actualiser", data = "<_form>")]
async fn refresh_conflicts(
    o: Organiser,
    db: &State<Db>,
    year: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let (added, dropped) = service::refresh_conflicts(&mut tx, &edition, now).await?;
    tx.commit().await?;
    tracing::info!(by = o.0.id, added, dropped, "conflits actualisés");
    Ok(Reply::success(
        format!("{}/jury/conflits", admin_base(year)),
        format!("Conflits actualisés : {added} nouveau(x) ; {dropped} attribution(s) retirée(s)."),
    ))
}

#[derive(Debug, FromForm)]
struct DeclareForm {
    #[field(default = 0)]
    juror_id: i64,
    #[field(default = 0)]
    dossier_id: i64,
    /// The juror and the dossier as named in a large edition (see `SELECT_MAX_JURORS`).
    #[field(default = String::new())]
    juror_email: String,
    #[field(default = String::new())]
    dossier_reference: String,
    #[field(default = String::new())]
    reason: String,
}

/// An organiser records a conflict they learnt of (the juror told them, say); it removes the
/// juror from the dossier if their review was not started.
#[post("/admin/editions/<year>/jury/conflits", data = "<form>")]
async fn declare_conflict(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    year: i64,
    form: CsrfForm<DeclareForm, Report>,
) -> AppResult<Reply> {
    let (mut form, refused) = form.into_parts();
    let back = format!("{}/jury/conflits", admin_base(year));
    let mut state = refused.reported(
        FormState::new()
            .keep("juror_id", &form.juror_id.to_string())
            .keep("dossier_id", &form.dossier_id.to_string())
            .keep("juror_email", &form.juror_email)
            .keep("dossier_reference", &form.dossier_reference)
            .keep("reason", &form.reason),
        "",
    );
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    // A juror named by e-mail, a dossier by reference: the same checks follow on the ids
    // (an unknown one is 0, refused below with the usual message).
    if !form.juror_email.trim().is_empty() {
        form.juror_id = jurors::with_email(&mut tx, &form.juror_email).await?.unwrap_or(0);
    }
    if !form.dossier_reference.trim().is_empty() {
        form.dossier_id =
            crate::applications::repo::eligible_with_reference(&mut tx, edition.id, &form.dossier_reference)
                .await?
                .unwrap_or(0);
    }
    let outcome = if state.has_errors() {
        Err(service::conflict_refusals(&mut tx, &edition, form.juror_id, form.dossier_id, &form.reason)
            .await?)
    } else {
        service::record_conflict(&mut tx, &edition, form.juror_id, form.dossier_id, &form.reason, o.0.id, now)
            .await?
    };
    let dropped = match outcome {
        Ok(dropped) => dropped,
        Err(refusals) => {
            drop(tx);
            for refusal in refusals {
                let message = match (refusal.field(), refusal) {
                    ("juror_id", RecordRefusal::Juror) if !form.juror_email.trim().is_empty() => {
                        "Aucun juré n’a cette adresse électronique."
                    }
                    ("dossier_id", _) if !form.dossier_reference.trim().is_empty() => {
                        "Aucun dossier recevable de cette édition n’a cette référence."
                    }
                    _ => refusal.message(),
                };
                state.error(refusal.field(), message);
            }
            let mut conn = db.pool().acquire().await?;
            let template = render_conflicts(&mut conn, &page, &edition, &state, None).await?;
            return Ok(Reply::status(Status::UnprocessableEntity, template));
        }
    };
    tx.commit().await?;
    tracing::info!(
        by = o.0.id,
        juror = form.juror_id,
        dossier = form.dossier_id,
        "conflit enregistré par l’organisation"
    );
    Ok(Reply::success(
        back,
        if dropped > 0 {
            "Conflit enregistré ; le juré est retiré du dossier."
        } else {
            "Conflit enregistré."
        },
    ))
}

#[derive(Debug, FromForm)]
struct LiftForm {
    #[field(default = String::new())]
    justification: String,
}

#[post("/admin/editions/<year>/jury/conflits/<id>/lever", data = "<form>")]
async fn lift_conflict(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    year: i64,
    id: i64,
    form: CsrfForm<LiftForm, Report>,
) -> AppResult<Reply> {
    let back = format!("{}/jury/conflits#conflit-{id}", admin_base(year));
    let (LiftForm { justification: typed }, refused) = form.into_parts();
    let justification = typed.trim();
    let field = format!("justification-{id}");
    let mut state = FormState::new().keep(&field, &typed);
    refused.report_with(&mut state, |_| field.clone());
    let mut tx = db.begin_write().await?;
    let conflict = conflicts::get(&mut tx, id).await?;
    let (edition, _) = super::in_edition(&mut tx, year, conflict, |c| c.dossier_id).await?;
    let refusal = if refused.is_empty() {
        service::lift_conflict(&mut tx, id, justification, o.0.id, db::now()).await?.err()
    } else {
        // The control's message is already next to the field; nothing is written.
        LiftRefusal::check(justification)
    };
    if let Some(refusal) = refusal {
        state.error(&field, refusal.message());
    }
    if state.has_errors() {
        drop(tx);
        let mut conn = db.pool().acquire().await?;
        let template = render_conflicts(&mut conn, &page, &edition, &state, None).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, template));
    }
    tx.commit().await?;
    tracing::info!(by = o.0.id, conflict = id, "conflit levé");
    Ok(Reply::success(
        back,
        "Le conflit est levé ; la justification est conservée. Le juré peut désormais recevoir ce dossier.",
    ))
}
