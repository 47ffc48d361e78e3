//! The applications pages' handlers: parse, authorise, call one workflow of `service`,
//! render a view. One file per page group; each exports only its routes.

use rocket::form::FromForm;

use super::model;
use super::repo::{self, Dossier};
use crate::accounts::session::CurrentUser;
use crate::accounts::Role;
use crate::db::Conn;
use crate::error::{AppError, AppResult};

mod admin;
mod attachments;
mod dossier;
mod export;
mod members;
mod signup;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = dossier::routes();
    all.extend(attachments::routes());
    all.extend(signup::routes());
    all.extend(members::routes());
    all.extend(admin::routes());
    all.extend(export::routes());
    all
}

/// The dossier `id` if `user` may see it; a 404 otherwise, so ids cannot be probed.
async fn visible_dossier(conn: &mut Conn, user: &CurrentUser, id: i64) -> AppResult<Dossier> {
    let dossier = repo::dossier(conn, id).await?.ok_or(AppError::NotFound)?;
    let organisation = match user.role {
        Role::Applicant => repo::user_organisation(conn, user.id).await?,
        _ => None,
    };
    if model::can_view(user.role, organisation, dossier.organisation_id) {
        Ok(dossier)
    } else {
        Err(AppError::NotFound)
    }
}

/// A confirmation step asked before an irreversible act: the submit button of the
/// confirmation page sends `confirmer=oui`; a POST without it goes to that page instead.
#[derive(Debug, FromForm)]
struct ConfirmForm {
    #[field(default = String::new())]
    confirmer: String,
}

impl ConfirmForm {
    fn confirmed(&self) -> bool {
        self.confirmer == "oui"
    }
}
