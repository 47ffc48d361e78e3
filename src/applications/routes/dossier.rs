//! The collectivités' side: their dossiers, from draft to deposit, withdrawal and receipt.

use rocket::form::FromForm;
use rocket::http::{ContentType, Status};
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use super::{visible_dossier, ConfirmForm};
use crate::accounts::session::CurrentUser;
use crate::accounts::{Applicant, Role};
use crate::applications::model::{self, DossierFields, DossierState};
use crate::applications::receipt;
use crate::applications::repo::{self, Dossier};
use crate::applications::service::{self, Saved};
use crate::applications::views::{
    deadline_message, DossierPage, DossierView, FormPage, ListData, ListPage, Viewer, WithdrawPage,
};
use crate::db::{self, Conn, Db};
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::stale;
use crate::web::view::{Html, View};
use crate::web::{Download, Reply};

pub fn routes() -> Vec<Route> {
    routes![list, new_page, create, show, save, withdraw_page, withdraw, receipt_pdf]
}

/// The applicant's organisation, or a 403 page for an account attached to none.
async fn organisation_of(conn: &mut Conn, user: &CurrentUser) -> AppResult<Option<i64>> {
    Ok(repo::user_organisation(conn, user.id).await?)
}

#[get("/candidatures")]
async fn list(applicant: Applicant, page: Page, mut conn: Connection<Db>) -> AppResult<Html> {
    let user = applicant.0;
    let organisation = match organisation_of(&mut conn, &user).await? {
        Some(id) => repo::organisation(&mut conn, id).await?,
        None => None,
    };
    let (dossiers, members) = match &organisation {
        Some(org) => {
            (repo::for_organisation(&mut conn, org.id).await?, repo::members(&mut conn, org.id).await?)
        }
        None => (Vec::new(), Vec::new()),
    };
    let awaiting = match &organisation {
        Some(_) => None,
        None => match repo::pending_organisation(&mut conn, user.id).await? {
            Some(id) => repo::organisation(&mut conn, id).await?,
            None => None,
        },
    };
    let awards = match &organisation {
        Some(org) => crate::results::publications::awards_of_organisation(&mut conn, org.id).await?,
        None => Vec::new(),
    };
    let confirmer = match &awaiting {
        Some(org) => Some(model::confirmed_by(repo::has_confirmed_members(&mut conn, org.id).await?)),
        None => None,
    };
    let edition = editions::current(&mut conn).await?;
    let data = ListData { organisation, awaiting, confirmer, dossiers, awards, members, edition };
    Ok(ListPage::new(&page, data, user.id, db::now()).html())
}

fn state_from(fields: &DossierFields) -> FormState {
    fields.pairs().into_iter().fold(FormState::new(), |form, (k, v)| form.keep(k, v))
}

#[get("/candidatures/nouvelle")]
async fn new_page(applicant: Applicant, page: Page, mut conn: Connection<Db>) -> AppResult<Reply> {
    let Some(_organisation) = organisation_of(&mut conn, &applicant.0).await? else {
        return Ok(Reply::error("/candidatures", "Votre compte n’est rattaché à aucune collectivité."));
    };
    let Some(edition) = editions::current(&mut conn).await? else {
        return Ok(Reply::error("/candidatures", "Aucune édition n’est ouverte aux candidatures."));
    };
    if let Err(err) = model::may_submit(db::now(), edition.opens_at, edition.closes_at, false) {
        return Ok(Reply::error("/candidatures", deadline_message(&edition, err)));
    }
    let categories = editions::categories(&mut conn, edition.id).await?;
    let user = &applicant.0;
    let fields = DossierFields {
        contact_name: user.display_name.clone(),
        contact_email: user.email.clone(),
        ..<DossierFields as Default>::default()
    };
    let form = state_from(&fields);
    Ok(Reply::page(FormPage::new(&page, edition, &categories, form, None, Vec::new(), None).html()))
}

fn with_errors(mut form: FormState, errors: Vec<(&'static str, String)>) -> FormState {
    for (field, message) in errors {
        form.error(field, message);
    }
    form
}

#[post("/candidatures/nouvelle", data = "<form>")]
async fn create(
    applicant: Applicant,
    page: Page,
    db: &State<Db>,
    form: CsrfForm<SaveForm, Report>,
) -> AppResult<Reply> {
    let (SaveForm { dossier: fields, .. }, refused) = form.into_parts();
    let user = applicant.0;
    let mut conn = db.pool().acquire().await?;
    let Some(organisation) = organisation_of(&mut conn, &user).await? else {
        return Ok(Reply::error("/candidatures", "Votre compte n’est rattaché à aucune collectivité."));
    };
    let Some(edition) = editions::current(&mut conn).await? else {
        return Ok(Reply::error("/candidatures", "Aucune édition n’est ouverte aux candidatures."));
    };
    if let Err(err) = model::may_submit(db::now(), edition.opens_at, edition.closes_at, false) {
        return Ok(Reply::error("/candidatures", deadline_message(&edition, err)));
    }
    let categories = editions::categories(&mut conn, edition.id).await?;
    let slugs: Vec<&str> = categories.iter().map(|c| c.slug.as_str()).collect();
    let rerender = |form: FormState| {
        Reply::status(
            Status::UnprocessableEntity,
            FormPage::new(&page, edition.clone(), &categories, form, None, Vec::new(), None).html(),
        )
    };
    let mut content = match fields.validate(&slugs, false) {
        Ok(content) if refused.is_empty() => content,
        result => {
            let form = with_errors(state_from(&fields), result.err().unwrap_or_default());
            return Ok(rerender(refused.reported(form, "dossier.")));
        }
    };
    let Some(category) = categories.iter().find(|c| c.slug == content.category_slug) else {
        let mut form = state_from(&fields);
        form.error(
            "category",
            "Choisissez la catégorie du dossier : elle est nécessaire pour l’enregistrer.",
        );
        return Ok(rerender(form));
    };
    content.category_slug = category.slug.clone();
    let now = db::now();
    let mut tx = db.begin_write_on(&mut conn).await?;
    let Some(id) =
        service::create_dossier(&mut tx, edition.id, organisation, category.id, &content, user.id, now)
            .await?
    else {
        let mut form = state_from(&fields);
        form.error(
            "category",
            "Votre collectivité a déjà un dossier dans cette catégorie pour cette édition.",
        );
        return Ok(rerender(form));
    };
    tx.commit().await?;
    Ok(Reply::success(
        format!("/candidatures/{id}"),
        "Brouillon enregistré. Vous pouvez le compléter à tout moment.",
    ))
}

async fn edition_of(conn: &mut Conn, dossier: &Dossier) -> AppResult<Edition> {
    editions::by_id(conn, dossier.edition_id).await?.ok_or(AppError::NotFound)
}

/// Why a draft cannot be submitted now, if it cannot.
fn submit_block(edition: &Edition, dossier: &Dossier, now: i64) -> Option<String> {
    model::may_submit(now, edition.opens_at, edition.closes_at, dossier.reopened != 0)
        .err()
        .map(|e| deadline_message(edition, e))
}

#[get("/candidatures/<id>")]
async fn show(user: CurrentUser, page: Page, mut conn: Connection<Db>, id: i64) -> AppResult<Html> {
    if user.role == Role::Organiser {
        // Organisers have their own view with the decisions.
        return Err(AppError::NotFound);
    }
    let dossier = visible_dossier(&mut conn, &user, id).await?;
    render_dossier(&page, &mut conn, dossier, None).await
}

async fn render_dossier(
    page: &Page,
    conn: &mut Conn,
    dossier: Dossier,
    form: Option<FormState>,
) -> AppResult<Html> {
    let edition = edition_of(conn, &dossier).await?;
    let attachments = repo::attachments(conn, dossier.id).await?;
    if dossier.state.editable_by_applicant() {
        let categories = editions::categories(conn, edition.id).await?;
        let form = form.unwrap_or_else(|| state_from(&dossier.fields()));
        let block = submit_block(&edition, &dossier, db::now());
        return Ok(FormPage::new(page, edition, &categories, form, Some(dossier), attachments, block).html());
    }
    let organisation = repo::organisation(conn, dossier.organisation_id).await?;
    let d = DossierView::new(Viewer::Applicant, dossier, edition, organisation, attachments, Vec::new());
    Ok(DossierPage { page, d }.html())
}

#[derive(Debug, FromForm)]
struct SaveForm {
    #[field(default = String::new())]
    action: String,
    /// The version the form was opened at (see `web::stale`).
    #[field(default = String::new())]
    version: String,
    dossier: DossierFields,
}

#[post("/candidatures/<id>", data = "<form>")]
async fn save(
    applicant: Applicant,
    page: Page,
    db: &State<Db>,
    id: i64,
    form: CsrfForm<SaveForm, Report>,
) -> AppResult<Reply> {
    let (SaveForm { action, version, dossier: fields }, refused) = form.into_parts();
    let user = applicant.0;
    let mut conn = db.pool().acquire().await?;
    let dossier = visible_dossier(&mut conn, &user, id).await?;
    if !dossier.state.editable_by_applicant() {
        return Ok(Reply::error(
            format!("/candidatures/{id}"),
            "Ce dossier a été déposé : il ne peut plus être modifié, sauf s’il est rouvert par l’équipe organisatrice.",
        ));
    }
    let edition = edition_of(&mut conn, &dossier).await?;
    let categories = editions::categories(&mut conn, edition.id).await?;
    let slugs: Vec<&str> = categories.iter().map(|c| c.slug.as_str()).collect();
    let submitting = action == "deposer";
    let now = db::now();

    // Drafts are saved as typed; a deposit requires every field.
    let content = match fields.validate(&slugs, submitting) {
        Ok(content) if refused.is_empty() => content,
        result => {
            let form = with_errors(state_from(&fields), result.err().unwrap_or_default())
                .keep(stale::FIELD, version.trim());
            return rerender(&page, &mut conn, dossier, refused.reported(form, "dossier.")).await;
        }
    };
    let category = categories.iter().find(|c| c.slug == content.category_slug);
    let category_id = category.map_or(dossier.category_id, |c| c.id);
    if submitting {
        if let Some(block) = submit_block(&edition, &dossier, now) {
            let mut form = state_from(&fields).keep(stale::FIELD, version.trim());
            form.error("action", block);
            return rerender(&page, &mut conn, dossier, form).await;
        }
    }

    let mut tx = db.begin_write_on(&mut conn).await?;
    let saved = service::save_draft(
        &mut tx,
        id,
        stale::parse(&version),
        category_id,
        &content,
        submitting,
        user.id,
        now,
    )
    .await?;
    match saved {
        Saved::Stale => {
            drop(tx);
            refuse_stale(&page, &mut conn, id, &fields).await
        }
        Saved::CategoryTaken => {
            drop(tx);
            let mut form = state_from(&fields).keep(stale::FIELD, version.trim());
            form.error(
                "category",
                "Votre collectivité a déjà un dossier dans cette catégorie pour cette édition.",
            );
            rerender(&page, &mut conn, dossier, form).await
        }
        Saved::Draft => {
            tx.commit().await?;
            Ok(Reply::success(format!("/candidatures/{id}"), "Brouillon enregistré."))
        }
        Saved::Deposited(reference) => {
            tx.commit().await?;
            tracing::info!(dossier = id, %reference, "dossier déposé");
            Ok(Reply::success(
                format!("/candidatures/{id}"),
                format!("Votre dossier est déposé sous la référence {reference}. Téléchargez l’accusé de réception ci-dessous."),
            ))
        }
    }
}

/// Someone saved the dossier since this form was opened: nothing is written, the form comes
/// back with what this person typed, what is stored now beside it, and the new version.
async fn refuse_stale(page: &Page, conn: &mut Conn, id: i64, fields: &DossierFields) -> AppResult<Reply> {
    let stored = repo::dossier(conn, id).await?.ok_or(AppError::NotFound)?;
    let now_fields = stored.fields();
    let changes = stale::changes(
        fields
            .pairs()
            .into_iter()
            .zip(now_fields.pairs())
            .map(|((k, theirs), (_, current))| (model::field_label(k), theirs, current)),
    );
    let mut form = state_from(fields);
    stale::refuse(&mut form, &changes);
    tracing::info!(dossier = id, changed = changes.len(), "enregistrement refusé : version dépassée");
    rerender(page, conn, stored, form).await
}

async fn rerender(page: &Page, conn: &mut Conn, dossier: Dossier, form: FormState) -> AppResult<Reply> {
    Ok(Reply::status(Status::UnprocessableEntity, render_dossier(page, conn, dossier, Some(form)).await?))
}

/// What withdrawing means, before it is done.
#[get("/candidatures/<id>/retrait")]
async fn withdraw_page(
    applicant: Applicant,
    page: Page,
    mut conn: Connection<Db>,
    id: i64,
) -> AppResult<Reply> {
    let dossier = visible_dossier(&mut conn, &applicant.0, id).await?;
    if !dossier.state.can_be_withdrawn() {
        return Ok(Reply::error(format!("/candidatures/{id}"), "Ce dossier ne peut plus être retiré."));
    }
    let edition = edition_of(&mut conn, &dossier).await?;
    Ok(Reply::page(WithdrawPage::new(&page, dossier, &edition).html()))
}

#[post("/candidatures/<id>/retrait", data = "<form>")]
async fn withdraw(
    applicant: Applicant,
    db: &State<Db>,
    id: i64,
    form: CsrfForm<ConfirmForm>,
) -> AppResult<Reply> {
    let user = applicant.0;
    // Someone else's dossier is a 404 whether or not the act was confirmed.
    visible_dossier(&mut *db.pool().acquire().await?, &user, id).await?;
    if !form.into_inner().confirmed() {
        return Ok(Reply::redirect(format!("/candidatures/{id}/retrait")));
    }
    let mut tx = db.begin_write().await?;
    let dossier = visible_dossier(&mut tx, &user, id).await?;
    let now = db::now();
    if !dossier.state.can_be_withdrawn() || !service::withdraw(&mut tx, id, user.id, now).await? {
        return Ok(Reply::error(format!("/candidatures/{id}"), "Ce dossier ne peut plus être retiré."));
    }
    tx.commit().await?;
    Ok(Reply::success("/candidatures", "Le dossier est retiré."))
}

#[get("/candidatures/<id>/recepisse.pdf")]
async fn receipt_pdf(user: CurrentUser, mut conn: Connection<Db>, id: i64) -> AppResult<Download> {
    let dossier = visible_dossier(&mut conn, &user, id).await?;
    let (Some(reference), Some(fingerprint), Some(submitted_at)) =
        (dossier.reference.clone(), dossier.fingerprint.clone(), dossier.submitted_at)
    else {
        return Err(AppError::NotFound);
    };
    if dossier.state == DossierState::Draft {
        return Err(AppError::NotFound);
    }
    let edition = edition_of(&mut conn, &dossier).await?;
    let organisation =
        repo::organisation(&mut conn, dossier.organisation_id).await?.ok_or(AppError::NotFound)?;
    let submitted_by = repo::submitter(&mut conn, id).await?.unwrap_or_default();
    let data = receipt::ReceiptData {
        reference: reference.clone(),
        edition_title: edition.title.clone(),
        organisation: organisation.name,
        organisation_siren: organisation.siren,
        title: dossier.title.clone(),
        category: dossier.category_name.clone(),
        submitted_at,
        submitted_by,
        fingerprint,
    };
    let bytes = rocket::tokio::task::spawn_blocking(move || receipt::render(&data))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    Ok(Download {
        bytes,
        content_type: ContentType::PDF,
        file_name: format!("accuse-reception-{reference}.pdf"),
    })
}
