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
use crate::jury::repo::{conflicts, jurors, progress};
use crate::jury::service::{self};
use crate::jury::views::admin::{Dashboard, DashboardFacts, SHORT_SHOWN};
use crate::jury::views::{Pager, PER_PAGE};
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![dashboard, settings]
}

#[get("/admin/editions/<year>/jury?<page>")]
async fn dashboard(
    _o: Organiser,
    ctx: Page,
    mut conn: Connection<Db>,
    year: i64,
    page: Option<i64>,
) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    render_dashboard(&mut conn, &ctx, &edition, page, &FormState::new()).await
}

/// The dashboard at the jurors' page `juror_page`; `form` carries what was typed in refused
/// settings. Counts are made in SQL; the rows fetched are those printed.
async fn render_dashboard(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    juror_page: Option<i64>,
    form: &FormState,
) -> AppResult<Html> {
    let k = edition.reviewers_per_dossier.max(1) as usize;
    // Decided once from the current facts, then passed along.
    let standing = conflicts::standing(conn, edition.id, None, None).await?;
    let excluded = progress::conflicted_assigned(conn, edition.id, standing.keys()).await?;
    let jurors_total = jurors::count(conn).await?;
    let pager = Pager::new(jurors_total, juror_page, format!("{}/jury", admin_base(edition.year)));
    let facts = DashboardFacts {
        edition: edition.clone(),
        now: db::now(),
        categories: editions::categories(conn, edition.id).await?,
        tallies: progress::by_category(conn, edition.id, k, &excluded).await?,
        by_juror: progress::by_juror(conn, edition.id, &excluded).await?,
        jurors: jurors_total,
        juror_page: jurors::page(conn, PER_PAGE as i64, pager.offset()).await?,
        pager,
        short: progress::short_of_reviews(conn, edition.id, k, SHORT_SHOWN, &excluded).await?,
        conflicts_active: standing.len(),
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
            let template = render_dashboard(&mut conn, &page, &edition, None, &state).await?;
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
