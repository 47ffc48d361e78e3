//! `/admin/resultats`: the deliberation. Per category, the ranked dossiers with their
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
use super::repo::{self, Inputs, ResultsSettings};
use crate::accounts::Organiser;
use crate::applications::export::Dialect;
use crate::db::{self, Conn, Db};
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::error::{AppError, AppResult};
use crate::web::csrf::CsrfForm;
use crate::web::forms::FormState;
use crate::web::fr::number;
use crate::web::page::Page;
use crate::web::stale;
use crate::web::{Download, Reply};

pub fn routes() -> Vec<Route> {
    routes![page, export_csv, save_settings, adjust, publish, certificates_zip]
}

async fn edition_of(conn: &mut Conn, year: Option<i64>) -> AppResult<Edition> {
    match year {
        Some(y) => editions::by_year(conn, y).await?,
        None => editions::current(conn).await?,
    }
    .ok_or(AppError::NotFound)
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

#[get("/admin/resultats?<edition>")]
async fn page(
    _o: Organiser,
    page: Page,
    mut conn: Connection<Db>,
    edition: Option<i64>,
) -> AppResult<Template> {
    let edition = edition_of(&mut conn, edition).await?;
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
#[post("/admin/resultats/ajustements", data = "<form>")]
async fn adjust(o: Organiser, page: Page, db: &State<Db>, form: CsrfForm<AdjustForm>) -> AppResult<Reply> {
    let f = form.into_inner();
    let mut state = FormState::new()
        .keep("dossier_id", &f.dossier_id.to_string())
        .keep("action", &f.action)
        .keep("level", &f.level)
        .keep("justification", &f.justification);
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
    let edition = edition_of(&mut tx, None).await?;
    if !crate::applications::repo::eligible(&mut tx, edition.id).await?.iter().any(|l| l.id == f.dossier_id) {
        state.error("dossier_id", "Choisissez un dossier recevable de l’édition en cours.");
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
    Ok(Reply::success("/admin/resultats#ajustements", "Changement enregistré avec sa justification."))
}

#[derive(Debug, FromForm)]
struct PublishForm {
    #[field(default = String::new())]
    note: String,
    #[field(default = String::new())]
    confirm: String,
}

/// Freezes the laureates as a new published version of the palmarès.
#[post("/admin/resultats/publier", data = "<form>")]
async fn publish(o: Organiser, page: Page, db: &State<Db>, form: CsrfForm<PublishForm>) -> AppResult<Reply> {
    let f = form.into_inner();
    let back = "/admin/resultats#publication";
    let mut state = FormState::new().keep("note", &f.note);
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = edition_of(&mut tx, None).await?;
    let outcome = if f.confirm == "oui" {
        publish_edition(&mut tx, &edition, f.note.trim(), o.0.id, now).await?
    } else {
        Err("Cochez la case de confirmation : une publication ne peut plus être modifiée.")
    };
    let version = match outcome {
        Ok(version) => version,
        Err(refusal) => {
            drop(tx);
            let mut conn = db.pool().acquire().await?;
            state.error("note", refusal);
            let template = render(&mut conn, &page, &edition, &state).await?;
            return Ok(Reply::status(Status::UnprocessableEntity, template));
        }
    };
    tx.commit().await?;
    tracing::info!(by = o.0.id, edition = edition.year, version, "palmarès publié");
    Ok(Reply::success(
        back,
        format!(
            "Palmarès {} publié (version {version}) : il est public sur /palmares/{}.",
            edition.year, edition.year
        ),
    ))
}

/// Every certificate of the edition's published palmarès, in one ZIP.
#[get("/admin/resultats/certificats.zip?<edition>")]
async fn certificates_zip(
    _o: Organiser,
    base: crate::web::BaseUrl,
    config: &State<crate::config::AppConfig>,
    mut conn: Connection<Db>,
    edition: Option<i64>,
) -> AppResult<Download> {
    let edition = edition_of(&mut conn, edition).await?;
    let files = super::public::edition_certificates(&mut conn, &edition, &base.0, config.logo()).await?;
    let bytes = super::certificate::zip(&files).map_err(AppError::internal)?;
    Ok(Download {
        bytes,
        content_type: ContentType::ZIP,
        file_name: format!("certificats-{}.zip", edition.year),
    })
}

/// Publishes the edition's laureates (proposals with the adjustments applied) as a new version:
/// `Ok(Err(reason))` when it must not be published (a correction without its reason, no laureate).
/// Run it in a transaction.
pub async fn publish_edition(
    conn: &mut Conn,
    edition: &Edition,
    note: &str,
    by: i64,
    now: i64,
) -> AppResult<Result<i64, &'static str>> {
    let (inputs, settings, d) = compute(conn, edition).await?;
    let adjustments = publications::adjustments(conn, edition.id).await?;
    let finals = finals(&d, &adjustments);
    let first = publications::latest(conn, edition.id).await?.is_none();
    if !first && note.chars().count() < 10 {
        return Ok(Err("Une correction publiée dit ce qu’elle change et pourquoi (10 caractères au moins)."));
    }
    if finals.is_empty() {
        return Ok(Err("Aucun lauréat : il n’y a rien à publier."));
    }
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
    let laureates: Vec<(Final, Snapshot<'_>)> = finals
        .iter()
        .filter_map(|f| {
            let line = inputs.lines.iter().find(|l| l.id == f.dossier)?;
            let aggregate = d.main.dossiers.iter().find(|r| r.dossier == f.dossier).and_then(|r| r.aggregate);
            Some((f.clone(), Snapshot { line, aggregate }))
        })
        .collect();
    Ok(Ok(publications::publish(conn, edition.id, &laureates, &method, note, by, now).await?))
}

#[get("/admin/resultats.csv?<format>&<edition>")]
async fn export_csv(
    _o: Organiser,
    mut conn: Connection<Db>,
    format: Option<&str>,
    edition: Option<i64>,
) -> AppResult<Download> {
    let edition = edition_of(&mut conn, edition).await?;
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

#[post("/admin/resultats/reglages", data = "<form>")]
async fn save_settings(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    form: CsrfForm<SettingsForm>,
) -> AppResult<Reply> {
    let f = form.into_inner();
    let back = "/admin/resultats";
    let int = |s: &str, range: std::ops::RangeInclusive<i64>| {
        s.trim().parse::<i64>().ok().filter(|n| range.contains(n))
    };
    let Some(aggregate) = Aggregate::parse(&f.aggregate) else {
        return Ok(Reply::error(back, "Choisissez la façon de combiner les évaluations."));
    };
    let Some(min_reviews) = int(&f.min_reviews, 1..=10) else {
        return Ok(Reply::error(back, "Le nombre minimal d’évaluations est un entier de 1 à 10."));
    };
    let Some(threshold) = int(&f.disagreement_threshold, 1..=100) else {
        return Ok(Reply::error(back, "Le seuil de désaccord est un nombre de points de 1 à 100."));
    };
    let Some(per_category) = int(&f.laureates_per_category, 0..=50) else {
        return Ok(Reply::error(back, "Le nombre de lauréats par catégorie est un entier de 0 à 50."));
    };
    let level_rule = match f.level_kind.as_str() {
        "rank" => match (int(&f.level_or, 0..=50), int(&f.level_argent, 0..=50)) {
            (Some(or), Some(argent)) if or <= argent => {
                LevelRule::ByRank { or: or as usize, argent: argent as usize }
            }
            _ => {
                return Ok(Reply::error(
                    back,
                    "Par rang : le dernier rang Or est au plus le dernier rang Argent.",
                ))
            }
        },
        "score" => {
            let parse = |s: &str| {
                s.trim().replace(',', ".").parse::<f64>().ok().filter(|x| (0.0..=100.0).contains(x))
            };
            match (parse(&f.level_or), parse(&f.level_argent)) {
                (Some(or), Some(argent)) if argent <= or => LevelRule::ByScore { or, argent },
                _ => {
                    return Ok(Reply::error(
                        back,
                        "Par note : le seuil Or (0 à 100) est au moins le seuil Argent.",
                    ))
                }
            }
        }
        _ => return Ok(Reply::error(back, "Choisissez comment les niveaux sont attribués.")),
    };
    let mut signatories = Vec::new();
    for line in f.signatories.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((name, function)) = line.split_once(" — ").or_else(|| line.split_once(" - ")) else {
            return Ok(Reply::error(back, "Une signature par ligne : « Prénom Nom — Fonction »."));
        };
        signatories.push((name.trim().to_string(), function.trim().to_string()));
    }
    if signatories.len() > 3 {
        return Ok(Reply::error(back, "Trois signatures au plus sur un certificat."));
    }
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let edition = edition_of(&mut tx, None).await?;
    let mut settings = repo::settings(&mut tx, edition.id).await?;
    let stored = settings.clone();
    settings.signatories = signatories;
    if !f.tie_rules.is_empty() {
        if crate::jury::repo::criteria::is_locked(&mut tx, edition.id).await? {
            return Ok(Reply::error(back, "Les règles de départage se déclarent avant l’évaluation : une évaluation a déjà été soumise."));
        }
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
                    _ => return Ok(Reply::error(back, "Règle de départage inconnue.")),
                },
            };
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        settings.ranking.tie_rules = rules;
    }
    settings.ranking.aggregate = aggregate;
    settings.ranking.severity_correction = f.severity_correction == "oui";
    settings.ranking.min_reviews = min_reviews as usize;
    settings.ranking.disagreement_threshold = threshold as f64;
    settings.laureates_per_category = per_category as usize;
    settings.level_rule = level_rule;
    if !repo::claim_settings_version(&mut tx, edition.id, stale::parse(&f.version)).await? {
        drop(tx);
        return refuse_stale_settings(&page, db, &edition, &settings, &stored).await;
    }
    repo::save_settings(&mut tx, edition.id, &settings, now).await?;
    tx.commit().await?;
    tracing::info!(by = o.0.id, aggregate = aggregate.as_str(), "réglages du classement");
    Ok(Reply::success(back, "Réglages du classement enregistrés : le classement ci-dessous en tient compte."))
}

/// The settings were saved since this form was opened: nothing is written; the page says,
/// setting by setting, what this person chose and what is stored now, and carries the new version.
async fn refuse_stale_settings(
    page: &Page,
    db: &Db,
    edition: &Edition,
    theirs: &ResultsSettings,
    stored: &ResultsSettings,
) -> AppResult<Reply> {
    let mut form = FormState::new();
    stale::refuse(&mut form, &theirs.changes_from(stored));
    let mut conn = db.pool().acquire().await?;
    let template = render(&mut conn, page, edition, &form).await?;
    Ok(Reply::status(Status::UnprocessableEntity, template))
}
