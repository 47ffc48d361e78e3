//! Password hashing with argon2id (the crate's default parameters: 19 MiB, t=2, p=1).
//! Hashing is CPU-heavy, so the async helpers run it on the blocking pool.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// A PHC string (`$argon2id$v=19$…`) for `password`.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Whether `password` matches the stored PHC string; a malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

pub async fn hash_async(password: String) -> Result<String, crate::error::AppError> {
    rocket::tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(crate::error::AppError::internal)?
        .map_err(crate::error::AppError::internal)
}

/// Verifies against `phc`, or against a fixed dummy hash when the account has none, so that
/// the response time does not tell whether an e-mail exists.
pub async fn verify_async(password: String, phc: Option<String>) -> bool {
    rocket::tokio::task::spawn_blocking(move || match phc {
        Some(phc) => verify(&password, &phc),
        None => {
            verify(&password, DUMMY_HASH);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// The argon2id hash of a random string nobody knows; used only to spend the same time.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$m9JqkNMmeZbCi8GUn2ILkeFv+yWbMQvCzE2w2xw47Xk";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let h = hash("un mot de passe très long").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("un mot de passe très long", &h));
        assert!(!verify("un autre mot de passe", &h));
        assert!(!verify("x", "pas un hash"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
