//! The typed views of the jury's pages: the organiser's (`admin`, `jurors`, `rubric`) and the
//! juror's workspace (`workspace`). Each page is one askama struct built by a pure function.

pub mod admin;
pub mod jurors;
pub mod rubric;
pub mod workspace;

use super::core::model::JurorKind;
use crate::web::page::Page;

/// A tab of the organiser's jury pages (`templates/jury/admin_tabs.html`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

/// The jury tabs for `year` (or the edition-less `/admin/jury` pages), the one of the
/// current path marked.
pub fn tabs(page: &Page, year: Option<i64>) -> Vec<Tab> {
    let base = year.map_or_else(|| "/admin/jury".to_string(), |y| format!("/admin/editions/{y}/jury"));
    let path = page.path.as_str();
    let at = |suffix: &str| path == format!("{base}{suffix}");
    vec![
        Tab { href: base.clone(), label: "Suivi", current: at("") },
        Tab { href: format!("{base}/grille"), label: "Grille", current: at("/grille") },
        Tab {
            href: "/admin/jury/jures".into(),
            label: "Jurés",
            current: path.starts_with("/admin/jury/jures"),
        },
        Tab { href: format!("{base}/conflits"), label: "Conflits d’intérêts", current: at("/conflits") },
        Tab { href: format!("{base}/affectation"), label: "Affectation", current: at("/affectation") },
        Tab { href: format!("{base}/journal"), label: "Journal des notes", current: at("/journal") },
    ]
}

/// The French label of a juror kind as stored, or "—".
pub fn kind_label(kind: &str) -> &'static str {
    JurorKind::parse(kind).map_or("—", JurorKind::label)
}

/// Dossiers per page of the assignment: each row carries its pairs and a select of the
/// jurors who may be added, so 20 rows keep the page under 1 500 elements with 20 jurors.
pub const ASSIGNMENT_PER_PAGE: usize = 20;

pub use crate::web::pager::{Pager, PER_PAGE};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn page(path: &str) -> Page {
        Page { user: None, csrf_token: "jeton".into(), flash: None, path: path.into() }
    }

    #[test]
    fn tabs_mark_the_current_page() {
        let tabs = tabs(&page("/admin/editions/2026/jury/conflits"), Some(2026));
        let current: Vec<_> = tabs.iter().filter(|t| t.current).map(|t| t.label).collect();
        assert_eq!(current, ["Conflits d’intérêts"]);
        assert_eq!(tabs[0].href, "/admin/editions/2026/jury");
        let tabs = super::tabs(&page("/admin/jury/jures/12"), None);
        assert_eq!(tabs.iter().filter(|t| t.current).count(), 1);
        assert_eq!(tabs[1].href, "/admin/jury/grille");
    }
}
