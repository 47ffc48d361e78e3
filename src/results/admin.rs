//! `/admin/editions/<year>/resultats`: the deliberation. Per category, the ranked dossiers with their
//! aggregate, every review, the flags and the rank under each method side by side, and the
//! proposed laureates; the edition's ranking settings; the CSV export.

use rocket::form::FromForm;
use rocket::http::{ContentType, Status};
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;
use rocket_dyn_templates::Template;
use serde_json::{json, Value};

use super::certificate::Level;
use super::deliberation::{deliberate, Deliberation};
use super::export;
use super::laureates::{apply, Final, LevelRule};
use super::publications::{self, Snapshot};
use super::ranking::{Aggregate, TieRule};
use super::release::{self, ShortCategory};
use super::repo::{self, Inputs, ResultsSettings};
use crate::accounts::Organiser;
use crate::applications::export::Dialect;
use crate::db::{self, Conn, Db};
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::editions::{admin_base, named};
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::fr::number;
use crate::web::page::Page;
use crate::web::stale;
use crate::web::{Download, Reply};

pub fn routes() -> Vec<Route> {
    routes![page, export_csv, save_settings, adjust, publish_page, publish, certificates_zip]
}

/// Loads the inputs and deliberates, for the page, the CSV export and the CLI.
pub async fn compute(
    conn: &mut Conn,
    edition: &Edition,
) -> AppResult<(Inputs, ResultsSettings, Deliberation)> {
    let settings = repo::settings(conn, edition.id).await?;
    let inputs = repo::inputs(conn, edition).await?;
    let d = deliberate(&inputs.dossiers, &inputs.reviews, &settings);
    Ok((inputs, settings, d))
}

fn tie_rule_label(rule: &TieRule, inputs: &Inputs) -> String {
    match rule {
        TieRule::Median => "la médiane des notes".into(),
        TieRule::ReviewCount => "le nombre d’évaluations".into(),
        TieRule::Criterion(slug) => {
            let name = inputs
                .rubric
                .criteria
                .iter()
                .find(|c| &c.slug == slug)
                .map_or(slug.as_str(), |c| c.name.as_str());
            format!("la note du critère « {name} »")
        }
    }
}

/// The rules a tie can go through, for the settings form.
fn tie_options(inputs: &Inputs) -> Vec<Value> {
    let mut out = vec![
        json!({ "value": "", "label": "—" }),
        json!({ "value": "median", "label": "la médiane des notes" }),
        json!({ "value": "review_count", "label": "le nombre d’évaluations" }),
    ];
    for c in &inputs.rubric.criteria {
        out.push(json!({ "value": format!("criterion:{}", c.slug), "label": format!("la note du critère « {} »", c.name) }));
    }
    out
}

fn score(v: Option<f64>) -> String {
    v.map(|x| number(x, 1)).unwrap_or_else(|| "—".into())
}

#[get("/admin/editions/<year>/resultats")]
async fn page(_o: Organiser, page: Page, mut conn: Connection<Db>, year: i64) -> AppResult<Template> {
    let edition = named(&mut conn, year).await?;
    render(&mut conn, &page, &edition, &FormState::new()).await
}

/// The deliberation page; `form` carries what was typed in a refused change or publication.
async fn render(conn: &mut Conn, page: &Page, edition: &Edition, form: &FormState) -> AppResult<Template> {
    let (inputs, settings, d) = compute(conn, edition).await?;
    let adjustments = publications::adjustments(conn, edition.id).await?;
    let finals = finals(&d, &adjustments);
    let history = publications::publications(conn, edition.id).await?;
    let categories = editions::categories(conn, edition.id).await?;
    let criterion_name = |slug: &str| {
        inputs.rubric.criteria.iter().find(|c| c.slug == slug).map_or(slug.to_string(), |c| c.name.clone())
    };
    let groups: Vec<Value> = categories
        .iter()
        .map(|c| {
            let rows: Vec<Value> = d
                .main
                .dossiers
                .iter()
                .filter(|r| r.category == c.id)
                .filter_map(|r| {
                    let line = inputs.lines.iter().find(|l| l.id == r.dossier)?;
                    let proposal = d.proposals.laureates.iter().find(|p| p.dossier == r.dossier);
                    let final_ = finals.iter().find(|f| f.dossier == r.dossier);
                    let reviews: Vec<Value> = r
                        .reviews
                        .iter()
                        .map(|s| {
                            json!({
                                "juror": inputs.jurors.get(&s.juror).cloned().unwrap_or_default(),
                                "score": number(s.score, 1),
                                "corrected": number(s.corrected, 1),
                            })
                        })
                        .collect();
                    let methods: Vec<Value> = d
                        .by_method
                        .get(&r.dossier)
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(rank, aggregate)| json!({ "rank": rank, "aggregate": score(aggregate) }))
                        .collect();
                    Some(json!({
                        "r": r,
                        "line": line,
                        "aggregate": score(r.aggregate),
                        "spread": number(r.spread, 1),
                        "reviews": reviews,
                        "methods": methods,
                        "eliminatory": r.eliminatory.iter().map(|s| criterion_name(s)).collect::<Vec<_>>(),
                        "decided_by": r.decided_by.as_ref().map(|t| tie_rule_label(t, &inputs)),
                        "proposed": proposal.map(|p| p.level.label()),
                        "level": final_.map(|f| f.level.as_str()),
                        "level_label": final_.map(|f| f.level.label()),
                        "adjusted": final_.is_some_and(|f| f.adjusted) || (proposal.is_some() && final_.is_none()),
                    }))
                })
                .collect();
            let tie_at_cut = d.proposals.ties_at_cut.iter().find(|(cat, _)| *cat == c.id).map(|(_, ids)| {
                ids.iter()
                    .filter_map(|id| inputs.lines.iter().find(|l| l.id == *id))
                    .map(|l| l.reference.clone().unwrap_or_default())
                    .collect::<Vec<_>>()
            });
            json!({ "id": c.id, "name": c.name, "rows": rows, "tie_at_cut": tie_at_cut })
        })
        .collect();
    let offsets: Vec<Value> = d
        .main
        .offsets
        .iter()
        .map(|(j, b)| {
            json!({
                "juror": inputs.jurors.get(j).cloned().unwrap_or_default(),
                "offset": number(*b, 1),
                "scale": number(d.main.scales.get(j).copied().unwrap_or(1.0), 2),
            })
        })
        .collect();
    let not_rankable = d.main.dossiers.iter().filter(|r| r.not_rankable).count();
    let level_rule = match &settings.level_rule {
        LevelRule::ByRank { or, argent } => json!({ "kind": "rank", "or": or, "argent": argent }),
        LevelRule::ByScore { or, argent } => json!({ "kind": "score", "or": or, "argent": argent }),
    };
    let settings_version = repo::settings_version(conn, edition.id).await?;
    Ok(page.render(
        "results/admin",
        json!({
            "settings_version": settings_version,
            "edition": edition,
            "base": admin_base(edition.year),
            "scoring_open": edition.scoring_open(db::now()),
            "groups": groups,
            "methods": d.methods.iter().map(|m| json!({ "label": m.label(), "key": m.key() })).collect::<Vec<_>>(),
            "settings": settings,
            "method_label": super::deliberation::Method { aggregate: settings.ranking.aggregate, corrected: settings.ranking.severity_correction }.label(),
            "tie_rules": settings.ranking.tie_rules.iter().map(|t| tie_rule_label(t, &inputs)).collect::<Vec<_>>(),
            "level_rule_label": settings.level_rule.describe(),
            "level_rule": level_rule,
            "tie_rules_locked": crate::jury::repo::criteria::is_locked(conn, edition.id).await?,
            "form": form,
            "tie_slots": (0..3).map(|i| settings.ranking.tie_rules.get(i).map(|t| match t {
                TieRule::Median => "median".to_string(),
                TieRule::ReviewCount => "review_count".to_string(),
                TieRule::Criterion(slug) => format!("criterion:{slug}"),
            }).unwrap_or_default()).collect::<Vec<_>>(),
            "tie_options": tie_options(&inputs),
            "signatories_text": settings.signatories.iter().map(|(n, f)| format!("{n} — {f}")).collect::<Vec<_>>().join("\n"),
            "aggregates": Aggregate::ALL.iter().map(|a| json!({ "value": a.as_str(), "label": a.label() })).collect::<Vec<_>>(),
            "offsets": offsets,
            "reviews": inputs.reviews.len(),
            "dossiers": inputs.lines.len(),
            "not_rankable": not_rankable,
            "laureates": finals.len(),
            "adjustments": adjustments,
            "history": history,
            "published": !history.is_empty(),
            "dossier_options": inputs.lines.iter().map(|l| json!({ "id": l.id, "label": format!("{} — {} — {}", l.reference.clone().unwrap_or_default(), l.organisation, l.title) })).collect::<Vec<_>>(),
            "levels": Level::ALL.iter().map(|l| json!({ "value": l.as_str(), "label": l.label() })).collect::<Vec<_>>(),
        }),
    ))
}

/// The laureates after the organisers' adjustments.
fn finals(d: &Deliberation, adjustments: &[publications::AdjustmentRow]) -> Vec<Final> {
    let list: Vec<_> = adjustments.iter().filter_map(publications::AdjustmentRow::to_adjustment).collect();
    apply(&d.proposals, &d.main.dossiers, &list)
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
    let justification = f.justification.trim();
    let level = Level::parse(&f.level);
    let action = match f.action.as_str() {
        "ajouter" if level.is_some() => Some("add"),
        "niveau" if level.is_some() => Some("level"),
        "retirer" => Some("remove"),
        _ => None,
    };
    if action.is_none() {
        state.error("action", "Choisissez le changement et, pour un ajout ou un niveau, le niveau.");
    }
    if !(10..=2000).contains(&justification.chars().count()) {
        state.error(
            "justification",
            "Justifiez le changement par écrit (10 à 2 000 caractères) : il est conservé et visible.",
        );
    }
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    if !crate::applications::repo::eligible(&mut tx, edition.id).await?.iter().any(|l| l.id == f.dossier_id) {
        state.error("dossier_id", "Choisissez un dossier recevable de cette édition.");
    }
    let Some(action) = action.filter(|_| !state.has_errors()) else {
        let template = render(&mut tx, &page, &edition, &state).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, template));
    };
    publications::add_adjustment(
        &mut tx,
        edition.id,
        f.dossier_id,
        action,
        level,
        justification,
        o.0.id,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(by = o.0.id, dossier = f.dossier_id, action, "lauréats ajustés");
    Ok(Reply::success(
        format!("{}/resultats#ajustements", admin_base(year)),
        "Changement enregistré avec sa justification.",
    ))
}

/// What publishing `edition` now would make public, and what it rests on.
pub struct Plan {
    pub inputs: Inputs,
    pub settings: ResultsSettings,
    pub deliberation: Deliberation,
    pub finals: Vec<Final>,
    pub first: bool,
    pub version: i64,
    pub categories: Vec<crate::editions::model::Category>,
    /// Categories with fewer rankable dossiers than laureates to name.
    pub short: Vec<ShortCategory>,
}

pub async fn plan(conn: &mut Conn, edition: &Edition) -> AppResult<Plan> {
    let (inputs, settings, deliberation) = compute(conn, edition).await?;
    let adjustments = publications::adjustments(conn, edition.id).await?;
    let finals = finals(&deliberation, &adjustments);
    let history = publications::publications(conn, edition.id).await?;
    let categories = editions::categories(conn, edition.id).await?;
    let ids: Vec<i64> = categories.iter().map(|c| c.id).collect();
    let short = release::short_categories(&ids, &deliberation.main.dossiers, settings.laureates_per_category);
    Ok(Plan {
        inputs,
        settings,
        deliberation,
        finals,
        first: history.is_empty(),
        version: history.iter().map(|p| p.version).max().unwrap_or(0) + 1,
        categories,
        short,
    })
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
async fn publish_page(_o: Organiser, page: Page, mut conn: Connection<Db>, year: i64) -> AppResult<Template> {
    let edition = named(&mut conn, year).await?;
    let plan = plan(&mut conn, &edition).await?;
    render_publish(&mut conn, &page, &edition, &plan, &FormState::new()).await
}

async fn render_publish(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    plan: &Plan,
    form: &FormState,
) -> AppResult<Template> {
    let line = |id: i64| plan.inputs.lines.iter().find(|l| l.id == id);
    let categories: Vec<Value> = plan
        .categories
        .iter()
        .map(|c| {
            let laureates: Vec<Value> = plan
                .finals
                .iter()
                .filter(|f| f.category == c.id)
                .filter_map(|f| {
                    let l = line(f.dossier)?;
                    Some(json!({
                        "reference": l.reference, "organisation": l.organisation, "title": l.title,
                        "level": f.level.as_str(), "level_label": f.level.label(),
                    }))
                })
                .collect();
            let short = plan.short.iter().find(|s| s.category == c.id);
            json!({
                "name": c.name,
                "laureates": laureates,
                "short": short.map(|s| json!({ "rankable": s.rankable, "wanted": s.wanted })),
            })
        })
        .collect();
    let not_rankable: Vec<Value> = plan
        .deliberation
        .main
        .dossiers
        .iter()
        .filter(|r| r.not_rankable)
        .filter_map(|r| line(r.dossier))
        .map(|l| json!({ "reference": l.reference, "organisation": l.organisation, "title": l.title, "category": l.category }))
        .collect();
    let count = crate::jury::admin::review_count(conn, edition).await?;
    Ok(page.render(
        "results/publish_confirm",
        json!({
            "edition": edition,
            "base": admin_base(edition.year),
            "scoring_open": edition.scoring_open(db::now()),
            "count": count,
            "missing": count.assigned - count.submitted,
            "categories": categories,
            "not_rankable": not_rankable,
            "laureates": plan.finals.len(),
            "version": plan.version,
            "first": plan.first,
            "short": !plan.short.is_empty(),
            "form": form,
        }),
    ))
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
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    // A double click publishes once: the second waits, then finds version 1 published.
    crate::editions::repo::lock(&mut tx, edition.id).await?;
    let plan = plan(&mut tx, &edition).await?;
    let refusals = release::refusals(&release::Request {
        year: edition.year,
        typed_year: &f.annee,
        first: plan.first,
        note: &f.note,
        justification: &f.justification,
        short: !plan.short.is_empty(),
        laureates: plan.finals.len(),
        scoring_open: edition.scoring_open(now),
    });
    if !refusals.is_empty() || state.has_errors() {
        drop(tx);
        for (field, message) in refusals {
            state.error(field, message);
        }
        let mut conn = db.pool().acquire().await?;
        let template = render_publish(&mut conn, &page, &edition, &plan, &state).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, template));
    }
    let version =
        publish_plan(&mut tx, &edition, &plan, f.note.trim(), f.justification.trim(), o.0.id, now).await?;
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
    let files = super::public::edition_certificates(&mut conn, &edition, &base.0, config.logo()).await?;
    let bytes = super::certificate::zip(&files).map_err(AppError::internal)?;
    Ok(Download {
        bytes,
        content_type: ContentType::ZIP,
        file_name: format!("certificats-{}.zip", edition.year),
    })
}

/// Publishes the edition's laureates (proposals with the adjustments applied) as a new version:
/// `Ok(Err(reason))` when it must not be published (scoring still open, a correction without
/// its reason, a category short of rankable dossiers without a justification, no laureate).
/// Run it in a transaction.
pub async fn publish_edition(
    conn: &mut Conn,
    edition: &Edition,
    note: &str,
    justification: &str,
    by: i64,
    now: i64,
) -> AppResult<Result<i64, &'static str>> {
    crate::editions::repo::lock(conn, edition.id).await?;
    let plan = plan(conn, edition).await?;
    let refusals = release::refusals(&release::Request {
        year: edition.year,
        typed_year: &edition.year.to_string(),
        first: plan.first,
        note,
        justification,
        short: !plan.short.is_empty(),
        laureates: plan.finals.len(),
        scoring_open: edition.scoring_open(now),
    });
    if let Some((_, refusal)) = refusals.first() {
        return Ok(Err(refusal));
    }
    Ok(Ok(publish_plan(conn, edition, &plan, note, justification, by, now).await?))
}

/// Stores `plan` as the next version, once every check has passed.
async fn publish_plan(
    conn: &mut Conn,
    edition: &Edition,
    plan: &Plan,
    note: &str,
    justification: &str,
    by: i64,
    now: i64,
) -> AppResult<i64> {
    let (inputs, settings, d) = (&plan.inputs, &plan.settings, &plan.deliberation);
    let method = format!(
        "Classement par {} des notes pondérées sur 100, à partir de {} évaluations ; niveaux {}.",
        super::deliberation::Method {
            aggregate: settings.ranking.aggregate,
            corrected: settings.ranking.severity_correction
        }
        .label(),
        settings.ranking.min_reviews,
        settings.level_rule.describe()
    );
    let laureates: Vec<(Final, Snapshot<'_>)> = plan
        .finals
        .iter()
        .filter_map(|f| {
            let line = inputs.lines.iter().find(|l| l.id == f.dossier)?;
            let aggregate = d.main.dossiers.iter().find(|r| r.dossier == f.dossier).and_then(|r| r.aggregate);
            Some((f.clone(), Snapshot { line, aggregate }))
        })
        .collect();
    let release = publications::Release { method: &method, note, justification };
    Ok(publications::publish(conn, edition.id, &laureates, &release, by, now).await?)
}

#[get("/admin/editions/<year>/resultats.csv?<format>")]
async fn export_csv(
    _o: Organiser,
    mut conn: Connection<Db>,
    year: i64,
    format: Option<&str>,
) -> AppResult<Download> {
    let edition = named(&mut conn, year).await?;
    let (inputs, _, d) = compute(&mut conn, &edition).await?;
    let dialect = if format == Some("virgule") { Dialect::Plain } else { Dialect::French };
    let bytes = export::to_csv(&inputs, &d, dialect).map_err(AppError::internal)?;
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
    let int = |s: &str, range: std::ops::RangeInclusive<i64>| {
        s.trim().parse::<i64>().ok().filter(|n| range.contains(n))
    };
    let aggregate = Aggregate::parse(&f.aggregate);
    if aggregate.is_none() {
        state.error("aggregate", "Choisissez la façon de combiner les évaluations.");
    }
    let min_reviews = int(&f.min_reviews, 1..=10);
    if min_reviews.is_none() {
        state.error("min_reviews", "Le nombre minimal d’évaluations est un entier de 1 à 10.");
    }
    let threshold = int(&f.disagreement_threshold, 1..=100);
    if threshold.is_none() {
        state.error("disagreement_threshold", "Le seuil de désaccord est un nombre de points de 1 à 100.");
    }
    let per_category = int(&f.laureates_per_category, 0..=50);
    if per_category.is_none() {
        state.error("laureates_per_category", "Le nombre de lauréats par catégorie est un entier de 0 à 50.");
    }
    let level_rule = match f.level_kind.as_str() {
        "rank" => match (int(&f.level_or, 0..=50), int(&f.level_argent, 0..=50)) {
            (Some(or), Some(argent)) if or <= argent => {
                Some(LevelRule::ByRank { or: or as usize, argent: argent as usize })
            }
            _ => {
                state.error("level_or", "Par rang : le dernier rang Or est au plus le dernier rang Argent.");
                None
            }
        },
        "score" => {
            let parse = |s: &str| {
                s.trim().replace(',', ".").parse::<f64>().ok().filter(|x| (0.0..=100.0).contains(x))
            };
            match (parse(&f.level_or), parse(&f.level_argent)) {
                (Some(or), Some(argent)) if argent <= or => Some(LevelRule::ByScore { or, argent }),
                _ => {
                    state.error("level_or", "Par note : le seuil Or (0 à 100) est au moins le seuil Argent.");
                    None
                }
            }
        }
        _ => {
            state.error("level_kind", "Choisissez comment les niveaux sont attribués.");
            None
        }
    };
    let mut signatories = Vec::new();
    for line in f.signatories.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once(" — ").or_else(|| line.split_once(" - ")) {
            Some((name, function)) => {
                signatories.push((name.trim().to_string(), function.trim().to_string()))
            }
            None => {
                state.error("signatories", "Une signature par ligne : « Prénom Nom — Fonction ».");
                break;
            }
        }
    }
    if signatories.len() > 3 {
        state.error("signatories", "Trois signatures au plus sur un certificat.");
    }
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    let mut settings = repo::settings(&mut tx, edition.id).await?;
    let stored = settings.clone();
    if !f.tie_rules.is_empty() {
        if crate::jury::repo::criteria::is_locked(&mut tx, edition.id).await? {
            state.error(
                "tie_rules",
                "Les règles de départage se déclarent avant l’évaluation : une évaluation a déjà été soumise.",
            );
        } else {
            let (rubric, _) = crate::jury::repo::criteria::rubric(&mut tx, &edition).await?;
            let mut rules = Vec::new();
            for value in f.tie_rules.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                let rule = match value {
                    "median" => TieRule::Median,
                    "review_count" => TieRule::ReviewCount,
                    other => match other.strip_prefix("criterion:") {
                        Some(slug) if rubric.criteria.iter().any(|c| c.slug == slug) => {
                            TieRule::Criterion(slug.to_string())
                        }
                        _ => {
                            state.error("tie_rules", "Règle de départage inconnue.");
                            continue;
                        }
                    },
                };
                if !rules.contains(&rule) {
                    rules.push(rule);
                }
            }
            settings.ranking.tie_rules = rules;
        }
    }
    let (Some(aggregate), Some(min_reviews), Some(threshold), Some(per_category), Some(level_rule)) =
        (aggregate, min_reviews, threshold, per_category, level_rule)
    else {
        return refuse_settings(db, tx, &page, &edition, state).await;
    };
    if state.has_errors() {
        return refuse_settings(db, tx, &page, &edition, state).await;
    }
    settings.signatories = signatories;
    settings.ranking.aggregate = aggregate;
    settings.ranking.severity_correction = f.severity_correction == "oui";
    settings.ranking.min_reviews = min_reviews as usize;
    settings.ranking.disagreement_threshold = threshold as f64;
    settings.laureates_per_category = per_category as usize;
    settings.level_rule = level_rule;
    if !repo::claim_settings_version(&mut tx, edition.id, stale::parse(&f.version)).await? {
        drop(tx);
        return refuse_stale_settings(&page, db, &edition, state, &settings, &stored).await;
    }
    repo::save_settings(&mut tx, edition.id, &settings, now).await?;
    tx.commit().await?;
    tracing::info!(by = o.0.id, edition = year, aggregate = aggregate.as_str(), "réglages du classement");
    Ok(Reply::success(back, "Réglages du classement enregistrés : le classement ci-dessous en tient compte."))
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

/// The deliberation page again, the settings as typed with their errors (nothing saved).
async fn refuse_settings(
    db: &Db,
    tx: db::Tx,
    page: &Page,
    edition: &Edition,
    state: FormState,
) -> AppResult<Reply> {
    drop(tx);
    let mut conn = db.pool().acquire().await?;
    let template = render(&mut conn, page, edition, &state).await?;
    Ok(Reply::status(Status::UnprocessableEntity, template))
}

/// The settings were saved since this form was opened: nothing is written; the page keeps what
/// this person typed and says, setting by setting, what they chose and what is stored now, with
/// the new version.
async fn refuse_stale_settings(
    page: &Page,
    db: &Db,
    edition: &Edition,
    mut form: FormState,
    theirs: &ResultsSettings,
    stored: &ResultsSettings,
) -> AppResult<Reply> {
    stale::refuse(&mut form, &theirs.changes_from(stored));
    let mut conn = db.pool().acquire().await?;
    let template = render(&mut conn, page, edition, &form).await?;
    Ok(Reply::status(Status::UnprocessableEntity, template))
}
