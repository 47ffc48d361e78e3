//! One-time links (`/compte/activer/<secret>`): a random secret given to the person, only
//! its SHA-256 kept in the database, valid 72 hours, usable once.

use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::core::LINK_VALIDITY_SECS;
use super::repo::{self, TokenPurpose, User, ValidToken};
use crate::db::Conn;

/// A freshly issued link's secret and expiry.
#[derive(Debug, Clone)]
pub struct IssuedLink {
    pub secret: String,
    pub expires_at: i64,
}

impl IssuedLink {
    pub fn path(&self) -> String {
        format!("/compte/activer/{}", self.secret)
    }
}

pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Issues a new link for `user`, revoking earlier unused ones.
pub async fn issue(
    conn: &mut Conn,
    user: &User,
    created_by: Option<i64>,
    now: i64,
) -> sqlx::Result<IssuedLink> {
    let secret = generate();
    let purpose = if user.activated() { TokenPurpose::Reset } else { TokenPurpose::Activation };
    let expires_at = now + LINK_VALIDITY_SECS;
    repo::create_token(conn, user.id, &hash(&secret), purpose, created_by, now, expires_at).await?;
    Ok(IssuedLink { secret, expires_at })
}

/// The valid link with this secret and its (active) account.
pub async fn lookup(conn: &mut Conn, secret: &str, now: i64) -> sqlx::Result<Option<(ValidToken, User)>> {
    if secret.len() > 128 {
        return Ok(None);
    }
    let Some(token) = repo::find_valid_token(conn, &hash(secret), now).await? else {
        return Ok(None);
    };
    let user = repo::find_by_id(conn, token.user_id).await?;
    Ok(user.filter(User::active).map(|user| (token, user)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_long_random_and_hashed() {
        let a = super::generate();
        let b = super::generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(super::hash(&a).len(), 64);
        assert_ne!(super::hash(&a), a);
    }
}
