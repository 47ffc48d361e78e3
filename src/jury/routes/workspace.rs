//! `/jury`: the juror's workspace. The charter, the assigned dossiers with their progress,
//! a dossier in a readable layout with the scoring form, and the declaration of a conflict.
//!
//! A juror sees a dossier only when the edition's assignment is published, the dossier is
//! assigned to them and eligible, and no conflict stands between them: otherwise 404, as if
//! it did not exist.

use std::collections::HashMap;

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::Juror;
use crate::applications::repo as applications;
use crate::applications::views::{DossierView, Viewer};
use crate::config::AppConfig;
use crate::db::{self, Conn, Db};
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::error::{AppError, AppResult};
use crate::jury::core::model::{ReviewState, UnknownReviewState};
use crate::jury::core::scoring;
use crate::jury::repo::conflicts;
use crate::jury::repo::criteria::{self, CriterionRow};
use crate::jury::repo::jurors;
use crate::jury::repo::reviews::{self, AssignedDossier, Mark, ScoringFile};
use crate::jury::service;
use crate::jury::views::workspace::{Charter, ConflictDeclaration, Home, JurorDossier, Phase, Workspace};
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::stale;
use crate::web::view::{Html, View};
use crate::web::{Download, Reply};

pub fn routes() -> Vec<Route> {
    routes![
        home,
        charter_page,
        accept_charter,
        dossier_page,
        save_review,
        conflict_page,
        declare_conflict,
        download
    ]
}

/// The current edition if its assignment is published and the juror accepted its charter;
/// otherwise the reply to give instead (the home page explains, the charter asks).
async fn open_edition(conn: &mut Conn, juror: &Juror) -> AppResult<Result<Edition, Reply>> {
    let Some((edition, accepted_at)) = jurors::current_edition(conn, juror.0.id).await? else {
        return Ok(Err(Reply::redirect("/jury")));
    };
    if !edition.assignment_published() {
        return Ok(Err(Reply::redirect("/jury")));
    }
    if accepted_at.is_none() {
        return Ok(Err(Reply::redirect("/jury/charte")));
    }
    Ok(Ok(edition))
}

/// The open edition and the dossier `id` if this juror may see it (404 otherwise), or the
/// reply to give instead while the edition is not open to them (see [`open_edition`]).
async fn open_dossier(
    conn: &mut Conn,
    juror: &Juror,
    id: i64,
) -> AppResult<Result<(Edition, AssignedDossier), Reply>> {
    let edition = match open_edition(conn, juror).await? {
        Ok(e) => e,
        Err(reply) => return Ok(Err(reply)),
    };
    let assigned =
        reviews::assigned_one(conn, edition.id, juror.0.id, id).await?.ok_or(AppError::NotFound)?;
    Ok(Ok((edition, assigned)))
}

fn state_of(d: &AssignedDossier) -> Result<ReviewState, UnknownReviewState> {
    ReviewState::from_db(d.review_state.as_deref())
}

#[get("/jury")]
async fn home(juror: Juror, page: Page, mut conn: Connection<Db>) -> AppResult<Reply> {
    let Some((edition, accepted_at)) = jurors::current_edition(&mut conn, juror.0.id).await? else {
        return Ok(Reply::page(Home { page: &page, phase: Phase::NoEdition }.html()));
    };
    if !edition.assignment_published() {
        return Ok(Reply::page(Home { page: &page, phase: Phase::Waiting(Box::new(edition)) }.html()));
    }
    let Some(accepted_at) = accepted_at else {
        return Ok(Reply::redirect("/jury/charte"));
    };
    let dossiers: Vec<_> = reviews::assigned(&mut conn, edition.id, juror.0.id)
        .await?
        .into_iter()
        .map(|d| state_of(&d).map(|state| (d, state)))
        .collect::<Result<_, _>>()?;
    let workspace = Workspace::new(edition, db::now(), accepted_at, dossiers);
    Ok(Reply::page(Home { page: &page, phase: Phase::Open(Box::new(workspace)) }.html()))
}

#[get("/jury/charte")]
async fn charter_page(juror: Juror, page: Page, mut conn: Connection<Db>) -> AppResult<Reply> {
    let (edition, accepted_at) =
        jurors::current_edition(&mut conn, juror.0.id).await?.ok_or(AppError::NotFound)?;
    Ok(Reply::page(Charter { page: &page, form: &FormState::new(), edition, accepted_at }.html()))
}

#[derive(Debug, FromForm)]
struct CharterForm {
    #[field(default = String::new())]
    accept: String,
}

#[post("/jury/charte", data = "<form>")]
async fn accept_charter(
    juror: Juror,
    page: Page,
    db: &State<Db>,
    form: CsrfForm<CharterForm>,
) -> AppResult<Reply> {
    let mut conn = db.pool().acquire().await?;
    let edition = editions::current(&mut conn).await?.ok_or(AppError::NotFound)?;
    if form.into_inner().accept != "oui" {
        let mut state = FormState::new();
        state.error(
            "accept",
            "Cochez la case pour accepter la charte : elle conditionne l’accès aux dossiers.",
        );
        let view = Charter { page: &page, form: &state, edition, accepted_at: None };
        return Ok(Reply::status(Status::UnprocessableEntity, view.html()));
    }
    let mut tx = db.begin_write_on(&mut conn).await?;
    service::accept_charter(&mut tx, juror.0.id, &edition, db::now()).await?;
    tx.commit().await?;
    tracing::info!(juror = juror.0.id, edition = edition.year, "charte acceptée");
    Ok(Reply::success("/jury", "Merci : vous avez accepté la charte de confidentialité et d’impartialité."))
}

fn form_from_marks(marks: &std::collections::BTreeMap<i64, Mark>, overall: &str) -> FormState {
    let mut form = FormState::new().keep("overall_comment", overall);
    for (id, mark) in marks {
        if let Some(score) = mark.score {
            form = form.keep(&scoring::score_field(*id), &score.to_string());
        }
        form = form.keep(&scoring::comment_field(*id), &mark.comment);
    }
    form
}

/// The dossier `id` as the scoring form shows it, if this juror may see it (404 otherwise):
/// visible in SQL, then no conflict standing between them, decided for this pair only.
async fn scoring_file(conn: &mut Conn, edition: &Edition, juror: &Juror, id: i64) -> AppResult<ScoringFile> {
    let file = reviews::scoring_file(conn, edition.id, juror.0.id, id).await?.ok_or(AppError::NotFound)?;
    let standing = conflicts::standing(conn, edition.id, Some(juror.0.id), Some(id)).await?;
    if standing.contains_key(&(juror.0.id, id)) {
        return Err(AppError::NotFound);
    }
    Ok(file)
}

/// The scoring form's page: `file` from [`scoring_file`], `form` what the juror typed (None:
/// what is stored).
async fn dossier_view(
    conn: &mut Conn,
    page: &Page,
    edition: &Edition,
    file: ScoringFile,
    form: Option<FormState>,
) -> AppResult<Html> {
    let ScoringFile { dossier, organisation, review, around } = file;
    let id = dossier.id;
    let attachments = applications::attachments(conn, id).await?;
    let (rows, marks) = reviews::criteria_with_marks(conn, edition.id, review.as_ref().map(|r| r.id)).await?;
    let rubric = criteria::rubric_of(edition, &rows);
    let form = match (form, &review) {
        (Some(form), _) => form,
        (None, Some(r)) => form_from_marks(&marks, &r.overall_comment),
        (None, None) => FormState::new(),
    };
    let state = ReviewState::from_db(review.as_ref().map(|r| r.state.as_str()))?;
    let d = DossierView::new(Viewer::Juror, dossier, edition.clone(), organisation, attachments, Vec::new());
    let page = JurorDossier::new(page, d, &rubric, &rows, form, review, state, db::now(), around.into());
    Ok(page.html())
}

#[get("/jury/dossiers/<id>")]
async fn dossier_page(juror: Juror, page: Page, mut conn: Connection<Db>, id: i64) -> AppResult<Reply> {
    let edition = match open_edition(&mut conn, &juror).await? {
        Ok(edition) => edition,
        Err(reply) => return Ok(reply),
    };
    let file = scoring_file(&mut conn, &edition, &juror, id).await?;
    Ok(Reply::page(dossier_view(&mut conn, &page, &edition, file, None).await?))
}

#[derive(Debug, FromForm)]
struct ScoreForm {
    #[field(default = String::new())]
    action: String,
    #[field(default = HashMap::new())]
    note: HashMap<String, String>,
    #[field(default = HashMap::new())]
    commentaire: HashMap<String, String>,
    #[field(default = String::new())]
    overall_comment: String,
    /// The version of the review the form was opened at (see `web::stale`).
    #[field(default = String::new())]
    version: String,
}

/// Shown next to the scores when the database stayed too busy to record them.
const BUSY_MESSAGE: &str =
    "Votre évaluation n’a pas pu être enregistrée : le service est très sollicité en ce moment. \
     Ce que vous avez saisi est conservé ci-dessous ; enregistrez à nouveau dans quelques instants.";

#[post("/jury/dossiers/<id>", data = "<form>")]
async fn save_review(
    juror: Juror,
    page: Page,
    db: &State<Db>,
    id: i64,
    form: CsrfForm<ScoreForm, Report>,
) -> AppResult<Reply> {
    let (form, refused) = form.into_parts();
    let mut conn = db.pool().acquire().await?;
    let (edition, assigned) = match open_dossier(&mut conn, &juror, id).await? {
        Ok(open) => open,
        Err(reply) => return Ok(reply),
    };
    let back = format!("/jury/dossiers/{id}");
    let now = db::now();
    if !edition.scoring_open(now) {
        return Ok(Reply::error(
            back,
            "La période d’évaluation est close : les notes ne peuvent plus être modifiées.",
        ));
    }
    let already_submitted = state_of(&assigned)? == ReviewState::Submitted;
    // A submitted review stays submitted: saving it again checks it as a submission.
    let submit = already_submitted || matches!(form.action.as_str(), "soumettre" | "suivant");
    let (rubric, rows) = criteria::rubric(&mut conn, &edition).await?;
    let (mut state, input) =
        scoring::read(&rubric, &rows, &form.note, &form.commentaire, &form.overall_comment, submit);
    state.values.insert(stale::FIELD.into(), form.version.trim().into());
    // `note[12]` and `commentaire[12]` are kept as `note-12` and `commentaire-12`.
    refused.report_with(&mut state, |name| name.replace('[', "-").replace(']', ""));
    let input = input.filter(|_| refused.is_empty());
    let Some(input) = input else {
        let file = scoring_file(&mut conn, &edition, &juror, id).await?;
        let view = dossier_view(&mut conn, &page, &edition, file, Some(state)).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, view));
    };
    drop(conn);
    let saved = async {
        let mut tx = db.begin_write().await?;
        let review = service::ReviewSave {
            edition: &edition,
            dossier_id: id,
            juror_id: juror.0.id,
            criteria: &rows,
            input: &input,
            expected_version: stale::parse(&form.version),
        };
        let recorded = if submit {
            service::submit_review(&mut tx, review, now).await?
        } else {
            service::save_review(&mut tx, review, now).await?
        };
        if recorded {
            tx.commit().await?;
        }
        Ok::<bool, sqlx::Error>(recorded)
    }
    .await;
    match saved {
        Ok(true) => {}
        Ok(false) => return refuse_stale(db, &page, &edition, &juror, &assigned, &rows, state).await,
        Err(error) if db::is_busy(&error) => {
            // Still refused after waiting: the juror keeps what they typed and tries again.
            tracing::warn!(
                juror = juror.0.id,
                dossier = id,
                "évaluation non enregistrée, base occupée : {error}"
            );
            let mut state = state;
            state.error("notes", BUSY_MESSAGE);
            let mut conn = db.pool().acquire().await?;
            let file = scoring_file(&mut conn, &edition, &juror, id).await?;
            let view = dossier_view(&mut conn, &page, &edition, file, Some(state)).await?;
            return Ok(Reply::status(Status::ServiceUnavailable, view));
        }
        Err(error) => return Err(error.into()),
    }
    tracing::info!(juror = juror.0.id, dossier = id, submit, "évaluation enregistrée");
    let reference = assigned.reference.clone().unwrap_or_default();
    if !submit {
        return Ok(Reply::success(
            back,
            format!("Brouillon enregistré pour {reference}. Vous pourrez le reprendre à tout moment."),
        ));
    }
    let message = if already_submitted {
        format!("Votre évaluation de {reference} est modifiée.")
    } else {
        format!("Votre évaluation de {reference} est soumise. Elle reste modifiable jusqu’à la fin de la période d’évaluation.")
    };
    if form.action == "suivant" {
        let mut conn = db.pool().acquire().await?;
        let list = reviews::assigned(&mut conn, edition.id, juror.0.id).await?;
        let after = list.iter().skip_while(|d| d.dossier_id != id).skip(1);
        let mut next = None;
        for d in after.chain(list.iter()) {
            if d.dossier_id != id && state_of(d)? != ReviewState::Submitted {
                next = Some(d.dossier_id);
                break;
            }
        }
        return Ok(match next {
            Some(next) => Reply::success(format!("/jury/dossiers/{next}"), message),
            None => {
                Reply::success("/jury", format!("{message} Toutes vos évaluations sont soumises : merci !"))
            }
        });
    }
    Ok(Reply::success("/jury", message))
}

/// The review was saved or reopened since this form was opened: nothing is written; the
/// form comes back with what the juror typed, what is stored now, and the new version.
async fn refuse_stale(
    db: &Db,
    page: &Page,
    edition: &Edition,
    juror: &Juror,
    assigned: &AssignedDossier,
    rows: &[CriterionRow],
    mut state: FormState,
) -> AppResult<Reply> {
    let mut conn = db.pool().acquire().await?;
    let (marks, overall) = match reviews::review(&mut conn, assigned.dossier_id, juror.0.id).await? {
        Some(r) => (reviews::marks(&mut conn, r.id).await?, r.overall_comment),
        None => Default::default(),
    };
    let changes = scoring::stale_changes(rows, &state, &marks, &overall);
    state.values.remove(stale::FIELD);
    stale::refuse(&mut state, &changes);
    tracing::info!(
        juror = juror.0.id,
        dossier = assigned.dossier_id,
        "évaluation refusée : version dépassée"
    );
    let file = scoring_file(&mut conn, edition, juror, assigned.dossier_id).await?;
    let view = dossier_view(&mut conn, page, edition, file, Some(state)).await?;
    Ok(Reply::status(Status::UnprocessableEntity, view))
}

#[get("/jury/dossiers/<id>/conflit")]
async fn conflict_page(juror: Juror, page: Page, mut conn: Connection<Db>, id: i64) -> AppResult<Reply> {
    let (_, assigned) = match open_dossier(&mut conn, &juror, id).await? {
        Ok(open) => open,
        Err(reply) => return Ok(reply),
    };
    Ok(Reply::page(ConflictDeclaration { page: &page, form: &FormState::new(), d: assigned }.html()))
}

#[derive(Debug, FromForm)]
struct ConflictForm {
    #[field(default = String::new())]
    reason: String,
}

#[post("/jury/dossiers/<id>/conflit", data = "<form>")]
async fn declare_conflict(
    juror: Juror,
    page: Page,
    db: &State<Db>,
    id: i64,
    form: CsrfForm<ConflictForm, Report>,
) -> AppResult<Reply> {
    let (ConflictForm { reason }, refused) = form.into_parts();
    let mut conn = db.pool().acquire().await?;
    let (edition, assigned) = match open_dossier(&mut conn, &juror, id).await? {
        Ok(open) => open,
        Err(reply) => return Ok(reply),
    };
    let trimmed = reason.trim();
    let length = trimmed.chars().count();
    if !(10..=1000).contains(&length) || !refused.is_empty() {
        let mut state = refused.reported(FormState::new().keep("reason", &reason), "");
        if !(10..=1000).contains(&length) {
            state.error("reason", "Expliquez le lien d’intérêt en quelques mots (10 à 1 000 caractères) : l’équipe organisatrice le lira.");
        }
        let view = ConflictDeclaration { page: &page, form: &state, d: assigned };
        return Ok(Reply::status(Status::UnprocessableEntity, view.html()));
    }
    drop(conn);
    let now = db::now();
    let mut tx = db.begin_write().await?;
    crate::jury::service::declare_conflict(&mut tx, &edition, juror.0.id, id, trimmed, now).await?;
    tx.commit().await?;
    tracing::info!(juror = juror.0.id, dossier = id, "conflit d’intérêts déclaré");
    Ok(Reply::success(
        "/jury",
        format!(
            "Conflit d’intérêts déclaré pour {}. Le dossier est retiré de votre liste ; l’équipe organisatrice le confiera à un autre juré.",
            assigned.reference.unwrap_or_default()
        ),
    ))
}

#[get("/jury/dossiers/<id>/pieces/<attachment>")]
async fn download(
    juror: Juror,
    mut conn: Connection<Db>,
    config: &State<AppConfig>,
    id: i64,
    attachment: i64,
) -> AppResult<Download> {
    open_dossier(&mut conn, &juror, id).await?.map_err(|_| AppError::NotFound)?;
    crate::applications::storage::download(&mut conn, config, id, attachment).await
}
