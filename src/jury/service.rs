//! The jury's workflows, one per act users name. Each takes the connection of an open write
//! transaction (the caller commits) and plain inputs; handlers, the CLI and the demo call
//! these rather than repeating the steps.

use super::core::assignment::{self, Problem, Solution};
use super::core::conflicts::Scope;
use super::core::model::{ReviewInput, CHARTER_VERSION};
use super::core::rubric::Rubric;
use super::repo::criteria::CriterionRow;
use super::repo::jurors::Profile;
use super::repo::{assignments, conflicts, criteria, jurors, reviews};
use crate::accounts::repo::User;
use crate::accounts::service::{self as accounts, NewAccount};
use crate::accounts::tokens::IssuedLink;
use crate::db::Conn;
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::error::AppResult;

/// Detects the automatic conflicts from the current facts and withdraws the conflicted pairs
/// whose review was not started: (conflicts added, pairs withdrawn).
pub async fn refresh_conflicts(conn: &mut Conn, edition: &Edition, now: i64) -> sqlx::Result<(usize, u64)> {
    let added = conflicts::refresh_auto(conn, edition, now).await?;
    let dropped = assignments::drop_conflicted(conn, edition.id).await?;
    Ok((added, dropped))
}

/// Changes the jury settings of the edition (jurors per dossier, scope of the automatic
/// conflicts, seed of the draw) and refreshes its conflicts under them: the conflicts added.
pub async fn change_settings(
    conn: &mut Conn,
    edition: &Edition,
    k: i64,
    scope: Scope,
    seed: i64,
    now: i64,
) -> sqlx::Result<usize> {
    assignments::set_settings(conn, edition.id, k, scope.as_str(), seed).await?;
    let edition = editions::by_id(conn, edition.id).await?.ok_or(sqlx::Error::RowNotFound)?;
    let (added, _) = refresh_conflicts(conn, &edition, now).await?;
    Ok(added)
}

/// A juror accepts the edition's confidentiality and impartiality charter.
pub async fn accept_charter(conn: &mut Conn, juror_id: i64, edition: &Edition, now: i64) -> sqlx::Result<()> {
    jurors::accept_charter(conn, juror_id, edition.id, CHARTER_VERSION, now).await
}

/// Why an assignment could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComputeRefusal {
    /// No eligible dossier.
    NoDossier,
    /// No active juror with a profile.
    NoJuror,
}

/// A computed assignment: the solver's solution, the pairs it added, the jurors wanted per dossier.
#[derive(Debug, Clone)]
pub struct Computed {
    pub solution: Solution,
    pub added: usize,
    pub k: usize,
}

/// Computes the assignment: refreshes the conflicts (withdrawing conflicted pairs not
/// started), solves with the edition's settings and keeps the pairs that must stay, stores
/// the solution. A published assignment is only completed.
pub async fn compute_assignment(
    conn: &mut Conn,
    edition: &Edition,
    by: i64,
    now: i64,
) -> sqlx::Result<Result<Computed, ComputeRefusal>> {
    refresh_conflicts(conn, edition, now).await?;
    let problem = Problem {
        dossiers: assignments::dossiers_to_assign(conn, edition.id).await?,
        jurors: assignments::jurors_available(conn, edition.id).await?,
        conflicts: conflicts::active_pairs(conn, edition.id).await?,
        fixed: assignments::kept_pairs(conn, edition.id, edition.assignment_published()).await?,
        k: edition.reviewers_per_dossier.max(1) as usize,
        seed: edition.assignment_seed as u64,
    };
    if problem.dossiers.is_empty() {
        return Ok(Err(ComputeRefusal::NoDossier));
    }
    if problem.jurors.is_empty() {
        return Ok(Err(ComputeRefusal::NoJuror));
    }
    let solution = assignment::solve(&problem);
    let added = assignments::store_computed(
        conn,
        edition.id,
        &solution.pairs,
        edition.assignment_published(),
        by,
        now,
    )
    .await?;
    Ok(Ok(Computed { solution, added, k: problem.k }))
}

/// Why an organiser's pair could not be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairRefusal {
    NotEligible,
    NoJuror,
    Conflicted,
}

impl PairRefusal {
    pub fn message(self) -> &'static str {
        match self {
            PairRefusal::NotEligible => "Seul un dossier recevable de cette édition peut être attribué.",
            PairRefusal::NoJuror => "Choisissez un juré actif.",
            PairRefusal::Conflicted => {
                "Ce juré est en conflit d’intérêts avec ce dossier : il ne peut pas l’évaluer."
            }
        }
    }
}

/// An organiser adds a juror to a dossier by hand: an eligible dossier of the edition, an
/// active juror, no conflict between them.
pub async fn add_pair(
    conn: &mut Conn,
    edition: &Edition,
    dossier_id: i64,
    juror_id: i64,
    by: i64,
    now: i64,
) -> sqlx::Result<Result<(), PairRefusal>> {
    if !assignments::dossiers_to_assign(conn, edition.id).await?.iter().any(|d| d.id == dossier_id) {
        return Ok(Err(PairRefusal::NotEligible));
    }
    if !assignments::jurors_available(conn, edition.id).await?.iter().any(|j| j.id == juror_id) {
        return Ok(Err(PairRefusal::NoJuror));
    }
    if conflicts::is_conflicted(conn, juror_id, dossier_id).await? {
        return Ok(Err(PairRefusal::Conflicted));
    }
    assignments::insert(conn, edition.id, dossier_id, juror_id, "manual", by, now).await?;
    Ok(Ok(()))
}

/// An organiser withdraws a pair; false if the juror's review was started (it stays).
pub async fn remove_pair(conn: &mut Conn, pair_id: i64) -> sqlx::Result<bool> {
    assignments::remove(conn, pair_id).await
}

/// Why an assignment could not be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishRefusal {
    Empty,
    AlreadyPublished,
}

/// Shows every juror their dossiers.
pub async fn publish_assignment(
    conn: &mut Conn,
    edition: &Edition,
    now: i64,
) -> sqlx::Result<Result<(), PublishRefusal>> {
    let pairs = assignments::list(conn, edition.id).await?;
    if pairs.iter().all(|p| p.conflicted == 1) {
        return Ok(Err(PublishRefusal::Empty));
    }
    if !assignments::publish(conn, edition.id, now).await? {
        return Ok(Err(PublishRefusal::AlreadyPublished));
    }
    Ok(Ok(()))
}

/// Closes scoring before its end date; false if it was not open.
pub async fn close_scoring(conn: &mut Conn, edition: &Edition, now: i64) -> sqlx::Result<bool> {
    if !edition.scoring_open(now) {
        return Ok(false);
    }
    assignments::set_scoring_closed(conn, edition.id, Some(now)).await?;
    Ok(true)
}

/// Why an organiser's record of a conflict was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordRefusal {
    Reason,
    Juror,
    Dossier,
    AlreadyRecorded,
}

impl RecordRefusal {
    /// The form field the refusal is shown next to.
    pub fn field(self) -> &'static str {
        match self {
            RecordRefusal::Reason => "reason",
            RecordRefusal::Juror | RecordRefusal::AlreadyRecorded => "juror_id",
            RecordRefusal::Dossier => "dossier_id",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            RecordRefusal::Reason => "Décrivez le lien d’intérêt (10 à 1 000 caractères).",
            RecordRefusal::Juror => "Choisissez un juré.",
            RecordRefusal::Dossier => "Choisissez un dossier recevable de cette édition.",
            RecordRefusal::AlreadyRecorded => "Ce conflit est déjà enregistré.",
        }
    }
}

/// What stands against recording this conflict, before trying to (the reason's length, the
/// juror, the dossier): empty if it may be recorded.
pub async fn conflict_refusals(
    conn: &mut Conn,
    edition: &Edition,
    juror_id: i64,
    dossier_id: i64,
    reason: &str,
) -> sqlx::Result<Vec<RecordRefusal>> {
    let mut refusals = Vec::new();
    if !(10..=1000).contains(&reason.trim().chars().count()) {
        refusals.push(RecordRefusal::Reason);
    }
    if jurors::get(conn, juror_id).await?.is_none() {
        refusals.push(RecordRefusal::Juror);
    }
    if !crate::applications::repo::eligible(conn, edition.id).await?.iter().any(|d| d.id == dossier_id) {
        refusals.push(RecordRefusal::Dossier);
    }
    Ok(refusals)
}

/// An organiser records a conflict they learnt of (the juror told them, say): it withdraws
/// the juror from the dossier if their review was not started. The pairs withdrawn.
pub async fn record_conflict(
    conn: &mut Conn,
    edition: &Edition,
    juror_id: i64,
    dossier_id: i64,
    reason: &str,
    by: i64,
    now: i64,
) -> sqlx::Result<Result<u64, Vec<RecordRefusal>>> {
    let refusals = conflict_refusals(conn, edition, juror_id, dossier_id, reason).await?;
    if !refusals.is_empty() {
        return Ok(Err(refusals));
    }
    if !conflicts::declare(conn, juror_id, dossier_id, "organiser", reason.trim(), by, now).await? {
        return Ok(Err(vec![RecordRefusal::AlreadyRecorded]));
    }
    Ok(Ok(assignments::drop_conflicted(conn, edition.id).await?))
}

/// Why a conflict could not be lifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiftRefusal {
    Justification,
    NotLiftable,
}

impl LiftRefusal {
    /// The justification, if too short or too long. Pure.
    pub fn check(justification: &str) -> Option<LiftRefusal> {
        let n = justification.trim().chars().count();
        (!(10..=2000).contains(&n)).then_some(LiftRefusal::Justification)
    }

    pub fn message(self) -> &'static str {
        match self {
            LiftRefusal::Justification => {
                "Justifiez la levée du conflit par écrit (10 à 2 000 caractères) : elle reste au dossier."
            }
            LiftRefusal::NotLiftable => {
                "Seul un conflit détecté automatiquement, et encore actif, peut être levé."
            }
        }
    }
}

/// An organiser lifts an automatic conflict, with a written justification kept on record.
pub async fn lift_conflict(
    conn: &mut Conn,
    conflict_id: i64,
    justification: &str,
    by: i64,
    now: i64,
) -> sqlx::Result<Result<(), LiftRefusal>> {
    if let Some(refusal) = LiftRefusal::check(justification) {
        return Ok(Err(refusal));
    }
    if !conflicts::lift(conn, conflict_id, by, justification.trim(), now).await? {
        return Ok(Err(LiftRefusal::NotLiftable));
    }
    Ok(Ok(()))
}

/// An organiser reopens a submitted review so the juror may change it; false if it was not
/// submitted.
pub async fn reopen_review(conn: &mut Conn, review_id: i64, by: i64, now: i64) -> sqlx::Result<bool> {
    super::repo::reviews::reopen(conn, review_id, by, now).await
}

/// Reopens scoring closed early, until its planned end date.
pub async fn reopen_scoring(conn: &mut Conn, edition: &Edition) -> sqlx::Result<()> {
    assignments::set_scoring_closed(conn, edition.id, None).await
}

/// A juror declares a conflict with a dossier: it is recorded and the dossier withdrawn from
/// them (unless their review was started).
pub async fn declare_conflict(
    conn: &mut Conn,
    edition: &Edition,
    juror_id: i64,
    dossier_id: i64,
    reason: &str,
    now: i64,
) -> sqlx::Result<()> {
    conflicts::declare(conn, juror_id, dossier_id, "declared", reason, juror_id, now).await?;
    assignments::drop_conflicted(conn, edition.id).await?;
    Ok(())
}

/// A juror's review being saved: whose, of which dossier, against which rubric, and the
/// version of the review the form was opened at (None: not checked).
#[derive(Debug, Clone, Copy)]
pub struct ReviewSave<'a> {
    pub edition: &'a Edition,
    pub dossier_id: i64,
    pub juror_id: i64,
    pub criteria: &'a [CriterionRow],
    pub input: &'a ReviewInput,
    pub expected_version: Option<i64>,
}

/// A juror saves their review as a draft; false (nothing written) if it was saved or reopened
/// since their form was opened. The input must have been checked against the rubric.
pub async fn save_review(conn: &mut Conn, review: ReviewSave<'_>, now: i64) -> sqlx::Result<bool> {
    record_review(conn, review, false, now).await
}

/// A juror submits their review (or changes a submitted one); false (nothing written) if it
/// was saved or reopened since their form was opened. The input must be complete.
pub async fn submit_review(conn: &mut Conn, review: ReviewSave<'_>, now: i64) -> sqlx::Result<bool> {
    record_review(conn, review, true, now).await
}

async fn record_review(conn: &mut Conn, r: ReviewSave<'_>, submit: bool, now: i64) -> sqlx::Result<bool> {
    if !reviews::claim_version(conn, r.dossier_id, r.juror_id, r.expected_version).await? {
        return Ok(false);
    }
    reviews::save(conn, r.edition.id, r.dossier_id, r.juror_id, r.criteria, r.input, submit, now).await?;
    Ok(true)
}

/// An organiser creates a juror: their account (with its one-time link) and their profile;
/// the automatic conflicts are recomputed. None if the address already has an account.
pub async fn add_juror(
    conn: &mut Conn,
    new: &NewAccount<'_>,
    profile: &Profile,
    by: i64,
    now: i64,
) -> AppResult<Option<(User, IssuedLink)>> {
    let Some((account, link)) = accounts::create_account(conn, new, by, now).await? else {
        return Ok(None);
    };
    jurors::save_profile(conn, account.id, profile, now).await?;
    refresh_after_profile_change(conn, now).await?;
    Ok(Some((account, link)))
}

/// An organiser changes a juror's profile; the automatic conflicts are recomputed.
pub async fn update_juror(conn: &mut Conn, juror_id: i64, profile: &Profile, now: i64) -> sqlx::Result<()> {
    jurors::save_profile(conn, juror_id, profile, now).await?;
    refresh_after_profile_change(conn, now).await
}

/// A juror's collectivités are global: after a change, the recorded conflicts of every
/// edition still to be scored (or being scored) are recomputed, whichever is current; a
/// finished edition keeps its record.
async fn refresh_after_profile_change(conn: &mut Conn, now: i64) -> sqlx::Result<()> {
    for edition in editions::list(conn).await?.into_iter().filter(|e| e.scoring_open(now)) {
        refresh_conflicts(conn, &edition, now).await?;
    }
    Ok(())
}

/// An organiser replaces the edition's rubric (checked, and not locked by a submitted
/// review); false (nothing written) if it was changed since their form was opened.
pub async fn edit_rubric(
    conn: &mut Conn,
    edition: &Edition,
    rubric: &Rubric,
    expected_version: Option<i64>,
) -> sqlx::Result<bool> {
    if !criteria::claim_version(conn, edition.id, expected_version).await? {
        return Ok(false);
    }
    criteria::replace(conn, edition.id, rubric).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lifting_needs_a_written_justification() {
        assert_eq!(LiftRefusal::check("  court  "), Some(LiftRefusal::Justification));
        assert_eq!(LiftRefusal::check(&"x".repeat(2001)), Some(LiftRefusal::Justification));
        assert_eq!(LiftRefusal::check("Le juré a quitté la collectivité en 2024."), None);
    }

    #[test]
    fn each_refusal_of_a_recorded_conflict_has_its_field() {
        assert_eq!(RecordRefusal::Reason.field(), "reason");
        assert_eq!(RecordRefusal::AlreadyRecorded.field(), "juror_id");
        assert_eq!(RecordRefusal::Dossier.field(), "dossier_id");
    }
}
