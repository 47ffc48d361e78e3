//! The attachments of a dossier: adding one (its content sniffed), removing one after a
//! confirmation, and downloading one.

use rocket::form::{Errors, FromForm};
use rocket::fs::TempFile;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use super::{visible_dossier, ConfirmForm};
use crate::accounts::session::CurrentUser;
use crate::accounts::Applicant;
use crate::applications::model::{self, FileKind};
use crate::applications::service::{self, AttachRefusal};
use crate::applications::views::AttachmentConfirmPage;
use crate::applications::{repo, storage};
use crate::config::AppConfig;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::web::csrf::CsrfForm;
use crate::web::page::Page;
use crate::web::view::View;
use crate::web::{Download, Reply};

const NOT_A_DRAFT: &str = "Ce dossier est déposé : ses pièces jointes ne peuvent plus changer.";
const FULL: &str = "Un dossier compte 5 pièces jointes au plus : supprimez-en une d’abord.";

pub fn routes() -> Vec<Route> {
    routes![upload, delete_attachment_page, delete_attachment, download_attachment]
}

#[derive(FromForm)]
struct UploadForm<'r> {
    fichier: Result<TempFile<'r>, Errors<'r>>,
}

#[post("/candidatures/<id>/pieces", data = "<form>")]
async fn upload(
    applicant: Applicant,
    db: &State<Db>,
    config: &State<AppConfig>,
    id: i64,
    form: CsrfForm<UploadForm<'_>>,
) -> AppResult<Reply> {
    let user = applicant.0;
    let back = format!("/candidatures/{id}#pieces");
    let mut conn = db.pool().acquire().await?;
    let dossier = visible_dossier(&mut conn, &user, id).await?;
    if !dossier.state.editable_by_applicant() {
        return Ok(Reply::error(back, NOT_A_DRAFT));
    }
    if repo::attachments(&mut conn, id).await?.len() >= model::MAX_ATTACHMENTS {
        return Ok(Reply::error(back, FULL));
    }
    let mut file = match form.into_inner().fichier {
        Ok(file) if file.len() > 0 => file,
        Ok(_) => return Ok(Reply::error(back, "Le fichier choisi est vide.")),
        Err(errors) => {
            let too_big =
                errors.iter().any(|e| matches!(e.kind, rocket::form::error::ErrorKind::InvalidLength { .. }));
            let message = if too_big {
                "Le fichier dépasse 10 Mo : réduisez sa taille (par exemple en compressant le PDF) et réessayez."
            } else {
                "Choisissez un fichier à joindre."
            };
            return Ok(Reply::error(back, message));
        }
    };
    if file.len() > model::MAX_ATTACHMENT_BYTES {
        return Ok(Reply::error(back, "Le fichier dépasse 10 Mo : réduisez sa taille et réessayez."));
    }
    let raw_name = file
        .raw_name()
        .map(|n| n.dangerous_unsafe_unsanitized_raw().as_str().to_string())
        .unwrap_or_default();
    let bytes = read_temp_file(&mut file).await.map_err(AppError::internal)?;
    let Some(kind) = FileKind::sniff(&bytes) else {
        return Ok(Reply::error(
            back,
            "Ce fichier n’est ni un PDF, ni une image PNG ou JPEG (son contenu a été vérifié, pas seulement son nom). \
             Enregistrez-le dans l’un de ces formats.",
        ));
    };
    let name = model::clean_file_name(&raw_name, kind);
    let stored = storage::store(config, &bytes).await.map_err(AppError::internal)?;
    let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    let now = db::now();
    let new = repo::NewAttachment {
        original_name: &name,
        stored_name: &stored,
        content_type: kind.mime(),
        size_bytes: bytes.len() as i64,
        sha256: &sha256,
    };
    let mut tx = db.begin_write_on(&mut conn).await?;
    let refused = service::add_attachment(&mut tx, id, &new, user.id, now).await?.err();
    match refused {
        None => tx.commit().await?,
        Some(_) => {
            drop(tx);
            storage::remove(config, &stored).await;
        }
    }
    Ok(match refused {
        None => Reply::success(back, format!("« {name} » est joint au dossier.")),
        Some(AttachRefusal::NotDraft) => Reply::error(back, NOT_A_DRAFT),
        Some(AttachRefusal::Full) => Reply::error(back, FULL),
    })
}

async fn read_temp_file(file: &mut TempFile<'_>) -> std::io::Result<Vec<u8>> {
    use rocket::tokio::io::AsyncReadExt;
    let mut bytes = Vec::with_capacity(file.len() as usize);
    file.open().await?.read_to_end(&mut bytes).await?;
    Ok(bytes)
}

/// What removing an attachment means, before it is done.
#[get("/candidatures/<id>/pieces/<attachment>/suppression")]
async fn delete_attachment_page(
    applicant: Applicant,
    page: Page,
    mut conn: Connection<Db>,
    id: i64,
    attachment: i64,
) -> AppResult<Reply> {
    let dossier = visible_dossier(&mut conn, &applicant.0, id).await?;
    if !dossier.state.editable_by_applicant() {
        return Ok(Reply::error(format!("/candidatures/{id}#pieces"), NOT_A_DRAFT));
    }
    let found = repo::attachment(&mut conn, id, attachment).await?.ok_or(AppError::NotFound)?;
    Ok(Reply::page(AttachmentConfirmPage { page: &page, dossier_id: dossier.id, attachment: found }.html()))
}

#[post("/candidatures/<id>/pieces/<attachment>/suppression", data = "<form>")]
async fn delete_attachment(
    applicant: Applicant,
    db: &State<Db>,
    config: &State<AppConfig>,
    id: i64,
    attachment: i64,
    form: CsrfForm<ConfirmForm>,
) -> AppResult<Reply> {
    let user = applicant.0;
    visible_dossier(&mut *db.pool().acquire().await?, &user, id).await?;
    if !form.into_inner().confirmed() {
        return Ok(Reply::redirect(format!("/candidatures/{id}/pieces/{attachment}/suppression")));
    }
    let back = format!("/candidatures/{id}#pieces");
    let mut tx = db.begin_write().await?;
    let dossier = visible_dossier(&mut tx, &user, id).await?;
    if !dossier.state.editable_by_applicant() {
        return Ok(Reply::error(back, NOT_A_DRAFT));
    }
    let found = service::remove_attachment(&mut tx, id, attachment, user.id, db::now())
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    storage::remove(config, &found.stored_name).await;
    Ok(Reply::success(back, format!("« {} » est retiré du dossier.", found.original_name)))
}

#[get("/candidatures/<id>/pieces/<attachment>")]
async fn download_attachment(
    user: CurrentUser,
    mut conn: Connection<Db>,
    config: &State<AppConfig>,
    id: i64,
    attachment: i64,
) -> AppResult<Download> {
    visible_dossier(&mut conn, &user, id).await?;
    storage::download(&mut conn, config, id, attachment).await
}
