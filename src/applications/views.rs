//! The views of the applications pages: one typed struct per page, built by a pure function
//! from domain values.

use askama::Template;

use super::model::{self, DossierState, SECTIONS};
use super::repo::{Attachment, Dossier, Event, Organisation};
use crate::editions::admin_base;
use crate::editions::model::Edition;
use crate::web::filters;
use crate::web::page::Page;

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
}
