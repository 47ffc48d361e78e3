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

/// Rows shown per page of the long organiser lists (the score log).
pub const PER_PAGE: usize = 50;

/// Dossiers per page of the assignment: each row carries its pairs and a select of the
/// jurors who may be added, so 20 rows keep the page under 1 500 elements with 20 jurors.
pub const ASSIGNMENT_PER_PAGE: usize = 20;

/// Where a paginated list stands: page `current` (1-based) of `pages`; `href` is the list's
/// address with its filters, to which `page=N` is added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    pub current: usize,
    pub pages: usize,
    pub href: String,
    pub per_page: usize,
}

impl Pager {
    /// `requested` clamped to the pages `total` rows fill (at least one page).
    pub fn new(total: usize, requested: Option<i64>, href: String) -> Pager {
        Pager::sized(total, requested, href, PER_PAGE)
    }

    /// As [`Pager::new`], `per_page` rows a page.
    pub fn sized(total: usize, requested: Option<i64>, href: String, per_page: usize) -> Pager {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let current = requested.and_then(|p| usize::try_from(p).ok()).unwrap_or(1).clamp(1, pages);
        Pager { current, pages, href, per_page }
    }

    /// The range of rows of the current page.
    pub fn range(&self, total: usize) -> std::ops::Range<usize> {
        let start = ((self.current - 1) * self.per_page).min(total);
        start..(start + self.per_page).min(total)
    }

    /// The offset of the current page's first row, for SQL.
    pub fn offset(&self) -> i64 {
        ((self.current - 1) * self.per_page) as i64
    }

    fn link(&self, n: usize) -> String {
        let sep = if self.href.contains('?') { '&' } else { '?' };
        format!("{}{sep}page={n}", self.href)
    }

    pub fn previous(&self) -> Option<String> {
        (self.current > 1).then(|| self.link(self.current - 1))
    }

    pub fn next(&self) -> Option<String> {
        (self.current < self.pages).then(|| self.link(self.current + 1))
    }
}

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

    #[test]
    fn pager_clamps_and_links() {
        let p = Pager::new(120, Some(9), "/x?a=1".into());
        assert_eq!((p.current, p.pages), (3, 3));
        assert_eq!(p.range(120), 100..120);
        assert_eq!(p.previous().as_deref(), Some("/x?a=1&page=2"));
        assert_eq!(p.next(), None);
        let p = Pager::new(0, None, "/x".into());
        assert_eq!((p.current, p.pages, p.range(0)), (1, 1, 0..0));
        assert_eq!(Pager::new(51, Some(-3), "/x".into()).next().as_deref(), Some("/x?page=2"));
    }
}
