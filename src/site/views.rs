//! The views of the public pages and of the organiser's dashboard.

use askama::Template;

use super::CategoryFixture;
use crate::accounts::model::Role;
use crate::editions::model::Edition;
use crate::web::filters;
use crate::web::page::Page;

#[derive(Template)]
#[template(path = "site/home.html")]
pub struct Home<'a> {
    pub page: &'a Page,
    pub categories: Vec<CategoryFixture>,
}

#[derive(Template)]
#[template(path = "site/organiser_home.html")]
pub struct OrganiserHome<'a> {
    pub page: &'a Page,
    /// Active accounts per role.
    pub counts: Vec<(Role, i64)>,
    pub current: Option<Edition>,
    /// The years of the other editions, most recent first.
    pub others: Vec<i64>,
}

impl<'a> OrganiserHome<'a> {
    pub fn new(page: &'a Page, counts: Vec<(Role, i64)>, editions: Vec<Edition>) -> Self {
        let (current, others): (Vec<Edition>, Vec<Edition>) =
            editions.into_iter().partition(Edition::current);
        OrganiserHome {
            page,
            counts,
            current: current.into_iter().next(),
            others: others.into_iter().map(|e| e.year).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::view::View;

    fn page() -> Page {
        Page { user: None, csrf_token: "jeton".into(), flash: None, path: "/admin".into() }
    }

    #[test]
    fn dashboard_counts_in_french_and_links_to_the_current_edition() {
        let page = page();
        let edition = |year: i64, current: bool| Edition {
            year,
            title: format!("Label {year}"),
            is_current: i64::from(current),
            ..Edition::example()
        };
        let view = OrganiserHome::new(
            &page,
            vec![(Role::Applicant, 1234), (Role::Juror, 12)],
            vec![edition(2026, true), edition(2025, false), edition(2024, false)],
        );
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains("<dt>Collectivité candidate</dt><dd>1\u{202f}234</dd>"), "{html}");
        assert!(html.contains("L’édition en cours : Label 2026"));
        assert!(html.contains(r#"href="/admin/editions/2026/jury/affectation""#));
        assert!(html.contains(r#"<a href="/admin/editions/2025/candidatures">2025</a>, <a href="/admin/editions/2024/candidatures">2024</a>."#));
    }

    #[test]
    fn dashboard_without_editions() {
        let page = page();
        let html = OrganiserHome::new(&page, vec![], vec![]).html();
        let html = html.text().unwrap();
        assert!(html.contains("Aucune édition en cours"));
        assert!(!html.contains("Autres éditions"));
    }
}
