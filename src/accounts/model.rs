//! Account types and rules: roles, e-mail addresses, passwords, names, the login lock-out
//! and one-time links. Pure: no database, no request, the time is always passed in.

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

/// Brute-force protection, keyed by who tries from where: `MAX_FAILURES` failed logins for
/// one e-mail *from one client address* within `WINDOW_SECS` lock that pair for `LOCK_SECS`
/// from the last of them; `MAX_ADDRESS_FAILURES` from one address, whatever the e-mails, lock
/// that address. A lock never reaches the same e-mail from another address, so nobody can
/// lock someone else out (the organiser included) from elsewhere.
pub mod lockout {
    pub const MAX_FAILURES: usize = 5;
    pub const MAX_ADDRESS_FAILURES: usize = 20;
    pub const WINDOW_SECS: i64 = 15 * 60;
    pub const LOCK_SECS: i64 = 15 * 60;

    /// How far back the failures that matter go.
    pub fn lookback(now: i64) -> i64 {
        now - WINDOW_SECS - LOCK_SECS
    }

    /// When the lock on an (e-mail, address) pair ends, if it is locked at `now`, given the
    /// times of its recent failures (any order, at least those since `lookback(now)`).
    pub fn locked_until(failures: &[i64], now: i64) -> Option<i64> {
        lock(failures, now, MAX_FAILURES)
    }

    /// When the lock on a client address ends, given the times of every recent failure from it.
    pub fn address_locked_until(failures: &[i64], now: i64) -> Option<i64> {
        lock(failures, now, MAX_ADDRESS_FAILURES)
    }

    fn lock(failures: &[i64], now: i64, max: usize) -> Option<i64> {
        let mut times: Vec<i64> = failures.iter().copied().filter(|t| *t <= now).collect();
        times.sort_unstable();
        times
            .windows(max)
            .filter(|w| w[max - 1] - w[0] <= WINDOW_SECS)
            .map(|w| w[max - 1] + LOCK_SECS)
            .filter(|until| *until > now)
            .max()
    }
}

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
    use super::lockout::*;
    use super::*;
    use proptest::prelude::*;

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
    }

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let t = 1_000_000;
        let four = [t, t + 10, t + 20, t + 30];
        assert_eq!(locked_until(&four, t + 40), None);
        let five = [t, t + 10, t + 20, t + 30, t + 40];
        assert_eq!(locked_until(&five, t + 41), Some(t + 40 + LOCK_SECS));
        assert_eq!(locked_until(&five, t + 40 + LOCK_SECS - 1), Some(t + 40 + LOCK_SECS));
        assert_eq!(locked_until(&five, t + 40 + LOCK_SECS), None);
    }

    #[test]
    fn failures_spread_over_more_than_the_window_do_not_lock() {
        let t = 1_000_000;
        let spread = [t, t + 300, t + 600, t + 900, t + 901];
        assert_eq!(locked_until(&spread, t + 902), None);
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
    fn an_address_is_locked_after_twenty_failures_whatever_the_emails() {
        let t = 1_000_000;
        let nineteen: Vec<i64> = (0..19).map(|i| t + i).collect();
        assert_eq!(address_locked_until(&nineteen, t + 20), None);
        let twenty: Vec<i64> = (0..20).map(|i| t + i).collect();
        assert_eq!(address_locked_until(&twenty, t + 20), Some(t + 19 + LOCK_SECS));
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
        fn lock_never_outlasts_fifteen_minutes_after_last_failure(
            mut times in proptest::collection::vec(0i64..10_000, 0..20),
            now in 0i64..12_000,
        ) {
            times.sort_unstable();
            if let Some(until) = locked_until(&times, now) {
                prop_assert!(until > now);
                let last = times.iter().copied().filter(|t| *t <= now).max().unwrap();
                prop_assert!(until <= last + LOCK_SECS);
            }
            // Fewer than five failures never lock.
            if times.iter().filter(|t| **t <= now).count() < MAX_FAILURES {
                prop_assert_eq!(locked_until(&times, now), None);
            }
        }

        #[test]
        fn a_return_path_is_local_and_can_be_redirected_to(s in "\\PC{0,40}|/[ -~]{0,40}|//.{0,10}") {
            if let Some(path) = safe_return_path(&s) {
                prop_assert!(path.starts_with('/') && !path.starts_with("//"));
                prop_assert!(!path.contains(['\\', ' ']) && !path.chars().any(char::is_control));
                prop_assert!(rocket::http::uri::Reference::parse(path).is_ok());
            }
        }

        #[test]
        fn order_of_failures_does_not_matter(mut times in proptest::collection::vec(0i64..5_000, 0..12), now in 0i64..6_000) {
            let a = locked_until(&times, now);
            times.reverse();
            prop_assert_eq!(a, locked_until(&times, now));
        }
    }
}
