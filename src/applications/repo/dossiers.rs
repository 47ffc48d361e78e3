//! Dossiers: their content, numbering, deposit and state changes.

use serde::Serialize;
use sqlx::FromRow;

use super::super::model::{DossierContent, DossierFields, DossierState};
use crate::accounts::repo::is_unique_violation;
use crate::db::Conn;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Dossier {
    pub id: i64,
    pub edition_id: i64,
    pub organisation_id: i64,
    pub category_id: i64,
    pub category_slug: String,
    pub category_name: String,
    #[sqlx(try_from = "String")]
    pub state: DossierState,
    pub number: Option<i64>,
    pub reference: Option<String>,
    pub title: String,
    pub summary: String,
    pub context: String,
    pub objectives: String,
    pub realisation: String,
    pub results: String,
    pub innovation: String,
    pub reproducibility: String,
    pub sobriety: String,
    pub participation: String,
    pub budget_euros: Option<i64>,
    pub funding: String,
    pub partners: String,
    pub project_state: Option<String>,
    pub start_date: Option<String>,
    pub video_url: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub submitted_at: Option<i64>,
    pub fingerprint: Option<String>,
    pub reopened: i64,
    pub decision_reason: String,
    pub decided_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Incremented by each save of the content: the edit form carries it (see `web::stale`).
    pub version: i64,
}

impl Dossier {
    pub fn section(&self, field: &str) -> &str {
        match field {
            "context" => &self.context,
            "objectives" => &self.objectives,
            "realisation" => &self.realisation,
            "results" => &self.results,
            "innovation" => &self.innovation,
            "reproducibility" => &self.reproducibility,
            "sobriety" => &self.sobriety,
            "participation" => &self.participation,
            _ => "",
        }
    }

    /// The stored content as form fields (to edit it, or to check it before submission).
    pub fn fields(&self) -> DossierFields {
        DossierFields {
            title: self.title.clone(),
            category: self.category_slug.clone(),
            summary: self.summary.clone(),
            context: self.context.clone(),
            objectives: self.objectives.clone(),
            realisation: self.realisation.clone(),
            results: self.results.clone(),
            innovation: self.innovation.clone(),
            reproducibility: self.reproducibility.clone(),
            sobriety: self.sobriety.clone(),
            participation: self.participation.clone(),
            budget_euros: self.budget_euros.map(|b| b.to_string()).unwrap_or_default(),
            funding: self.funding.clone(),
            partners: self.partners.clone(),
            project_state: self.project_state.clone().unwrap_or_default(),
            start_date: self.start_date.clone().unwrap_or_default(),
            video_url: self.video_url.clone(),
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
            contact_phone: self.contact_phone.clone(),
        }
    }
}

pub(crate) const DOSSIER_COLUMNS: &str =
    "d.id, d.edition_id, d.organisation_id, d.category_id, c.slug AS category_slug, \
    c.name AS category_name, d.state, d.number, d.reference, d.title, d.summary, d.context, d.objectives, \
    d.realisation, d.results, d.innovation, d.reproducibility, d.sobriety, d.participation, d.budget_euros, \
    d.funding, d.partners, d.project_state, d.start_date, d.video_url, d.contact_name, d.contact_email, \
    d.contact_phone, d.submitted_at, d.fingerprint, d.reopened, d.decision_reason, d.decided_at, \
    d.created_at, d.updated_at, d.version";

/// Locks a draft's row until the transaction ends (PostgreSQL; SQLite's writers are already
/// serialised by `BEGIN IMMEDIATE`), for acts that read the draft and then write what depends
/// on it, such as the attachments' limit. `false` when the dossier is not a draft.
pub async fn lock_draft(conn: &mut Conn, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE dossiers SET updated_at = updated_at WHERE id = $1 AND state = 'draft'")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn dossier(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Dossier>> {
    sqlx::query_as(&format!(
        "SELECT {DOSSIER_COLUMNS} FROM dossiers d JOIN categories c ON c.id = d.category_id WHERE d.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Creates a draft; `Ok(None)` when the collectivité already has a dossier in that category.
pub async fn create_draft(
    conn: &mut Conn,
    edition_id: i64,
    organisation_id: i64,
    category_id: i64,
    content: &DossierContent,
    user_id: i64,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO dossiers (edition_id, organisation_id, category_id, state, created_by, created_at, \
         updated_by, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $4, $5) RETURNING id",
    )
    .bind(edition_id)
    .bind(organisation_id)
    .bind(category_id)
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    update_content(conn, id, category_id, content, user_id, now).await?;
    Ok(Some(id))
}

/// Takes the next version of the dossier's content if it is still at `expected` (the version
/// the form was opened at; None: not checked): `Ok(false)` when someone saved it meanwhile.
/// Call it in the write transaction of the save, before `update_content`.
pub async fn claim_version(conn: &mut Conn, id: i64, expected: Option<i64>) -> sqlx::Result<bool> {
    let done = match expected {
        Some(v) => {
            sqlx::query("UPDATE dossiers SET version = version + 1 WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(v)
                .execute(conn)
                .await?
        }
        None => {
            sqlx::query("UPDATE dossiers SET version = version + 1 WHERE id = $1")
                .bind(id)
                .execute(conn)
                .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// Saves the content of a draft; `Ok(false)` when the new category is already taken.
pub async fn update_content(
    conn: &mut Conn,
    id: i64,
    category_id: i64,
    content: &DossierContent,
    user_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let [context, objectives, realisation, results, innovation, reproducibility, sobriety, participation] =
        &content.sections;
    let result = sqlx::query(
        "UPDATE dossiers SET category_id = $2, title = $3, summary = $4, context = $5, objectives = $6, \
         realisation = $7, results = $8, innovation = $9, reproducibility = $10, sobriety = $11, \
         participation = $12, budget_euros = $13, funding = $14, partners = $15, project_state = $16, \
         start_date = $17, video_url = $18, contact_name = $19, contact_email = $20, contact_phone = $21, \
         updated_by = $22, updated_at = $23 WHERE id = $1",
    )
    .bind(id)
    .bind(category_id)
    .bind(&content.title)
    .bind(&content.summary)
    .bind(context)
    .bind(objectives)
    .bind(realisation)
    .bind(results)
    .bind(innovation)
    .bind(reproducibility)
    .bind(sobriety)
    .bind(participation)
    .bind(content.budget_euros)
    .bind(&content.funding)
    .bind(&content.partners)
    .bind(&content.project_state)
    .bind(&content.start_date)
    .bind(&content.video_url)
    .bind(&content.contact_name)
    .bind(&content.contact_email)
    .bind(&content.contact_phone)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn next_number(conn: &mut Conn, edition_id: i64) -> sqlx::Result<i64> {
    // Two deposits at the same moment must not take the same number.
    crate::editions::repo::lock(conn, edition_id).await?;
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM dossiers WHERE edition_id = $1",
    )
    .bind(edition_id)
    .fetch_one(conn)
    .await
}

pub struct Submission<'a> {
    pub number: i64,
    pub reference: &'a str,
    pub fingerprint: &'a str,
}

pub async fn submit(
    conn: &mut Conn,
    id: i64,
    s: &Submission<'_>,
    user_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE dossiers SET state = 'submitted', number = $2, reference = $3, fingerprint = $4, \
         submitted_at = $5, reopened = 0, updated_by = $6, updated_at = $5 WHERE id = $1 AND state = 'draft'",
    )
    .bind(id)
    .bind(s.number)
    .bind(s.reference)
    .bind(s.fingerprint)
    .bind(now)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a dossier from one of `from` to `to`; `false` when it was in none of them.
pub async fn change_state(
    conn: &mut Conn,
    id: i64,
    from: &[DossierState],
    to: DossierState,
    user_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let done = sqlx::query(
        "UPDATE dossiers SET state = $2, updated_by = $3, updated_at = $4 \
         WHERE id = $1 AND state IN ($5, $6, $7)",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(user_id)
    .bind(now)
    .bind(from.first().copied().unwrap_or(""))
    .bind(from.get(1).copied().unwrap_or(""))
    .bind(from.get(2).copied().unwrap_or(""))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn decide(
    conn: &mut Conn,
    id: i64,
    eligible: bool,
    reason: &str,
    organiser_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let state = if eligible { DossierState::Eligible } else { DossierState::Ineligible };
    let done = sqlx::query(
        "UPDATE dossiers SET state = $2, decision_reason = $3, decided_by = $4, decided_at = $5 \
         WHERE id = $1 AND state IN ('submitted', 'eligible', 'ineligible')",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(reason)
    .bind(organiser_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn reopen(conn: &mut Conn, id: i64, organiser_id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE dossiers SET state = 'draft', reopened = 1, decision_reason = '', decided_by = NULL, \
         decided_at = NULL, updated_by = $2, updated_at = $3 \
         WHERE id = $1 AND state IN ('submitted', 'eligible', 'ineligible')",
    )
    .bind(id)
    .bind(organiser_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Withdraws a draft or submitted dossier, remembering the state it leaves so that an organiser
/// can restore it; `false` when it was in neither.
pub async fn withdraw(conn: &mut Conn, id: i64, user_id: i64, now: i64) -> sqlx::Result<bool> {
    // On both engines the right-hand side of SET reads the row as it was before the UPDATE.
    let done = sqlx::query(
        "UPDATE dossiers SET withdrawn_from = state, state = 'withdrawn', updated_by = $2, updated_at = $3 \
         WHERE id = $1 AND state IN ('draft', 'submitted')",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The state a withdrawn dossier was withdrawn from, when it was recorded.
pub async fn withdrawn_from(conn: &mut Conn, id: i64) -> sqlx::Result<Option<DossierState>> {
    let from: Option<Option<String>> =
        sqlx::query_scalar("SELECT withdrawn_from FROM dossiers WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    // An unknown state recorded there is bad data: an error, like a row's unknown state.
    from.flatten()
        .map(|s| DossierState::try_from(s).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()
}

/// Puts a withdrawn dossier back in state `to`; `false` when it was not withdrawn.
pub async fn restore(
    conn: &mut Conn,
    id: i64,
    to: DossierState,
    organiser_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE dossiers SET state = $2, withdrawn_from = NULL, updated_by = $3, updated_at = $4 \
         WHERE id = $1 AND state = 'withdrawn'",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(organiser_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct DossierSummary {
    pub id: i64,
    pub reference: Option<String>,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub state: DossierState,
    pub category_name: String,
    pub edition_year: i64,
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
}

pub async fn for_organisation(conn: &mut Conn, organisation_id: i64) -> sqlx::Result<Vec<DossierSummary>> {
    sqlx::query_as(
        "SELECT d.id, d.reference, d.title, d.state, c.name AS category_name, e.year AS edition_year, \
         d.submitted_at, d.updated_at FROM dossiers d JOIN categories c ON c.id = d.category_id \
         JOIN editions e ON e.id = d.edition_id WHERE d.organisation_id = $1 \
         ORDER BY e.year DESC, c.position, d.id",
    )
    .bind(organisation_id)
    .fetch_all(conn)
    .await
}
