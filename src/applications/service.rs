//! The workflows of a dossier, one function per act: each takes the connection of an open
//! write transaction (the caller commits) and records the act in the dossier's history.
//! Handlers, the demo and tests call these; none repeats their steps.

use super::model::{self, DossierContent, DossierState, FingerprintInput};
use super::repo::{self, NewAttachment};
use crate::db::Conn;
use crate::editions::repo as editions;

/// Creates a draft and records it; `None` when the collectivité already has a dossier in
/// that category.
pub async fn create_dossier(
    conn: &mut Conn,
    edition_id: i64,
    organisation_id: i64,
    category_id: i64,
    content: &DossierContent,
    user_id: i64,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let Some(id) =
        repo::create_draft(conn, edition_id, organisation_id, category_id, content, user_id, now).await?
    else {
        return Ok(None);
    };
    repo::record(conn, id, user_id, now, "created", "Brouillon créé").await?;
    Ok(Some(id))
}

/// Deposits the draft `id` as stored: numbers it within its edition (a reopened dossier
/// keeps its number), fingerprints its content and attachments, and records the deposit.
/// Returns the reference, or `None` when the dossier is not (or no longer) a draft.
pub async fn deposit(conn: &mut Conn, id: i64, user_id: i64, now: i64) -> sqlx::Result<Option<String>> {
    let Some(dossier) = repo::dossier(conn, id).await? else {
        return Ok(None);
    };
    if dossier.state != DossierState::Draft {
        return Ok(None);
    }
    let Some(year) = editions::by_id(conn, dossier.edition_id).await?.map(|e| e.year) else {
        return Ok(None);
    };
    let Some(organisation) = repo::organisation(conn, dossier.organisation_id).await? else {
        return Ok(None);
    };
    let attachments = repo::attachments(conn, id).await?;
    let number = match dossier.number {
        Some(n) => n,
        None => repo::next_number(conn, dossier.edition_id).await?,
    };
    let reference = model::reference(year, number);
    let fingerprint = model::fingerprint(&FingerprintInput {
        reference: &reference,
        edition_year: year,
        organisation: &organisation.name,
        organisation_siren: organisation.siren.as_deref(),
        category: &dossier.category_slug,
        fields: dossier.fields().pairs().into_iter().map(|(k, v)| (k, v.to_string())).collect(),
        attachments: attachments.iter().map(|a| (a.original_name.clone(), a.sha256.clone())).collect(),
    });
    let submission = repo::Submission { number, reference: &reference, fingerprint: &fingerprint };
    if !repo::submit(conn, id, &submission, user_id, now).await? {
        return Ok(None);
    }
    let detail = format!("Dossier déposé sous la référence {reference}");
    repo::record(conn, id, user_id, now, "submitted", &detail).await?;
    Ok(Some(reference))
}

/// The collectivité withdraws its dossier; `false` when it can no longer be withdrawn.
pub async fn withdraw(conn: &mut Conn, id: i64, user_id: i64, now: i64) -> sqlx::Result<bool> {
    if !repo::withdraw(conn, id, user_id, now).await? {
        return Ok(false);
    }
    repo::record(conn, id, user_id, now, "withdrawn", "Dossier retiré par la collectivité").await?;
    Ok(true)
}

/// An organiser rules on eligibility (the reason is checked by the caller); `false` when
/// the dossier is not deposited.
pub async fn decide_eligibility(
    conn: &mut Conn,
    id: i64,
    eligible: bool,
    reason: &str,
    organiser_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    if !repo::decide(conn, id, eligible, reason, organiser_id, now).await? {
        return Ok(false);
    }
    let label = if eligible { "Déclaré recevable" } else { "Déclaré irrecevable" };
    let detail = if reason.is_empty() { label.to_string() } else { format!("{label} : {reason}") };
    let action = if eligible { "eligible" } else { "ineligible" };
    repo::record(conn, id, organiser_id, now, action, &detail).await?;
    Ok(true)
}

/// An organiser reopens a deposited dossier for the collectivité; `false` when it is not
/// deposited.
pub async fn reopen(conn: &mut Conn, id: i64, organiser_id: i64, now: i64) -> sqlx::Result<bool> {
    if !repo::reopen(conn, id, organiser_id, now).await? {
        return Ok(false);
    }
    repo::record(conn, id, organiser_id, now, "reopened", "Dossier rouvert par l’équipe organisatrice")
        .await?;
    Ok(true)
}

/// An organiser restores a withdrawn dossier to the state it was withdrawn from; the state
/// restored, or `None` when the dossier is not withdrawn.
pub async fn restore(
    conn: &mut Conn,
    id: i64,
    organiser_id: i64,
    now: i64,
) -> sqlx::Result<Option<DossierState>> {
    let Some(dossier) = repo::dossier(conn, id).await? else {
        return Ok(None);
    };
    let withdrawn_from = repo::withdrawn_from(conn, id).await?;
    let Some(to) = dossier.state.restored(withdrawn_from, dossier.submitted_at.is_some()) else {
        return Ok(None);
    };
    if !repo::restore(conn, id, to, organiser_id, now).await? {
        return Ok(None);
    }
    let detail = format!("Dossier rétabli par l’équipe organisatrice (état : {})", to.label().to_lowercase());
    repo::record(conn, id, organiser_id, now, "restored", &detail).await?;
    Ok(Some(to))
}

/// Attaches a stored file to a dossier and records it.
pub async fn add_attachment(
    conn: &mut Conn,
    dossier_id: i64,
    file: &NewAttachment<'_>,
    user_id: i64,
    now: i64,
) -> sqlx::Result<i64> {
    let id = repo::add_attachment(conn, dossier_id, file, user_id, now).await?;
    let detail = format!("Pièce jointe ajoutée : {}", file.original_name);
    repo::record(conn, dossier_id, user_id, now, "attachment_added", &detail).await?;
    Ok(id)
}

/// Removes an attachment and records it; the removed attachment (whose stored file the
/// caller deletes after the commit), or `None` when it is not the dossier's.
pub async fn remove_attachment(
    conn: &mut Conn,
    dossier_id: i64,
    attachment_id: i64,
    user_id: i64,
    now: i64,
) -> sqlx::Result<Option<repo::Attachment>> {
    let Some(found) = repo::attachment(conn, dossier_id, attachment_id).await? else {
        return Ok(None);
    };
    repo::delete_attachment(conn, dossier_id, attachment_id).await?;
    let detail = format!("Pièce jointe retirée : {}", found.original_name);
    repo::record(conn, dossier_id, user_id, now, "attachment_removed", &detail).await?;
    Ok(Some(found))
}
