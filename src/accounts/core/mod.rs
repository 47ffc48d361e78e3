//! Account types and rules: roles, e-mail addresses, passwords, names, the login lock-out
//! (`lockout`), one-time links and session cookies. Pure: no database, no request, the time is
//! always passed in.

use serde::{Deserialize, Serialize};
use validator::ValidateEmail;

/// What a person may do; one per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Applicant,
    Juror,
    Organiser,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Applicant, Role::Juror, Role::Organiser];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Juror => "juror",
            Role::Organiser => "organiser",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The French name shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Role::Applicant => "Collectivité candidate",
            Role::Juror => "Juré·e",
            Role::Organiser => "Organisateur·rice",
        }
    }

    /// Where a person of this role lands after logging in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Applicant => "/candidatures",
            Role::Juror => "/jury",
            Role::Organiser => "/admin",
        }
    }
}

/// Where an account stands, as organisers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    Disabled,
    /// Created by an organiser, no password chosen yet.
    Pending,
    Active,
}

impl AccountStatus {
    pub fn of(active: bool, activated: bool) -> AccountStatus {
        match (active, activated) {
            (false, _) => AccountStatus::Disabled,
            (true, false) => AccountStatus::Pending,
            (true, true) => AccountStatus::Active,
        }
    }

    /// The class suffix of its badge.
    pub fn badge(self) -> &'static str {
        match self {
            AccountStatus::Disabled => "inactive",
            AccountStatus::Pending => "warning",
            AccountStatus::Active => "ok",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::Disabled => "Désactivé",
            AccountStatus::Pending => "En attente d’activation",
            AccountStatus::Active => "Actif",
        }
    }
}

/// A role read from the database that the application does not know: bad data, an error.
#[derive(Debug, thiserror::Error)]
#[error("rôle inconnu : {0:?}")]
pub struct UnknownRole(pub String);

impl TryFrom<String> for Role {
    type Error = UnknownRole;

    fn try_from(s: String) -> Result<Role, UnknownRole> {
        Role::parse(&s).ok_or(UnknownRole(s))
    }
}

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

pub mod lockout;

/// Lifetime of an activation or reset link.
pub const LINK_VALIDITY_SECS: i64 = 72 * 3600;

/// What the private session cookie carries.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SessionCookie {
    /// User id.
    pub uid: i64,
    /// The user's `session_version` when the session was opened.
    pub ver: i64,
    /// Last activity (unix seconds), for the idle timeout.
    pub seen: i64,
}

impl SessionCookie {
    pub fn is_expired(&self, now: i64, idle_secs: i64) -> bool {
        now - self.seen > idle_secs || self.seen > now + 300
    }

    /// Whether the activity stamp is worth rewriting (avoids a Set-Cookie on every request).
    pub fn needs_refresh(&self, now: i64) -> bool {
        now - self.seen >= 60
    }
}

/// A path we may send someone back to after login, parsed strictly: a relative path of this
/// site (one leading `/`, not `//`), printable ASCII only (no space, control character or
/// backslash: what came through a URL is percent-encoded), that Rocket can redirect to, and
/// not the login or logout page. Anything else is dropped: a crafted link then merely lands
/// on the home page instead of stopping the login.
pub fn safe_return_path(candidate: &str) -> Option<&str> {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && candidate.len() <= 512
        && candidate.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
        && rocket::http::uri::Origin::parse(candidate.split('#').next().unwrap_or_default()).is_ok()
        && rocket::http::uri::Reference::parse(candidate).is_ok()
        && !candidate.starts_with("/connexion")
        && !candidate.starts_with("/deconnexion");
    ok.then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_disabled_account_is_disabled_whether_activated_or_not() {
        assert_eq!(AccountStatus::of(false, true), AccountStatus::Disabled);
        assert_eq!(AccountStatus::of(false, false), AccountStatus::Disabled);
        assert_eq!(AccountStatus::of(true, false), AccountStatus::Pending);
        assert_eq!(AccountStatus::of(true, true).badge(), "ok");
    }

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Jeanne.Martin@Mairie-Lyon.FR ").unwrap().as_str(),
            "jeanne.martin@mairie-lyon.fr"
        );
        assert!(Email::parse("").is_err());
        assert!(Email::parse("pas-une-adresse").is_err());
        assert!(Email::parse("a@b").is_err());
        assert!(Email::parse("prenom.nom+label@saint-etienne.fr").is_ok());
    }

    #[test]
    fn password_policy() {
        assert_eq!(NewPassword::parse("court", "court").unwrap_err().0, "password");
        assert_eq!(
            NewPassword::parse("assez-long-mot-de-passe", "autre-chose-encore").unwrap_err().0,
            "password_confirmation"
        );
        assert!(NewPassword::parse("            ", "            ").is_err());
        let ok = NewPassword::parse("éléphant-rose-2026", "éléphant-rose-2026").unwrap();
        assert_eq!(format!("{ok:?}"), "NewPassword(***)");
    }

    #[test]
    fn display_name_is_tidied() {
        assert_eq!(DisplayName::parse("  Anne   Dupont ").unwrap().as_str(), "Anne Dupont");
        assert!(DisplayName::parse(" ").is_err());
        assert!(DisplayName::parse("A").is_err());
    }

    #[test]
    fn role_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(Role::try_from("admin".to_string()).is_err());
        assert_eq!(Role::try_from("juror".to_string()).unwrap(), Role::Juror);
    }

    #[test]
    fn return_path_must_be_local() {
        assert_eq!(safe_return_path("/admin/utilisateurs?q=a"), Some("/admin/utilisateurs?q=a"));
        assert_eq!(safe_return_path("//evil.example"), None);
        assert_eq!(safe_return_path("https://evil.example"), None);
        assert_eq!(safe_return_path("/\\evil.example"), None);
        assert_eq!(safe_return_path("/connexion"), None);
        for bad in
            ["", "x", "/ /x", "/\t/x", "/ x", "/x y", "/\\evil", "/a\\b", "/\u{0}", "/é", "\\/evil", " /x"]
        {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
        }
        for good in ["/", "/candidatures/12#evaluation", "/admin/utilisateurs?q=saint%20etienne&page=2"] {
            assert_eq!(safe_return_path(good), Some(good));
        }
    }

    #[test]
    fn session_idle_expiry() {
        let s = SessionCookie { uid: 1, ver: 1, seen: 1000 };
        assert!(!s.is_expired(1000 + 3600, 3600));
        assert!(s.is_expired(1000 + 3601, 3600));
        assert!(s.is_expired(0, 3600), "a stamp from the future is refused");
    }

    proptest! {
        #[test]
        fn a_return_path_is_local_and_can_be_redirected_to(s in "\\PC{0,40}|/[ -~]{0,40}|//.{0,10}") {
            if let Some(path) = safe_return_path(&s) {
                prop_assert!(path.starts_with('/') && !path.starts_with("//"));
                prop_assert!(!path.contains(['\\', ' ']) && !path.chars().any(char::is_control));
                prop_assert!(rocket::http::uri::Reference::parse(path).is_ok());
            }
        }
    }
}
