//! The edition workflows, one per act organisers name: create an edition, change its
//! settings, change a category, make an edition current. Each takes the open write
//! transaction it works in; the caller commits.

use super::core::{locked_out, CategoryText, Edition, NewEdition};
use super::repo;
use crate::db::Conn;
use crate::error::{AppError, AppResult};

/// A created edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Created {
    pub id: i64,
    /// Whether it became the current edition (none was).
    pub becomes_current: bool,
}

/// Creates an edition with the label's categories and the default rubric. The first edition
/// (or any, while none is current) becomes current: the application needs one to take
/// applications. `Ok(None)` when an edition of that year exists (on PostgreSQL the
/// transaction is then spoilt: drop it).
pub async fn create_edition(
    conn: &mut Conn,
    new: &NewEdition,
    by: i64,
    now: i64,
) -> sqlx::Result<Option<Created>> {
    let Some(id) = repo::create(conn, new, &crate::site::default_categories(), now).await? else {
        return Ok(None);
    };
    let becomes_current = repo::current(conn).await?.is_none();
    if becomes_current {
        repo::set_current(conn, id).await?;
    }
    tracing::info!(by, edition = id, year = new.year, becomes_current, "édition créée");
    Ok(Some(Created { id, becomes_current }))
}

/// Replaces the settings of edition `id`; `Ok(false)` when its new year belongs to another
/// edition (on PostgreSQL the transaction is then spoilt).
pub async fn update_edition(
    conn: &mut Conn,
    id: i64,
    new: &NewEdition,
    by: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let updated = repo::update(conn, id, new, now).await?;
    if updated {
        tracing::info!(by, edition = id, year = new.year, "réglages de l’édition modifiés");
    }
    Ok(updated)
}

/// Renames and redescribes category `category_id` of `edition_id`; 404 when it is not one of its.
pub async fn change_category(
    conn: &mut Conn,
    edition_id: i64,
    category_id: i64,
    text: &CategoryText,
    by: i64,
) -> AppResult<()> {
    if !repo::update_category(conn, edition_id, category_id, &text.name, &text.description).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(by, edition = edition_id, category = category_id, "catégorie modifiée");
    Ok(())
}

/// What making an edition current did.
#[derive(Debug)]
pub enum MakeCurrent {
    Done(Edition),
    /// Jurors are at work on the current edition and the organiser has not confirmed yet:
    /// nothing changed.
    NeedsConfirmation(Edition),
}

/// Makes the edition of `year` the current one (the one collectivités apply to and jurors
/// see). `confirmed` says the organiser saw what it does to jurors at work; 404 when no
/// edition has that year.
pub async fn make_current(
    conn: &mut Conn,
    year: i64,
    confirmed: bool,
    by: i64,
    now: i64,
) -> AppResult<MakeCurrent> {
    let edition = repo::by_year(conn, year).await?.ok_or(AppError::NotFound)?;
    if locked_out(repo::current(conn).await?, &edition, now).is_some() && !confirmed {
        return Ok(MakeCurrent::NeedsConfirmation(edition));
    }
    if !repo::set_current(conn, edition.id).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(by, edition = edition.id, "édition en cours choisie");
    Ok(MakeCurrent::Done(edition))
}
