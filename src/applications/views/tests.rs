//! Unit tests of the applications views, and the example values other features' view tests
//! borrow (`dossier()`, `page()`).

use askama::Template;

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
        state: DossierState::Submitted,
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
    assert!(
        html.contains(r#"<a href="/candidatures/7/pieces/5">plan.pdf</a> <span class="muted">(2 Ko)</span>"#)
    );
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
    dossier.state = DossierState::Ineligible;
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
        state: DossierState::parse(state).unwrap(),
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
    assert!(
        html.contains("<strong>Personne 1</strong>, DSI — p1@example.fr <span class=\"muted\">(vous)</span>")
    );
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
    draft.state = DossierState::Draft;
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
    let view = FormPage::new(&page, Edition::example(), &categories, typed, Some(dossier()), vec![], None);
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
    draft.state = DossierState::Draft;
    assert!(
        render(&WithdrawPage::new(&page, draft, &Edition::example())).contains("Le brouillon ne pourra plus")
    );

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
        html.contains("— Commune, département 29, 29200, 29000, 29210, SIREN 212900195, 139\u{202f}000 hab."),
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
    assert!(render(&MembershipsPage { page: &page, pending: vec![] }).contains("Aucune demande en attente."));
}

fn admin_row(id: i64) -> AdminRow {
    AdminRow {
        id,
        reference: Some(format!("LTI-2026-{id:04}")),
        title: format!("Projet numéro {id} de la collectivité"),
        state: DossierState::Submitted,
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
    assert_eq!((p.current, p.pages, p.offset(50), p.previous(), p.next()), (3, 10, 100, Some(2), Some(4)));
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
        counts: vec![
            (1, DossierState::Submitted, 480),
            (1, DossierState::Draft, 5),
            (2, DossierState::Submitted, 20),
        ],
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
