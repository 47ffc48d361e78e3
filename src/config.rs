//! Configuration: Rocket's figment (Rocket.toml, `ROCKET_*` variables) plus our own keys,
//! `DATABASE_URL` as a shortcut for `databases.main.url`, and the persistent secret key.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use rand::RngCore;
use rocket::config::SecretKey;
use rocket::figment::providers::Serialized;
use rocket::figment::Figment;
use serde::{Deserialize, Serialize};

/// The default SQLite database, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/label-territoires.sqlite?mode=rwc";

/// Application settings read from the figment (top-level keys of Rocket.toml).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppConfig {
    /// Folder for the SQLite database, the generated secret key and uploads.
    pub data_dir: PathBuf,
    /// Idle time after which a session ends, in minutes.
    pub session_idle_minutes: i64,
    /// Mark cookies `Secure` even without Rocket's own TLS (behind a TLS proxy).
    pub secure_cookies: bool,
    /// Public address used in links given to people (activation links, QR codes).
    /// When empty, it is derived from the request's Host header.
    pub public_url: String,
    /// Folder served under `/static`.
    pub static_dir: PathBuf,
    /// The organiser's logo on certificates (PNG or JPEG); empty: the neutral logo shipped.
    pub certificate_logo: String,
}

impl AppConfig {
    /// The configured certificate logo, if it can be read.
    pub fn logo(&self) -> Option<Vec<u8>> {
        let path = self.certificate_logo.trim();
        if path.is_empty() {
            return None;
        }
        std::fs::read(path)
            .inspect_err(|e| tracing::warn!("logo des certificats illisible ({path}) : {e}"))
            .ok()
    }
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            data_dir: PathBuf::from("data"),
            session_idle_minutes: 8 * 60,
            secure_cookies: false,
            public_url: String::new(),
            static_dir: PathBuf::from("static"),
            certificate_logo: String::new(),
        }
    }
}

/// Rocket's figment (Rocket.toml, `ROCKET_*`) with our defaults underneath and
/// `DATABASE_URL` on top.
pub fn figment() -> Figment {
    let figment = rocket::Config::figment()
        .join(Serialized::defaults(AppConfig::default()))
        .join(Serialized::default("databases.main.url", DEFAULT_DATABASE_URL))
        .join(Serialized::default("databases.main.max_connections", 8));
    with_database_url(figment, std::env::var("DATABASE_URL").ok().as_deref())
}

/// Overrides the database URL when one is given.
pub fn with_database_url(figment: Figment, url: Option<&str>) -> Figment {
    match url {
        Some(url) if !url.trim().is_empty() => {
            figment.merge(Serialized::global("databases.main.url", url.trim()))
        }
        _ => figment,
    }
}

pub fn database_url(figment: &Figment) -> String {
    figment.extract_inner::<String>("databases.main.url").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_string())
}

pub fn app_config(figment: &Figment) -> AppConfig {
    figment.extract().unwrap_or_else(|e| {
        tracing::warn!("configuration invalide, valeurs par défaut utilisées : {e}");
        AppConfig::default()
    })
}

/// Gives the figment a secret key when none is configured: the one stored in
/// `<data_dir>/secret_key`, created (mode 0600) on first start. A configured key wins.
pub fn ensure_secret_key(figment: Figment) -> std::io::Result<Figment> {
    let configured = figment.extract_inner::<SecretKey>("secret_key").is_ok_and(|key| !key.is_zero());
    if configured {
        return Ok(figment);
    }
    let data_dir = app_config(&figment).data_dir;
    let key = load_or_create_secret_key(&data_dir.join("secret_key"))?;
    Ok(figment.merge(Serialized::global("secret_key", key)))
}

fn load_or_create_secret_key(path: &Path) -> std::io::Result<String> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim();
        if base64::engine::general_purpose::STANDARD.decode(existing).is_ok_and(|bytes| bytes.len() >= 32) {
            return Ok(existing.to_string());
        }
        tracing::warn!("clé secrète illisible dans {}, une nouvelle est créée", path.display());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut bytes = [0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let key = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(key.as_bytes())?;
    file.sync_all()?;
    tracing::info!("clé secrète créée dans {}", path.display());
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_key_is_created_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret_key");
        let first = load_or_create_secret_key(&path).unwrap();
        let second = load_or_create_secret_key(&path).unwrap();
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn configured_secret_key_wins() {
        let dir = tempfile::tempdir().unwrap();
        let key = base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
        let figment = Figment::new()
            .merge(Serialized::defaults(AppConfig {
                data_dir: dir.path().to_path_buf(),
                ..AppConfig::default()
            }))
            .merge(Serialized::global("secret_key", &key));
        let figment = ensure_secret_key(figment).unwrap();
        assert_eq!(figment.extract_inner::<String>("secret_key").unwrap(), key);
        assert!(!dir.path().join("secret_key").exists());
    }

    #[test]
    fn database_url_override() {
        let f = with_database_url(Figment::new(), Some("postgres://x@h/db"));
        assert_eq!(database_url(&f), "postgres://x@h/db");
        assert_eq!(database_url(&Figment::new()), DEFAULT_DATABASE_URL);
    }
}
