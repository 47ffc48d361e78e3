//! What a new password must be.

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A new password that satisfies the policy. Never printed by `Debug`.
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    /// Checks the policy and that the confirmation matches; errors name the field at fault.
    pub fn parse(password: &str, confirmation: &str) -> Result<NewPassword, (&'static str, &'static str)> {
        let count = password.chars().count();
        if count < MIN_PASSWORD_CHARS {
            return Err(("password", "Le mot de passe doit compter au moins 12 caractères."));
        }
        if count > MAX_PASSWORD_CHARS {
            return Err(("password", "Le mot de passe ne peut dépasser 256 caractères."));
        }
        if password.trim().is_empty() {
            return Err(("password", "Le mot de passe ne peut être fait seulement d’espaces."));
        }
        if password != confirmation {
            return Err(("password_confirmation", "Les deux mots de passe ne sont pas identiques."));
        }
        Ok(NewPassword(password.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}
