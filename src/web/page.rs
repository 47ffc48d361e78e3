//! The context every page shares (who is logged in, the CSRF token, the flash message,
//! the current path for the navigation), which every view carries as its `page` field.

use rocket::request::{self, FlashMessage, FromRequest, Request};
use serde::Serialize;

use super::csrf::CsrfToken;
use crate::accounts::model::Role;
use crate::accounts::session::CurrentUser;

#[derive(Debug, Clone, Serialize)]
pub struct Flash {
    pub kind: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub user: Option<CurrentUser>,
    pub csrf_token: String,
    pub flash: Option<Flash>,
    pub path: String,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Page {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        request::Outcome::Success(Page::of(req).await)
    }
}

impl Page {
    pub async fn of(req: &Request<'_>) -> Page {
        let user = req.guard::<CurrentUser>().await.succeeded();
        let csrf_token = match req.guard::<CsrfToken>().await {
            request::Outcome::Success(token) => token.0,
            _ => String::new(),
        };
        let flash = req
            .guard::<Option<FlashMessage<'_>>>()
            .await
            .succeeded()
            .flatten()
            .map(|f| Flash { kind: f.kind().to_string(), message: f.message().to_string() });
        Page { user, csrf_token, flash, path: req.uri().path().to_string() }
    }

    /// The main navigation's links for who is logged in, the one for the current page
    /// marked. Under `/admin/editions/<year>/…` an organiser's tabs stay on that edition.
    pub fn nav_links(&self) -> Vec<NavLink> {
        nav_links(self.user.as_ref().map(|u| u.role), &self.path)
    }
}

/// A link of the main navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

fn link(href: impl Into<String>, label: &'static str, current: bool) -> NavLink {
    NavLink { href: href.into(), label, current }
}

fn nav_links(role: Option<Role>, path: &str) -> Vec<NavLink> {
    let p = path;
    let Some(role) = role else {
        return vec![
            link("/", "Le label", p == "/"),
            link("/palmares", "Palmarès", p.starts_with("/palmares")),
            link("/connexion", "Se connecter", p == "/connexion"),
        ];
    };
    let mut links = match role {
        Role::Organiser => {
            let parts: Vec<&str> = p.split('/').collect();
            let year = parts.get(3).and_then(|y| y.parse::<i32>().ok()).filter(|y| *y > 0);
            let (edition, section) = match year {
                Some(year) if parts.len() > 4 && parts[2] == "editions" => {
                    (format!("/admin/editions/{year}"), parts[4])
                }
                _ => ("/admin".to_string(), parts.get(2).copied().unwrap_or_default()),
            };
            let in_edition = edition != "/admin";
            vec![
                link("/admin", "Tableau de bord", p == "/admin"),
                link(format!("{edition}/candidatures"), "Candidatures", section.starts_with("candidatures")),
                link(format!("{edition}/jury"), "Jury", section == "jury"),
                link(format!("{edition}/resultats"), "Résultats", section.starts_with("resultats")),
                link("/admin/utilisateurs", "Comptes", p.starts_with("/admin/utilisateurs")),
                link("/admin/editions", "Éditions", p.starts_with("/admin/editions") && !in_edition),
            ]
        }
        Role::Juror => vec![link("/jury", "Espace jury", p.starts_with("/jury"))],
        Role::Applicant => vec![link("/candidatures", "Mes candidatures", p.starts_with("/candidatures"))],
    };
    links.push(link("/compte", "Mon compte", p.starts_with("/compte")));
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current(role: Option<Role>, path: &str) -> Vec<(String, &'static str)> {
        nav_links(role, path).into_iter().filter(|l| l.current).map(|l| (l.href, l.label)).collect()
    }

    #[test]
    fn organiser_tabs_stay_on_the_edition_of_the_address() {
        let links = nav_links(Some(Role::Organiser), "/admin/editions/2025/jury/affectation");
        let hrefs: Vec<&str> = links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "/admin",
                "/admin/editions/2025/candidatures",
                "/admin/editions/2025/jury",
                "/admin/editions/2025/resultats",
                "/admin/utilisateurs",
                "/admin/editions",
                "/compte"
            ]
        );
        assert_eq!(
            current(Some(Role::Organiser), "/admin/editions/2025/jury"),
            [("/admin/editions/2025/jury".into(), "Jury")]
        );
        assert_eq!(
            current(Some(Role::Organiser), "/admin/editions"),
            [("/admin/editions".into(), "Éditions")]
        );
        assert_eq!(
            current(Some(Role::Organiser), "/admin/editions/2026"),
            [("/admin/editions".into(), "Éditions")]
        );
        assert_eq!(current(Some(Role::Organiser), "/admin"), [("/admin".into(), "Tableau de bord")]);
        assert_eq!(
            current(Some(Role::Organiser), "/admin/candidatures/12"),
            [("/admin/candidatures".into(), "Candidatures")]
        );
    }

    #[test]
    fn other_roles_and_visitors() {
        assert_eq!(current(Some(Role::Juror), "/jury/dossiers/3"), [("/jury".into(), "Espace jury")]);
        assert_eq!(current(Some(Role::Applicant), "/compte"), [("/compte".into(), "Mon compte")]);
        assert_eq!(current(None, "/palmares/2026"), [("/palmares".into(), "Palmarès")]);
        assert_eq!(nav_links(None, "/").len(), 3);
        assert!(current(None, "/x").is_empty());
    }
}
