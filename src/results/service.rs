//! The workflows of the results, one per act the organisers name: deliberate, record an
//! adjustment, update the results settings, publish a palmarès, issue the certificates. Each
//! takes the connection (of an open write transaction for the acts that write) and plain
//! inputs; the handlers, the CLI, the demo and the tests call these and nothing else.

use super::core::certificate::{self, CertificateData, Level};
use super::core::deliberation::{self, Deliberation, Method};
use super::core::export;
use super::core::laureates::{apply, Final};
use super::core::release::{self, ShortCategory};
use super::core::settings::{self, FieldError, ResultsSettings, SettingsText, TieRulesScope};
use super::repo::adjustments::{self, AdjustmentRow};
use super::repo::publications::{self, LaureateRow, Release, Snapshot};
use super::repo::{self, Comments, Inputs};
use crate::applications::export::Dialect;
use crate::db::Conn;
use crate::editions::model::{Category, Edition};
use crate::error::{AppError, AppResult};

/// An edition ranked under its settings, with the organisers' adjustments applied.
pub struct Deliberated {
    pub inputs: Inputs,
    pub settings: ResultsSettings,
    pub deliberation: Deliberation,
    pub adjustments: Vec<AdjustmentRow>,
    /// The laureates after the adjustments.
    pub finals: Vec<Final>,
}

/// Ranks `edition` with its settings and its adjustments; the reviews' comments are loaded
/// only when asked (`Comments::Load`, for the CSV export).
pub async fn deliberate(conn: &mut Conn, edition: &Edition, comments: Comments) -> AppResult<Deliberated> {
    let settings = repo::settings(conn, edition.id).await?;
    let inputs = repo::inputs(conn, edition, comments).await?;
    let deliberation = deliberation::deliberate(&inputs.dossiers, &inputs.reviews, &settings);
    let adjustments = adjustments::adjustments(conn, edition.id).await?;
    let finals = finals(&deliberation, &adjustments);
    Ok(Deliberated { inputs, settings, deliberation, adjustments, finals })
}

fn finals(d: &Deliberation, adjustments: &[AdjustmentRow]) -> Vec<Final> {
    let list: Vec<_> = adjustments.iter().filter_map(AdjustmentRow::to_adjustment).collect();
    apply(&d.proposals, &d.main.dossiers, &list)
}

/// The deliberation as CSV: every dossier, every review with its comments.
pub async fn export_csv(conn: &mut Conn, edition: &Edition, dialect: Dialect) -> AppResult<Vec<u8>> {
    let d = deliberate(conn, edition, Comments::Load).await?;
    export::to_csv(&d.inputs, &d.deliberation, dialect).map_err(AppError::internal)
}

/// An adjustment as the organiser typed it.
#[derive(Debug, Clone, Copy)]
pub struct AdjustmentText<'a> {
    pub dossier_id: i64,
    /// `ajouter`, `retirer` or `niveau`.
    pub action: &'a str,
    pub level: &'a str,
    pub justification: &'a str,
}

/// The stored action of an adjustment and its level, or the refused fields (pure).
pub fn check_adjustment(text: &AdjustmentText<'_>) -> Result<(&'static str, Option<Level>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let level = Level::parse(text.level);
    let action = match text.action {
        "ajouter" if level.is_some() => Some("add"),
        "niveau" if level.is_some() => Some("level"),
        "retirer" => Some("remove"),
        _ => None,
    };
    if action.is_none() {
        errors.push(("action", "Choisissez le changement et, pour un ajout ou un niveau, le niveau."));
    }
    if !(10..=2000).contains(&text.justification.trim().chars().count()) {
        errors.push((
            "justification",
            "Justifiez le changement par écrit (10 à 2 000 caractères) : il est conservé et visible.",
        ));
    }
    match action {
        Some(action) if errors.is_empty() => Ok((action, level)),
        _ => Err(errors),
    }
}

/// The refused fields of an adjustment of `edition`, in the form's order (none: it may be
/// recorded).
pub async fn adjustment_errors(
    conn: &mut Conn,
    edition: &Edition,
    text: &AdjustmentText<'_>,
) -> AppResult<Vec<FieldError>> {
    let mut errors = check_adjustment(text).err().unwrap_or_default();
    if !crate::applications::repo::eligible(conn, edition.id).await?.iter().any(|l| l.id == text.dossier_id) {
        errors.push(("dossier_id", "Choisissez un dossier recevable de cette édition."));
    }
    Ok(errors)
}

/// Records an organiser's change to the proposed laureates (add, remove, change a level) with
/// its written justification; the refused fields otherwise, nothing written.
pub async fn record_adjustment(
    conn: &mut Conn,
    edition: &Edition,
    text: &AdjustmentText<'_>,
    by: i64,
    now: i64,
) -> AppResult<Result<(), Vec<FieldError>>> {
    let errors = adjustment_errors(conn, edition, text).await?;
    let (action, level) = match check_adjustment(text) {
        Ok(checked) if errors.is_empty() => checked,
        _ => return Ok(Err(errors)),
    };
    let justification = text.justification.trim();
    adjustments::add_adjustment(conn, edition.id, text.dossier_id, action, level, justification, by, now)
        .await?;
    Ok(Ok(()))
}

/// Why new results settings were not saved.
pub enum SettingsRefusal {
    /// Fields refused, in the form's order.
    Invalid(Vec<FieldError>),
    /// Someone saved the settings since the form was opened: what this person chose, and what
    /// is stored now.
    Stale { theirs: Box<ResultsSettings>, stored: Box<ResultsSettings> },
}

/// The settings `text` asks for from the `stored` ones, or the refused fields (reads only).
pub async fn check_settings(
    conn: &mut Conn,
    edition: &Edition,
    text: &SettingsText<'_>,
    stored: &ResultsSettings,
) -> AppResult<Result<ResultsSettings, Vec<FieldError>>> {
    let locked = crate::jury::repo::criteria::is_locked(conn, edition.id).await?;
    let slugs: Vec<String> = if text.tie_rules.is_empty() || locked {
        Vec::new()
    } else {
        let (rubric, _) = crate::jury::repo::criteria::rubric(conn, edition).await?;
        rubric.criteria.into_iter().map(|c| c.slug).collect()
    };
    let criteria: Vec<&str> = slugs.iter().map(String::as_str).collect();
    Ok(settings::parse(text, stored, TieRulesScope { locked, criteria: &criteria }))
}

/// Saves the settings typed in the form opened at version `expected` (None: not checked).
/// In a write transaction; on a refusal the caller drops it (a claimed version is undone).
pub async fn update_settings(
    conn: &mut Conn,
    edition: &Edition,
    text: &SettingsText<'_>,
    expected: Option<i64>,
    now: i64,
) -> AppResult<Result<ResultsSettings, SettingsRefusal>> {
    let stored = repo::settings(conn, edition.id).await?;
    let theirs = match check_settings(conn, edition, text, &stored).await? {
        Ok(settings) => settings,
        Err(errors) => return Ok(Err(SettingsRefusal::Invalid(errors))),
    };
    if !repo::claim_settings_version(conn, edition.id, expected).await? {
        return Ok(Err(SettingsRefusal::Stale { theirs: Box::new(theirs), stored: Box::new(stored) }));
    }
    repo::save_settings(conn, edition.id, &theirs, now).await?;
    Ok(Ok(theirs))
}

/// What publishing `edition` now would make public, and what it rests on.
pub struct Plan {
    pub deliberated: Deliberated,
    pub first: bool,
    pub version: i64,
    pub categories: Vec<Category>,
    /// Categories with fewer rankable dossiers than laureates to name.
    pub short: Vec<ShortCategory>,
}

/// The organiser's confirmation of a publication.
#[derive(Debug, Clone, Copy)]
pub struct PublishRequest<'a> {
    /// The edition's year as typed to confirm.
    pub typed_year: &'a str,
    /// What a correction changes (required from the second version on).
    pub note: &'a str,
    /// Why a category short of rankable dossiers is published anyway.
    pub justification: &'a str,
}

impl Plan {
    /// The refused fields of `request` with their messages (none: it may be published).
    pub fn refusals(&self, edition: &Edition, request: &PublishRequest<'_>, now: i64) -> Vec<FieldError> {
        release::refusals(&release::Request {
            year: edition.year,
            typed_year: request.typed_year,
            first: self.first,
            note: request.note,
            justification: request.justification,
            short: !self.short.is_empty(),
            laureates: self.deliberated.finals.len(),
            scoring_open: edition.scoring_open(now),
        })
    }
}

/// What publishing `edition` now would make public.
pub async fn plan(conn: &mut Conn, edition: &Edition) -> AppResult<Plan> {
    let deliberated = deliberate(conn, edition, Comments::Skip).await?;
    let history = publications::publications(conn, edition.id).await?;
    let categories = crate::editions::repo::categories(conn, edition.id).await?;
    let ids: Vec<i64> = categories.iter().map(|c| c.id).collect();
    let short = release::short_categories(
        &ids,
        &deliberated.deliberation.main.dossiers,
        deliberated.settings.laureates_per_category,
    );
    Ok(Plan {
        deliberated,
        first: history.is_empty(),
        version: history.iter().map(|p| p.version).max().unwrap_or(0) + 1,
        categories,
        short,
    })
}

/// A publication refused: why, and the plan it was checked against.
pub struct Refused {
    pub refusals: Vec<FieldError>,
    pub plan: Box<Plan>,
}

/// Publishes the edition's laureates (proposals with the adjustments applied) as a new version,
/// once every precondition holds: scoring closed, the year typed, a correction's reason, a
/// category short of rankable dossiers justified, at least one laureate. In a write
/// transaction; returns the version.
pub async fn publish(
    conn: &mut Conn,
    edition: &Edition,
    request: &PublishRequest<'_>,
    by: i64,
    now: i64,
) -> AppResult<Result<i64, Refused>> {
    // A double click publishes once: the second waits, then finds version 1 published.
    crate::editions::repo::lock(conn, edition.id).await?;
    let plan = plan(conn, edition).await?;
    let refusals = plan.refusals(edition, request, now);
    if !refusals.is_empty() {
        return Ok(Err(Refused { refusals, plan: Box::new(plan) }));
    }
    let d = &plan.deliberated;
    let method = format!(
        "Classement par {} des notes pondérées sur 100, à partir de {} évaluations ; niveaux {}.",
        Method { aggregate: d.settings.ranking.aggregate, corrected: d.settings.ranking.severity_correction }
            .label(),
        d.settings.ranking.min_reviews,
        d.settings.level_rule.describe()
    );
    let laureates: Vec<(Final, Snapshot<'_>)> = d
        .finals
        .iter()
        .filter_map(|f| {
            let line = d.inputs.lines.iter().find(|l| l.id == f.dossier)?;
            let aggregate = d
                .deliberation
                .main
                .dossiers
                .iter()
                .find(|r| r.dossier == f.dossier)
                .and_then(|r| r.aggregate);
            Some((f.clone(), Snapshot { line, aggregate }))
        })
        .collect();
    let release =
        Release { method: &method, note: request.note.trim(), justification: request.justification.trim() };
    Ok(Ok(publications::publish(conn, edition.id, &laureates, &release, by, now).await?))
}

/// The data of a published laureate's certificate.
pub async fn certificate(
    conn: &mut Conn,
    laureate: &LaureateRow,
    edition: &Edition,
    base: &str,
    logo: Option<Vec<u8>>,
) -> AppResult<CertificateData> {
    let settings = repo::settings(conn, edition.id).await?;
    Ok(CertificateData {
        code: laureate.code.clone(),
        verify_url: format!("{base}/certificats/{}", laureate.code),
        year: edition.year,
        edition_title: edition.title.clone(),
        category: laureate.category_name.clone(),
        level: laureate.level(),
        collectivite: laureate.collectivite.clone(),
        project_title: laureate.title.clone(),
        ceremony_date: edition.ceremony_at.map(crate::web::fr::date),
        ceremony_place: edition.ceremony_place.clone(),
        signatories: settings.signatories,
        logo,
    })
}

/// Issues the certificates of the edition's latest publication, as (file name, PDF) in
/// palmarès order; `NotFound` while nothing is published.
pub async fn issue_certificates(
    conn: &mut Conn,
    edition: &Edition,
    base: &str,
    logo: Option<Vec<u8>>,
) -> AppResult<Vec<(String, Vec<u8>)>> {
    let p = publications::latest(conn, edition.id).await?.ok_or(AppError::NotFound)?;
    let mut out = Vec::new();
    for l in publications::laureates(conn, p.id).await? {
        let data = certificate(conn, &l, edition, base, logo.clone()).await?;
        let name = format!("certificat-{}-{}-{}-{}.pdf", edition.year, l.category_slug, l.level, l.reference);
        out.push((name, certificate::render(&data)));
    }
    Ok(out)
}

/// Every certificate of the edition's latest publication in one ZIP.
pub async fn certificates_zip(
    conn: &mut Conn,
    edition: &Edition,
    base: &str,
    logo: Option<Vec<u8>>,
) -> AppResult<Vec<u8>> {
    let files = issue_certificates(conn, edition, base, logo).await?;
    certificate::zip(&files).map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adjustment_needs_an_action_a_level_to_give_and_a_justification() {
        let text =
            |action, level, justification| AdjustmentText { dossier_id: 1, action, level, justification };
        assert_eq!(
            check_adjustment(&text("ajouter", "or", "Un projet essaimé.")),
            Ok(("add", Some(Level::Or)))
        );
        assert_eq!(check_adjustment(&text("retirer", "", "Un doublon constaté.")), Ok(("remove", None)));
        let refused = check_adjustment(&text("niveau", "", "bref")).unwrap_err();
        assert_eq!(refused.iter().map(|e| e.0).collect::<Vec<_>>(), ["action", "justification"]);
    }
}
