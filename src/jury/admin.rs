//! Organisers, under `/admin/editions/<year>/jury`: the dashboard (settings, progress), the
//! assignment (compute, adjust, publish), conflicts of interest, reopening a review, closing
//! scoring (after a confirmation page), the audit log. Every act touches the edition of its URL.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use super::core::assignment::{self, Problem};
use super::core::conflicts::Scope;
use super::core::progress::PairIn;
use super::repo::{assignments, conflicts, jurors, reviews};
use super::service::{self, PublishRefusal};
use super::views::admin::{
    Assignment, AssignmentFacts, AssignmentQuery, CloseConfirm, Conflicts, Dashboard, DashboardFacts, Log,
};
use super::views::{Pager, PER_PAGE};
use crate::accounts::Organiser;
use crate::db::{self, Conn, Db};
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::editions::{admin_base, named};
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, NoFields, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![
        dashboard,
        settings,
        assignment_page,
        compute,
        add_pair,
        remove_pair,
        publish,
        conflicts_page,
        refresh_conflicts,
        declare_conflict,
        lift_conflict,
        reopen_review,
        close_scoring_page,
        close_scoring,
        reopen_scoring,
        audit_log
    ]
}

#[get("/admin/editions/<year>/jury")]
async fn dashboard(_o: Organiser, page: Page, mut conn: Connection<Db>, year: i64) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    render_dashboard(&mut conn, &page, &edition, &FormState::new()).await
}

/// The states of the edition's pairs without an active conflict, for progress.
async fn pair_states(conn: &mut Conn, edition: &Edition) -> AppResult<Vec<PairIn>> {
    Ok(assignments::list(conn, edition.id)
        .await?
        .iter()
        .filter(|p| p.conflicted == 0)
        .map(|p| PairIn {
            dossier: p.dossier_id,
            juror: p.juror_id,
            submitted: p.review_state.as_deref() == Some("submitted"),
            draft: p.review_state.as_deref() == Some("draft"),
        })
        .collect())
}

/// The dashboard; `form` carries what was typed in refused settings.
async fn render_dashboard(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    form: &FormState,
) -> AppResult<Html> {
    let facts = DashboardFacts {
        edition: edition.clone(),
        now: db::now(),
        dossiers: crate::applications::repo::eligible(conn, edition.id).await?,
        jurors: jurors::list(conn).await?,
        pairs: pair_states(conn, edition).await?,
        categories: editions::categories(conn, edition.id).await?,
        conflicts_active: conflicts::active_pairs(conn, edition.id).await?.len(),
        rubric_locked: super::repo::criteria::is_locked(conn, edition.id).await?,
    };
    Ok(Dashboard::new(page, form, facts).html())
}

#[derive(Debug, FromForm)]
struct SettingsForm {
    #[field(default = String::new())]
    reviewers_per_dossier: String,
    #[field(default = String::new())]
    conflict_scope: String,
    #[field(default = String::new())]
    assignment_seed: String,
}

/// The jury settings as typed, to show them again.
fn kept_settings(form: &SettingsForm) -> FormState {
    FormState::new()
        .keep("reviewers_per_dossier", &form.reviewers_per_dossier)
        .keep("conflict_scope", &form.conflict_scope)
        .keep("assignment_seed", &form.assignment_seed)
}

/// The jury settings as typed, or the French message of each refused field. Pure.
fn read_settings(form: &SettingsForm) -> Result<(i64, Scope, i64), FormState> {
    let mut state = kept_settings(form);
    let k = form.reviewers_per_dossier.trim().parse::<i64>().ok().filter(|k| (1..=10).contains(k));
    if k.is_none() {
        state.error("reviewers_per_dossier", "Le nombre de jurés par dossier est un entier de 1 à 10.");
    }
    let scope = Scope::parse(&form.conflict_scope);
    if scope.is_none() {
        state.error("conflict_scope", "Choisissez la portée des conflits d’intérêts automatiques.");
    }
    let seed = match form.assignment_seed.trim() {
        "" => Some(1),
        s => s.parse::<i64>().ok().filter(|n| *n >= 0),
    };
    if seed.is_none() {
        state.error("assignment_seed", "La graine du tirage est un entier positif.");
    }
    match (k, scope, seed) {
        (Some(k), Some(scope), Some(seed)) => Ok((k, scope, seed)),
        _ => Err(state),
    }
}

#[post("/admin/editions/<year>/jury/reglages", data = "<form>")]
async fn settings(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    year: i64,
    form: CsrfForm<SettingsForm, Report>,
) -> AppResult<Reply> {
    let (form, refused) = form.into_parts();
    let back = format!("{}/jury", admin_base(year));
    let (k, scope, seed) = match read_settings(&form) {
        Ok(settings) if refused.is_empty() => settings,
        read => {
            let state = refused.reported(read.err().unwrap_or_else(|| kept_settings(&form)), "");
            let mut conn = db.pool().acquire().await?;
            let edition = named(&mut conn, year).await?;
            let template = render_dashboard(&mut conn, &page, &edition, &state).await?;
            return Ok(Reply::status(Status::UnprocessableEntity, template));
        }
    };
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    assignments::set_settings(&mut tx, edition.id, k, scope.as_str(), seed).await?;
    let edition = named(&mut tx, year).await?;
    let (added, _) = service::refresh_conflicts(&mut tx, &edition, now).await?;
    tx.commit().await?;
    tracing::info!(by = o.0.id, edition = year, k, scope = scope.as_str(), seed, "réglages du jury");
    Ok(Reply::success(
        back,
        format!("Réglages enregistrés : {k} jurés par dossier ; conflits automatiques : {}. {added} nouveau(x) conflit(s) détecté(s).", scope.label()),
    ))
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
async fn render_assignment(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    query: &AssignmentQuery,
    form: &FormState,
) -> AppResult<Html> {
    let facts = AssignmentFacts {
        edition: edition.clone(),
        dossiers: crate::applications::repo::eligible(conn, edition.id).await?,
        jurors: jurors::list(conn).await?,
        pairs: assignments::list(conn, edition.id).await?,
        conflicted: conflicts::active_pairs(conn, edition.id).await?.into_iter().collect(),
        review_ids: reviews::states(conn, edition.id)
            .await?
            .into_iter()
            .map(|(d, j, _, id)| ((d, j), id))
            .collect(),
        categories: editions::categories(conn, edition.id).await?,
    };
    Ok(Assignment::new(page, form, facts, query).html())
}

#[post("/admin/editions/<year>/jury/affectation/calculer", data = "<_form>")]
async fn compute(o: Organiser, db: &State<Db>, year: i64, _form: CsrfForm<NoFields>) -> AppResult<Reply> {
    let back = format!("{}/jury/affectation", admin_base(year));
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    service::refresh_conflicts(&mut tx, &edition, now).await?;
    let problem = Problem {
        dossiers: assignments::dossiers_to_assign(&mut tx, edition.id).await?,
        jurors: assignments::jurors_available(&mut tx, edition.id).await?,
        conflicts: conflicts::active_pairs(&mut tx, edition.id).await?,
        fixed: assignments::kept_pairs(&mut tx, edition.id, edition.assignment_published()).await?,
        k: edition.reviewers_per_dossier.max(1) as usize,
        seed: edition.assignment_seed as u64,
    };
    if problem.dossiers.is_empty() {
        return Ok(Reply::error(back, "Aucun dossier n’est déclaré recevable : il n’y a rien à attribuer."));
    }
    if problem.jurors.is_empty() {
        return Ok(Reply::error(back, "Aucun juré actif n’a de profil : créez les jurés d’abord."));
    }
    let solution = assignment::solve(&problem);
    let added = assignments::store_computed(
        &mut tx,
        edition.id,
        &solution.pairs,
        edition.assignment_published(),
        o.0.id,
        now,
    )
    .await?;
    tx.commit().await?;
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
        message.push_str(&format!(
            " {} dossier(s) n’ont pas leurs {} jurés : ",
            solution.short.len(),
            problem.k
        ));
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
    let back = format!("{}/jury/affectation#dossier-{}", admin_base(year), form.dossier_id);
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let dossiers = assignments::dossiers_to_assign(&mut tx, edition.id).await?;
    let refusal = if !refused.is_empty() {
        Some(crate::web::text::CONTROL_MESSAGE)
    } else if !dossiers.iter().any(|d| d.id == form.dossier_id) {
        Some("Seul un dossier recevable de cette édition peut être attribué.")
    } else if !assignments::jurors_available(&mut tx, edition.id).await?.iter().any(|j| j.id == form.juror_id)
    {
        Some("Choisissez un juré actif.")
    } else if conflicts::is_conflicted(&mut tx, form.juror_id, form.dossier_id).await? {
        Some("Ce juré est en conflit d’intérêts avec ce dossier : il ne peut pas l’évaluer.")
    } else {
        None
    };
    if let Some(refusal) = refusal {
        drop(tx);
        let mut state = FormState::new()
            .keep("dossier_id", &form.dossier_id.to_string())
            .keep("juror_id", &form.juror_id.to_string());
        state.error(&format!("ajout-{}", form.dossier_id), refusal);
        let mut conn = db.pool().acquire().await?;
        let template =
            render_assignment(&mut conn, &page, &edition, &AssignmentQuery::default(), &state).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, template));
    }
    assignments::insert(&mut tx, edition.id, form.dossier_id, form.juror_id, "manual", o.0.id, db::now())
        .await?;
    tx.commit().await?;
    Ok(Reply::success(back, "Juré ajouté au dossier."))
}

/// Whether `dossier_id` belongs to `edition` (an act under an edition's URL touches only it).
async fn in_edition(conn: &mut Conn, edition: &Edition, dossier_id: i64) -> AppResult<bool> {
    Ok(crate::applications::repo::dossier(conn, dossier_id)
        .await?
        .is_some_and(|d| d.edition_id == edition.id))
}

#[post("/admin/editions/<year>/jury/affectation/<id>/retirer", data = "<_form>")]
async fn remove_pair(
    _o: Organiser,
    db: &State<Db>,
    year: i64,
    id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let pair = assignments::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !in_edition(&mut tx, &edition, pair.dossier_id).await? {
        return Err(AppError::NotFound);
    }
    let back = format!("{}/jury/affectation#dossier-{}", admin_base(year), pair.dossier_id);
    if !assignments::remove(&mut tx, id).await? {
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
    let dossiers = crate::applications::repo::eligible(conn, edition.id).await?;
    let juror_rows = jurors::list(conn).await?;
    Ok(Conflicts::new(page, form, edition.clone(), list, &dossiers, &juror_rows, requested_page).html())
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
    let (form, refused) = form.into_parts();
    let back = format!("{}/jury/conflits", admin_base(year));
    let mut state = refused.reported(
        FormState::new()
            .keep("juror_id", &form.juror_id.to_string())
            .keep("dossier_id", &form.dossier_id.to_string())
            .keep("reason", &form.reason),
        "",
    );
    let reason = form.reason.trim();
    if !(10..=1000).contains(&reason.chars().count()) {
        state.error("reason", "Décrivez le lien d’intérêt (10 à 1 000 caractères).");
    }
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    if jurors::get(&mut tx, form.juror_id).await?.is_none() {
        state.error("juror_id", "Choisissez un juré.");
    }
    if !crate::applications::repo::eligible(&mut tx, edition.id)
        .await?
        .iter()
        .any(|d| d.id == form.dossier_id)
    {
        state.error("dossier_id", "Choisissez un dossier recevable de cette édition.");
    }
    if !state.has_errors()
        && !conflicts::declare(&mut tx, form.juror_id, form.dossier_id, "organiser", reason, o.0.id, now)
            .await?
    {
        state.error("juror_id", "Ce conflit est déjà enregistré.");
    }
    if state.has_errors() {
        drop(tx);
        let mut conn = db.pool().acquire().await?;
        let template = render_conflicts(&mut conn, &page, &edition, &state, None).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, template));
    }
    let dropped = assignments::drop_conflicted(&mut tx, edition.id).await?;
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
    let edition = named(&mut tx, year).await?;
    let conflict = conflicts::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !in_edition(&mut tx, &edition, conflict.dossier_id).await? {
        return Err(AppError::NotFound);
    }
    if !(10..=2000).contains(&justification.chars().count()) {
        state.error(
            &field,
            "Justifiez la levée du conflit par écrit (10 à 2 000 caractères) : elle reste au dossier.",
        );
    } else if !refused.is_empty() {
        // The message is already next to the field; nothing is written.
    } else if !conflicts::lift(&mut tx, id, o.0.id, justification, db::now()).await? {
        state.error(&field, "Seul un conflit détecté automatiquement, et encore actif, peut être levé.");
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

#[post("/admin/editions/<year>/jury/evaluations/<id>/rouvrir", data = "<_form>")]
async fn reopen_review(
    o: Organiser,
    db: &State<Db>,
    year: i64,
    id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let review = reviews::by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !in_edition(&mut tx, &edition, review.dossier_id).await? {
        return Err(AppError::NotFound);
    }
    let back = format!("{}/jury/affectation#dossier-{}", admin_base(year), review.dossier_id);
    if !reviews::reopen(&mut tx, id, o.0.id, db::now()).await? {
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
    let count = assignments::review_count(&mut conn, edition.id).await?;
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
    assignments::set_scoring_closed(&mut tx, edition.id, None).await?;
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
    let total = reviews::count_events(&mut conn, edition.id, dossier, jure).await?;
    let pager = Pager::new(total, page, Log::href(year, dossier, jure));
    let events =
        reviews::events(&mut conn, edition.id, dossier, jure, PER_PAGE as i64, pager.offset()).await?;
    Ok(Log::new(&ctx, edition, events, dossier.is_some() || jure.is_some(), pager).html())
}
