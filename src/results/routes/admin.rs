//! `/admin/editions/<year>/resultats`: the deliberation, one category at a time (`?categorie=`):
//! the ranked dossiers with their aggregate, every review, the flags and the rank under each
//! method side by side, and the proposed laureates; the edition's ranking settings; the
//! adjustments; the publication and its confirmation; the CSV export and the certificates.

use rocket::form::FromForm;
use rocket::http::{ContentType, Status};
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::applications::export::Dialect;
use crate::db::{self, Conn, Db};
use crate::editions::model::Edition;
use crate::editions::{admin_base, named};
use crate::error::{AppError, AppResult};
use crate::results::core::settings::{FieldError, SettingsText};
use crate::results::repo::{self, Comments};
use crate::results::service::{self, AdjustmentText, Plan, PublishRequest, SettingsRefusal};
use crate::results::views::{DeliberationContext, DeliberationPage, PublishConfirm};
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::stale;
use crate::web::view::{Html, View};
use crate::web::{Download, Reply};

pub fn routes() -> Vec<Route> {
    routes![page, export_csv, save_settings, adjust, publish_page, publish, certificates_zip]
}

#[get("/admin/editions/<year>/resultats?<categorie>&<page>")]
async fn page(
    _o: Organiser,
    ctx: Page,
    mut conn: Connection<Db>,
    year: i64,
    categorie: Option<&str>,
    page: Option<i64>,
) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    render(&mut conn, &ctx, &edition, (categorie, page), &FormState::new()).await
}

/// The deliberation page on `category` (the first with dossiers when None) at page `n` of its
/// ranking; `form` carries what was typed in a refused change.
async fn render(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    (category, n): (Option<&str>, Option<i64>),
    form: &FormState,
) -> AppResult<Html> {
    let d = service::deliberate(conn, edition, Comments::Skip).await?;
    let categories = crate::editions::repo::categories(conn, edition.id).await?;
    let ctx = DeliberationContext {
        edition,
        categories: &categories,
        chosen: category,
        page: n,
        history: crate::results::publications::publications(conn, edition.id).await?,
        settings_version: repo::settings_version(conn, edition.id).await?,
        tie_rules_locked: crate::jury::repo::criteria::is_locked(conn, edition.id).await?,
        scoring_open: edition.scoring_open(db::now()),
    };
    let view = DeliberationPage::new(page, form, &d, ctx).ok_or(AppError::NotFound)?;
    Ok(view.html())
}

fn report(state: &mut FormState, errors: Vec<FieldError>) {
    for (field, message) in errors {
        state.error(field, message);
    }
}

#[derive(Debug, FromForm)]
struct AdjustForm {
    #[field(default = 0)]
    dossier_id: i64,
    #[field(default = String::new())]
    action: String,
    #[field(default = String::new())]
    level: String,
    #[field(default = String::new())]
    justification: String,
}

/// An organiser adds or removes a laureate, or changes a level, with a written justification.
#[post("/admin/editions/<year>/resultats/ajustements", data = "<form>")]
async fn adjust(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    year: i64,
    form: CsrfForm<AdjustForm, Report>,
) -> AppResult<Reply> {
    let (f, refused) = form.into_parts();
    let mut state = refused.reported(
        FormState::new()
            .keep("dossier_id", &f.dossier_id.to_string())
            .keep("action", &f.action)
            .keep("level", &f.level)
            .keep("justification", &f.justification),
        "",
    );
    let text = AdjustmentText {
        dossier_id: f.dossier_id,
        action: &f.action,
        level: &f.level,
        justification: &f.justification,
    };
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    // The page comes back on the dossier's category.
    let category = crate::applications::repo::eligible(&mut tx, edition.id)
        .await?
        .into_iter()
        .find(|l| l.id == f.dossier_id)
        .map(|l| l.category_slug);
    let outcome = if state.has_errors() {
        Err(service::adjustment_errors(&mut tx, &edition, &text).await?)
    } else {
        service::record_adjustment(&mut tx, &edition, &text, o.0.id, db::now()).await?
    };
    if let Err(errors) = outcome {
        drop(tx);
        report(&mut state, errors);
        let mut conn = db.pool().acquire().await?;
        let html = render(&mut conn, &page, &edition, (category.as_deref(), None), &state).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, html));
    }
    tx.commit().await?;
    tracing::info!(by = o.0.id, dossier = f.dossier_id, action = f.action, "lauréats ajustés");
    let query = category.map(|c| format!("?categorie={c}")).unwrap_or_default();
    Ok(Reply::success(
        format!("{}/resultats{query}#ajustements", admin_base(year)),
        "Changement enregistré avec sa justification.",
    ))
}

#[derive(Debug, FromForm)]
struct PublishForm {
    #[field(default = String::new())]
    note: String,
    #[field(default = String::new())]
    justification: String,
    /// The edition's year, typed to confirm.
    #[field(default = String::new())]
    annee: String,
}

/// The confirmation page: what will become public (laureates per category with their levels,
/// the dossiers not rankable, the version number), or why it cannot be yet.
#[get("/admin/editions/<year>/resultats/publier")]
async fn publish_page(_o: Organiser, page: Page, mut conn: Connection<Db>, year: i64) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    let plan = service::plan(&mut conn, &edition).await?;
    render_publish(&mut conn, &page, &edition, &plan, &FormState::new()).await
}

async fn render_publish(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    plan: &Plan,
    form: &FormState,
) -> AppResult<Html> {
    let count = crate::jury::repo::progress::review_count(conn, edition.id).await?;
    let scoring_open = edition.scoring_open(db::now());
    Ok(PublishConfirm::new(page, form, edition, plan, count, scoring_open).html())
}

/// Freezes the laureates as a new published version of the palmarès, once confirmed.
#[post("/admin/editions/<year>/resultats/publier", data = "<form>")]
async fn publish(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    year: i64,
    form: CsrfForm<PublishForm, Report>,
) -> AppResult<Reply> {
    let (f, refused) = form.into_parts();
    let mut state = refused.reported(
        FormState::new()
            .keep("note", &f.note)
            .keep("justification", &f.justification)
            .keep("annee", &f.annee),
        "",
    );
    let request = PublishRequest { typed_year: &f.annee, note: &f.note, justification: &f.justification };
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let outcome = if state.has_errors() {
        // Nothing is written after a refused form; its other refusals are shown with it.
        let plan = service::plan(&mut tx, &edition).await?;
        let refusals = plan.refusals(&edition, &request, now);
        Err(service::Refused { refusals, plan: Box::new(plan) })
    } else {
        service::publish(&mut tx, &edition, &request, o.0.id, now).await?
    };
    let version = match outcome {
        Ok(version) => version,
        Err(refused) => {
            drop(tx);
            report(&mut state, refused.refusals);
            let mut conn = db.pool().acquire().await?;
            let html = render_publish(&mut conn, &page, &edition, &refused.plan, &state).await?;
            return Ok(Reply::status(Status::UnprocessableEntity, html));
        }
    };
    tx.commit().await?;
    tracing::info!(by = o.0.id, edition = edition.year, version, "palmarès publié");
    Ok(Reply::success(
        format!("{}/resultats#publication", admin_base(year)),
        format!(
            "Palmarès {} publié (version {version}) : il est public sur /palmares/{}.",
            edition.year, edition.year
        ),
    ))
}

/// Every certificate of the edition's published palmarès, in one ZIP.
#[get("/admin/editions/<year>/resultats/certificats.zip")]
async fn certificates_zip(
    _o: Organiser,
    base: crate::web::BaseUrl,
    config: &State<crate::config::AppConfig>,
    mut conn: Connection<Db>,
    year: i64,
) -> AppResult<Download> {
    let edition = named(&mut conn, year).await?;
    let bytes = service::certificates_zip(&mut conn, &edition, &base.0, config.logo()).await?;
    Ok(Download {
        bytes,
        content_type: ContentType::ZIP,
        file_name: format!("certificats-{}.zip", edition.year),
    })
}

#[get("/admin/editions/<year>/resultats.csv?<format>")]
async fn export_csv(
    _o: Organiser,
    mut conn: Connection<Db>,
    year: i64,
    format: Option<&str>,
) -> AppResult<Download> {
    let edition = named(&mut conn, year).await?;
    let dialect = if format == Some("virgule") { Dialect::Plain } else { Dialect::French };
    let bytes = service::export_csv(&mut conn, &edition, dialect).await?;
    let suffix = if dialect == Dialect::Plain { "-virgule" } else { "" };
    Ok(Download {
        bytes,
        content_type: ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        file_name: format!("resultats-{}{suffix}.csv", edition.year),
    })
}

#[derive(Debug, FromForm)]
struct SettingsForm {
    /// The version the form was opened at (see `web::stale`).
    #[field(default = String::new())]
    version: String,
    #[field(default = String::new())]
    aggregate: String,
    #[field(default = String::new())]
    severity_correction: String,
    #[field(default = String::new())]
    min_reviews: String,
    #[field(default = String::new())]
    disagreement_threshold: String,
    #[field(default = String::new())]
    laureates_per_category: String,
    #[field(default = String::new())]
    level_kind: String,
    #[field(default = String::new())]
    level_or: String,
    #[field(default = String::new())]
    level_argent: String,
    #[field(default = String::new())]
    signatories: String,
    /// Up to three tie rules in order: `median`, `review_count`, `criterion:<slug>` or empty.
    #[field(default = Vec::new())]
    tie_rules: Vec<String>,
}

#[post("/admin/editions/<year>/resultats/reglages", data = "<form>")]
async fn save_settings(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    year: i64,
    form: CsrfForm<SettingsForm, Report>,
) -> AppResult<Reply> {
    let (f, refused) = form.into_parts();
    let back = format!("{}/resultats", admin_base(year));
    let mut state = FormState::new()
        .keep("aggregate", &f.aggregate)
        .keep("severity_correction", &f.severity_correction)
        .keep("min_reviews", &f.min_reviews)
        .keep("disagreement_threshold", &f.disagreement_threshold)
        .keep("laureates_per_category", &f.laureates_per_category)
        .keep("level_kind", &f.level_kind)
        .keep("level_or", &f.level_or)
        .keep("level_argent", &f.level_argent)
        .keep("signatories", &f.signatories);
    for (i, rule) in f.tie_rules.iter().enumerate() {
        state = state.keep(&format!("tie_rules-{i}"), rule);
    }
    refused.report_with(&mut state, settings_key);
    let text = SettingsText {
        aggregate: &f.aggregate,
        severity_correction: &f.severity_correction,
        min_reviews: &f.min_reviews,
        disagreement_threshold: &f.disagreement_threshold,
        laureates_per_category: &f.laureates_per_category,
        level_kind: &f.level_kind,
        level_or: &f.level_or,
        level_argent: &f.level_argent,
        signatories: &f.signatories,
        tie_rules: &f.tie_rules,
    };
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let outcome = if state.has_errors() {
        // A control character refused: the other fields are still checked, nothing is written.
        let stored = repo::settings(&mut tx, edition.id).await?;
        let errors =
            service::check_settings(&mut tx, &edition, &text, &stored).await?.err().unwrap_or_default();
        Err(SettingsRefusal::Invalid(errors))
    } else {
        service::update_settings(&mut tx, &edition, &text, stale::parse(&f.version), db::now()).await?
    };
    match outcome {
        Ok(settings) => {
            tx.commit().await?;
            let aggregate = settings.ranking.aggregate.as_str();
            tracing::info!(by = o.0.id, edition = year, aggregate, "réglages du classement");
            Ok(Reply::success(
                back,
                "Réglages du classement enregistrés : le classement ci-dessous en tient compte.",
            ))
        }
        Err(refusal) => {
            drop(tx);
            match refusal {
                SettingsRefusal::Invalid(errors) => report(&mut state, errors),
                // Saved since this form was opened: the page keeps what this person typed and
                // says, setting by setting, what they chose and what is stored now.
                SettingsRefusal::Stale { theirs, stored } => {
                    stale::refuse(&mut state, &theirs.changes_from(&stored))
                }
            }
            let mut conn = db.pool().acquire().await?;
            let html = render(&mut conn, &page, &edition, (None, None), &state).await?;
            Ok(Reply::status(Status::UnprocessableEntity, html))
        }
    }
}

/// Where the settings page shows the error of a form field: the fields without a message
/// of their own show it with their group's.
fn settings_key(name: &str) -> String {
    match name {
        n if n.starts_with("tie_rules") => "tie_rules",
        "level_argent" => "level_or",
        "severity_correction" => "aggregate",
        n => n,
    }
    .to_string()
}
