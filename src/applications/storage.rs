//! Where attachments live: `<data_dir>/uploads/<random name>`, outside any served folder; and
//! how one is sent back, once the caller has checked who may see it.

use std::path::{Path, PathBuf};

use rand::RngCore;

use rocket::http::ContentType;

use crate::config::AppConfig;
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::web::Download;

fn dir(config: &AppConfig) -> PathBuf {
    config.data_dir.join("uploads")
}

/// A path for a stored name; names are ours (hex), never taken from a request.
pub fn path(config: &AppConfig, stored_name: &str) -> Option<PathBuf> {
    stored_name.chars().all(|c| c.is_ascii_hexdigit()).then(|| dir(config).join(stored_name))
}

/// Writes `bytes` under a new random name and returns that name.
pub async fn store(config: &AppConfig, bytes: &[u8]) -> std::io::Result<String> {
    let mut raw = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let name = hex::encode(raw);
    let folder = dir(config);
    rocket::tokio::fs::create_dir_all(&folder).await?;
    rocket::tokio::fs::write(folder.join(&name), bytes).await?;
    Ok(name)
}

pub async fn read(config: &AppConfig, stored_name: &str) -> std::io::Result<Vec<u8>> {
    let path = path(config, stored_name).ok_or_else(|| std::io::Error::other("nom de fichier invalide"))?;
    rocket::tokio::fs::read(path).await
}

pub async fn remove(config: &AppConfig, stored_name: &str) {
    if let Some(path) = path(config, stored_name) {
        if let Err(e) = rocket::tokio::fs::remove_file(&path).await {
            tracing::warn!("suppression de {} : {e}", Path::new(&path).display());
        }
    }
}

/// An attachment of the dossier as a download, once the caller has checked who may see it.
pub async fn download(
    conn: &mut Conn,
    config: &AppConfig,
    dossier_id: i64,
    attachment_id: i64,
) -> AppResult<Download> {
    let found = super::repo::attachment(conn, dossier_id, attachment_id).await?.ok_or(AppError::NotFound)?;
    let bytes = read(config, &found.stored_name).await.map_err(AppError::internal)?;
    let content_type = ContentType::parse_flexible(&found.content_type).unwrap_or(ContentType::Binary);
    Ok(Download { bytes, content_type, file_name: found.original_name })
}
