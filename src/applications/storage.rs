//! Where attachments live: `<data_dir>/uploads/<random name>`, outside any served folder.

use std::path::{Path, PathBuf};

use rand::RngCore;

use crate::config::AppConfig;

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
