//! Account types and rules: roles, e-mail addresses, passwords, names, the login lock-out
//! (`lockout`), one-time links and session cookies. Pure: no database, no request, the time is
//! always passed in.

mod identity;
pub mod lockout;
mod password_policy;
mod role;
mod session;

pub use identity::*;
pub use password_policy::*;
pub use role::*;
pub use session::*;

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
