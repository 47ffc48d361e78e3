//! Who a person is to the application: an e-mail address and a display name, parsed.

use serde::Serialize;
use validator::ValidateEmail;

/// A syntactically valid e-mail address, trimmed and lower-cased (addresses are unique
/// regardless of case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, &'static str> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("Indiquez une adresse électronique.");
        }
        if email.len() > 254 || !email.validate_email() || !email.contains('.') {
            return Err("Cette adresse électronique n’est pas valide (exemple : prenom.nom@mairie.fr).");
        }
        Ok(Email(email))
    }

    /// Normalises without validating, to look up what someone typed at login.
    pub fn normalise(input: &str) -> String {
        input.trim().to_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A display name: 2 to 120 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(input: &str) -> Result<DisplayName, &'static str> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        let count = name.chars().count();
        if count == 0 {
            return Err("Indiquez un nom.");
        }
        if !(2..=120).contains(&count) {
            return Err("Le nom doit compter de 2 à 120 caractères.");
        }
        if name.chars().any(char::is_control) {
            return Err("Le nom contient des caractères non autorisés.");
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
