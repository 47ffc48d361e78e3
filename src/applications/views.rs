//! The views of the applications pages: one typed struct per page, built by a pure function
//! from domain values.

use askama::Template;

use super::model::{self, Confirmer, DeadlineError, DossierState, Section, SECTIONS};
use super::repo::{AdminRow, Attachment, Dossier, DossierSummary, Event, Member, Organisation};
use crate::editions::admin_base;
use crate::editions::model::{Category, Edition};
use crate::jury::repo::dossier_reviews::DossierReviews;
use crate::reference::repo::Collectivite;
use crate::results::certificate::Level;
use crate::results::publications::Award;
use crate::web::filters;
use crate::web::forms::FormState;
use crate::web::fr;
use crate::web::page::Page;

/// An option of a `<select>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice { value: value.into(), label: label.into() }
    }

    pub fn of(pairs: &[(&str, &str)]) -> Vec<Choice> {
        pairs.iter().map(|(v, l)| Choice::new(*v, *l)).collect()
    }
}

/// Why a dossier of `edition` cannot be deposited now, in French.
pub fn deadline_message(edition: &Edition, error: DeadlineError) -> String {
    match error {
        DeadlineError::NotYetOpen => format!(
            "Les candidatures de l’édition {} ouvriront le {}.",
            edition.year,
            fr::datetime(edition.opens_at)
        ),
        DeadlineError::Closed => format!(
            "Les candidatures de l’édition {} sont closes depuis le {} : un dossier ne peut plus être déposé.",
            edition.year,
            fr::datetime(edition.closes_at)
        ),
    }
}

/// Who reads a dossier: what the shared rendering shows depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A member of the collectivité that filed it.
    Applicant,
    Organiser,
    /// A juror assigned to it: no submission details, no contact, no history.
    Juror,
}

/// One section of a dossier's text, with its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionText {
    pub label: &'static str,
    pub text: String,
}

/// The read-only rendering of a dossier shared by its three readers (applicant, organiser,
/// juror). A page embeds it as its field `d` and extends `applications/view.html`, which
/// offers the blocks `back`, `badge`, `decision` and `review`.
#[derive(Debug, Clone)]
pub struct DossierView {
    pub dossier: Dossier,
    pub state: DossierState,
    pub state_label: &'static str,
    pub edition: Edition,
    pub organisation: Option<Organisation>,
    pub sections: Vec<SectionText>,
    pub project_state_label: &'static str,
    pub attachments: Vec<Attachment>,
    /// The history, most recent first (empty for who does not see it).
    pub events: Vec<Event>,
    pub can_withdraw: bool,
    pub viewer: Viewer,
    /// The back link goes to `{back_base}/candidatures` (organisers: the edition's admin base).
    pub back_base: String,
    /// Attachments are downloaded from `{attachment_base}/{id}`.
    pub attachment_base: String,
}

impl DossierView {
    pub fn new(
        viewer: Viewer,
        dossier: Dossier,
        edition: Edition,
        organisation: Option<Organisation>,
        attachments: Vec<Attachment>,
        events: Vec<Event>,
    ) -> DossierView {
        let state = dossier.state();
        let sections = SECTIONS
            .iter()
            .map(|s| SectionText { label: s.label, text: dossier.section(s.field).to_string() })
            .collect();
        let project_state_label = model::PROJECT_STATES
            .iter()
            .find(|(v, _)| Some(*v) == dossier.project_state.as_deref())
            .map_or("", |(_, l)| *l);
        let back_base = match viewer {
            Viewer::Organiser => admin_base(edition.year),
            Viewer::Applicant | Viewer::Juror => String::new(),
        };
        let attachment_base = match viewer {
            Viewer::Juror => format!("/jury/dossiers/{}/pieces", dossier.id),
            Viewer::Applicant | Viewer::Organiser => format!("/candidatures/{}/pieces", dossier.id),
        };
        DossierView {
            state,
            state_label: state.label(),
            sections,
            project_state_label,
            can_withdraw: state.can_be_withdrawn(),
            viewer,
            back_base,
            attachment_base,
            dossier,
            edition,
            organisation,
            attachments,
            events,
        }
    }

    pub fn is_juror(&self) -> bool {
        self.viewer == Viewer::Juror
    }

    pub fn is_organiser(&self) -> bool {
        self.viewer == Viewer::Organiser
    }

    /// When it was deposited, for who sees the submission details.
    pub fn submitted_at(&self) -> Option<i64> {
        self.dossier.submitted_at.filter(|_| !self.is_juror())
    }

    /// The eligibility decision's line, for who sees it.
    pub fn shows_decision(&self) -> bool {
        matches!(self.state, DossierState::Eligible | DossierState::Ineligible) && !self.is_juror()
    }

    /// The receipt of a deposited dossier, for who sees it.
    pub fn receipt_href(&self) -> Option<String> {
        let deposited = self.dossier.reference.as_deref().is_some_and(|r| !r.is_empty())
            && self.state != DossierState::Draft
            && self.dossier.submitted_at.is_some();
        (deposited && !self.is_juror()).then(|| format!("/candidatures/{}/recepisse.pdf", self.dossier.id))
    }

    pub fn reference(&self) -> &str {
        self.dossier.reference.as_deref().unwrap_or_default()
    }

    pub fn fingerprint(&self) -> &str {
        self.dossier.fingerprint.as_deref().unwrap_or_default()
    }

    /// The budget, when one was given.
    pub fn budget(&self) -> Option<i64> {
        self.dossier.budget_euros.filter(|b| *b != 0)
    }

    pub fn start_date(&self) -> &str {
        self.dossier.start_date.as_deref().unwrap_or_default()
    }

    pub fn may_withdraw(&self) -> bool {
        self.viewer == Viewer::Applicant && self.can_withdraw
    }
}

/// The applicant's deposited (read-only) dossier.
#[derive(Template)]
#[template(path = "applications/view.html")]
pub struct DossierPage<'a> {
    pub page: &'a Page,
    pub d: DossierView,
}

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

// --- The collectivité's pages -----------------------------------------------------------

/// Whether the current edition takes dossiers, and the sentence that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub open: bool,
    pub message: String,
}

impl Opening {
    pub fn at(edition: &Edition, now: i64) -> Opening {
        match model::may_submit(now, edition.opens_at, edition.closes_at, false) {
            Ok(()) => Opening {
                open: true,
                message: format!(
                    "Les candidatures sont ouvertes jusqu’au {}.",
                    fr::datetime(edition.closes_at)
                ),
            },
            Err(err) => Opening { open: false, message: deadline_message(edition, err) },
        }
    }
}

/// A laureate's badge and certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardBadge {
    pub level: String,
    pub level_label: &'static str,
    pub code: String,
}

#[derive(Debug, Clone)]
pub struct ListRow {
    pub dossier: DossierSummary,
    pub state: DossierState,
    pub award: Option<AwardBadge>,
}

/// `/candidatures`: the collectivité's dossiers, its accounts and the requests to join it.
#[derive(Template)]
#[template(path = "applications/list.html")]
pub struct ListPage<'a> {
    pub page: &'a Page,
    pub organisation: Option<Organisation>,
    /// The collectivité whose confirmation this account waits for (when attached to none).
    pub awaiting: Option<Organisation>,
    pub awaiting_organiser: bool,
    pub edition: Option<Edition>,
    pub opening: Option<Opening>,
    pub rows: Vec<ListRow>,
    pub awarded: bool,
    pub members: Vec<Member>,
    /// The reader's account.
    pub me: i64,
}

/// What `/candidatures` shows, read from the database.
pub struct ListData {
    pub organisation: Option<Organisation>,
    pub awaiting: Option<Organisation>,
    pub confirmer: Option<Confirmer>,
    pub dossiers: Vec<DossierSummary>,
    pub awards: Vec<Award>,
    pub members: Vec<Member>,
    pub edition: Option<Edition>,
}

impl<'a> ListPage<'a> {
    pub fn new(page: &'a Page, data: ListData, me: i64, now: i64) -> ListPage<'a> {
        let ListData { organisation, awaiting, confirmer, dossiers, awards, members, edition } = data;
        let rows = dossiers
            .into_iter()
            .map(|dossier| {
                let state = DossierState::parse(&dossier.state).unwrap_or(DossierState::Draft);
                let award = awards.iter().find(|a| a.dossier_id == dossier.id).map(|a| AwardBadge {
                    level: a.level.clone(),
                    level_label: Level::parse(&a.level).map_or("", Level::label),
                    code: a.code.clone(),
                });
                ListRow { dossier, state, award }
            })
            .collect();
        ListPage {
            page,
            organisation,
            awaiting,
            awaiting_organiser: confirmer == Some(Confirmer::Organiser),
            opening: edition.as_ref().map(|e| Opening::at(e, now)),
            edition,
            rows,
            awarded: !awards.is_empty(),
            members,
            me,
        }
    }

    /// Whether a new dossier may be started.
    pub fn may_start(&self) -> bool {
        self.organisation.is_some() && self.opening.as_ref().is_some_and(|o| o.open)
    }
}

/// The form of a draft (`dossier` set) or of a new dossier.
#[derive(Template)]
#[template(path = "applications/form.html")]
pub struct FormPage<'a> {
    pub page: &'a Page,
    pub edition: Edition,
    pub categories: Vec<Choice>,
    pub sections: &'static [Section],
    pub project_states: Vec<Choice>,
    pub form: FormState,
    pub dossier: Option<Dossier>,
    pub attachments: Vec<Attachment>,
    pub max_attachments: usize,
    /// Why it cannot be deposited now, if it cannot.
    pub submit_block: Option<String>,
}

impl<'a> FormPage<'a> {
    pub fn new(
        page: &'a Page,
        edition: Edition,
        categories: &[Category],
        form: FormState,
        dossier: Option<Dossier>,
        attachments: Vec<Attachment>,
        submit_block: Option<String>,
    ) -> FormPage<'a> {
        let mut choices = vec![Choice::new("", "— Choisir une catégorie —")];
        choices.extend(categories.iter().map(|c| Choice::new(c.slug.clone(), c.name.clone())));
        FormPage {
            page,
            edition,
            categories: choices,
            sections: &SECTIONS,
            project_states: Choice::of(&model::PROJECT_STATES),
            form,
            dossier,
            attachments,
            max_attachments: model::MAX_ATTACHMENTS,
            submit_block,
        }
    }

    /// The page's heading: the draft's title, or what stands for it.
    pub fn heading(&self) -> &str {
        match &self.dossier {
            Some(d) if !d.title.is_empty() => &d.title,
            Some(_) => "Dossier sans titre",
            None => "Nouveau dossier",
        }
    }

    /// The `<title>`.
    pub fn title(&self) -> &str {
        match &self.dossier {
            Some(d) => &d.title,
            None => "Nouveau dossier",
        }
    }

    pub fn action(&self) -> String {
        match &self.dossier {
            Some(d) => format!("/candidatures/{}", d.id),
            None => "/candidatures/nouvelle".into(),
        }
    }

    /// The version the form was opened at: the one typed back, or the stored one.
    pub fn version(&self) -> String {
        match (self.form.value(crate::web::stale::FIELD), &self.dossier) {
            ("", Some(d)) => d.version.to_string(),
            (typed, _) => typed.to_string(),
        }
    }

    pub fn may_attach(&self) -> bool {
        self.attachments.len() < self.max_attachments
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

/// What withdrawing means, before it is done.
#[derive(Template)]
#[template(path = "applications/withdraw_confirm.html")]
pub struct WithdrawPage<'a> {
    pub page: &'a Page,
    pub dossier: Dossier,
    pub year: i64,
    pub submitted: bool,
}

impl<'a> WithdrawPage<'a> {
    pub fn new(page: &'a Page, dossier: Dossier, edition: &Edition) -> WithdrawPage<'a> {
        let submitted = dossier.state() == DossierState::Submitted;
        WithdrawPage { page, dossier, year: edition.year, submitted }
    }
}

/// What removing an attachment means, before it is done.
#[derive(Template)]
#[template(path = "applications/attachment_confirm.html")]
pub struct AttachmentConfirmPage<'a> {
    pub page: &'a Page,
    pub dossier_id: i64,
    pub attachment: Attachment,
}

// --- Sign-up and memberships ------------------------------------------------------------

/// A collectivité of the reference, as the sign-up describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub id: i64,
    pub name: String,
    pub kind_label: String,
    pub siren: String,
    pub departement: String,
    pub population: Option<i64>,
    /// Its first three postcodes, comma-separated.
    pub postcodes: String,
}

impl Described {
    pub fn of(c: &Collectivite) -> Described {
        Described {
            id: c.id,
            name: c.name.clone(),
            kind_label: c.kind_label().to_string(),
            siren: c.siren.clone().unwrap_or_default(),
            departement: c.departement.clone().unwrap_or_default(),
            population: c.population.filter(|p| *p != 0),
            postcodes: c.postcodes.split(' ').take(3).collect::<Vec<_>>().join(", "),
        }
    }
}

/// Step 1 of the sign-up (search the collectivité) or step 2 (the account's form).
pub enum SignupStep {
    Search { q: String, q_error: Option<&'static str>, searched: bool, results: Vec<Described> },
    Account { form: FormState, chosen: Option<Described>, civilities: Vec<Choice>, other_kinds: Vec<Choice> },
}

#[derive(Template)]
#[template(path = "applications/signup.html")]
pub struct SignupPage<'a> {
    pub page: &'a Page,
    pub step: SignupStep,
}

impl<'a> SignupPage<'a> {
    pub fn search(
        page: &'a Page,
        q: &str,
        q_error: Option<&'static str>,
        searched: bool,
        results: &[Collectivite],
    ) -> SignupPage<'a> {
        let results = results.iter().map(Described::of).collect();
        SignupPage { page, step: SignupStep::Search { q: q.to_string(), q_error, searched, results } }
    }

    pub fn account(
        page: &'a Page,
        form: FormState,
        chosen: Option<&Collectivite>,
        civilities: &[(&str, &str)],
        other_kinds: &[(&str, &str)],
    ) -> SignupPage<'a> {
        SignupPage {
            page,
            step: SignupStep::Account {
                form,
                chosen: chosen.map(Described::of),
                civilities: Choice::of(civilities),
                other_kinds: Choice::of(other_kinds),
            },
        }
    }
}

/// `/admin/rattachements`: the requests to join a collectivité.
#[derive(Template)]
#[template(path = "applications/memberships.html")]
pub struct MembershipsPage<'a> {
    pub page: &'a Page,
    pub pending: Vec<Member>,
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
    pub counts: Vec<(i64, String, i64)>,
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
                .filter(|(c, s, _)| {
                    category.is_none_or(|id| id == *c) && state.is_none_or(|st| st.as_str() == s)
                })
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
                let state = DossierState::parse(&row.state).unwrap_or(DossierState::Draft);
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
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::web::view::View;

    pub fn page() -> Page {
        Page { user: None, csrf_token: "jeton".into(), flash: None, path: "/candidatures/7".into() }
    }

    /// A deposited dossier of the 2026 edition, for tests of views.
    pub fn dossier() -> Dossier {
        Dossier {
            id: 7,
            edition_id: 1,
            organisation_id: 3,
            category_id: 2,
            category_slug: "mobilites".into(),
            category_name: "Mobilités".into(),
            state: "submitted".into(),
            number: Some(12),
            reference: Some("LTI-2026-0012".into()),
            title: "Navette à la demande".into(),
            summary: "Un résumé.".into(),
            context: "Le contexte.".into(),
            objectives: "Les objectifs.".into(),
            realisation: String::new(),
            results: String::new(),
            innovation: String::new(),
            reproducibility: String::new(),
            sobriety: String::new(),
            participation: String::new(),
            budget_euros: Some(125_000),
            funding: "Région".into(),
            partners: String::new(),
            project_state: Some("in_progress".into()),
            start_date: Some("2025-09".into()),
            video_url: String::new(),
            contact_name: "Claire Martin".into(),
            contact_email: "claire@example.fr".into(),
            contact_phone: "01 02 03 04 05".into(),
            submitted_at: Some(1_775_000_000),
            fingerprint: Some("abc123".into()),
            reopened: 0,
            decision_reason: String::new(),
            decided_at: None,
            created_at: 1_774_000_000,
            updated_at: 1_775_000_000,
            version: 3,
        }
    }

    pub fn organisation() -> Organisation {
        Organisation {
            id: 3,
            collectivite_id: None,
            name: "Commune de Brest".into(),
            kind: "commune".into(),
            siren: Some("212900195".into()),
            departement: Some("29".into()),
            region: Some("53".into()),
            created_at: 0,
        }
    }

    pub fn attachment() -> Attachment {
        Attachment {
            id: 5,
            dossier_id: 7,
            original_name: "plan.pdf".into(),
            stored_name: "x".into(),
            content_type: "application/pdf".into(),
            size_bytes: 2048,
            sha256: "00".into(),
            uploaded_at: 0,
        }
    }

    fn view(viewer: Viewer) -> DossierView {
        DossierView::new(
            viewer,
            dossier(),
            Edition::example(),
            Some(organisation()),
            vec![attachment()],
            vec![Event {
                at: 1_775_000_000,
                action: "submitted".into(),
                detail: "Déposé".into(),
                user_name: None,
            }],
        )
    }

    #[test]
    fn the_applicant_sees_the_receipt_the_contact_and_may_withdraw() {
        let page = page();
        let html = DossierPage { page: &page, d: view(Viewer::Applicant) }.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"<a href="/candidatures">← Mes candidatures</a>"#), "{html}");
        assert!(html.contains(
            r#"<span class="badge badge-state-submitted">Déposé</span> <strong>LTI-2026-0012</strong>"#
        ));
        assert!(html.contains("Commune de Brest <span class=\"muted\">(SIREN 212900195)</span>"));
        assert!(html.contains(r#"href="/candidatures/7/recepisse.pdf""#));
        assert!(html.contains(r#"<code class="fingerprint">abc123</code>"#));
        assert!(html.contains("125\u{202f}000 €"), "{html}");
        assert!(html.contains("En cours de réalisation, depuis 2025-09"));
        assert!(html.contains(
            r#"<a href="/candidatures/7/pieces/5">plan.pdf</a> <span class="muted">(2 Ko)</span>"#
        ));
        assert!(html.contains("Claire Martin — claire@example.fr — 01 02 03 04 05"));
        assert!(html.contains(r#"href="/candidatures/7/retrait""#));
        assert!(html.contains("<h2>Contexte et besoins</h2>"));
    }

    #[test]
    fn the_organiser_goes_back_to_the_edition_and_cannot_withdraw() {
        let page = page();
        let d = view(Viewer::Organiser);
        assert_eq!(d.back_base, "/admin/editions/2026");
        let html = DossierPage { page: &page, d }.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"<a href="/admin/editions/2026/candidatures">← Toutes les candidatures</a>"#));
        assert!(!html.contains("/retrait"));
        assert!(html.contains("Historique"));
    }

    #[test]
    fn the_juror_sees_neither_submission_details_nor_contact() {
        let page = page();
        let d = view(Viewer::Juror);
        assert_eq!(d.attachment_base, "/jury/dossiers/7/pieces");
        let html = DossierPage { page: &page, d }.html();
        let html = html.text().unwrap();
        assert!(!html.contains("recepisse.pdf"));
        assert!(!html.contains("Empreinte"));
        assert!(!html.contains("Claire Martin"));
        assert!(html.contains(r#"href="/jury/dossiers/7/pieces/5""#));
    }

    #[test]
    fn a_decision_is_shown_with_its_reason() {
        let page = page();
        let mut dossier = dossier();
        dossier.state = "ineligible".into();
        dossier.decision_reason = "Hors périmètre".into();
        dossier.decided_at = Some(1_776_000_000);
        let d = DossierView::new(Viewer::Applicant, dossier, Edition::example(), None, vec![], vec![]);
        assert!(!d.can_withdraw);
        let html = DossierPage { page: &page, d }.html();
        let html = html.text().unwrap();
        assert!(
            html.contains("<dt>Décision</dt><dd>Irrecevable : Hors périmètre <span class=\"muted\">("),
            "{html}"
        );
        assert!(html.contains("Aucune pièce jointe."));
        assert!(!html.contains("Historique"));
    }

    /// A child page (the organiser's, the juror's) extends the shared rendering.
    #[derive(Template)]
    #[template(
        source = "{% extends \"applications/view.html\" %}{% block back %}<nav>retour {{ extra }}</nav>{% endblock %}{% block review %}<section>avis {{ d.dossier.id }}</section>{% endblock %}",
        ext = "html"
    )]
    struct ChildPage<'a> {
        page: &'a Page,
        d: DossierView,
        extra: &'static str,
    }

    #[test]
    fn a_child_page_overrides_the_blocks() {
        let page = page();
        let html = ChildPage { page: &page, d: view(Viewer::Juror), extra: "x" }.html();
        let html = html.text().unwrap();
        assert!(html.contains("<nav>retour x</nav>"), "{html}");
        assert!(!html.contains("Mes candidatures"));
        assert!(html.contains("<section>avis 7</section>"));
        assert!(html.contains("<h1>Navette à la demande</h1>"));
    }

    fn member(user_id: i64, pending: i64) -> Member {
        Member {
            user_id,
            display_name: format!("Personne {user_id}"),
            email: format!("p{user_id}@example.fr"),
            job_title: Some("DSI".into()),
            pending,
            created_at: 1_775_000_000,
            organisation_id: 3,
            organisation: "Commune de Brest".into(),
        }
    }

    fn summary(id: i64, state: &str, title: &str) -> DossierSummary {
        DossierSummary {
            id,
            reference: Some(format!("LTI-2026-{id:04}")),
            title: title.into(),
            state: state.into(),
            category_name: "Mobilités".into(),
            edition_year: 2026,
            submitted_at: None,
            updated_at: 1_775_000_000,
        }
    }

    fn category(id: i64, name: &str) -> Category {
        Category {
            id,
            edition_id: 1,
            slug: name.to_lowercase(),
            name: name.into(),
            description: String::new(),
            position: id,
        }
    }

    fn render(view: &impl Template) -> String {
        view.html().text().unwrap().to_string()
    }

    #[test]
    fn the_list_shows_dossiers_awards_and_members_waiting() {
        let page = page();
        let edition = Edition::example();
        let data = ListData {
            organisation: Some(organisation()),
            awaiting: None,
            confirmer: None,
            dossiers: vec![summary(7, "submitted", "Navette"), summary(8, "draft", "")],
            awards: vec![Award {
                dossier_id: 7,
                level: "or".into(),
                code: "ABC".into(),
                category_name: "M".into(),
            }],
            members: vec![member(1, 0), member(2, 1)],
            edition: Some(edition.clone()),
        };
        let during = edition.opens_at + 1;
        let view = ListPage::new(&page, data, 1, during);
        assert!(view.may_start());
        let html = render(&view);
        assert!(html.contains(r#"href="/candidatures/nouvelle""#));
        assert!(html.contains("Les candidatures sont ouvertes jusqu’au"));
        assert!(html.contains(r#"<span class="badge badge-state-submitted">Déposé</span>"#));
        assert!(html.contains(r#"<span class="badge badge-or">Lauréat Or</span>"#), "{html}");
        assert!(html.contains(r#"href="/certificats/ABC.pdf""#));
        assert!(html.contains("Dossier sans titre"));
        assert!(html.contains("Félicitations"));
        assert!(html.contains(
            "<strong>Personne 1</strong>, DSI — p1@example.fr <span class=\"muted\">(vous)</span>"
        ));
        assert!(html.contains(r#"action="/candidatures/rattachements/2/confirmer""#));
        assert!(!html.contains(r#"action="/candidatures/rattachements/1/confirmer""#));

        let closed = ListPage::new(
            &page,
            ListData {
                organisation: Some(organisation()),
                awaiting: None,
                confirmer: None,
                dossiers: vec![],
                awards: vec![],
                members: vec![],
                edition: Some(edition.clone()),
            },
            1,
            edition.closes_at + 1,
        );
        assert!(!closed.may_start());
        assert!(render(&closed).contains("sont closes depuis le"));
    }

    #[test]
    fn the_list_of_an_account_waiting_for_its_collectivite() {
        let page = page();
        let data = ListData {
            organisation: None,
            awaiting: Some(organisation()),
            confirmer: Some(Confirmer::Organiser),
            dossiers: vec![],
            awards: vec![],
            members: vec![],
            edition: None,
        };
        let html = render(&ListPage::new(&page, data, 1, 0));
        assert!(html.contains("Votre demande de rattachement à <strong>Commune de Brest</strong>"));
        assert!(html.contains("par l’équipe organisatrice du label"));
        assert!(!html.contains("Nouveau dossier"));
        let none = ListData {
            organisation: None,
            awaiting: None,
            confirmer: None,
            dossiers: vec![],
            awards: vec![],
            members: vec![],
            edition: None,
        };
        assert!(render(&ListPage::new(&page, none, 1, 0)).contains("rattaché à aucune collectivité"));
    }

    #[test]
    fn the_form_of_a_new_dossier_and_of_a_draft() {
        let page = page();
        let categories = [category(1, "Mobilités")];
        let form = FormState::new().keep("category", "mobilités");
        let new = FormPage::new(&page, Edition::example(), &categories, form, None, vec![], None);
        assert_eq!(new.action(), "/candidatures/nouvelle");
        let html = render(&new);
        assert!(html.contains("<h1>Nouveau dossier</h1>"));
        assert!(html.contains(r#"<option value="">— Choisir une catégorie —</option>"#));
        assert!(html.contains(r#"<option value="mobilités" selected>Mobilités</option>"#), "{html}");
        assert!(html.contains(r#"maxlength="200""#));
        assert!(html.contains(r#"maxlength="600""#));
        assert!(!html.contains("Déposer le dossier"));
        assert!(!html.contains(r#"name="version""#));

        let mut draft = dossier();
        draft.state = "draft".into();
        draft.title = String::new();
        let form = FormState::new();
        let view = FormPage::new(
            &page,
            Edition::example(),
            &categories,
            form,
            Some(draft),
            vec![attachment(); 5],
            Some("Les candidatures sont closes.".into()),
        );
        assert_eq!(view.version(), "3");
        assert!(!view.may_attach());
        let html = render(&view);
        assert!(html.contains("<h1>Dossier sans titre</h1>"));
        assert!(html.contains(r#"<input type="hidden" name="version" id="version" value="3">"#));
        assert!(html.contains(r#"value="deposer" disabled>"#));
        assert!(html.contains("Les candidatures sont closes."));
        assert!(html.contains(r#"href="/candidatures/7/pieces/5/suppression""#));
        assert!(!html.contains(r#"name="fichier""#));
        let typed = FormState::new().keep(crate::web::stale::FIELD, "9");
        let view =
            FormPage::new(&page, Edition::example(), &categories, typed, Some(dossier()), vec![], None);
        assert_eq!(view.version(), "9");
        assert!(render(&view).contains(r#"name="fichier""#));
    }

    #[test]
    fn withdrawing_and_removing_an_attachment_are_explained() {
        let page = page();
        let html = render(&WithdrawPage::new(&page, dossier(), &Edition::example()));
        assert!(html.contains("LTI-2026-0012 — Navette à la demande"));
        assert!(html.contains("palmarès de l’édition 2026"));
        assert!(html.contains(r#"action="/candidatures/7/retrait""#));
        let mut draft = dossier();
        draft.state = "draft".into();
        assert!(render(&WithdrawPage::new(&page, draft, &Edition::example()))
            .contains("Le brouillon ne pourra plus"));

        let html = render(&AttachmentConfirmPage { page: &page, dossier_id: 7, attachment: attachment() });
        assert!(html.contains("<h1>Retirer « plan.pdf » ?</h1>"));
        assert!(html.contains("Le fichier (2 Ko)"));
        assert!(html.contains(r#"action="/candidatures/7/pieces/5/suppression""#));
    }

    fn collectivite() -> Collectivite {
        Collectivite {
            id: 4,
            kind: "commune".into(),
            epci_type: None,
            code: "29019".into(),
            siren: Some("212900195".into()),
            name: "Brest".into(),
            population: Some(139_000),
            departement: Some("29".into()),
            region: Some("53".into()),
            epci_siren: None,
            postcodes: "29200 29000 29210 29220".into(),
        }
    }

    #[test]
    fn the_sign_up_searches_then_asks_for_the_account() {
        let page = page();
        let html = render(&SignupPage::search(&page, "brest", None, true, &[collectivite()]));
        assert!(html.contains(r#"<a href="/inscription?collectivite=4"><strong>Brest</strong></a>"#));
        assert!(
            html.contains(
                "— Commune, département 29, 29200, 29000, 29210, SIREN 212900195, 139\u{202f}000 hab."
            ),
            "{html}"
        );
        let html = render(&SignupPage::search(&page, "zz", Some("Trop court"), true, &[]));
        assert!(html.contains("Aucune collectivité ne correspond à « zz »"));
        assert!(html.contains(r#"<p class="field-error" id="q-erreur">Trop court</p>"#));

        let form = FormState::new().keep("org_kind", "petr");
        let html = render(&SignupPage::account(
            &page,
            form.clone(),
            Some(&collectivite()),
            &[("", "—")],
            &[("petr", "PETR")],
        ));
        assert!(html.contains(r#"<input type="hidden" name="collectivite_id" value="4">"#));
        assert!(!html.contains(r#"name="siren""#));
        let html = render(&SignupPage::account(&page, form, None, &[("", "—")], &[("petr", "PETR")]));
        assert!(html.contains(r#"<option value="petr" selected>PETR</option>"#));
        assert!(html.contains(r#"inputmode="numeric""#));
        assert!(html.contains(r#"autocomplete="new-password""#));
    }

    #[test]
    fn the_memberships_waiting_for_an_organiser() {
        let page = page();
        let html = render(&MembershipsPage { page: &page, pending: vec![member(2, 1)] });
        assert!(html.contains("<strong>Personne 2</strong><br>DSI<br>"));
        assert!(html.contains(r#"action="/admin/rattachements/2/confirmer""#));
        assert!(
            render(&MembershipsPage { page: &page, pending: vec![] }).contains("Aucune demande en attente.")
        );
    }

    fn admin_row(id: i64) -> AdminRow {
        AdminRow {
            id,
            reference: Some(format!("LTI-2026-{id:04}")),
            title: format!("Projet numéro {id} de la collectivité"),
            state: "submitted".into(),
            category_id: 1,
            category_name: "Mobilités".into(),
            organisation: format!("Commune {id}"),
            organisation_kind: "commune".into(),
            departement: Some("29".into()),
            region: Some("53".into()),
            submitted_at: Some(1_775_000_000),
            updated_at: 1_775_000_000,
        }
    }

    #[test]
    fn pages_are_clamped() {
        let p = Pagination::new(Some(3), 500, 50);
        assert_eq!(
            (p.current, p.pages, p.offset(50), p.previous(), p.next()),
            (3, 10, 100, Some(2), Some(4))
        );
        assert_eq!(Pagination::new(Some(99), 120, 50).current, 3);
        assert_eq!(Pagination::new(Some(-4), 120, 50).current, 1);
        let empty = Pagination::new(None, 0, 50);
        assert_eq!((empty.current, empty.pages, empty.next()), (1, 1, None));
    }

    #[test]
    fn the_organisers_list_counts_filters_and_pages() {
        let page = page();
        let filter = ListFilter {
            categorie: Some(1),
            etat: "submitted".into(),
            region: String::new(),
            departement: "29".into(),
            q: "vélo à Brest".into(),
        };
        let data = AdminListData {
            categories: vec![category(1, "Mobilités"), category(2, "Santé")],
            counts: vec![(1, "submitted".into(), 480), (1, "draft".into(), 5), (2, "submitted".into(), 20)],
            regions: vec![("53".into(), "Bretagne".into())],
            departements: vec![("29".into(), "Finistère".into())],
            rows: (51..=100).map(admin_row).collect(),
            pagination: Pagination::new(Some(2), 500, PER_PAGE),
            pending_members: 2,
        };
        let html = render(&AdminListPage::new(&page, Edition::example(), filter, None, data));
        assert!(html.contains("<tr><th scope=\"row\">Mobilités</th><td>5</td><td>480</td><td>0</td><td>0</td><td>0</td><td><strong>485</strong></td></tr>"), "{html}");
        assert!(html.contains("<td><strong>505</strong></td></tr>"));
        assert!(html.contains("2 demandes de rattachement"));
        assert!(html.contains(r#"<option value="1" selected>Mobilités</option>"#));
        assert!(html.contains(r#"<option value="submitted" selected>Déposé</option>"#));
        assert!(html.contains(r#"<option value="29" selected>29 — Finistère</option>"#));
        assert!(html.contains("50 dossiers affichés sur 500 — page 2 sur 10"));
        assert!(html.contains(r#"<span class="muted">Finistère</span>"#));
        let query = "q=v%C3%A9lo+%C3%A0+Brest&#38;categorie=1&#38;etat=submitted&#38;departement=29";
        assert!(
            html.contains(&format!(
                r#"<a href="/admin/editions/2026/candidatures?{query}" rel="prev">‹ Page 1 sur 10</a>"#
            )),
            "{html}"
        );
        assert!(html.contains(&format!(
            r#"<a href="/admin/editions/2026/candidatures?{query}&#38;page=3" rel="next">Page 3 sur 10 ›</a>"#
        )));
        assert!(html.contains(r#"<span aria-current="page">Page 2 sur 10</span>"#));
        // A page of 500 dossiers stays light.
        assert!(html.len() < 100_000, "{} octets", html.len());
        let elements = html.matches('<').count() - html.matches("</").count();
        assert!(elements < 1_500, "{elements} éléments");
    }

    #[test]
    fn a_single_page_has_no_page_links() {
        let page = page();
        let data = AdminListData {
            categories: vec![category(1, "Mobilités")],
            counts: vec![],
            regions: vec![],
            departements: vec![],
            rows: vec![],
            pagination: Pagination::new(None, 0, PER_PAGE),
            pending_members: 0,
        };
        let html = render(&AdminListPage::new(&page, Edition::example(), ListFilter::default(), None, data));
        assert!(html.contains("0 dossier affiché</p>"));
        assert!(html.contains("Aucun dossier ne correspond à ces critères."));
        assert!(!html.contains("Page 1 sur"));
        assert!(!html.contains("rattachement"));
    }
}
