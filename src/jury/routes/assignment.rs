//! Organisers, `/admin/editions/<year>/jury/affectation`: compute the assignment, adjust it
//! pair by pair, publish it.

use std::collections::BTreeSet;

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::db::{self, Conn, Db};
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::editions::{admin_base, named};
use crate::error::AppResult;
use crate::jury::core::pick::pick;
use crate::jury::repo::assignments::{self, PageFilter};
use crate::jury::repo::conflicts;
use crate::jury::service::{self, ComputeRefusal, Computed, PairRefusal, PublishRefusal};
use crate::jury::views::admin::{Assignment, AssignmentFacts, AssignmentQuery, JurorLoads, JUROR_SELECT_MAX};
use crate::web::csrf::{CsrfForm, NoFields, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![assignment_page, compute, add_pair, remove_pair, publish]
}

#[get("/admin/editions/<year>/jury/affectation?<categorie>&<incomplets>&<page>")]
async fn assignment_page(
    _o: Organiser,
    ctx: Page,
    mut conn: Connection<Db>,
    year: i64,
    categorie: Option<i64>,
    incomplets: Option<&str>,
    page: Option<i64>,
) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    let query =
        AssignmentQuery { category: categorie, only_short: incomplets.is_some_and(|v| !v.is_empty()), page };
    render_assignment(&mut conn, &ctx, &edition, &query, &FormState::new()).await
}

/// The assignment page; `form` carries a refused addition (its error under `ajout-<dossier>`).
/// It reads what it prints: the totals in aggregates, the page's dossiers and their pairs,
/// the conflicts standing on those dossiers only, and each juror's load only for small juries.
async fn render_assignment(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    query: &AssignmentQuery,
    form: &FormState,
) -> AppResult<Html> {
    let filter = PageFilter {
        category: query.category,
        only_short: query.only_short,
        k: edition.reviewers_per_dossier.max(1),
    };
    let totals = assignments::totals(conn, edition.id, &filter).await?;
    let pager = query.pager(edition.year, totals.shown);
    let dossiers =
        assignments::page_dossiers(conn, edition.id, &filter, pager.per_page as i64, pager.offset()).await?;
    let ids: Vec<i64> = dossiers.iter().map(|d| d.id).collect();
    let standing = conflicts::standing_for_dossiers(conn, edition.id, &ids).await?;
    let pairs = assignments::of_dossiers(conn, edition.id, &ids, &standing).await?;
    let conflicted_jurors: BTreeSet<i64> = standing.keys().map(|(j, _)| *j).collect();
    let active = assignments::active_among(conn, &conflicted_jurors).await?;
    let active_jurors = assignments::active_jurors(conn).await?;
    let jurors = if active_jurors > JUROR_SELECT_MAX {
        JurorLoads::Spread(assignments::load_spread(conn, edition.id).await?)
    } else {
        JurorLoads::Each(assignments::loads(conn, edition.id).await?)
    };
    let facts = AssignmentFacts {
        edition: edition.clone(),
        totals,
        dossiers,
        pairs,
        conflicted: standing.into_keys().filter(|(j, _)| active.contains(j)).collect(),
        active_jurors,
        jurors,
        categories: editions::categories(conn, edition.id).await?,
        pager,
    };
    Ok(Assignment::new(page, form, facts, query).html())
}

#[post("/admin/editions/<year>/jury/affectation/calculer", data = "<_form>")]
async fn compute(o: Organiser, db: &State<Db>, year: i64, _form: CsrfForm<NoFields>) -> AppResult<Reply> {
    let back = format!("{}/jury/affectation", admin_base(year));
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let computed = match service::compute_assignment(&mut tx, &edition, o.0.id, db::now()).await? {
        Ok(computed) => computed,
        Err(ComputeRefusal::NoDossier) => {
            return Ok(Reply::error(
                back,
                "Aucun dossier n’est déclaré recevable : il n’y a rien à attribuer.",
            ))
        }
        Err(ComputeRefusal::NoJuror) => {
            return Ok(Reply::error(back, "Aucun juré actif n’a de profil : créez les jurés d’abord."))
        }
    };
    tx.commit().await?;
    let Computed { solution, added, k } = computed;
    tracing::info!(
        by = o.0.id,
        pairs = solution.pairs.len(),
        short = solution.short.len(),
        "affectation calculée"
    );
    let mut message = format!(
        "Affectation calculée : {} attributions ({added} nouvelles), de {} à {} dossiers par juré.",
        solution.pairs.len(),
        solution.loads.values().min().copied().unwrap_or(0),
        solution.loads.values().max().copied().unwrap_or(0),
    );
    if solution.short.is_empty() {
        Ok(Reply::success(back, message))
    } else {
        message.push_str(&format!(" {} dossier(s) n’ont pas leurs {} jurés : ", solution.short.len(), k));
        let details: Vec<String> = solution.short.iter().take(5).map(|s| s.reason.clone()).collect();
        message.push_str(&details.join(" ; "));
        Ok(Reply::error(back, message))
    }
}

#[derive(Debug, FromForm)]
struct PairForm {
    #[field(default = 0)]
    dossier_id: i64,
    #[field(default = 0)]
    juror_id: i64,
    /// Large juries: the juror's name or e-mail, typed instead of chosen.
    juror: Option<String>,
    /// The page the form was sent from (its filters and number), to return to.
    categorie: Option<i64>,
    incomplets: Option<String>,
    page: Option<i64>,
}

#[post("/admin/editions/<year>/jury/affectation/ajouter", data = "<form>")]
async fn add_pair(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    year: i64,
    form: CsrfForm<PairForm, Report>,
) -> AppResult<Reply> {
    let (form, refused) = form.into_parts();
    let query = AssignmentQuery::sent(form.categorie, form.incomplets.as_deref(), form.page);
    let back = query.back(year, form.dossier_id);
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let juror = match form.juror.as_deref() {
        Some(typed) if form.juror_id == 0 => pick(typed, &assignments::active_juror_names(&mut tx).await?),
        _ => Ok(form.juror_id),
    };
    let refusal = if !refused.is_empty() {
        Some(crate::web::text::CONTROL_MESSAGE.to_string())
    } else {
        match juror {
            Err(refusal) => Some(refusal.message()),
            Ok(juror) => service::add_pair(&mut tx, &edition, form.dossier_id, juror, o.0.id, db::now())
                .await?
                .err()
                .map(|r| PairRefusal::message(r).to_string()),
        }
    };
    if let Some(refusal) = refusal {
        drop(tx);
        let mut state = FormState::new()
            .keep("dossier_id", &form.dossier_id.to_string())
            .keep("juror_id", &form.juror_id.to_string())
            .keep("juror", form.juror.as_deref().unwrap_or_default());
        state.error(&format!("ajout-{}", form.dossier_id), &refusal);
        let mut conn = db.pool().acquire().await?;
        let template = render_assignment(&mut conn, &page, &edition, &query, &state).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, template));
    }
    tx.commit().await?;
    Ok(Reply::success(back, "Juré ajouté au dossier."))
}

#[post("/admin/editions/<year>/jury/affectation/<id>/retirer", data = "<form>")]
async fn remove_pair(
    _o: Organiser,
    db: &State<Db>,
    year: i64,
    id: i64,
    form: CsrfForm<super::FromAssignment>,
) -> AppResult<Reply> {
    let mut tx = db.begin_write().await?;
    let pair = assignments::get(&mut tx, id).await?;
    let (_, pair) = super::in_edition(&mut tx, year, pair, |p| p.dossier_id).await?;
    let back = form.into_inner().query().back(year, pair.dossier_id);
    if !service::remove_pair(&mut tx, id).await? {
        return Ok(Reply::error(
            back,
            format!(
                "{} a déjà commencé son évaluation de ce dossier : l’attribution ne peut plus être retirée.",
                pair.juror_name
            ),
        ));
    }
    tx.commit().await?;
    Ok(Reply::success(back, format!("{} est retiré du dossier.", pair.juror_name)))
}

#[post("/admin/editions/<year>/jury/affectation/publier", data = "<_form>")]
async fn publish(o: Organiser, db: &State<Db>, year: i64, _form: CsrfForm<NoFields>) -> AppResult<Reply> {
    let back = format!("{}/jury/affectation", admin_base(year));
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    match service::publish_assignment(&mut tx, &edition, db::now()).await? {
        Ok(()) => {}
        Err(PublishRefusal::Empty) => {
            return Ok(Reply::error(back, "L’affectation est vide : calculez-la avant de la publier."))
        }
        Err(PublishRefusal::AlreadyPublished) => {
            return Ok(Reply::error(back, "L’affectation est déjà publiée."))
        }
    }
    tx.commit().await?;
    tracing::info!(by = o.0.id, edition = edition.year, "affectation publiée");
    Ok(Reply::success(back, "L’affectation est publiée : chaque juré voit désormais ses dossiers."))
}
