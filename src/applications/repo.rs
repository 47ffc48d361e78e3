//! All SQL about candidate organisations, dossiers, attachments and their history.
//! Functions take the connection or transaction they are given; callers own commits.

use serde::Serialize;
use sqlx::FromRow;

use super::model::{DossierContent, DossierFields, DossierState, SECTIONS};
use crate::accounts::repo::is_unique_violation;
use crate::db::Conn;

// --- Organisations ---------------------------------------------------------------------

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub collectivite_id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub siren: Option<String>,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub created_at: i64,
}

const ORG_COLUMNS: &str = "id, collectivite_id, name, kind, siren, departement, region, created_at";

pub async fn organisation(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Organisation>> {
    sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn organisation_by_collectivite(
    conn: &mut Conn,
    collectivite_id: i64,
) -> sqlx::Result<Option<Organisation>> {
    sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organisations WHERE collectivite_id = $1"))
        .bind(collectivite_id)
        .fetch_optional(conn)
        .await
}

pub async fn organisation_by_siren(conn: &mut Conn, siren: &str) -> sqlx::Result<Option<Organisation>> {
    sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organisations WHERE siren = $1"))
        .bind(siren)
        .fetch_optional(conn)
        .await
}

pub struct NewOrganisation<'a> {
    pub collectivite_id: Option<i64>,
    pub name: &'a str,
    pub kind: &'a str,
    pub siren: Option<&'a str>,
    pub departement: Option<&'a str>,
    pub region: Option<&'a str>,
}

pub async fn create_organisation(conn: &mut Conn, org: &NewOrganisation<'_>, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO organisations (collectivite_id, name, kind, siren, departement, region, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(org.collectivite_id)
    .bind(org.name)
    .bind(org.kind)
    .bind(org.siren)
    .bind(org.departement)
    .bind(org.region)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// The applicant's organisation and contact details; `pending` when the membership waits
/// for confirmation by a member or an organiser.
pub async fn set_member(
    conn: &mut Conn,
    user_id: i64,
    organisation_id: i64,
    civility: Option<&str>,
    job_title: &str,
    phone: &str,
    pending: bool,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET organisation_id = $2, civility = $3, job_title = $4, phone = $5, \
         membership_pending = $6 WHERE id = $1",
    )
    .bind(user_id)
    .bind(organisation_id)
    .bind(civility)
    .bind(job_title)
    .bind(phone)
    .bind(i64::from(pending))
    .execute(conn)
    .await?;
    Ok(())
}

/// The organisation whose dossiers the user shares: a confirmed membership only.
pub async fn user_organisation(conn: &mut Conn, user_id: i64) -> sqlx::Result<Option<i64>> {
    let org: Option<Option<i64>> =
        sqlx::query_scalar("SELECT organisation_id FROM users WHERE id = $1 AND membership_pending = 0")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(org.flatten())
}

/// The organisation the user asked to join, while the request waits.
pub async fn pending_organisation(conn: &mut Conn, user_id: i64) -> sqlx::Result<Option<i64>> {
    let org: Option<Option<i64>> =
        sqlx::query_scalar("SELECT organisation_id FROM users WHERE id = $1 AND membership_pending = 1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(org.flatten())
}

/// Whether the organisation already has a confirmed, active account.
pub async fn has_confirmed_members(conn: &mut Conn, organisation_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE organisation_id = $1 AND membership_pending = 0 AND is_active = 1",
    )
    .bind(organisation_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// An account attached to an organisation, confirmed or waiting.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Member {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub job_title: Option<String>,
    pub pending: i64,
    pub created_at: i64,
    pub organisation_id: i64,
    pub organisation: String,
}

const MEMBER_COLUMNS: &str = "u.id AS user_id, u.display_name, u.email, u.job_title, \
     u.membership_pending AS pending, u.created_at, o.id AS organisation_id, o.name AS organisation";

/// The active accounts of an organisation, confirmed first, then by name.
pub async fn members(conn: &mut Conn, organisation_id: i64) -> sqlx::Result<Vec<Member>> {
    sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM users u JOIN organisations o ON o.id = u.organisation_id \
         WHERE u.organisation_id = $1 AND u.is_active = 1 ORDER BY u.membership_pending, u.display_name"
    ))
    .bind(organisation_id)
    .fetch_all(conn)
    .await
}

/// Every request to join an organisation still waiting, oldest first.
pub async fn pending_members(conn: &mut Conn) -> sqlx::Result<Vec<Member>> {
    sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM users u JOIN organisations o ON o.id = u.organisation_id \
         WHERE u.membership_pending = 1 AND u.is_active = 1 ORDER BY u.created_at, u.id"
    ))
    .fetch_all(conn)
    .await
}

/// Confirms a waiting membership of `organisation_id`; false when there is none.
pub async fn confirm_member(conn: &mut Conn, user_id: i64, organisation_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET membership_pending = 0 \
         WHERE id = $1 AND organisation_id = $2 AND membership_pending = 1",
    )
    .bind(user_id)
    .bind(organisation_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Refuses a waiting membership: the account stays, attached to no organisation.
pub async fn refuse_member(conn: &mut Conn, user_id: i64, organisation_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET organisation_id = NULL, membership_pending = 0 \
         WHERE id = $1 AND organisation_id = $2 AND membership_pending = 1",
    )
    .bind(user_id)
    .bind(organisation_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// --- Dossiers ---------------------------------------------------------------------------

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Dossier {
    pub id: i64,
    pub edition_id: i64,
    pub organisation_id: i64,
    pub category_id: i64,
    pub category_slug: String,
    pub category_name: String,
    pub state: String,
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
    pub fn state(&self) -> DossierState {
        DossierState::parse(&self.state).unwrap_or(DossierState::Draft)
    }

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

const DOSSIER_COLUMNS: &str =
    "d.id, d.edition_id, d.organisation_id, d.category_id, c.slug AS category_slug, \
    c.name AS category_name, d.state, d.number, d.reference, d.title, d.summary, d.context, d.objectives, \
    d.realisation, d.results, d.innovation, d.reproducibility, d.sobriety, d.participation, d.budget_euros, \
    d.funding, d.partners, d.project_state, d.start_date, d.video_url, d.contact_name, d.contact_email, \
    d.contact_phone, d.submitted_at, d.fingerprint, d.reopened, d.decision_reason, d.decided_at, \
    d.created_at, d.updated_at, d.version";

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
    Ok(from.flatten().as_deref().and_then(DossierState::parse))
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
    pub state: String,
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

// --- History ----------------------------------------------------------------------------

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Event {
    pub at: i64,
    pub action: String,
    pub detail: String,
    pub user_name: Option<String>,
}

pub async fn record(
    conn: &mut Conn,
    dossier_id: i64,
    user_id: i64,
    now: i64,
    action: &str,
    detail: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO dossier_events (dossier_id, user_id, at, action, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(dossier_id)
    .bind(user_id)
    .bind(now)
    .bind(action)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn events(conn: &mut Conn, dossier_id: i64) -> sqlx::Result<Vec<Event>> {
    sqlx::query_as(
        "SELECT ev.at, ev.action, ev.detail, u.display_name AS user_name FROM dossier_events ev \
         LEFT JOIN users u ON u.id = ev.user_id WHERE ev.dossier_id = $1 ORDER BY ev.at DESC, ev.id DESC",
    )
    .bind(dossier_id)
    .fetch_all(conn)
    .await
}

// --- Attachments ------------------------------------------------------------------------

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub dossier_id: i64,
    pub original_name: String,
    #[serde(skip)]
    pub stored_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: i64,
}

const ATTACHMENT_COLUMNS: &str =
    "id, dossier_id, original_name, stored_name, content_type, size_bytes, sha256, uploaded_at";

pub async fn attachments(conn: &mut Conn, dossier_id: i64) -> sqlx::Result<Vec<Attachment>> {
    sqlx::query_as(&format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE dossier_id = $1 ORDER BY id"))
        .bind(dossier_id)
        .fetch_all(conn)
        .await
}

pub async fn attachment(conn: &mut Conn, dossier_id: i64, id: i64) -> sqlx::Result<Option<Attachment>> {
    sqlx::query_as(&format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE dossier_id = $1 AND id = $2"))
        .bind(dossier_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub struct NewAttachment<'a> {
    pub original_name: &'a str,
    pub stored_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
}

pub async fn add_attachment(
    conn: &mut Conn,
    dossier_id: i64,
    a: &NewAttachment<'_>,
    user_id: i64,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO attachments (dossier_id, original_name, stored_name, content_type, size_bytes, sha256, \
         uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(dossier_id)
    .bind(a.original_name)
    .bind(a.stored_name)
    .bind(a.content_type)
    .bind(a.size_bytes)
    .bind(a.sha256)
    .bind(user_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn delete_attachment(conn: &mut Conn, dossier_id: i64, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM attachments WHERE dossier_id = $1 AND id = $2")
        .bind(dossier_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

// --- Organisers' views ------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
pub struct AdminFilter {
    pub category_id: Option<i64>,
    pub state: Option<DossierState>,
    pub region: String,
    pub departement: String,
    /// Matches the title, the reference or the collectivité (accent-insensitive on names).
    pub text: String,
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AdminRow {
    pub id: i64,
    pub reference: Option<String>,
    pub title: String,
    pub state: String,
    pub category_id: i64,
    pub category_name: String,
    pub organisation: String,
    pub organisation_kind: String,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
}

pub async fn admin_list(
    conn: &mut Conn,
    edition_id: i64,
    filter: &AdminFilter,
) -> sqlx::Result<Vec<AdminRow>> {
    let text = format!("%{}%", filter.text.trim().to_lowercase().replace(['%', '_', '\\'], ""));
    sqlx::query_as(
        "SELECT d.id, d.reference, d.title, d.state, d.category_id, c.name AS category_name, \
         o.name AS organisation, o.kind AS organisation_kind, o.departement, o.region, d.submitted_at, d.updated_at \
         FROM dossiers d JOIN categories c ON c.id = d.category_id JOIN organisations o ON o.id = d.organisation_id \
         WHERE d.edition_id = $1 AND ($2 < 0 OR d.category_id = $2) AND ($3 = '' OR d.state = $3) \
         AND ($4 = '' OR o.region = $4) AND ($5 = '' OR o.departement = $5) \
         AND (LOWER(d.title) LIKE $6 OR LOWER(COALESCE(d.reference, '')) LIKE $6 OR LOWER(o.name) LIKE $6) \
         ORDER BY c.position, d.number, d.id",
    )
    .bind(edition_id)
    .bind(filter.category_id.unwrap_or(-1))
    .bind(filter.state.map(DossierState::as_str).unwrap_or(""))
    .bind(&filter.region)
    .bind(&filter.departement)
    .bind(&text)
    .fetch_all(conn)
    .await
}

/// Number of dossiers per (category id, state) in an edition.
pub async fn counts(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<(i64, String, i64)>> {
    sqlx::query_as(
        "SELECT category_id, state, COUNT(*) FROM dossiers WHERE edition_id = $1 GROUP BY category_id, state",
    )
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

/// Every dossier of an edition with its organisation, for the CSV export.
#[derive(Debug, Clone, FromRow)]
pub struct ExportRow {
    #[sqlx(flatten)]
    pub dossier: Dossier,
    pub organisation: String,
    pub organisation_kind: String,
    pub siren: Option<String>,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub attachments: i64,
}

pub async fn export_rows(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<ExportRow>> {
    sqlx::query_as(&format!(
        "SELECT {DOSSIER_COLUMNS}, o.name AS organisation, o.kind AS organisation_kind, o.siren, o.departement, \
         o.region, (SELECT COUNT(*) FROM attachments a WHERE a.dossier_id = d.id) AS attachments \
         FROM dossiers d JOIN categories c ON c.id = d.category_id JOIN organisations o ON o.id = d.organisation_id \
         WHERE d.edition_id = $1 ORDER BY c.position, d.number, d.id"
    ))
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

/// The labels of the text sections, in order (for views and exports).
pub fn section_labels() -> impl Iterator<Item = (&'static str, &'static str)> {
    SECTIONS.iter().map(|s| (s.field, s.label))
}

/// The name of whoever last submitted the dossier.
pub async fn submitter(conn: &mut Conn, dossier_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT u.display_name FROM dossier_events ev JOIN users u ON u.id = ev.user_id \
         WHERE ev.dossier_id = $1 AND ev.action = 'submitted' ORDER BY ev.at DESC, ev.id DESC LIMIT 1",
    )
    .bind(dossier_id)
    .fetch_optional(conn)
    .await
}

/// An eligible dossier as the jury and results pages list it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct EligibleDossier {
    pub id: i64,
    pub reference: Option<String>,
    pub title: String,
    pub summary: String,
    pub organisation: String,
    pub siren: Option<String>,
    pub departement: Option<String>,
    pub category_id: i64,
    pub category_slug: String,
    pub category: String,
    pub category_position: i64,
}

/// The edition's eligible dossiers, by category then number.
pub async fn eligible(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<EligibleDossier>> {
    sqlx::query_as(
        "SELECT d.id, d.reference, d.title, d.summary, o.name AS organisation, o.siren, o.departement, \
         c.id AS category_id, c.slug AS category_slug, c.name AS category, c.position AS category_position \
         FROM dossiers d JOIN organisations o ON o.id = d.organisation_id JOIN categories c ON c.id = d.category_id \
         WHERE d.edition_id = $1 AND d.state = 'eligible' ORDER BY c.position, d.number, d.id",
    )
    .bind(edition_id)
    .fetch_all(conn)
    .await
}
