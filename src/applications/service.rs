//! The workflows of the applications feature, one function per act: sign up for a
//! collectivité, confirm or refuse a request to join it, create, save and deposit a dossier,
//! withdraw it, add or remove an attachment, and the organisers' eligibility decision,
//! reopening and restoring. Each takes the connection of an open write transaction (the
//! caller commits) and records the act in the dossier's history. Handlers, the demo and
//! tests call these; none repeats their steps.

use super::model::{self, DossierContent, DossierState, FingerprintInput};
use super::repo::{self, NewAttachment, NewOrganisation};
use crate::accounts::model::{DisplayName, Email, Role};
use crate::accounts::service::{self as accounts, NewAccount};
use crate::db::Conn;
use crate::editions::repo as editions;
use crate::reference::repo::{self as reference, Collectivite};
use crate::reference::siren::Siren;

/// The collectivité a person signs up for: one of the reference, or a public body declared
/// by hand (a declared SIREN that belongs to the reference joins that collectivité).
pub enum Joining<'a> {
    Listed(&'a Collectivite),
    Declared { name: &'a str, kind: &'a str, siren: Option<&'a Siren> },
}

/// A sign-up, once its form is valid (the password hashed before the transaction).
pub struct SignUp<'a> {
    pub joining: Joining<'a>,
    pub email: &'a Email,
    pub name: &'a DisplayName,
    pub password_hash: &'a str,
    pub civility: Option<&'a str>,
    pub job_title: &'a str,
    pub phone: &'a str,
}

/// Opens an applicant account waiting to join its collectivité, creating the collectivité's
/// organisation on its first sign-up. Every membership waits for a confirmation (see
/// `model::confirmed_by`): nobody takes a collectivité over by signing up for it. Returns
/// the account's id and its organisation's, or `None` when the address already has an
/// account: the caller then drops the transaction, so nothing is kept.
pub async fn sign_up(conn: &mut Conn, new: &SignUp<'_>, now: i64) -> sqlx::Result<Option<(i64, i64)>> {
    let listed = match &new.joining {
        Joining::Listed(c) => Some((*c).clone()),
        Joining::Declared { siren: Some(siren), .. } => reference::by_siren(conn, siren.as_str()).await?,
        Joining::Declared { siren: None, .. } => None,
    };
    let existing = match (&listed, &new.joining) {
        (Some(c), _) => repo::organisation_by_collectivite(conn, c.id).await?,
        (None, Joining::Declared { siren: Some(siren), .. }) => {
            repo::organisation_by_siren(conn, siren.as_str()).await?
        }
        (None, _) => None,
    };
    let organisation_id = match existing {
        Some(org) => org.id,
        None => {
            let org = match (listed.as_ref(), &new.joining) {
                (Some(c), _) | (None, &Joining::Listed(c)) => listed_organisation(c),
                (None, Joining::Declared { name, kind, siren }) => NewOrganisation {
                    collectivite_id: None,
                    name,
                    kind,
                    siren: siren.map(|s| s.as_str()),
                    departement: None,
                    region: None,
                },
            };
            repo::create_organisation(conn, &org, now).await?
        }
    };
    let account = NewAccount { email: new.email, name: new.name, role: Role::Applicant };
    let Some(user_id) =
        accounts::create_account_with_password(conn, &account, new.password_hash, now).await?
    else {
        return Ok(None);
    };
    repo::set_member(conn, user_id, organisation_id, new.civility, new.job_title, new.phone, true).await?;
    Ok(Some((user_id, organisation_id)))
}

fn listed_organisation(c: &Collectivite) -> NewOrganisation<'_> {
    NewOrganisation {
        collectivite_id: Some(c.id),
        name: &c.name,
        kind: &c.kind,
        siren: c.siren.as_deref(),
        departement: c.departement.as_deref(),
        region: c.region.as_deref(),
    }
}

/// A member of a collectivité confirms (or refuses) a request to join it. The collectivité,
/// or `None` when the member belongs to none or `user_id` has no pending request to join it
/// (nothing to reveal either way).
pub async fn decide_membership_as_member(
    conn: &mut Conn,
    member_id: i64,
    user_id: i64,
    confirm: bool,
) -> sqlx::Result<Option<i64>> {
    let Some(organisation) = repo::user_organisation(conn, member_id).await? else {
        return Ok(None);
    };
    let done = if confirm {
        repo::confirm_member(conn, user_id, organisation).await?
    } else {
        repo::refuse_member(conn, user_id, organisation).await?
    };
    Ok(done.then_some(organisation))
}

/// An organiser confirms (or refuses) a pending request to join a collectivité. The
/// collectivité and whether the request changed, or `None` when there is no pending request.
pub async fn decide_membership_as_organiser(
    conn: &mut Conn,
    user_id: i64,
    confirm: bool,
) -> sqlx::Result<Option<(i64, bool)>> {
    let Some(organisation) = repo::pending_organisation(conn, user_id).await? else {
        return Ok(None);
    };
    let done = if confirm {
        repo::confirm_member(conn, user_id, organisation).await?
    } else {
        repo::refuse_member(conn, user_id, organisation).await?
    };
    Ok(Some((organisation, done)))
}

/// What saving a draft's content came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Saved as a draft.
    Draft,
    /// Saved and deposited under this reference.
    Deposited(String),
    /// Someone saved the dossier since the form was opened at `expected_version`: nothing
    /// is written (see `web::stale`).
    Stale,
    /// The collectivité already has a dossier in the category chosen: nothing is written.
    CategoryTaken,
}

/// Saves the content typed in a draft's form, opened at `expected_version`, and deposits it
/// when `deposit` is asked (the caller has checked the deadline and that every required field
/// is there). On [`Saved::Stale`] or [`Saved::CategoryTaken`] the caller drops the transaction.
#[expect(clippy::too_many_arguments, reason = "one parameter per part of the act")]
pub async fn save_draft(
    conn: &mut Conn,
    id: i64,
    expected_version: Option<i64>,
    category_id: i64,
    content: &DossierContent,
    deposit_it: bool,
    user_id: i64,
    now: i64,
) -> sqlx::Result<Saved> {
    if !repo::claim_version(conn, id, expected_version).await? {
        return Ok(Saved::Stale);
    }
    if !repo::update_content(conn, id, category_id, content, user_id, now).await? {
        return Ok(Saved::CategoryTaken);
    }
    if !deposit_it {
        repo::record(conn, id, user_id, now, "saved", "Brouillon enregistré").await?;
        return Ok(Saved::Draft);
    }
    match deposit(conn, id, user_id, now).await? {
        Some(reference) => Ok(Saved::Deposited(reference)),
        None => Err(sqlx::Error::Protocol("dépôt concurrent".into())),
    }
}

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

/// Why an attachment was not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachRefusal {
    /// The dossier is deposited (or gone): its attachments no longer change.
    NotDraft,
    /// The dossier already has [`model::MAX_ATTACHMENTS`].
    Full,
}

/// Attaches a stored file to a draft and records it. Checked inside the transaction, so that
/// concurrent uploads cannot pass the limit; on a refusal the caller deletes the stored file.
pub async fn add_attachment(
    conn: &mut Conn,
    dossier_id: i64,
    file: &NewAttachment<'_>,
    user_id: i64,
    now: i64,
) -> sqlx::Result<Result<i64, AttachRefusal>> {
    // The draft's row is locked first, so that two uploads count its attachments one after
    // the other.
    if !repo::lock_draft(conn, dossier_id).await? {
        return Ok(Err(AttachRefusal::NotDraft));
    }
    if repo::attachments(conn, dossier_id).await?.len() >= model::MAX_ATTACHMENTS {
        return Ok(Err(AttachRefusal::Full));
    }
    let id = repo::add_attachment(conn, dossier_id, file, user_id, now).await?;
    let detail = format!("Pièce jointe ajoutée : {}", file.original_name);
    repo::record(conn, dossier_id, user_id, now, "attachment_added", &detail).await?;
    Ok(Ok(id))
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
