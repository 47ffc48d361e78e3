//! The organisers' pages of the dossiers: the list of an edition's dossiers with its counts,
//! filters and pages, and the full view of a dossier with the decisions.

use askama::Template;

use super::*;

/// The organiser's page of a dossier: the shared rendering, the eligibility decision, and
/// the jury's reviews and conflicts.
#[derive(Template)]
#[template(path = "applications/admin_view.html")]
pub struct AdminDossierPage<'a> {
    pub page: &'a Page,
    pub d: DossierView,
    pub can_decide: bool,
    pub can_reopen: bool,
    pub can_restore: bool,
    /// `/admin/editions/<year>`.
    pub base: String,
    pub jury: DossierReviews,
}

impl<'a> AdminDossierPage<'a> {
    pub fn new(page: &'a Page, d: DossierView, jury: DossierReviews) -> Self {
        let state = d.state;
        AdminDossierPage {
            page,
            base: admin_base(d.edition.year),
            can_decide: state.can_be_decided(),
            can_reopen: state.can_be_reopened(),
            can_restore: state == DossierState::Withdrawn,
            d,
            jury,
        }
    }

    /// Whether the stored decision is `eligible` (the radio checked).
    pub fn decided(&self, eligible: bool) -> bool {
        self.d.state == if eligible { DossierState::Eligible } else { DossierState::Ineligible }
    }
}

// --- The organiser's list ---------------------------------------------------------------

/// Dossiers per page of the organiser's list.
pub const PER_PAGE: i64 = 50;

/// The filters of the organiser's list, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub categorie: Option<i64>,
    pub etat: String,
    pub region: String,
    pub departement: String,
    pub q: String,
}

impl ListFilter {
    /// The query string of the list with these filters at page `n` (`?…`, or "" for none).
    pub fn query(&self, n: i64) -> String {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            pairs.append_pair("q", &self.q);
        }
        if let Some(c) = self.categorie {
            pairs.append_pair("categorie", &c.to_string());
        }
        for (key, value) in
            [("etat", &self.etat), ("region", &self.region), ("departement", &self.departement)]
        {
            if !value.is_empty() {
                pairs.append_pair(key, value);
            }
        }
        if n > 1 {
            pairs.append_pair("page", &n.to_string());
        }
        let query = pairs.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }
}

/// Which slice of the matching dossiers a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// 1-based, within `1..=pages`.
    pub current: i64,
    pub pages: i64,
    /// Dossiers matching the filters, on every page.
    pub matching: i64,
}

impl Pagination {
    /// Page `asked` (clamped) of `matching` dossiers, `per_page` each.
    pub fn new(asked: Option<i64>, matching: i64, per_page: i64) -> Pagination {
        let pages = ((matching + per_page - 1) / per_page).max(1);
        Pagination { current: asked.unwrap_or(1).clamp(1, pages), pages, matching }
    }

    pub fn offset(&self, per_page: i64) -> i64 {
        (self.current - 1) * per_page
    }

    pub fn previous(&self) -> Option<i64> {
        (self.current > 1).then(|| self.current - 1)
    }

    pub fn next(&self) -> Option<i64> {
        (self.current < self.pages).then(|| self.current + 1)
    }
}

#[derive(Debug, Clone)]
pub struct CountRow {
    pub name: String,
    pub by_state: Vec<i64>,
    pub total: i64,
}

#[derive(Debug, Clone)]
pub struct AdminListRow {
    pub row: AdminRow,
    pub state: DossierState,
    pub departement_name: Option<String>,
}

impl AdminListRow {
    pub fn reference(&self) -> &str {
        match self.row.reference.as_deref() {
            Some(r) => r,
            None => "—",
        }
    }

    pub fn title(&self) -> &str {
        title_or_untitled(&self.row.title)
    }
}

/// A code and its name (regions, départements).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub code: String,
    pub name: String,
}

/// `/admin/editions/<year>/candidatures`: counts, filters and one page of dossiers.
#[derive(Template)]
#[template(path = "applications/admin_list.html")]
pub struct AdminListPage<'a> {
    pub page: &'a Page,
    pub edition: Edition,
    pub base: String,
    pub categories: Vec<Category>,
    pub states: &'static [DossierState],
    pub regions: Vec<Named>,
    pub departements: Vec<Named>,
    pub filter: ListFilter,
    pub q_error: Option<&'static str>,
    pub table: Vec<CountRow>,
    pub totals: Vec<i64>,
    pub total: i64,
    pub dossiers: Vec<AdminListRow>,
    pub pagination: Pagination,
    pub pending_members: usize,
}

/// What the organiser's list shows, read from the database.
pub struct AdminListData {
    pub categories: Vec<Category>,
    /// Dossiers per (category id, state).
    pub counts: Vec<(i64, DossierState, i64)>,
    pub regions: Vec<(String, String)>,
    pub departements: Vec<(String, String)>,
    /// This page's rows.
    pub rows: Vec<AdminRow>,
    pub pagination: Pagination,
    pub pending_members: usize,
}

impl<'a> AdminListPage<'a> {
    pub fn new(
        page: &'a Page,
        edition: Edition,
        filter: ListFilter,
        q_error: Option<&'static str>,
        data: AdminListData,
    ) -> AdminListPage<'a> {
        let AdminListData { categories, counts, regions, departements, rows, pagination, pending_members } =
            data;
        let count = |category: Option<i64>, state: Option<DossierState>| -> i64 {
            counts
                .iter()
                .filter(|(c, s, _)| category.is_none_or(|id| id == *c) && state.is_none_or(|st| st == *s))
                .map(|(_, _, n)| n)
                .sum()
        };
        let table = categories
            .iter()
            .map(|c| CountRow {
                name: c.name.clone(),
                by_state: DossierState::ALL.iter().map(|s| count(Some(c.id), Some(*s))).collect(),
                total: count(Some(c.id), None),
            })
            .collect();
        let totals = DossierState::ALL.iter().map(|s| count(None, Some(*s))).collect();
        let dossiers = rows
            .into_iter()
            .map(|row| {
                let departement_name = row
                    .departement
                    .as_ref()
                    .and_then(|c| departements.iter().find(|(k, _)| k == c))
                    .map(|(_, n)| n.clone());
                let state = row.state;
                AdminListRow { row, state, departement_name }
            })
            .collect();
        let named = |list: Vec<(String, String)>| -> Vec<Named> {
            list.into_iter().map(|(code, name)| Named { code, name }).collect()
        };
        AdminListPage {
            page,
            base: admin_base(edition.year),
            edition,
            categories,
            states: &DossierState::ALL,
            regions: named(regions),
            departements: named(departements),
            filter,
            q_error,
            table,
            totals,
            total: count(None, None),
            dossiers,
            pagination,
            pending_members,
        }
    }

    /// The link to page `n` with the same filters.
    pub fn page_href(&self, n: i64) -> String {
        format!("{}/candidatures{}", self.base, self.filter.query(n))
    }

    /// The previous page's number and link, if any.
    pub fn previous(&self) -> Option<(i64, String)> {
        self.pagination.previous().map(|n| (n, self.page_href(n)))
    }

    /// The next page's number and link, if any.
    pub fn next(&self) -> Option<(i64, String)> {
        self.pagination.next().map(|n| (n, self.page_href(n)))
    }

    /// Whether `category` is the one filtered on.
    pub fn category_selected(&self, category: &i64) -> bool {
        self.filter.categorie == Some(*category)
    }
}

/// The title of a dossier, or what stands for it.
fn title_or_untitled(title: &str) -> &str {
    if title.is_empty() {
        "Dossier sans titre"
    } else {
        title
    }
}
