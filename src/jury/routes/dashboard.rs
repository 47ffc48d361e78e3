//! Organisers, `/admin/editions/<year>/jury`: the jury's dashboard (progress) and its settings.

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
use crate::jury::core::conflicts::Scope;
use crate::jury::core::model::ReviewState;
use crate::jury::core::progress::PairIn;
use crate::jury::repo::{assignments, conflicts, jurors};
use crate::jury::service::{self};
use crate::jury::views::admin::{Dashboard, DashboardFacts};
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![dashboard, settings]
}

#[get("/admin/editions/<year>/jury")]
async fn dashboard(_o: Organiser, page: Page, mut conn: Connection<Db>, year: i64) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    render_dashboard(&mut conn, &page, &edition, &FormState::new()).await
}

/// The states of the edition's pairs without an active conflict, for progress.
async fn pair_states(conn: &mut Conn, edition: &Edition) -> AppResult<Vec<PairIn>> {
    let mut pairs = Vec::new();
    for p in assignments::list(conn, edition.id).await?.iter().filter(|p| p.conflicted == 0) {
        let state = ReviewState::from_db(p.review_state.as_deref())?;
        pairs.push(PairIn {
            dossier: p.dossier_id,
            juror: p.juror_id,
            submitted: state == ReviewState::Submitted,
            draft: state == ReviewState::Draft,
        });
    }
    Ok(pairs)
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
        rubric_locked: crate::jury::repo::criteria::is_locked(conn, edition.id).await?,
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
    let added = service::change_settings(&mut tx, &edition, k, scope, seed, now).await?;
    tx.commit().await?;
    tracing::info!(by = o.0.id, edition = year, k, scope = scope.as_str(), seed, "réglages du jury");
    Ok(Reply::success(
        back,
        format!("Réglages enregistrés : {k} jurés par dossier ; conflits automatiques : {}. {added} nouveau(x) conflit(s) détecté(s).", scope.label()),
    ))
}
